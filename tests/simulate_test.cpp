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
