// chairbook for JavaScript: the engine compiled to WebAssembly, as an ES module for Node 20 and
// browsers. This entry ("chairbook") carries the .wasm inlined as base64 in booking_core.js: nothing
// to locate or serve. "chairbook/wasm" (wasm.js) loads a separate .wasm file instead.
//
//   import createBooking from "chairbook";
//   const booking = await createBooking();
//   const { slots } = booking.availability(clinic, bookings, request);
import createBookingCore from "./booking_core.js";
import { open } from "./api.js";

export { BookingError, MAX_DOCUMENT_BYTES } from "./api.js";

/** Loads the module (zones included) and returns the API. */
export default function createBooking(options = {}) {
  return open(createBookingCore, options);
}
