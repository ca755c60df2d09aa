// Alternatives and the claim diff from JS: the engine's answers, through both entry points.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { booking, root } from "./load.mjs";

const scenario = (name) => JSON.parse(fs.readFileSync(path.join(root, "tests/scenarios", `${name}.json`), "utf8"));

test("alternatives: the one-shot call and an Engine give the scenario's answer", () => {
  const s = scenario("alternatives-busy");
  assert.deepEqual(booking.alternatives(s.clinic, s.bookings, s.request), s.expected);
  const e = new booking.Engine(s.clinic, s.bookings);
  try {
    assert.deepEqual(e.alternatives(s.request), s.expected);
    assert.equal(e.alternatives({ ...s.request, limit: 2 }).alternatives.length, 2);
    assert.equal(e.alternatives(s.request).alternatives[0].kind, "same_professional_same_day");
  } finally {
    e.close();
  }
});

test("a move's check gives the keys to release and to take", () => {
  const s = scenario("claims-move-diff");
  const r = booking.check(s.clinic, s.bookings, s.request);
  assert.equal(r.bookable, true);
  assert.ok(r.release.length > 0 && r.take.length > 0);
  assert.deepEqual(r, s.expected);
  assert.ok(r.ranges.some((x) => x.kind === "chair"));
});
