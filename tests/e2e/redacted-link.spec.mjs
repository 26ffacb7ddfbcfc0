// Redacted links (issue #11, item 10): a link made with Redact on carries
// the fact inside its scenario (`"redacted": {"kept": [...]}`, an added field
// as the contract allows), and whoever opens it is told at the top of the
// page; an ordinary link says nothing of it. With Redact on, the Share panel
// flags the free text the link carries as written (name, notes, policy
// names). With SHOTS_DIR set, the states are photographed (redacted-*.png).
import { test, expect, axeViolations } from "./fixtures.mjs";
import { decodeScenario, linkTo, openAt, readCase, redactedShareLink } from "./links.mjs";

const shots = process.env.SHOTS_DIR;
const CASE = "trust.external_id/not-passed.json";

/** The link Share gives with Redact on, for the case at `file`. */
async function redactedLink(page, file) {
  await openAt(page, linkTo({ ...readCase(file), identity_names: ["deploy-prod-secret-xyz"] }));
  await page.locator("#redact").check();
  await expect(page.locator("#redact-note")).toBeVisible();
  return redactedShareLink(page);
}

/** A link as a path relative to the base URL (so both serving paths work). */
const relative = (link, query) => `./?${query}#s=${link.split("#s=")[1]}`;

test("a redacted link carries its mark, and opening it says the case was redacted", async ({ page, context }) => {
  const link = await redactedLink(page, CASE);
  const carried = decodeScenario(link.split("#s=")[1]);
  expect(carried.redacted).toBeDefined();
  expect(Array.isArray(carried.redacted.kept)).toBe(true);
  expect(JSON.stringify(carried)).not.toContain("111111111111");

  const other = await context.newPage();
  await openAt(other, relative(link, "opened"));
  const notice = other.locator("#notice");
  await expect(notice).toContainText("This case was redacted before it was shared");
  await expect(notice).toContainText("placeholders");
  await expect(notice).toContainText("the verdict is the same as the original's");
  // The same verdict as the original's.
  await expect(other.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await expect(other.locator('[data-check-id="trust.external_id"]')).toHaveAttribute("data-status", "fail");
  await other.close();
});

test("an ordinary link says nothing of redaction", async ({ page }) => {
  await openAt(page, linkTo(readCase(CASE)));
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await expect(page.locator("body")).not.toContainText("redacted before it was shared");
});

test("what was kept is said when the link says so", async ({ page }) => {
  const scenario = { ...readCase(CASE), redacted: { kept: ["kept role name `ci-*`: a pattern matches part of it"] } };
  await openAt(page, linkTo(scenario));
  await expect(page.locator("#notice")).toContainText("Kept as they were");
  await expect(page.locator("#notice code")).toHaveText("ci-*");
});

test("a redacted link pasted into an open page says so and keeps the earlier work", async ({ page }) => {
  const link = await redactedLink(page, CASE);
  await page.locator("#redact").uncheck();
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#s=${link.split("#s=")[1]}`);
  const notice = page.locator("#notice");
  await expect(notice).toContainText("This case was redacted before it was shared");
  await expect(notice).toContainText("Your earlier work is kept");
  await expect(page.locator("#notice-action")).toHaveText("Restore my earlier work");
});

test("with Redact on, the free text the link carries as written is flagged", async ({ page }) => {
  await redactedLink(page, CASE);
  const flagged = page.locator("#redact-free-text");
  await expect(flagged).toContainText("Read before sharing");
  await expect(flagged.locator("dt")).toHaveText(["Case name", "Notes", "Policy names"]);
  // Shown as the link carries it: ids and names replaced, prose as written.
  await expect(flagged).not.toContainText("deployer");
  await expect(flagged).toContainText("deploy-prod-secret-xyz");
  await page.locator("#redact").uncheck();
  await expect(flagged).toHaveCount(0);
});

test.describe("axe audit of redaction", () => {
  test.use({ bypassCSP: true });

  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      test(`no violation with the preview and the notice, ${colorScheme} at ${width}px`, async ({ page, context }, testInfo) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        const shoot = async (target, name) => {
          if (shots && testInfo.project.name === "root") {
            await target.screenshot({ path: `${shots}/redacted-${name}-${width}-${colorScheme}.png` });
          }
        };
        const link = await redactedLink(page, CASE);
        await page.locator("#redact-preview summary").click();
        expect(await axeViolations(page), "the Redact preview").toEqual([]);
        await shoot(page, "preview");
        const other = await context.newPage();
        await other.setViewportSize({ width, height });
        await other.emulateMedia({ colorScheme });
        await openAt(other, relative(link, "opened"));
        await expect(other.locator("#notice")).toBeVisible();
        expect(await axeViolations(other), "the notice on opening").toEqual([]);
        await shoot(other, "notice");
        await other.close();
      });
    }
  }
});
