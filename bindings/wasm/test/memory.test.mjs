// 100,000 calls leave the heap and the engine table where they were: nothing leaks across embind.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { booking, BookingError, root } from "./load.mjs";

const read = (f) => fs.readFileSync(path.join(root, "examples/clinic", f), "utf8");

test("memory stays bounded across 100,000 calls", () => {
  const clinic = read("clinic.json");
  const bookings = read("bookings.json");
  const check = read("check-slot.json");
  const day = JSON.stringify({ site: "santiago-centro", treatment: "control", from: "2026-12-07", to: "2026-12-07",
                               now: "2026-12-04T12:00:00-03:00" });
  const engine = new booking.Engine(clinic, bookings);
  const round = (n) => {
    for (let i = 0; i < n; i++) {
      switch (i % 7) {
        case 0: engine.checkJSON(check); break;
        case 1: engine.availabilityJSON(day); break;
        case 5: engine.availability(day); break;  // slot tables and their rows
        case 6: engine.availabilityBytes(day); break;
        case 2: try { engine.check("{"); } catch (e) { assert.ok(e instanceof BookingError); } break;
        case 3: { const e = new booking.Engine(clinic); e.close(); break; }
        default: try { booking.run("check", { clinic: "[]" }); } catch (e) { assert.ok(e instanceof BookingError); }
      }
    }
  };
  round(10_000);  // warm up: the heap reaches its working size
  const heap = booking.heapBytes();
  round(90_000);
  engine.close();
  assert.equal(booking.heapBytes(), heap, "the heap grew after warm-up");
  assert.equal(booking.openEngines(), 0);
});
