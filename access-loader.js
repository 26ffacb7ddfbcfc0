// Starts the access worker (web/src/bin/assumable-access.rs), as
// reader-loader.js starts the reader: wasm-bindgen's classic worker script,
// then its wasm.
importScripts("./assumable-access.js");
wasm_bindgen({ module_or_path: "./assumable-access_bg.wasm" }).catch((error) => {
  // Thrown, not rejected: it reaches the page's onerror, which tells the
  // person instead of waiting for ever.
  setTimeout(() => {
    throw error;
  });
});
