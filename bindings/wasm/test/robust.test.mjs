// "No input aborts the module" (docs/wasm.md), tested with the inputs that did: a string over the
// 64 MiB document limit, a document too large for the module's memory, an answer too large for it,
// engines opened and never closed, and an invalid Date. Each must throw a BookingError with a code,
// and the next ordinary call must give the same answer as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createBooking, BookingError, packageDir, root } from "./load.mjs";

const read = (f) => fs.readFileSync(path.join(root, "examples/clinic", f), "utf8");
const clinic = read("clinic.json");
const bookings = read("bookings.json");
const checkSlot = JSON.parse(read("check-slot.json"));
const draft = read("draft.json");
const week = { from: "2026-12-07", to: "2026-12-13", now: "2026-12-04T12:00:00-03:00" };

// A fresh module per test: one test's full heap must not decide another's outcome.
const fresh = async () => {
  const booking = await createBooking();
  const expected = booking.checkJSON(clinic, bookings, checkSlot);
  // The module still works and still gives the answer it gave before the failure.
  const stillWorks = () => {
    assert.equal(booking.checkJSON(clinic, bookings, checkSlot), expected);
    const engine = new booking.Engine(clinic, bookings);
    assert.equal(engine.checkJSON(checkSlot), expected);
    engine.close();
  };
  return { booking, stillWorks };
};

const throwsCode = (f, code, pointer) => {
  let error;
  try { f(); } catch (e) { error = e; }
  assert.ok(error instanceof BookingError, `expected a BookingError "${code}", got ${error?.constructor?.name}: ${error?.message}`);
  assert.equal(error.code, code, error.message);
  if (pointer !== undefined) assert.equal(error.pointer, pointer, error.message);
  return error;
};

test("a 130 MB string is too_large wherever it is passed, and the module keeps working", async () => {
  const { booking, stillWorks } = await fresh();
  const huge = "x".repeat(130 << 20);
  const engine = new booking.Engine(clinic, bookings);
  const calls = {
    availability: () => booking.availability(huge, bookings, week),
    availabilityJSON: () => booking.availabilityJSON(clinic, huge, week),
    availabilityBytes: () => booking.availabilityBytes(clinic, bookings, huge),
    check: () => booking.check(huge, bookings, checkSlot),
    validate: () => booking.validate(clinic, huge),
    simulate: () => booking.simulate(clinic, huge, bookings, week),
    run: () => booking.run("check", { clinic, bookings: huge, request: checkSlot }),
    newEngine: () => new booking.Engine(huge, bookings),
    newEngineBookings: () => new booking.Engine(clinic, huge),
    engineCheck: () => engine.check(huge),
    engineAvailability: () => engine.availability(huge),
    setBookings: () => engine.setBookings(huge),
  };
  for (const [name, call] of Object.entries(calls)) {
    const e = throwsCode(call, "too_large");
    assert.match(e.message, /bytes of UTF-8; the limit is 67108864 \(64 MiB\)/, name);
    stillWorks();
  }
  const e = throwsCode(() => booking.simulate(clinic, huge, bookings, week), "too_large", "/draft");
  assert.match(e.message, /draft document/);
  // setBookings refused: the engine kept the bookings it had.
  assert.equal(engine.checkJSON(checkSlot), booking.checkJSON(clinic, bookings, checkSlot));
  engine.close();
  assert.equal(booking.openEngines(), 0);
});

test("a string short in UTF-16 but over 64 MiB in UTF-8 is too_large (the exact byte count decides)", async () => {
  const { booking, stillWorks } = await fresh();
  const euros = JSON.stringify("€".repeat(23_000_000));  // 23 M characters, 69 MB of UTF-8
  const e = throwsCode(() => new booking.Engine(euros, bookings), "too_large", "");
  assert.match(e.message, /clinic document is 69000002 bytes/);
  stillWorks();
});

test("the module's own edge checks the size before copying a string in (not only index.js)", async () => {
  const core = await (await import(pathToFileURL(path.join(packageDir, "booking_core.js")).href)).default();
  const error = (bytes) => (core.lastFailed() ? JSON.parse(new TextDecoder().decode(bytes)) : null);
  for (const big of ["x".repeat(130 << 20), "€".repeat(23_000_000)]) {
    assert.equal(error(core.engineOpen(big, "[]"))?.code, "too_large");
    assert.equal(error(core.run("check", big))?.code, "too_large");
    const h = Number(new TextDecoder().decode(core.engineOpen(clinic, bookings)));
    assert.ok(!core.lastFailed() && h > 0);
    assert.equal(error(core.engineCall(h, "check", big))?.code, "too_large");
    assert.equal(error(core.engineCall(h, "check", JSON.stringify(checkSlot))), null);
    assert.ok(core.engineClose(h));
  }
  assert.equal(error(core.run("check", 42))?.code, "wrong_type");
});

test("a document too large for memory answers out_of_memory, and the module keeps working", async () => {
  const { booking, stillWorks } = await fresh();
  // 60 MB of JSON, under the limit, but 30 million array elements would take more than 1 GiB.
  const huge = "[" + "0,".repeat(30_000_000) + "0]";
  const e = throwsCode(() => new booking.Engine(huge), "out_of_memory", "");
  assert.match(e.message, /^the clinic document \(\d+ bytes\) may need up to \d+ MiB to work with, and the module has \d+ MiB left of its 1024 MiB/);
  stillWorks();
  throwsCode(() => booking.validate(huge, bookings), "out_of_memory", "");
  stillWorks();
  // The failed setBookings loses nothing: the engine still holds the bookings it had.
  const engine = new booking.Engine(clinic, bookings);
  const before = engine.checkJSON(checkSlot);
  throwsCode(() => engine.setBookings(huge), "out_of_memory", "");
  assert.equal(engine.checkJSON(checkSlot), before);
  engine.close();
  stillWorks();
});

test("an answer too large for memory is refused by the answer caps (too_large), and the module keeps working", async () => {
  const { booking, stillWorks } = await fresh();
  // 100 professionals free around the clock for a year in 5-minute steps: 52 million slots, about
  // 1.8 GB of JSON, more than the module's 1 GiB. The engine's caps (200,000 slots, 2,000,000
  // slot-chair pairs) refuse it before the memory is spent; out_of_memory itself is the test above.
  const day = [["00:00", "24:00"]];
  const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const big = {
    tenant: { id: "big" }, policies: { min_notice_minutes: 0, max_advance_days: 400, slot_step_minutes: 5 },
    sites: [{ id: "s", timezone: "UTC", hours: Object.fromEntries(days.map((d) => [d, day])),
              chairs: Array.from({ length: 100 }, (_, i) => ({ id: `c${i}` })) }],
    professionals: Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, treatments: ["t"], schedule: [{ site: "s", days, hours: day }] })),
    treatments: [{ id: "t", segments: [{ minutes: 5 }] }],
  };
  const year = { site: "s", treatment: "t", from: "2027-01-01", to: "2027-12-31", now: "2026-12-31T00:00:00Z" };
  throwsCode(() => booking.availabilityBytes(big, [], year), "too_large");
  stillWorks();
  const engine = new booking.Engine(big);
  throwsCode(() => engine.availabilityJSON(year), "too_large");
  // The same engine answers a small question afterwards.
  assert.equal(engine.check({ site: "s", professional: "p0", treatment: "t", start: "2027-01-01T10:00:00Z", now: year.now }).bookable, true);
  engine.close();
  stillWorks();
});

test("engines never closed end in too_many_engines, not an abort; closing them frees the table", async () => {
  const { booking, stillWorks } = await fresh();
  assert.equal(booking.maxEngines, 10_000);
  const open = [];
  let error;
  for (let i = 0; i < 60_000 && !error; i++) {  // 53,000 aborted the module before the limit
    try { open.push(new booking.Engine(clinic, bookings)); } catch (e) { error = e; }
  }
  assert.ok(error instanceof BookingError, `expected too_many_engines, got ${error}`);
  assert.equal(error.code, "too_many_engines");
  assert.match(error.message, /close\(\)/);
  assert.equal(open.length, booking.maxEngines);
  assert.equal(booking.openEngines(), booking.maxEngines);
  assert.equal(open[open.length - 1].checkJSON(checkSlot), open[0].checkJSON(checkSlot));  // the open ones still answer
  for (const e of open) e.close();
  assert.equal(booking.openEngines(), 0);
  stillWorks();
});

test("an invalid Date is an invalid_value naming the field, not a RangeError or \"null\"", async () => {
  const { booking, stillWorks } = await fresh();
  const nan = new Date(NaN);
  const engine = new booking.Engine(clinic, bookings);
  const cases = [
    [() => booking.check(clinic, bookings, { ...checkSlot, now: nan }), "/now"],
    [() => engine.check({ ...checkSlot, now: nan }), "/now"],
    [() => booking.availability(clinic, bookings, { site: "santiago-centro", treatment: "control", ...week, now: nan }), "/now"],
    [() => engine.availabilityJSON({ site: "santiago-centro", treatment: "control", ...week, now: nan }), "/now"],
    [() => booking.simulate(clinic, draft, bookings, { ...week, now: nan }), "/request/now"],
    [() => booking.inForce(read("versions.json"), nan), "/request/at"],
  ];
  for (const [call, pointer] of cases) {
    const e = throwsCode(call, "invalid_value", pointer);
    assert.match(e.message, new RegExp(`^${pointer} is an invalid Date`));
  }
  // A valid Date still works, as its RFC 3339 form.
  const at = new Date("2026-12-04T15:00:00Z");
  assert.equal(engine.checkJSON({ ...checkSlot, now: at }), engine.checkJSON({ ...checkSlot, now: "2026-12-04T15:00:00Z" }));
  engine.close();
  stillWorks();
});
