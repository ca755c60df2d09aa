// booking for JavaScript: the engine compiled to WebAssembly, as an ES module for Node 20 and browsers.
//
//   import createBooking from "booking-engine";
//   const booking = await createBooking();
//   const { slots } = booking.availability(clinic, bookings, request);
import createBookingCore from "./booking_core.js";

/** An error from the engine: `code` is stable ("unknown_zone", ...), `pointer` a JSON Pointer. */
export class BookingError extends Error {
  constructor({ code, pointer, message }) {
    super(message);
    this.name = "BookingError";
    this.code = code;
    this.pointer = pointer;
  }
}

const text = (doc) => (doc === undefined || doc === null ? "" : typeof doc === "string" ? doc : JSON.stringify(doc));
// No bookings given means none; an empty string is an empty document, which the engine refuses.
const bookingsText = (doc) => (doc === undefined || doc === null ? "[]" : text(doc));

// An instant as RFC 3339: a Date becomes its UTC form (whole seconds); strings pass through.
const instant = (t) => (t instanceof Date ? t.toISOString().replace(/\.\d{3}Z$/, "Z") : t);

// The core answers with the UTF-8 bytes of JSON, as a view of its memory valid until the next call
// (decode at once); lastFailed() says whether they are an answer or an error.
const utf8 = new TextDecoder();

/** Loads the module (about 1 MB, zones included) and returns the API. */
export default async function createBooking(options = {}) {
  const core = await createBookingCore(options);
  const unwrap = (bytes) => {
    const text = utf8.decode(bytes);
    if (core.lastFailed()) throw new BookingError(JSON.parse(text));
    return text;
  };
  // The answer's bytes copied out of the module's memory (a string over 128 KiB costs V8 far more:
  // bench/README.md); an error still throws.
  const unwrapBytes = (bytes) => {
    if (core.lastFailed()) throw new BookingError(JSON.parse(utf8.decode(bytes)));
    return bytes.slice();
  };

  // Slot tables (docs/format.md) into the answer availabilityJSON prints, parsed: the engine printed
  // every string once, and this only looks them up (bench/README.md: a fifth of the time of
  // JSON.parse on the JSON answer). The tests compare both on every scenario.
  const expand = ({ ids, professionals, chairs, runs, resources, times }, rows) => {
    const runChairs = runs.map((run) => run.map((k) => chairs[k]));
    const slots = new Array(rows.length / 3);
    for (let i = 0, j = 0; j < rows.length; i++, j += 3) {
      const p = rows[j], run = runChairs[rows[j + 1]], t = 3 * rows[j + 2];
      slots[i] = { id: ids[p] + times[t], start: times[t + 1], end: times[t + 2], professional: professionals[p],
                   chair: run[0], chairs: run.slice(), resources: resources.slice() };
    }
    return { slots };
  };
  const expandJSON = (text) => {
    const tables = JSON.parse(text);
    return expand(tables, tables.slots);
  };

  const runJSON = (operation, documents) => {
    if (typeof operation !== "string") throw new TypeError("operation must be a string");
    const docs = typeof documents === "string" ? documents : JSON.stringify(documents ?? {});
    return unwrap(core.run(operation, docs));
  };
  const run = (operation, documents) => JSON.parse(runJSON(operation, documents));

  // Closes engines nobody closed, once they are garbage collected.
  const registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry((h) => core.engineClose(h)) : null;

  class Engine {
    #handle;
    constructor(clinic, bookings) {
      this.#handle = Number(unwrap(core.engineOpen(text(clinic), bookingsText(bookings))));
      registry?.register(this, this.#handle, this);
    }
    #view(operation, doc) {  // the answer's bytes in the module's memory, valid until the next call
      if (this.#handle === 0) throw new BookingError({ code: "closed_engine", pointer: "", message: "this engine was closed" });
      return core.engineCall(this.#handle, operation, text(doc));
    }
    #call(operation, doc) { return unwrap(this.#view(operation, doc)); }
    availabilityJSON(request) { return this.#call("availability", request); }
    availabilityBytes(request) { return unwrapBytes(this.#view("availability", request)); }
    availability(request) {
      const strings = JSON.parse(this.#call("slot_tables", request));
      return expand(strings, core.lastRows());  // a view of the module's memory: read before the next call
    }
    checkJSON(request) { return this.#call("check", request); }
    check(request) { return JSON.parse(this.checkJSON(request)); }
    setBookings(bookings) { this.#call("set_bookings", bookingsText(bookings)); }
    close() {
      if (this.#handle !== 0) {
        core.engineClose(this.#handle);
        registry?.unregister(this);
        this.#handle = 0;
      }
    }
    [Symbol.dispose]() { this.close(); }
  }

  const docs = (clinic, bookings, request) => ({ clinic: text(clinic), bookings: bookingsText(bookings), request: text(request) });
  const simDocs = (published, draft, bookings, request) => {
    const r = typeof request === "string" || request == null ? request : { ...request, now: instant(request.now) };
    return { published: text(published), draft: text(draft), bookings: bookingsText(bookings), request: text(r) };
  };
  return {
    version: core.version(),
    zones: JSON.parse(core.zones()),
    run,
    runJSON,
    availability: (clinic, bookings, request) => expandJSON(runJSON("availability_tables", docs(clinic, bookings, request))),
    availabilityJSON: (clinic, bookings, request) => runJSON("availability", docs(clinic, bookings, request)),
    availabilityBytes: (clinic, bookings, request) => unwrapBytes(core.run("availability", JSON.stringify(docs(clinic, bookings, request)))),
    check: (clinic, bookings, request) => run("check", docs(clinic, bookings, request)),
    checkJSON: (clinic, bookings, request) => runJSON("check", docs(clinic, bookings, request)),
    validate: (clinic, bookings) => run("validate", docs(clinic, bookings)),
    // Configuration: the draft simulator, layered resolution with provenance, diff, versions.
    simulate: (published, draft, bookings, request) => run("simulate", simDocs(published, draft, bookings, request)),
    simulateJSON: (published, draft, bookings, request) => runJSON("simulate", simDocs(published, draft, bookings, request)),
    resolve: (clinic, scope = {}) => run("resolve", { clinic: text(clinic), request: text(scope) }),
    diff: (before, after) => run("diff", { before: text(before), after: text(after) }),
    inForce: (versions, at) => run("in_force", { versions: text(versions), request: JSON.stringify({ at: instant(at) }) }),
    Engine,
    openEngines: () => core.openEngines(),
    heapBytes: () => core.HEAP8.length,
  };
}
