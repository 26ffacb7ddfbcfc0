// Work is never lost (issue 10, items 4, 5, 9): a link opened over different
// saved work keeps it as a draft that Restore or Undo brings back; saved text
// that cannot be read back is kept aside and reported; a save the browser
// refuses (storage full) is reported with what to do; blocked localStorage is
// reported and the page still works.
// With SHOTS_DIR set, the notices are also photographed (keep-*.png).
import { test, expect, openApp } from "./fixtures.mjs";
import { linkTo, openAt, polledScenario, readCase } from "./links.mjs";

const KEY = "assumable.scenario";
const shots = process.env.SHOTS_DIR;

async function shot(page, testInfo, name) {
  if (shots && testInfo.project.name === "root") {
    await page.screenshot({ path: `${shots}/keep-${name}.png` });
  }
}

/** Opens a case, types a session name, and waits until it is saved. */
async function saveWork(page, sessionName) {
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  await page.locator("#field-role_session_name").fill(sessionName);
  await expect.poll(() => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}")?.request?.role_session_name, KEY))
    .toBe(sessionName);
}

test("a link opened over different saved work keeps it as a draft: Restore brings it back", async ({ page }, testInfo) => {
  await saveWork(page, "my-saved-work");
  await openAt(page, linkTo(readCase("trust.mfa/bool-true-not-passed.json"), "?other"));
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
  const notice = page.locator("#notice");
  await expect(notice).toContainText("kept as a draft");
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("assumable.draft")));
  expect(draft.request.role_session_name).toBe("my-saved-work");
  await shot(page, testInfo, "draft");
  await notice.getByRole("button", { name: "Restore my earlier work" }).click();
  await expect(page.locator("#field-role_session_name")).toHaveValue("my-saved-work");
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "allow");
  await expect.poll(async () => (await polledScenario(page))?.request.role_session_name).toBe("my-saved-work");
  // Undo goes back to the linked scenario.
  await page.locator("#undo").click();
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
});

test("a link opened over different saved work: Undo brings the saved work back", async ({ page }) => {
  await saveWork(page, "my-saved-work");
  await openAt(page, linkTo(readCase("trust.mfa/bool-true-not-passed.json"), "?other"));
  await expect(page.locator("#undo")).toBeEnabled();
  await page.locator("#undo").click();
  await expect(page.locator("#field-role_session_name")).toHaveValue("my-saved-work");
});

test("a link pasted into the open page keeps the work it replaces: Restore brings it back", async ({ page }) => {
  await saveWork(page, "my-open-work");
  await page.evaluate((hash) => { location.hash = hash; }, linkTo(readCase("trust.mfa/bool-true-not-passed.json")).slice(2));
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
  const notice = page.locator("#notice");
  await expect(notice).toContainText("kept as a draft");
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("assumable.draft")));
  expect(draft.request.role_session_name).toBe("my-open-work");
  await notice.getByRole("button", { name: "Restore my earlier work" }).click();
  await expect(page.locator("#field-role_session_name")).toHaveValue("my-open-work");
});

test("a link to the saved work itself says nothing about a draft", async ({ page }) => {
  await saveWork(page, "same-work");
  await openAt(page, page.url().replace("#", "?again#"));
  await expect(page.locator("#field-role_session_name")).toHaveValue("same-work");
  await expect(page.locator("#notice")).toHaveCount(0);
});

for (const [label, bad] of [
  ["invalid JSON", "{ this is not JSON"],
  ["a wrong-typed field", JSON.stringify({ request: 42 })],
  ["text over the 4 MiB limit", JSON.stringify({ name: "x".repeat(4_300_000) })],
]) {
  test(`saved work with ${label} is reported and kept aside, not overwritten`, async ({ page, context }, testInfo) => {
    await openApp(page);
    // The page's own first save comes first, then the bad value over it.
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key) !== null, KEY)).toBe(true);
    await page.evaluate(([key, bad]) => localStorage.setItem(key, bad), [KEY, bad]);
    await page.goto("./?again");
    await page.locator("[data-decision]").waitFor();
    const notice = page.locator("#storage-notice");
    await expect(notice).toHaveAttribute("role", "alert");
    await expect(notice).toContainText("could not be read back");
    await expect(notice).toContainText("assumable.unreadable");
    // The page saves its own work again, and the unreadable text stays aside.
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key)?.startsWith("{\n"), KEY)).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem("assumable.unreadable"))).toBe(bad);
    if (label === "invalid JSON") {
      await shot(page, testInfo, "unreadable");
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await notice.getByRole("button", { name: "Copy the unreadable text" }).click();
      await expect(page.locator("#notice")).toContainText("is copied");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(bad);
    }
  });
}

test("a save the browser refuses (storage full) is reported with what to do", async ({ page, context }, testInfo) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === "assumable.scenario") {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return setItem.call(this, key, value);
    };
  });
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  const notice = page.locator("#storage-notice");
  await expect(notice).toHaveAttribute("role", "alert");
  await expect(notice).toContainText("could not be saved");
  await expect(notice).toContainText("QuotaExceededError");
  await expect(notice).toContainText("Copy link");
  await shot(page, testInfo, "quota");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await notice.getByRole("button", { name: "Copy JSON" }).click();
  await expect(page.locator("#notice")).toContainText("is copied");
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.request.caller).toBe("arn:aws:iam::111122223333:user/Jane");
});

test("blocked localStorage is reported and the page still evaluates and edits", async ({ page }, testInfo) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("Access is denied for this document.", "SecurityError");
      },
    });
  });
  await openAt(page, linkTo(readCase("trust.external_id/not-passed.json")));
  const notice = page.locator("#storage-notice");
  await expect(notice).toContainText("does not let the page store anything");
  await expect(notice).toContainText("SecurityError");
  await expect(page.locator('[data-check-id="trust.external_id"]')).toHaveAttribute("data-status", "fail");
  await shot(page, testInfo, "blocked");
  await page.locator("#field-external_id").fill("MyExternalIdValue123");
  await expect(page.locator('[data-check-id="trust.external_id"]')).toHaveAttribute("data-status", "pass");
  await expect.poll(async () => (await polledScenario(page))?.request.external_id).toBe("MyExternalIdValue123");
});

test("a slow case opened from a link is not saved (the next visit does not wait again), and says it is large", async ({ page }, testInfo) => {
  // A wildcard against a long context value: slow while the matcher's cost
  // is pattern × value (issue 10, item 2); once that is bounded the case is
  // fast and there is nothing to check here.
  const slow = {
    request: {
      caller: "arn:aws:iam::111122223333:user/Jane",
      role_arn: "arn:aws:iam::444455556666:role/Carlos",
      context: { "aws:PrincipalTag/team": "a".repeat(200_000) },
    },
    role: {
      trust_policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:user/Jane" },
          Action: "sts:AssumeRole",
          Condition: { StringLike: { "aws:PrincipalTag/team": `*${"a".repeat(1000)}b` } },
        }],
      }),
    },
  };
  test.setTimeout(60_000);
  await saveWork(page, "before-the-slow-case");
  const started = Date.now();
  await page.goto(linkTo(slow, "?slow"));
  await page.locator("[data-decision]").waitFor({ timeout: 50_000 });
  const elapsed = Date.now() - started;
  testInfo.annotations.push({ type: "load", description: `${elapsed} ms to the verdict` });
  test.skip(elapsed < 2500, `the case is no longer slow (${elapsed} ms): nothing to check`);
  await expect(page.locator("#storage-notice")).toContainText("This case is large");
  await shot(page, testInfo, "slow");
  // The address bar holds the case; localStorage still holds the earlier work.
  await expect.poll(async () => (await polledScenario(page))?.request.role_arn).toContain("Carlos");
  await page.waitForTimeout(500);
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), KEY);
  expect(saved.request.role_session_name).toBe("before-the-slow-case");
});

test("a large link waits until the person opens it: the work stays, then Open shows the case and keeps the work as a draft", async ({ page }, testInfo) => {
  // About 300 KB of identity policies: past the size at which a link is held.
  const policy = (n) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: `Read${n}`, Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::bucket-${n}/${"x".repeat(600)}` }],
  });
  const large = {
    ...readCase("allow/cross-account.json"),
    caller_policies: { identity: Array.from({ length: 450 }, (_, n) => policy(n)) },
  };
  large.request.role_session_name = "the-large-case";
  await saveWork(page, "my-work-before-a-large-link");
  await openAt(page, linkTo(large, "?large"));
  const notice = page.locator("#notice");
  await expect(notice).toContainText("This link holds a large case");
  await expect(page.locator("#field-role_session_name")).toHaveValue("my-work-before-a-large-link");
  await shot(page, testInfo, "held-link");
  await notice.getByRole("button", { name: "Open the linked case" }).click();
  await expect(page.locator("#field-role_session_name")).toHaveValue("the-large-case");
  await expect(page.locator("#notice")).toContainText("kept as a draft");
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("assumable.draft")));
  expect(draft.request.role_session_name).toBe("my-work-before-a-large-link");
});
