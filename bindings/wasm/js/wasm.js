// chairbook/wasm: the same API as "chairbook", with the module's binary in a separate file,
// booking_core_file.wasm, beside this one. For pages under a Content-Security-Policy, edge runtimes
// and bundlers that emit the .wasm as an asset: the URL below is the literal
// `new URL("./…", import.meta.url)` that Vite, Rollup and webpack 5 recognise and rewrite.
//
//   import createBooking from "chairbook/wasm";
//   const booking = await createBooking();                 // fetches booking_core_file.wasm
//   const booking = await createBooking({ wasm: module }); // an edge runtime's WebAssembly.Module
import createBookingCore from "./booking_core_file.js";
import { open } from "./api.js";

export { BookingError, MAX_DOCUMENT_BYTES } from "./api.js";

const wasmURL = new URL("./booking_core_file.wasm", import.meta.url);

// A file: URL (Node, Deno, Bun, or a bundle run by one of them) is read from disk: Node's fetch()
// does not take file: URLs and Emscripten 3.1.6's loader would try it (toolchain trap 3). The name is
// a variable so that a bundler building for the browser does not try to resolve node:fs.
const fsModule = "node:fs/promises";
const readFileURL = async (url) => new Uint8Array(await (await import(/* @vite-ignore */ fsModule)).readFile(url));

/**
 * Loads the module and returns the API. `options.wasm` overrides where the binary comes from: a
 * URL or URL string, its bytes (ArrayBuffer or a typed array), or a compiled WebAssembly.Module.
 */
export default async function createBooking(options = {}) {
  const { wasm = wasmURL, ...rest } = options;
  const core = { ...rest };
  if (typeof WebAssembly.Module === "function" && wasm instanceof WebAssembly.Module) {
    // Instantiated from the caller's module: nothing is compiled from bytes here.
    core.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm));
      return {};
    };
  } else if (wasm instanceof ArrayBuffer || ArrayBuffer.isView(wasm)) {
    core.wasmBinary = wasm instanceof ArrayBuffer ? new Uint8Array(wasm) : new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength);
  } else {
    const base = typeof document === "object" && document?.baseURI ? document.baseURI : import.meta.url;
    const url = new URL(String(wasm), base);
    if (url.protocol === "file:") core.wasmBinary = await readFileURL(url);
    else core.locateFile = (path) => (path.endsWith(".wasm") ? url.href : path);
  }
  return open(createBookingCore, core);
}
