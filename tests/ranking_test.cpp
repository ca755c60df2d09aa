// Best-slot ranking and reserved chair time (docs/booking-rules.md, "Best-slot ranking").
#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "helpers.h"

using namespace booking;
using test::at;
using test::day;

namespace {

/// One site open 09:00–12:00 in UTC, chairs c1..cN, professional p performing t (`minutes` long)
/// and "short" (30 minutes), on a 15-minute grid.
nlohmann::json morning(int minutes, int chairs = 1) {
  nlohmann::json j = test::one_site("UTC", "09:00", "12:00", minutes, 15, 0, 0, chairs);
  j["professionals"][0]["treatments"] = nlohmann::json::parse(R"(["t", "short"])");
  j["treatments"].push_back(nlohmann::json::parse(R"({"id": "short", "segments": [{"minutes": 30}]})"));
  return j;
}

appointment booked(const char* id, const char* chair, const char* start, const char* treatment = "t") {
  appointment b;
  b.id = id;
  b.site = "s";
  b.professional = "p";
  b.chair = chair;
  b.treatment = treatment;
  b.start = at(start);
  return b;
}

availability_request ranked(const char* d, const char* now = "2026-01-01T00:00:00Z") {
  availability_request r = test::request(d, d, now);
  r.order = slot_order::compact;
  return r;
}

std::vector<std::tuple<minutes_t, int, int>> order_of(const std::vector<slot>& slots) {
  std::vector<std::tuple<minutes_t, int, int>> out;
  for (const auto& s : slots) out.emplace_back(s.start, s.score->idle_minutes, s.score->gaps);
  return out;
}

}  // namespace

TEST_CASE("ranking: the slots that leave no gap shorter than the shortest treatment come first") {
  // Booked 09:00–10:00; free 10:00–12:00. The shortest treatment is 30 minutes, so a 15-minute gap
  // (before a 10:15 or after a 10:45 start) is idle on the chair and on the professional alike.
  const clinic c = clinic_from_json(morning(60));
  const calendar cal{{booked("b", "c1", "2026-03-02T09:00:00Z")}, {}};
  const auto got = find_availability(c, cal, ranked("2026-03-02"));
  using row = std::tuple<minutes_t, int, int>;
  CHECK(order_of(got) == std::vector<row>{
                             {at("2026-03-02T10:00:00Z"), 0, 2},   // after b: one gap (11–12) on chair and professional
                             {at("2026-03-02T11:00:00Z"), 0, 2},   // before closing: one gap (10–11) each
                             {at("2026-03-02T10:30:00Z"), 0, 4},   // 30 minutes either side: usable, but four gaps
                             {at("2026-03-02T10:15:00Z"), 30, 4},  // 15 idle minutes before it, twice
                             {at("2026-03-02T10:45:00Z"), 30, 4},
                         });
  // The same slots as the default order, which has no scores.
  const auto plain = find_availability(c, cal, test::request("2026-03-02", "2026-03-02"));
  REQUIRE(plain.size() == got.size());
  CHECK(std::all_of(plain.begin(), plain.end(), [](const slot& s) { return !s.score; }));
  std::vector<minutes_t> a, b;
  for (const auto& s : plain) a.push_back(s.start);
  for (const auto& s : got) b.push_back(s.start);
  std::sort(b.begin(), b.end());
  CHECK(a == b);
}

TEST_CASE("ranking: the chair that leaves the smaller gap goes first in the slot's chairs") {
  // c2 is booked 09:00–10:00, c1 is empty all morning: at 10:00, c2 leaves one gap and c1 two.
  nlohmann::json j = morning(60, 2);
  const clinic c = clinic_from_json(j);
  const calendar cal{{booked("b", "c2", "2026-03-02T09:00:00Z")}, {}};
  const auto got = find_availability(c, cal, ranked("2026-03-02"));
  REQUIRE(!got.empty());
  CHECK(got[0].start == at("2026-03-02T10:00:00Z"));
  CHECK(got[0].chairs == std::vector<std::string>{"c2", "c1"});
  CHECK(got[0].score == slot_score{0, 2});
  // Unranked, chairs stay in configuration order, and checking with the chair left empty picks c1.
  const auto plain = find_availability(c, cal, test::request("2026-03-02", "2026-03-02"));
  const auto ten = std::find_if(plain.begin(), plain.end(), [&](const slot& s) { return s.start == at("2026-03-02T10:00:00Z"); });
  REQUIRE(ten != plain.end());
  CHECK(ten->chairs == std::vector<std::string>{"c1", "c2"});
  // Both printers write the ranked answer alike (the compact writer shares score fragments).
  const compact_availability compact = find_availability_compact(c, cal, ranked("2026-03-02"));
  CHECK(to_json_text(compact) == to_json_text(to_slots(compact)));
  CHECK(to_json_text(compact).find(R"("chairs":["c2","c1"],"resources":[],"score":{"idle_minutes":0,"gaps":2}})") !=
        std::string::npos);
  CHECK(make_slot_tables(compact).strings.find(R"("scores":[0,2,)") != std::string::npos);
}

TEST_CASE("ranking on the example clinic's month: a permutation of the slots, sorted by score, best chair first") {
  const clinic c = parse_clinic(test::read_file("examples/clinic/clinic.json"));
  const calendar cal = parse_calendar(test::read_file("examples/clinic/month.json"), c);
  for (const auto& t : c.treatments) {
    availability_request r{.site = "santiago-centro", .treatment = t.id, .from = day("2026-12-01"), .to = day("2026-12-31"),
                           .now = at("2026-11-30T12:00:00Z")};
    const auto plain = find_availability(c, cal, r);
    r.order = slot_order::compact;
    const auto got = find_availability(c, cal, r);
    CAPTURE(t.id);
    REQUIRE(plain.size() == got.size());
    CHECK(!got.empty());
    std::vector<std::tuple<minutes_t, std::string, std::vector<std::string>>> a, b;
    for (const auto& s : plain) {
      auto chairs = s.chairs;
      std::sort(chairs.begin(), chairs.end());
      a.emplace_back(s.start, s.professional, chairs);
    }
    for (const auto& s : got) {
      auto chairs = s.chairs;
      std::sort(chairs.begin(), chairs.end());
      b.emplace_back(s.start, s.professional, chairs);
    }
    std::sort(b.begin(), b.end());
    CHECK(a == b);
    for (std::size_t i = 1; i < got.size(); ++i) {
      CHECK(!better(*got[i].score, *got[i - 1].score));
      if (*got[i].score == *got[i - 1].score)
        CHECK(std::tie(got[i - 1].start, got[i - 1].professional) < std::tie(got[i].start, got[i].professional));
    }
    // Every slot checks clean on its first (best) chair.
    for (std::size_t i = 0; i < got.size(); i += 37) {
      const proposal pr{.site = r.site, .professional = got[i].professional, .chair = got[i].chair(), .treatment = t.id,
                        .start = got[i].start};
      CHECK(check_booking(c, cal, pr, r.now).bookable());
    }
  }
}

TEST_CASE("reserved chair time: held for its treatments until release_hours before it starts") {
  // c1's mornings (09:00–11:00) are held for "short" until 24 hours before; c2 is not reserved.
  nlohmann::json j = morning(60, 2);
  j["sites"][0]["reservations"] = nlohmann::json::parse(
      R"([{"chairs": ["c1"], "days": ["mon", "tue"], "hours": [["09:00", "11:00"]], "treatments": ["short"],
           "release_hours": 24, "reason": "cirugía"}])");
  const clinic c = clinic_from_json(j);
  const char* early = "2026-02-27T12:00:00Z";  // Friday: Monday's hold is not yet released
  auto chairs_at = [&](const char* treatment, const char* start, const char* now) {
    availability_request r = test::request("2026-03-02", "2026-03-02", now);
    r.treatment = treatment;
    for (const auto& s : find_availability(c, {}, r))
      if (s.start == at(start)) return s.chairs;
    return std::vector<std::string>{};
  };
  CHECK(chairs_at("t", "2026-03-02T09:00:00Z", early) == std::vector<std::string>{"c2"});
  CHECK(chairs_at("t", "2026-03-02T10:30:00Z", early) == std::vector<std::string>{"c2"});  // its window reaches into the hold
  CHECK(chairs_at("t", "2026-03-02T11:00:00Z", early) == std::vector<std::string>{"c1", "c2"});
  CHECK(chairs_at("short", "2026-03-02T09:00:00Z", early) == std::vector<std::string>{"c1", "c2"});
  // Released 24 hours before 09:00 (Sunday 09:00): then anyone may book it.
  CHECK(chairs_at("t", "2026-03-02T09:00:00Z", "2026-03-01T08:59:00Z") == std::vector<std::string>{"c2"});
  CHECK(chairs_at("t", "2026-03-02T09:00:00Z", "2026-03-01T09:00:00Z") == std::vector<std::string>{"c1", "c2"});
  // Wednesday is not held.
  {
    availability_request r = test::request("2026-03-04", "2026-03-04", early);
    CHECK(find_availability(c, {}, r).front().chairs == std::vector<std::string>{"c1", "c2"});
  }

  proposal pr{.site = "s", .professional = "p", .chair = "c1", .treatment = "t", .start = at("2026-03-02T10:00:00Z")};
  const auto r = check_booking(c, {}, pr, at(early));
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].code == "chair_reserved");
  CHECK(r.conflicts[0].chair == "c1");
  CHECK(r.conflicts[0].message ==
        "chair c1 is held for short from 2026-03-02T09:00:00Z to 2026-03-02T11:00:00Z until 2026-03-01T09:00:00Z (cirugía)");
  pr.chair.clear();  // no chair asked for: the free one that is not held
  CHECK(check_booking(c, {}, pr, at(early)).chair == "c2");
  pr.treatment = "short";
  pr.chair = "c1";
  CHECK(check_booking(c, {}, pr, at(early)).bookable());

  // Availability and check agree on every grid start, for both treatments, before and after release.
  for (const char* now : {early, "2026-03-01T10:00:00Z"})
    for (const char* treatment : {"t", "short"}) {
      availability_request q = test::request("2026-03-02", "2026-03-02", now);
      q.treatment = treatment;
      const auto slots = find_availability(c, {}, q);
      for (const char* chair : {"c1", "c2"})
        for (minutes_t g = at("2026-03-02T08:00:00Z"); g < at("2026-03-02T12:30:00Z"); g += 15) {
          const proposal p{.site = "s", .professional = "p", .chair = chair, .treatment = treatment, .start = g};
          const bool offered = std::any_of(slots.begin(), slots.end(), [&](const slot& s) {
            return s.start == g && std::find(s.chairs.begin(), s.chairs.end(), chair) != s.chairs.end();
          });
          CAPTURE(now);
          CAPTURE(treatment);
          CAPTURE(chair);
          CAPTURE(format_stamp(g));
          CHECK(check_booking(c, {}, p, at(now)).bookable() == offered);
        }
    }
}

TEST_CASE("reserved chair time across a DST change: a span held by its local hours, released from its local start") {
  // New York falls back on 2026-11-01 at 02:00 EDT → 01:00 EST: 00:00–03:00 local is four hours.
  nlohmann::json j = test::one_site("America/New_York", "00:00", "24:00", 60, 60);
  j["sites"][0]["reservations"] =
      nlohmann::json::parse(R"([{"days": ["sun"], "hours": [["00:00", "03:00"]], "treatments": ["x"], "release_hours": 1}])");
  j["treatments"].push_back(nlohmann::json::parse(R"({"id": "x", "segments": [{"minutes": 60}]})"));
  const clinic c = clinic_from_json(j);
  auto starts = [&](const char* now) {
    std::vector<minutes_t> got;
    for (const auto& s : find_availability(c, {}, test::request("2026-11-01", "2026-11-01", now))) got.push_back(s.start);
    return got;
  };
  const auto held = starts("2026-10-01T00:00:00Z");
  REQUIRE(!held.empty());
  CHECK(held.front() == at("2026-11-01T03:00:00-05:00"));  // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST held
  CHECK(held.size() == 21);                                 // 03:00 to 23:00 EST
  // Released an hour before 00:00 EDT (03:00Z): every hour of the 25-hour day, from `now` on.
  const auto released = starts("2026-11-01T03:00:00Z");
  CHECK(released.size() == 25);
  const proposal pr{.site = "s", .professional = "p", .chair = "c1", .treatment = "t", .start = at("2026-11-01T01:00:00-05:00")};
  CHECK(check_booking(c, {}, pr, at("2026-11-01T02:59:00Z")).conflicts.at(0).code == "chair_reserved");
  CHECK(check_booking(c, {}, pr, at("2026-11-01T03:00:00Z")).bookable());
}

TEST_CASE("reservations and order: errors name the field and the value") {
  auto error_of = [](const nlohmann::json& reservation) {
    nlohmann::json j = morning(60, 2);
    j["sites"][0]["reservations"] = nlohmann::json::array({reservation});
    try {
      clinic_from_json(j);
    } catch (const error& e) {
      return std::string(e.code()) + " " + e.pointer() + ": " + e.what();
    }
    return std::string("no error");
  };
  CHECK(error_of(nlohmann::json::parse(R"({"chairs": ["c9"], "days": ["mon"], "hours": [["09:00", "10:00"]], "treatments": ["t"]})")) ==
        "unknown_id /sites/0/reservations/0/chairs/0: site s has no chair \"c9\"");
  CHECK(error_of(nlohmann::json::parse(R"({"days": ["mon"], "hours": [["09:00", "10:00"]], "treatments": ["t", "nope"]})")) ==
        "unknown_id /sites/0/reservations/0/treatments/1: unknown treatment \"nope\"");
  CHECK(error_of(nlohmann::json::parse(R"({"days": ["mon"], "hours": [], "treatments": ["t"]})")) ==
        "invalid_value /sites/0/reservations/0/hours: /sites/0/reservations/0/hours is empty; a reservation holds some hours");
  CHECK(error_of(nlohmann::json::parse(R"({"days": ["mon", "mon"], "hours": [["09:00", "10:00"]], "treatments": ["t"]})")) ==
        "duplicate_day /sites/0/reservations/0/days/1: /sites/0/reservations/0/days/1 repeats mon");
  CHECK(error_of(nlohmann::json::parse(R"({"days": ["mon"], "hours": [["09:00", "10:00"]], "treatments": []})")) ==
        "invalid_value /sites/0/reservations/0/treatments: /sites/0/reservations/0/treatments is empty; name the treatments the time is held for");
  CHECK(error_of(nlohmann::json::parse(R"({"days": ["mon"], "hours": [["09:00", "10:00"]], "treatments": ["t"], "release_hours": -1})"))
            .starts_with("out_of_range /sites/0/reservations/0/release_hours"));
  CHECK(error_of(nlohmann::json::parse(R"({"days": ["mon"], "hours": [["09:00", "10:00"]], "treatments": ["t"], "for": ["t"]})"))
            .starts_with("unknown_field /sites/0/reservations/0/for"));
  try {
    parse_availability_request(R"({"site": "s", "treatment": "t", "from": "2026-03-02", "to": "2026-03-02",
                                    "now": "2026-01-01T00:00:00Z", "order": "best"})");
    FAIL("no error");
  } catch (const error& e) {
    CHECK(std::string(e.code()) == "invalid_value");
    CHECK(e.pointer() == "/order");
    CHECK(std::string(e.what()) == "/order is \"best\"; expected \"start\" (the default) or \"compact\"");
  }
}
