// Lifecycle decisions and hours provenance from JS: the scenarios' answers through both entry points.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { booking, root } from "./load.mjs";

const scenario = (name) => JSON.parse(fs.readFileSync(path.join(root, "tests/scenarios", `${name}.json`), "utf8"));

test("lifecycle: a late cancel is allowed with the fee flag, a cancel inside the cutoff is refused", () => {
  const late = scenario("lifecycle-cancel-late");
  assert.deepEqual(booking.lifecycle(late.clinic, late.bookings, late.request), late.expected);
  const e = new booking.Engine(late.clinic, late.bookings);
  try {
    const d = e.lifecycle(late.request);
    assert.equal(d.decision, "late");
    assert.equal(d.fee, true);
    const refused = e.lifecycle({ ...late.request, now: new Date("2026-12-07T12:30:00Z") });  // 09:30 local
    assert.equal(refused.code, "inside_cutoff");
    assert.equal(refused.allowed, false);
  } finally {
    e.close();
  }
});

test("hours: the date override and the entry it comes from", () => {
  const s = scenario("hours-override-provenance");
  assert.deepEqual(booking.hours(s.clinic, s.bookings, s.request), s.expected);
  const e = new booking.Engine(s.clinic, s.bookings);
  try {
    assert.equal(e.hours(s.request).open.source, "/sites/0/overrides/1");
  } finally {
    e.close();
  }
});

test("best-slot ranking: ranked slots carry their score, best chair first; a held chair is refused", () => {
  const s = scenario("ranked-example-monday");
  const e = new booking.Engine(s.clinic, s.bookings);
  try {
    const { slots } = e.availability(s.request);
    assert.deepEqual({ slots }, s.expected);
    assert.deepEqual(slots[0].score, { idle_minutes: 0, gaps: 2 });
    const plain = e.availability({ ...s.request, order: "start" }).slots;
    assert.ok(plain.every((x) => x.score === undefined));
    const key = (x) => `${x.start} ${x.professional}`;
    assert.deepEqual(plain.map(key).sort(), slots.map(key).sort());
  } finally {
    e.close();
  }
  const held = scenario("reserved-check");
  const r = booking.check(held.clinic, held.bookings, held.request);
  assert.equal(r.conflicts[0].code, "chair_reserved");
  assert.deepEqual(r, held.expected);
});
