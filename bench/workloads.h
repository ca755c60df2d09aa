// Deterministic (seeded) clinics, bookings and requests for the benchmarks and the binding ratios.
#pragma once

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "booking/booking.h"

namespace bench {

struct workload {
  std::string name;
  std::string clinic;    ///< JSON text
  std::string bookings;  ///< JSON text
  std::string request;   ///< JSON text (availability)
  int placed = 0;        ///< bookings actually generated (fewer than asked when the site is full)
};

struct shape {
  int days = 30;
  int chairs = 10;
  int professionals = 8;
  int bookings = 500;          ///< total, or per professional when `per_professional`
  bool per_professional = false;
  std::uint32_t seed = 42;
};

namespace detail {

inline std::string clock(int m) { return booking::format_clock(m); }

/// Working hours of professional i: the first works the clinic's hours; the others are shifted.
inline std::vector<std::pair<int, int>> weekday_hours(int i) {
  if (i == 0) return {{9 * 60, 13 * 60}, {14 * 60, 19 * 60}};
  int shift = (i % 4) * 30 - 30;  // -30, 0, +30, +60 minutes
  return {{9 * 60 + shift, 13 * 60 + shift}, {14 * 60 + shift, std::min(19 * 60, 18 * 60 + shift)}};
}

}  // namespace detail

/// A site in America/Santiago open Mon–Fri 08:30–13:30 and 13:30–20:00, Sat 09:00–13:00; a 45-minute
/// treatment on a 15-minute step with 120 minutes' notice; bookings of 45 minutes on the grid, inside
/// the professional's hours, never overlapping for a professional or a chair.
inline workload make(const std::string& name, const shape& sh) {
  using nlohmann::json;
  std::mt19937 rng(sh.seed);
  const booking::day_number first = *booking::parse_date("2026-12-01");
  json hours = json::object();
  for (const char* d : {"mon", "tue", "wed", "thu", "fri"})
    hours[d] = json::array({json::array({"08:30", "13:30"}), json::array({"13:30", "20:00"})});
  hours["sat"] = json::array({json::array({"09:00", "13:00"})});
  json chairs = json::array();
  for (int c = 0; c < sh.chairs; ++c) chairs.push_back({{"id", "c" + std::to_string(c)}, {"tags", json::array()}});
  json pros = json::array();
  for (int p = 0; p < sh.professionals; ++p) {
    json spans = json::array();
    for (auto [a, b] : detail::weekday_hours(p)) spans.push_back(json::array({detail::clock(a), detail::clock(b)}));
    pros.push_back({{"id", "p" + std::to_string(p)}, {"treatments", json::array({"t45"})},
                    {"schedule", json::array({json{{"site", "s"}, {"days", {"mon", "tue", "wed", "thu", "fri"}}, {"hours", spans}},
                                              json{{"site", "s"}, {"days", {"sat"}}, {"hours", json::array({json::array({"09:00", "13:00"})})}}})}});
  }
  json clinic = {
      {"tenant", {{"id", "bench"}}},
      {"policies", {{"min_notice_minutes", 120}, {"max_advance_days", 120}, {"slot_step_minutes", 15}}},
      {"sites", json::array({json{{"id", "s"}, {"timezone", "America/Santiago"}, {"country", "CL"}, {"hours", hours},
                                  {"chairs", chairs}}})},
      {"professionals", pros},
      {"treatments", json::array({json{{"id", "t45"}, {"segments", json::array({json{{"minutes", 45}}})}}})},
  };

  // Bookings: random grid starts inside each professional's hours, rejected when they would overlap.
  const auto parsed = booking::parse_clinic(clinic.dump());
  const booking::zone_calendar zc(booking::find_zone("America/Santiago"), first, first + sh.days - 1);
  std::vector<std::vector<booking::interval>> pro_busy(sh.professionals), chair_busy(sh.chairs);
  json bookings = json::array();
  auto free_of = [](const std::vector<booking::interval>& v, booking::interval w) {
    for (auto i : v) if (i.overlaps(w)) return false;
    return true;
  };
  int made = 0;
  const int wanted = sh.per_professional ? sh.bookings * sh.professionals : sh.bookings;
  for (int attempt = 0; made < wanted && attempt < wanted * 200; ++attempt) {
    int p = sh.per_professional ? made / sh.bookings : static_cast<int>(rng() % sh.professionals);
    booking::day_number d = first + static_cast<int>(rng() % sh.days);
    int wd = booking::weekday_of(d);
    if (wd == 6) continue;
    auto spans = wd == 5 ? std::vector<std::pair<int, int>>{{9 * 60, 13 * 60}} : detail::weekday_hours(p);
    auto [a, b] = spans[rng() % spans.size()];
    int slots = (b - a - 45) / 15 + 1;
    if (slots <= 0) continue;
    int local = a + static_cast<int>(rng() % slots) * 15;
    booking::interval_set at;
    zc.add_local_span(d, local, local + 1, at);
    if (at.empty()) continue;  // a local time that does not exist
    booking::minutes_t start = at.intervals().front().lo;
    booking::interval w{start, start + 45};
    if (!free_of(pro_busy[p], w)) continue;
    int chair = -1;
    for (int k = 0; k < sh.chairs && chair < 0; ++k) {
      int c = static_cast<int>((rng() + k) % sh.chairs);
      if (free_of(chair_busy[c], w)) chair = c;
    }
    if (chair < 0) continue;
    pro_busy[p].push_back(w);
    chair_busy[chair].push_back(w);
    bookings.push_back({{"id", "b" + std::to_string(made)}, {"site", "s"}, {"professional", "p" + std::to_string(p)},
                        {"chair", "c" + std::to_string(chair)}, {"treatment", "t45"},
                        {"start", booking::format_instant(start, zc.offset_at(start))}});
    ++made;
  }
  json request = {{"site", "s"}, {"treatment", "t45"}, {"from", booking::format_date(first)},
                  {"to", booking::format_date(first + sh.days - 1)}, {"now", "2026-11-30T12:00:00Z"}};
  (void)parsed;
  return {name, clinic.dump(), bookings.dump(), request.dump(), made};
}

/// December 2026 in Santiago, 10 chairs, 60 bookings per professional (the base case when 8).
inline workload santiago_month(int professionals) {
  return make("santiago-month-" + std::to_string(professionals),
              {.days = 30, .chairs = 10, .professionals = professionals, .bookings = 60, .per_professional = true});
}

inline workload base() { return make("base-30d", {}); }
inline workload largest() { return make("largest", {.days = 90, .chairs = 50, .professionals = 30, .bookings = 5000}); }

/// `n` bookings for largest()'s site (50 chairs, 30 professionals, treatment t45), to time the
/// parser alone (issue 17): chair i % 50 holds consecutive 45-minute visits from 2026-12-01T12:00Z
/// (professionals may overlap; parsing does not check that).
inline std::string many_bookings(int n) {
  const booking::minutes_t first = booking::parse_instant("2026-12-01T12:00:00Z")->minute;
  std::string out = "{\"bookings\": [";
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ",\n";
    out += "{\"id\": \"b" + std::to_string(i) + "\", \"site\": \"s\", \"professional\": \"p" + std::to_string(i % 30) +
           "\", \"chair\": \"c" + std::to_string(i % 50) + "\", \"treatment\": \"t45\", \"start\": \"" +
           booking::format_instant(first + (i / 50) * 45, 0) + "\", \"status\": \"confirmed\"}";
  }
  return out + "]}";
}

/// An array of `n` empty objects: 3 bytes each, the most ends of objects per byte.
inline std::string empty_objects(int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) out += i == 0 ? "{}" : ",{}";
  return out + "]";
}

/// The workloads timed end to end natively, through Python and through WASM, by name.
inline const std::vector<std::string>& named_workloads() {
  static const std::vector<std::string> names{"santiago-month-1", "santiago-month-8", "base-30d", "largest"};
  return names;
}
inline workload named(const std::string& name) {
  if (name == "santiago-month-1") return santiago_month(1);
  if (name == "santiago-month-8") return santiago_month(8);
  if (name == "base-30d") return base();
  if (name == "largest") return largest();
  throw std::invalid_argument("unknown workload " + name);
}

}  // namespace bench
