// The shared fixtures of every e2e spec: import { test, expect } from here,
// not from @playwright/test. An automatic fixture watches each page and fails
// the test on any console error, uncaught page error, same-origin response
// >= 400, or request to any origin but the test server's (which it also
// aborts, so no test ever reaches the network).
//
// Also provided: `openApp(page)` opens the app at the project's base URL and
// waits until the wasm has started (Trunk's TrunkApplicationStarted event);
// `axeViolations(page)` audits the page as it stands (the spec must
// `test.use({ bypassCSP: true })`: axe is injected as a script).
import { createRequire } from "node:module";
import { test as base, expect } from "@playwright/test";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export const test = base.extend({
  pageProblems: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL).origin;
      const problems = { consoleErrors: [], pageErrors: [], failedResponses: [], foreignRequests: [] };

      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin || url.startsWith("data:")) return route.continue();
        problems.foreignRequests.push(url);
        return route.abort("blockedbyclient");
      });
      const watch = (page) => {
        page.on("console", (message) => {
          if (message.type() === "error") problems.consoleErrors.push(message.text());
        });
        page.on("pageerror", (error) => problems.pageErrors.push(String(error)));
        page.on("response", (response) => {
          if (response.status() >= 400) problems.failedResponses.push(`${response.status()} ${response.url()}`);
        });
      };
      context.pages().forEach(watch);
      context.on("page", watch);

      await use(problems);

      expect.soft(problems.consoleErrors, "console errors").toEqual([]);
      expect.soft(problems.pageErrors, "uncaught page errors").toEqual([]);
      expect.soft(problems.failedResponses, "failed same-origin responses").toEqual([]);
      expect(problems.foreignRequests, `requests to origins other than ${origin}`).toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the app at the base URL and resolves once its wasm has started. */
export async function openApp(page) {
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", () => {
      window.__assumableStarted = true;
    });
  });
  await page.goto("./");
  await page.waitForFunction(() => window.__assumableStarted === true, null, { timeout: 20_000 });
}

/** The axe violations of the page as it stands: id and the first nodes of each. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  return results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
}

export { expect };
