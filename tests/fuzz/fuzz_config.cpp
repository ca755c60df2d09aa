// Fuzzes the configuration operations with the input as a draft (or versions) document: simulate
// against the example clinic, resolve, diff and in_force. Only booking::error may escape, and every
// simulation's rows must add up (before − removed = after − added, totals = sums of rows).
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string published = fuzz::read("examples/clinic/clinic.json");
  static const std::string bookings = fuzz::read("examples/clinic/bookings.json");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_booking_errors([&] {
    const std::string answer = booking::simulate_json(
        published, text, bookings, R"({"from": "2026-12-07", "to": "2026-12-09", "now": "2026-12-01T12:00:00Z"})");
    const auto a = nlohmann::json::parse(answer);
    long long sums[4] = {0, 0, 0, 0};
    for (const auto& r : a["rows"]) {
      const long long b = r["before"], af = r["after"], ad = r["added"], rm = r["removed"];
      if (b - rm != af - ad) {
        std::fprintf(stderr, "a row does not add up: %s\n", r.dump().c_str());
        std::abort();
      }
      sums[0] += b, sums[1] += af, sums[2] += ad, sums[3] += rm;
    }
    const auto& t = a["totals"];
    if (t["before"] != sums[0] || t["after"] != sums[1] || t["added"] != sums[2] || t["removed"] != sums[3]) {
      std::fprintf(stderr, "totals are not the sums of the rows: %s\n", t.dump().c_str());
      std::abort();
    }
  });
  fuzz::expect_only_booking_errors([&] { booking::resolve_json(text, R"({"site": "santiago-centro", "professional": "dra-soto"})"); });
  fuzz::expect_only_booking_errors([&] { booking::diff_json(published, text); });
  fuzz::expect_only_booking_errors([&] { booking::in_force_json(text, R"({"at": "2026-12-10T00:00:00Z"})"); });
  return 0;
}
