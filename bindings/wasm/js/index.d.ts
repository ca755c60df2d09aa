// Types of the chairbook WebAssembly package (hand-written: Emscripten 3.1.6 cannot emit them).
// Input documents accept what a JSON module import gives (`import clinic from "./clinic.json" with
// { type: "json" }` types spans as string[][] and enumerations as string): the engine checks them.
/// <reference lib="esnext.disposable" />

/** A document: a plain object, or a string holding its JSON text. */
export type Doc<T> = T | string;

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
/** A weekday in an input document: one of Weekday (any other string is refused by the engine). */
export type WeekdayName = Weekday | (string & {});
/** Two local times, ["09:00", "13:00"] (an array of two strings; a JSON import types it string[]). */
export type Span = readonly string[];

export interface Clinic {
  tenant: { id: string; name?: string };
  /** Tenant layer; null restores the system default (docs/config.md). */
  policies?: {
    min_notice_minutes?: number | null;
    max_advance_days?: number | null;
    slot_step_minutes?: number | null;
    cancellation_window_hours?: number | null;
    claim_granularity_minutes?: number | null;
  };
  preferences?: { [K in keyof Preferences]?: Preferences[K] | null };
  sites: Array<{
    id: string;
    name?: string;
    timezone: string;
    country?: string;
    hours: Partial<Record<Weekday, readonly Span[]>>;
    closures?: string[];
    chairs: Array<{ id: string; name?: string; tags?: string[] }>;
    resources?: Array<{ id: string; name?: string; capacity?: number }>;
    /** The hours of one date instead of the weekly ones (docs/booking-rules.md). */
    overrides?: Array<{ date: string; hours: readonly Span[]; reason?: string }>;
    /** Chair time held for some treatments until release_hours (default 24) before it starts. */
    reservations?: Array<{
      chairs?: string[];
      days: readonly WeekdayName[];
      hours: readonly Span[];
      treatments: string[];
      release_hours?: number;
      reason?: string;
    }>;
    /** Site layer: everything but claim_granularity_minutes. */
    policies?: { min_notice_minutes?: number | null; max_advance_days?: number | null; slot_step_minutes?: number | null; cancellation_window_hours?: number | null };
    preferences?: { [K in keyof Preferences]?: Preferences[K] | null };
  }>;
  professionals?: Array<{
    id: string;
    name?: string;
    treatments?: string[];
    schedule?: Array<{ site: string; days: readonly WeekdayName[]; hours: readonly Span[] }>;
    absences?: Array<{ from: string; to: string; reason?: string }>;
    /** Professional layer: notice, advance and cancellation only. */
    policies?: { min_notice_minutes?: number | null; max_advance_days?: number | null; cancellation_window_hours?: number | null };
  }>;
  treatments?: Array<{
    id: string;
    name?: string;
    buffer_before?: number;
    buffer_after?: number;
    chair_tags?: string[];
    segments: Array<{ minutes: number; professional?: boolean; resources?: string[]; name?: string }>;
  }>;
}

export type BookingStatus = "pending" | "confirmed" | "completed" | "cancelled" | "no_show";

export interface Booking {
  id: string;
  site: string;
  professional: string;
  chair: string;
  treatment: string;
  /** RFC 3339 with an offset, whole minutes. */
  start: string;
  /** One of BookingStatus (a JSON import types it string; the engine refuses others). */
  status?: BookingStatus | (string & {});
  patient?: string;
  notes?: string;
}

export interface Block {
  id: string;
  site?: string;
  chair?: string;
  resource?: string;
  professional?: string;
  from: string;
  to: string;
  reason?: string;
}

export type Bookings = Booking[] | { bookings?: Booking[]; blocks?: Block[] };

export interface AvailabilityRequest {
  site: string;
  treatment: string;
  /** Inclusive local dates, "YYYY-MM-DD". */
  from: string;
  to: string;
  /** RFC 3339 instant (or a valid Date): the engine never reads a clock. */
  now: string | Date;
  professionals?: string[];
  chairs?: string[];
  /** Leave out starts that overlap this patient's bookings. */
  patient?: string;
  /** "compact": the slots that leave the fewest idle gaps first, each with its score (docs/booking-rules.md). */
  order?: "start" | "compact";
}

/** What taking a slot would leave around it on its chair and professional; lower is better. */
export interface SlotScore {
  /** Minutes of gaps too short for any treatment there. */
  idle_minutes: number;
  /** Gaps of any length (0 to 4). */
  gaps: number;
}

export interface Slot {
  /** Stable: "site:professional:treatment:YYYYMMDDTHHMMZ". */
  id: string;
  start: string;
  end: string;
  professional: string;
  chair: string;
  chairs: string[];
  resources: string[];
  /** Only in an answer to order "compact"; `chair` is then the best chair. */
  score?: SlotScore;
}

export interface Availability {
  slots: Slot[];
}

/** `now` and `start` may be valid Dates; an invalid Date throws BookingError "invalid_value" at "/now". */
export type CheckRequest =
  | { slot: string; now: string | Date; chair?: string; id?: string; patient?: string }
  | { site: string; professional: string; treatment: string; start: string | Date; now: string | Date; chair?: string; id?: string; patient?: string };

export type ConflictCode =
  | "unknown_id" | "lacks_treatment" | "chair_lacks_tags" | "off_step_grid" | "too_soon" | "too_far"
  | "site_closed" | "outside_site_hours" | "professional_absent" | "outside_professional_hours"
  | "professional_busy" | "chair_busy" | "resource_full" | "resource_missing" | "patient_busy" | "limit_reached"
  | "chair_reserved";

export interface Conflict {
  code: ConflictCode;
  message: string;
  booking?: string;
  block?: string;
  chair?: string;
  resource?: string;
}

export interface CheckResult {
  bookable: boolean;
  site: string;
  professional: string;
  treatment: string;
  chair: string | null;
  start: string;
  end: string | null;
  conflicts: Conflict[];
  /** Every key the booking holds when bookable (docs/semantics.md, Claim keys). */
  claims: string[];
  /** The write as a diff: keys to delete (a move's old keys it gives up) and keys to insert. */
  release: string[];
  take: string[];
  /** The claims as UTC time ranges, for stores that constrain ranges. */
  ranges: ClaimRange[];
}

export interface ClaimRange {
  kind: "professional" | "chair" | "resource" | "patient";
  id: string;
  /** Resource unit (resources only). */
  unit?: number;
  from: string;
  to: string;
}

/** A check request plus how many alternatives (1–100, default 5) over how many later days (0–90, default 14). */
export type AlternativesRequest = CheckRequest & { limit?: number; days?: number };

export interface Alternative extends Slot {
  kind: "same_professional_same_day" | "other_professional_same_day" | "later_day";
}

export interface Alternatives {
  alternatives: Alternative[];
}

/** May a booking be confirmed, cancelled, rescheduled, completed or marked no_show now (docs/operations.md)? */
export interface LifecycleRequest {
  booking: string;
  action: "confirm" | "cancel" | "reschedule" | "complete" | "no_show";
  now: string | Date;
  /** A reschedule's new slot: "slot", or "start" (with "professional", "chair", "site", "treatment" optional). */
  slot?: string;
  start?: string;
  professional?: string;
  chair?: string;
  site?: string;
  treatment?: string;
  patient?: string;
}


export interface LifecycleDecision {
  booking: string;
  action: LifecycleRequest["action"];
  decision: "allowed" | "late" | "refused";
  allowed: boolean;
  /** Late: inside the cancellation window; the clinic may charge. */
  fee: boolean;
  from: BookingStatus;
  to: BookingStatus;
  code: null | "late_change" | "invalid_transition" | "already_started" | "inside_cutoff" | "not_started" | "slot_unavailable";
  reason: string | null;
  free_until?: string;
  refused_from?: string;
  /** A reschedule's check of the new slot. */
  check?: CheckResult;
}

export interface HoursRequest {
  site: string;
  /** Local date, "YYYY-MM-DD". */
  date: string;
  professional?: string;
}

export interface HoursInForce {
  hours: [string, string][];
  /** JSON Pointer of the clinic entry the hours come from, or null when nothing is configured. */
  source: string | null;
}

export interface Hours {
  site: string;
  date: string;
  weekday: string;
  open: HoursInForce;
  works?: HoursInForce & { professional: string };
}

export interface Finding {
  code: string;
  pointer: string;
  message: string;
  document?: string;
  /** A second place the finding is about (the other booking of an overlap). */
  related?: string;
}

export interface Validation {
  valid: boolean;
  errors: Finding[];
  warnings: Finding[];
}

export interface SimulationRequest {
  /** Inclusive local dates, "YYYY-MM-DD", in each site's zone. */
  from: string;
  to: string;
  /** RFC 3339 instant (or a Date): the policy window is measured from it. */
  now: string | Date;
  sites?: string[];
  treatments?: string[];
}

export interface SimulationRow {
  date: string;
  site: string;
  professional: string;
  chair: string;
  before: number;
  after: number;
  added: number;
  removed: number;
}

/** An existing booking the draft would break, with only the reasons the draft adds. */
export interface BrokenBooking extends Omit<Booking, "status" | "patient" | "notes"> {
  status: BookingStatus;
  conflicts: Conflict[];
}

export interface Simulation {
  totals: { before: number; after: number; added: number; removed: number; broken_bookings: number };
  rows: SimulationRow[];
  broken_bookings: BrokenBooking[];
}

export interface ConfigScope {
  site?: string;
  professional?: string;
  user?: { preferences?: Partial<Preferences> | Record<string, null> };
}

export interface Preferences {
  language: string;
  timezone: string;
  time_format: "24h" | "12h";
  week_starts_on: Weekday;
}

/** Effective booking policies (every key present). */
export interface Policies {
  min_notice_minutes: number;
  max_advance_days: number;
  slot_step_minutes: number;
  cancellation_window_hours: number;
  claim_granularity_minutes: number;
}

export type Layer = "system" | "tenant" | "site" | "professional" | "user";

export interface Resolved {
  scope: { site: string | null; professional: string | null; user: boolean };
  effective: { policies: Policies; preferences: Preferences };
  /** JSON Pointer of each effective value → the layer that set it and where (null: the system default). */
  provenance: Record<string, { layer: Layer; source: string | null }>;
}

export interface Change {
  op: "added" | "removed" | "changed" | "reordered";
  /** Names entries that have an "id" by it: "/sites/santiago-centro/chairs/c3". */
  path: string;
  /** RFC 6901 pointer in `after` (in `before` for a removal). */
  pointer: string;
  before?: unknown;
  after?: unknown;
}

export interface Diff {
  counts: { added: number; removed: number; changed: number; reordered: number };
  changes: Change[];
}

export interface Version {
  id: string;
  /** RFC 3339, whole minutes. */
  publish_at: string;
  [key: string]: unknown;
}

export interface InForce {
  at: string;
  version: string | null;
  index: number | null;
  publish_at: string | null;
  next: { version: string; index: number; publish_at: string } | null;
}

/** The engine's limit for one JSON document in UTF-8 (64 MiB); longer text throws "too_large". */
export declare const MAX_DOCUMENT_BYTES: number;

export declare class BookingError extends Error {
  readonly name: "BookingError";
  /**
   * Stable machine-readable code, e.g. "unknown_zone". Besides the engine's codes, the package's own:
   * "too_large" (a document over 64 MiB), "out_of_memory" (the module's heap cannot hold the call;
   * the module stays usable), "too_many_engines" (Booking_.maxEngines open: close() some),
   * "closed_engine", "invalid_value" (e.g. an invalid Date).
   */
  readonly code: string;
  /** RFC 6901 JSON Pointer to the offending field ("" for the whole document). */
  readonly pointer: string;
  /** The document it is in ("clinic", "bookings", "request", "draft", ...), or "" when not known. */
  readonly document: string;
  /** When the text is not valid JSON: where the parser stopped, line and column in characters from 1; else 0. */
  readonly line: number;
  readonly column: number;
}

/** A clinic and its bookings parsed once; call close() (or rely on garbage collection) when done. */
export interface KpiRequest { from: string; to: string; site?: string }
export interface OccupancyRow {
  site: string; chair?: string; professional?: string; date: string;
  open_minutes: number; booked_minutes: number;
  /** booked / open, 4 decimals; null on a closed day (open_minutes 0). */
  occupancy: number | null;
}
export interface Kpis {
  from: string; to: string; sites: string[];
  bookings: { total: number; pending: number; confirmed: number; completed: number; cancelled: number; no_show: number };
  no_show_rate: number | null; cancellation_rate: number | null;
  lead_time: { count: number; without_created_at: number; min_minutes: number | null; median_minutes: number | null;
               p90_minutes: number | null; max_minutes: number | null;
               buckets: { from_days: number; to_days: number | null; count: number }[] };
  chairs: OccupancyRow[]; professionals: OccupancyRow[];
}
export interface ReminderPolicy { offsets_minutes: number[]; quiet_hours?: { from: string; to: string } | null; channels: string[] }
export interface RemindersRequest { booking: string; now: string; policy: ReminderPolicy }
export interface Reminder { offset_minutes: number; channel: string; due: string; at: string; moved: boolean }
export interface ReminderPlan {
  booking: string; start: string; reminders: Reminder[];
  dropped: (Reminder & { reason: "past" | "same_instant" | "not_upcoming" })[];
}
export interface AgendaRequest { professional?: string; site?: string; chair?: string; from: string; to: string; now: string }
export interface IcalClosures { closures: string[]; events: { line: number; summary: string; dates: string[] }[] }
export interface WaitlistEntry {
  id: string; patient: string; site: string; treatment: string; professionals?: string[];
  windows?: { from: string; to: string }[]; added_at: string; notes?: string;
}
export interface WaitlistRequest {
  freed: { booking: string; professional?: string } | { site: string; from: string; to: string; chair?: string; professional?: string };
  now: string;
}
export interface WaitlistMatches {
  freed: { site: string; chair: string | null; professional: string | null; from: string; to: string };
  matches: { rank: number; entry: string; patient: string; added_at: string;
             slot: { id: string; start: string; end: string; professional: string; chair: string }; slots: number }[];
  misses: { entry: string; reason: "other_site" | "no_professional" | "not_bookable" | "outside_windows" }[];
}

export interface Engine {
  availability(request: Doc<AvailabilityRequest>): Availability;
  availabilityJSON(request: Doc<AvailabilityRequest>): string;
  /** availabilityJSON's text as UTF-8 bytes, for a server that sends it on (`new Response(bytes)`): no JS string is made. */
  availabilityBytes(request: Doc<AvailabilityRequest>): Uint8Array;
  check(request: Doc<CheckRequest>): CheckResult;
  checkJSON(request: Doc<CheckRequest>): string;
  /** The best free slots when the wanted one is taken, ranked (docs/format.md, Alternatives). */
  alternatives(request: Doc<AlternativesRequest>): Alternatives;
  lifecycle(request: Doc<LifecycleRequest>): LifecycleDecision;
  hours(request: Doc<HoursRequest>): Hours;
  setBookings(bookings: Doc<Bookings>): void;
  /** Frees the engine's memory and its place among the maxEngines open ones. */
  close(): void;
  /** close(), for `using engine = new booking.Engine(...)`. */
  [Symbol.dispose](): void;
}

export interface Booking_ {
  readonly version: string;
  /** IANA zones embedded in the module. */
  readonly zones: string[];
  availability(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<AvailabilityRequest>): Availability;
  /** The answer as JSON text, byte-identical to the CLI's and Python's. */
  availabilityJSON(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<AvailabilityRequest>): string;
  /** availabilityJSON's text as UTF-8 bytes (a copy, yours to keep). */
  availabilityBytes(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<AvailabilityRequest>): Uint8Array;
  check(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<CheckRequest>): CheckResult;
  checkJSON(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<CheckRequest>): string;
  alternatives(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<AlternativesRequest>): Alternatives;
  lifecycle(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<LifecycleRequest>): LifecycleDecision;
  hours(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<HoursRequest>): Hours;
  validate(clinic: Doc<Clinic>, bookings?: Doc<Bookings> | null): Validation;
  /** Any operation by name on named documents (the shape of a golden scenario). */
  run(operation: string, documents: Doc<Record<string, unknown>>): unknown;
  runJSON(operation: string, documents: Doc<Record<string, unknown>>): string;
  /** What publishing `draft` instead of `published` would change (errors point under /draft, /published, ...). */
  simulate(published: Doc<Clinic>, draft: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<SimulationRequest>): Simulation;
  simulateJSON(published: Doc<Clinic>, draft: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<SimulationRequest>): string;
  /** The effective configuration of a scope, with the layer and source of every value. */
  resolve(clinic: Doc<Clinic>, scope?: ConfigScope): Resolved;
  /** What changed between two configurations, for a "pending changes" bar. */
  diff(before: Doc<unknown>, after: Doc<unknown>): Diff;
  /** Which version is in force at an instant. */
  inForce(versions: Doc<Version[] | { versions: Version[] }>, at: string | Date): InForce;
  /** Occupancy per chair and professional per day, rates and lead times (docs/operations.md, KPIs). */
  kpis(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<KpiRequest>): Kpis;
  /** The occupancy rows as CSV (CRLF lines; occupancy empty on a closed day). */
  kpisCSV(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<KpiRequest>): string;
  /** When to send each reminder of one booking (docs/operations.md, Reminders). */
  reminders(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<RemindersRequest>): ReminderPlan;
  /** A professional's or chair's agenda as iCalendar text (RFC 5545). */
  ical(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, request: Doc<AgendaRequest>): string;
  /** Closure dates from iCalendar text (yearly RRULE, EXDATE; docs/operations.md). */
  icalClosures(ics: string | Uint8Array, request: Doc<{ from: string; to: string }>): IcalClosures;
  /** The waitlist entries a freed interval can take, ranked earliest added first. */
  waitlist(clinic: Doc<Clinic>, bookings: Doc<Bookings> | null | undefined, entries: Doc<WaitlistEntry[]>,
           request: Doc<WaitlistRequest>): WaitlistMatches;
  Engine: new (clinic: Doc<Clinic>, bookings?: Doc<Bookings> | null) => Engine;
  /** Engines currently open (for leak checks). */
  openEngines(): number;
  /** Engines open at once before `new Engine` throws BookingError "too_many_engines" (10,000). */
  readonly maxEngines: number;
  /** MAX_DOCUMENT_BYTES. */
  readonly maxDocumentBytes: number;
  /** Size of the module's heap in bytes. */
  heapBytes(): number;
}
export type { Booking_ as BookingModule };

/** Options passed to the Emscripten module factory (e.g. `locateFile`, `print`). */
export interface CreateOptions {
  [key: string]: unknown;
}

export default function createBooking(options?: CreateOptions): Promise<Booking_>;
