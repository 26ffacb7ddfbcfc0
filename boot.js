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

const glue = await import(sameFolder(names.get("js")).href);
const wasm = await glue.default({ module_or_path: sameFolder(names.get("wasm")) });
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
