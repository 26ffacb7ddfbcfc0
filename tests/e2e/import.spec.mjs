// Paste what you have (issue #12): a person holding the error AWS printed,
// then the role's `aws iam get-role` output, then the caller's policy as a
// file, builds the case from them, sees each paste's format and what it
// filled, and can undo each step. Nothing leaves the page. With SHOTS_DIR
// set, the states are photographed (import-*.png).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test, expect, openApp, axeViolations } from "./fixtures.mjs";

const shots = process.env.SHOTS_DIR;
const verdict = (page) => page.locator("[data-decision]");
const notice = (page) => page.locator("#notice");

const ERROR = [
  "$ aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deploy --role-session-name ci",
  "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy",
].join("\n");

const GET_ROLE = JSON.stringify(
  {
    Role: {
      Path: "/",
      RoleName: "Deploy",
      Arn: "arn:aws:iam::444455556666:role/Deploy",
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }],
      },
      MaxSessionDuration: 3600,
    },
  },
  null,
  4,
);

const CALLER_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::444455556666:role/Deploy" }],
});

test.describe("paste what you have", () => {
  test.use({ bypassCSP: true });

  test("a GitHub Actions failure leads from the error to the trust policy, the token's claims and the mismatch", async ({ page }) => {
    await openApp(page);
    await page.getByRole("button", { name: "Paste what you have" }).click();
    await page.locator("#paste-start-text").fill("Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    await page.getByRole("button", { name: "Read it" }).click();
    // The action's words name the call and the provider.
    await expect(page.locator("#field-caller")).toHaveValue("token.actions.githubusercontent.com");
    await expect(notice(page)).toContainText("Add the role's trust policy next");
    const getRole = JSON.stringify({
      Role: {
        Path: "/", RoleName: "gha-deploy", Arn: "arn:aws:iam::123456789012:role/gha-deploy", MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
              StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/api:ref:refs/heads/main" },
            },
          }],
        },
      },
    });
    await page.getByRole("button", { name: "Add what you have" }).click();
    await page.locator("#paste-more-text").fill(getRole);
    await page.getByRole("button", { name: "Add to the case" }).click();
    await expect(notice(page)).toContainText("Add the token's claims next");
    const claims = JSON.stringify({ iss: "https://token.actions.githubusercontent.com", aud: "sts.amazonaws.com", sub: "repo:acme/api:pull_request" });
    await page.getByRole("button", { name: "Add what you have" }).click();
    await page.locator("#paste-more-text").fill(claims);
    await page.getByRole("button", { name: "Add to the case" }).click();
    await expect(notice(page)).not.toContainText("next");
    await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
    await expect(page.locator('[data-check-id="trust.conditions"]')).toHaveAttribute("data-status", "fail");
    await expect(page.locator('[data-check-id="trust.conditions"]')).toContainText("repo:acme/api:pull_request");
    if (shots) await page.screenshot({ path: `${shots}/import-github-${page.viewportSize().width}.png`, fullPage: false });
  });

  test("an import's advice on what to add next goes once the person has added it", async ({ page }) => {
    await openApp(page);
    await page.getByRole("button", { name: "Paste what you have" }).click();
    await page.locator("#paste-start-text").fill(ERROR);
    await page.getByRole("button", { name: "Read it" }).click();
    await expect(notice(page)).toContainText("Add the role's trust policy next");
    // The verdict says the trust policy is missing, and how to get this role's.
    await expect(verdict(page)).toContainText("The trust policy is empty");
    await expect(verdict(page)).toContainText("aws iam get-role --role-name Deploy");
    const trust = JSON.parse(GET_ROLE).Role.AssumeRolePolicyDocument;
    await page.locator("#editor-trust_policy").fill(JSON.stringify(trust, null, 2));
    await expect(notice(page)).toContainText("Read an AWS AccessDenied message");
    await expect(notice(page)).not.toContainText("Add the role's trust policy next");
    await expect(notice(page)).toContainText("Add the caller's policies next");
    await page.getByRole("button", { name: "Add identity policy" }).click();
    await page.locator("textarea[id='editor-identity[0]']").fill(CALLER_POLICY);
    await expect(notice(page)).toContainText("Read an AWS AccessDenied message");
    await expect(notice(page)).not.toContainText("next");
  });

  test("an error, then a get-role output, then a policy file make the case, each undoable", async ({ page }) => {
    const requests = [];
    page.on("request", (request) => requests.push(request.url()));
    await openApp(page);
    await page.getByRole("button", { name: "Paste what you have" }).click();
    await page.locator("#paste-start-text").fill(ERROR);
    await page.getByRole("button", { name: "Read it" }).click();
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111122223333:user/ci");
    await expect(notice(page)).toContainText("Read an AWS AccessDenied message");
    await expect(notice(page)).toContainText("Add the role's trust policy next");
    await expect(page.locator("#field-role_session_name")).toHaveValue("ci");

    // The role's get-role output, added to this case.
    await page.getByRole("button", { name: "Add what you have" }).click();
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/import-add-${page.viewportSize().width}.png`, fullPage: false });
    await page.locator("#paste-more-text").fill(GET_ROLE);
    await page.getByRole("button", { name: "Add to the case" }).click();
    await expect(notice(page)).toContainText("Read aws iam get-role output");
    await expect(notice(page)).toContainText("the trust policy");
    // The trust policy is there: the advice is the next step, not that one.
    await expect(notice(page)).not.toContainText("Add the role's trust policy next");
    await expect(notice(page)).toContainText("Add the caller's policies next");
    await expect(page.locator("#editor-trust_policy")).toHaveValue(/arn:aws:iam::111122223333:root/);
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111122223333:user/ci");
    await expect(verdict(page)).toHaveAttribute("data-decision", "deny");

    // The caller's policy as a file, chosen with the file button.
    await page.getByRole("button", { name: "Add what you have" }).click();
    await page.locator("#paste-more-files").setInputFiles({
      name: "caller-policy.json",
      mimeType: "application/json",
      buffer: Buffer.from(CALLER_POLICY),
    });
    await expect(notice(page)).toContainText("an identity policy document");
    await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/import-allowed-${page.viewportSize().width}.png`, fullPage: false });

    // Each paste is one step back.
    await page.locator("#undo").click();
    await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
    await page.locator("#undo").click();
    await expect(page.locator("#editor-trust_policy")).toHaveValue("");
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111122223333:user/ci");

    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
  });

  test("a get-role output pasted into the trust editor leaves the trust policy there, one Undo from the paste", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await openApp(page);
    await page.getByRole("button", { name: "Start empty" }).click();
    const trust = page.locator("#editor-trust_policy");
    await trust.focus();
    await page.evaluate((text) => navigator.clipboard.writeText(text), GET_ROLE);
    await page.keyboard.press("ControlOrMeta+V");
    await expect(trust).toHaveValue(/"Principal"/);
    await expect(trust).not.toHaveValue(/RoleName/);
    expect(JSON.parse(await trust.inputValue()).Statement[0].Principal.AWS).toBe("arn:aws:iam::111122223333:root");
    await expect(notice(page)).toContainText("Took the trust policy out of the pasted aws iam get-role output");
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/import-unwrapped-${page.viewportSize().width}.png`, fullPage: false });
    await page.locator("#undo").click();
    await expect(trust).toHaveValue("");
  });

  test("every paste of the import corpus is read on the page and fills the request and trust it carries", async ({ page }) => {
    const dir = fileURLToPath(new URL("../imports/", import.meta.url));
    const names = readdirSync(dir)
      .filter((file) => file.endsWith(".expect.json"))
      .map((file) => file.slice(0, -".expect.json".length));
    expect(names.length).toBeGreaterThanOrEqual(20);
    await openApp(page);
    await page.getByRole("button", { name: "Start empty" }).click();
    for (const name of names) {
      const expectation = JSON.parse(readFileSync(`${dir}${name}.expect.json`, "utf8"));
      const file = readdirSync(dir).find((other) => other.startsWith(`${name}.`) && !other.endsWith(".expect.json"));
      if (!(await page.locator("#new-case").isDisabled())) await page.locator("#new-case").click();
      await page.getByRole("button", { name: "Add what you have" }).click();
      await page.locator("#paste-more-text").fill(readFileSync(`${dir}${file}`, "utf8"));
      await page.getByRole("button", { name: "Add to the case" }).click();
      await expect(notice(page), name).toContainText("Read ");
      await expect(page.locator("#paste-more-problem"), name).toHaveCount(0);
      for (const field of ["caller", "role_arn"]) {
        const wanted = expectation.fills?.[`request.${field}`];
        if (typeof wanted === "string") await expect(page.locator(`#field-${field}`), name).toHaveValue(wanted);
      }
      if (expectation.fills?.["role.trust_policy"] === true) {
        await expect(page.locator("#editor-trust_policy"), name).not.toHaveValue("");
      }
    }
  });

  test("when the reader cannot load, the paste box says so and keeps the text", async ({ page }) => {
    await page.route("**/assumable-reader_bg.wasm", (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: "not wasm" }));
    await openApp(page);
    await page.getByRole("button", { name: "Paste what you have" }).click();
    await page.locator("#paste-start-text").fill(ERROR);
    await page.getByRole("button", { name: "Read it" }).click();
    await expect(page.locator("#paste-start-problem")).toContainText("Nothing was read: the reader failed");
    await expect(page.locator("#paste-start-problem")).toContainText("Your text is kept");
    await expect(page.locator("#paste-start-text")).toHaveValue(ERROR);
    await expect(page.getByRole("button", { name: "Read it" })).toBeEnabled();
  });

  test("text no format reads is said where it was typed, and stays", async ({ page }) => {
    await openApp(page);
    await page.getByRole("button", { name: "Start empty" }).click();
    await page.getByRole("button", { name: "Add what you have" }).click();
    const box = page.locator("#paste-more-text");
    await box.fill("role: deploy\nplease help");
    await page.getByRole("button", { name: "Add to the case" }).click();
    await expect(page.locator("#paste-more-problem")).toContainText("It reads:");
    await expect(box).toHaveValue("role: deploy\nplease help");
    await expect(box).toHaveAttribute("aria-invalid", "true");
    expect(await axeViolations(page)).toEqual([]);
  });
});
