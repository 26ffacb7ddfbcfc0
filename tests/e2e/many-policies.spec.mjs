// A case past the core's cap of identity policies (1,000, AWS's own quota is
// far lower): the page renders one editor per policy the core reads, plus the
// one past the cap where identity.syntax points, says how many more are not
// shown, and typing stays live (issue #10 item 8). Speed is measured by hand,
// not asserted here.
import { test, expect } from "./fixtures.mjs";
import { linkTo, openAt, readCase } from "./links.mjs";

const MAX_IDENTITY_POLICIES = 1000;

test("past the cap of identity policies, 1,001 editors render, a notice counts the rest, and typing still updates the page", async ({ page }) => {
  // A thousand editors take a while to open on a busy machine.
  test.slow();
  const scenario = readCase("trust.principal/exact-role-arn-principal.json");
  const policy = (n) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: `P${n}`, Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
  });
  scenario.caller_policies.identity = Array.from({ length: MAX_IDENTITY_POLICIES + 5 }, (_, n) => policy(n));
  await openAt(page, linkTo(scenario));

  const identityEditors = page.locator('textarea[id^="editor-identity"]');
  await expect(identityEditors).toHaveCount(MAX_IDENTITY_POLICIES + 1);
  await expect(page.locator(`#editor-identity\\[${MAX_IDENTITY_POLICIES}\\]`)).toBeAttached();
  await expect(page.locator(`#editor-identity\\[${MAX_IDENTITY_POLICIES + 1}\\]`)).toHaveCount(0);
  await expect(page.getByLabel(`Remove identity policy ${MAX_IDENTITY_POLICIES + 1}`)).toHaveCount(1);
  await expect(page.locator("#identity-not-shown")).toHaveText(
    "4 more identity policies are not shown: AWS never applies this many, and Assumable reads at most 1,000.",
  );
  await expect(page.locator('[data-check-id="identity.syntax"]')).toHaveAttribute("data-status", "fail");

  // Typing in the trust policy still updates the page.
  const trust = page.locator('[data-check-id="trust.syntax"]');
  await expect(trust).not.toHaveAttribute("data-status", "fail");
  const editor = page.locator("#editor-trust_policy");
  await editor.fill("{ not json");
  await expect(trust).toHaveAttribute("data-status", "fail");
  await expect(editor).toHaveValue("{ not json");
  await expect(identityEditors).toHaveCount(MAX_IDENTITY_POLICIES + 1);
});
