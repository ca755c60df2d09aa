// booking::slot_score — best-slot ranking ("perfect day"): the idle gaps a slot would leave if taken.
#pragma once

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

#include "booking/clinic.h"
#include "booking/interval_set.h"

namespace booking {

/// The order of an availability answer: by start (then professional), or "compact" — the slots
/// that keep the agenda compact first (docs/booking-rules.md, "Best-slot ranking").
enum class slot_order { start, compact };

/// What taking a slot would leave around it, on its chair and its professional: `idle_minutes` is
/// the length of the gaps that no treatment there could use at a start of the grid (waste), `gaps`
/// the number of gaps of any length (0 to 4: before and after, on the chair and on the
/// professional). Lower is better.
struct slot_score {
  int idle_minutes = 0;
  int gaps = 0;
  friend bool operator==(slot_score, slot_score) = default;
  /// Ranking order: fewer idle minutes, then fewer gaps.
  friend bool better(slot_score a, slot_score b) {
    return a.idle_minutes != b.idle_minutes ? a.idle_minutes < b.idle_minutes : a.gaps < b.gaps;
  }
};

/// Where a treatment needs something, relative to its start: [lo, hi) (a chair window: buffers
/// included, lo = -buffer_before; a professional: first to last segment needing them).
struct shape_span {
  minutes_t lo = 0, hi = 0;
  friend bool operator==(shape_span, shape_span) = default;
};

/// The shapes of the treatments chair `ch` can take (its tags) and someone performs: what a free
/// gap on the chair could still hold.
inline std::vector<shape_span> chair_shapes(const clinic& c, const chair& ch) {
  std::vector<shape_span> out;
  for (const auto& t : c.treatments) {
    if (!ch.has_tags(t.chair_tags)) continue;
    if (std::none_of(c.professionals.begin(), c.professionals.end(), [&](const professional& p) { return p.performs(t.id); })) continue;
    const footprint f = footprint_of(t, 0);
    if (shape_span s{f.chair.lo, f.chair.hi}; std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

/// The shapes of the treatments professional `p` performs (their professional segments).
inline std::vector<shape_span> professional_shapes(const clinic& c, const professional& p) {
  std::vector<shape_span> out;
  for (const auto& t : c.treatments) {
    if (!p.performs(t.id)) continue;
    const footprint f = footprint_of(t, 0);
    if (shape_span s{f.professional.front().lo, f.professional.back().hi}; std::find(out.begin(), out.end(), s) == out.end())
      out.push_back(s);
  }
  return out;
}

namespace detail {

/// Whether free time [a, b) could still hold one of `shapes` at a start of `grid` (sorted UTC
/// starts): some g with a <= g + lo and g + hi <= b.
inline bool holds_any(std::span<const minutes_t> grid, const std::vector<shape_span>& shapes, minutes_t a, minutes_t b) {
  for (const shape_span s : shapes) {
    auto g = std::lower_bound(grid.begin(), grid.end(), a - s.lo);
    if (g != grid.end() && *g + s.hi <= b) return true;
  }
  return false;
}

/// The interval of sorted, disjoint `free` that contains instant t, or null.
inline const interval* containing(std::span<const interval> free, minutes_t t) {
  auto it = std::upper_bound(free.begin(), free.end(), t, [](minutes_t x, const interval& i) { return x < i.lo; });
  if (it == free.begin()) return nullptr;
  --it;
  return it->contains(t) ? &*it : nullptr;
}

/// Adds the gaps that taking [first.lo, last.hi) out of the free time `free` leaves before `first`
/// and after `last` (in the free intervals they lie in): each gap counts, and counts as idle when
/// none of `shapes` fits in it at a start of `grid`.
inline void add_gaps(slot_score& s, std::span<const interval> free, interval first, interval last, std::span<const minutes_t> grid,
                     const std::vector<shape_span>& shapes) {
  auto add = [&](minutes_t a, minutes_t b) {
    if (b <= a) return;
    ++s.gaps;
    if (!holds_any(grid, shapes, a, b)) s.idle_minutes += static_cast<int>(b - a);
  };
  if (const interval* f = containing(free, first.lo)) add(f->lo, first.lo);
  if (const interval* f = containing(free, last.hi - 1)) add(last.hi, f->hi);
}

}  // namespace detail

}  // namespace booking
