// The three kinds of fix (scenario-format.md, "A fix must tell the truth"):
// a safe edit applies at once; an unsafe one is marked and asks first, in the
// page, saying what it admits; advice is an instruction with nothing to
// apply; alternatives are offered beside the fix. After Apply, the new
// verdict takes focus and the editor highlights the text the fix wrote.
//
// The cases are ones where the contract leaves no choice: a trust principal
// naming the wrong account can only be fixed by trusting another principal
// (unsafe); the root user calling is a fact no edit may change (advice); a
// GitHub token's `sub` on another branch is fixed by admitting that branch
// (unsafe) or by running from the branch the policy expects (advice).
import { createRequire } from "node:module";
import { test, expect } from "./fixtures.mjs";
import { linkTo, openAt, readCase, scenarioInAddressBar } from "./links.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const verdict = (page) => page.locator("[data-decision]");
const check = (page, id) => page.locator(`[data-check-id="${id}"]`);
const favouredFix = (item) => item.locator(".fix-card[data-favoured]");

test("a safe fix applies at once, and the new verdict takes focus", async ({ page }) => {
  // A shorter duration lets no one else in.
  await openAt(page, linkTo(readCase("session.duration/above-max.json")));
  const card = favouredFix(check(page, "session.duration"));
  await expect(card).toHaveAttribute("data-fix-kind", "safe");
  await expect(card.locator(".badge.widens")).toHaveCount(0);
  await card.getByRole("button", { name: "Apply fix" }).click();
  await expect(page.locator(".confirm")).toHaveCount(0);
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect(verdict(page)).toBeFocused();
});

test("an unsafe fix says what it admits and asks before applying; Cancel and Escape change nothing", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.principal/wrong-account-root.json")));
  const item = check(page, "trust.principal");
  await expect(item).toHaveAttribute("data-status", "fail");
  const card = favouredFix(item);
  await expect(card).toHaveAttribute("data-fix-kind", "unsafe");
  await expect(card.locator(".badge.widens")).toHaveText(/widens access/i);
  await expect(card.locator(".admits")).not.toBeEmpty();

  const editor = page.locator("#editor-trust_policy");
  const textBefore = await editor.inputValue();
  const scenarioBefore = await scenarioInAddressBar(page);
  const apply = card.getByRole("button", { name: "Apply fix" });

  // Cancel: nothing changes, and focus goes back to Apply.
  await apply.click();
  const confirm = card.getByRole("group", { name: /widens who may assume the role/ });
  await expect(confirm).toBeVisible();
  await expect(confirm).toBeFocused();
  await expect(confirm).toContainText("admits");
  await expect(apply).toHaveAttribute("aria-expanded", "true");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(apply).toBeFocused();
  await expect(item).toHaveAttribute("data-status", "fail");
  await expect(editor).toHaveValue(textBefore);
  expect(await scenarioInAddressBar(page)).toEqual(scenarioBefore);
  await expect(page.locator("#undo")).toBeDisabled();

  // From the keyboard: Enter opens it, Escape closes it.
  await page.keyboard.press("Enter");
  await expect(confirm).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(editor).toHaveValue(textBefore);

  // Confirmed: the check passes, the verdict takes focus, and the editor
  // highlights what the fix wrote.
  await apply.click();
  await confirm.getByRole("button", { name: "Apply anyway" }).click();
  await expect(item).not.toHaveAttribute("data-status", "fail");
  await expect(editor).not.toHaveValue(textBefore);
  await expect(verdict(page)).toBeFocused();
  await expect(page.locator(".editor .backdrop mark.changed")).not.toHaveCount(0);
  await page.locator("#undo").click();
  await expect(editor).toHaveValue(textBefore);
});

test("advice is an instruction with no Apply button", async ({ page }) => {
  // The root user's credentials are a fact of the call: no edit fixes them.
  await openAt(page, linkTo(readCase("request.caller/root-user-same-account.json")));
  const item = check(page, "request.caller");
  await expect(item).toHaveAttribute("data-status", "fail");
  const card = favouredFix(item);
  await expect(card).toHaveAttribute("data-fix-kind", "advice");
  await expect(card.locator(".fix-title")).not.toBeEmpty();
  await expect(card.getByRole("button")).toHaveCount(0);
  await expect(card.locator(".diff")).toHaveCount(0);
  await expect(item.getByRole("button", { name: /Apply/ })).toHaveCount(0);
});

test("alternatives are offered beside the fix, each as its own kind", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.conditions/web-identity-github-branch-not-main.json")));
  const item = check(page, "trust.conditions");
  await expect(item).toHaveAttribute("data-status", "fail");
  await expect(item.getByRole("heading", { name: "Ways to fix" })).toBeVisible();
  const cards = item.locator(".fix-card");
  expect(await cards.count()).toBeGreaterThanOrEqual(2);
  // The policy edit admits another branch's runs: unsafe, and first.
  await expect(cards.first()).toHaveAttribute("data-fix-kind", "unsafe");
  const advice = item.locator('.fix-card[data-fix-kind="advice"]');
  await expect(advice).toHaveCount(1);
  await expect(advice.getByRole("button")).toHaveCount(0);
  await expect(cards.first().getByRole("button", { name: "Apply fix" })).toBeVisible();
});

test.describe("axe audit of an open confirmation", () => {
  test.use({ bypassCSP: true });
  test("no violation", async ({ page }) => {
    await openAt(page, linkTo(readCase("trust.principal/wrong-account-root.json")));
    await favouredFix(check(page, "trust.principal")).getByRole("button", { name: "Apply fix" }).click();
    await expect(page.locator(".confirm")).toBeVisible();
    await page.addScriptTag({ path: axePath });
    // eslint-disable-next-line no-undef
    const results = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
});
