// Live evaluation: typing a fix flips the verdict; a location click selects
// the span in its editor; "Apply fix" fixes and "Undo" restores; the
// checklist is reachable and operable from the keyboard.
import { test, expect } from "./fixtures.mjs";
import { linkTo, openAt, polledScenario, readCase, scenarioInAddressBar } from "./links.mjs";

const verdict = (page) => page.locator("[data-decision]");
const check = (page, id) => page.locator(`[data-check-id="${id}"]`);

test("passing the missing external ID in the request flips deny to allow", async ({ page }) => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
  await openAt(page, linkTo(readCase("trust.external_id/not-passed.json")));
  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
  await expect(check(page, "trust.external_id")).toHaveAttribute("data-status", "fail");
  await page.locator("#field-external_id").fill("MyExternalIdValue123");
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect(check(page, "trust.external_id")).toHaveAttribute("data-status", "pass");
  // And back: a wrong value fails again.
  await page.locator("#field-external_id").fill("SomethingElse");
  await expect(check(page, "trust.external_id")).toHaveAttribute("data-status", "fail");
});

test("editing the trust policy text flips the verdict, and the text is kept exactly as typed", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
  const editor = page.locator("#editor-trust_policy");
  const text = await editor.inputValue();
  const fixed = text.replace("arn:aws:iam::111111111111:role/SpecificRole", "arn:aws:iam::111111111111:root");
  expect(fixed).not.toEqual(text);
  await editor.fill(fixed);
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect(editor).toHaveValue(fixed);

  // Odd spacing survives: the page never reformats unless asked.
  const odd = fixed.replace('"Version"', '   "Version"');
  await editor.fill(odd);
  await expect(editor).toHaveValue(odd);
  await expect.poll(async () => (await polledScenario(page))?.role.trust_policy).toEqual(odd);
  // "Format" re-indents on request.
  await page.locator(".editor", { has: editor }).getByRole("button", { name: "Format" }).click();
  await expect(editor).not.toHaveValue(odd);
  expect(JSON.parse(await editor.inputValue())).toEqual(JSON.parse(odd));
});

test("a syntax error is invalid, and the editor is marked", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.syntax/malformed-action.json")));
  await expect(verdict(page)).toHaveAttribute("data-decision", "invalid");
  await expect(check(page, "trust.syntax")).toHaveAttribute("data-status", "fail");
  await expect(page.locator("#editor-trust_policy")).toHaveAttribute("aria-invalid", "true");
});

test("the first failing item is open; a location click selects its span in the editor", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
  const item = check(page, "trust.principal");
  await expect(item.locator(".check-head")).toHaveAttribute("aria-expanded", "true");
  const location = item.locator("button.location").first();
  await expect(location).toBeVisible();
  await location.click();
  const editor = page.locator("#editor-trust_policy");
  await expect(editor).toBeFocused();
  const selected = await editor.evaluate((area) => area.value.slice(area.selectionStart, area.selectionEnd));
  expect(selected).toContain("arn:aws:iam::111111111111:role/SpecificRole");
  await expect(page.locator(".backdrop mark.flash")).toHaveCount(1);
});

test("Apply fix makes the check pass; Undo restores the previous scenario", async ({ page }) => {
  const scenario = readCase("session.duration/above-max.json");
  await openAt(page, linkTo(scenario));
  await expect(check(page, "session.duration")).toHaveAttribute("data-status", "fail");
  const before = await scenarioInAddressBar(page);
  // The favoured fix (a shorter session); raising the role's maximum is its alternative.
  const apply = check(page, "session.duration")
    .locator(".fix-card[data-favoured]")
    .getByRole("button", { name: "Apply fix" });
  await expect(apply).toBeVisible();
  await expect(check(page, "session.duration").locator(".diff")).not.toHaveCount(0);
  await apply.click();
  await expect(check(page, "session.duration")).not.toHaveAttribute("data-status", "fail");
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");

  await page.locator("#undo").click();
  await expect(check(page, "session.duration")).toHaveAttribute("data-status", "fail");
  await expect.poll(() => polledScenario(page)).toEqual(before);
  await expect(page.locator("#undo")).toBeDisabled();
});

test("Apply fix on a trust policy edits its text", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.principal/missing-trust-statement.json")));
  const item = check(page, "trust.principal");
  await expect(item).toHaveAttribute("data-status", "fail");
  const editor = page.locator("#editor-trust_policy");
  const before = await editor.inputValue();
  const card = item.locator(".fix-card[data-favoured]");
  // Trusting another principal widens access: the page then asks first.
  const asks = (await card.getAttribute("data-fix-kind")) === "unsafe";
  await card.getByRole("button", { name: "Apply fix" }).click();
  if (asks) await card.getByRole("button", { name: "Apply anyway" }).click();
  // The fix makes the check pass (a warning may remain, e.g. about trusting the whole account).
  await expect(item).not.toHaveAttribute("data-status", "fail");
  await expect(editor).not.toHaveValue(before);
  await page.locator("#undo").click();
  await expect(editor).toHaveValue(before);
});

test("the checklist is in the order to fix things in, and operable by keyboard", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  const ids = await page.locator("[data-check-id]").evaluateAll((items) => items.map((i) => i.dataset.checkId));
  // The core's CheckId::FIX_ORDER: malformed input first, then who may call.
  expect(ids.slice(0, 10)).toEqual([
    "request.format",
    "trust.syntax",
    "identity.syntax",
    "request.caller",
    "trust.principal",
    "trust.action",
    "identity.allow",
    "trust.external_id",
    "trust.mfa",
    "session.duration",
  ]);
  await expect(page.getByRole("list").filter({ has: page.locator("[data-check-id]") })).toHaveCount(1);
  // Status is text too, not only colour.
  await expect(check(page, "trust.principal")).toContainText("Passes");
  const head = check(page, "trust.principal").locator(".check-head");
  await head.focus();
  await expect(head).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(head).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Space");
  await expect(head).toHaveAttribute("aria-expanded", "false");
});

test("picking an example loads it, and Undo brings the work back", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.locator("#examples-toggle").click();
  const example = page.locator('button.example[data-example="trust.mfa/bool-true-not-passed.json"]');
  await expect(example).toBeVisible();
  await example.click();
  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
  await expect(check(page, "trust.mfa")).toHaveAttribute("data-status", "fail");
  await page.locator("#undo").click();
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
});

test("a malformed request field is flagged inline, and a request location focuses its input", async ({ page }) => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds: 900 to the role's maximum)
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  const duration = page.locator("#field-duration_seconds");
  await duration.fill("an hour");
  await expect(duration).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-duration_seconds-message .problem")).not.toHaveCount(0);
  await expect(verdict(page)).toHaveAttribute("data-decision", "invalid");
  await duration.fill("3600");
  await expect(duration).not.toHaveAttribute("aria-invalid", "true");
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");

  await openAt(page, linkTo(readCase("session.duration/above-max.json"), "?again"));
  const item = check(page, "session.duration");
  await expect(item).toHaveAttribute("data-status", "fail");
  const location = item.locator("button.location").first();
  await location.click();
  const focusedId = await page.evaluate(() => document.activeElement?.id);
  expect(["field-duration_seconds", "field-max_session_duration"]).toContain(focusedId);
});

test("every example in the gallery loads and shows the verdict its badge promises", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.locator("#examples-toggle").click();
  const count = await page.locator("button.example").count();
  expect(count).toBeGreaterThanOrEqual(12);
  for (let index = 0; index < count; index += 1) {
    if (index > 0) await page.locator("#examples-toggle").click();
    const example = page.locator("button.example").nth(index);
    const badge = (await example.locator(".badge").innerText()).trim().toLowerCase();
    const expected = { allowed: "allow", denied: "deny", invalid: "invalid" }[badge];
    await example.click();
    await expect(page.locator(".gallery")).toHaveCount(0);
    await expect(verdict(page), `example ${index + 1}`).toHaveAttribute("data-decision", expected);
  }
});
