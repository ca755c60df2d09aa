// docs/wasm.md's size table is the build's: the table between its markers equals the one
// size-table.mjs measures on the built package: raw sizes exactly, gzip -9 within a fraction
// (mismatch() in size-table.mjs says why).
import { test } from "node:test";
import assert from "node:assert/strict";
import { current, mismatch, table } from "../size-table.mjs";
import { packageDir } from "./load.mjs";

test("docs/wasm.md's size table matches the built files (else: node bindings/wasm/size-table.mjs)", () => {
  const now = current();
  assert.notEqual(now, null, "docs/wasm.md has lost its size table markers");
  assert.equal(mismatch(now, table(packageDir)), null);
});

test("the size check fails on a raw size, a gzip size past the tolerance, or a missing file", () => {
  const want = table(packageDir);
  assert.equal(mismatch(want, want), null);
  const row = want.split("\n").find((l) => l.startsWith("| `chairbook/wasm`: `booking_core_file.wasm`"));
  const [, raw, gz] = row.match(/\| ([\d,]+) B \| ([\d,]+) B \|$/);
  const num = (s) => Number(s.replaceAll(",", ""));
  const fmt = (x) => x.toLocaleString("en-US");
  const withRow = (r) => want.replace(row, r);
  assert.match(mismatch(withRow(row.replace(`${raw} B`, `${fmt(num(raw) + 1)} B`)), want), /booking_core_file.wasm/);
  assert.equal(mismatch(withRow(row.replace(`${gz} B |`, `${fmt(num(gz) + 5)} B |`)), want), null);
  assert.match(mismatch(withRow(row.replace(`${gz} B |`, `${fmt(Math.round(num(gz) * 1.01))} B |`)), want), /gzip/);
  assert.match(mismatch(want.replace(row + "\n", ""), want), /files/);
});
