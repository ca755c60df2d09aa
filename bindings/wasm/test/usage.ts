// Type-checked (tsc --noEmit) usage of the package's declarations: what a SvelteKit page would write.
import createBooking, { BookingError, MAX_DOCUMENT_BYTES, type AvailabilityRequest, type Clinic, type Engine, type Simulation, type Slot, type Kpis, type ReminderPlan, type WaitlistMatches } from "../js/index.js";

const clinic: Clinic = {
  tenant: { id: "sonrisa" },
  sites: [{ id: "s", timezone: "America/Santiago", hours: { mon: [["09:00", "13:00"]] }, chairs: [{ id: "c1" }] }],
  professionals: [{ id: "p", treatments: ["t"], schedule: [{ site: "s", days: ["mon"], hours: [["09:00", "13:00"]] }] }],
  treatments: [{ id: "t", buffer_after: 10, segments: [{ minutes: 45, professional: true }] }],
};

export async function firstSlot(): Promise<Slot | undefined> {
  const booking = await createBooking();
  const request: AvailabilityRequest = { site: "s", treatment: "t", from: "2026-12-07", to: "2026-12-13", now: new Date().toISOString() };
  const { slots } = booking.availability(clinic, null, request);
  const engine = new booking.Engine(clinic, []);
  try {
    const body: Uint8Array = engine.availabilityBytes(request);  // what a server endpoint sends on
    console.log(body.byteLength);
    const check = engine.check({ slot: slots[0].id, now: request.now });
    const codes: string[] = check.conflicts.map((c) => c.code);
    if (!check.bookable) console.log(codes.join(", "), check.chair ?? "no chair");
    else console.log(check.take.length, check.release.length, check.ranges.map((r) => `${r.kind} ${r.id} ${r.unit ?? ""}`));
    const { alternatives } = engine.alternatives({ slot: slots[0].id, now: request.now, limit: 3 });
    const kinds: string[] = alternatives.map((a) => `${a.kind} ${a.start}`);
    console.log(kinds);
  } catch (e) {
    if (e instanceof BookingError) console.log(e.code, e.pointer);
  } finally {
    engine.close();
  }
  const v = booking.validate(clinic);
  console.log(v.valid, booking.version, booking.zones.length);
  return slots[0];
}

// An administrator's draft: what it changes, whom it breaks, and who set the notice in force.
export async function preview(published: Clinic, draft: Clinic): Promise<Simulation> {
  const booking = await createBooking();
  const sim = booking.simulate(published, draft, [], { from: "2026-12-07", to: "2026-12-13", now: new Date() });
  const lost: number = sim.rows.reduce((n, r) => n + r.removed, 0);
  for (const b of sim.broken_bookings) console.log(b.id, b.conflicts.map((c) => c.code).join(", "));
  const changes = booking.diff(published, draft).changes.map((c) => `${c.op} ${c.path}`);
  const notice = booking.resolve(draft, { site: "s", user: { preferences: { language: "es-CL" } } });
  const layer: string = notice.provenance["/policies/min_notice_minutes"].layer;
  const minutes: number = notice.effective.policies.min_notice_minutes;
  const v = booking.inForce([{ id: "v1", publish_at: "2026-11-01T00:00:00Z" }], new Date());
  console.log(lost, changes, layer, minutes, v.version ?? "none yet");
  return sim;
}

// Engines are bounded: a page that forgets close() gets "too_many_engines", not an abort.
export async function bounded(clinic: Clinic): Promise<number> {
  const booking = await createBooking();
  const open: Engine[] = [];
  try {
    while (open.length < booking.maxEngines) open.push(new booking.Engine(clinic));
  } catch (e) {
    if (!(e instanceof BookingError) || (e.code !== "too_many_engines" && e.code !== "out_of_memory")) throw e;
  } finally {
    for (const engine of open) engine.close();
  }
  const limit: number = MAX_DOCUMENT_BYTES + booking.maxDocumentBytes;
  booking.check(clinic, [], { slot: "s:p:t:20261207T1215Z", now: new Date() });
  return limit;
}

// The bundled example documents imported as JSON modules (TypeScript types their spans as string[][]
// and their weekdays and statuses as string), a Date as `now`, and an engine declared with `using`.
import clinicJSON from "../../../examples/clinic/clinic.json" with { type: "json" };
import bookingsJSON from "../../../examples/clinic/bookings.json" with { type: "json" };
import createBookingFromFile, { BookingError as FileBookingError, type WasmCreateOptions } from "../js/wasm.js";

export async function fromJSONModules(): Promise<number> {
  const booking = await createBooking();
  const week = { site: "santiago-centro", treatment: "limpieza", from: "2026-12-07", to: "2026-12-13", now: new Date() };
  const { slots } = booking.availability(clinicJSON, bookingsJSON, week);
  booking.check(clinicJSON, bookingsJSON, { slot: slots[0].id, now: new Date() });
  booking.validate(clinicJSON, bookingsJSON);
  {
    using engine = new booking.Engine(clinicJSON, bookingsJSON);
    engine.availability({ ...week, now: new Date("2026-12-04T15:00:00Z") });
    engine.check({ slot: slots[0].id, now: new Date() });
    const ranked = engine.availability({ ...week, order: "compact" }).slots;
    const idle: number = ranked[0]?.score?.idle_minutes ?? 0;  // score is optional: only ranked answers have it
    if (idle < 0) throw new Error("negative idle minutes");
  }
  const draft: Clinic = clinicJSON;
  return slots.length + draft.sites.length;
}

// The separate-.wasm build: the same API; the binary from its default URL, bytes or a module.
export async function fromFile(bytes: Uint8Array, module: WebAssembly.Module): Promise<boolean> {
  const options: WasmCreateOptions[] = [{}, { wasm: new URL("https://cdn.example/booking_core_file.wasm") }, { wasm: bytes }, { wasm: module }];
  const booking = await createBookingFromFile(options[0]);
  try {
    booking.availability(clinic, null, { site: "s", treatment: "t", from: "2026-12-07", to: "2026-12-07", now: new Date() });
  } catch (e) {
    if (e instanceof FileBookingError && e instanceof BookingError) return true;
  }
  return options.length > 0;
}

// Clinic operations (docs/operations.md).
export async function operations(): Promise<number> {
  const booking = await createBooking();
  const k: Kpis = booking.kpis(clinic, [], { from: "2026-12-07", to: "2026-12-13" });
  const closed: boolean = k.chairs.some((r) => r.occupancy === null);
  const csv: string = booking.kpisCSV(clinic, [], { from: "2026-12-07", to: "2026-12-07", site: "s" });
  const plan: ReminderPlan = booking.reminders(clinic, [], { booking: "b", now: "2026-12-01T12:00:00Z",
    policy: { offsets_minutes: [1440], quiet_hours: { from: "21:00", to: "08:00" }, channels: ["sms"] } });
  const ics: string = booking.ical(clinic, [], { professional: "p", from: "2026-12-07", to: "2026-12-13", now: "2026-12-01T12:00:00Z" });
  const closures: string[] = booking.icalClosures(ics, { from: "2026-01-01", to: "2026-12-31" }).closures;
  const w: WaitlistMatches = booking.waitlist(clinic, [], [], { freed: { booking: "b" }, now: "2026-12-01T12:00:00Z" });
  return (closed ? 1 : 0) + csv.length + plan.reminders.length + closures.length + w.matches.length;
}
