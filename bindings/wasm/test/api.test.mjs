// The JS API: objects or strings in, objects out; errors are BookingError with code and pointer.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { booking, BookingError, root } from "./load.mjs";

const read = (f) => fs.readFileSync(path.join(root, "examples/clinic", f), "utf8");
const clinic = JSON.parse(read("clinic.json"));
const bookings = JSON.parse(read("bookings.json"));
const request = JSON.parse(read("request-week.json"));

test("objects and JSON strings give the same answer", () => {
  const a = booking.availability(clinic, bookings, request);
  const b = booking.availabilityJSON(read("clinic.json"), read("bookings.json"), read("request-week.json"));
  assert.deepEqual(a, JSON.parse(b));
  assert.equal(a.slots.length, 86);
  assert.equal(a.slots[0].start, "2026-12-07T09:15:00-03:00");
});

test("check by slot id and by fields", () => {
  const slot = booking.availability(clinic, bookings, request).slots[0];
  const r = booking.check(clinic, bookings, { slot: slot.id, now: request.now });
  assert.equal(r.bookable, true);
  assert.equal(r.chair, slot.chair);
  const busy = booking.check(clinic, bookings, JSON.parse(read("check-busy.json")));
  assert.equal(busy.bookable, false);
  assert.deepEqual(busy.conflicts.map((c) => c.code), ["professional_busy"]);
  assert.equal(busy.conflicts[0].booking, "b1");
});

test("an engine parses once and answers like the free functions", () => {
  const engine = new booking.Engine(clinic, bookings);
  try {
    assert.equal(engine.availabilityJSON(request), booking.availabilityJSON(clinic, bookings, request));
    assert.throws(() => engine.availabilityBytes({ ...request, from: "2026-02-30" }), (e) => e instanceof BookingError && e.pointer === "/from");
    assert.throws(() => engine.availability({ ...request, site: "nowhere" }), (e) => e instanceof BookingError && e.code === "unknown_id");
    assert.ok(engine.availability(request).slots.length > 0);  // an error leaves no stale rows behind
    engine.setBookings([]);
    assert.ok(engine.availability(request).slots.length > 86);
  } finally {
    engine.close();
  }
  assert.throws(() => engine.availability(request), (e) => e instanceof BookingError && e.code === "closed_engine");
  assert.throws(() => engine.availabilityBytes(request), (e) => e instanceof BookingError && e.code === "closed_engine");
  engine.close();  // closing twice is harmless
});

test("errors carry code and pointer", () => {
  const cases = [
    [() => booking.availability("{", null, request), "malformed_json", ""],
    [() => booking.availability({ ...clinic, sites: [{ ...clinic.sites[0], timezone: "Mars/Olympus" }] }, null, request), "unknown_zone", "/sites/0/timezone"],
    [() => booking.availability(clinic, [{ id: "x" }], request), "missing_field", "/0/site"],
    [() => booking.availability(clinic, null, { ...request, from: "2026-02-30" }), "invalid_value", "/from"],
    [() => booking.availability(clinic, null, { ...request, site: "nowhere" }), "unknown_id", "/site"],
    [() => booking.availabilityBytes(clinic, null, { ...request, site: "nowhere" }), "unknown_id", "/site"],
    [() => booking.availabilityBytes("{", null, request), "malformed_json", ""],
    [() => booking.run("no-such-operation", {}), "unknown_operation", ""],
    [() => new booking.Engine({ tenant: { id: "t" } }), "missing_field", "/sites"],
  ];
  for (const [call, code, pointer] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof BookingError);
      assert.ok(e instanceof Error);
      assert.equal(e.name, "BookingError");
      assert.equal(e.code, code);
      assert.equal(e.pointer, pointer);
      assert.ok(e.message.length > 0);
      return true;
    });
  }
  assert.throws(() => booking.run(42, {}), TypeError);
});

test("an error says its document, and for text that is not JSON its line and column", () => {
  const where = (call) => {
    try {
      call();
    } catch (e) {
      assert.ok(e instanceof BookingError);
      return [e.code, e.document, e.line, e.column];
    }
    assert.fail("accepted");
  };
  assert.deepEqual(where(() => new booking.Engine(clinic, '[\n  {"id": "b"\n  ,]')), ["malformed_json", "bookings", 3, 4]);
  assert.deepEqual(where(() => booking.availability(clinic, null, { ...request, site: "nowhere" })), ["unknown_id", "request", 0, 0]);
  assert.deepEqual(where(() => booking.availability("{", null, request)), ["malformed_json", "clinic", 1, 2]);
});

test("validate reports instead of throwing", () => {
  const v = booking.validate({ tenant: { id: "t" }, sites: [] });
  assert.equal(v.valid, false);
  assert.equal(v.errors[0].pointer, "/sites");
  assert.equal(booking.validate(clinic, bookings).valid, true);
});

test("no input aborts the module", () => {
  // Random and hostile documents: every call returns or throws BookingError, and the module lives on.
  const hostile = ["", "null", "[]", "{}", "\"x\"", "1e999", "[".repeat(100000), '{"a":1,"a":2}', "\u0000",
                   JSON.stringify({ ...clinic, policies: { slot_step_minutes: 0 } }),
                   JSON.stringify({ ...clinic, treatments: [{ id: "t", segments: [{ minutes: 1e12 }] }] })];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 300; i++) {
    const base = JSON.stringify(clinic);
    const at = Math.floor(rand() * base.length);
    hostile.push(base.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 90)) + base.slice(at + 1));
  }
  for (const doc of hostile) {
    for (const op of ["availability", "check", "validate"]) {
      try {
        booking.run(op, { clinic: doc, request });
      } catch (e) {
        assert.ok(e instanceof BookingError, `${op}: ${e}`);
      }
    }
  }
  assert.equal(booking.availability(clinic, bookings, request).slots.length, 86);
});

test("the embedded zones include every zone of the golden scenarios", () => {
  const dir = path.join(root, "tests/scenarios");
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const s = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    const refusesZone = s.expected?.error?.code === "unknown_zone" || (s.expected?.errors ?? []).some((e) => e.code === "unknown_zone");
    if (refusesZone) continue;
    for (const clinic of [s.clinic, s.published, s.draft].filter((c) => typeof c === "object")) {
      for (const site of clinic.sites ?? []) assert.ok(booking.zones.includes(site.timezone), `${f}: ${site.timezone}`);
    }
  }
});
