// Share, keep: the address bar holds the scenario (#s=) unless Redact is on, a link
// restores every field, redaction, a broken link keeps the work, and the work
// survives a reload. Contract: shared/scenario-format.md, "Share links".
import { test, expect } from "./fixtures.mjs";
import { decodeScenario, encodeScenario, linkTo, openAt, polledScenario, readCase, redactedShareLink, scenarioInAddressBar } from "./links.mjs";

/** A scenario that sets every field of the contract. */
const everyField = {
  name: "every field",
  description: "round trip of every field",
  request: {
    action: "sts:AssumeRole",
    caller: "arn:aws:iam::111111111111:user/deployer",
    role_arn: "arn:aws:iam::222222222222:role/DeployRole",
    role_session_name: "deploy-session",
    external_id: "MyExternalIdValue123",
    duration_seconds: 1800,
    mfa: { serial_number: "arn:aws:iam::111111111111:mfa/deployer", age_seconds: 120 },
    source_ip: "203.0.113.10",
    source_identity: "alice",
    tags: { project: "apollo", team: "ops" },
    transitive_tag_keys: ["project", "team"],
    context: { "aws:PrincipalOrgID": "o-abc123", "aws:PrincipalTag/team": ["ops", "dev"] },
  },
  caller_policies: {
    identity: [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}',
      "{ \"Version\": \"2012-10-17\",\n  \"Statement\": [] }",
    ],
    permissions_boundary: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    scps: [['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}']],
  },
  role: {
    trust_policy:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}',
    max_session_duration: 7200,
    rcps: [['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}']],
  },
  identity_names: ["deploy", "empty"],
};

test("a link restores every field, and the address bar holds the same scenario", async ({ page }) => {
  await openAt(page, linkTo(everyField));
  await expect(page.locator("#field-caller")).toHaveValue(everyField.request.caller);
  await expect(page.locator("#field-role_arn")).toHaveValue(everyField.request.role_arn);
  await expect(page.locator("#field-role_session_name")).toHaveValue("deploy-session");
  await expect(page.locator("#field-external_id")).toHaveValue("MyExternalIdValue123");
  await expect(page.locator("#field-duration_seconds")).toHaveValue("1800");
  await expect(page.locator("#field-max_session_duration")).toHaveValue("7200");
  await expect(page.locator("#field-mfa")).toBeChecked();
  await expect(page.locator("#field-mfa-serial_number")).toHaveValue(everyField.request.mfa.serial_number);
  await expect(page.locator("#field-mfa-age_seconds")).toHaveValue("120");
  await expect(page.locator("#field-source_ip")).toHaveValue("203.0.113.10");
  await expect(page.locator("#field-source_identity")).toHaveValue("alice");
  await expect(page.locator("#tags-key-0")).toHaveValue("project");
  await expect(page.locator("#tags-value-1")).toHaveValue("ops");
  await expect(page.locator("#field-transitive_tag_keys")).toHaveValue("project, team");
  await expect(page.locator("#context-key-1")).toHaveValue("aws:PrincipalTag/team");
  await expect(page.locator("#context-value-1")).toHaveValue('["ops","dev"]');
  await expect(page.locator("#editor-trust_policy")).toHaveValue(everyField.role.trust_policy);
  await expect(page.locator("#editor-identity\\[1\\]")).toHaveValue(everyField.caller_policies.identity[1]);
  await expect(page.locator("#identity-name-0")).toHaveValue("deploy");
  await expect(page.locator("#editor-permissions_boundary")).toHaveValue(everyField.caller_policies.permissions_boundary);
  await expect(page.locator("#editor-scps\\[0\\]\\[0\\]")).toHaveValue(everyField.caller_policies.scps[0][0]);
  await expect(page.locator("#editor-rcps\\[0\\]\\[0\\]")).toHaveValue(everyField.role.rcps[0][0]);
  await expect.poll(() => polledScenario(page)).toEqual(everyField);
  expect(decodeScenario((await page.locator("#share-link").inputValue()).split("#s=")[1])).toEqual(everyField);
});

test("fields typed into the page travel in the link", async ({ page, browser }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.locator("#field-external_id").fill("ext-42");
  await page.locator("#field-duration_seconds").fill("900");
  await page.locator("#field-source_ip").fill("198.51.100.7");
  await page.locator("#field-mfa").check();
  await page.locator("#field-mfa-age_seconds").fill("30");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.locator("#tags-key-0").fill("project");
  await page.locator("#tags-value-0").fill("apollo");
  await page.locator("#field-transitive_tag_keys").fill("project");
  await page.getByRole("button", { name: "Add context" }).click();
  await page.locator("#context-key-0").fill("aws:PrincipalOrgID");
  await page.locator("#context-value-0").fill("o-abc123");
  await page.getByRole("button", { name: "Add identity policy" }).click();
  await page.locator("#identity-name-1").fill("second");
  // The address bar follows typing after a short pause: wait for the last
  // field typed, then read everything at once.
  await expect.poll(async () => (await polledScenario(page))?.identity_names).toEqual(["", "second"]);
  await expect.poll(async () => (await polledScenario(page))?.request.context).toEqual({ "aws:PrincipalOrgID": "o-abc123" });
  const sent = await scenarioInAddressBar(page);
  expect(sent.request).toMatchObject({
    external_id: "ext-42",
    duration_seconds: 900,
    source_ip: "198.51.100.7",
    mfa: { age_seconds: 30 },
    tags: { project: "apollo" },
    transitive_tag_keys: ["project"],
  });
  expect(sent.identity_names).toEqual(["", "second"]);

  // Another browser profile (no saved work) opening the link sees the same.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openAt(other, page.url());
  await expect(other.locator("#field-external_id")).toHaveValue("ext-42");
  await expect(other.locator("#tags-value-0")).toHaveValue("apollo");
  await expect(other.locator("#identity-name-1")).toHaveValue("second");
  await fresh.close();
});

test("redaction replaces account IDs and names in the copied link, and the address bar carries no case", async ({ page }) => {
  const scenario = readCase("trust.external_id/not-passed.json");
  await openAt(page, linkTo(scenario));
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  await page.locator("#redact").check();
  // While the reader makes the redaction, the field holds no link, never
  // the unredacted one.
  const meanwhile = await page.locator("#share-link").inputValue();
  expect(meanwhile === "" || !JSON.stringify(decodeScenario(meanwhile.split("#s=")[1])).includes("111111111111")).toBe(true);
  // The unredacted case must not wait in the address bar to be copied.
  await expect.poll(() => page.evaluate(() => location.hash)).toBe("");
  await expect(page.locator("#redact-note")).toContainText("the address bar carries no case");
  const link = await redactedShareLink(page);
  const redacted = decodeScenario(link.split("#s=")[1]);
  const text = JSON.stringify(redacted);
  expect(text).not.toContain("111111111111");
  expect(text).not.toContain("222222222222");
  expect(text).not.toContain("deployer");
  // The preview shows what the link carries: placeholders, not the originals.
  await page.locator("#redact-preview summary").click();
  const preview = page.locator("#redact-preview pre");
  await expect(preview).toContainText("000000000001");
  await expect(preview).not.toContainText("111111111111");
  await expect(preview).not.toContainText("deployer");
  // Turned off, the address bar holds the (unredacted) case again.
  await page.locator("#redact").uncheck();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  expect((await scenarioInAddressBar(page)).request.caller).toBe(scenario.request.caller);
  await expect(page.locator("#redact-preview")).toHaveCount(0);
  await page.locator("#redact").check();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe("");
  // The case still reproduces: same shape, and the same verdict when opened.
  await openAt(page, `./?redacted#s=${link.split("#s=")[1]}`);
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await expect(page.locator('[data-check-id="trust.external_id"]')).toHaveAttribute("data-status", "fail");
});

test("when the redactor cannot load, no link is offered and the case is kept", async ({ page }) => {
  await page.route("**/assumable-redactor_bg.wasm", (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: "not wasm" }));
  const scenario = readCase("trust.external_id/not-passed.json");
  await openAt(page, linkTo(scenario));
  await page.locator("#redact").check();
  await expect(page.locator("#redact-error")).toContainText("The case could not be redacted, so no link is offered: the redactor failed");
  await expect(page.locator("#share-link")).toHaveAttribute("data-link", "failed");
  await expect(page.locator("#share-link")).toHaveValue("");
  // Copy copies nothing unredacted: it asks again, and says it cannot.
  await page.locator("#copy-link").click();
  await expect(page.locator(".share-status")).toHaveText("Nothing was copied: the case could not be redacted.");
  await expect(page.locator("#share-link")).toHaveValue("");
  // Turned off, the ordinary link is back, and the case is as it was.
  await page.locator("#redact").uncheck();
  await expect(page.locator("#share-link")).toHaveAttribute("data-link", "plain");
  expect(decodeScenario((await page.locator("#share-link").inputValue()).split("#s=")[1]).request.caller).toBe(scenario.request.caller);
  await expect(page.locator("#redact-error")).toHaveCount(0);
});

test("redacted addresses come from the documentation ranges, and the case still evaluates the same", async ({ page }) => {
  // A real-looking source address inside a corporate block: both move into
  // 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24, the address still inside.
  const scenario = readCase("trust.external_id/not-passed.json");
  scenario.request.source_ip = "52.94.76.10";
  scenario.request.external_id = "right";
  const trust = JSON.parse(typeof scenario.role.trust_policy === "string" ? scenario.role.trust_policy : JSON.stringify(scenario.role.trust_policy));
  trust.Statement[0].Condition = { IpAddress: { "aws:SourceIp": "52.94.0.0/16" }, StringEquals: { "sts:ExternalId": "right" } };
  scenario.role.trust_policy = trust;
  await openAt(page, linkTo(scenario));
  const decision = await page.locator("[data-decision]").getAttribute("data-decision");
  await page.locator("#redact").check();
  const link = await redactedShareLink(page);
  const redacted = decodeScenario(link.split("#s=")[1]);
  const text = JSON.stringify(redacted);
  expect(text).not.toContain("52.94.");
  const documentation = /^(192\.0\.2|198\.51\.100|203\.0\.113)\./;
  expect(redacted.request.source_ip).toMatch(documentation);
  expect(JSON.stringify(redacted.role.trust_policy)).toMatch(/(192\.0\.2|198\.51\.100|203\.0\.113)\.0\/24/);
  await openAt(page, `./?redacted#s=${link.split("#s=")[1]}`);
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", decision);
});

test("the work survives a reload, and a page without a link restores the saved work", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.locator("#field-role_session_name").fill("kept-after-reload");
  await expect.poll(async () => (await polledScenario(page))?.request.role_session_name).toBe("kept-after-reload");
  await page.reload();
  await expect(page.locator("#field-role_session_name")).toHaveValue("kept-after-reload");
  await openAt(page, "./?fresh");
  await expect(page.locator("#field-role_session_name")).toHaveValue("kept-after-reload");
});

for (const [label, fragment] of [
  ["garbage", "#s=%%%not-base64!!!"],
  ["valid base64 of non-DEFLATE bytes", `#s=${Buffer.from("hello, not deflate").toString("base64url")}`],
  ["a DEFLATE of something that is not a scenario", `#s=${encodeScenario('{"request": 42}')}`],
  ["an oversized fragment", `#s=${"A".repeat(1_200_000)}`],
  ["another fragment format", "#x=1"],
]) {
  test(`a link with ${label} shows a clear message and keeps the last work`, async ({ page }) => {
    await openAt(page, linkTo(readCase("allow/cross-account.json")));
    await page.locator("#field-role_session_name").fill("my-last-work");
    await expect.poll(async () => (await polledScenario(page))?.request.role_session_name).toBe("my-last-work");
    await openAt(page, `./?broken${fragment}`);
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("could not be opened");
    await expect(page.locator("#field-role_session_name")).toHaveValue("my-last-work");
    await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "allow");
  });
}

test("a link pasted into an open page loads it; a broken one leaves the work alone", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.evaluate((hash) => { location.hash = hash; }, `#s=${encodeScenario(readCase("trust.mfa/bool-true-not-passed.json"))}`);
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
  await page.evaluate(() => { location.hash = "#s=broken!"; });
  await expect(page.getByRole("alert")).toContainText("could not be opened");
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
});

test("a link pasted just as the page saves its own is still opened", async ({ page }) => {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await expect.poll(() => polledScenario(page)).toBeTruthy();
  // The page's delayed save can land between the new hash and its
  // hashchange event: the event must open the pasted link, not what the
  // address bar holds by then.
  await page.evaluate((pasted) => {
    const saved = location.hash;
    location.hash = pasted;
    history.replaceState(null, "", saved);
  }, `#s=${encodeScenario(readCase("trust.mfa/bool-true-not-passed.json"))}`);
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
  // And the address bar ends up holding the pasted case, not the old one.
  await expect.poll(async () => (await polledScenario(page))?.name).toMatch(/requires MFA/);
});

test("Copy link puts the link on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.locator("#copy-link").click();
  await expect(page.getByRole("status").filter({ hasText: "copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toEqual(await page.locator("#share-link").inputValue());
  expect(decodeScenario(copied.split("#s=")[1]).request.caller).toEqual("arn:aws:iam::111122223333:user/Jane");
});

test("a request field the page does not know (a misspelling) is shown, kept in the link, and can be removed", async ({ page }) => {
  const scenario = readCase("trust.external_id/not-passed.json");
  scenario.request.externalId = "MyExternalIdValue123";
  await openAt(page, linkTo(scenario));
  const unknown = page.locator("#field-externalId");
  await expect(unknown).toContainText("externalId");
  await expect.poll(async () => (await polledScenario(page))?.request.externalId).toBe("MyExternalIdValue123");
  await unknown.getByRole("button", { name: "Remove the field externalId" }).click();
  await expect(unknown).toHaveCount(0);
  // The link still holds the request, without the field.
  await expect.poll(async () => Object.keys((await polledScenario(page))?.request ?? { none: 1 })).not.toContain("externalId");
  expect((await scenarioInAddressBar(page)).request).not.toHaveProperty("externalId");
});
