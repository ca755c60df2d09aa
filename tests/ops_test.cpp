// Clinic operations: compute_kpis (kpi.h), plan_reminders (reminders.h), agenda_to_ical and
// closures_from_ical (ical.h), match_waitlist (waitlist.h), and their JSON (ops_json.h).
#include <doctest/doctest.h>

#include "booking/ops_json.h"
#include "helpers.h"

using namespace booking;
using nlohmann::json;

namespace {

json example() { return json::parse(test::read_file("examples/clinic/clinic.json")); }
std::string example_text() { return test::read_file("examples/clinic/clinic.json"); }

const occupancy_row& row(const std::vector<occupancy_row>& rows, const std::string& id, const char* date) {
  for (const auto& r : rows)
    if (r.id == id && r.date == test::day(date)) return r;
  FAIL("no row " << id << " " << date);
  return rows.front();
}

json booking_json(const char* id, const char* chair, const char* treatment, const char* start, const char* status,
                  const char* created = nullptr, const char* pro = "dra-soto") {
  json b = {{"id", id}, {"site", "santiago-centro"}, {"professional", pro}, {"chair", chair},
            {"treatment", treatment}, {"start", start}, {"status", status}};
  if (created) b["created_at"] = created;
  return b;
}

}  // namespace

TEST_CASE("a closed day has no open minutes and no occupancy, an empty open day 0 %") {
  const clinic c = parse_clinic(example_text());
  const calendar cal = parse_calendar("[]", c);
  const kpi_report r = compute_kpis(c, cal, {test::day("2026-12-07"), test::day("2026-12-08"), "santiago-centro"});
  CHECK(row(r.chairs, "c1", "2026-12-08").closed());  // a closure
  CHECK(row(r.chairs, "c1", "2026-12-07").open_minutes == 9 * 60);
  const json j = json::parse(kpis_json(example_text(), "[]", R"({"from": "2026-12-07", "to": "2026-12-08", "site": "santiago-centro"})"));
  CHECK(j["chairs"][0]["date"] == "2026-12-07");
  CHECK(j["chairs"][0]["occupancy"] == 0);
  CHECK(j["chairs"][1]["open_minutes"] == 0);
  CHECK(j["chairs"][1]["occupancy"].is_null());
  CHECK(j["no_show_rate"].is_null());
  const std::string csv = kpis_csv(example_text(), "[]", R"({"from": "2026-12-08", "to": "2026-12-08", "site": "santiago-centro"})");
  CHECK(csv.find("chair,santiago-centro,c1,2026-12-08,0,0,\r\n") != std::string::npos);
}

TEST_CASE("chair occupancy counts buffers once per minute and ignores cancelled bookings") {
  const clinic c = parse_clinic(example_text());
  const json bookings = json::array({booking_json("a", "c1", "limpieza", "2026-12-07T10:00:00-03:00", "completed"),
                                     booking_json("b", "c1", "limpieza", "2026-12-07T11:00:00-03:00", "cancelled"),
                                     booking_json("n", "c2", "control", "2026-12-07T12:00:00-03:00", "no_show")});
  const calendar cal = parse_calendar(bookings.dump(), c);
  const kpi_report r = compute_kpis(c, cal, {test::day("2026-12-07"), test::day("2026-12-07"), "santiago-centro"});
  CHECK(row(r.chairs, "c1", "2026-12-07").booked_minutes == 5 + 45 + 10);
  CHECK(row(r.chairs, "c2", "2026-12-07").booked_minutes == 20);  // a no-show held the chair
  // dra-soto works 09:00–13:00 on Mondays: her segments, 45 + 20 minutes of 240.
  CHECK(row(r.professionals, "dra-soto", "2026-12-07").open_minutes == 240);
  CHECK(row(r.professionals, "dra-soto", "2026-12-07").booked_minutes == 65);
  CHECK(row(r.professionals, "dr-rojas", "2026-12-07").open_minutes == 240);
  CHECK(r.no_show_ratio() == std::pair<std::size_t, std::size_t>{1, 2});
  CHECK(r.cancellation_ratio() == std::pair<std::size_t, std::size_t>{1, 3});
  const json j = json::parse(kpis_json(example_text(), bookings.dump(), R"({"from": "2026-12-07", "to": "2026-12-07"})"));
  CHECK(j["no_show_rate"] == 0.5);
  CHECK(j["cancellation_rate"] == 0.3333);
  CHECK(j["chairs"][0]["occupancy"] == 0.1111);  // 60 / 540
}

TEST_CASE("an open-all-day site has 23 and 25 hour days at Santiago's DST changes") {
  const clinic c = parse_clinic(test::one_site("America/Santiago").dump());
  const kpi_report r = compute_kpis(c, calendar{}, {test::day("2026-04-04"), test::day("2026-09-06")});
  CHECK(row(r.chairs, "c1", "2026-04-04").open_minutes == 25 * 60);
  CHECK(row(r.chairs, "c1", "2026-09-06").open_minutes == 23 * 60);
  CHECK(row(r.professionals, "p", "2026-09-06").open_minutes == 23 * 60);
}

TEST_CASE("lead times: nearest-rank percentiles and day buckets, bookings without created_at counted apart") {
  const clinic c = parse_clinic(example_text());
  const json bookings = json::array({
      booking_json("a", "c1", "control", "2026-12-07T10:00:00-03:00", "completed", "2026-12-07T08:00:00-03:00"),
      booking_json("b", "c2", "control", "2026-12-07T10:00:00-03:00", "completed", "2026-12-04T10:00:00-03:00", "dr-rojas"),
      booking_json("c", "c3", "control", "2026-12-07T10:00:00-03:00", "completed", "2026-10-01T10:00:00-03:00", "dra-quispe"),
      booking_json("d", "c1", "control", "2026-12-09T10:00:00-03:00", "completed")});
  const json j = json::parse(kpis_json(example_text(), bookings.dump(), R"({"from": "2026-12-07", "to": "2026-12-09"})"));
  const json& lt = j["lead_time"];
  CHECK(lt["count"] == 3);
  CHECK(lt["without_created_at"] == 1);
  CHECK(lt["min_minutes"] == 120);
  CHECK(lt["median_minutes"] == 3 * 1440);
  CHECK(lt["max_minutes"] == 67 * 1440);
  CHECK(lt["buckets"][0]["count"] == 1);  // [0, 1) days
  CHECK(lt["buckets"][2]["count"] == 1);  // [2, 7)
  CHECK(lt["buckets"][6]["count"] == 1);  // [60, ∞)
  CHECK(lt["buckets"][6]["to_days"].is_null());
}

TEST_CASE("a booking created after its start is refused with its pointer") {
  const json bookings = json::array({booking_json("a", "c1", "control", "2026-12-07T10:00:00-03:00", "confirmed",
                                                  "2026-12-07T10:01:00-03:00")});
  try {
    parse_calendar(bookings.dump(), parse_clinic(example_text()));
    FAIL("accepted");
  } catch (const error& e) {
    CHECK(e.code() == "invalid_range");
    CHECK(e.pointer() == "/0/created_at");
  }
}

TEST_CASE("KPI requests are checked with pointers") {
  auto code_at = [](const char* req) {
    try {
      kpis_json(example_text(), "[]", req);
    } catch (const error& e) {
      return e.code() + " " + e.pointer();
    }
    return std::string("accepted");
  };
  CHECK(code_at(R"({"from": "2026-12-07"})") == "missing_field /to");
  CHECK(code_at(R"({"from": "2026-12-07", "to": "2026-12-01"})") == "invalid_range /to");
  CHECK(code_at(R"({"from": "2026-12-07", "to": "2026-12-08", "site": "nope"})") == "unknown_id /site");
  CHECK(code_at(R"({"from": "2026-12-07", "to": "2026-12-08", "sites": []})") == "unknown_field /sites");
}

// --- reminders ---------------------------------------------------------------------------------

namespace {

reminder_plan plan(const char* zone, const char* start, const char* now, std::vector<int> offsets,
                   std::optional<clock_span> quiet = clock_span{21 * 60, 8 * 60}) {
  const clinic c = parse_clinic(test::one_site(zone).dump());
  appointment b;
  b.id = "b";
  b.site = "s";
  b.start = test::at(start);
  return plan_reminders(c, b, {std::move(offsets), quiet, {"sms"}}, test::at(now));
}

std::string local(const reminder& r) { return format_instant(r.at, r.at_offset); }

}  // namespace

TEST_CASE("a reminder due in quiet hours moves to the evening the quiet hours began") {
  const auto p = plan("America/Santiago", "2026-12-09T09:00:00-03:00", "2026-12-01T00:00:00Z", {1440, 120});
  REQUIRE(p.reminders.size() == 2);
  CHECK(local(p.reminders[0]) == "2026-12-08T09:00:00-03:00");
  CHECK_FALSE(p.reminders[0].moved());
  CHECK(local(p.reminders[1]) == "2026-12-08T21:00:00-03:00");  // 07:00 is quiet
  CHECK(p.reminders[1].moved());
}

TEST_CASE("a reminder at the edge of quiet hours is sent; one already past is dropped") {
  const auto p = plan("Europe/Madrid", "2026-12-09T10:00:00+01:00", "2026-12-09T07:30:00+01:00", {120, 1440});
  REQUIRE(p.reminders.size() == 1);
  CHECK(local(p.reminders[0]) == "2026-12-09T08:00:00+01:00");  // "to" itself is not quiet
  REQUIRE(p.dropped.size() == 1);
  CHECK(p.dropped[0].reason == reminder_drop::past);
  CHECK(p.dropped[0].reminder.offset_minutes == 1440);
}

TEST_CASE("24 hours before is 24 real hours across Santiago's fall-back night") {
  // 2026-04-05 00:00 -03:00 becomes 2026-04-04 23:00 -04:00: the day before has 25 hours.
  const auto p = plan("America/Santiago", "2026-04-05T10:00:00-04:00", "2026-03-01T00:00:00Z", {1440});
  REQUIRE(p.reminders.size() == 1);
  CHECK(local(p.reminders[0]) == "2026-04-04T11:00:00-03:00");
}

TEST_CASE("quiet hours that start in Santiago's spring-forward gap start at the transition") {
  // 2026-09-06 00:00 does not exist in Santiago (-04:00 → -03:00 at midnight).
  const auto p = plan("America/Santiago", "2026-09-06T09:00:00-03:00", "2026-09-01T00:00:00Z", {180}, clock_span{0, 7 * 60});
  REQUIRE(p.reminders.size() == 1);
  CHECK(local(p.reminders[0]) == "2026-09-06T01:00:00-03:00");
  CHECK(p.reminders[0].at == test::at("2026-09-06T04:00:00Z"));
}

TEST_CASE("Madrid's spring-forward night: a 2 h reminder moves to 21:00 CET, 24 h before lands on 08:00 CET") {
  const auto p = plan("Europe/Madrid", "2026-03-29T09:00:00+02:00", "2026-03-01T00:00:00Z", {1440, 120});
  REQUIRE(p.reminders.size() == 2);
  CHECK(local(p.reminders[0]) == "2026-03-28T08:00:00+01:00");
  CHECK_FALSE(p.reminders[0].moved());
  CHECK(local(p.reminders[1]) == "2026-03-28T21:00:00+01:00");
}

TEST_CASE("two reminders moved to one instant are sent once; a cancelled booking gets none") {
  auto p = plan("UTC", "2026-12-09T07:00:00Z", "2026-12-01T00:00:00Z", {60, 120});
  REQUIRE(p.reminders.size() == 1);
  CHECK(p.reminders[0].offset_minutes == 120);
  REQUIRE(p.dropped.size() == 1);
  CHECK(p.dropped[0].reason == reminder_drop::same_instant);
  const json j = json::parse(reminders_json(example_text(), test::read_file("examples/clinic/bookings.json"),
                                            R"({"booking": "b5", "now": "2026-12-01T00:00:00Z",
                                                "policy": {"offsets_minutes": [60], "channels": ["sms"]}})"));
  CHECK(j["reminders"].empty());
  CHECK(j["dropped"][0]["reason"] == "not_upcoming");
}

TEST_CASE("a reminder policy is validated with pointers") {
  auto code_at = [](const char* policy) {
    try {
      reminders_json(example_text(), test::read_file("examples/clinic/bookings.json"),
                     std::string(R"({"booking": "b1", "now": "2026-12-01T00:00:00Z", "policy": )") + policy + "}");
    } catch (const error& e) {
      return e.code() + " " + e.pointer();
    }
    return std::string("accepted");
  };
  CHECK(code_at(R"({"offsets_minutes": [0], "channels": ["sms"]})") == "out_of_range /policy/offsets_minutes/0");
  CHECK(code_at(R"({"offsets_minutes": [60, 60], "channels": ["sms"]})") == "duplicate_value /policy/offsets_minutes/1");
  CHECK(code_at(R"({"offsets_minutes": [60], "channels": []})") == "invalid_value /policy/channels");
  CHECK(code_at(R"({"offsets_minutes": [60], "channels": ["sms"], "quiet_hours": {"from": "25:00", "to": "08:00"}})") ==
        "invalid_value /policy/quiet_hours/from");
  CHECK(code_at(R"({"offsets_minutes": [60], "channels": ["sms"], "quiet_hours": {"from": "08:00", "to": "08:00"}})") ==
        "invalid_range /policy/quiet_hours/to");
  CHECK(code_at(R"({"offsets_minutes": [60], "channels": ["sms"]})") == "accepted");
}

// --- iCalendar ---------------------------------------------------------------------------------

TEST_CASE("an agenda is a VCALENDAR of CRLF lines folded at 75 octets, with escaped text") {
  json c = example();
  c["treatments"][0]["name"] = "Limpieza, profunda; con fluor y una descripción larga que no cabe en una línea de 75 octetos";
  const std::string ics = ical_agenda(c.dump(), test::read_file("examples/clinic/bookings.json"),
                                      R"({"professional": "dra-soto", "from": "2026-12-07", "to": "2026-12-13",
                                          "now": "2026-12-01T12:00:00Z"})");
  CHECK(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  CHECK(ics.ends_with("END:VCALENDAR\r\n"));
  CHECK(ics.find("UID:b1@sonrisa.booking\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART:20261207T130000Z\r\nDTEND:20261207T134500Z\r\n") != std::string::npos);
  CHECK(ics.find("SUMMARY:Limpieza\\, profunda\\; con") != std::string::npos);
  CHECK(ics.find("STATUS:TENTATIVE") != std::string::npos);  // b2 is pending
  CHECK(ics.find("b5@") == std::string::npos);                // cancelled, and dr-rojas's
  std::size_t at = 0;
  while (at < ics.size()) {
    const std::size_t end = ics.find("\r\n", at);
    REQUIRE(end != std::string::npos);
    CHECK(end - at <= 75);
    at = end + 2;
  }
}

TEST_CASE("a chair's agenda holds its bookings and its blocks") {
  const std::string ics = ical_agenda(example_text(), test::read_file("examples/clinic/bookings.json"),
                                      R"({"site": "santiago-centro", "chair": "c2", "from": "2026-12-07", "to": "2026-12-13",
                                          "now": "2026-12-01T12:00:00Z"})");
  CHECK(ics.find("UID:b2@") != std::string::npos);
  CHECK(ics.find("UID:block-k1@") != std::string::npos);
  CHECK(ics.find("UID:b1@") == std::string::npos);
}

namespace {

const char* holidays =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20201225\r\nDTEND;VALUE=DATE:20201226\r\n"
    "RRULE:FREQ=YEARLY\r\nEXDATE;VALUE=DATE:20271225\r\nSUMMARY:Navidad\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20240229\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:Bisiesto\r\n"
    " largo\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20260918\r\nDURATION:P2D\r\nSUMMARY:Fiestas Patrias\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

std::string ical_error(const std::string& event_lines) {
  try {
    closures_from_ical("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n" + event_lines + "END:VEVENT\r\nEND:VCALENDAR\r\n",
                       test::day("2026-01-01"), test::day("2030-12-31"));
  } catch (const error& e) {
    return e.code() + ": " + e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("closures from an .ics: yearly rules, EXDATE, 29 February only in leap years, multi-day events") {
  const auto events = closures_from_ical(holidays, test::day("2026-01-01"), test::day("2032-12-31"));
  REQUIRE(events.size() == 3);
  std::vector<std::string> navidad, leap, patrias;
  for (auto d : events[0].dates) navidad.push_back(format_date(d));
  for (auto d : events[1].dates) leap.push_back(format_date(d));
  for (auto d : events[2].dates) patrias.push_back(format_date(d));
  CHECK(navidad == std::vector<std::string>{"2026-12-25", "2028-12-25", "2029-12-25", "2030-12-25", "2031-12-25", "2032-12-25"});
  CHECK(leap == std::vector<std::string>{"2028-02-29", "2032-02-29"});  // COUNT=3: 2024, 2028, 2032
  CHECK(events[1].summary == "Bisiestolargo");
  CHECK(patrias == std::vector<std::string>{"2026-09-18", "2026-09-19"});
  const json j = json::parse(ical_closures_json(holidays, R"({"from": "2026-01-01", "to": "2026-12-31"})"));
  CHECK(j["closures"] == json::array({"2026-09-18", "2026-09-19", "2026-12-25"}));
}

TEST_CASE("unsupported iCalendar is refused with the line and the property") {
  CHECK(ical_error("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=WEEKLY\r\n") ==
        "unsupported_ical: line 5, RRULE: FREQ=WEEKLY is not supported (only FREQ=YEARLY)");
  CHECK(ical_error("DTSTART:20260101T090000Z\r\n").starts_with("unsupported_ical: line 4, DTSTART:"));
  CHECK(ical_error("DTSTART;VALUE=DATE:20260101\r\nRDATE;VALUE=DATE:20260301\r\n").starts_with("unsupported_ical: line 5, RDATE:"));
  CHECK(ical_error("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY;BYDAY=MO\r\n").starts_with("unsupported_ical: line 5, RRULE: BYDAY"));
  CHECK(ical_error("SUMMARY:x\r\n").starts_with("invalid_ical: line 3, DTSTART:"));
  try {
    run_json("ical_closures", R"({"ics": "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\n", "request": {"from": "2026-01-01", "to": "2026-12-31"}})");
    FAIL("accepted");
  } catch (const error& e) {
    CHECK(e.code() == "unsupported_ical");
    CHECK(e.pointer() == "/ics");
    CHECK(std::string(e.what()) == "ics: line 2, BEGIN: VTODO is not supported (only VEVENT closures)");
  }
}

// --- waitlist ----------------------------------------------------------------------------------

namespace {

json waitlist() {
  return json::array({
      {{"id", "w-late"}, {"patient", "Ana"}, {"site", "santiago-centro"}, {"treatment", "control"}, {"added_at", "2026-11-20T10:00:00Z"}},
      {{"id", "w-early"}, {"patient", "Bea"}, {"site", "santiago-centro"}, {"treatment", "limpieza"}, {"added_at", "2026-11-10T10:00:00Z"}},
      {{"id", "w-long"}, {"patient", "Caro"}, {"site", "santiago-centro"}, {"treatment", "endodoncia"}, {"added_at", "2026-11-01T10:00:00Z"}},
      {{"id", "w-surgery"}, {"patient", "Dani"}, {"site", "santiago-centro"}, {"treatment", "extraccion"}, {"added_at", "2026-11-02T10:00:00Z"}},
      {{"id", "w-window"}, {"patient", "Eva"}, {"site", "santiago-centro"}, {"treatment", "control"}, {"added_at", "2026-11-03T10:00:00Z"},
       {"windows", {{{"from", "2026-12-07T15:00:00-03:00"}, {"to", "2026-12-07T18:00:00-03:00"}}}}},
      {{"id", "w-lima"}, {"patient", "Fer"}, {"site", "lima-miraflores"}, {"treatment", "control"}, {"added_at", "2026-11-04T10:00:00Z"}},
  });
}

}  // namespace

TEST_CASE("a cancellation is offered to the entries the engine can book into it, earliest added first") {
  // b2 (control, dra-soto, chair c2, 11:30–11:50) is cancelled: 20 minutes on c2.
  const json a = json::parse(waitlist_json(example_text(), test::read_file("examples/clinic/bookings.json"), waitlist().dump(),
                                           R"({"freed": {"booking": "b2"}, "now": "2026-12-01T12:00:00Z"})"));
  REQUIRE(a["matches"].size() == 1);
  CHECK(a["matches"][0]["entry"] == "w-late");
  CHECK(a["matches"][0]["slot"]["start"] == "2026-12-07T11:30:00-03:00");
  CHECK(a["matches"][0]["slot"]["chair"] == "c2");
  json misses = json::object();
  for (const auto& m : a["misses"]) misses[m["entry"].get<std::string>()] = m["reason"];
  CHECK(misses["w-early"] == "not_bookable");    // 45 minutes do not fit in 20
  CHECK(misses["w-long"] == "not_bookable");  // only dr-rojas does endodoncia, and not in the morning
  CHECK(misses["w-window"] == "outside_windows");
  CHECK(misses["w-lima"] == "other_site");
}

TEST_CASE("fitting by length is not enough: a surgery treatment does not fit a freed plain chair") {
  // Two free hours on c2 (no "surgery" tag) fit extraccion's 50 minutes by length alone.
  json wl = waitlist();
  const json a = json::parse(waitlist_json(example_text(), "[]", wl.dump(),
                                           R"({"freed": {"site": "santiago-centro", "chair": "c2", "from": "2026-12-09T09:00:00-03:00",
                                                         "to": "2026-12-09T11:00:00-03:00"}, "now": "2026-12-01T12:00:00Z"})"));
  std::vector<std::string> ranked;
  for (const auto& m : a["matches"]) ranked.push_back(m["entry"]);
  CHECK(ranked == std::vector<std::string>{"w-early", "w-late"});
  for (const auto& m : a["misses"])
    if (m["entry"] == "w-surgery") CHECK(m["reason"] == "not_bookable");
}

TEST_CASE("waitlist documents are checked with pointers") {
  json wl = waitlist();
  wl[1]["treatment"] = "nope";
  try {
    waitlist_json(example_text(), "[]", wl.dump(), R"({"freed": {"booking": "b2"}, "now": "2026-12-01T12:00:00Z"})");
    FAIL("accepted");
  } catch (const error& e) {
    CHECK(e.pointer() == "/waitlist/1/treatment");
  }
  try {
    waitlist_json(example_text(), "[]", waitlist().dump(), R"({"freed": {"booking": "b2"}, "now": "2026-12-01T12:00:00Z"})");
    FAIL("accepted");
  } catch (const error& e) {
    CHECK(e.pointer() == "/request/freed/booking");
  }
}

TEST_CASE("a professional's open time: within the site's days (a closure closes them too), less their blocks") {
  const clinic c = parse_clinic(example_text());
  const calendar cal = parse_calendar(test::read_file("examples/clinic/bookings.json"), c);
  const kpi_report r = compute_kpis(c, cal, {test::day("2026-12-07"), test::day("2026-12-13"), "santiago-centro"});
  CHECK(row(r.professionals, "dr-rojas", "2026-12-08").closed());             // the site's closure
  CHECK(row(r.professionals, "dr-rojas", "2026-12-11").open_minutes == 120);  // 14–18 less k2, 14–16
  CHECK(row(r.professionals, "dra-soto", "2026-12-13").closed());             // no hours on Sundays
  CHECK(row(r.chairs, "c2", "2026-12-10").open_minutes == 540 - 240);         // less k1, 09–13
  CHECK(std::none_of(r.professionals.begin(), r.professionals.end(), [](const occupancy_row& x) { return x.id == "dra-quispe"; }));
}

TEST_CASE("a reminder due in Santiago's repeated hour moves to the first 23:00 of the quiet night") {
  // 2026-04-04: 24:00 -03:00 becomes 23:00 -04:00, so 23:00–24:00 happens twice.
  const auto p = plan("America/Santiago", "2026-04-05T08:00:00-04:00", "2026-03-01T00:00:00Z", {600, 570, 510},
                      clock_span{23 * 60, 7 * 60});
  REQUIRE(p.reminders.size() == 1);  // all three at the first 23:00: one is sent
  CHECK(local(p.reminders[0]) == "2026-04-04T23:00:00-03:00");
  CHECK_FALSE(p.reminders[0].moved());  // 600 minutes before is 23:00 itself: not inside
  REQUIRE(p.dropped.size() == 2);
  CHECK(format_instant(p.dropped[1].reminder.due, p.dropped[1].reminder.due_offset) == "2026-04-04T23:30:00-04:00");
  CHECK(p.dropped[1].reminder.moved());
  CHECK(p.dropped[1].reason == reminder_drop::same_instant);
}
