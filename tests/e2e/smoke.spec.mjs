// The page loads from the release build, its wasm starts, and it shows the
// app; the fixtures fail it on console errors and requests to other origins.
import { test, expect, openApp } from "./fixtures.mjs";

test("the page loads and the app starts, with no console error and no other origin", async ({ page }) => {
  await openApp(page);
  await expect(page).toHaveTitle(/Assumable/);
  // Tolerant of the page's content: the app renders a <main> once it has one.
  const main = page.locator("main");
  if ((await main.count()) > 0) await expect(main.first()).toBeVisible();
  // Let the first render and any late request or error surface.
  await page.waitForLoadState("networkidle");
});

test("the page runs under its own Content-Security-Policy", async ({ page }) => {
  const violations = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toMatch(/https?:/);
  expect(violations).toEqual([]);
});
