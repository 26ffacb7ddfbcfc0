// The page as served: the e2e server is nginx with deploy/nginx.conf
// (scripts/nginx-test.sh), so these check what a deployment sends: the
// security headers, the types, the caching, and the precompressed files
// scripts/build-site.sh writes. Run in both projects, at / and under /assumable/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test, expect } from "./fixtures.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dist = resolve(root, process.env.E2E_DIST ?? "dist");

/** The hashed files index.html names: the app's glue JS, its wasm, the CSS. */
async function hashedFiles(request, baseURL) {
  const html = await (await request.get(baseURL)).text();
  const js = html.match(/boot\.js\?js=(assumable-web-[0-9a-f]{16}\.js)/)?.[1];
  const wasm = html.match(/wasm=(assumable-web-[0-9a-f]{16}_bg\.wasm)/)?.[1];
  const css = html.match(/href="\.?\/?(style-[0-9a-f]{16}\.css)"/)?.[1];
  expect([js, wasm, css], "index.html names the hashed JS, wasm and CSS").not.toContain(undefined);
  return { js, wasm, css };
}

test("index.html carries the page's CSP as a header, with frame-ancestors, and is never kept unasked", async ({ request, baseURL }) => {
  const response = await request.get(baseURL);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const meta = (await response.text()).match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
  expect(meta, "index.html's <meta> CSP").toBeTruthy();
  const header = headers["content-security-policy"].split(/;\s*/);
  // Every directive of the <meta>, word for word, and what a <meta> cannot say.
  for (const directive of meta.split(/;\s*/)) expect(header).toContain(directive);
  expect(header).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(headers["cache-control"]).toBe("no-cache");
});

test("hashed files are immutable for a year; files that keep their name are revalidated", async ({ request, baseURL }) => {
  const { js, wasm, css } = await hashedFiles(request, baseURL);
  const types = { [js]: "application/javascript", [wasm]: "application/wasm", [css]: "text/css" };
  for (const [name, type] of Object.entries(types)) {
    const headers = (await request.get(new URL(name, baseURL).href)).headers();
    expect(headers["cache-control"], name).toBe("public, max-age=31536000, immutable");
    expect(headers["content-type"].split(";")[0], name).toBe(type);
    expect(headers["x-content-type-options"], name).toBe("nosniff");
  }
  const unhashed = ["index.html", "boot.js", "reader-loader.js", "assumable-reader.js", "assumable-reader_bg.wasm",
    "redactor-loader.js", "assumable-redactor.js", "assumable-redactor_bg.wasm",
    "access-loader.js", "assumable-access.js", "assumable-access_bg.wasm", "sw.js", "manifest.webmanifest"];
  let checked = 0;
  for (const name of unhashed.filter((name) => existsSync(resolve(dist, name)))) {
    const response = await request.get(new URL(name, baseURL).href);
    expect(response.status(), name).toBe(200);
    expect(response.headers()["cache-control"], name).toBe("no-cache");
    checked += 1;
  }
  expect(checked).toBeGreaterThanOrEqual(5);
  if (existsSync(resolve(dist, "assumable-reader_bg.wasm"))) {
    const reader = await request.get(new URL("assumable-reader_bg.wasm", baseURL).href);
    expect(reader.headers()["content-type"]).toBe("application/wasm");
  }
  if (existsSync(resolve(dist, "manifest.webmanifest"))) {
    const manifest = await request.get(new URL("manifest.webmanifest", baseURL).href);
    expect(manifest.headers()["content-type"].split(";")[0]).toBe("application/manifest+json");
  }
});

test("the precompressed .br and .gz files are sent to whoever accepts them", async ({ request, baseURL }) => {
  const { wasm } = await hashedFiles(request, baseURL);
  const raw = readFileSync(resolve(dist, wasm));
  for (const encoding of ["br", "gzip"]) {
    const suffix = encoding === "br" ? ".br" : ".gz";
    expect(existsSync(resolve(dist, wasm + suffix)), `${wasm}${suffix} (scripts/build-site.sh writes it)`).toBe(true);
    const response = await request.get(new URL(wasm, baseURL).href, { headers: { "accept-encoding": encoding } });
    const headers = response.headers();
    expect(headers["content-encoding"], encoding).toBe(encoding);
    expect(headers["content-type"]).toBe("application/wasm");
    expect(headers["vary"]).toBe("Accept-Encoding");
    expect(Number(headers["content-length"])).toBe(readFileSync(resolve(dist, wasm + suffix)).length);
    // Playwright decodes it: the very bytes of the build.
    expect(Buffer.compare(await response.body(), raw)).toBe(0);
  }
  const plain = await request.get(new URL(wasm, baseURL).href, { headers: { "accept-encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(Number(plain.headers()["content-length"])).toBe(raw.length);

  const html = await request.get(baseURL, { headers: { "accept-encoding": "br" } });
  expect(html.headers()["content-encoding"]).toBe("br");
});

test("the sub-path without its slash is sent to the sub-path", async ({ request, baseURL }) => {
  const origin = new URL(baseURL).origin;
  const response = await request.get(`${origin}/assumable`, { maxRedirects: 0 });
  expect(response.status()).toBe(301);
  expect(response.headers()["location"]).toBe("/assumable/");
});
