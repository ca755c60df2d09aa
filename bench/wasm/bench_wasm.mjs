// Times a generated workload (booking_bench_gen) through the WebAssembly package under Node:
// Engine.availabilityJSON, the same end-to-end JSON path as BM_json_path natively. Checks first that
// the answer is byte-identical to the native one (answer.json). Prints one JSON line: the median
// wall-clock microseconds per call, and the size of the WASM linear memory afterwards (it never
// shrinks, so this is the peak heap of the run).
//   node bench/wasm/bench_wasm.mjs build/bench/base-30d [repetitions] [calls per repetition]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = process.env.BOOKING_WASM_PKG ?? path.join(root, "build/wasm/bindings/wasm/package");
const { default: createBooking } = await import(pathToFileURL(path.join(pkg, "index.js")).href);
const booking = await createBooking();
const dir = process.argv[2];
const repetitions = Number(process.argv[3] ?? 5);
let inner = Number(process.argv[4] ?? 0);  // 0: as many calls as fill about 0.2 s
const read = (f) => fs.readFileSync(path.join(dir, f), "utf8");
const engine = new booking.Engine(read("clinic.json"), read("bookings.json"));
const request = read("request.json");
if (engine.availabilityJSON(request) !== read("answer.json")) {  // also the warm-up
  console.error(`FATAL: the WASM answer for ${path.basename(dir)} differs from the native one`);
  process.exit(1);
}
if (!inner) {
  const t0 = process.hrtime.bigint();
  engine.availabilityJSON(request);
  inner = Math.max(1, Math.round(0.2e9 / Number(process.hrtime.bigint() - t0)));
}
const samples = [];
for (let r = 0; r < repetitions; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < inner; i++) engine.availabilityJSON(request);
  samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / inner);
}
samples.sort((a, b) => a - b);
console.log(JSON.stringify({ workload: path.basename(dir), wasm_us: samples[Math.floor(samples.length / 2)],
                             heap_bytes: booking.heapBytes() }));
engine.close();
