// Types of "chairbook/wasm": the API of "chairbook" (index.d.ts), loaded from a separate .wasm file.
import type { BookingModule, CreateOptions } from "./index.js";

export * from "./index.js";

export interface WasmCreateOptions extends CreateOptions {
  /**
   * Where the binary comes from: by default booking_core_file.wasm beside wasm.js (read from disk
   * for a file: URL, fetched otherwise). A URL or URL string, the bytes, or a compiled
   * WebAssembly.Module (an edge runtime's `import wasm from "chairbook/booking_core_file.wasm"`).
   */
  wasm?: URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module;
}

export default function createBooking(options?: WasmCreateOptions): Promise<BookingModule>;
