// Type-checked (tsc --noEmit) usage of the package's declarations: what a SvelteKit page would write.
import createBooking, { BookingError, type AvailabilityRequest, type Clinic, type Slot } from "../js/index.js";

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
    const check = engine.check({ slot: slots[0].id, now: request.now });
    const codes: string[] = check.conflicts.map((c) => c.code);
    if (!check.bookable) console.log(codes.join(", "), check.chair ?? "no chair");
  } catch (e) {
    if (e instanceof BookingError) console.log(e.code, e.pointer);
  } finally {
    engine.close();
  }
  const v = booking.validate(clinic);
  console.log(v.valid, booking.version, booking.zones.length);
  return slots[0];
}
