// A panic never leaves a blank screen: the panic hook shows a plain error
// (without Yew) that says the work is kept and how to recover. Only a test
// build can panic on purpose (the `panic-test` feature; `?panic-test`):
//   trunk build --release --offline --features panic-test --dist target/dist-panic
//   E2E_PANIC_BUILD=1 E2E_DIST=target/dist-panic playwright test --config tests/e2e/playwright.config.mjs panic
import { test, expect } from "./fixtures.mjs";
import { linkTo, readCase } from "./links.mjs";

test("a panic shows a visible error that keeps the work and offers a reload", async ({ page, pageProblems }, testInfo) => {
  test.skip(!process.env.E2E_PANIC_BUILD, "needs a build with the panic-test feature (E2E_PANIC_BUILD=1)");
  await page.goto(linkTo(readCase("allow/cross-account.json"), "?panic-test"));
  const notice = page.locator("#panic-notice");
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute("role", "alert");
  await expect(notice).toContainText("internal error");
  await expect(notice).toContainText("panic-test: a deliberate panic");
  await expect(notice).toContainText("Your work is not lost");
  // The scenario stays in the address bar.
  expect(new URL(page.url()).hash).toMatch(/^#s=/);
  if (process.env.SHOTS_DIR && testInfo.project.name === "root") {
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/keep-panic.png` });
  }
  // Reload works even though the wasm has trapped.
  await page.evaluate(() => { window.__beforeReload = true; });
  await notice.getByRole("button", { name: "Reload the page" }).click();
  await expect.poll(() => page.evaluate(() => window.__beforeReload === undefined)).toBe(true);
  // The reloaded test build panics again (`?panic-test` is still there).
  await expect(page.locator("#panic-notice")).toBeVisible();
  // The deliberate panic's log and trap are this test's expected errors.
  const expected = (text) => /panic-test|unreachable|internal error/i.test(text);
  pageProblems.consoleErrors.splice(0, Infinity, ...pageProblems.consoleErrors.filter((text) => !expected(text)));
  pageProblems.pageErrors.splice(0, Infinity, ...pageProblems.pageErrors.filter((text) => !expected(text)));
});
