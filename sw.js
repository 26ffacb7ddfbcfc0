// Assumable's service worker (issue #14): after a first visit the page loads,
// evaluates, reads pastes and answers the account view with the network off.
// boot.js registers it once the app has started; its scope is the folder it
// is served from, so dist/ keeps working from any sub-path.
//
// A deploy is one index.html. Its files are kept together in a cache of
// their own, named by the SHA-256 of that index.html: the page itself, every
// file it names (the hashed glue, wasm and CSS, boot.js with its query, the
// manifest and its icons) and the workers' files, which no page names and
// whose names carry no hash (WORKER_FILES). A pointer says which deploy's
// cache is complete; offline, everything comes from that one cache, so a page
// never runs one deploy's glue or worker with another's wasm.
//
//   the page (navigation)  network first; a new index.html (new digest) is
//                          adopted in the background: all its files fetched
//                          into a new cache, the pointer moved only when
//                          every file is in, then the older caches deleted.
//                          Offline: the current deploy's index.html.
//   hashed files           cache first (a name is its content), else network.
//   other files            network first (online, a page gets the files of
//                          the deploy it was served), else the current cache.
//
// A new sw.js takes over at once (skipWaiting, clients.claim): it holds no
// deploy of its own, only these rules, so nothing is mixed by the switch.
"use strict";

const SCOPE = new URL(self.registration.scope);
// Caches belong to the origin, not the scope: two copies of the page on one
// origin (/ and /assumable/) keep theirs apart by the scope's path.
const FAMILY = `assumable ${SCOPE.pathname} `;
const PREFIX = `${FAMILY}v1 `;
const POINTER_CACHE = `${PREFIX}pointer`;
const POINTER_KEY = new URL("__assumable-current-deploy__", SCOPE).href;
const INDEX = SCOPE.href;

// The workers' files: started by the page's wasm (web/src/reader.rs), named
// in no HTML. A new worker adds its loader, glue and wasm here;
// tests/e2e/offline.spec.mjs checks that every file of dist/ is cached.
const WORKER_FILES = [
  "reader-loader.js",
  "assumable-reader.js",
  "assumable-reader_bg.wasm",
  "redactor-loader.js",
  "assumable-redactor.js",
  "assumable-redactor_bg.wasm",
  "access-loader.js",
  "assumable-access.js",
  "assumable-access_bg.wasm",
];

// Trunk's content-hashed names: style-<16 hex>.css, <bin>-<16 hex>.js, <bin>-<16 hex>_bg.wasm.
const HASHED = /-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css)$/;

const inScope = (url) => url.origin === SCOPE.origin && url.href.startsWith(SCOPE.href);

self.addEventListener("install", (event) => {
  self.skipWaiting();
  // Installed means ready offline: a failed first download fails the install,
  // and the browser tries again on a later visit.
  event.waitUntil(
    fetch(INDEX, { cache: "no-cache" }).then((response) => {
      if (!response.ok) throw new Error(`sw.js: ${INDEX} answered ${response.status}`);
      return adopt(response);
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await prune(await currentDeploy());
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!inScope(url)) return;
  if (request.mode === "navigate") {
    // The one page; any other address in the scope goes to the network as usual.
    if (url.pathname === SCOPE.pathname || url.pathname === `${SCOPE.pathname}index.html`) {
      event.respondWith(navigate(event));
    }
    return;
  }
  event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

async function navigate(event) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    const cached = await fromCurrentDeploy(INDEX);
    if (cached) return cached;
    throw offline;
  }
  if (response.ok && response.type === "basic" && /^text\/html\b/.test(response.headers.get("content-type") ?? "")) {
    // A failed adoption leaves the current deploy as it was; the next visit tries again.
    event.waitUntil(adopt(response.clone()).catch(() => {}));
  }
  return response;
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  return shared(request.url, () => fetch(request));
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cached = await fromCurrentDeploy(request.url);
    if (cached) return cached;
    throw offline;
  }
}

// One download per hashed file when the page and an adoption want it at once.
const inflight = new Map();
function shared(url, load) {
  let pending = inflight.get(url);
  if (!pending) {
    pending = load();
    inflight.set(url, pending);
    const done = () => inflight.delete(url);
    pending.then((response) => response.clone().arrayBuffer()).then(done, done);
  }
  return pending.then((response) => response.clone());
}

async function currentDeploy() {
  const pointer = await (await caches.open(POINTER_CACHE)).match(POINTER_KEY);
  return pointer ? pointer.text() : null;
}

async function fromCurrentDeploy(url) {
  const name = await currentDeploy();
  if (!name || !(await caches.has(name))) return undefined;
  return (await caches.open(name)).match(url);
}

// Deploys being adopted, by cache name: one adoption each, never pruned.
const adopting = new Map();

/** Makes the index.html in `response` the current deploy, once all its files are cached. */
async function adopt(response) {
  const html = await response.text();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(html)));
  const name = `${PREFIX}deploy ${[...digest.slice(0, 12)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  // Current and still there (a newer sw.js activating mid-adoption may have deleted it).
  if ((await currentDeploy()) === name && (await caches.has(name))) return;
  if (!adopting.has(name)) {
    const type = response.headers.get("content-type") ?? "text/html; charset=utf-8";
    adopting.set(
      name,
      fill(name, html, type).finally(() => adopting.delete(name)),
    );
  }
  return adopting.get(name);
}

async function fill(name, html, type) {
  const cache = await caches.open(name);
  const store = async (url) => {
    if (await cache.match(url)) return;
    const hashed = HASHED.test(new URL(url).pathname);
    // Hashed: any copy will do. Unhashed: this deploy's, past the HTTP cache.
    const response = hashed
      ? ((await caches.match(url)) ?? (await shared(url, () => fetch(url))))
      : await fetch(url, { cache: "no-cache" });
    if (!response.ok) throw new Error(`sw.js: ${url} answered ${response.status}`);
    await cache.put(url, response);
  };
  const files = filesOf(html);
  await Promise.all(files.map(store));
  // The manifest's icons, named only there.
  for (const url of files.filter((file) => new URL(file).pathname.endsWith(".webmanifest"))) {
    const manifest = await (await cache.match(url)).json();
    await Promise.all((manifest.icons ?? []).map((icon) => new URL(icon.src, url)).filter(inScope).map((icon) => store(icon.href)));
  }
  // The page last: a deploy's index.html is cached only with all its files.
  await cache.put(INDEX, new Response(html, { headers: { "content-type": type } }));
  await (await caches.open(POINTER_CACHE)).put(POINTER_KEY, new Response(name));
  await prune(name);
}

/** The same-scope files an index.html names, with boot.js's glue and wasm, and the workers' files. */
function filesOf(html) {
  const files = new Set(WORKER_FILES.map((file) => new URL(file, SCOPE).href));
  for (const [, value] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const url = new URL(value.replaceAll("&amp;", "&"), SCOPE);
    url.hash = "";
    if (!/^https?:$/.test(url.protocol) || !inScope(url) || url.href === INDEX) continue;
    files.add(url.href);
    if (url.pathname.endsWith("/boot.js")) {
      for (const key of ["js", "wasm"]) {
        const file = url.searchParams.get(key);
        if (file && /^[\w.-]+$/.test(file)) files.add(new URL(file, url).href);
      }
    }
  }
  return [...files];
}

/** Deletes this scope's caches but the pointer, `keep` and deploys being adopted (older formats too). */
async function prune(keep) {
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(FAMILY) && name !== POINTER_CACHE && name !== keep && !adopting.has(name))
      .map((name) => caches.delete(name)),
  );
}
