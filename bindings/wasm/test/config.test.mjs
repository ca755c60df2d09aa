// The configuration API in WebAssembly: simulate, resolve, diff, inForce — the native answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { booking, BookingError, root } from "./load.mjs";

const file = (f) => path.join(root, "examples/clinic", f);
const read = (f) => fs.readFileSync(file(f), "utf8");
const published = JSON.parse(read("clinic.json"));
const draft = JSON.parse(read("draft.json"));
const bookings = JSON.parse(read("bookings.json"));
const week = { from: "2026-12-07", to: "2026-12-13", now: "2026-12-01T12:00:00Z" };

test("simulate names the bookings the draft breaks", () => {
  const sim = booking.simulate(published, draft, bookings, week);
  assert.deepEqual(sim.broken_bookings.map((b) => b.id), ["b3", "b6"]);
  assert.equal(sim.broken_bookings[0].conflicts[0].code, "outside_site_hours");
  assert.equal(sim.totals.removed, sim.rows.reduce((n, r) => n + r.removed, 0));
  for (const r of sim.rows) assert.equal(r.before - r.removed, r.after - r.added);
  // A Date for now is the same instant as its RFC 3339 text.
  const withDate = booking.simulateJSON(published, draft, bookings, { ...week, now: new Date(week.now) });
  assert.equal(withDate, booking.simulateJSON(read("clinic.json"), read("draft.json"), read("bookings.json"), JSON.stringify(week)));
});

test("simulate gives the native CLI's answer", { skip: !process.env.BOOKING_CLI && "BOOKING_CLI not set" }, () => {
  const cli = spawnSync(process.env.BOOKING_CLI, ["simulate", "--published", file("clinic.json"), "--draft", file("draft.json"),
    "--bookings", file("bookings.json"), "--from", week.from, "--to", week.to, "--now", week.now, "--json"], { encoding: "utf8" });
  assert.equal(cli.status, 3);  // bookings broken
  assert.deepEqual(booking.simulate(published, draft, bookings, week), JSON.parse(cli.stdout));
});

test("errors point into the document they are in", () => {
  const bad = structuredClone(draft);
  bad.sites[0].hours.mon[0][1] = "25:00";
  assert.throws(() => booking.simulate(published, bad, bookings, week),
    (e) => e instanceof BookingError && e.pointer === "/draft/sites/0/hours/mon/0/1" && e.code === "invalid_value");
  assert.throws(() => booking.simulate(published, draft, bookings, { ...week, to: "2026-12-01" }),
    (e) => e instanceof BookingError && e.pointer === "/request/to");
  assert.throws(() => booking.resolve(published, { site: "valparaiso" }),
    (e) => e instanceof BookingError && e.code === "unknown_id" && e.pointer === "/site");
});

test("resolve, diff and inForce", () => {
  const r = booking.resolve(draft, { site: "santiago-centro", professional: "dra-soto" });
  assert.equal(r.effective.policies.min_notice_minutes, 240);
  assert.deepEqual(r.provenance["/policies/min_notice_minutes"], { layer: "site", source: "/sites/0/policies/min_notice_minutes" });
  assert.deepEqual(r.provenance["/policies/claim_granularity_minutes"], { layer: "system", source: null });
  const d = booking.diff(published, draft);
  assert.ok(d.changes.some((c) => c.op === "removed" && c.path === "/sites/santiago-centro/chairs/c3"));
  const versions = JSON.parse(read("versions.json"));
  assert.equal(booking.inForce(versions, new Date("2026-12-10T00:00:00Z")).version, "2026-11-a");
  assert.equal(booking.inForce(versions, "2026-12-14T03:00:00Z").version, "2026-12-a");
});
