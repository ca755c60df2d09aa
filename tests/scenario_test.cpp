// Golden scenarios (tests/scenarios/*.json): the contract every language replays.
// BOOKING_UPDATE_SCENARIOS=1 rewrites "expected" from the engine instead of comparing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "helpers.h"

namespace {

/// Replays through the same entry point every binding uses: run_json(operation, the scenario).
nlohmann::ordered_json replay(const nlohmann::ordered_json& s) {
  auto docs = s;
  docs.erase("expected");
  try {
    return nlohmann::ordered_json::parse(booking::run_json(s["operation"].get<std::string>(), docs.dump()));
  } catch (const booking::error& e) {
    nlohmann::ordered_json err;
    err["error"] = booking::to_json(e);
    return err;
  }
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

TEST_CASE("slot-table scenarios expand to the availability answer of the same documents") {
  namespace fs = std::filesystem;
  int tables = 0;
  for (const auto& e : fs::directory_iterator(fs::path(BOOKING_SOURCE_DIR) / "tests" / "scenarios")) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    auto s = nlohmann::ordered_json::parse(in);
    if (s["operation"] != "availability_tables") continue;
    CAPTURE(e.path().filename().string());
    s["operation"] = "availability";
    const auto slots = replay(s);
    REQUIRE(slots.contains("slots"));
    CHECK(test::expand_slot_tables(s["expected"].dump()) == slots);
    CHECK_FALSE(slots["slots"].empty());
    ++tables;
  }
  CHECK(tables >= 2);
}
