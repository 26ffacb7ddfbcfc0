// Commands out on the page (issue #12): a person who pasted the error AWS
// printed and the role's get-role output opens "Commands for the aws CLI",
// copies the fix command, downloads the fixed trust policy under the name
// the command reads, and downloads everything as one script. Applying a fix
// on the page changes the commands. With SHOTS_DIR set, the states are
// photographed (commands-*.png).
import { readFile } from "node:fs/promises";
import { test, expect, openApp, axeViolations } from "./fixtures.mjs";

const shots = process.env.SHOTS_DIR;
const verdict = (page) => page.locator("[data-decision]");
const check = (page, id) => page.locator(`[data-check-id="${id}"]`);

const ERROR = [
  "$ aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deploy --role-session-name ci",
  "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy",
].join("\n");

// The trust names another user: the trust fix adds the caller beside it.
const GET_ROLE = JSON.stringify({
  Role: {
    RoleName: "Deploy",
    Arn: "arn:aws:iam::444455556666:role/Deploy",
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:user/cd" }, Action: "sts:AssumeRole" }],
    },
    MaxSessionDuration: 3600,
  },
});

async function pasteTheCase(page) {
  await openApp(page);
  await page.getByRole("button", { name: "Paste what you have" }).click();
  await page.locator("#paste-start-text").fill(ERROR);
  await page.getByRole("button", { name: "Read it" }).click();
  await page.getByRole("button", { name: "Add what you have" }).click();
  await page.locator("#paste-more-text").fill(GET_ROLE);
  await page.getByRole("button", { name: "Add to the case" }).click();
  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
}

async function downloaded(page, link) {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

test.describe("commands for the aws CLI", () => {
  test.use({ bypassCSP: true });

  test("the fix commands are copied, their files and the script downloaded, and follow an applied fix", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await pasteTheCase(page);
    const toggle = page.locator("#commands-toggle");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(page.locator("#commands-body")).toHaveCount(0);
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");

    // The report offers fixes: their section is the open one.
    const fix = page.locator("#commands-fix");
    await expect(fix).toHaveJSProperty("open", true);
    await expect(page.locator("#commands-gather")).toHaveJSProperty("open", false);
    const update = fix.locator(".command").filter({ hasText: "update-assume-role-policy" });
    await expect(update.locator("code")).toHaveText(
      "aws iam update-assume-role-policy --role-name Deploy --policy-document file://trust-policy.json",
    );
    await expect(update.locator(".command-run-as")).toHaveText("Run with the credentials of account 444455556666.");
    expect(await axeViolations(page)).toEqual([]);
    if (shots) {
      await page.locator("#commands").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/commands-fix-${page.viewportSize().width}.png`, fullPage: false });
    }

    // Copy puts exactly the command line on the clipboard, and says so.
    await update.getByRole("button", { name: /Copy the command/ }).click();
    await expect(page.locator(".commands-status")).toContainText("Copied: Replace the role's trust policy");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      "aws iam update-assume-role-policy --role-name Deploy --policy-document file://trust-policy.json",
    );

    // The file the command reads: the trust policy with the caller added.
    const trust = await downloaded(page, fix.getByRole("link", { name: "Download trust-policy.json" }));
    expect(trust.name).toBe("trust-policy.json");
    expect(JSON.parse(trust.text).Statement[0].Principal.AWS).toEqual([
      "arn:aws:iam::111122223333:user/cd",
      "arn:aws:iam::111122223333:user/ci",
    ]);

    // The other sections: the call as AWS received it, and what to gather.
    await page.locator("#commands-reproduce > summary").click();
    await expect(page.locator("#commands-reproduce code")).toHaveText(
      "aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deploy --role-session-name ci",
    );
    await page.locator("#commands-gather > summary").click();
    await expect(page.locator("#commands-gather code").first()).toHaveText("aws sts get-caller-identity");

    // Everything as one script, the documents written before the commands.
    const script = await downloaded(page, page.locator("#commands-script"));
    expect(script.name).toBe("assumable-commands.sh");
    expect(script.text).toContain("cat > trust-policy.json <<'ASSUMABLE_EOF'");
    expect(script.text.indexOf("cat > trust-policy.json")).toBeLessThan(
      script.text.indexOf("aws iam update-assume-role-policy"),
    );

    // The trust fix applied on the page is in the page's case, not in AWS:
    // its command stays, and its file is the trust the editor now shows.
    await check(page, "trust.principal").getByRole("button", { name: "Apply fix" }).click();
    await page.getByRole("button", { name: "Apply anyway" }).click();
    await expect(page.locator("#editor-trust_policy")).toHaveValue(/user\/ci/);
    await expect(fix).toContainText("The changes made on the page since its first applied fix are included");
    await expect(fix.locator(".command").filter({ hasText: "update-assume-role-policy" })).toHaveCount(1);
    await expect(fix.locator(".command").filter({ hasText: "put-user-policy" })).toHaveCount(1);
    const applied = await downloaded(page, fix.getByRole("link", { name: "Download trust-policy.json" }));
    expect(applied.text).toBe(await page.locator("#editor-trust_policy").inputValue());
    // Undone, the case is as AWS has it again.
    await page.locator("#undo").click();
    await expect(fix).not.toContainText("The changes made on the page");
  });

  test("an allowed case has nothing to fix: the gathering is open and the fix section says none", async ({ page }) => {
    await openApp(page);
    await page.getByRole("button", { name: "Start empty" }).click();
    await page.locator("#field-caller").fill("arn:aws:iam::111122223333:user/ci");
    await page.locator("#field-role_arn").fill("arn:aws:iam::111122223333:role/Deploy");
    await page.locator("#editor-trust_policy").fill(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:user/ci" }, Action: "sts:AssumeRole" }],
      }),
    );
    await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
    await page.locator("#commands-toggle").click();
    await expect(page.locator("#commands-gather")).toHaveJSProperty("open", true);
    await page.locator("#commands-fix > summary").click();
    await expect(page.locator("#commands-fix")).toContainText("None for this case.");
  });

  test("an exercise shows no commands: they would give the answer away", async ({ page }) => {
    await openApp(page);
    await page.locator("#start-examples").click();
    await page.locator("#exercise-mode").check();
    await page.locator('[data-example="trust.conditions/web-identity-eks-wrong-namespace.json"]').click();
    await expect(page.locator("#exercise")).toBeVisible();
    await expect(page.locator("#commands")).toHaveCount(0);
  });
});
