import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

// The one place the app finds the engine's WebAssembly package: the folder CMake assembles
// (bindings/wasm/CMakeLists.txt). A moved or renamed package is a change of this line or of
// BOOKING_WASM_PKG; the app imports it as "booking-wasm" (src/lib/engine.worker.js).
const pkg = path.resolve(process.env.BOOKING_WASM_PKG ?? path.join(root, "build/wasm/bindings/wasm/package"));
const entry = path.join(pkg, "index.js");
if (!fs.existsSync(entry)) {
  throw new Error(
    `The booking WebAssembly package is missing: ${entry} does not exist.\n` +
      `Build it first with scripts/web.sh (or scripts/test-web.sh), or by hand:\n` +
      `  NODE_PATH=/usr/share/nodejs scripts/fetch-date-src.sh build/wasm-deps && cmake --preset wasm && cmake --build --preset wasm\n` +
      `or point BOOKING_WASM_PKG at a built package folder.`,
  );
}

export default defineConfig({
  plugins: [sveltekit()],
  resolve: { alias: { "booking-wasm": entry, $clinic: path.join(root, "examples/clinic") } },
  // The package is an ES module: the worker must be one too.
  worker: { format: "es" },
  server: { fs: { allow: [pkg, path.join(root, "examples/clinic")] } },
  build: { chunkSizeWarningLimit: 2000 },
});
