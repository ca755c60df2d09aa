// Clinic operations through the JS wrapper: the same answers as run(), and errors as BookingError.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { booking, BookingError, root } from "./load.mjs";

const example = (f) => fs.readFileSync(path.join(root, "examples/clinic", f), "utf8");
const clinic = JSON.parse(example("clinic.json"));
const month = example("month.json");
const week = example("bookings.json");

test("kpis: closed days are null, and the CSV leaves them empty", () => {
  const k = booking.kpis(clinic, month, { from: "2026-11-01", to: "2026-11-30" });
  assert.deepEqual(k, booking.run("kpis", { clinic, bookings: month, request: { from: "2026-11-01", to: "2026-11-30" } }));
  const sunday = k.chairs.filter((r) => r.date === "2026-11-01");
  assert.ok(sunday.length > 0 && sunday.every((r) => r.open_minutes === 0 && r.occupancy === null));
  const csv = booking.kpisCSV(clinic, month, { from: "2026-11-01", to: "2026-11-01", site: "santiago-centro" });
  assert.ok(csv.startsWith("kind,site,id,date,open_minutes,booked_minutes,occupancy\r\n"));
  assert.ok(csv.includes("chair,santiago-centro,c1,2026-11-01,0,0,\r\n"));
});

test("reminders: moved out of quiet hours, past ones dropped", () => {
  const r = booking.reminders(clinic, month, { booking: "n193", now: new Date("2026-11-27T13:00:00Z"),
    policy: { offsets_minutes: [1440, 120], quiet_hours: { from: "21:00", to: "08:00" }, channels: ["sms"] } });
  assert.deepEqual(r.reminders.map((x) => [x.at, x.moved]), [["2026-11-27T21:00:00-03:00", true]]);
  assert.deepEqual(r.dropped.map((x) => x.reason), ["past"]);
});

test("ical: an agenda is CRLF text; closures come from yearly rules", () => {
  const ics = booking.ical(clinic, week, { professional: "dra-soto", from: "2026-12-07", to: "2026-12-13", now: "2026-12-01T12:00:00Z" });
  assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.includes("UID:b1@sonrisa.booking\r\n"));
  const c = booking.icalClosures(example("holidays-cl.ics"), { from: "2027-01-01", to: "2027-12-31" });
  assert.ok(c.closures.includes("2027-09-18") && !c.closures.includes("2027-12-25"));
  assert.throws(() => booking.icalClosures("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\n", { from: "2027-01-01", to: "2027-12-31" }),
    (e) => e instanceof BookingError && e.code === "unsupported_ical" && e.pointer === "/ics" && /line 2, BEGIN/.test(e.message));
});

test("waitlist: ranked by the engine's own availability", () => {
  const m = booking.waitlist(clinic, week, JSON.parse(example("waitlist.json")), { freed: { booking: "b2" }, now: "2026-12-01T12:00:00Z" });
  assert.deepEqual(m.matches.map((x) => x.entry), ["w7", "w1"]);
});
