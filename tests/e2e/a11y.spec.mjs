// Quality bar: an axe-core audit reports no violation, in light and dark, at
// laptop and phone widths, with a failing item open and the examples shown;
// and nothing but the page's own origin is ever asked for.
import { createRequire } from "node:module";
import { test, expect } from "./fixtures.mjs";
import { linkTo, openAt, readCase } from "./links.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// axe is injected as a script; the page's CSP (rightly) refuses that, so only
// this audit bypasses it.
test.describe("axe audit", () => {
  test.use({ bypassCSP: true });

  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      test(`no violation in ${colorScheme} at ${width}px`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        // A case with a fix, a failing item open, locations and a diff.
        await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
        await page.locator("#examples-toggle").click();
        await page.locator("details.more > summary").click();
        await page.locator(".gallery").waitFor();
        await page.addScriptTag({ path: axePath });
        const results = await page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ["violations"] }),
        );
        const summary = results.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
        }));
        expect(summary).toEqual([]);
      });
    }
  }
});

test("after the page has loaded, using it sends nothing: its only requests fetch the redactor's code", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.external_id/not-passed.json")));
  await page.waitForLoadState("networkidle");
  const requests = [];
  page.on("request", (request) => requests.push(request));
  await page.locator("#field-external_id").fill("MyExternalIdValue123");
  await page.locator("#examples-toggle").click();
  await page.locator("button.example").first().click();
  // Redaction is the redactor's, a worker fetched the first time it is
  // needed: the page's own code, asked for with nothing of the case.
  await page.locator("#redact").check();
  await expect(page.locator("#share-link")).toHaveAttribute("data-link", "redacted");
  await page.locator(".check-head").first().click();
  await page.locator("#editor-trust_policy").fill("{ not json");
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "invalid");
  await page.waitForTimeout(400);
  const origin = new URL(page.url()).origin;
  const fetched = requests.map((request) => {
    const url = new URL(request.url());
    return { method: request.method(), origin: url.origin, file: url.pathname.split("/").pop(), query: url.search, body: request.postData() };
  });
  expect(fetched.map(({ file }) => file).sort()).toEqual(["assumable-redactor.js", "assumable-redactor_bg.wasm", "redactor-loader.js"]);
  for (const request of fetched) expect(request).toEqual({ method: "GET", origin, file: request.file, query: "", body: null });
});

test("a large paste (a real Ctrl+V of 400 statements) is taken at once and evaluated", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openAt(page, linkTo(readCase("allow/cross-account.json")));
  const statements = Array.from({ length: 400 }, (_, i) => ({
    Sid: `S${i}`,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:root` },
    Action: "sts:AssumeRole",
  }));
  const big = JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
  await page.evaluate((text) => navigator.clipboard.writeText(text), big);
  const editor = page.locator("#editor-trust_policy");
  await editor.focus();
  await page.keyboard.press("ControlOrMeta+A");
  const started = Date.now();
  await page.keyboard.press("ControlOrMeta+V");
  await expect(editor).toHaveValue(big);
  // Far over the trust policy size quota: AWS refuses it, and so does the page.
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "invalid");
  expect(Date.now() - started).toBeLessThan(3_000);
  // Typing afterwards stays quick.
  const typed = Date.now();
  await page.locator("#field-role_session_name").fill("after-paste");
  await expect(page.locator("#field-role_session_name")).toHaveValue("after-paste");
  expect(Date.now() - typed).toBeLessThan(1_000);
});
