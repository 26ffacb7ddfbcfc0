// Starts the Yew app. Trunk's default loader is an inline <script>, which the
// page's Content-Security-Policy (script-src 'self', no 'unsafe-inline')
// refuses; Trunk.toml's pattern_script loads this file instead and passes the
// hashed names of the wasm-bindgen glue and the wasm in its query string.
// Everything resolves relative to this file, so dist/ works from any sub-path.
const names = new URL(import.meta.url).searchParams;
const sameFolder = (name) => {
  // Only a plain file name beside this one; never another folder or origin.
  if (!/^[\w.-]+$/.test(name ?? "")) throw new Error(`boot.js: bad file name ${name}`);
  return new URL(name, import.meta.url);
};

// The app's wasm (1.5 MiB) is asked for once the browser has drawn
// index.html's header and loading text: on a slow connection it would
// otherwise share the line with the style sheet the first paint waits for,
// and on a fast one the app would start before that paint, the page blank
// while it compiles. The glue is fetched at once; the wait is one frame (a
// hidden tab draws none: then a short timer).
const glue = import(sameFolder(names.get("js")).href);
await new Promise((drawn) => {
  requestAnimationFrame(() => setTimeout(drawn, 0));
  setTimeout(drawn, 100);
});
const wasmResponse = fetch(sameFolder(names.get("wasm")));
const wasm = await (await glue).default({ module_or_path: wasmResponse });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));

// Offline and installable (sw.js): registered once the app runs, from this
// folder (its scope), over http(s) where the browser has service workers.
// Not registered (a private window, a policy, plain http to another host),
// the page works online as before; nothing to tell the person, nor the console.
if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
  Promise.resolve()
    .then(() => navigator.serviceWorker.register(new URL("sw.js", import.meta.url).href))
    .catch(() => {});
}
