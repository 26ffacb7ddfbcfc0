// A tiny static server for the release build: serves dist/ on 127.0.0.1 both
// at / and under a sub-path (/assumable/), because the page must work from
// any sub-path. No dependencies; used by the Playwright config and serve.sh.
//
//   node tests/e2e/serve-dist.mjs [--dir dist] [--port 4173] [--subpath /assumable/]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: "dist" },
    port: { type: "string", default: process.env.E2E_PORT ?? "4173" },
    subpath: { type: "string", default: "/assumable/" },
  },
});
const root = resolve(values.dir);
const subpath = values.subpath.endsWith("/") ? values.subpath : `${values.subpath}/`;

// application/wasm matters: WebAssembly.instantiateStreaming requires it.
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

/** The file under root that a URL path names, or null (outside root, unknown prefix). */
function fileFor(urlPath) {
  let rest;
  if (urlPath.startsWith(subpath)) rest = urlPath.slice(subpath.length);
  else if (urlPath.startsWith("/")) rest = urlPath.slice(1);
  else return null;
  if (rest === "" || rest.endsWith("/")) rest += "index.html";
  const file = normalize(join(root, decodeURIComponent(rest)));
  return file === root || file.startsWith(root + sep) ? file : null;
}

// What a <meta> Content-Security-Policy cannot say: no other site may frame
// the page (clickjacking an Apply button). The same headers are in dist/_headers
// for hosts that read that file; README's "Serving the page" shows others.
const SECURITY_HEADERS = {
  "content-security-policy": "frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const server = createServer(async (request, response) => {
  const urlPath = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
  if (`${urlPath}/` === subpath) {
    response.writeHead(301, { location: subpath }).end();
    return;
  }
  const file = fileFor(urlPath);
  try {
    if (!file || !(await stat(file)).isFile()) throw new Error("not a file");
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      ...SECURITY_HEADERS,
    });
    response.end(request.method === "HEAD" ? undefined : body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  }
});

server.listen(Number(values.port), "127.0.0.1", () => {
  const base = `http://127.0.0.1:${values.port}`;
  console.log(`serving ${root} at ${base}/ and ${base}${subpath}`);
});
