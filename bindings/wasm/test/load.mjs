// Loads the built package (BOOKING_WASM_PKG, default build/wasm/bindings/wasm/package) once per test file.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const packageDir = process.env.BOOKING_WASM_PKG ?? path.join(root, "build/wasm/bindings/wasm/package");
const mod = await import(pathToFileURL(path.join(packageDir, "index.js")).href);
export const createBooking = mod.default;
export const BookingError = mod.BookingError;
export const booking = await createBooking();
