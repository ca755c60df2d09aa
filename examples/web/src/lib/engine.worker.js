// The engine in a Web Worker, so that a recomputation never blocks typing. Messages:
//   in:  {id, op, args}        out: {id, ok: true, result, ms} | {id, ok: false, error: {code, pointer, message}}
// plus one {type: "ready", info} or {type: "failed", error} when the module has loaded (or not).
// No rule lives here: every answer is the engine's (the package "booking-wasm", vite.config.js).

let booking;

const failure = (e) => ({ code: e?.code ?? "error", pointer: e?.pointer ?? "", message: String(e?.message ?? e) });

const ops = {
  /** What the configuration centre shows for a draft: validation, pending diff, simulation, provenance. */
  preview({ published, draft, bookings, request, scope }) {
    const out = { diff: booking.diff(published, draft) };
    try {
      out.validation = booking.validate(draft);
    } catch (e) {
      out.validation = { valid: false, errors: [failure(e)], warnings: [] };
    }
    if (out.validation.valid) {
      try {
        out.simulation = booking.simulate(published, draft, bookings, request);
      } catch (e) {
        out.simulationError = failure(e);
      }
      try {
        out.resolved = booking.resolve(draft, scope);
        try {
          out.resolvedPublished = booking.resolve(published, scope);
        } catch {
          out.resolvedPublished = null; // a site or professional only the draft has
        }
      } catch (e) {
        out.resolveError = failure(e);
      }
    }
    return out;
  },
  availability: ({ clinic, bookings, request }) => booking.availability(clinic, bookings, request),
  check: ({ clinic, bookings, request }) => booking.check(clinic, bookings, request),
};

self.onmessage = ({ data: { id, op, args } }) => {
  const t0 = performance.now();
  try {
    const result = ops[op](args);
    self.postMessage({ id, ok: true, result, ms: performance.now() - t0 });
  } catch (e) {
    self.postMessage({ id, ok: false, error: failure(e), ms: performance.now() - t0 });
  }
};

try {
  const { default: createBooking } = await import("booking-wasm");
  booking = await createBooking();
  self.postMessage({ type: "ready", info: { version: booking.version, zones: booking.zones.length } });
} catch (e) {
  self.postMessage({ type: "failed", error: failure(e) });
}
