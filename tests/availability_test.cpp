// find_availability on the example clinic: hours, buffers, bookings, blocks, filters, ordering, ids;
// find_availability_compact and its JSON writer give the same answer and the same bytes.
#include <set>

#include <doctest/doctest.h>

#include "helpers.h"

using nlohmann::json;

namespace {

struct fixture {
  booking::clinic clinic = booking::parse_clinic(test::read_file("examples/clinic/clinic.json"));
  booking::calendar calendar = booking::parse_calendar(test::read_file("examples/clinic/bookings.json"), clinic);

  booking::availability_request week(const char* treatment = "limpieza") const {
    booking::availability_request r;
    r.site = "santiago-centro";
    r.treatment = treatment;
    r.from = test::day("2026-12-07");
    r.to = test::day("2026-12-13");
    r.now = test::at("2026-12-04T12:00:00-03:00");
    return r;
  }
  std::vector<booking::slot> run(const booking::availability_request& r) const {
    return booking::find_availability(clinic, calendar, r);
  }
};

bool has(const std::vector<booking::slot>& s, const char* start, const char* professional) {
  auto t = test::at(start);
  return std::any_of(s.begin(), s.end(), [&](const booking::slot& x) { return x.start == t && x.professional == professional; });
}

}  // namespace

TEST_CASE_FIXTURE(fixture, "slots respect hours, buffers and existing bookings") {
  auto s = run(week());
  // Dra. Soto on Monday 09:00–13:00; b1 takes her 10:00–10:45 and b2 11:30–11:50.
  CHECK_FALSE(has(s, "2026-12-07T09:00:00-03:00", "dra-soto"));  // the 5-minute prep starts before opening
  CHECK(has(s, "2026-12-07T09:15:00-03:00", "dra-soto"));        // ends exactly when b1 starts
  CHECK_FALSE(has(s, "2026-12-07T09:30:00-03:00", "dra-soto"));
  CHECK(has(s, "2026-12-07T10:45:00-03:00", "dra-soto"));
  CHECK_FALSE(has(s, "2026-12-07T11:00:00-03:00", "dra-soto"));
  CHECK(has(s, "2026-12-07T12:00:00-03:00", "dra-soto"));
  CHECK_FALSE(has(s, "2026-12-07T12:15:00-03:00", "dra-soto"));  // cleanup would run past 13:00
}

TEST_CASE_FIXTURE(fixture, "the chair is the first free eligible chair; chairs lists them all") {
  auto s = run(week());
  auto it = std::find_if(s.begin(), s.end(), [](const booking::slot& x) {
    return x.start == test::at("2026-12-07T09:15:00-03:00") && x.professional == "dra-soto";
  });
  REQUIRE(it != s.end());
  // c1 is taken from 09:55 by b1's prep; c2 and c3 are free.
  CHECK(it->chair() == "c2");
  CHECK(it->chairs == std::vector<std::string>{"c2", "c3"});
  CHECK(it->end - it->start == 45);
}

TEST_CASE_FIXTURE(fixture, "closures, cancelled bookings, blocks and absences") {
  auto s = run(week());
  for (const auto& x : s) CHECK(booking::format_instant(x.start, x.start_offset).substr(0, 10) != "2026-12-08");
  CHECK(has(s, "2026-12-10T15:00:00-03:00", "dr-rojas"));         // b5 is cancelled
  CHECK_FALSE(has(s, "2026-12-11T15:00:00-03:00", "dr-rojas"));   // block k2 (congreso)
  CHECK(has(s, "2026-12-11T16:00:00-03:00", "dr-rojas"));
  auto r = week();
  r.from = test::day("2026-12-14");
  r.to = test::day("2026-12-18");
  r.professionals = {"dra-soto"};
  CHECK(run(r).empty());  // absent all week
}

TEST_CASE_FIXTURE(fixture, "a professional busy at another site is busy everywhere") {
  auto before = run(week());
  REQUIRE(has(before, "2026-12-07T12:00:00-03:00", "dra-soto"));
  booking::appointment away{.id = "z", .site = "lima-miraflores", .professional = "dra-soto", .chair = "m2",
                            .treatment = "control", .start = test::at("2026-12-07T10:00:00-05:00")};
  calendar.bookings.push_back(away);
  CHECK_FALSE(has(run(week()), "2026-12-07T12:00:00-03:00", "dra-soto"));
}

TEST_CASE_FIXTURE(fixture, "filters by professional and chair") {
  auto r = week();
  r.professionals = {"dr-rojas"};
  for (const auto& x : run(r)) CHECK(x.professional == "dr-rojas");
  r.chairs = {"c3"};
  for (const auto& x : run(r)) CHECK(x.chairs == std::vector<std::string>{"c3"});
  r.professionals = {"dr-who"};
  try {
    run(r);
    FAIL("accepted an unknown professional");
  } catch (const booking::error& e) {
    CHECK(e.code() == "unknown_id");
    CHECK(e.pointer() == "/professionals/0");
  }
}

TEST_CASE_FIXTURE(fixture, "results are sorted by start then professional, with stable ids") {
  auto s = run(week());
  REQUIRE(s.size() > 10);
  for (std::size_t i = 1; i < s.size(); ++i)
    CHECK((s[i - 1].start < s[i].start || (s[i - 1].start == s[i].start && s[i - 1].professional < s[i].professional)));
  CHECK(s[0].id == "santiago-centro:" + s[0].professional + ":limpieza:" + booking::format_stamp(s[0].start));
  auto back = booking::parse_slot_id(s[0].id);
  REQUIRE(back);
  CHECK(back->start == s[0].start);
  CHECK(run(week()).size() == s.size());
}

TEST_CASE_FIXTURE(fixture, "a capacity-2 resource allows two overlapping uses, not three") {
  auto r = week("endodoncia");
  r.from = r.to = test::day("2026-12-09");
  r.chairs = {"c2"};
  const char* start = "2026-12-09T15:00:00-03:00";
  CHECK(has(run(r), start, "dr-rojas"));
  // Two bookings using the assistant pool at that time (other professional, other chairs).
  for (const char* id : {"a1", "a2"}) {
    calendar.bookings.push_back({.id = id, .site = "santiago-centro", .professional = "dra-soto",
                                 .chair = id == std::string("a1") ? "c1" : "c3", .treatment = "endodoncia",
                                 .start = test::at("2026-12-09T14:45:00-03:00")});
    calendar.bookings.back().professional = id == std::string("a1") ? "dra-soto" : "dra-quispe";
  }
  CHECK_FALSE(has(run(r), start, "dr-rojas"));
  calendar.bookings.pop_back();
  CHECK(has(run(r), start, "dr-rojas"));
}

TEST_CASE_FIXTURE(fixture, "policy window and request range") {
  auto r = week();
  r.now = test::at("2026-12-07T09:30:00-03:00");  // 120 minutes notice: nothing before 11:30
  for (const auto& x : run(r)) CHECK(x.start >= test::at("2026-12-07T11:30:00-03:00"));
  r.now = test::at("2026-10-01T12:00:00-03:00");  // 60 days ahead ends 2026-11-30
  CHECK(run(r).empty());
  r = week();
  r.to = test::day("2026-12-01");
  CHECK_THROWS_AS(run(r), booking::error);
  r.to = r.from + 400;
  CHECK_THROWS_AS(run(r), booking::error);
  r = week();
  r.site = "valparaiso";
  CHECK_THROWS_AS(run(r), booking::error);
}

TEST_CASE("a professional's own notice and advance narrow only their slots, and check_booking agrees") {
  json c = test::one_site("America/Santiago", "09:00", "13:00");
  json q = c["professionals"][0];
  q["id"] = "q";
  q["policies"] = {{"min_notice_minutes", 1440}, {"max_advance_days", 2}};
  c["professionals"].push_back(q);
  const booking::clinic k = booking::parse_clinic(c.dump());
  const booking::calendar none;
  const auto r = test::request("2026-12-07", "2026-12-10", "2026-12-07T09:00:00-03:00");
  const auto slots = booking::find_availability(k, none, r);
  const auto first_q = std::find_if(slots.begin(), slots.end(), [](const booking::slot& s) { return s.professional == "q"; });
  REQUIRE(first_q != slots.end());
  CHECK(first_q->start == test::at("2026-12-08T09:00:00-03:00"));  // 24 h of notice
  for (const auto& s : slots) {
    if (s.professional == "q") CHECK(s.start < test::at("2026-12-09T09:00:00-03:00"));  // 2 days ahead at most
    booking::proposal pr{.site = "s", .professional = s.professional, .treatment = "t", .start = s.start};
    CHECK(booking::check_booking(k, none, pr, r.now).bookable());
  }
  CHECK(std::count_if(slots.begin(), slots.end(), [](const booking::slot& s) { return s.professional == "p"; }) == 16);
  booking::proposal early{.site = "s", .professional = "q", .treatment = "t", .start = test::at("2026-12-07T11:00:00-03:00")};
  const auto why = booking::check_booking(k, none, early, r.now);
  REQUIRE(why.conflicts.size() == 1);
  CHECK(why.conflicts[0].code == "too_soon");
}

TEST_CASE_FIXTURE(fixture, "the compact answer prints the same bytes as find_availability's slots") {
  int slots = 0;
  for (const auto& site : clinic.sites) {
    for (const auto& t : clinic.treatments) {
      for (int filter = 0; filter < 3; ++filter) {
        auto r = week(t.id.c_str());
        r.site = site.id;
        r.from = test::day("2026-12-01");
        r.to = test::day("2026-12-31");
        if (filter == 1) r.chairs = {site.chairs.back().id};
        if (filter == 2) r.professionals = {"dra-soto", "dra-quispe"};
        CAPTURE(site.id);
        CAPTURE(t.id);
        CAPTURE(filter);
        const auto compact = booking::find_availability_compact(clinic, calendar, r);
        const auto full = booking::find_availability(clinic, calendar, r);
        const std::string text = booking::to_json_text(full);
        CHECK(booking::to_json_text(compact) == text);
        CHECK(booking::to_json_text(booking::to_slots(compact)) == text);
        CHECK(booking::dump(booking::to_json(full)) == text);
        CHECK(booking::dump(test::expand_slot_tables(booking::to_json_tables(compact))) == text);
        // What the bindings call prints the same bytes too.
        CHECK(booking::engine(test::read_file("examples/clinic/clinic.json"), test::read_file("examples/clinic/bookings.json"))
                  .availability(json{{"site", r.site}, {"treatment", r.treatment}, {"from", "2026-12-01"}, {"to", "2026-12-31"},
                                     {"now", "2026-12-04T12:00:00-03:00"}, {"chairs", r.chairs}, {"professionals", r.professionals}}
                                    .dump()) == text);
        // Professionals at one start share one free-chair run; no run is empty, no two are equal.
        std::set<std::vector<std::uint32_t>> runs;
        for (std::size_t k = 0; k < compact.runs(); ++k)
          runs.emplace(compact.free_chairs.begin() + compact.run_begin[k], compact.free_chairs.begin() + compact.run_begin[k + 1]);
        CHECK(runs.size() == compact.runs());
        for (std::size_t i = 0; i < compact.slots.size(); ++i) {
          CHECK_FALSE(compact.chairs_of(compact.slots[i]).empty());
          if (i && compact.slots[i].start == compact.slots[i - 1].start) CHECK(compact.slots[i].chairs == compact.slots[i - 1].chairs);
        }
        slots += static_cast<int>(full.size());
      }
    }
  }
  CHECK(slots > 1000);
}

TEST_CASE("the compact writer escapes ids exactly as the slot writer does") {
  // Parsed clinics only have plain ids; the writers must still agree on anything a C++ caller builds.
  booking::compact_availability a;
  a.site = "s\"1";
  a.treatment = "t\\\n\x01";
  a.duration = 45;
  a.professionals = {"p\t", "ñ"};
  a.chairs = {"c\"0", "c1", "c\x1f"};
  a.resources = {"x\bray", "r"};
  a.free_chairs = {0, 2, 1};
  a.run_begin = {0, 2, 3};
  a.slots = {{.start = 29'400'000, .start_offset = -180, .end_offset = -180, .professional = 0, .chairs = 0},
             {.start = 29'400'000, .start_offset = -180, .end_offset = -180, .professional = 1, .chairs = 0},
             {.start = 29'400'015, .start_offset = 0, .end_offset = 60, .professional = 1, .chairs = 1}};
  const auto slots = booking::to_slots(a);
  REQUIRE(slots.size() == 3);
  CHECK(slots[0].chairs == std::vector<std::string>{"c\"0", "c\x1f"});
  CHECK(slots[2].chair() == "c1");
  CHECK(slots[2].end == 29'400'060);
  CHECK(booking::to_json_text(a) == booking::to_json_text(slots));
  CHECK(booking::to_json_text(a) == booking::dump(booking::to_json(slots)));
  CHECK(booking::to_json_text(booking::compact_availability{}) == "{\"slots\":[]}");
  CHECK(booking::dump(test::expand_slot_tables(booking::to_json_tables(a))) == booking::to_json_text(a));
  const booking::json_text_writer w(a);  // what the Python binding writes into a str
  CHECK(w.size() == booking::to_json_text(a).size());
  CHECK_FALSE(w.ascii());  // "ñ": the binding must not write these bytes into an ASCII str
  a.professionals[1] = "n";
  CHECK(booking::json_text_writer(a).ascii());
  CHECK(booking::to_json_tables(booking::compact_availability{}) ==
        R"({"ids":[],"professionals":[],"chairs":[],"runs":[],"resources":[],"times":[],"slots":[]})");
}
