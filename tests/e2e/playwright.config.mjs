// Playwright end-to-end tests of the release build (dist/).
//
// Adding a test = adding a tests/e2e/<name>.spec.mjs that imports `test` and
// `expect` from ./fixtures.mjs: every test then runs against dist/ served at
// / and under /assumable/, in Debian's Chromium, and fails on any console
// error, page error, failed same-origin request or request to another origin.
// In a spec, open the page with `page.goto("./")` (relative to the project's
// base URL) so that both serving paths are covered.
//
// dist/ is served as deployed: Debian's nginx with deploy/nginx.conf (its
// headers, caching, precompressed .br/.gz files), started on 127.0.0.1 by
// scripts/nginx-test.sh for the run and stopped after it.
//
// Run: scripts/test.sh (builds dist/ first), or
//   scripts/build-site.sh && npx playwright test --config tests/e2e/playwright.config.mjs
import { defineConfig } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = resolve(root, process.env.E2E_DIST ?? "dist");
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: here,
  testMatch: /.*\.spec\.m?[jt]s$/,
  outputDir: resolve(root, "target/e2e-results"),
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: two workers at most.
  workers: process.env.CI ? 1 : 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  webServer: {
    command: `bash ${JSON.stringify(resolve(root, "scripts/nginx-test.sh"))} ${port} ${JSON.stringify(dist)}`,
    url: `${origin}/index.html`,
    reuseExistingServer: false,
    timeout: 15_000,
    stdout: "ignore",
    // nginx's fast shutdown; Playwright kills what is left after 5 s.
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
  use: {
    // Playwright's launch gives every run a new, empty, temporary profile.
    launchOptions: {
      executablePath: process.env.CHROME_BIN ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "off",
    screenshot: "only-on-failure",
    // No service worker but in offline.spec.mjs, which allows it: cached files must not leak between specs.
    serviceWorkers: "block",
  },
  projects: [
    { name: "root", use: { baseURL: `${origin}/` } },
    { name: "subpath", use: { baseURL: `${origin}/assumable/` } },
  ],
});
