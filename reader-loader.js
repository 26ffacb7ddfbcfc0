// Starts the reader worker (web/src/bin/assumable-reader.rs): the classic
// worker script wasm-bindgen wrote for it, then its wasm. Trunk's own loader
// shim would pass the wasm's path the way wasm-bindgen now warns about.
importScripts("./assumable-reader.js");
wasm_bindgen({ module_or_path: "./assumable-reader_bg.wasm" }).catch((error) => {
  // A rejected promise would fail silently; thrown, it reaches the page's
  // onerror, which tells the person instead of waiting for ever.
  setTimeout(() => {
    throw error;
  });
});
