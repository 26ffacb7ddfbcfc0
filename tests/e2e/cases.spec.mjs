// Every scenario of tests/cases, opened by share link, shows its expected
// verdict (data-decision) and exactly its expected failing checks
// (data-status="fail"). Contract: shared/scenario-format.md, "Page hooks".
//
// Cases run in batches (one browser page each) to keep the suite quick; each
// case is still a real page load, and a mismatch names its file.
import { test, expect } from "./fixtures.mjs";
import { allCases, linkTo, openAt } from "./links.mjs";

const BATCH = 25;
const cases = allCases();

for (let start = 0; start < cases.length; start += BATCH) {
  const batch = cases.slice(start, start + BATCH);
  const title = `cases ${start + 1}-${start + batch.length} of ${cases.length} (${batch[0].file} … ${batch.at(-1).file})`;
  test(title, async ({ page }, testInfo) => {
    // The sweep runs once; the sub-path project covers loading elsewhere.
    test.skip(testInfo.project.name !== "root", "runs in the root project only");
    test.setTimeout(30_000 + batch.length * 5_000);
    for (const { file, scenario } of batch) {
      const expected = scenario.expect ?? {};
      // The query makes every case a real page load, not a same-page hash change.
      await openAt(page, linkTo(scenario, `?case=${encodeURIComponent(file)}`));
      await expect.soft(page.locator("[data-decision]"), `${file}: verdict`).toHaveAttribute("data-decision", expected.decision);
      const failing = await page
        .locator('[data-check-id][data-status="fail"]')
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-check-id")).sort());
      expect.soft(failing, `${file}: failing checks`).toEqual([...(expected.failing ?? [])].sort());
      expect.soft(await page.locator("[data-check-id]").count(), `${file}: every check once`).toBe(18);
      expect.soft(await page.getByRole("alert").count(), `${file}: no error message`).toBe(0);
    }
  });
}
