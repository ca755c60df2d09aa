// Small builders shared by the test suites.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "booking/booking.h"
#include "slot_tables.h"

namespace test {

inline std::string read_file(const std::string& relative) {
  std::ifstream in(std::string(BOOKING_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline booking::minutes_t at(const char* rfc3339) { return booking::parse_instant(rfc3339)->minute; }
inline booking::day_number day(const char* d) { return *booking::parse_date(d); }

/// A one-site clinic in `zone`, open every day over `from`–`to`, with one professional working the
/// same hours, `chairs` chairs, and a treatment "t" of `minutes` with the given buffers.
inline nlohmann::json one_site(const std::string& zone, const std::string& from = "00:00",
                               const std::string& to = "24:00", int minutes = 60, int step = 60,
                               int buffer_before = 0, int buffer_after = 0, int chairs = 1) {
  // Careful: nlohmann reads {{a, b}} as the object {a: b}; spans are built as explicit arrays.
  const nlohmann::json span = nlohmann::json::array({nlohmann::json::array({from, to})});
  nlohmann::json hours = nlohmann::json::object();
  for (auto d : booking::weekday_names) hours[std::string(d)] = span;
  nlohmann::json cs = nlohmann::json::array();
  for (int i = 1; i <= chairs; ++i) cs.push_back({{"id", "c" + std::to_string(i)}});
  return {
      {"tenant", {{"id", "t"}}},
      {"policies", {{"min_notice_minutes", 0}, {"max_advance_days", 3650}, {"slot_step_minutes", step}}},
      {"sites", {{{"id", "s"}, {"timezone", zone}, {"hours", hours}, {"chairs", cs}}}},
      {"professionals",
       {{{"id", "p"}, {"treatments", {"t"}},
         {"schedule", {{{"site", "s"}, {"days", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}, {"hours", span}}}}}}},
      {"treatments",
       {{{"id", "t"}, {"buffer_before", buffer_before}, {"buffer_after", buffer_after},
         {"segments", {{{"minutes", minutes}, {"professional", true}}}}}}},
  };
}

inline booking::availability_request request(const char* from, const char* to, const char* now = "2026-01-01T00:00:00Z") {
  booking::availability_request r;
  r.site = "s";
  r.treatment = "t";
  r.from = day(from);
  r.to = day(to);
  r.now = at(now);
  return r;
}

}  // namespace test
