// Golden scenarios (tests/scenarios/*.json): the contract every language replays.
// BOOKING_UPDATE_SCENARIOS=1 rewrites "expected" from the engine instead of comparing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "helpers.h"

namespace {

std::string text_of(const nlohmann::ordered_json& scenario, const char* key) {
  if (!scenario.contains(key)) return {};
  const auto& v = scenario[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

nlohmann::ordered_json replay(const nlohmann::ordered_json& s) {
  const std::string op = s["operation"];
  const std::string clinic = text_of(s, "clinic"), bookings = text_of(s, "bookings"), request = text_of(s, "request");
  try {
    if (op == "availability") return nlohmann::ordered_json::parse(booking::availability_json(clinic, bookings, request));
    if (op == "check") return nlohmann::ordered_json::parse(booking::check_json(clinic, bookings, request));
    if (op == "validate") return nlohmann::ordered_json::parse(booking::validate_json(clinic, bookings));
  } catch (const booking::error& e) {
    nlohmann::ordered_json err;
    err["error"] = booking::to_json(e);
    return err;
  }
  FAIL("unknown operation " << op);
  return {};
}

}  // namespace

TEST_CASE("every golden scenario replays to its expected answer") {
  namespace fs = std::filesystem;
  const bool update = std::getenv("BOOKING_UPDATE_SCENARIOS") != nullptr;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(BOOKING_SOURCE_DIR) / "tests" / "scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    std::ifstream in(f);
    auto s = nlohmann::ordered_json::parse(in);
    auto got = replay(s);
    if (update) {
      s["expected"] = got;
      std::ofstream(f) << s.dump(1, ' ', false) << "\n";
      continue;
    }
    REQUIRE_MESSAGE(s.contains("expected"), "scenario has no expected answer");
    CHECK(got.dump(1) == s["expected"].dump(1));
  }
}
