// Times a generated workload (booking_bench_gen) through the WebAssembly package under Node:
// Engine.availabilityJSON and availabilityBytes, the same end-to-end JSON path as BM_json_path
// natively, and Engine.availability (slot objects), as BM_slots_path natively. Checks first that both answers
// equal the native one (answer.json). Prints one JSON line: the median
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
const answer = read("answer.json");
// Both answers first (also the warm-up): the JSON text byte for byte, the objects as JSON.
if (engine.availabilityJSON(request) !== answer || JSON.stringify(engine.availability(request)) !== answer ||
    new TextDecoder().decode(engine.availabilityBytes(request)) !== answer) {
  console.error(`FATAL: the WASM answer for ${path.basename(dir)} differs from the native one`);
  process.exit(1);
}
// The median microseconds per call of f, in `repetitions` runs of `inner` calls.
function median(f) {
  let n = inner;
  if (!n) {
    const t0 = process.hrtime.bigint();
    f();
    n = Math.max(1, Math.round(0.2e9 / Number(process.hrtime.bigint() - t0)));
  }
  const samples = [];
  for (let r = 0; r < repetitions; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
// wasm_us: availabilityJSON (the JSON text as a JS string, as BM_json_path); wasm_bytes_us:
// availabilityBytes (the same text as UTF-8 bytes); wasm_objects_us: availability (slot objects
// built from slot tables, as BM_slots_path builds std::vector<slot>).
const wasm_us = median(() => engine.availabilityJSON(request));
const wasm_bytes_us = median(() => engine.availabilityBytes(request));
const wasm_objects_us = median(() => engine.availability(request));
console.log(JSON.stringify({ workload: path.basename(dir), wasm_us, wasm_bytes_us, wasm_objects_us, heap_bytes: booking.heapBytes() }));
engine.close();
