// simulate.h on the example clinic and its bundled draft (examples/clinic/draft.json).
#include <doctest/doctest.h>

#include "helpers.h"

using nlohmann::json;

namespace {

struct fixture {
  booking::clinic published = booking::parse_clinic(test::read_file("examples/clinic/clinic.json"));
  booking::clinic draft = booking::parse_clinic(test::read_file("examples/clinic/draft.json"));
  booking::calendar calendar = booking::parse_calendar(test::read_file("examples/clinic/bookings.json"), published);
  booking::simulation_request week{.from = test::day("2026-12-07"), .to = test::day("2026-12-13"),
                                   .now = test::at("2026-12-01T12:00:00Z")};
};

const booking::broken_booking* find(const booking::simulation& s, const char* id) {
  for (const auto& b : s.broken) if (b.booking.id == id) return &b;
  return nullptr;
}

}  // namespace

TEST_CASE_FIXTURE(fixture, "the bundled draft breaks the bookings it makes impossible, and says why") {
  const auto sim = booking::simulate(published, draft, calendar, week);
  REQUIRE(sim.broken.size() == 2);
  const auto* b3 = find(sim, "b3");  // Monday 14:30, and the draft opens Monday afternoons at 15:00
  REQUIRE(b3 != nullptr);
  REQUIRE(b3->conflicts.size() == 1);
  CHECK(b3->conflicts[0].code == "outside_site_hours");
  const auto* b6 = find(sim, "b6");  // on chair c3, which the draft retires
  REQUIRE(b6 != nullptr);
  CHECK(b6->conflicts[0].code == "unknown_id");
  CHECK(b6->conflicts[0].chair == "c3");
  CHECK(sim.removed > 0);
  for (const auto& r : sim.rows) CHECK((r.chair != "c3" || r.after == 0));
}

TEST_CASE_FIXTURE(fixture, "a booking already in conflict is not reported as broken by the draft") {
  // b3's professional already has a block over it in the published configuration: that reason is
  // not the draft's doing, so only the new reason is listed.
  calendar.blocks.push_back({.id = "k-old", .professional = "dr-rojas", .span = {test::at("2026-12-07T14:00:00-03:00"),
                                                                                  test::at("2026-12-07T16:00:00-03:00")}});
  const auto sim = booking::simulate(published, draft, calendar, week);
  const auto* b3 = find(sim, "b3");
  REQUIRE(b3 != nullptr);
  for (const auto& k : b3->conflicts) CHECK(k.block != "k-old");
  // And the published configuration itself breaks nothing.
  CHECK(booking::simulate(published, published, calendar, week).broken.empty());
}

TEST_CASE_FIXTURE(fixture, "removing a treatment breaks its bookings but keeps their time occupied") {
  json d = json::parse(test::read_file("examples/clinic/clinic.json"));
  for (auto& p : d["professionals"]) {
    auto& ts = p["treatments"];
    ts.erase(std::remove(ts.begin(), ts.end(), json("endodoncia")), ts.end());
  }
  auto& ts = d["treatments"];
  ts.erase(std::remove_if(ts.begin(), ts.end(), [](const json& t) { return t["id"] == "endodoncia"; }), ts.end());
  const booking::clinic no_endo = booking::clinic_from_json(d);
  const auto sim = booking::simulate(published, no_endo, calendar, week);
  const auto* b3 = find(sim, "b3");  // an endodoncia
  REQUIRE(b3 != nullptr);
  CHECK(b3->conflicts[0].code == "unknown_id");
  // Dr. Rojas is still with b3's patient: nothing is offered to him at 14:30 that day.
  for (const auto& r : sim.rows)
    if (r.date == test::day("2026-12-07") && r.professional == "dr-rojas") CHECK(r.added == 0);
}

TEST_CASE("simulate_json prefixes error pointers with the document they are in") {
  const std::string clinic = test::read_file("examples/clinic/clinic.json");
  json bad = json::parse(clinic);
  bad["sites"][0]["hours"]["mon"][0][1] = "25:00";
  const std::string req = R"({"from": "2026-12-07", "to": "2026-12-07", "now": "2026-12-01T00:00:00Z"})";
  auto pointer = [&](const std::string& p, const std::string& d, const std::string& b, const std::string& r) {
    try {
      booking::simulate_json(p, d, b, r);
    } catch (const booking::error& e) {
      return e.pointer();
    }
    return std::string("accepted");
  };
  CHECK(pointer(clinic, bad.dump(), "", req) == "/draft/sites/0/hours/mon/0/1");
  CHECK(pointer(bad.dump(), clinic, "", req) == "/published/sites/0/hours/mon/0/1");
  CHECK(pointer(clinic, clinic, R"([{"id": "x"}])", req) == "/bookings/0/site");
  CHECK(pointer(clinic, clinic, "[]", R"({"from": "2026-12-07", "to": "2026-12-06", "now": "2026-12-01T00:00:00Z"})") == "/request/to");
  CHECK(pointer(clinic, clinic, "[]", R"({"from": "2026-12-07", "to": "2026-12-07", "now": "2026-12-01T00:00:00Z", "sites": ["mars"]})") ==
        "/request/sites/0");
  CHECK(pointer(clinic, clinic, "[]", req) == "accepted");
}

TEST_CASE("a draft that lowers a daily limit breaks the bookings past it, however far apart they are in the day") {
  // Three one-hour bookings of p on one day, hours apart: further apart than the window of nearby
  // bookings each check reads, but one day for the limit. The simulator once counted only the
  // bookings near each one, so the draft's limit of 2 a day broke none of them.
  const json j = test::one_site("UTC", "08:00", "20:00", 60, 60);
  const booking::clinic published = booking::clinic_from_json(j);
  json d = j;
  d["policies"]["max_bookings_per_day"] = 2;
  const booking::clinic draft = booking::clinic_from_json(d);
  booking::calendar cal;
  for (const char* start : {"2026-03-02T08:00:00Z", "2026-03-02T13:00:00Z", "2026-03-02T18:00:00Z"}) {
    booking::appointment b;
    b.id = std::string("b") + start[11] + start[12];
    b.site = "s";
    b.professional = "p";
    b.chair = "c1";
    b.treatment = "t";
    b.start = test::at(start);
    cal.bookings.push_back(b);
  }
  const booking::simulation_request req{.from = test::day("2026-03-02"), .to = test::day("2026-03-02"),
                                        .now = test::at("2026-01-01T00:00:00Z")};
  const auto sim = booking::simulate(published, draft, cal, req);
  // Each booking, checked as itself moved, sees the two others: the limit of 2 is reached.
  REQUIRE(sim.broken.size() == 3);
  for (const auto& b : sim.broken) {
    REQUIRE(b.conflicts.size() == 1);
    CHECK(b.conflicts[0].code == "limit_reached");
  }
}
