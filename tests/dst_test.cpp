// DST torture: both transition days, several zones, steps of 5/15/60, buffers and policy limits
// across the change. Expected counts are worked out by hand from each zone's rules.
#include <doctest/doctest.h>

#include "helpers.h"

using nlohmann::json;

namespace {

std::vector<booking::slot> slots_on(const json& clinic_json, const char* day, const char* now = "2026-01-01T00:00:00Z") {
  auto c = booking::parse_clinic(clinic_json.dump());
  return booking::find_availability(c, {}, test::request(day, day, now));
}

std::vector<std::string> local_starts(const std::vector<booking::slot>& s) {
  std::vector<std::string> out;
  for (const auto& x : s) out.push_back(booking::format_instant(x.start, x.start_offset).substr(11));
  return out;
}

}  // namespace

TEST_CASE("a clinic open through the night: one slot per existing local grid time") {
  struct row {
    const char* zone;
    const char* day;
    int step;
    std::size_t expected;
  };
  // Open 00:00–24:00 every day; treatment as long as the step; so every grid instant is free.
  const row rows[] = {
      {"America/Santiago", "2026-09-06", 60, 23},   {"America/Santiago", "2026-04-04", 60, 25},
      {"America/Santiago", "2026-09-06", 15, 92},   {"America/Santiago", "2026-04-04", 5, 300},
      {"America/New_York", "2026-03-08", 60, 23},   {"America/New_York", "2026-11-01", 60, 25},
      {"America/New_York", "2026-03-08", 5, 276},   {"America/New_York", "2026-11-01", 15, 100},
      {"Europe/Madrid", "2026-03-29", 15, 92},      {"Europe/Madrid", "2026-10-25", 60, 25},
      {"Europe/London", "2026-03-29", 60, 23},      {"Europe/London", "2026-10-25", 5, 300},
      {"Australia/Lord_Howe", "2026-10-04", 60, 23}, {"Australia/Lord_Howe", "2026-04-05", 60, 24},
      {"Australia/Lord_Howe", "2026-10-04", 15, 94}, {"Australia/Lord_Howe", "2026-04-05", 5, 294},
      {"Pacific/Chatham", "2026-09-27", 15, 92},    {"Pacific/Chatham", "2026-04-05", 15, 100},
      {"America/Sao_Paulo", "2026-11-01", 60, 24},  {"America/Sao_Paulo", "2026-02-15", 15, 96},
      {"Asia/Kathmandu", "2026-03-29", 15, 96},     {"America/Lima", "2026-11-01", 5, 288},
  };
  for (const auto& r : rows) {
    const std::string zone = r.zone, day = r.day;
    CAPTURE(zone);
    CAPTURE(day);
    CAPTURE(r.step);
    CHECK(slots_on(test::one_site(r.zone, "00:00", "24:00", r.step, r.step), r.day).size() == r.expected);
  }
}

TEST_CASE("a nonexistent local time is never offered; a repeated one is offered twice") {
  auto spring = local_starts(slots_on(test::one_site("America/New_York"), "2026-03-08"));
  CHECK(std::find(spring.begin(), spring.end(), "02:00:00-05:00") == spring.end());
  CHECK(std::find(spring.begin(), spring.end(), "02:00:00-04:00") == spring.end());
  CHECK(spring[2] == "03:00:00-04:00");
  auto fall = local_starts(slots_on(test::one_site("America/New_York"), "2026-11-01"));
  CHECK(fall[1] == "01:00:00-04:00");
  CHECK(fall[2] == "01:00:00-05:00");
  // Santiago changes at midnight: on 2026-09-06 the day starts at 01:00.
  auto santiago = local_starts(slots_on(test::one_site("America/Santiago"), "2026-09-06"));
  CHECK(santiago.front() == "01:00:00-03:00");
}

TEST_CASE("a local schedule interval has its real length on transition days") {
  // Open 01:00–04:00, 60-minute treatment on a 60-minute grid.
  CHECK(slots_on(test::one_site("America/New_York", "01:00", "04:00"), "2026-03-08").size() == 2);  // 01:00, 03:00
  CHECK(slots_on(test::one_site("America/New_York", "01:00", "04:00"), "2026-11-01").size() == 4);  // 01, 01, 02, 03
  CHECK(slots_on(test::one_site("America/New_York", "01:00", "04:00"), "2026-11-02").size() == 3);
}

TEST_CASE("a treatment spans the transition in real minutes") {
  // 120 minutes starting 01:00 EST on the spring day ends at 04:00 EDT, inside 00:00–05:00.
  auto s = slots_on(test::one_site("America/New_York", "00:00", "05:00", 120, 60), "2026-03-08");
  REQUIRE(s.size() == 3);  // 00:00, 01:00, 03:00 (ends 05:00 EDT)
  CHECK(booking::format_instant(s[1].end, s[1].end_offset) == "2026-03-08T04:00:00-04:00");
  CHECK(s[1].end - s[1].start == 120);
}

TEST_CASE("buffers across the fall-back hour") {
  // Open 20:00–24:00 on Santiago's 25-hour day; prep 10, 45 minutes, cleanup 15.
  auto s = slots_on(test::one_site("America/Santiago", "20:00", "24:00", 45, 15, 10, 15), "2026-04-04");
  auto starts = local_starts(s);
  CHECK(starts.front() == "20:15:00-03:00");  // 20:00 has no room for the prep
  CHECK(starts.back() == "23:00:00-04:00");   // its cleanup ends exactly at midnight
  CHECK(s.size() == 16);
}

TEST_CASE("minimum notice and maximum advance are real durations across a transition") {
  json c = test::one_site("America/New_York", "00:00", "24:00", 30, 30);
  c["policies"]["min_notice_minutes"] = 90;
  // 01:00 EST + 90 minutes is 03:30 EDT (wall-clock arithmetic would say 02:30, which does not exist).
  auto s = local_starts(slots_on(c, "2026-03-08", "2026-03-08T01:00:00-05:00"));
  CHECK(s.front() == "03:30:00-04:00");
  c["policies"]["min_notice_minutes"] = 0;
  c["policies"]["max_advance_days"] = 1;
  // One day after 00:00 EDT on the fall-back day is 23:00 EST the same day.
  auto f = local_starts(slots_on(c, "2026-11-01", "2026-11-01T00:00:00-04:00"));
  CHECK(f.back() == "22:30:00-05:00");
}

TEST_CASE("dates past the zone data are refused, not guessed") {
  auto c = booking::parse_clinic(test::one_site("Europe/Madrid").dump());
  CHECK_THROWS_AS(booking::find_availability(c, {}, test::request("2040-03-25", "2040-03-25")), booking::error);
  CHECK_THROWS_AS(booking::parse_availability_request(
                      R"({"site": "s", "treatment": "t", "from": "2040-03-25", "to": "2040-03-25", "now": "2026-01-01T00:00:00Z"})"),
                  booking::error);
}

TEST_CASE("checking agrees with availability on transition days") {
  for (const char* zone : {"America/Santiago", "Australia/Lord_Howe", "Europe/Madrid"}) {
    auto c = booking::parse_clinic(test::one_site(zone, "00:00", "24:00", 45, 15, 5, 5).dump());
    for (const char* day : {"2026-04-04", "2026-04-05", "2026-09-06", "2026-10-04", "2026-03-29", "2026-10-25"}) {
      auto slots = booking::find_availability(c, {}, test::request(day, day));
      for (const auto& s : slots) {
        booking::proposal p{.site = "s", .professional = "p", .treatment = "t", .start = s.start};
        CHECK(booking::check_booking(c, {}, p, test::at("2026-01-01T00:00:00Z")).bookable());
      }
    }
  }
}
