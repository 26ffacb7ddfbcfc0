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

// A meta CSP cannot carry frame-ancestors: the server sends it, and the build
// carries it in _headers for hosts that read that file (issue 10, item 12).
test("no other site may frame the page", async ({ browser, request, baseURL }) => {
  const response = await request.get(baseURL);
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
  const headersFile = await request.get(new URL("_headers", baseURL).href);
  expect(await headersFile.text()).toContain("frame-ancestors 'none'");

  // Framed by another origin (about:blank is opaque), the page does not load.
  // Its own context: the browser reports the refused frame as a console error,
  // which the shared fixture would count against the test.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(`<iframe id="framed" src="${baseURL}"></iframe>`);
  await page.waitForTimeout(1500);
  await expect(page.frameLocator("#framed").locator("[data-decision]")).toHaveCount(0);
  await context.close();
});
