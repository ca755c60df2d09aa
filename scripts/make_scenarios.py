#!/usr/bin/env python3
"""Writes the inputs of the golden scenarios under tests/scenarios/ (keeps an existing "expected")."""
import copy
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "scenarios"
EXAMPLE = json.loads((ROOT / "examples/clinic/clinic.json").read_text())
EXAMPLE.pop("$schema", None)
EXAMPLE_BOOKINGS = json.loads((ROOT / "examples/clinic/bookings.json").read_text())
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def night_clinic(zone, minutes=30, step=30, before=0, after=0, open_from="00:00", open_to="24:00"):
    """One site open all day every day in `zone`, one professional, two chairs."""
    return {
        "tenant": {"id": "t"},
        "policies": {"min_notice_minutes": 0, "max_advance_days": 365, "slot_step_minutes": step},
        "sites": [{"id": "s", "timezone": zone, "hours": {d: [[open_from, open_to]] for d in DAYS},
                   "chairs": [{"id": "c1"}, {"id": "c2"}]}],
        "professionals": [{"id": "p", "treatments": ["t"],
                           "schedule": [{"site": "s", "days": DAYS, "hours": [[open_from, open_to]]}]}],
        "treatments": [{"id": "t", "buffer_before": before, "buffer_after": after,
                        "segments": [{"minutes": minutes, "professional": True}]}],
    }


def req(day, now="2026-01-01T00:00:00Z", to=None, **extra):
    r = {"site": "s", "treatment": "t", "from": day, "to": to or day, "now": now}
    r.update(extra)
    return r


scenarios = {}


def add(name, description, operation, clinic, request=None, bookings=None):
    s = {"description": description, "operation": operation, "clinic": clinic}
    if bookings is not None:
        s["bookings"] = bookings
    if request is not None:
        s["request"] = request
    scenarios[name] = s


# The bundled example clinic.
add("example-week", "Santiago, limpieza, a week with bookings, a cancelled one, a closure and blocks",
    "availability", EXAMPLE, json.load(open(ROOT / "examples/clinic/request-week.json")), EXAMPLE_BOOKINGS)
add("example-lima-extraccion", "Lima (no DST): extraction needs a surgery chair and the X-ray first",
    "availability", EXAMPLE, json.load(open(ROOT / "examples/clinic/request-lima.json")), EXAMPLE_BOOKINGS)
add("example-endodoncia-assistants", "a capacity-2 assistant pool shared by treatments",
    "availability", EXAMPLE,
    {"site": "santiago-centro", "treatment": "endodoncia", "from": "2026-12-07", "to": "2026-12-07",
     "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("example-check-busy", "a proposal on top of an existing booking", "check", EXAMPLE,
    json.load(open(ROOT / "examples/clinic/check-busy.json")), EXAMPLE_BOOKINGS)
add("example-check-slot", "booking by slot id: bookable, with claim keys", "check", EXAMPLE,
    json.load(open(ROOT / "examples/clinic/check-slot.json")), EXAMPLE_BOOKINGS)
add("example-check-many-reasons", "every reason at once: off grid, too soon, outside hours, lacks treatment",
    "check", EXAMPLE,
    {"site": "santiago-centro", "professional": "dr-rojas", "treatment": "extraccion", "chair": "c2",
     "start": "2026-12-07T08:50:00-03:00", "now": "2026-12-07T08:00:00-03:00"}, EXAMPLE_BOOKINGS)
add("example-check-absent", "the professional is absent that day", "check", EXAMPLE,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
     "start": "2026-12-14T10:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("example-check-closed", "the site is closed that day (a holiday)", "check", EXAMPLE,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
     "start": "2026-12-08T15:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("example-check-blocks", "an administrative block on the chair and on the professional", "check", EXAMPLE,
    {"site": "santiago-centro", "professional": "dr-rojas", "treatment": "control", "chair": "c2",
     "start": "2026-12-11T15:00:00-03:00", "now": "2026-12-01T12:00:00Z"},
    {"bookings": [], "blocks": EXAMPLE_BOOKINGS["blocks"] + [
        {"id": "k3", "site": "santiago-centro", "chair": "c2", "from": "2026-12-11T14:30:00-03:00",
         "to": "2026-12-11T15:30:00-03:00", "reason": "reparación"}]})
add("example-check-xray", "the X-ray unit (capacity 1) is in use by another booking", "check", EXAMPLE,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "extraccion",
     "start": "2026-12-09T09:00:00-03:00", "now": "2026-12-01T12:00:00Z"},
    {"bookings": [{"id": "x1", "site": "santiago-centro", "professional": "dr-rojas", "chair": "c2",
                   "treatment": "extraccion", "start": "2026-12-09T09:05:00-03:00"}]})
add("example-check-reschedule", "moving booking b1 by 15 minutes does not collide with itself", "check", EXAMPLE,
    {"id": "b1", "site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza", "chair": "c1",
     "start": "2026-12-07T10:15:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("example-validate", "the example clinic and bookings validate", "validate", EXAMPLE, bookings=EXAMPLE_BOOKINGS)

# DST: both transition days of 2026 in zones with shifts of one hour, 30 minutes, at midnight.
for zone, tag, spring, fall in [
    ("America/Santiago", "santiago", "2026-09-06", "2026-04-04"),
    ("America/New_York", "new-york", "2026-03-08", "2026-11-01"),
    ("Europe/Madrid", "madrid", "2026-03-29", "2026-10-25"),
    ("Australia/Lord_Howe", "lord-howe", "2026-10-04", "2026-04-05"),
]:
    add(f"dst-{tag}-spring", f"{zone} spring-forward day: nonexistent local times are never offered",
        "availability", night_clinic(zone), req(spring))
    add(f"dst-{tag}-fall", f"{zone} fall-back day: repeated local times are offered twice",
        "availability", night_clinic(zone), req(fall))
add("dst-santiago-buffers", "buffers across the fall-back transition, 15-minute step, 45-minute treatment",
    "availability", night_clinic("America/Santiago", minutes=45, step=15, before=10, after=15, open_from="20:00",
                                 open_to="24:00"), req("2026-04-04"))
add("dst-kathmandu", "Asia/Kathmandu (+05:45): the grid is local", "availability",
    night_clinic("Asia/Kathmandu", minutes=60, step=60, open_from="08:00", open_to="12:00"), req("2026-04-06"))
add("dst-new-york-min-notice", "minimum notice measured in real minutes across the spring-forward gap",
    "availability", dict(night_clinic("America/New_York"), policies={"min_notice_minutes": 90, "max_advance_days": 1,
                                                                     "slot_step_minutes": 30}),
    req("2026-03-08", now="2026-03-08T01:00:00-05:00"))

# Slot tables: the same answers as tables (docs/format.md), part of the contract between languages.
add("tables-example-week", "slot tables of example-week: each string once, three integers per slot",
    "availability_tables", EXAMPLE, json.load(open(ROOT / "examples/clinic/request-week.json")), EXAMPLE_BOOKINGS)
add("tables-dst-santiago-buffers", "slot tables across the fall-back transition: one time row per start and offset",
    "availability_tables", night_clinic("America/Santiago", minutes=45, step=15, before=10, after=15,
                                        open_from="20:00", open_to="24:00"), req("2026-04-04"))

# Bad input: typed errors with a pointer.
def broken(mutate):
    c = copy.deepcopy(EXAMPLE)
    mutate(c)
    return c

add("error-unknown-zone", "an unknown IANA zone", "validate",
    broken(lambda c: c["sites"][1].__setitem__("timezone", "America/Atlantis")))
add("error-25-00", "a clock time of 25:00", "validate",
    broken(lambda c: c["sites"][0]["hours"].__setitem__("sat", [["09:00", "25:00"]])))
add("error-duplicate-id", "two chairs with one id", "validate",
    broken(lambda c: c["sites"][0]["chairs"].append({"id": "c1"})))
add("error-end-before-start", "opening hours that end before they start", "validate",
    broken(lambda c: c["sites"][0]["hours"].__setitem__("sat", [["13:00", "09:00"]])))
add("error-zero-minutes", "a segment of zero minutes", "validate",
    broken(lambda c: c["treatments"][0]["segments"][0].__setitem__("minutes", 0)))
add("error-unknown-treatment", "a professional performing a treatment that does not exist", "validate",
    broken(lambda c: c["professionals"][0]["treatments"].append("blanqueamiento")))
add("error-malformed-json", "text that is not JSON", "availability", '{"tenant": ',
    req("2026-12-07"))
add("error-unknown-site-in-request", "a request for a site that does not exist", "availability", EXAMPLE,
    {"site": "valparaiso", "treatment": "limpieza", "from": "2026-12-07", "to": "2026-12-07",
     "now": "2026-12-01T12:00:00Z"})
add("error-booking-unknown-chair", "a booking on a chair of another site", "availability", EXAMPLE,
    json.load(open(ROOT / "examples/clinic/request-week.json")),
    {"bookings": [{"id": "x", "site": "santiago-centro", "professional": "dra-soto", "chair": "m1",
                   "treatment": "limpieza", "start": "2026-12-07T10:00:00-03:00"}]})

# Configuration: validation of everything at once, layers with provenance, diff, versions, simulation.
DRAFT = json.loads((ROOT / "examples/clinic/draft.json").read_text())
DRAFT.pop("$schema", None)
VERSIONS = json.loads((ROOT / "examples/clinic/versions.json").read_text())


def add_docs(name, description, operation, **documents):
    s = {"description": description, "operation": operation}
    s.update(documents)
    scenarios[name] = s


add("validate-every-error", "five independent errors in one clinic, all reported at once", "validate",
    broken(lambda c: (c["sites"][0].__setitem__("timezone", "Mars/Olympus"),
                      c["sites"][1]["chairs"][0].__setitem__("id", "bad id"),
                      c["treatments"][0]["segments"][0].__setitem__("minutes", 0),
                      c["professionals"][0]["treatments"].append("blanqueamiento"),
                      c["policies"].__setitem__("slot_step_minutes", "15"))))
add("validate-not-overridable", "a professional may not set the step, a site may not set the claim granularity",
    "validate",
    broken(lambda c: (c["professionals"][0].__setitem__("policies", {"slot_step_minutes": 5}),
                      c["sites"][0].__setitem__("policies", {"claim_granularity_minutes": 15}))))


def layered(c):
    c["preferences"] = {"language": "es", "time_format": "12h"}
    c["sites"][0]["policies"] = {"min_notice_minutes": 240, "max_advance_days": None}
    c["sites"][0]["preferences"] = {"language": "es-CL"}
    c["professionals"][0]["policies"] = {"cancellation_window_hours": 48}


LAYERED = copy.deepcopy(EXAMPLE)
layered(LAYERED)
add("resolve-layers", "system < tenant < site < professional < user, with the source of every value",
    "resolve", LAYERED,
    {"site": "santiago-centro", "professional": "dra-soto",
     "user": {"preferences": {"time_format": None, "timezone": "America/Lima"}}})
add("resolve-tenant-only", "no scope: the tenant's values over the system defaults", "resolve", LAYERED, {})
add("availability-site-notice", "a site's own minimum notice (240 min) moves its first slot", "availability",
    LAYERED, {"site": "santiago-centro", "treatment": "control", "from": "2026-12-07", "to": "2026-12-07",
              "now": "2026-12-07T09:00:00-03:00"}, EXAMPLE_BOOKINGS)
add_docs("diff-example-draft", "the bundled draft against the published clinic", "diff",
         before=EXAMPLE, after=DRAFT)
add_docs("in-force-between", "between two versions: the first is in force, the second is next", "in_force",
         versions=VERSIONS, request={"at": "2026-12-10T12:00:00Z"})
add_docs("in-force-at-publish", "exactly at a version's publish_at it is in force", "in_force",
         versions=VERSIONS, request={"at": "2026-12-14T03:00:00Z"})
add_docs("in-force-duplicate", "two versions published at the same instant are ambiguous", "in_force",
         versions=[{"id": "a", "publish_at": "2026-11-01T00:00:00Z"},
                   {"id": "b", "publish_at": "2026-10-31T21:00:00-03:00"}],
         request={"at": "2026-12-01T00:00:00Z"})
add_docs("simulate-example-draft", "the bundled draft over a week: slots lost per chair, b3 and b6 broken",
         "simulate", published=EXAMPLE, draft=DRAFT, bookings=EXAMPLE_BOOKINGS,
         request={"from": "2026-12-07", "to": "2026-12-13", "now": "2026-12-01T12:00:00Z"})
add_docs("simulate-no-change", "a draft equal to the published configuration changes nothing", "simulate",
         published=EXAMPLE, draft=EXAMPLE, bookings=EXAMPLE_BOOKINGS,
         request={"from": "2026-12-07", "to": "2026-12-08", "now": "2026-12-01T12:00:00Z",
                  "sites": ["lima-miraflores"], "treatments": ["limpieza"]})
DST_DRAFT = night_clinic("America/Santiago", minutes=60, step=60)
DST_DRAFT_AFTER = copy.deepcopy(DST_DRAFT)
DST_DRAFT_AFTER["sites"][0]["hours"]["sat"] = [["00:00", "12:00"]]
add_docs("simulate-dst-fall-back", "closing Saturday afternoon on Santiago's fall-back day: the repeated hour counts twice",
         "simulate", published=DST_DRAFT, draft=DST_DRAFT_AFTER,
         request={"from": "2026-04-04", "to": "2026-04-04", "now": "2026-01-01T00:00:00Z"})
add_docs("simulate-error-in-draft", "an error in the draft is pointed at under /draft", "simulate",
         published=EXAMPLE, draft=broken(lambda c: c["sites"][0]["hours"]["mon"][0].__setitem__(1, "25:00")),
         request={"from": "2026-12-07", "to": "2026-12-07", "now": "2026-12-01T12:00:00Z"})

# Claims and alternatives (issue 12), and inputs that once turned busy into bookable (issue 17).
XRAY2 = night_clinic("UTC", minutes=30, step=10)
XRAY2["policies"]["claim_granularity_minutes"] = 5
XRAY2["sites"][0]["resources"] = [{"id": "x", "capacity": 2}]
XRAY2["sites"][0]["chairs"] = [{"id": f"c{i}"} for i in range(1, 5)]
XRAY2["treatments"][0]["segments"][0]["resources"] = ["x"]
XRAY2["professionals"] = [dict(XRAY2["professionals"][0], id=f"p{i}") for i in range(4)]
add("claims-capacity-two", "capacity 2: b0 holds unit 0, b1 unit 1; a booking after b0 ends takes unit 0, "
    "the one no stored booking holds (it used to ask for unit 1 again)", "check", XRAY2,
    {"site": "s", "professional": "p2", "treatment": "t", "start": "2026-03-02T10:40:00Z", "now": "2026-03-01T00:00:00Z"},
    {"bookings": [{"id": "b0", "site": "s", "professional": "p0", "chair": "c1", "treatment": "t",
                   "start": "2026-03-02T10:00:00Z",
                   "claims": [f"t/s/resource/x/0/20260302T10{m:02d}Z" for m in range(0, 30, 5)]},
                  {"id": "b1", "site": "s", "professional": "p1", "chair": "c2", "treatment": "t",
                   "start": "2026-03-02T10:20:00Z",
                   "claims": [f"t/s/resource/x/1/20260302T{10 + (20 + m) // 60}{(20 + m) % 60:02d}Z" for m in range(0, 30, 5)]}]})
add("claims-move-diff", "moving b1 by 15 minutes: the keys it gives up and the keys it gains", "check", EXAMPLE,
    {"id": "b1", "site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
     "start": "2026-12-07T10:15:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("alternatives-busy", "dra-soto is busy at 10:15: her nearest starts that day, then her colleagues', then later days",
    "alternatives", EXAMPLE, dict(json.load(open(ROOT / "examples/clinic/check-busy.json")), limit=6), EXAMPLE_BOOKINGS)
add("alternatives-later-days", "no room on the day asked for (a Sunday): the following days, earliest first",
    "alternatives", EXAMPLE,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
     "start": "2026-12-13T10:00:00-03:00", "now": "2026-12-01T12:00:00Z", "limit": 3, "days": 2}, EXAMPLE_BOOKINGS)
overbooked = copy.deepcopy(EXAMPLE_BOOKINGS)
twin = dict(overbooked["bookings"][0], id="twin", chair="c2")
overbooked["bookings"].append(twin)
add("validate-overlapping-bookings", "two bookings of one professional at once: reported with both pointers",
    "validate", EXAMPLE, None, overbooked)
add("error-empty-bookings", "an empty bookings document is an error, not an empty agenda", "check", EXAMPLE,
    json.load(open(ROOT / "examples/clinic/check-busy.json")), "")
NY = night_clinic("America/New_York", minutes=30, step=30, open_from="09:00", open_to="17:00")
NY["policies"]["max_advance_days"] = 3660
add("error-slot-after-2037", "a slot id in 2040 is refused like the same start (the offset would be a guess)", "check", NY,
    {"slot": "s:p:t:20400702T2130Z", "now": "2037-12-01T00:00:00Z"}, [])
add("error-localtime-zone", "\"localtime\" is the host's zone, not an IANA name: refused in every build", "validate",
    night_clinic("localtime"))

# Date overrides, patient overlap, booking limits, lifecycle (issue 13).
OVERRIDE = copy.deepcopy(EXAMPLE)
santiago = OVERRIDE["sites"][0]
santiago["overrides"] = [{"date": "2026-12-12", "hours": [["09:00", "17:00"]], "reason": "campaña"},
                         {"date": "2026-12-13", "hours": [["10:00", "12:00"]], "reason": "domingo abierto"},
                         {"date": "2026-12-11", "hours": [["09:00", "11:00"]]}]
rojas = next(p for p in OVERRIDE["professionals"] if p["id"] == "dr-rojas")
rojas["overrides"] = [{"date": "2026-12-12", "site": "santiago-centro", "hours": [["13:00", "17:00"]]},
                      {"date": "2026-12-13", "site": "santiago-centro", "hours": [["10:00", "12:00"]]}]
add("override-longer-saturday", "Saturday the 12th open 09–17 and dr-rojas working 13–17 there instead of 09–13",
    "availability", OVERRIDE,
    {"site": "santiago-centro", "treatment": "control", "professionals": ["dr-rojas"], "from": "2026-12-12",
     "to": "2026-12-13", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("override-shorter-friday", "Friday the 11th open only 09–11: dra-soto's 11:00 control is outside site hours", "check",
    OVERRIDE, {"site": "santiago-centro", "professional": "dra-soto", "treatment": "control",
               "start": "2026-12-11T11:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("override-breaks-booking", "the draft's override shortens Saturday: b6 at 10:00 still fits, slots after 11 go",
    "availability", OVERRIDE,
    {"site": "santiago-centro", "treatment": "limpieza", "from": "2026-12-11", "to": "2026-12-11",
     "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("hours-override-provenance", "the hours in force on the 13th (a Sunday) and the entries they come from", "hours",
    OVERRIDE, {"site": "santiago-centro", "date": "2026-12-13", "professional": "dr-rojas"}, EXAMPLE_BOOKINGS)
add("hours-weekly-provenance", "a plain Monday: the weekly hours and the schedule entry", "hours",
    OVERRIDE, {"site": "santiago-centro", "date": "2026-12-07", "professional": "dra-soto"}, EXAMPLE_BOOKINGS)
BAD_OVERRIDE = copy.deepcopy(EXAMPLE)
BAD_OVERRIDE["sites"][0]["overrides"] = [{"date": "2026-12-25", "hours": [["09:00", "12:00"]]},
                                         {"date": "2026-12-26", "hours": []},
                                         {"date": "2026-12-27", "hours": [["09:00", "12:00"]]},
                                         {"date": "2026-12-27", "hours": [["10:00", "11:00"]]},
                                         {"date": "2026-12-28", "hours": [["10:00", "25:00"]]}]
add("validate-overrides", "an override on a closure, an empty one, a date twice and 25:00: each reported", "validate",
    BAD_OVERRIDE)

PATIENT_BOOKINGS = copy.deepcopy(EXAMPLE_BOOKINGS)
PATIENT_BOOKINGS["bookings"][0]["patient"] = "ana-perez"
add("patient-busy", "Ana has b1 in Santiago at 10:00–10:45; she cannot be in Lima at 08:30 Lima time (10:30 Santiago)",
    "check", EXAMPLE,
    {"site": "lima-miraflores", "professional": "dra-quispe", "treatment": "control",
     "start": "2026-12-07T08:30:00-05:00", "now": "2026-12-01T12:00:00Z", "patient": "ana-perez"}, PATIENT_BOOKINGS)
add("patient-free-after", "the same proposal at 08:45 Lima (10:45 Santiago, when b1's appointment ends) is bookable",
    "check", EXAMPLE,
    {"site": "lima-miraflores", "professional": "dra-quispe", "treatment": "control",
     "start": "2026-12-07T08:45:00-05:00", "now": "2026-12-01T12:00:00Z", "patient": "ana-perez"}, PATIENT_BOOKINGS)
add("patient-claims", "a proposal naming a patient also claims the patient's minutes", "check", EXAMPLE,
    {"site": "santiago-centro", "professional": "dr-rojas", "treatment": "control",
     "start": "2026-12-09T15:00:00-03:00", "now": "2026-12-01T12:00:00Z", "patient": "ana/perez"}, PATIENT_BOOKINGS)
add("patient-availability", "availability for Ana leaves out the starts that overlap her 10:00 limpieza", "availability",
    EXAMPLE, {"site": "santiago-centro", "treatment": "control", "from": "2026-12-07", "to": "2026-12-07",
              "now": "2026-12-01T12:00:00Z", "patient": "ana-perez"}, PATIENT_BOOKINGS)

LIMITED = copy.deepcopy(EXAMPLE)
soto = next(p for p in LIMITED["professionals"] if p["id"] == "dra-soto")
soto["policies"] = {"max_bookings_per_day": 2, "max_booked_minutes_per_week": 120}
LIMITED["policies"]["week_starts_on"] = "mon"
add("limits-day-full", "dra-soto may take 2 bookings a day: the 7th (b1, b2) offers nothing more", "availability", LIMITED,
    {"site": "santiago-centro", "treatment": "control", "professionals": ["dra-soto"], "from": "2026-12-07",
     "to": "2026-12-11", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("limits-check", "a third booking on the 7th is limit_reached; moving b2 within the day is not", "check", LIMITED,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "control",
     "start": "2026-12-07T12:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("limits-move-same-day", "moving b2 within its day does not count b2 twice", "check", LIMITED,
    {"id": "b2", "site": "santiago-centro", "professional": "dra-soto", "treatment": "control",
     "start": "2026-12-07T12:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)

WINDOWS = copy.deepcopy(EXAMPLE)
WINDOWS["policies"]["cancellation_cutoff_hours"] = 2
for name, desc, request in [
    ("lifecycle-cancel-free", "cancelling b1 four days ahead: allowed, no fee",
     {"booking": "b1", "action": "cancel", "now": "2026-12-03T10:00:00-03:00"}),
    ("lifecycle-cancel-late", "cancelling b1 at 20:00 the evening before (inside 24 h): late, with the fee flag",
     {"booking": "b1", "action": "cancel", "now": "2026-12-06T20:00:00-03:00"}),
    ("lifecycle-cancel-cutoff", "cancelling b1 at 09:00 the same morning (inside the 2 h cutoff): refused",
     {"booking": "b1", "action": "cancel", "now": "2026-12-07T08:30:00-03:00"}),
    ("lifecycle-reschedule-55-minutes", "moving b1 55 minutes before it starts: refused (the store once accepted it)",
     {"booking": "b1", "action": "reschedule", "start": "2026-12-09T11:00:00-03:00", "now": "2026-12-07T09:05:00-03:00"}),
    ("lifecycle-reschedule-ok", "moving b1 to Wednesday 11:00 two days ahead: allowed, with the claim diff",
     {"booking": "b1", "action": "reschedule", "start": "2026-12-09T11:00:00-03:00", "now": "2026-12-04T09:00:00-03:00"}),
    ("lifecycle-reschedule-taken", "moving b1 onto b4's slot: refused with the check's conflicts",
     {"booking": "b1", "action": "reschedule", "start": "2026-12-09T09:15:00-03:00", "now": "2026-12-04T09:00:00-03:00"}),
    ("lifecycle-confirm-pending", "confirming the pending b2", {"booking": "b2", "action": "confirm", "now": "2026-12-04T09:00:00-03:00"}),
    ("lifecycle-no-show-early", "marking b1 no_show before it starts is refused",
     {"booking": "b1", "action": "no_show", "now": "2026-12-07T09:00:00-03:00"}),
    ("lifecycle-no-show", "marking b1 no_show after its start", {"booking": "b1", "action": "no_show", "now": "2026-12-07T10:20:00-03:00"}),
    ("lifecycle-cancel-cancelled", "cancelling b5 (already cancelled) is an invalid transition",
     {"booking": "b5", "action": "cancel", "now": "2026-12-04T09:00:00-03:00"}),
    ("lifecycle-unknown-booking", "a booking that is not in the bookings document",
     {"booking": "nope", "action": "cancel", "now": "2026-12-04T09:00:00-03:00"}),
]:
    add(name, desc, "lifecycle", WINDOWS, request, EXAMPLE_BOOKINGS)

# Clinic operations (docs/operations.md): KPIs, reminders, iCalendar, waitlist.
MONTH = json.loads((ROOT / "examples/clinic/month.json").read_text())
add("kpis-example-week", "a week at Santiago: a closure (occupancy null), blocks, a cancelled and a pending booking",
    "kpis", EXAMPLE, {"from": "2026-12-07", "to": "2026-12-13", "site": "santiago-centro"}, EXAMPLE_BOOKINGS)
add("kpis-month", "November at both sites: outcomes and lead times from created_at (examples/clinic/month.json)",
    "kpis", EXAMPLE, {"from": "2026-11-01", "to": "2026-11-30"}, MONTH)
add("kpis-csv-lima", "the occupancy rows of a Lima week as CSV: the weekend is closed (empty occupancy), not 0",
    "kpis_csv", EXAMPLE, {"from": "2026-11-02", "to": "2026-11-08", "site": "lima-miraflores"}, MONTH)
SANTIAGO_DAY = night_clinic("America/Santiago", minutes=60, step=60)
add("kpis-dst-santiago", "an all-day site has 25 open hours on the fall-back day and 23 on the spring-forward day",
    "kpis", SANTIAGO_DAY, {"from": "2026-04-04", "to": "2026-04-04"},
    [{"id": "b", "site": "s", "professional": "p", "chair": "c1", "treatment": "t", "start": "2026-04-04T23:30:00-03:00",
      "created_at": "2026-04-01T12:00:00Z"}])
add("kpis-error-created-after-start", "a booking made after its start is refused at its created_at", "kpis", EXAMPLE,
    {"from": "2026-12-07", "to": "2026-12-07"},
    [dict(EXAMPLE_BOOKINGS["bookings"][0], created_at="2026-12-07T10:30:00-03:00")])
POLICY = {"offsets_minutes": [1440, 120], "quiet_hours": {"from": "21:00", "to": "08:00"}, "channels": ["sms", "email"]}
add("reminders-example", "b1 at 10:00: the day before at 10:00, and 2 h before at 08:00 (the end of quiet hours is not quiet)",
    "reminders", EXAMPLE, {"booking": "b1", "now": "2026-12-01T12:00:00Z", "policy": POLICY}, EXAMPLE_BOOKINGS)
add("reminders-quiet-and-past", "a 09:00 booking: 2 h before is 07:00, moved to 21:00 the evening before; 24 h before has passed",
    "reminders", EXAMPLE, {"booking": "n193", "now": "2026-11-27T10:00:00-03:00", "policy": POLICY}, MONTH)
add("reminders-dst-santiago-fall", "24 h before a Sunday 10:00 after Santiago falls back is Saturday 11:00 (-03:00)",
    "reminders", SANTIAGO_DAY, {"booking": "b", "now": "2026-03-01T00:00:00Z", "policy": POLICY},
    [{"id": "b", "site": "s", "professional": "p", "chair": "c1", "treatment": "t", "start": "2026-04-05T10:00:00-04:00"}])
MADRID_DAY = night_clinic("Europe/Madrid", minutes=60, step=60)
add("reminders-dst-madrid-spring", "Madrid springs forward: 2 h before 09:00 CEST is 07:00, moved to 21:00 CET the evening before",
    "reminders", MADRID_DAY, {"booking": "b", "now": "2026-03-01T00:00:00Z", "policy": POLICY},
    [{"id": "b", "site": "s", "professional": "p", "chair": "c1", "treatment": "t", "start": "2026-03-29T09:00:00+02:00"}])
add("reminders-dst-santiago-spring-gap", "quiet hours from 00:00, which does not exist on 2026-09-06 in Santiago: they begin at 01:00",
    "reminders", SANTIAGO_DAY, {"booking": "b", "now": "2026-09-01T00:00:00Z",
                                "policy": {"offsets_minutes": [180], "quiet_hours": {"from": "00:00", "to": "07:00"}, "channels": ["sms"]}},
    [{"id": "b", "site": "s", "professional": "p", "chair": "c1", "treatment": "t", "start": "2026-09-06T09:00:00-03:00"}])
add("reminders-error-policy", "an offset of 0 minutes is refused at its pointer", "reminders", EXAMPLE,
    {"booking": "b1", "now": "2026-12-01T12:00:00Z", "policy": dict(POLICY, offsets_minutes=[1440, 0])}, EXAMPLE_BOOKINGS)
add("ical-agenda-professional", "dra-soto's week as an iCalendar: pending as TENTATIVE, cancelled left out", "ical_agenda", EXAMPLE,
    {"professional": "dra-soto", "from": "2026-12-07", "to": "2026-12-13", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("ical-agenda-chair", "chair c2's week: its bookings and its maintenance block", "ical_agenda", EXAMPLE,
    {"site": "santiago-centro", "chair": "c2", "from": "2026-12-07", "to": "2026-12-13", "now": "2026-12-01T12:00:00Z"},
    EXAMPLE_BOOKINGS)
HOLIDAYS_ICS = (ROOT / "examples/clinic/holidays-cl.ics").read_text().replace("\n", "\r\n")
add_docs("ical-closures-yearly", "Chilean holidays: yearly rules, an EXDATE, a two-day event, 29 February", "ical_closures",
         ics=HOLIDAYS_ICS, request={"from": "2026-01-01", "to": "2028-12-31"})
add_docs("ical-closures-unsupported", "a weekly rule is refused naming its line and property", "ical_closures",
         ics="BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260105\r\nRRULE:FREQ=WEEKLY\r\n"
             "END:VEVENT\r\nEND:VCALENDAR\r\n", request={"from": "2026-01-01", "to": "2026-12-31"})
WAITLIST = json.loads((ROOT / "examples/clinic/waitlist.json").read_text())
add_docs("waitlist-cancellation", "b2 (a 20-minute control on c2) is cancelled: who the engine can book into it, earliest added first",
         "waitlist", clinic=EXAMPLE, bookings=EXAMPLE_BOOKINGS, waitlist=WAITLIST,
         request={"freed": {"booking": "b2"}, "now": "2026-12-01T12:00:00Z"})
add_docs("waitlist-plain-chair", "two free hours on c2: long enough for an extraction, but c2 is not a surgery chair",
         "waitlist", clinic=EXAMPLE, bookings=EXAMPLE_BOOKINGS, waitlist=WAITLIST,
         request={"freed": {"site": "santiago-centro", "chair": "c2", "from": "2026-12-09T09:00:00-03:00",
                            "to": "2026-12-09T11:00:00-03:00"}, "now": "2026-12-01T12:00:00Z"})

# Best-slot ranking and reserved chair time (docs/booking-rules.md).
add("ranked-example-monday", "order compact on the 7th: slots that leave no short gap first, each with its best chair and score",
    "availability", EXAMPLE,
    {"site": "santiago-centro", "treatment": "control", "from": "2026-12-07", "to": "2026-12-07",
     "now": "2026-12-01T12:00:00Z", "order": "compact"}, EXAMPLE_BOOKINGS)
add("tables-ranked-example-monday", "slot tables of a ranked answer: two integers of score per slot", "availability_tables",
    EXAMPLE, {"site": "santiago-centro", "treatment": "limpieza", "from": "2026-12-09", "to": "2026-12-09",
              "now": "2026-12-01T12:00:00Z", "order": "compact"}, EXAMPLE_BOOKINGS)
RESERVED = copy.deepcopy(EXAMPLE)
RESERVED["sites"][0]["reservations"] = [{"chairs": ["c1"], "days": ["mon", "tue", "wed", "thu", "fri"],
                                         "hours": [["09:00", "13:00"]], "treatments": ["extraccion"],
                                         "release_hours": 24, "reason": "cirugía"}]
add("reserved-availability", "c1's mornings are held for extractions: a control is offered on c2 and c3 only until 13:00",
    "availability", RESERVED,
    {"site": "santiago-centro", "treatment": "control", "from": "2026-12-09", "to": "2026-12-09",
     "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("reserved-check", "a limpieza on c1 at 11:00 is refused while the morning is held (chair_reserved, with its release)",
    "check", RESERVED,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza", "chair": "c1",
     "start": "2026-12-09T11:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
add("reserved-released", "the same proposal 23 hours before the morning starts: released, bookable", "check", RESERVED,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza", "chair": "c1",
     "start": "2026-12-09T11:00:00-03:00", "now": "2026-12-08T10:00:00-03:00"}, EXAMPLE_BOOKINGS)
add("reserved-extraction", "an extraction may use the held morning at any time", "check", RESERVED,
    {"site": "santiago-centro", "professional": "dra-soto", "treatment": "extraccion",
     "start": "2026-12-09T11:00:00-03:00", "now": "2026-12-01T12:00:00Z"}, EXAMPLE_BOOKINGS)
BAD_RESERVED = copy.deepcopy(EXAMPLE)
BAD_RESERVED["sites"][0]["reservations"] = [{"chairs": ["c7"], "days": ["mon", "funday"], "hours": [["09:00", "13:00"]],
                                             "treatments": ["implante"], "release_hours": 9000}]
add("validate-reservations", "an unknown chair, a day that does not exist, an unknown treatment, a release past a year: each reported",
    "validate", BAD_RESERVED)
add("error-order", "an availability order that does not exist", "availability", EXAMPLE,
    {"site": "santiago-centro", "treatment": "control", "from": "2026-12-07", "to": "2026-12-07",
     "now": "2026-12-01T12:00:00Z", "order": "best"}, EXAMPLE_BOOKINGS)

for name, s in scenarios.items():
    path = OUT / f"{name}.json"
    if path.exists():
        old = json.loads(path.read_text())
        if "expected" in old:
            s["expected"] = old["expected"]
    path.write_text(json.dumps(s, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(scenarios)} scenarios to {OUT.relative_to(ROOT)}")
