// Computes the example clinic's week and a copy of it in Europe/Paris, and writes the counts on #status.
// The import specifier is rewritten by pack.test.mjs for the page without a bundler.
import createBooking, { BookingError } from "chairbook/wasm";

const status = document.querySelector("#status");
try {
  const [clinic, bookings, request] = await Promise.all(
    ["clinic.json", "bookings.json", "request-week.json"].map((f) => fetch(f).then((r) => r.json())));
  const booking = await createBooking();
  const { slots } = booking.availability(clinic, bookings, request);
  const paris = { ...clinic, sites: clinic.sites.map((s) => ({ ...s, timezone: "Europe/Paris" })) };
  status.dataset.paris = String(booking.availability(paris, bookings, request).slots.length);
  try { booking.availability(clinic, bookings, { ...request, site: "nowhere" }); } catch (e) {
    if (e instanceof BookingError) status.dataset.error = `${e.code} at ${e.pointer}`;
  }
  status.dataset.zones = String(booking.zones.length);
  status.dataset.slots = String(slots.length);
  status.textContent = `${slots.length} slots`;
} catch (e) {
  status.dataset.failed = String(e?.stack ?? e);
}
