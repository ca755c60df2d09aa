// The module carries every zone of the IANA database the native build reads (the zones and links
// of /usr/share/zoneinfo/tzdata.zi), and every one gives the native build's answer for a whole
// year of hourly slots, which crosses each of its 2026 transitions; a sample also in 2037, the last
// year the engine accepts. An unknown zone's message says whether the name is not an IANA name or
// an IANA zone the build did not load (the two-zone test build, few/booking_core.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { booking, BookingError, packageDir, root } from "./load.mjs";

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
const year = (y) => ({ site: "s", treatment: "t", from: `${y}-01-01`, to: `${y}-12-31`, now: `${y - 1}-12-30T00:00:00Z` });

// The names the native build accepts: date reads every file of /usr/share/zoneinfo, which Debian's
// tzdata fills with exactly the Z (zone) and L (link) lines of tzdata.zi.
const tzdata = fs.readFileSync("/usr/share/zoneinfo/tzdata.zi", "utf8").split("\n");
// "Factory" (no zone: "local time zone must be set") is refused in every build (include/booking/zone.h).
const zoneNames = tzdata.filter((l) => l.startsWith("Z ")).map((l) => l.split(" ")[1]).filter((z) => z !== "Factory");
const linkNames = tzdata.filter((l) => l.startsWith("L ")).map((l) => l.split(" ")[2]);

test("the module answers to every zone and link of the build machine's tzdata", () => {
  assert.ok(zoneNames.length > 300 && linkNames.length > 100);
  assert.deepEqual(booking.zones, [...zoneNames, ...linkNames].sort());
});

test("the native CLI is there to compare with", () => assert.ok(fs.existsSync(cli), `build it first: ${cli}`));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "booking-zones-"));
const native = (c, request) => {
  const files = { clinic: path.join(tmp, "c.json"), request: path.join(tmp, "r.json") };
  fs.writeFileSync(files.clinic, JSON.stringify(c));
  fs.writeFileSync(files.request, JSON.stringify(request));
  return JSON.parse(execFileSync(cli, ["availability", "--clinic", files.clinic, "--request", files.request, "--json"],
                                 { maxBuffer: 64 << 20 }).toString());
};

// Hourly slots starting on one local day (a slot's start is local time with its offset): 23 on a
// spring-forward day, 25 on a fall-back day.
const hoursOn = (slots, day) => slots.filter((s) => s.start.startsWith(day)).length;

test("Europe/Paris, Asia/Tokyo and the link US/Eastern: sites there work, with their DST days", () => {
  const expect = { "Europe/Paris": [["2026-03-29", 23], ["2026-10-25", 25], ["2026-07-01", 24]],
                   "Asia/Tokyo": [["2026-03-29", 24], ["2026-10-25", 24]],
                   "US/Eastern": [["2026-03-08", 23], ["2026-11-01", 25], ["2026-07-01", 24]] };
  for (const [zone, cases] of Object.entries(expect)) {
    const { slots } = booking.availability(clinic(zone), null, year(2026));
    for (const [day, n] of cases) assert.equal(hoursOn(slots, day), n, `${zone} ${day}`);
  }
  const eastern = booking.availability(clinic("US/Eastern"), null, year(2026)).slots.map((s) => s.start);
  assert.deepEqual(eastern, booking.availability(clinic("America/New_York"), null, year(2026)).slots.map((s) => s.start));
});

const sample = new Set(["America/Santiago", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "Europe/Paris",
                        "Asia/Tokyo", "US/Eastern", "Africa/Casablanca", "America/Asuncion", "Europe/Dublin", "Antarctica/Troll"]);
for (const zone of booking.zones) {
  test(`zone ${zone} matches the native build`, () => {
    const c = clinic(zone);
    for (const y of sample.has(zone) ? [2026, 2037] : [2026]) {
      const wasm = booking.availability(c, null, year(y));
      assert.ok(wasm.slots.length > 8700);
      assert.deepEqual(wasm, native(c, year(y)));
    }
  });
}

const unknownZone = (b, zone) => {
  try {
    b.validate(clinic(zone));
    b.availability(clinic(zone), null, year(2026));
  } catch (e) {
    assert.ok(e instanceof BookingError, String(e));
    assert.equal(e.code, "unknown_zone");
    assert.equal(e.pointer, "/sites/0/timezone");
    return e.message;
  }
  assert.fail(`${zone} was accepted`);
};

test("a name that is no IANA zone is said to be one", () => {
  for (const zone of ["Mars/Olympus", "Europe/Pariss", "localtime", "posix/Europe/Paris"])
    assert.match(unknownZone(booking, zone), /^unknown time zone ".*" \(not an IANA zone name; expected one such as "America\/Santiago"\)$/);
});

test("a build without a zone says the zone exists but is not loaded", async () => {
  const core = path.join(packageDir, "../few/booking_core.js");
  assert.ok(fs.existsSync(core), `build it first: cmake --build --preset wasm --target booking_wasm_few (${core})`);
  const { open } = await import(pathToFileURL(path.join(packageDir, "api.js")).href);
  const few = await open((await import(pathToFileURL(core).href)).default);
  // Its two zones, and the links to them (Chile/Continental); nothing else.
  assert.ok(few.zones.includes("America/Santiago") && few.zones.includes("UTC") && few.zones.includes("Chile/Continental"), String(few.zones));
  assert.ok(few.zones.length < 10 && !few.zones.includes("Europe/Paris"), String(few.zones));
  for (const zone of ["Europe/Paris", "Asia/Tokyo", "US/Eastern"])
    assert.match(unknownZone(few, zone), /^unknown time zone ".*" \(an IANA zone name, but its data is not loaded in this build/);
  assert.match(unknownZone(few, "Mars/Olympus"), /not an IANA zone name/);
  assert.deepEqual(few.availability(clinic("America/Santiago"), null, year(2026)), booking.availability(clinic("America/Santiago"), null, year(2026)));
});
