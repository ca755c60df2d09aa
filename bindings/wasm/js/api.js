// The package's API over either build of the module (docs/wasm.md, "Which build"): index.js passes
// the single-file core (wasm inlined), wasm.js the core whose .wasm is a separate file.
/** An error from the engine: `code` is stable ("unknown_zone", ...), `pointer` a JSON Pointer. */
export class BookingError extends Error {
  constructor({ code, pointer, message, document = "", line = 0, column = 0 }) {
    super(message);
    this.name = "BookingError";
    this.code = code;
    this.pointer = pointer;
    this.document = document;
    this.line = line;
    this.column = column;
  }
}

// The engine's limit for one JSON document (booking::limits::max_text_bytes, docs/format.md).
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

// The UTF-8 length of a string, counted only when its length alone does not decide: each UTF-16
// unit takes 1 to 3 bytes (a surrogate pair, two units, takes 4).
const utf8Length = (s) => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 1 : 2;
  }
  return n;
};
// A document's text, refused before it is copied into the module's memory when over the limit
// (the module checks again). `name` says which document, `pointer` where it sits in the call.
const sized = (s, name, pointer = "") => {
  if (s.length * 3 <= MAX_DOCUMENT_BYTES) return s;
  const bytes = s.length > MAX_DOCUMENT_BYTES ? s.length : utf8Length(s);
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new BookingError({ code: "too_large", pointer,
      message: `the ${name} is ${bytes > s.length ? "" : "at least "}${bytes} bytes of UTF-8; the limit is ${MAX_DOCUMENT_BYTES} (64 MiB)` });
  }
  return s;
};
const text = (doc, name = "document", pointer = "") =>
  sized(doc === undefined || doc === null ? "" : typeof doc === "string" ? doc : JSON.stringify(doc), name, pointer);
// No bookings given means none; an empty string is an empty document, which the engine refuses.
const bookingsText = (doc, pointer = "") => (doc === undefined || doc === null ? "[]" : text(doc, "bookings document", pointer));

// An instant as RFC 3339: a Date becomes its UTC form (whole seconds); strings pass through. An
// invalid Date (new Date(NaN)) has no such form: JSON.stringify would send null and toISOString
// throws a RangeError, so it is refused here, naming the field.
const instant = (t, pointer) => {
  if (!(t instanceof Date)) return t;
  if (Number.isNaN(t.getTime())) {
    throw new BookingError({ code: "invalid_value", pointer,
      message: `${pointer} is an invalid Date; expected a valid Date or an RFC 3339 time with an offset, like "2026-12-07T10:00:00-03:00"` });
  }
  return t.toISOString().replace(/\.\d{3}Z$/, "Z");
};
// A request object with its Date fields as RFC 3339 text (the engine's pointers: "/now" in a
// request, "/request/now" in simulate's). Strings and other values pass through.
const request = (r, prefix = "") => {
  if (r === null || typeof r !== "object" || Array.isArray(r)) return r;
  let out = r;
  for (const key of ["now", "start", "at"]) {
    if (r[key] instanceof Date) {
      if (out === r) out = { ...r };
      out[key] = instant(r[key], `${prefix}/${key}`);
    }
  }
  return out;
};

// The core answers with the UTF-8 bytes of JSON, as a view of its memory valid until the next call
// (decode at once); lastFailed() says whether they are an answer or an error.
const utf8 = new TextDecoder();

/** The API over a module made by `createCore(options)` (either build: index.js, wasm.js). */
export async function open(createCore, options = {}) {
  const core = await createCore(options);
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
  const expand = ({ ids, professionals, chairs, runs, resources, times, scores }, rows) => {
    const runChairs = runs.map((run) => run.map((k) => chairs[k]));
    const slots = new Array(rows.length / 3);
    for (let i = 0, j = 0; j < rows.length; i++, j += 3) {
      const p = rows[j], run = runChairs[rows[j + 1]], t = 3 * rows[j + 2];
      slots[i] = { id: ids[p] + times[t], start: times[t + 1], end: times[t + 2], professional: professionals[p],
                   chair: run[0], chairs: run.slice(), resources: resources.slice() };
      // A ranked answer (order "compact"): two integers per slot.
      if (scores) slots[i].score = { idle_minutes: scores[2 * i], gaps: scores[2 * i + 1] };
    }
    return { slots };
  };
  const expandJSON = (text) => {
    const tables = JSON.parse(text);
    return expand(tables, tables.slots);
  };

  // The documents of one call travel as one JSON object, which is one document for the limit.
  const runJSON = (operation, documents) => {
    if (typeof operation !== "string") throw new TypeError("operation must be a string");
    const docs = typeof documents === "string" ? documents : JSON.stringify(documents ?? {});
    return unwrap(core.run(operation, sized(docs, "documents of one call (together)")));
  };
  const run = (operation, documents) => JSON.parse(runJSON(operation, documents));

  // Closes engines nobody closed, once they are garbage collected.
  const registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry((h) => core.engineClose(h)) : null;

  class Engine {
    #handle;
    constructor(clinic, bookings) {
      this.#handle = Number(unwrap(core.engineOpen(text(clinic, "clinic document"), bookingsText(bookings))));
      registry?.register(this, this.#handle, this);
    }
    #view(operation, doc) {  // the answer's bytes in the module's memory, valid until the next call
      if (this.#handle === 0) throw new BookingError({ code: "closed_engine", pointer: "", message: "this engine was closed" });
      return core.engineCall(this.#handle, operation, doc);
    }
    #call(operation, doc) { return unwrap(this.#view(operation, doc)); }
    availabilityJSON(r) { return this.#call("availability", text(request(r), "request")); }
    availabilityBytes(r) { return unwrapBytes(this.#view("availability", text(request(r), "request"))); }
    availability(r) {
      const strings = JSON.parse(this.#call("slot_tables", text(request(r), "request")));
      return expand(strings, core.lastRows());  // a view of the module's memory: read before the next call
    }
    checkJSON(r) { return this.#call("check", text(request(r), "request")); }
    check(r) { return JSON.parse(this.checkJSON(r)); }
    alternatives(r) { return JSON.parse(this.#call("alternatives", text(request(r), "request"))); }
    lifecycle(r) { return JSON.parse(this.#call("lifecycle", text(request(r), "request"))); }
    hours(r) { return JSON.parse(this.#call("hours", text(request(r), "request"))); }
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

  const docs = (clinic, bookings, r) => ({ clinic: text(clinic, "clinic document"), bookings: bookingsText(bookings),
                                           request: text(request(r), "request") });
  const simDocs = (published, draft, bookings, r) => ({
    published: text(published, "published document", "/published"), draft: text(draft, "draft document", "/draft"),
    bookings: bookingsText(bookings, "/bookings"), request: text(request(r, "/request"), "request", "/request") });
  return {
    version: core.version(),
    zones: JSON.parse(core.zones()),
    run,
    runJSON,
    availability: (clinic, bookings, request) => expandJSON(runJSON("availability_tables", docs(clinic, bookings, request))),
    availabilityJSON: (clinic, bookings, request) => runJSON("availability", docs(clinic, bookings, request)),
    availabilityBytes: (clinic, bookings, r) =>
      unwrapBytes(core.run("availability", sized(JSON.stringify(docs(clinic, bookings, r)), "documents of one call (together)"))),
    check: (clinic, bookings, request) => run("check", docs(clinic, bookings, request)),
    checkJSON: (clinic, bookings, request) => runJSON("check", docs(clinic, bookings, request)),
    alternatives: (clinic, bookings, request) => run("alternatives", docs(clinic, bookings, request)),
    lifecycle: (clinic, bookings, request) => run("lifecycle", docs(clinic, bookings, request)),
    hours: (clinic, bookings, request) => run("hours", docs(clinic, bookings, request)),
    validate: (clinic, bookings) => run("validate", docs(clinic, bookings)),
    // Configuration: the draft simulator, layered resolution with provenance, diff, versions.
    simulate: (published, draft, bookings, request) => run("simulate", simDocs(published, draft, bookings, request)),
    simulateJSON: (published, draft, bookings, request) => runJSON("simulate", simDocs(published, draft, bookings, request)),
    resolve: (clinic, scope = {}) => run("resolve", { clinic: text(clinic), request: text(scope) }),
    diff: (before, after) => run("diff", { before: text(before), after: text(after) }),
    inForce: (versions, at) => run("in_force", { versions: text(versions, "versions document", "/versions"),
                                                  request: JSON.stringify({ at: instant(at, "/request/at") }) }),
    // Clinic operations (docs/operations.md): KPIs, reminders, iCalendar, waitlist.
    kpis: (clinic, bookings, r) => run("kpis", docs(clinic, bookings, r)),
    kpisCSV: (clinic, bookings, r) => run("kpis_csv", docs(clinic, bookings, r)).csv,
    reminders: (clinic, bookings, r) => run("reminders", docs(clinic, bookings, r)),
    ical: (clinic, bookings, r) => run("ical_agenda", docs(clinic, bookings, r)).calendar,
    icalClosures: (ics, r) => run("ical_closures", { ics: typeof ics === "string" ? ics : new TextDecoder().decode(ics),
                                                     request: text(request(r, "/request"), "request", "/request") }),
    waitlist: (clinic, bookings, entries, r) => run("waitlist", { ...docs(clinic, bookings, r), waitlist: text(entries, "waitlist", "/waitlist") }),
    Engine,
    openEngines: () => core.openEngines(),
    /** Engines open at once before `new Engine` throws "too_many_engines" (docs/wasm.md). */
    maxEngines: core.maxEngines(),
    maxDocumentBytes: MAX_DOCUMENT_BYTES,
    heapBytes: () => core.HEAP8.length,
  };
}
