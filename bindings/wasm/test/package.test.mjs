// The built package carries the current wrapper, types and manifest: the build copies them from
// bindings/wasm/js whenever one changes, not only when the module is relinked. Its manifest lists
// every file the entries import, and names the package and its links as on npm.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { packageDir, root } from "./load.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(root, "bindings/wasm/js/package.json"), "utf8"));

for (const f of ["api.js", "index.js", "index.d.ts", "wasm.js", "wasm.d.ts", "package.json", "README.md"]) {
  test(`the package's ${f} is bindings/wasm/js/${f}`, () => {
    assert.equal(fs.readFileSync(path.join(packageDir, f), "utf8"), fs.readFileSync(path.join(root, "bindings/wasm/js", f), "utf8"));
  });
}

test("the manifest names chairbook, its repository and homepage, and Node 20 as the docs do", () => {
  assert.equal(manifest.name, "chairbook");
  assert.deepEqual(manifest.repository, { type: "git", url: "git+https://github.com/chairbook/chairbook.git", directory: "bindings/wasm" });
  assert.equal(manifest.homepage, "https://github.com/chairbook/chairbook#readme");
  assert.equal(manifest.engines.node, ">=20");
  const docs = fs.readFileSync(path.join(root, "docs/wasm.md"), "utf8");
  assert.match(docs, /Node 20 or later/);
  assert.doesNotMatch(docs, /Node 18/);
});

test("every file the entries import is in the manifest's files and was built", () => {
  for (const f of ["index.js", "wasm.js", "api.js"]) {
    const src = fs.readFileSync(path.join(packageDir, f), "utf8").split("\n").filter((l) => !l.trimStart().startsWith("//")).join("\n");
    for (const [, dep] of src.matchAll(/(?:from|import\(|new URL\()\s*"\.\/([^"]+)"/g)) {
      assert.ok(manifest.files.includes(dep), `${f} needs ${dep}, which package.json's files leaves out`);
      assert.ok(fs.existsSync(path.join(packageDir, dep)), `${dep} was not built`);
    }
  }
});
