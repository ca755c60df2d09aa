// booking::held_spans — the chair time a site's reservations still hold from a treatment at `now`.
#pragma once

#include <string>
#include <vector>

#include "booking/clinic.h"
#include "booking/zone.h"

namespace booking {

/// One span of chair time held from a treatment: [span.lo, span.hi) UTC, held until `release`
/// (the span's start less the reservation's release_hours), by `by`.
struct held_span {
  interval span;
  minutes_t release = 0;
  const reservation* by = nullptr;
};

/// The spans of chair `chair_id` at `s` over local days [from, to] that reservations hold from
/// treatment `treatment_id` at instant `now`: those of reservations that hold the chair and do not
/// serve the treatment, whose release instant is still after `now`. A span that a DST change cuts
/// in two is held until the release of its first part (the local start of the span).
///
///   for (const auto& h : booking::held_spans(site, "c1", "limpieza", zc, day, day, now)) use(h.span, h.release);
inline std::vector<held_span> held_spans(const site& s, std::string_view chair_id, std::string_view treatment_id,
                                         const zone_calendar& zc, day_number from, day_number to, minutes_t now) {
  std::vector<held_span> out;
  for (const auto& r : s.reservations) {
    if (!r.holds(chair_id) || r.serves(treatment_id)) continue;
    for (day_number d = from; d <= to; ++d) {
      if (!r.days[static_cast<std::size_t>(weekday_of(d))]) continue;
      for (const clock_span span : r.hours) {
        interval_set utc;
        zc.add_local_span(d, span.from, span.to, utc);
        if (utc.empty()) continue;
        const minutes_t release = utc.intervals().front().lo - minutes_t{r.release_hours} * 60;
        if (now >= release) continue;
        for (const interval i : utc.intervals()) out.push_back({i, release, &r});
      }
    }
  }
  return out;
}

/// held_spans as one interval set: the time a chair may not be given to the treatment.
inline interval_set held_time(const site& s, std::string_view chair_id, std::string_view treatment_id,
                              const zone_calendar& zc, day_number from, day_number to, minutes_t now) {
  std::vector<interval> v;
  for (const auto& h : held_spans(s, chair_id, treatment_id, zc, from, to, now)) v.push_back(h.span);
  return interval_set(std::move(v));
}

}  // namespace booking
