// The built package carries the current wrapper, types and manifest: the build copies them from
// bindings/wasm/js whenever one changes, not only when the module is relinked.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { packageDir, root } from "./load.mjs";

for (const f of ["index.js", "index.d.ts", "package.json", "README.md"]) {
  test(`the package's ${f} is bindings/wasm/js/${f}`, () => {
    assert.equal(fs.readFileSync(path.join(packageDir, f), "utf8"), fs.readFileSync(path.join(root, "bindings/wasm/js", f), "utf8"));
  });
}
