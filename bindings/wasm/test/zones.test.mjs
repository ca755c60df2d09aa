// Every embedded zone gives the native build's answer for a whole year of hourly slots, which
// crosses each of its 2026 transitions (and 2037, the last year the engine accepts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { booking, root } from "./load.mjs";

const cli = process.env.BOOKING_CLI ?? path.join(root, "build/test/booking");
const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function clinic(zone) {
  const hours = Object.fromEntries(days.map((d) => [d, [["00:00", "24:00"]]]));
  return {
    tenant: { id: "t" },
    policies: { max_advance_days: 3660, slot_step_minutes: 60 },
    sites: [{ id: "s", timezone: zone, hours, chairs: [{ id: "c" }] }],
    professionals: [{ id: "p", treatments: ["t"], schedule: [{ site: "s", days, hours: [["00:00", "24:00"]] }] }],
    treatments: [{ id: "t", segments: [{ minutes: 60 }] }],
  };
}

test("the native CLI is there to compare with", () => assert.ok(fs.existsSync(cli), `build it first: ${cli}`));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "booking-zones-"));
for (const zone of booking.zones) {
  test(`zone ${zone} matches the native build`, () => {
    const c = clinic(zone);
    const files = { clinic: path.join(tmp, "c.json"), request: path.join(tmp, "r.json") };
    fs.writeFileSync(files.clinic, JSON.stringify(c));
    for (const [from, to] of [["2026-01-01", "2026-12-31"], ["2037-01-01", "2037-12-31"]]) {
      const request = { site: "s", treatment: "t", from, to, now: `${Number(from.slice(0, 4)) - 1}-12-30T00:00:00Z` };
      fs.writeFileSync(files.request, JSON.stringify(request));
      const native = JSON.parse(execFileSync(cli, ["availability", "--clinic", files.clinic, "--request", files.request, "--json"],
                                             { maxBuffer: 64 << 20 }).toString());
      const wasm = booking.availability(c, null, request);
      assert.ok(wasm.slots.length > 8700);
      assert.deepEqual(wasm, native);
    }
  });
}
