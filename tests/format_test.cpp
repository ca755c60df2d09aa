// format.h: every kind of bad input is a booking::error with a code and a JSON Pointer.
#include <doctest/doctest.h>

#include "helpers.h"

using nlohmann::json;

namespace {

/// The error (code, pointer) parsing `clinic` raises, or ("", "") when it parses.
std::pair<std::string, std::string> clinic_error(const std::string& text) {
  try {
    booking::parse_clinic(text);
  } catch (const booking::error& e) {
    return {e.code(), e.pointer()};
  }
  return {};
}

std::pair<std::string, std::string> bookings_error(const json& bookings) {
  auto c = booking::parse_clinic(test::read_file("examples/clinic/clinic.json"));
  try {
    booking::parse_calendar(bookings.dump(), c);
  } catch (const booking::error& e) {
    return {e.code(), e.pointer()};
  }
  return {};
}

json example() { return json::parse(test::read_file("examples/clinic/clinic.json")); }

}  // namespace

TEST_CASE("the example clinic parses into the model") {
  auto c = booking::parse_clinic(test::read_file("examples/clinic/clinic.json"));
  CHECK(c.tenant.id == "sonrisa");
  REQUIRE(c.sites.size() == 2);
  CHECK(c.sites[0].timezone == "America/Santiago");
  CHECK(c.sites[0].hours[0].size() == 2);          // Monday: morning and afternoon
  CHECK(c.sites[0].hours[6].empty());               // Sunday closed
  CHECK(c.sites[0].closed_on(test::day("2026-12-25")));
  CHECK(c.find_treatment("extraccion")->duration() == 50);
  CHECK(c.find_treatment("extraccion")->segments[0].professional == false);
  CHECK(c.policies.slot_step_minutes == 15);
  auto cal = booking::parse_calendar(test::read_file("examples/clinic/bookings.json"), c);
  CHECK(cal.bookings.size() == 9);
  CHECK(cal.blocks.size() == 2);
  CHECK(cal.bookings[4].status == booking::booking_status::cancelled);
}

TEST_CASE("malformed, deep, duplicate-keyed and oversized JSON is rejected with a code") {
  CHECK(clinic_error("{").first == "malformed_json");
  CHECK(clinic_error("").first == "malformed_json");
  CHECK(clinic_error(std::string(10000, '[')).first == "too_large");
  CHECK(clinic_error(R"({"tenant": {"id": "a", "id": "b"}})").first == "duplicate_key");
  CHECK(clinic_error("[]").first == "wrong_type");
  // Found by fuzzing: both escaped as nlohmann exceptions and crashed the process.
  CHECK(clinic_error("{\"tenant\": {\"id\": \"t\xff\"}}").first == "malformed_json");
  CHECK(clinic_error("{\"tenant\": 5e133680}").first == "malformed_json");
  CHECK(clinic_error("{\"tenant\": {\"id\": \"Cl\xc3\xadnica\"}}").first == "invalid_id");  // valid UTF-8 gets further
  // Found by fuzzing: a quoted value cut for the message in the middle of a UTF-8 character made
  // validate_json's answer unprintable.
  std::string id = std::string(55, 'a') + "\xc3\xad" + std::string(10, 'b');
  auto v = json::parse(booking::validate_json("{\"tenant\": {\"id\": \"" + id + "\"}}"));
  CHECK(v["errors"][0]["code"] == "invalid_id");
  // Found by hypothesis through Python: nlohmann's parse error quotes the last bytes it read, which
  // can be half of a character; every message is now valid UTF-8.
  try {
    booking::parse_clinic("\xc2\x80");
    FAIL("parsed");
  } catch (const booking::error& e) {
    CHECK(booking::detail::valid_utf8(e.what()) == e.what());
  }
}

TEST_CASE("each field error names its pointer") {
  auto bad = [](auto mutate) {
    json c = example();
    mutate(c);
    return clinic_error(c.dump());
  };
  using P = std::pair<std::string, std::string>;
  CHECK(bad([](json& c) { c["sites"][0]["timezone"] = "Mars/Olympus"; }) == P{"unknown_zone", "/sites/0/timezone"});
  CHECK(bad([](json& c) { c["sites"][0]["hours"]["mon"][0][1] = "25:00"; }) == P{"invalid_value", "/sites/0/hours/mon/0/1"});
  CHECK(bad([](json& c) { c["sites"][0]["hours"]["lun"] = json::array(); }) == P{"invalid_value", "/sites/0/hours/lun"});
  CHECK(bad([](json& c) { c["sites"][0]["hours"]["mon"][1][0] = "12:00"; }) == P{"overlapping_hours", "/sites/0/hours/mon/1"});
  CHECK(bad([](json& c) { c["treatments"][0]["segments"][0]["minutes"] = -5; }) == P{"out_of_range", "/treatments/0/segments/0/minutes"});
  CHECK(bad([](json& c) { c["treatments"][0]["segments"][0]["minutes"] = 45.5; }) == P{"invalid_value", "/treatments/0/segments/0/minutes"});
  CHECK(bad([](json& c) { c["treatments"][0]["segments"][0]["minutes"] = 1e300; }) == P{"out_of_range", "/treatments/0/segments/0/minutes"});
  CHECK(bad([](json& c) { c["treatments"][0]["segments"][0]["minutes"] = "45"; }) == P{"wrong_type", "/treatments/0/segments/0/minutes"});
  CHECK(bad([](json& c) { c["treatments"][0]["buffer_afer"] = 5; }) == P{"unknown_field", "/treatments/0/buffer_afer"});
  CHECK(bad([](json& c) { c["treatments"][0]["segments"][0]["professional"] = false; }) == P{"invalid_value", "/treatments/0/segments"});
  CHECK(bad([](json& c) { c["treatments"][1]["segments"][0]["resources"][0] = "laser"; }) == P{"unknown_id", "/treatments/1/segments/0/resources/0"});
  CHECK(bad([](json& c) { c["professionals"][1]["id"] = "dra-soto"; }) == P{"duplicate_id", "/professionals/1/id"});
  CHECK(bad([](json& c) { c["professionals"][0]["schedule"][0]["site"] = "nowhere"; }) == P{"unknown_id", "/professionals/0/schedule/0/site"});
  CHECK(bad([](json& c) { c["professionals"][0]["absences"][0]["to"] = "2026-12-01"; }) == P{"invalid_range", "/professionals/0/absences/0/to"});
  CHECK(bad([](json& c) { c["professionals"][0]["id"] = "dra soto"; }) == P{"invalid_id", "/professionals/0/id"});
  CHECK(bad([](json& c) { c["sites"][0]["closures"][0] = "2026-02-30"; }) == P{"invalid_value", "/sites/0/closures/0"});
  CHECK(bad([](json& c) { c["sites"][0]["closures"][0] = "2045-01-01"; }) == P{"out_of_range", "/sites/0/closures/0"});
  CHECK(bad([](json& c) { c["sites"][0]["country"] = "Chile"; }) == P{"invalid_value", "/sites/0/country"});
  CHECK(bad([](json& c) { c["policies"]["min_notice_minutes"] = 90 * 1440; }) == P{"invalid_range", "/policies/min_notice_minutes"});
  CHECK(bad([](json& c) { c.erase("tenant"); }) == P{"missing_field", "/tenant"});
  CHECK(bad([](json& c) { c["sites"][0]["resources"][0]["capacity"] = 0; }) == P{"out_of_range", "/sites/0/resources/0/capacity"});
}

TEST_CASE("bookings and blocks are checked against the clinic") {
  using P = std::pair<std::string, std::string>;
  json b = {{"id", "x"}, {"site", "santiago-centro"}, {"professional", "dra-soto"}, {"chair", "c1"},
            {"treatment", "limpieza"}, {"start", "2026-12-07T10:00:00-03:00"}};
  CHECK(bookings_error(json::array({b})) == P{});
  CHECK(bookings_error(json::array({b, b})) == P{"duplicate_id", "/1/id"});
  auto with = [&](const char* k, json v) { json c = b; c[k] = v; return json::array({c}); };
  CHECK(bookings_error(with("start", "2026-12-07T10:00:00")) == P{"invalid_value", "/0/start"});
  CHECK(bookings_error(with("start", "2026-12-07T10:00:30-03:00")) == P{"invalid_value", "/0/start"});
  CHECK(bookings_error(with("status", "done")) == P{"invalid_value", "/0/status"});
  CHECK(bookings_error(with("chair", "m1")) == P{"unknown_id", "/0/chair"});
  CHECK(bookings_error(with("professional", "dr-who")) == P{"unknown_id", "/0/professional"});
  json block = {{"id", "k"}, {"chair", "c1"}, {"from", "2026-12-07T10:00:00-03:00"}, {"to", "2026-12-07T11:00:00-03:00"}};
  CHECK(bookings_error({{"blocks", {block}}}) == P{"missing_field", "/blocks/0/site"});
  block["site"] = "santiago-centro";
  CHECK(bookings_error({{"blocks", {block}}}) == P{});
  block["to"] = "2026-12-07T09:00:00-03:00";
  CHECK(bookings_error({{"blocks", {block}}}) == P{"invalid_range", "/blocks/0/to"});
  CHECK(bookings_error({{"bookings", {b}}, {"blok", json::array()}}) == P{"unknown_field", "/blok"});
}

TEST_CASE("requests: dates, now and filters") {
  auto req = booking::parse_availability_request(
      R"({"site": "s", "treatment": "t", "from": "2026-12-01", "to": "2026-12-07", "now": "2026-11-30T12:00:30Z"})");
  CHECK(req.to - req.from == 6);
  CHECK(req.now == test::at("2026-11-30T12:01:00Z"));  // "now" with seconds rounds up
  CHECK_THROWS_AS(booking::parse_availability_request(R"({"site": "s", "treatment": "t", "from": "2026-12-01", "to": "2026-12-07"})"),
                  booking::error);
  auto chk = booking::parse_check_request(R"({"slot": "s:p:t:20261207T1215Z", "now": "2026-11-30T12:00:00Z"})");
  CHECK(chk.proposal.site == "s");
  CHECK(chk.proposal.professional == "p");
  CHECK(chk.proposal.start == test::at("2026-12-07T12:15:00Z"));
  try {
    booking::parse_check_request(R"({"slot": "nonsense", "now": "2026-11-30T12:00:00Z"})");
    FAIL("accepted a bad slot id");
  } catch (const booking::error& e) {
    CHECK(e.pointer() == "/slot");
  }
}

TEST_CASE("validate_json reports errors with the document they are in, and warnings") {
  auto r = json::parse(booking::validate_json(R"({"tenant": {"id": "t"}, "sites": []})"));
  CHECK(r["valid"] == false);
  CHECK(r["errors"][0]["pointer"] == "/sites");
  json c = example();
  c["professionals"][0]["schedule"][0]["hours"] = json::array({json::array({"08:00", "13:00"})});  // site opens at 09:00
  r = json::parse(booking::validate_json(c.dump()));
  CHECK(r["valid"] == true);
  REQUIRE(r["warnings"].size() == 3);  // mon, wed, fri
  CHECK(r["warnings"][0]["code"] == "outside_site_hours");
  CHECK(r["warnings"][0]["pointer"] == "/professionals/0/schedule/0");
  r = json::parse(booking::validate_json(example().dump(), "[{}]"));
  CHECK(r["errors"][0]["document"] == "bookings");
}

TEST_CASE("validate reports every independent error at once, each with its pointer") {
  json c = example();
  c["sites"][0]["timezone"] = "Mars/Olympus";
  c["sites"][1]["chairs"][0]["id"] = "bad id";
  c["treatments"][0]["segments"][0]["minutes"] = 0;
  c["professionals"][0]["treatments"].push_back("blanqueamiento");
  c["policies"]["slot_step_minutes"] = "15";
  const booking::validation v = booking::validate(c.dump());
  std::vector<std::string> pointers;
  for (const auto& e : v.errors) pointers.push_back(e.pointer);
  std::sort(pointers.begin(), pointers.end());
  const std::vector<std::string> want{"/policies/slot_step_minutes", "/professionals/0/treatments/3", "/sites/0/timezone",
                                      "/sites/1/chairs/0/id", "/treatments/0/segments/0/minutes"};
  CHECK(pointers == want);
  CHECK_FALSE(v.truncated);
  CHECK(v.warnings.empty());  // warnings only for a valid clinic

  json many = example();
  for (int i = 0; i < 300; ++i) many["sites"][0]["closures"].push_back("2026-13-" + std::to_string(i));
  const booking::validation t = booking::validate(many.dump());
  CHECK(t.errors.size() == booking::limits::max_errors);
  CHECK(t.truncated);
  CHECK(json::parse(booking::validate_json(many.dump()))["truncated"] == true);
  // Parsing (not validating) still stops at the first error.
  CHECK_THROWS_AS(booking::parse_clinic(c.dump()), booking::error);
}

TEST_CASE("every field of one hours object, one booking and one badly named site reports its own error") {
  // Issue 16: validation stopped at the first error inside one entity.
  auto pointers = [](const booking::validation& v) {
    std::vector<std::string> out;
    for (const auto& e : v.errors) out.push_back(e.pointer);
    std::sort(out.begin(), out.end());
    return out;
  };
  json c = example();
  c["sites"][1]["hours"]["mon"] = json::parse(R"([["08:00"]])");
  c["sites"][1]["hours"]["tue"] = json::parse(R"([["08:00", "12:00"], ["11:00", "14:00"]])");
  c["sites"][1]["hours"]["wed"] = json::parse(R"([["08:00", "25:00"], ["07:00", "06:00"]])");
  CHECK(pointers(booking::validate(c.dump())) ==
        std::vector<std::string>{"/sites/1/hours/mon/0", "/sites/1/hours/tue/1", "/sites/1/hours/wed/0/1", "/sites/1/hours/wed/1"});

  // A site whose id is bad: its other errors are reported too, and nobody who works there is
  // reported again (the cascade stays suppressed).
  c = example();
  c["sites"][1]["id"] = "lima miraflores";
  c["professionals"][2]["schedule"][0]["site"] = "lima miraflores";
  c["sites"][1]["timezone"] = "Mars/Olympus";
  c["sites"][1]["chairs"][0]["tags"] = "surgery";
  CHECK(pointers(booking::validate(c.dump())) ==
        std::vector<std::string>{"/sites/1/chairs/0/tags", "/sites/1/id", "/sites/1/timezone"});
  c = example();
  c["treatments"].push_back(json::parse(R"({"id": 7, "buffer_after": -1, "segments": [{"minutes": 20}]})"));
  CHECK(pointers(booking::validate(c.dump())) == std::vector<std::string>{"/treatments/4/buffer_after", "/treatments/4/id"});

  // A professional's schedule entry: the site, a day and the hours each.
  c = example();
  c["professionals"][0]["schedule"][0] = json::parse(R"({"site": "nowhere", "days": ["mon", "lun", "mon"], "hours": [["9:00", "13:00"]]})");
  c["professionals"][0]["absences"][0] = json::parse(R"({"from": "2026-13-01", "to": "yesterday"})");
  CHECK(pointers(booking::validate(c.dump())) ==
        std::vector<std::string>{"/professionals/0/absences/0/from", "/professionals/0/absences/0/to",
                                 "/professionals/0/schedule/0/days/1", "/professionals/0/schedule/0/days/2",
                                 "/professionals/0/schedule/0/hours/0/0", "/professionals/0/schedule/0/site"});

  // A booking with four faults, and a block with three; the chair of an unknown site is not
  // reported (it follows from the site).
  const json bookings = json::parse(R"({"bookings": [
      {"id": "b1", "site": "santiago-centro", "professional": "dr-nadie", "chair": "c9", "treatment": "blanqueamiento",
       "start": "2026-12-07T10:00:30-03:00"},
      {"id": "b2", "site": "marte", "professional": "dra-soto", "chair": "c9", "treatment": "limpieza",
       "start": "2026-12-07T10:00:00-03:00", "status": "maybe"}],
    "blocks": [{"id": "k1", "site": "santiago-centro", "chair": "c9", "from": "today", "to": "2026-12-07T10:00:00-03:00", "color": "red"}]})");
  CHECK(pointers(booking::validate(example().dump(), bookings.dump())) ==
        std::vector<std::string>{"/blocks/0/chair", "/blocks/0/color", "/blocks/0/from", "/bookings/0/chair",
                                 "/bookings/0/professional", "/bookings/0/start", "/bookings/0/treatment",
                                 "/bookings/1/site", "/bookings/1/status"});
  // Parsing still stops at the first error, the same one as before.
  try {
    booking::parse_calendar(bookings.dump(), booking::parse_clinic(example().dump()));
    FAIL("parsed");
  } catch (const booking::error& e) {
    CHECK(e.pointer() == "/bookings/0/professional");
  }
}

TEST_CASE("a duplicate id after an entry that failed is pointed at by its own place in the list") {
  json c = example();
  c["sites"][0]["chairs"] = json::parse(R"([{"id": "c1"}, {"id": "bad id"}, {"id": "c1"}])");
  const booking::validation v = booking::validate(c.dump());
  REQUIRE(v.errors.size() == 2);
  CHECK(v.errors[0].code == "invalid_id");
  CHECK(v.errors[0].pointer == "/sites/0/chairs/1/id");
  CHECK(v.errors[1].code == "duplicate_id");
  CHECK(v.errors[1].pointer == "/sites/0/chairs/2/id");  // was /1/id: the index among the chairs that parsed
}

TEST_CASE("policies are layered: system < tenant < site < professional, null restores the system default") {
  json c = example();
  c["policies"] = {{"min_notice_minutes", 120}, {"max_advance_days", 60}, {"slot_step_minutes", 15}};
  c["sites"][0]["policies"] = {{"min_notice_minutes", 30}, {"slot_step_minutes", 10}};
  c["sites"][1]["policies"] = {{"max_advance_days", nullptr}};
  c["professionals"][0]["policies"] = {{"min_notice_minutes", 1440}};
  const booking::clinic k = booking::parse_clinic(c.dump());
  const booking::site& scl = k.sites[0];
  const booking::site& lima = k.sites[1];
  CHECK(k.policies_for(scl).min_notice_minutes == 30);
  CHECK(k.policies_for(scl).slot_step_minutes == 10);
  CHECK(k.policies_for(scl).max_advance_days == 60);  // from the tenant
  CHECK(k.policies_for(scl, &k.professionals[0]).min_notice_minutes == 1440);
  CHECK(k.policies_for(scl, &k.professionals[0]).slot_step_minutes == 10);
  CHECK(k.policies_for(lima).max_advance_days == booking::policies{}.max_advance_days);  // null: system default
  CHECK(k.policies_for(lima).min_notice_minutes == 120);

  auto bad = [&](auto edit) {
    json x = example();
    edit(x);
    try {
      booking::parse_clinic(x.dump());
    } catch (const booking::error& e) {
      return std::pair<std::string, std::string>{e.code(), e.pointer()};
    }
    return std::pair<std::string, std::string>{};
  };
  using P = std::pair<std::string, std::string>;
  CHECK(bad([](json& x) { x["professionals"][0]["policies"] = {{"slot_step_minutes", 5}}; }) ==
        P{"not_overridable", "/professionals/0/policies/slot_step_minutes"});
  CHECK(bad([](json& x) { x["sites"][0]["policies"] = {{"claim_granularity_minutes", 15}}; }) ==
        P{"not_overridable", "/sites/0/policies/claim_granularity_minutes"});
  // The window is checked on the effective values: a site's notice against the tenant's advance.
  CHECK(bad([](json& x) {
          x["policies"]["max_advance_days"] = 2;
          x["sites"][0]["policies"] = {{"min_notice_minutes", 3 * 1440}};
        }) == P{"invalid_range", "/sites/0/policies/min_notice_minutes"});
}

TEST_CASE("the direct availability printer writes the bytes nlohmann::json would, escapes included") {
  booking::slot a;
  a.id = "s:p:t:20261207T1215Z";
  a.start = 29450000;
  a.end = a.start + 45;
  a.start_offset = -180;
  a.end_offset = 330;  // +05:30
  a.professional = "quote\" back\\ nl\n tab\t cr\r bs\b ff\f ctl\x01 del\x7f é ñ";
  a.chairs = {"c1", "c\"2"};
  booking::slot b = a;
  b.start_offset = b.end_offset = 0;
  b.resources = {"xray", "x\x1f"};
  for (const auto& slots : {std::vector<booking::slot>{}, std::vector<booking::slot>{a}, std::vector<booking::slot>{a, b}})
    CHECK(booking::to_json_text(slots) == booking::dump(booking::to_json(slots)));
}
