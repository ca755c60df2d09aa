// Loads the built package (BOOKING_WASM_PKG, default build/wasm/bindings/wasm/package) once per test
// file, through its single-file entry index.js, or the one BOOKING_WASM_ENTRY names (wasm.js: the
// separate-.wasm build; scripts/test-wasm.sh replays the scenarios through both).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const packageDir = process.env.BOOKING_WASM_PKG ?? path.join(root, "build/wasm/bindings/wasm/package");
export const entry = process.env.BOOKING_WASM_ENTRY ?? "index.js";
const mod = await import(pathToFileURL(path.join(packageDir, entry)).href);
export const createBooking = mod.default;
export const BookingError = mod.BookingError;
export const booking = await createBooking();
