// Inputs that once turned a busy slot into "bookable", or answered what they should refuse
// (issue 17, items 1–4). Each case failed before its fix.
//
//   parse_calendar("") / engine(clinic, "")     empty_document, never "no bookings"
//   check with a slot id outside 1990–2037       out_of_range, exactly as with "start"
//   simulate with a repeated site or treatment   counted once; the treatment filter applies to broken bookings
//   "timezone": "localtime"                      unknown_zone in every build
#include <doctest/doctest.h>

#include "helpers.h"

using nlohmann::json;

namespace {

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const booking::error& e) {
    return e.code() + " " + e.pointer();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("an empty or blank bookings document is an error, not an empty agenda") {
  const auto clinic_text = test::read_file("examples/clinic/clinic.json");
  const auto clinic = booking::parse_clinic(clinic_text);
  for (const char* blank : {"", " ", "\n\t  \n"}) {
    CAPTURE(std::string(blank));
    CHECK(code_of([&] { booking::parse_calendar(std::string(blank), clinic); }) == "empty_document ");
    CHECK(code_of([&] { booking::engine e(clinic_text, blank); }) == "empty_document ");
    const auto v = json::parse(booking::validate_json(clinic_text, blank));
    CHECK(v["valid"] == false);
    CHECK(v["errors"][0]["code"] == "empty_document");
  }
  // check-busy (dra-soto at 10:15 over b1) stays busy; "[]" or no bookings at all is the empty agenda
  const auto request = test::read_file("examples/clinic/check-busy.json");
  CHECK(code_of([&] { booking::check_json(clinic_text, "", request); }) == "empty_document ");
  CHECK(json::parse(booking::check_json(clinic_text, test::read_file("examples/clinic/bookings.json"), request))["bookable"] == false);
  CHECK(json::parse(booking::check_json(clinic_text, "[]", request))["bookable"] == true);
  CHECK(json::parse(booking::engine(clinic_text).check(request))["bookable"] == true);
  // run_json: a missing or null "bookings" is none; an empty string is an empty document
  json docs{{"clinic", json::parse(clinic_text)}, {"request", json::parse(request)}};
  CHECK(json::parse(booking::run_json("check", docs.dump()))["bookable"] == true);
  docs["bookings"] = "";
  CHECK(code_of([&] { booking::run_json("check", docs.dump()); }) == "empty_document ");
}

TEST_CASE("a slot id goes through exactly the checks of start") {
  // A New York clinic with a ten-year advance window: 2040 is past the zone database's explicit
  // transitions, so its offset would be a guess (open at 13:00Z was refused, 21:30Z bookable).
  json c = test::one_site("America/New_York", "09:00", "17:00", 30, 30);
  c["policies"]["max_advance_days"] = 3660;
  const std::string clinic = c.dump();
  for (const char* slot : {"s:p:t:20400702T2130Z", "s:p:t:20400702T1300Z", "s:p:t:00000101T1300Z", "s:p:t:00010101T1300Z"}) {
    CAPTURE(slot);
    const json via_slot{{"slot", slot}, {"now", "2037-12-01T00:00:00Z"}};
    CHECK(code_of([&] { booking::check_json(clinic, "[]", via_slot.dump()); }) == "out_of_range /slot");
  }
  const json via_start{{"site", "s"}, {"professional", "p"}, {"treatment", "t"}, {"start", "2040-07-02T13:00:00Z"},
                       {"now", "2037-12-01T00:00:00Z"}};
  CHECK(code_of([&] { booking::check_json(clinic, "[]", via_start.dump()); }) == "out_of_range /start");
  // A slot id's parts are ids like any other
  const json bad_id{{"slot", "s:p!:t:20261207T1300Z"}, {"now", "2026-12-01T00:00:00Z"}};
  CHECK(code_of([&] { booking::check_json(clinic, "[]", bad_id.dump()); }) == "invalid_id /slot");
  // and the engine itself never guesses an offset for a C++ caller either
  const auto parsed = booking::parse_clinic(clinic);
  booking::proposal p{.site = "s", .professional = "p", .treatment = "t", .start = test::at("2040-07-02T13:00:00Z")};
  CHECK(code_of([&] { booking::check_booking(parsed, {}, p, test::at("2037-12-01T00:00:00Z")); }) == "out_of_range /start");
}

TEST_CASE("simulate counts a site or treatment named twice once, and filters broken bookings by treatment") {
  const auto published = booking::parse_clinic(test::read_file("examples/clinic/clinic.json"));
  const auto draft = booking::parse_clinic(test::read_file("examples/clinic/draft.json"));
  const auto cal = booking::parse_calendar(test::read_file("examples/clinic/bookings.json"), published);
  booking::simulation_request once{.from = test::day("2026-12-07"), .to = test::day("2026-12-13"),
                                   .now = test::at("2026-12-01T12:00:00Z"), .sites = {"santiago-centro"},
                                   .treatments = {"limpieza"}};
  booking::simulation_request twice = once;
  twice.sites = {"santiago-centro", "santiago-centro"};
  twice.treatments = {"limpieza", "limpieza"};
  const auto a = booking::simulate(published, draft, cal, once);
  const auto b = booking::simulate(published, draft, cal, twice);
  CHECK(a.rows.size() == b.rows.size());
  CHECK(a.before == b.before);
  CHECK(a.removed == b.removed);
  // b3 (endodoncia) and b6 (control) are the draft's broken bookings: neither is a limpieza
  CHECK(a.broken.empty());
  booking::simulation_request all = once;
  all.treatments = {"endodoncia"};
  const auto e = booking::simulate(published, draft, cal, all);
  REQUIRE(e.broken.size() == 1);
  CHECK(e.broken[0].booking.id == "b3");
}

TEST_CASE("only IANA zone names are accepted: not the host's localtime, not posix/ or right/ copies") {
  for (const char* name : {"localtime", "posixrules", "Factory", "posix/America/Santiago", "right/UTC", "/etc/localtime",
                           "../zoneinfo/UTC", ""}) {
    CAPTURE(std::string(name));
    CHECK(booking::find_zone(name) == nullptr);
    CHECK_FALSE(booking::is_iana_zone_name(name));
  }
  for (const char* name : {"America/Santiago", "UTC", "Etc/GMT+3", "America/Argentina/Buenos_Aires"}) {
    CAPTURE(std::string(name));
    CHECK(booking::find_zone(name) != nullptr);
  }
  const json c = test::one_site("localtime");
  CHECK(code_of([&] { booking::parse_clinic(c.dump()); }) == "unknown_zone /sites/0/timezone");
}

namespace {

/// The reported clinic: 100 chairs and 100 professionals open all day on a one-minute grid (18 KB).
nlohmann::json huge_clinic() {
  json c = test::one_site("UTC", "00:00", "24:00", 30, 1, 0, 0, 100);
  json pros = json::array();
  for (int i = 0; i < 100; ++i) {
    json p = c["professionals"][0];
    p["id"] = "p" + std::to_string(i);
    pros.push_back(p);
  }
  c["professionals"] = pros;
  return c;
}

}  // namespace

TEST_CASE("an answer past its cap is refused as too_large before the memory is spent") {
  const auto c = booking::parse_clinic(huge_clinic().dump());
  auto req = test::request("2026-03-02", "2026-03-02");
  CHECK(code_of([&] { booking::find_availability_compact(c, {}, req); }) == "too_large /to");
  req.max_slot_chairs = 1'000'000'000;  // the host may raise one cap; the other still holds
  req.to = test::day("2026-03-03");      // two days: 288,000 slots
  CHECK(code_of([&] { booking::find_availability_compact(c, {}, req); }) == "too_large /to");
  req.max_slots = 1'000'000;
  req.professionals = {"p0"};
  req.chairs = {"c1"};
  CHECK(booking::find_availability_compact(c, {}, req).slots.size() == 2 * 1440);
  // a request the caps do not touch answers as before
  CHECK(code_of([&] { booking::find_availability_compact(c, {}, req); }) == "accepted");
}

TEST_CASE("a simulation past its cap of compared pairs is refused as too_large") {
  const auto c = booking::parse_clinic(huge_clinic().dump());
  booking::simulation_request req{.from = test::day("2026-03-02"), .to = test::day("2026-03-04"), .now = test::at("2026-01-01T00:00:00Z")};
  CHECK(code_of([&] { booking::simulate(c, c, {}, req); }) == "too_large /to");
  req.max_slot_chairs = 100'000'000'000;
  req.sites = {"s"};
  // within a raised cap the small case still runs (one professional's one chair is cheap)
  json small = test::one_site("UTC", "09:00", "10:00", 30, 30);
  const auto sc = booking::parse_clinic(small.dump());
  CHECK(booking::simulate(sc, sc, {}, req).before == 3 * 2);
}

TEST_CASE("error messages say what a wrong value is, and a huge whole number is out_of_range") {
  json c = test::one_site("UTC");
  c["sites"][0]["id"] = nullptr;
  auto v = json::parse(booking::validate_json(c.dump()));
  REQUIRE(v["errors"].size() >= 1);
  const std::string message = v["errors"][0]["message"];
  CHECK(message.find("null null") == std::string::npos);  // "must be a string, not null null"
  CHECK(message.find("not null") != std::string::npos);
  json big = test::one_site("UTC");
  big["policies"]["min_notice_minutes"] = 18446744073709551616.0;  // 2^64: a double to the parser
  v = json::parse(booking::validate_json(big.dump()));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["code"] == "out_of_range");
  CHECK(v["errors"][0]["pointer"] == "/policies/min_notice_minutes");
}

TEST_CASE("validation reports the cause once, not every reference to a broken entity") {
  // A site id "a:b" is invalid; every professional who works there used to add "invalid id" and
  // "unknown site" errors (7 in all on the example).
  json c = json::parse(test::read_file("examples/clinic/clinic.json"));
  const std::string old_id = c["sites"][0]["id"];
  c["sites"][0]["id"] = "a:b";
  for (auto& p : c["professionals"])
    for (auto& e : p["schedule"])
      if (e["site"] == old_id) e["site"] = "a:b";
  auto v = json::parse(booking::validate_json(c.dump()));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["pointer"] == "/sites/0/id");
  // Buffers of 720 + 720 make a treatment too long; who performs it is not "unknown treatment".
  json t = json::parse(test::read_file("examples/clinic/clinic.json"));
  t["treatments"][0]["buffer_before"] = 720;
  t["treatments"][0]["buffer_after"] = 720;
  v = json::parse(booking::validate_json(t.dump()));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["code"] == "too_large");
}

TEST_CASE("a NUL in a quoted value does not cut the message") {
  json c = test::one_site(std::string("America/San\0tiago", 17));
  try {
    booking::parse_clinic(c.dump());
    FAIL("accepted");
  } catch (const booking::error& e) {
    const std::string what = e.what();
    CHECK(what.find("\\u0000tiago") != std::string::npos);
    CHECK(std::string(what.c_str()) == what);  // no NUL inside
  }
}

TEST_CASE("in_force points into both forms of the versions document alike") {
  const std::string bad = R"({"id": "v1", "publish_at": "nope", "clinic": {}})";
  const std::string req = R"({"at": "2026-12-01T00:00:00Z"})";
  CHECK(code_of([&] { booking::in_force_json("[" + bad + "]", req); }) ==
        code_of([&] { booking::in_force_json(R"({"versions": [)" + bad + "]}", req); }));
  CHECK(code_of([&] { booking::in_force_json("[" + bad + "]", req); }).find("/versions/0/") != std::string::npos);
}
