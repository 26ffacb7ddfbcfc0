// Who can assume what (issue #13): a security engineer gives the
// get-account-authorization-details outputs of two accounts, reads who can
// assume which role (a conditional pair with what it needs, a chain with the
// role on the way), searches, and opens a pair as a single case in the
// checklist. The outputs never leave the page. With SHOTS_DIR set, the
// states are photographed (account-*.png).
import { fileURLToPath } from "node:url";
import { test, expect, openApp, axeViolations } from "./fixtures.mjs";

const shots = process.env.SHOTS_DIR;
const dumps = ["first-account.json", "second-account.json"].map((name) =>
  fileURLToPath(new URL(`../access/${name}`, import.meta.url)),
);
const row = (page, principal, role) =>
  page.locator(".access-row").filter({ hasText: principal }).filter({ hasText: role });

test.describe("who can assume what", () => {
  test.use({ bypassCSP: true });

  test("two accounts' outputs answer who can assume which role, and a pair opens in the checklist", async ({ page }) => {
    const requests = [];
    page.on("request", (request) => requests.push(request.url()));
    await openApp(page);
    await page.locator("#account-toggle").click();
    await expect(page.locator("#account-heading")).toBeFocused();
    await page.locator("#account-files").setInputFiles(dumps);
    await expect(page.locator(".account-summary")).toContainText("8 principals, 5 roles");
    await expect(page.locator("#account-loaded")).toContainText("first-account.json, second-account.json");

    const vendor = row(page, "user/alice", "role/Vendor");
    await expect(vendor).toHaveAttribute("data-result", "conditional");
    await expect(vendor).toContainText("sts:ExternalId=abc");
    const chain = row(page, "user/carol", "role/Audit");
    await expect(chain).toContainText("through arn:aws:iam::111111111111:role/Local");
    // Bob may assume nothing: denied pairs are not listed.
    await expect(page.locator(".access-row").filter({ hasText: "user/bob" })).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/account-pairs-${page.viewportSize().width}.png`, fullPage: false });

    // Search narrows the table.
    await page.locator("#account-search").fill("Audit");
    await expect(page.locator(".access-row")).toHaveCount(3);

    // A pair opens as the single case, with its checklist.
    await page.locator("#account-search").fill("");
    await vendor.getByRole("button", { name: /Open .*alice assuming .*Vendor/ }).click();
    await expect(page.locator("#notice")).toContainText("Opened from the account outputs");
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111111111111:user/alice");
    await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
    await expect(page.locator('[data-check-id="trust.external_id"]')).toHaveAttribute("data-status", "fail");
    // The table is still there to come back to.
    await expect(row(page, "user/alice", "role/Vendor")).toHaveCount(1);

    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
  });

  test("roles trusted from outside the outputs are listed, riskiest first", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(fileURLToPath(new URL("../access/outside-trusts.json", import.meta.url)));
    const findings = page.locator(".access-finding");
    await expect(findings).toHaveCount(4);
    await expect(findings.first()).toHaveAttribute("data-severity", "risk");
    await expect(findings.first()).toContainText("role/GitHubDeploy trusts");
    await expect(findings.first()).toContainText("any GitHub Actions workflow of any repository");
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/account-findings-${page.viewportSize().width}.png`, fullPage: false });
  });

  test("a paste that is no authorization-details output is said, and the view keeps working", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-text").fill('{"Role": {"RoleName": "x"}}');
    await page.getByRole("button", { name: "Add and answer" }).click();
    await expect(page.locator("#account-problem")).toContainText("get-account-authorization-details");
    await expect(page.locator(".account-summary")).toContainText("0 principals, 0 roles");
    expect(await axeViolations(page)).toEqual([]);
  });
});
