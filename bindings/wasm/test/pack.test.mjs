// The npm tarball (`npm pack` of the built package), installed in a fresh project, works as users
// take it: both entries in Node ("chairbook" single-file, "chairbook/wasm" separate .wasm, also from
// bytes and from a compiled WebAssembly.Module as an edge runtime hands it), its types under
// `tsc --strict`, a Vite build of a tiny page, and the same page without a bundler in headless
// Chromium under a strict Content-Security-Policy. Debian's chromium; no browser is downloaded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { booking, packageDir, root } from "./load.mjs";
import { serveDir } from "./static-server.mjs";

const here = path.join(root, "bindings/wasm");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const example = (f) => path.join(root, "examples/clinic", f);
const read = (f) => JSON.parse(fs.readFileSync(example(f), "utf8"));
const expected = booking.availability(read("clinic.json"), read("bookings.json"), read("request-week.json")).slots.length;
const parisClinic = { ...read("clinic.json"), sites: read("clinic.json").sites.map((s) => ({ ...s, timezone: "Europe/Paris" })) };
const expectedParis = booking.availability(parisClinic, read("bookings.json"), read("request-week.json")).slots.length;
const csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

let tmp, app, browser;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chairbook-pack-"));
  const tgz = execFileSync("npm", ["pack", "--silent", "--pack-destination", tmp], { cwd: packageDir }).toString().trim().split("\n").pop();
  assert.equal(tgz, "chairbook-0.1.0.tgz");
  app = path.join(tmp, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", path.join(tmp, tgz)], { cwd: app, stdio: "ignore" });
});
after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const launch = async () => {
  assert.ok(fs.existsSync(executablePath), `${executablePath} is missing (apt-get install chromium)`);
  browser ??= await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return browser;
};

// Loads a served page, waits for #status, and returns its data and the .wasm files fetched.
const visit = async (url) => {
  const page = await (await launch()).newPage();
  const errors = [], wasm = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("request", (r) => { if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
  await page.goto(url);
  await page.waitForSelector("#status[data-slots], #status[data-failed]", { timeout: 60_000 });
  const data = await page.locator("#status").evaluate((e) => ({ ...e.dataset }));
  await page.close();
  return { data, errors, wasm };
};

const checkPage = ({ data, errors, wasm }) => {
  assert.equal(data.failed, undefined);
  assert.deepEqual(errors, []);
  assert.equal(data.slots, String(expected));
  assert.equal(data.paris, String(expectedParis));
  assert.equal(data.zones, String(booking.zones.length));
  assert.equal(data.error, "unknown_id at /site");
  assert.equal(wasm.length, 1, "one separate .wasm file fetched");
};

test("in Node, both entries of the installed tarball give the same answers, from a file, bytes or a module", () => {
  const script = `
    import createSingle, { BookingError as SingleError } from "chairbook";
    import createFile, { BookingError } from "chairbook/wasm";
    import fs from "node:fs";
    const read = (f) => JSON.parse(fs.readFileSync(process.env.EXAMPLE + "/" + f, "utf8"));
    const docs = [read("clinic.json"), read("bookings.json"), read("request-week.json")];
    const bytes = fs.readFileSync(new URL(import.meta.resolve("chairbook/booking_core_file.wasm")));
    const loaded = [await createSingle(), await createFile(), await createFile({ wasm: bytes }),
                    await createFile({ wasm: await WebAssembly.compile(bytes) })];
    const answers = loaded.map((b) => JSON.stringify(b.availability(...docs)));
    let code = "";
    try { loaded[1].availability(...docs.slice(0, 2), { ...docs[2], site: "nowhere" }); } catch (e) { code = e instanceof SingleError && e instanceof BookingError ? e.code : "other"; }
    console.log(JSON.stringify({ same: answers.every((a) => a === answers[0]), slots: JSON.parse(answers[0]).slots.length,
                                 zones: loaded.map((b) => b.zones.length), code,
                                 files: fs.readdirSync("node_modules/chairbook").sort() }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script],
                                      { cwd: app, env: { ...process.env, EXAMPLE: path.join(root, "examples/clinic") } }).toString());
  assert.deepEqual(out, { same: true, slots: expected, zones: Array(4).fill(booking.zones.length), code: "unknown_id",
                          files: ["README.md", "api.js", "booking_core.js", "booking_core_file.js", "booking_core_file.wasm",
                                  "index.d.ts", "index.js", "package.json", "wasm.d.ts", "wasm.js"] });
});

test("tsc --strict accepts a consumer of both entries by package name", () => {
  fs.writeFileSync(path.join(app, "consumer.ts"), `
    import createBooking, { type Clinic } from "chairbook";
    import createFromFile from "chairbook/wasm";
    import clinic from "./clinic.json" with { type: "json" };
    export async function main(): Promise<number> {
      const [a, b] = [await createBooking(), await createFromFile({ wasm: new URL("https://cdn.example/x.wasm") })];
      using engine = new b.Engine(clinic);
      const c: Clinic = clinic;
      return a.availability(c, null, { site: "santiago-centro", treatment: "limpieza", from: "2026-12-07", to: "2026-12-13", now: new Date() }).slots.length
        + engine.availability({ site: "santiago-centro", treatment: "limpieza", from: "2026-12-07", to: "2026-12-13", now: new Date() }).slots.length;
    }`);
  fs.copyFileSync(example("clinic.json"), path.join(app, "clinic.json"));
  fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: {
    target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, resolveJsonModule: true, types: [] },
    files: ["consumer.ts"] }));
  try {
    execFileSync(process.execPath, [path.join(here, "node_modules/typescript/bin/tsc"), "-p", app], { cwd: app, stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
});

test("a page without a bundler loads chairbook/wasm in headless Chromium under a strict CSP", { timeout: 120_000 }, async () => {
  const site = path.join(app, "plain");
  fs.mkdirSync(site);
  fs.copyFileSync(path.join(here, "test-page/index.html"), path.join(site, "index.html"));
  fs.writeFileSync(path.join(site, "main.js"), fs.readFileSync(path.join(here, "test-page/main.js"), "utf8")
    .replace('from "chairbook/wasm"', 'from "../node_modules/chairbook/wasm.js"'));
  for (const f of ["clinic.json", "bookings.json", "request-week.json"]) fs.copyFileSync(example(f), path.join(site, f));
  const server = await serveDir(app, { "content-security-policy": csp });
  try {
    const result = await visit(`http://127.0.0.1:${server.address().port}/plain/`);
    checkPage(result);
    assert.deepEqual(result.wasm, ["/node_modules/chairbook/booking_core_file.wasm"]);
  } finally {
    server.close();
  }
});

test("a Vite build of the page emits the .wasm as an asset and runs in headless Chromium", { timeout: 180_000 }, async () => {
  const site = path.join(app, "vite");
  fs.mkdirSync(path.join(site, "public"), { recursive: true });
  for (const f of ["index.html", "main.js"]) fs.copyFileSync(path.join(here, "test-page", f), path.join(site, f));
  for (const f of ["clinic.json", "bookings.json", "request-week.json"]) fs.copyFileSync(example(f), path.join(site, "public", f));
  const { build, version } = await import(pathToFileURL(path.join(here, "node_modules/vite/dist/node/index.js")).href);
  assert.equal(version, "8.3.8");
  await build({ root: site, logLevel: "error", configFile: false, build: { outDir: path.join(site, "dist"), target: "es2022" } });
  const assets = fs.readdirSync(path.join(site, "dist/assets"));
  const wasmAssets = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasmAssets.length, 1, `assets: ${assets}`);
  for (const f of assets.filter((f) => f.endsWith(".js")))  // no base64 run of the binary's length
    assert.ok(!/[A-Za-z0-9+/]{100000}/.test(fs.readFileSync(path.join(site, "dist/assets", f), "utf8")), `${f} inlines the wasm`);
  const server = await serveDir(path.join(site, "dist"), { "content-security-policy": csp });
  try {
    const result = await visit(`http://127.0.0.1:${server.address().port}/`);
    checkPage(result);
    assert.deepEqual(result.wasm, [`/assets/${wasmAssets[0]}`]);
  } finally {
    server.close();
  }
});
