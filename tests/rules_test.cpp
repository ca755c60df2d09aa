// Date overrides, patient overlap, booking limits and the lifecycle (docs/booking-rules.md).
#include <doctest/doctest.h>

#include "helpers.h"

using namespace booking;
using test::at;
using test::day;

namespace {

std::vector<minutes_t> starts(const clinic& c, const calendar& cal, const availability_request& r) {
  std::vector<minutes_t> out;
  for (const auto& s : find_availability(c, cal, r)) out.push_back(s.start);
  return out;
}

appointment booked(const char* id, const char* start, const char* patient = "", booking_status st = booking_status::confirmed) {
  appointment b;
  b.id = id;
  b.site = "s";
  b.professional = "p";
  b.chair = "c1";
  b.treatment = "t";
  b.start = at(start);
  b.patient = patient;
  b.status = st;
  return b;
}

}  // namespace

TEST_CASE("an override on Santiago's spring-forward day offers only the wall-clock times that exist") {
  // 2026-09-06 00:00 does not exist in America/Santiago (clocks go from 00:00 to 01:00).
  nlohmann::json j = test::one_site("America/Santiago", "09:00", "10:00", 30, 30);
  j["sites"][0]["overrides"] = nlohmann::json::parse(R"([{"date": "2026-09-06", "hours": [["00:00", "02:00"]]}])");
  j["professionals"][0]["overrides"] =
      nlohmann::json::parse(R"([{"date": "2026-09-06", "site": "s", "hours": [["00:00", "02:00"]]}])");
  const clinic c = clinic_from_json(j);
  const auto got = starts(c, {}, test::request("2026-09-06", "2026-09-06"));
  // 01:00, 01:30 local (UTC-3) only: 00:00 and 00:30 never happen that night.
  CHECK(got == std::vector<minutes_t>{at("2026-09-06T01:00:00-03:00"), at("2026-09-06T01:30:00-03:00")});
  // The day before keeps its weekly hours.
  CHECK(starts(c, {}, test::request("2026-09-05", "2026-09-05")) ==
        std::vector<minutes_t>{at("2026-09-05T09:00:00-04:00"), at("2026-09-05T09:30:00-04:00")});
}

TEST_CASE("a site override without the professional's is not enough, and the reverse") {
  nlohmann::json j = test::one_site("Europe/Madrid", "09:00", "10:00", 30, 30);
  j["sites"][0]["overrides"] = nlohmann::json::parse(R"([{"date": "2026-12-24", "hours": [["09:00", "11:00"]]}])");
  clinic c = clinic_from_json(j);
  CHECK(starts(c, {}, test::request("2026-12-24", "2026-12-24")).size() == 2);  // she still works 09–10
  j["professionals"][0]["overrides"] =
      nlohmann::json::parse(R"([{"date": "2026-12-24", "site": "s", "hours": [["09:00", "11:00"]]}])");
  c = clinic_from_json(j);
  CHECK(starts(c, {}, test::request("2026-12-24", "2026-12-24")).size() == 4);
  proposal pr{.site = "s", .professional = "p", .treatment = "t", .start = at("2026-12-24T10:30:00+01:00")};
  CHECK(check_booking(c, {}, pr, at("2026-01-01T00:00:00Z")).bookable());
  pr.start = at("2026-12-25T10:30:00+01:00");  // the override is for the 24th only
  const auto r = check_booking(c, {}, pr, at("2026-01-01T00:00:00Z"));
  REQUIRE_FALSE(r.bookable());
  CHECK(r.conflicts.front().code == "outside_site_hours");
}

TEST_CASE("availability for a patient leaves out exactly the starts check reports as patient_busy") {
  const clinic c = clinic_from_json(test::one_site("America/Santiago", "09:00", "13:00", 30, 15, 0, 0, 3));
  calendar cal;
  cal.bookings.push_back(booked("b1", "2026-12-07T10:00:00-03:00", "ana"));
  cal.bookings.back().chair = "c2";
  cal.bookings.back().professional = "p";
  availability_request r = test::request("2026-12-07", "2026-12-07");
  const auto all = starts(c, {}, r);
  r.patient = "ana";
  const auto mine = starts(c, cal, r);
  for (minutes_t g : all) {
    proposal pr{.site = "s", .professional = "p", .treatment = "t", .start = g, .patient = "ana"};
    const auto chk = check_booking(c, cal, pr, r.now);
    const bool offered = std::find(mine.begin(), mine.end(), g) != mine.end();
    CHECK(offered == chk.bookable());
    const bool overlaps = g < at("2026-12-07T10:30:00-03:00") && g + 30 > at("2026-12-07T10:00:00-03:00");
    if (overlaps) {
      CHECK(std::any_of(chk.conflicts.begin(), chk.conflicts.end(), [](const conflict& k) { return k.code == "patient_busy"; }));
    }
  }
  // A cancelled booking does not hold the patient.
  cal.bookings.back().status = booking_status::cancelled;
  CHECK(starts(c, cal, r) == all);
}

TEST_CASE("two proposals for one patient at the same time share a claim key; moving a booking does not collide with itself") {
  const clinic c = clinic_from_json(test::one_site("America/Santiago", "09:00", "13:00", 30, 15, 0, 0, 3));
  proposal a{.site = "s", .professional = "p", .chair = "c1", .treatment = "t", .start = at("2026-12-07T10:00:00-03:00"), .patient = "a/b"};
  const auto ra = check_booking(c, {}, a, at("2026-01-01T00:00:00Z"));
  REQUIRE(ra.bookable());
  CHECK(std::count_if(ra.claims.begin(), ra.claims.end(), [](const std::string& k) { return k.starts_with("t/patient/a%2Fb/"); }) == 6);
  calendar cal;
  cal.bookings.push_back(booked("b1", "2026-12-07T10:00:00-03:00", "a/b"));
  proposal move = a;
  move.id = "b1";
  move.start = at("2026-12-07T10:15:00-03:00");
  const auto rm = check_booking(c, cal, move, at("2026-01-01T00:00:00Z"));
  REQUIRE(rm.bookable());
  // It releases the patient's 10:00–10:15 buckets and takes 10:30–10:45.
  CHECK(std::count_if(rm.release.begin(), rm.release.end(), [](const std::string& k) { return k.find("/patient/") != std::string::npos; }) == 3);
  CHECK(std::count_if(rm.take.begin(), rm.take.end(), [](const std::string& k) { return k.find("/patient/") != std::string::npos; }) == 3);
}

TEST_CASE("weekly limits count the week that week_starts_on defines") {
  nlohmann::json j = test::one_site("America/Lima", "09:00", "17:00", 60, 60);
  j["policies"]["max_bookings_per_week"] = 2;
  calendar cal;  // Saturday 2026-12-05 and Sunday 2026-12-06
  cal.bookings.push_back(booked("sat", "2026-12-05T09:00:00-05:00"));
  cal.bookings.push_back(booked("sun", "2026-12-06T09:00:00-05:00"));
  const availability_request r = test::request("2026-12-07", "2026-12-07");  // a Monday
  j["policies"]["week_starts_on"] = "mon";  // Mon 7 starts a new week: free
  CHECK(starts(clinic_from_json(j), cal, r).size() == 8);
  j["policies"]["week_starts_on"] = "sun";  // Sun 6 – Sat 12: Sunday's booking counts, one place left
  CHECK(starts(clinic_from_json(j), cal, r).size() == 8);
  j["policies"]["week_starts_on"] = "sat";  // Sat 5 – Fri 11: both count, the week is full
  CHECK(starts(clinic_from_json(j), cal, r).empty());
  const proposal pr{.site = "s", .professional = "p", .treatment = "t", .start = at("2026-12-07T10:00:00-05:00")};
  const auto chk = check_booking(clinic_from_json(j), cal, pr, r.now);
  REQUIRE(chk.conflicts.size() == 1);
  CHECK(chk.conflicts[0].code == "limit_reached");
  CHECK(chk.conflicts[0].message == "p has 2 bookings in the week of 2026-12-05; max_bookings_per_week is 2");
}

TEST_CASE("booked minutes per day: a treatment that would pass the limit is not offered, a shorter one is") {
  nlohmann::json j = test::one_site("America/Lima", "09:00", "17:00", 60, 60);
  j["treatments"].push_back({{"id", "short"}, {"segments", {{{"minutes", 30}}}}});
  j["professionals"][0]["treatments"].push_back("short");
  j["professionals"][0]["policies"] = {{"max_booked_minutes_per_day", 90}};
  calendar cal;
  cal.bookings.push_back(booked("b", "2026-12-07T09:00:00-05:00"));
  const clinic c = clinic_from_json(j);
  availability_request r = test::request("2026-12-07", "2026-12-07");
  CHECK(starts(c, cal, r).empty());  // 60 + 60 > 90
  r.treatment = "short";
  CHECK_FALSE(starts(c, cal, r).empty());  // 60 + 30 = 90
}

TEST_CASE("lifecycle: transitions, and the windows measured back from the start") {
  using s = booking_status;
  CHECK(transition_allowed(s::pending, s::confirmed));
  CHECK(transition_allowed(s::confirmed, s::completed));
  CHECK(transition_allowed(s::confirmed, s::no_show));
  CHECK_FALSE(transition_allowed(s::confirmed, s::pending));
  for (s final_status : {s::completed, s::cancelled, s::no_show})
    for (int k = 0; k < 5; ++k) CHECK_FALSE(transition_allowed(final_status, static_cast<s>(k)));

  nlohmann::json j = test::one_site("Europe/Madrid", "09:00", "17:00", 60, 60);
  j["policies"]["cancellation_window_hours"] = 24;
  j["policies"]["cancellation_cutoff_hours"] = 3;
  const clinic c = clinic_from_json(j);
  calendar cal;
  cal.bookings.push_back(booked("b", "2026-12-07T12:00:00+01:00"));
  const appointment& b = cal.bookings.back();
  auto verdict_at = [&](const char* now) { return decide(c, cal, b, booking_action::cancel, at(now)).verdict; };
  CHECK(verdict_at("2026-12-06T11:59:00+01:00") == verdict::allowed);
  CHECK(verdict_at("2026-12-06T12:00:00+01:00") == verdict::late);
  CHECK(verdict_at("2026-12-07T08:59:00+01:00") == verdict::late);
  CHECK(verdict_at("2026-12-07T09:00:00+01:00") == verdict::refused);
  CHECK(decide(c, cal, b, booking_action::cancel, at("2026-12-07T09:00:00+01:00")).code == "inside_cutoff");
  CHECK(decide(c, cal, b, booking_action::cancel, at("2026-12-07T12:00:00+01:00")).code == "already_started");
  CHECK(decide(c, cal, b, booking_action::complete, at("2026-12-07T11:00:00+01:00")).code == "not_started");
  CHECK(decide(c, cal, b, booking_action::complete, at("2026-12-07T13:00:00+01:00")).verdict == verdict::allowed);
  // A reschedule without a new slot is a request error, not a guess.
  CHECK_THROWS_AS(decide(c, cal, b, booking_action::reschedule, at("2026-12-01T09:00:00+01:00")), booking::error);
}

TEST_CASE("validation: a cutoff past the window, an override on an absence") {
  nlohmann::json j = test::one_site("Europe/Madrid");
  j["policies"]["cancellation_window_hours"] = 2;
  j["policies"]["cancellation_cutoff_hours"] = 3;
  j["professionals"][0]["absences"] = nlohmann::json::parse(R"([{"from": "2026-12-24", "to": "2026-12-26"}])");
  j["professionals"][0]["overrides"] = nlohmann::json::parse(R"([{"date": "2026-12-25", "site": "s", "hours": [["09:00", "10:00"]]},
                                                                 {"date": "2026-12-27", "site": "nowhere", "hours": [["09:00", "10:00"]]}])");
  const validation v = validate(j.dump(), "[]");
  std::vector<std::string> pointers;
  for (const auto& e : v.errors) pointers.push_back(e.pointer);
  INFO(nlohmann::json(pointers).dump());
  CHECK(pointers == std::vector<std::string>{"/policies/cancellation_cutoff_hours", "/professionals/0/overrides/0/date",
                                              "/professionals/0/overrides/1/site"});
}
