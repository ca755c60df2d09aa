// Booking limits: at most so many bookings (or booked minutes) per professional per day and week.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "booking/clinic.h"
#include "booking/error.h"
#include "booking/zone.h"

namespace booking {

/// A local date on which one more booking of a treatment would break a professional's limit, and
/// which limit (e.g. "dra-soto has 8 bookings on 2026-12-07; max_bookings_per_day is 8").
struct limit_hit {
  day_number day = 0;
  std::string message;
};

/// The local dates in [from, to] (in site `s`'s zone) on which professional `p` cannot take one more
/// booking of `t` without passing a limit of the policies in force for them at `s`
/// (max_bookings_per_day, max_booked_minutes_per_day, max_bookings_per_week,
/// max_booked_minutes_per_week; weeks start on week_starts_on). Every occupying booking of `p`
/// counts, at any site, on the local date of its start in `s`'s zone; minutes are appointment
/// minutes (treatment::duration). Booking `except` (one being moved) does not count.
///
///   for (const auto& hit : booking::limit_hits(clinic, calendar, site, pro, treatment, from, to)) ...
inline std::vector<limit_hit> limit_hits(const clinic& c, const calendar& cal, const site& s, const professional& p,
                                         const treatment& t, day_number from, day_number to,
                                         std::string_view except = {}) {
  const policies pol = c.policies_for(s, &p);
  std::vector<limit_hit> out;
  if (pol.max_bookings_per_day == 0 && pol.max_booked_minutes_per_day == 0 && pol.max_bookings_per_week == 0 &&
      pol.max_booked_minutes_per_week == 0)
    return out;
  const auto* zone = find_zone(s.timezone);
  if (zone == nullptr) throw error("unknown_zone", "", "site " + s.id + " has an unknown time zone \"" + s.timezone + "\"");
  const day_number w0 = from - (weekday_of(from) - pol.week_starts_on + 7) % 7;
  const day_number w1 = to + (pol.week_starts_on + 6 - weekday_of(to)) % 7;
  const zone_calendar zc(zone, w0 - 1, w1 + 1);
  const interval_set days = zc.local_days(w0, w1);
  const interval span{days.intervals().front().lo, days.intervals().back().hi};
  struct load {
    int bookings = 0;
    minutes_t minutes = 0;
  };
  std::vector<load> day(static_cast<std::size_t>(w1 - w0 + 1));
  for (const auto& b : cal.bookings) {
    if (!b.occupies() || b.professional != p.id || (!except.empty() && b.id == except) || !span.contains(b.start)) continue;
    const day_number d = zc.local_day_of(b.start);
    if (d < w0 || d > w1) continue;
    load& l = day[static_cast<std::size_t>(d - w0)];
    ++l.bookings;
    const treatment* bt = c.find_treatment(b.treatment);
    if (bt == nullptr) throw error("unknown_id", "", "booking " + b.id + " refers to unknown treatment \"" + b.treatment + "\"");
    l.minutes += bt->duration();
  }
  const minutes_t need = t.duration();
  const std::string who = p.name.empty() ? p.id : p.name;
  for (day_number d = from; d <= to; ++d) {
    const load& l = day[static_cast<std::size_t>(d - w0)];
    load week;
    const day_number ws = d - (weekday_of(d) - pol.week_starts_on + 7) % 7;
    for (day_number k = ws; k < ws + 7; ++k) {
      week.bookings += day[static_cast<std::size_t>(k - w0)].bookings;
      week.minutes += day[static_cast<std::size_t>(k - w0)].minutes;
    }
    std::string why;
    if (pol.max_bookings_per_day > 0 && l.bookings + 1 > pol.max_bookings_per_day)
      why = who + " has " + std::to_string(l.bookings) + " bookings on " + format_date(d) + "; max_bookings_per_day is " +
            std::to_string(pol.max_bookings_per_day);
    else if (pol.max_booked_minutes_per_day > 0 && l.minutes + need > pol.max_booked_minutes_per_day)
      why = who + " has " + std::to_string(l.minutes) + " booked minutes on " + format_date(d) + " and " + t.id +
            " takes " + std::to_string(need) + "; max_booked_minutes_per_day is " + std::to_string(pol.max_booked_minutes_per_day);
    else if (pol.max_bookings_per_week > 0 && week.bookings + 1 > pol.max_bookings_per_week)
      why = who + " has " + std::to_string(week.bookings) + " bookings in the week of " + format_date(ws) +
            "; max_bookings_per_week is " + std::to_string(pol.max_bookings_per_week);
    else if (pol.max_booked_minutes_per_week > 0 && week.minutes + need > pol.max_booked_minutes_per_week)
      why = who + " has " + std::to_string(week.minutes) + " booked minutes in the week of " + format_date(ws) + " and " +
            t.id + " takes " + std::to_string(need) + "; max_booked_minutes_per_week is " +
            std::to_string(pol.max_booked_minutes_per_week);
    if (!why.empty()) out.push_back({d, std::move(why)});
  }
  return out;
}

}  // namespace booking
