// booking::slot_score — best-slot ranking ("perfect day"): the idle gaps a slot would leave if taken.
#pragma once

#include <algorithm>
#include <limits>
#include <span>

#include "booking/clinic.h"

namespace booking {

/// The order of an availability answer: by start (then professional), or "compact" — the slots
/// that keep the agenda compact first (docs/booking-rules.md, "Best-slot ranking").
enum class slot_order { start, compact };

/// What taking a slot would leave around it, on its chair and its professional: `idle_minutes` is
/// the length of the gaps too short for any treatment there (waste), `gaps` the number of gaps of
/// any length (0 to 4: before and after, on the chair and on the professional). Lower is better.
struct slot_score {
  int idle_minutes = 0;
  int gaps = 0;
  friend bool operator==(slot_score, slot_score) = default;
  /// Ranking order: fewer idle minutes, then fewer gaps.
  friend bool better(slot_score a, slot_score b) {
    return a.idle_minutes != b.idle_minutes ? a.idle_minutes < b.idle_minutes : a.gaps < b.gaps;
  }
};

/// The minutes from a treatment's first segment that needs the professional to the end of its last.
inline minutes_t professional_span(const treatment& t) {
  minutes_t at = 0, first = -1, last = 0;
  for (const auto& s : t.segments) {
    if (s.professional) {
      if (first < 0) first = at;
      last = at + s.minutes;
    }
    at += s.minutes;
  }
  return first < 0 ? 0 : last - first;
}

/// The shortest chair window (buffers and segments) of the treatments chair `ch` can take and
/// someone performs: a free gap on the chair shorter than this is idle time.
inline minutes_t shortest_chair_window(const clinic& c, const chair& ch) {
  minutes_t m = std::numeric_limits<minutes_t>::max();
  for (const auto& t : c.treatments) {
    if (!ch.has_tags(t.chair_tags)) continue;
    if (std::none_of(c.professionals.begin(), c.professionals.end(), [&](const professional& p) { return p.performs(t.id); })) continue;
    m = std::min<minutes_t>(m, t.buffer_before + t.duration() + t.buffer_after);
  }
  return m;
}

/// The shortest professional_span of the treatments `p` performs: a gap in the professional's
/// working time shorter than this is idle time.
inline minutes_t shortest_professional_span(const clinic& c, const professional& p) {
  minutes_t m = std::numeric_limits<minutes_t>::max();
  for (const auto& t : c.treatments)
    if (p.performs(t.id)) m = std::min(m, professional_span(t));
  return m;
}

namespace detail {

/// The interval of sorted, disjoint `free` that contains instant t, or null.
inline const interval* containing(std::span<const interval> free, minutes_t t) {
  auto it = std::upper_bound(free.begin(), free.end(), t, [](minutes_t x, const interval& i) { return x < i.lo; });
  if (it == free.begin()) return nullptr;
  --it;
  return it->contains(t) ? &*it : nullptr;
}

/// Adds the gaps that taking [first.lo, last.hi) out of the free time `free` leaves before `first`
/// and after `last` (the free intervals they lie in): each gap counts, and counts as idle when it
/// is shorter than `shortest`.
inline void add_gaps(slot_score& s, std::span<const interval> free, interval first, interval last, minutes_t shortest) {
  auto add = [&](minutes_t gap) {
    if (gap <= 0) return;
    ++s.gaps;
    if (gap < shortest) s.idle_minutes += static_cast<int>(gap);
  };
  if (const interval* f = containing(free, first.lo)) add(first.lo - f->lo);
  if (const interval* f = containing(free, last.hi - 1)) add(f->hi - last.hi);
}

}  // namespace detail

}  // namespace booking
