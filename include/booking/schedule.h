// Weekly local rules → UTC interval sets: site opening hours and professional working hours.
#pragma once

#include <algorithm>
#include <string>
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

/// The instants a site is open over local days [from, to]: weekly hours, or a date's override
/// instead, less closure dates (unless ignored). Administrative blocks are not applied here.
inline interval_set site_open(const site& s, const zone_calendar& zc, day_number from, day_number to,
                              exceptions ex = exceptions::apply) {
  interval_set out;
  for (day_number d = from; d <= to; ++d) {
    if (ex == exceptions::apply && s.closed_on(d)) continue;
    for (auto span : s.hours_on(d)) zc.add_local_span(d, span.from, span.to, out);
  }
  return out;
}

/// The instants professional `p` works at site `site_id` over local days [from, to]: the weekly
/// schedule there, or a date's override instead, less absences (unless ignored). Bookings and
/// blocks are not applied here.
inline interval_set working_hours(const professional& p, std::string_view site_id, const zone_calendar& zc,
                                  day_number from, day_number to, exceptions ex = exceptions::apply) {
  interval_set out;
  auto skip = [&](day_number d) { return (ex == exceptions::apply && p.absent_on(d)) || p.override_on(d, site_id); };
  for (const auto& e : p.schedule)
    if (e.site == site_id) add_week_hours(zc, e.hours, from, to, skip, out);
  for (const auto& o : p.overrides)
    if (o.site == site_id && o.date >= from && o.date <= to && !(ex == exceptions::apply && p.absent_on(o.date)))
      for (auto span : o.spans) zc.add_local_span(o.date, span.from, span.to, out);
  return out;
}

}  // namespace booking

namespace booking {

/// The hours in force on one local date and the configuration entry they come from, as a JSON
/// Pointer into the clinic document: "/sites/0/overrides/1", "/sites/0/hours/mon",
/// "/sites/0/closures" (closed), and for a professional "/professionals/2/overrides/0",
/// "/professionals/2/schedule/1", "/professionals/2/absences/0". What an administrator sees when
/// asking "why is the 24th short?".
struct hours_source {
  std::vector<clock_span> hours;  ///< empty: closed or not working
  std::string source;             ///< empty: nothing configured for that weekday
};

inline hours_source site_hours_on(const clinic& c, const site& s, day_number d) {
  const std::string sp = "/sites/" + std::to_string(&s - c.sites.data());
  if (s.closed_on(d)) return {{}, sp + "/closures"};
  if (const date_hours* o = s.override_on(d)) return {o->spans, sp + "/overrides/" + std::to_string(o->index)};
  const int wd = weekday_of(d);
  if (s.hours[wd].empty()) return {{}, ""};
  return {s.hours[wd], sp + "/hours/" + std::string(weekday_names[wd])};
}

inline hours_source professional_hours_on(const clinic& c, const professional& p, std::string_view site_id, day_number d) {
  const std::string pp = "/professionals/" + std::to_string(&p - c.professionals.data());
  for (std::size_t k = 0; k < p.absences.size(); ++k)
    if (p.absences[k].contains(d)) return {{}, pp + "/absences/" + std::to_string(k)};
  if (const date_hours* o = p.override_on(d, site_id)) return {o->spans, pp + "/overrides/" + std::to_string(o->index)};
  hours_source out;
  const int wd = weekday_of(d);
  for (std::size_t k = 0; k < p.schedule.size(); ++k)
    if (p.schedule[k].site == site_id && !p.schedule[k].hours[wd].empty()) {
      out.hours.insert(out.hours.end(), p.schedule[k].hours[wd].begin(), p.schedule[k].hours[wd].end());
      if (out.source.empty()) out.source = pp + "/schedule/" + std::to_string(k);
    }
  std::sort(out.hours.begin(), out.hours.end(), [](clock_span a, clock_span b) { return a.from < b.from; });
  return out;
}

}  // namespace booking
