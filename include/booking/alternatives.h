// booking::find_alternatives — what to offer when the wanted slot is taken.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include "booking/availability.h"
#include "booking/conflicts.h"
#include "booking/zone.h"

namespace booking {

/// Why an alternative is where it is in the ranking.
enum class alternative_kind {
  same_professional_same_day,   ///< the professional asked for, on the local day asked for
  other_professional_same_day,  ///< another professional who performs the treatment, that day
  later_day,                    ///< any professional, on one of the following days
};

inline constexpr const char* alternative_kind_names[] = {"same_professional_same_day", "other_professional_same_day",
                                                         "later_day"};

struct alternative {
  booking::slot slot;
  alternative_kind kind = alternative_kind::later_day;
};

/// How far and how many.
struct alternatives_options {
  int limit = 5;  ///< at most this many alternatives (1–100)
  int days = 14;  ///< later days searched after the day asked for (0–90)
};

/// The `limit` best free slots for a proposal whose slot is taken (or not bookable for another
/// reason), ranked: (1) the same professional on the same local day, nearest start first; (2) other
/// professionals who perform the treatment that day, nearest start first, then in configuration
/// order; (3) the following `days` days, earliest first, the professional asked for first at equal
/// starts. Ties in nearness go to the earlier start. The chair asked for is not kept: any free
/// eligible chair will do. A proposal with an `id` (a booking being moved) does not compete with
/// itself. Every alternative is a slot of find_availability, so it checks clean.
///
///   for (const auto& a : booking::find_alternatives(clinic, calendar, wanted, now, {.limit = 3}))
///     std::cout << a.slot.id << " " << booking::alternative_kind_names[int(a.kind)] << "\n";
inline std::vector<alternative> find_alternatives(const clinic& c, const calendar& cal, const proposal& wanted,
                                                  minutes_t now, const alternatives_options& options = {}) {
  if (options.limit < 1 || options.limit > 100)
    throw error("out_of_range", "/limit", "limit is " + std::to_string(options.limit) + "; it must be between 1 and 100");
  if (options.days < 0 || options.days > 90)
    throw error("out_of_range", "/days", "days is " + std::to_string(options.days) + "; it must be between 0 and 90");
  const site* s = c.find_site(wanted.site);
  if (s == nullptr) throw error("unknown_id", "/site", "unknown site \"" + wanted.site + "\"");
  if (c.find_professional(wanted.professional) == nullptr)
    throw error("unknown_id", "/professional", "unknown professional \"" + wanted.professional + "\"");
  if (c.find_treatment(wanted.treatment) == nullptr)
    throw error("unknown_id", "/treatment", "unknown treatment \"" + wanted.treatment + "\"");
  if (!in_supported_range(wanted.start))
    throw error("out_of_range", "/start", "start " + format_stamp(wanted.start) + " is not between 1990 and 2037");
  const auto* zone = find_zone(s->timezone);
  if (zone == nullptr) throw error("unknown_zone", "", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
  const day_number rough = static_cast<day_number>(day_of(wanted.start));
  const day_number day = zone_calendar(zone, rough - 1, rough + 1).local_day_of(wanted.start);

  calendar others;  // a booking being moved does not compete with itself
  others.blocks = cal.blocks;
  others.bookings.reserve(cal.bookings.size());
  for (const auto& b : cal.bookings)
    if (wanted.id.empty() || b.id != wanted.id) others.bookings.push_back(b);

  availability_request req;
  req.site = wanted.site;
  req.treatment = wanted.treatment;
  req.from = day;
  req.to = std::min<day_number>(day + options.days, max_day);
  req.now = now;
  std::vector<slot> slots = find_availability(c, others, req);

  auto order = [&](const slot& x) {
    const day_number d = static_cast<day_number>(day_of(x.start + x.start_offset));
    const bool same_pro = x.professional == wanted.professional;
    const alternative_kind k = d != day     ? alternative_kind::later_day
                               : same_pro ? alternative_kind::same_professional_same_day
                                          : alternative_kind::other_professional_same_day;
    const minutes_t distance = k == alternative_kind::later_day ? x.start : std::abs(x.start - wanted.start);
    std::size_t pro_rank = 0;
    while (pro_rank < c.professionals.size() && c.professionals[pro_rank].id != x.professional) ++pro_rank;
    if (same_pro) pro_rank = 0; else ++pro_rank;
    return std::make_tuple(static_cast<int>(k), distance, x.start, pro_rank);
  };
  std::vector<std::pair<decltype(order(slots.front())), std::size_t>> keyed;
  keyed.reserve(slots.size());
  for (std::size_t i = 0; i < slots.size(); ++i) keyed.emplace_back(order(slots[i]), i);
  const std::size_t n = std::min<std::size_t>(keyed.size(), static_cast<std::size_t>(options.limit));
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(n), keyed.end());
  std::vector<alternative> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back({std::move(slots[keyed[i].second]), static_cast<alternative_kind>(std::get<0>(keyed[i].first))});
  return out;
}

}  // namespace booking
