// check_booking: every reason, what it collides with, chair choice, rescheduling, claim keys.
#include <doctest/doctest.h>

#include "helpers.h"

namespace {

struct fixture {
  booking::clinic clinic = booking::parse_clinic(test::read_file("examples/clinic/clinic.json"));
  booking::calendar calendar = booking::parse_calendar(test::read_file("examples/clinic/bookings.json"), clinic);
  booking::minutes_t now = test::at("2026-12-01T12:00:00Z");

  booking::check_result check(const char* professional, const char* treatment, const char* start, const char* chair = "") const {
    booking::proposal p{.site = "santiago-centro", .professional = professional, .chair = chair, .treatment = treatment,
                        .start = test::at(start)};
    return booking::check_booking(clinic, calendar, p, now);
  }
};

std::vector<std::string> codes(const booking::check_result& r) {
  std::vector<std::string> c;
  for (const auto& k : r.conflicts) c.push_back(k.code);
  return c;
}

}  // namespace

TEST_CASE_FIXTURE(fixture, "a free slot is bookable and gets claim keys") {
  auto r = check("dra-soto", "limpieza", "2026-12-07T09:15:00-03:00");
  CHECK(r.bookable());
  CHECK(r.chair == "c2");
  CHECK(r.end - r.start == 45);
  CHECK_FALSE(r.claims.empty());
}

TEST_CASE_FIXTURE(fixture, "collisions name the booking or block") {
  auto r = check("dra-soto", "limpieza", "2026-12-07T10:15:00-03:00", "c1");
  // b1 holds both Dra. Soto and chair c1.
  REQUIRE(codes(r) == std::vector<std::string>{"professional_busy", "chair_busy"});
  CHECK(r.conflicts[0].booking == "b1");
  CHECK(r.conflicts[1].booking == "b1");
  CHECK(r.conflicts[1].chair == "c1");
  auto blocked = check("dr-rojas", "control", "2026-12-11T14:30:00-03:00");
  REQUIRE(codes(blocked) == std::vector<std::string>{"professional_busy"});
  CHECK(blocked.conflicts[0].block == "k2");
}

TEST_CASE_FIXTURE(fixture, "buffers occupy the chair but not the professional") {
  // b1 (limpieza) on c1 starts 10:00 with 5 minutes of prep: c1 is taken from 09:55.
  auto r = check("dr-rojas", "control", "2026-12-07T14:00:00-03:00", "c1");
  CHECK(r.bookable());
  auto prep = check("dra-soto", "control", "2026-12-07T09:30:00-03:00", "c1");  // 09:30–09:50, c1 free until 09:55
  CHECK(prep.bookable());
  // Dr. Rojas (free) on c1 at 09:45–10:05 would overlap b1's prep: only the chair is busy.
  calendar.bookings[0].professional = "dr-rojas";
  booking::proposal p{.site = "santiago-centro", .professional = "dra-soto", .chair = "c1", .treatment = "control",
                      .start = test::at("2026-12-07T09:35:00-03:00")};
  clinic.policies.slot_step_minutes = 5;
  auto overlap = booking::check_booking(clinic, calendar, p, now);  // 09:35–09:55, prep of b1 from 09:55
  CHECK(overlap.bookable());
  p.start += 5;
  CHECK(codes(booking::check_booking(clinic, calendar, p, now)) == std::vector<std::string>{"chair_busy"});
}

TEST_CASE_FIXTURE(fixture, "unknown ids stop the check with unknown_id") {
  booking::proposal p{.site = "santiago-centro", .professional = "dr-who", .treatment = "limpieza", .start = now};
  auto r = booking::check_booking(clinic, calendar, p, now);
  CHECK(codes(r) == std::vector<std::string>{"unknown_id"});
  CHECK_FALSE(r.bookable());
  CHECK(r.claims.empty());
}

TEST_CASE_FIXTURE(fixture, "a moved booking does not collide with itself") {
  booking::proposal p{.id = "b1", .site = "santiago-centro", .professional = "dra-soto", .chair = "c1",
                      .treatment = "limpieza", .start = test::at("2026-12-07T10:15:00-03:00")};
  CHECK(booking::check_booking(clinic, calendar, p, now).bookable());
  p.id = "";
  CHECK_FALSE(booking::check_booking(clinic, calendar, p, now).bookable());
}

TEST_CASE_FIXTURE(fixture, "when every eligible chair is taken, each collision is reported") {
  calendar.bookings.clear();
  for (const char* c : {"c1", "c2", "c3"})
    calendar.bookings.push_back({.id = std::string("x") + c, .site = "santiago-centro", .professional = "dr-rojas",
                                 .chair = c, .treatment = "control", .start = test::at("2026-12-07T09:00:00-03:00")});
  auto r = check("dra-soto", "control", "2026-12-07T09:00:00-03:00");
  CHECK(codes(r) == std::vector<std::string>{"chair_busy", "chair_busy", "chair_busy"});
  CHECK(r.chair.empty());
}

TEST_CASE_FIXTURE(fixture, "claim keys: overlapping bookings share one, adjacent ones do not") {
  calendar.bookings.clear();
  auto keys = [&](const char* start, const char* chair) {
    auto r = check("dra-soto", "control", start, chair);
    REQUIRE(r.bookable());
    return r.claims;
  };
  auto shares = [](std::vector<std::string> a, std::vector<std::string> b) {
    std::vector<std::string> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    return !both.empty();
  };
  auto a = keys("2026-12-07T09:00:00-03:00", "c1");  // 09:00–09:20
  CHECK(shares(a, keys("2026-12-07T09:15:00-03:00", "c2")));   // same professional, overlapping
  CHECK_FALSE(shares(a, keys("2026-12-07T09:30:00-03:00", "c1")));  // after it, same chair
  CHECK(std::all_of(a.begin(), a.end(), [](const std::string& k) { return k.rfind("sonrisa/", 0) == 0; }));
}

TEST_CASE("policy limits: notice is inclusive, advance exclusive, in checking and availability alike") {
  auto j = test::one_site("America/Lima", "00:00", "24:00", 30, 30);
  j["policies"]["min_notice_minutes"] = 60;
  j["policies"]["max_advance_days"] = 1;
  auto c = booking::parse_clinic(j.dump());
  const auto now = test::at("2026-12-07T10:00:00-05:00");
  auto check_at = [&](const char* start) {
    booking::proposal p{.site = "s", .professional = "p", .treatment = "t", .start = test::at(start)};
    return codes(booking::check_booking(c, {}, p, now));
  };
  CHECK(check_at("2026-12-07T10:30:00-05:00") == std::vector<std::string>{"too_soon"});
  CHECK(check_at("2026-12-07T11:00:00-05:00").empty());
  CHECK(check_at("2026-12-08T09:30:00-05:00").empty());
  CHECK(check_at("2026-12-08T10:00:00-05:00") == std::vector<std::string>{"too_far"});
  auto slots = booking::find_availability(c, {}, test::request("2026-12-07", "2026-12-08", "2026-12-07T15:00:00Z"));
  REQUIRE(!slots.empty());
  CHECK(slots.front().start == test::at("2026-12-07T11:00:00-05:00"));
  CHECK(slots.back().start == test::at("2026-12-08T09:30:00-05:00"));
}
