// Offline and installable (issue #14): after a first visit the service worker
// (sw.js) holds the whole deploy, so with the network off the page loads,
// evaluates a share link and reads a paste (the reader worker from the
// cache); a new deploy replaces the cached one whole; the manifest makes the
// page installable in Chromium. These tests keep the page's real CSP (no
// bypassCSP): the worker and the manifest must pass it. Every other spec
// blocks service workers (playwright.config.mjs). With SHOTS_DIR set, the
// offline page is photographed (offline-*.png).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test, expect, openApp } from "./fixtures.mjs";
import { linkTo, readCase } from "./links.mjs";

const shots = process.env.SHOTS_DIR;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../..", process.env.E2E_DIST ?? "dist");
const verdict = (page) => page.locator("[data-decision]");

const ERROR =
  "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy";

test.use({ serviceWorkers: "allow" });
test.describe.configure({ timeout: 120_000 });

/** Opens the app and waits until the service worker, installed (the deploy cached), controls it. */
async function firstVisit(page) {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === "activated");
}

/** Reloads (or goes to `url`) and waits until the app has started again. */
async function reopen(page, url) {
  await page.evaluate(() => {
    window.__assumableStarted = false;
  });
  if (url) await page.goto(url);
  else await page.reload();
  await page.waitForFunction(() => window.__assumableStarted === true, null, { timeout: 30_000 });
}

/** The path, below the page's folder, of every entry of every cache the page's origin holds. */
function cachedFiles(page) {
  return page.evaluate(async () => {
    const scope = new URL("./", location.href).href;
    const files = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        if (request.url.startsWith(scope)) files.push(new URL(request.url).pathname.slice(new URL(scope).pathname.length) || "index.html");
      }
    }
    return files;
  });
}

/** The text of each cached copy of the page itself (one per deploy the origin keeps). */
function cachedPages(page) {
  return page.evaluate(async () => {
    const scope = new URL("./", location.href).href;
    const pages = [];
    for (const name of await caches.keys()) {
      const cached = await (await caches.open(name)).match(scope);
      if (cached) pages.push(await cached.text());
    }
    return pages;
  });
}

test("after a first visit, offline, the page loads, evaluates a link and reads a paste", async ({ page, context }) => {
  await firstVisit(page);

  // Every file of the build is cached (the workers too), but the worker itself, the host's _headers
  // and the precompressed .br/.gz beside each file (scripts/build-site.sh: the same files, encoded).
  const cached = await cachedFiles(page);
  const built = readdirSync(dist, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter((file) => file !== "_headers" && file !== "sw.js" && !/\.(br|gz)$/.test(file));
  expect(built).toEqual(expect.arrayContaining(["index.html", "assumable-reader_bg.wasm", "assumable-access_bg.wasm"]));
  expect(cached).toEqual(expect.arrayContaining(built));

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  // A reload offline: the start screen, then a paste read by the reader, never loaded before.
  await reopen(page);
  await expect(page.locator("#start")).toBeVisible();
  await page.getByRole("button", { name: "Paste what you have" }).click();
  await page.locator("#paste-start-text").fill(ERROR);
  await page.getByRole("button", { name: "Read it" }).click();
  await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111122223333:user/ci");
  await expect(page.locator("#field-role_arn")).toHaveValue("arn:aws:iam::444455556666:role/Deploy");
  await expect(page.locator("#notice")).toContainText("Read an AWS AccessDenied message");
  if (shots) await page.screenshot({ path: `${shots}/offline-paste-${page.viewportSize().width}.png` });

  // A share link opened offline (a new navigation: the query makes it one) is evaluated.
  await reopen(page, linkTo(readCase("trust.mfa/bool-true-not-passed.json"), "?offline"));
  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
  await expect(page.locator('[data-check-id="trust.mfa"]')).toHaveAttribute("data-status", "fail");
  await expect(page.locator('[data-check-id="trust.principal"]')).toHaveAttribute("data-status", "pass");
  if (shots) await page.screenshot({ path: `${shots}/offline-link-${page.viewportSize().width}.png`, fullPage: true });
  // Another link, another verdict.
  await reopen(page, linkTo(readCase("allow/cross-account.json"), "?offline-2"));
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
});

test("the page is installable: its manifest is linked, served as a manifest and parses, and the worker is active", async ({ page, context }) => {
  await firstVisit(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const response = await page.request.get(new URL(href, page.url()).href);
  expect(response.headers()["content-type"]).toMatch(/^application\/manifest\+json\b/);
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    short_name: "Assumable",
    start_url: "./",
    scope: "./",
    display: "standalone",
    background_color: "#f6f7f9",
    theme_color: "#0b5cad",
  });
  expect(manifest.name).toContain("Assumable");
  const icons = manifest.icons.map((icon) => `${icon.sizes} ${icon.type} ${icon.purpose}`);
  expect(icons).toEqual(
    expect.arrayContaining(["192x192 image/png any", "512x512 image/png any", "512x512 image/png maskable", "any image/svg+xml any"]),
  );
  for (const icon of manifest.icons) {
    const file = await page.request.get(new URL(icon.src, response.url()).href);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"], icon.src).toContain(icon.type);
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL)).toBe(new URL("sw.js", page.url()).href);

  // Chromium's own verdict: the manifest it read, without errors.
  const cdp = await context.newCDPSession(page);
  const app = await cdp.send("Page.getAppManifest");
  expect(app.url).toBe(new URL(href, page.url()).href);
  expect(app.errors).toEqual([]);
});

test("Chromium finds nothing against installing the page (in a profile of its own: a test's context is incognito)", async ({ playwright, launchOptions, baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), "assumable-install-"));
  const context = await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, baseURL, serviceWorkers: "allow" });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(String(error)));
    await firstVisit(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("a new deploy replaces the cached one whole: page, hashed files and worker files", async ({ page, context, baseURL }) => {
  await firstVisit(page);
  const before = await cachedPages(page);
  expect(before).toHaveLength(1);
  const oldHash = before[0].match(/assumable-web-([0-9a-f]{16})\.js/)[1];
  const newHash = [...oldHash].reverse().join("") === oldHash ? "0123456789abcdef" : [...oldHash].reverse().join("");

  // Deploy B, served from here on: a page naming new hashed glue and wasm (the
  // same bytes under new names), and a reader loader that says which deploy it is.
  const scope = new URL(baseURL);
  const isPage = (url) => url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`;
  const servePage = async (route) => {
    const response = await route.fetch();
    const html = (await response.text())
      .replaceAll(oldHash, newHash)
      .replace("<head>", '<head>\n    <meta name="deploy" content="B">');
    return route.fulfill({ response, body: html });
  };
  const renamed = `**/assumable-web-${newHash}*`;
  const serveRenamed = async (route) =>
    route.fulfill({ response: await route.fetch({ url: route.request().url().replace(newHash, oldHash) }) });
  const serveLoader = async (route) => {
    const response = await route.fetch();
    return route.fulfill({ response, body: `${await response.text()}\n// deploy B\n` });
  };
  await context.route(isPage, servePage);
  await context.route(renamed, serveRenamed);
  await context.route("**/reader-loader.js", serveLoader);

  // Online, the reload gets deploy B at once (network first), and the worker adopts it whole.
  await reopen(page);
  await expect(page.locator('meta[name="deploy"]')).toHaveAttribute("content", "B");
  await expect
    .poll(async () => (await cachedPages(page)).map((html) => html.includes('<meta name="deploy" content="B">')), { timeout: 20_000 })
    .toEqual([true]);
  const files = await cachedFiles(page);
  expect(files.filter((file) => file.includes(oldHash))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining([`assumable-web-${newHash}.js`, `assumable-web-${newHash}_bg.wasm`]));

  // Offline (these routes fetch from Node, past the browser's offline: gone
  // first): deploy B's page, glue, wasm and reader, nothing of A.
  await context.unroute(isPage, servePage);
  await context.unroute(renamed, serveRenamed);
  await context.unroute("**/reader-loader.js", serveLoader);
  await context.setOffline(true);
  const loaded = [];
  page.on("requestfinished", (request) => loaded.push(new URL(request.url()).pathname));
  await reopen(page);
  await expect(page.locator('meta[name="deploy"]')).toHaveAttribute("content", "B");
  expect(loaded.filter((path) => path.includes(oldHash))).toEqual([]);
  expect(loaded.some((path) => path.endsWith(`assumable-web-${newHash}_bg.wasm`))).toBe(true);
  expect(await page.evaluate(() => fetch("./reader-loader.js").then((response) => response.text()))).toContain("// deploy B");
  await page.getByRole("button", { name: "Paste what you have" }).click();
  await page.locator("#paste-start-text").fill(ERROR);
  await page.getByRole("button", { name: "Read it" }).click();
  await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111122223333:user/ci");
});
