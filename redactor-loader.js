// Starts the redactor worker (web/src/bin/assumable-redactor.rs): the classic
// worker script wasm-bindgen wrote for it, then its wasm. Trunk's own loader
// shim would pass the wasm's path the way wasm-bindgen now warns about.
importScripts("./assumable-redactor.js");
wasm_bindgen({ module_or_path: "./assumable-redactor_bg.wasm" }).catch((error) => {
  // A rejected promise would fail silently; thrown, it reaches the page's
  // onerror, which tells the person instead of waiting for ever.
  setTimeout(() => {
    throw error;
  });
});
