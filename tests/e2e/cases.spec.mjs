// Every scenario of tests/cases, opened by share link, shows its expected
// verdict (data-decision) and exactly its expected failing checks
// (data-status="fail"). Contract: shared/scenario-format.md, "Page hooks".
import { test, expect } from "./fixtures.mjs";
import { allCases, linkTo, openAt } from "./links.mjs";

for (const { file, scenario } of allCases()) {
  const expected = scenario.expect ?? {};
  test(`${file}: ${expected.decision ?? "?"} with failing [${(expected.failing ?? []).join(", ")}]`, async ({ page }, testInfo) => {
    // The sweep runs once; the sub-path project covers loading elsewhere.
    test.skip(testInfo.project.name !== "root", "runs in the root project only");
    // The query makes every case a real page load, not a same-page hash change.
    await openAt(page, linkTo(scenario, `?case=${encodeURIComponent(file)}`));
    await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", expected.decision);
    const failing = await page
      .locator('[data-check-id][data-status="fail"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-check-id")).sort());
    expect(failing).toEqual([...(expected.failing ?? [])].sort());
    // Every check of the contract appears once.
    await expect(page.locator("[data-check-id]")).toHaveCount(18);
  });
}
