// Every golden scenario replays through WebAssembly to exactly the bytes of its expected answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { booking, BookingError, root } from "./load.mjs";

const dir = path.join(root, "tests/scenarios");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

test("there are golden scenarios to replay", () => assert.ok(files.length >= 20));

for (const file of files) {
  test(`scenario ${file}`, () => {
    const scenario = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const { expected, ...documents } = scenario;
    let got;
    try {
      got = booking.runJSON(scenario.operation, documents);
    } catch (e) {
      assert.ok(e instanceof BookingError, `not a BookingError: ${e}`);
      got = JSON.stringify({ error: { code: e.code, pointer: e.pointer, message: e.message } });
    }
    assert.equal(got, JSON.stringify(expected));
    if (scenario.operation === "availability" && !expected.error) {
      // The slot objects, built from slot tables, and the bytes (one-shot and through an Engine)
      // give the same JSON.
      const { clinic, bookings, request } = documents;
      assert.equal(JSON.stringify(booking.availability(clinic, bookings, request)), got);
      assert.equal(new TextDecoder().decode(booking.availabilityBytes(clinic, bookings, request)), got);
      const engine = new booking.Engine(clinic, bookings);
      try {
        assert.equal(JSON.stringify(engine.availability(request)), got);
        const bytes = engine.availabilityBytes(request);
        engine.availabilityJSON(request);  // the bytes are a copy: the next call does not change them
        assert.equal(new TextDecoder().decode(bytes), got);
      } finally {
        engine.close();
      }
    }
  });
}

test("slot objects are independent: changing one slot's chairs changes no other slot", () => {
  const scenario = JSON.parse(fs.readFileSync(path.join(dir, files.find((f) => f.startsWith("availability"))), "utf8"));
  const { slots } = booking.availability(scenario.clinic, scenario.bookings, scenario.request);
  assert.ok(slots.length > 1);
  slots[0].chairs.push("mutated");
  slots[0].resources.push("mutated");
  assert.ok(slots.slice(1).every((s) => !s.chairs.includes("mutated") && !s.resources.includes("mutated")));
});
