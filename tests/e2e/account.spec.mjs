// Who can assume what (issue #13): a security engineer gives the
// get-account-authorization-details outputs of two accounts, reads who can
// assume which role (a conditional pair with what it needs, a chain with the
// role on the way), searches, and opens a pair as a single case in the
// checklist. The outputs never leave the page. With SHOTS_DIR set, the
// states are photographed (account-*.png).
import { fileURLToPath } from "node:url";
import { test, expect, openApp, axeViolations } from "./fixtures.mjs";
import { decodeScenario, redactedShareLink } from "./links.mjs";

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
    // Conditional, it opens without what it needs, and the notice says what.
    await expect(page.locator("#notice")).toContainText("allowed only when the call carries sts:ExternalId=abc");
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111111111111:user/alice");
    await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
    await expect(page.locator('[data-check-id="trust.external_id"]')).toHaveAttribute("data-status", "fail");
    // The table is still there to come back to.
    await expect(row(page, "user/alice", "role/Vendor")).toHaveCount(1);

    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
  });

  test("a role admitted only from some addresses is conditional on the range, and its pair opens denied by the condition", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(fileURLToPath(new URL("../access/source-address.json", import.meta.url)));
    await expect(page.locator(".account-summary")).toContainText("5 principals, 4 roles");
    const lab = row(page, "user/dana", "role/OfficeButNotLab");
    await expect(lab).toHaveAttribute("data-result", "conditional");
    await expect(lab).toContainText("aws:SourceIp in 198.51.100.0/24 except 198.51.100.128/25");
    await expect(row(page, "user/dana", "role/OfficeVendor")).toContainText("aws:SourceIp in 192.0.2.0/24, sts:ExternalId=x1-office");
    if (shots) await page.screenshot({ path: `${shots}/account-source-address-${page.viewportSize().width}.png`, fullPage: false });
    // Opened, the case has no address (no fix edits one): the trust's
    // condition on it fails.
    await lab.getByRole("button", { name: /Open .*dana assuming .*OfficeButNotLab/ }).click();
    await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
    await expect(page.locator('[data-check-id="trust.conditions"]')).toHaveAttribute("data-status", "fail");
    if (shots) await page.screenshot({ path: `${shots}/account-source-address-case-${page.viewportSize().width}.png`, fullPage: false });
  });

  test("a role's session that needs MFA is conditional, a role's tags are what ABAC compares, and a deleted principal is a note", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(fileURLToPath(new URL("../access/sessions-and-boundaries.json", import.meta.url)));
    await expect(page.locator(".account-summary")).toContainText("11 principals, 8 roles");
    const mfa = row(page, "role/Worker", "role/MfaOnly");
    await expect(mfa).toHaveAttribute("data-result", "conditional");
    await expect(mfa).toContainText("MFA");
    // Gina's ABAC policy lets her assume the role tagged with her project
    // only; the other's pair is denied, so not listed.
    await expect(row(page, "user/gina", "role/access-peg-engineering")).toHaveAttribute("data-result", "allowed");
    await expect(row(page, "user/gina", "role/access-uni-engineering")).toHaveCount(0);
    const deleted = page.locator(".access-finding");
    await expect(deleted).toHaveCount(1);
    await expect(deleted).toHaveAttribute("data-severity", "note");
    await expect(deleted).toContainText("the unique ID of a deleted user");
    // An ARN breaks after a separator, never inside a name.
    await expect(mfa.locator("td.arn wbr").first()).toBeAttached();
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/account-sessions-${page.viewportSize().width}.png`, fullPage: false });
    // Opened, the session has no MFA: the trust's MFA condition fails.
    await mfa.getByRole("button", { name: /Open .*Worker assuming .*MfaOnly/ }).click();
    await expect(page.locator("#notice")).toContainText("allowed only when the call carries MFA");
    await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
    await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
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

  test("picking a role shows who can assume it, through chains, and the near misses with the check that fails", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(dumps);
    await expect(page.locator(".account-summary")).toContainText("8 principals, 5 roles");

    await page.locator("#account-role").selectOption("arn:aws:iam::222222222222:role/Audit");
    const picked = page.locator("#account-picked");
    await expect(picked.locator("h3")).toHaveText("Who can assume arn:aws:iam::222222222222:role/Audit");
    // The role Local's sessions assume it directly; alice and carol through Local.
    await expect(picked.locator("#access-allowed")).toContainText("role/Local");
    const chained = picked.locator("#access-chained .access-item");
    await expect(chained.filter({ hasText: "user/alice" })).toContainText("through arn:aws:iam::111111111111:role/Local");
    await expect(chained.filter({ hasText: "user/carol" })).toHaveCount(1);
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/account-role-${page.viewportSize().width}.png`, fullPage: false });

    // Vendor: bob is trusted (the account is) but his own policies allow
    // nothing: a near miss, named by its one failing check, that opens.
    await page.locator("#account-role").selectOption("arn:aws:iam::111111111111:role/Local");
    const near = page.locator("#access-near .access-item").filter({ hasText: "user/bob" });
    await expect(near).toContainText("fails identity.allow: no policy of the caller's own allows the call");
    await near.getByRole("button", { name: /Open/ }).click();
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111111111111:user/bob");
    await expect(page.locator('[data-check-id="identity.allow"]')).toHaveAttribute("data-status", "fail");

    // Back to every pair.
    await page.locator("#account-every").click();
    await expect(page.locator(".access-row").first()).toBeVisible();
  });

  test("picking a principal draws what it reaches, chains included", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(dumps);
    await page.locator("#account-principal").selectOption("arn:aws:iam::111111111111:user/alice");
    const picked = page.locator("#account-picked");
    await expect(picked.locator("h3")).toHaveText("What arn:aws:iam::111111111111:user/alice can assume");
    const picture = picked.locator(".access-picture svg");
    await expect(picture).toHaveAttribute("aria-label", /user\/alice .* reaches \d+ roles/);
    // Audit is drawn one column right of Local, which leads to it.
    const box = async (name) => {
      const node = picture.locator(".access-node").filter({ hasText: name });
      await expect(node).toHaveCount(1);
      return node.locator("rect").boundingBox();
    };
    const [start, local, audit] = [await box("user/alice"), await box("role/Local"), await box("role/Audit")];
    expect(local.x).toBeGreaterThan(start.x);
    expect(audit.x).toBeGreaterThan(local.x);
    await expect(picked.locator("#access-conditional")).toContainText("sts:ExternalId=abc");
    await expect(picked.locator("#access-chained")).toContainText("role/Audit");
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/account-principal-${page.viewportSize().width}.png`, fullPage: false });
  });

  test("the view survives a reload without the outputs, and answers the same pick once they are given again", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(dumps);
    await page.locator("#account-search").fill("Vendor");
    await page.locator("#account-role").selectOption("arn:aws:iam::111111111111:role/Vendor");
    await expect(page.locator("#account-picked h3")).toContainText("role/Vendor");

    await page.reload();
    await expect(page.locator("#account-heading")).toBeVisible();
    // The outputs are gone, said so; the pick waits for them.
    await expect(page.locator("#account-remembered")).toBeVisible();
    await expect(page.locator(".account-summary")).toHaveCount(0);
    expect(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).not.toContain("AccountAuthorizationDetails");
    await page.locator("#account-files").setInputFiles(dumps);
    await expect(page.locator("#account-picked h3")).toHaveText("Who can assume arn:aws:iam::111111111111:role/Vendor");
    await expect(page.locator("#account-role")).toHaveValue("arn:aws:iam::111111111111:role/Vendor");

    // Closed, it stays closed after a reload.
    await page.locator("#account-toggle").click();
    await page.reload();
    await expect(page.locator("#account-toggle")).toHaveAttribute("aria-expanded", "false");
    await expect(page.locator("#account")).toHaveCount(0);
  });

  test("an opened pair's share link carries that pair alone, and redaction applies to it", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles(dumps);
    await row(page, "user/alice", "role/Vendor").getByRole("button", { name: /Open/ }).click();
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111111111111:user/alice");
    const shared = decodeScenario((await page.locator("#share-link").inputValue()).split("#s=")[1]);
    expect(shared.request.caller).toBe("arn:aws:iam::111111111111:user/alice");
    expect(shared.request.role_arn).toBe("arn:aws:iam::111111111111:role/Vendor");
    // Nothing of the other principals or roles of the outputs.
    const text = JSON.stringify(shared);
    for (const other of ["user/bob", "user/carol", "role/Deploy", "role/Audit", "222222222222"]) expect(text).not.toContain(other);

    await page.locator("#redact").check();
    const redacted = JSON.stringify(decodeScenario((await redactedShareLink(page)).split("#s=")[1]));
    expect(redacted).not.toContain("111111111111");
    expect(redacted).not.toContain("alice");
  });

  test("an organization input applies its SCPs: a pair it denies becomes a near miss that names the SCP check", async ({ page }) => {
    await openApp(page);
    await page.locator("#account-toggle").click();
    await page.locator("#account-files").setInputFiles([...dumps, fileURLToPath(new URL("../access/organization.json", import.meta.url))]);
    await expect(page.locator("#account-loaded")).toContainText("organization.json");
    await expect(page.locator("#account-problem")).toHaveCount(0);
    await expect(row(page, "user/alice", "role/Deploy")).toHaveCount(0);
    await page.locator("#account-role").selectOption("arn:aws:iam::222222222222:role/Deploy");
    const near = page.locator("#access-near .access-item").filter({ hasText: "user/alice" });
    await expect(near).toContainText("fails scp.allow: a service control policy does not allow the call");
    await near.getByRole("button", { name: /Open/ }).click();
    await expect(page.locator('[data-check-id="scp.allow"]')).toHaveAttribute("data-status", "fail");
  });

  test("a large account shows how far the answer is, and the page answers input meanwhile", async ({ page }) => {
    test.setTimeout(120_000);
    // 300 users who may assume any role, 300 roles trusting the account
    // (each with an external ID, so each pair is evaluated): 180,000 pairs.
    const account = "444455556666";
    const users = Array.from({ length: 300 }, (_, n) => ({
      UserName: `u${n}`, UserId: `AIDA${n}`, Path: "/", Arn: `arn:aws:iam::${account}:user/u${n}`,
      GroupList: [], AttachedManagedPolicies: [], Tags: [],
      UserPolicyList: [{ PolicyName: "assume", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] } }],
    }));
    const roles = Array.from({ length: 300 }, (_, n) => ({
      RoleName: `r${n}`, RoleId: `AROA${n}`, Path: "/", Arn: `arn:aws:iam::${account}:role/r${n}`,
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": `x${n}` } } }] },
      RolePolicyList: [], AttachedManagedPolicies: [], InstanceProfileList: [], Tags: [],
    }));
    const text = JSON.stringify({ UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: [] });

    await openApp(page);
    await page.locator("#account-toggle").click();
    // Every value the progress bar shows, as the page draws it.
    await page.evaluate(() => {
      window.progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector("#account-busy progress");
        if (bar) window.progressSeen.push(Number(bar.value));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.locator("#account-files").setInputFiles({ name: "large.json", mimeType: "application/json", buffer: Buffer.from(text) });
    await expect(page.locator("#account-busy progress")).toBeVisible();
    // The page takes input while the worker answers.
    await page.locator("#account-text").fill("typed while answering");
    await expect(page.locator("#account-text")).toHaveValue("typed while answering");
    await expect(page.locator(".account-summary")).toContainText("600 principals, 300 roles", { timeout: 100_000 });
    await expect(page.locator("#account-busy")).toHaveCount(0);
    const seen = await page.evaluate(() => window.progressSeen);
    expect(seen.length).toBeGreaterThan(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
