// docs/wasm.md's size table is the build's: the table between its markers equals the one
// size-table.mjs measures on the built package (raw and gzip -9 of each file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { current, table } from "../size-table.mjs";
import { packageDir } from "./load.mjs";

test("docs/wasm.md's size table matches the built files (else: node bindings/wasm/size-table.mjs)", () => {
  const now = current();
  assert.notEqual(now, null, "docs/wasm.md has lost its size table markers");
  assert.equal(now, table(packageDir));
});
