// Weekly local rules → UTC interval sets: site opening hours and professional working hours.
#pragma once

#include <string_view>

#include "booking/clinic.h"
#include "booking/zone.h"

namespace booking {

/// Whether a rule's exceptions (closures, absences) are applied or ignored. Conflict checking
/// ignores them to tell "outside hours" apart from "closed that day".
enum class exceptions { apply, ignore };

/// Adds the UTC instants of `hours` on local days [from, to] to `out`, skipping days for which
/// `skip(day)` is true.
template <class Skip>
void add_week_hours(const zone_calendar& zc, const week_hours& hours, day_number from, day_number to, Skip skip,
                    interval_set& out) {
  for (day_number d = from; d <= to; ++d) {
    if (skip(d)) continue;
    for (auto span : hours[weekday_of(d)]) zc.add_local_span(d, span.from, span.to, out);
  }
}

/// The instants a site is open over local days [from, to]: weekly hours, less closure dates
/// (unless ignored). Administrative blocks are not applied here.
inline interval_set site_open(const site& s, const zone_calendar& zc, day_number from, day_number to,
                              exceptions ex = exceptions::apply) {
  interval_set out;
  add_week_hours(zc, s.hours, from, to, [&](day_number d) { return ex == exceptions::apply && s.closed_on(d); }, out);
  return out;
}

/// The instants professional `p` works at site `site_id` over local days [from, to], less absences
/// (unless ignored). Bookings and blocks are not applied here.
inline interval_set working_hours(const professional& p, std::string_view site_id, const zone_calendar& zc,
                                  day_number from, day_number to, exceptions ex = exceptions::apply) {
  interval_set out;
  for (const auto& e : p.schedule)
    if (e.site == site_id)
      add_week_hours(zc, e.hours, from, to, [&](day_number d) { return ex == exceptions::apply && p.absent_on(d); }, out);
  return out;
}

}  // namespace booking
