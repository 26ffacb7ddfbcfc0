// The results (issue #11): after Apply the person sees its effect; the
// checklist lists the problems first and says "Does not apply" for what is
// absent; counts and the banner speak plainly (plurals, the warning named,
// cut only at a sentence's end); details come in layers with code as code
// and links as links; the flow of AWS's evaluation marks the step that stops
// the call. Every state added here passes an axe audit, light and dark.
import { createRequire } from "node:module";
import { test, expect } from "./fixtures.mjs";
import { linkTo, openAt, readCase } from "./links.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const verdict = (page) => page.locator("[data-decision]");
const check = (page, id) => page.locator(`[data-check-id="${id}"]`);

/** Whether the element's box lies inside the viewport. */
async function inViewport(locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });
}

test("after Apply on a phone, the new verdict is in view and focused, announced, and the text the fix wrote is marked", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openAt(page, linkTo(readCase("identity.allow/action-assumeroles-typo.json")));
  const apply = check(page, "identity.allow").getByRole("button", { name: "Apply fix" });
  await apply.scrollIntoViewIfNeeded();
  await apply.click();
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect(verdict(page)).toBeFocused();
  await expect.poll(() => inViewport(page.locator("#verdict-heading"))).toBe(true);
  // The summary sits in a live region: a screen reader hears the new verdict.
  await expect(page.locator("#verdict-text")).toHaveAttribute("aria-live", "polite");
  await expect(page.locator("#verdict-text")).toContainText(/every check that applies passes|warning/);
  // The inserted text is marked in the identity policy's editor.
  const changed = page.locator(".editor .backdrop mark.changed");
  await expect(changed).toHaveCount(1);
  await expect(changed).toHaveText("sts:AssumeRole");
});

test("the failing check is listed first, problems before the rest", async ({ page }) => {
  // rcp.allow is fifteenth in the order to fix things in.
  await openAt(page, linkTo(readCase("rcp.allow/deny-source-ip.json")));
  const items = page.locator("[data-check-id]");
  await expect(items.first()).toHaveAttribute("data-check-id", "rcp.allow");
  await expect(items.first()).toHaveAttribute("data-status", "fail");
  const statuses = await items.evaluateAll((all) => all.map((item) => item.dataset.status));
  const problems = statuses.filter((status) => status === "fail" || status === "warn").length;
  expect(statuses.slice(0, problems).every((s) => s === "fail" || s === "warn")).toBe(true);
  expect(statuses.slice(problems).every((s) => s === "pass" || s === "skip")).toBe(true);
});

test("absent conditions do not apply; no boundary or organization policy passes (the contract); counts use plurals", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  for (const id of ["trust.external_id", "trust.mfa"]) {
    await expect(check(page, id)).toHaveAttribute("data-status", "skip");
    await expect(check(page, id).locator(".status-text")).toHaveText("Does not apply");
  }
  // scenario-format.md: `boundary.allow` passes when "there is no
  // permissions boundary"; SCPs and RCPs are judged the same way.
  for (const id of ["boundary.allow", "scp.allow", "rcp.allow"]) {
    await expect(check(page, id)).toHaveAttribute("data-status", "pass");
  }
  await expect(check(page, "trust.principal").locator(".status-text")).toHaveText("Passes");
  await expect(page.locator(".counts")).toContainText("0 warnings");
  await expect(page.locator(".counts")).not.toContainText(/\b1 warnings\b/);
});

test("one warning: counted as one, and the banner names it", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/stringlike-without-wildcard.json")));
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect(page.locator(".counts")).toContainText("1 warning");
  await expect(page.locator(".counts")).not.toContainText("1 warnings");
  const banner = page.locator("#verdict-text");
  await expect(banner).toContainText("with 1 warning:");
  await expect(banner.locator("code").first()).toHaveText("sts:RoleSessionName");
  // The warning is listed first and says the same.
  await expect(page.locator("[data-check-id]").first()).toHaveAttribute("data-status", "warn");
});

test("the banner and a detail are cut only at a sentence's end, with code as code", async ({ page }) => {
  // The detail's first sentence holds "e.g." and code with brackets.
  await openAt(page, linkTo(readCase("trust.syntax/missing-principal.json")));
  const banner = page.locator("#verdict-text");
  await expect(banner).toContainText("e.g.");
  await expect(banner).toContainText("Missing required field Principal");
  expect(await banner.textContent()).not.toContain("`");
  await expect(banner.locator("code")).not.toHaveCount(0);

  // A detail of several sentences: the first, then the rest behind Show all.
  await openAt(page, linkTo(readCase("identity.allow/action-assumeroles-typo.json")));
  const item = check(page, "identity.allow");
  const lead = item.locator(".detail-lead");
  await expect(lead).toHaveText(/^No identity policy of .* allows sts:AssumeRole on .*\.$/);
  await expect(lead.locator("code")).toHaveCount(2);
  await expect(item.locator(".detail-rest")).toHaveCount(0);
  const more = item.getByRole("button", { name: "Show all" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await more.click();
  await expect(item.locator(".detail-rest")).toContainText("Closest:");
  await expect(item.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  // Documents by the page's names, never the contract's paths.
  await expect(item.locator(".detail-rest")).toContainText("Identity policy 1");
  await expect(item).not.toContainText("identity[0]");
});

test("addresses in a detail are links; IAM's error code is a badge, said once", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.syntax/partial-wildcard-principal.json")));
  const item = check(page, "trust.syntax");
  const detail = item.locator(".detail");
  const rest = item.getByRole("button", { name: "Show all" });
  if (await rest.count()) await rest.click();
  const link = detail.locator('a[href^="https://docs.aws.amazon.com/"]');
  await expect(link.first()).toBeVisible();
  await expect(link.first()).toHaveAttribute("target", "_blank");
  expect(await detail.textContent()).not.toContain("https://");

  await openAt(page, linkTo(readCase("trust.syntax/unquoted-keys-js.json")));
  const syntax = check(page, "trust.syntax");
  await expect(syntax.locator(".badge.error-code")).toHaveText(/MalformedPolicyDocument/);
  const text = await syntax.locator(".detail").textContent();
  // The reason IAM refuses it is given once, not after every error.
  expect(text.split("not valid JSON").length - 1).toBeLessThanOrEqual(1);
  expect(text).not.toContain("(MalformedPolicyDocument");
});

test("a missing identity grant points at no request field; no internal name shows", async ({ page }) => {
  await openAt(page, linkTo(readCase("identity.allow/cross-account-user-arn-no-identity.json")));
  const item = check(page, "identity.allow");
  await expect(item).toHaveAttribute("data-status", "fail");
  await expect(item.locator(".where")).toHaveCount(0);
  await expect(page.locator("#field-role_arn")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".results")).not.toContainText("role_arn");
});

test("the flow of AWS's evaluation marks the step that stops the call", async ({ page }) => {
  await openAt(page, linkTo(readCase("identity.allow/cross-account-user-arn-no-identity.json")));
  const steps = page.locator(".flow-step");
  await expect(steps).toHaveCount(7);
  expect(await steps.evaluateAll((all) => all.map((step) => step.dataset.step))).toEqual([
    "request", "trust", "identity", "boundary", "scp", "rcp", "session",
  ]);
  const stopping = page.locator('.flow-step[aria-current="step"]');
  await expect(stopping).toHaveCount(1);
  await expect(stopping).toHaveAttribute("data-step", "identity");
  await expect(stopping).toHaveAttribute("data-status", "fail");
  await expect(stopping).toContainText("stops the call");
  await expect(page.locator('.flow-step[data-step="trust"]')).toHaveAttribute("data-status", "pass");

  // Allowed: no step stops it.
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await expect(page.locator('.flow-step[aria-current="step"]')).toHaveCount(0);
});

test.describe("axe audit of the results' states", () => {
  test.use({ bypassCSP: true });
  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      test(`no violation with "Show all" open and an error badge, ${colorScheme} at ${width}px`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        await openAt(page, linkTo(readCase("identity.allow/action-assumeroles-typo.json")));
        await check(page, "identity.allow").getByRole("button", { name: "Show all" }).click();
        await expect(page.locator(".detail-rest")).toBeVisible();
        await page.addScriptTag({ path: axePath });
        // eslint-disable-next-line no-undef
        let results = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
        expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))).toEqual([]);

        await openAt(page, linkTo(readCase("trust.syntax/unquoted-keys-js.json")));
        await check(page, "trust.syntax").getByRole("button", { name: "Show all" }).click();
        await page.addScriptTag({ path: axePath });
        // eslint-disable-next-line no-undef
        results = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
        expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))).toEqual([]);
      });
    }
  }
});

// Screenshots of the results for a person to look at; only with SHOTS_DIR.
const shots = process.env.SHOTS_DIR;
for (const colorScheme of ["light", "dark"]) {
  for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
    test(`results screenshot ${name} ${colorScheme}`, async ({ page }, testInfo) => {
      test.skip(!shots || testInfo.project.name !== "root", "set SHOTS_DIR to take screenshots");
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await openAt(page, linkTo(readCase("identity.allow/action-assumeroles-typo.json")));
      await check(page, "identity.allow").getByRole("button", { name: "Show all" }).click();
      await page.locator(".results").scrollIntoViewIfNeeded();
      await page.locator(".results").screenshot({ path: `${shots}/results-${name}-${colorScheme}.png` });
      await check(page, "identity.allow").getByRole("button", { name: "Apply fix" }).click();
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `${shots}/results-applied-${name}-${colorScheme}.png` });
    });
  }
}
