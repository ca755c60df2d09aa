// booking::find_overlaps — the pairs of stored bookings that could never both have been booked.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/time.h"

namespace booking {

/// Two bookings of a calendar that collide: `first` and `second` index `calendar::bookings`
/// (first < second in the order met). `code` is the conflict check_booking would have given the
/// later one: chair_busy (the chair windows, buffers included, overlap), professional_busy (segments
/// that need the professional overlap, at any site) or resource_full (with `second`, more bookings
/// than the resource's capacity use it at once; `first` is one of those already using it).
struct overlap {
  std::string code;
  std::size_t first = 0;
  std::size_t second = 0;
  std::string message;
};

namespace detail {

struct use {
  interval span;
  std::size_t booking;
};

/// Sweeps one thing's uses in start order; `report(active, next)` is called when `next` starts
/// while at least `capacity` uses are active.
template <class Report>
void sweep(std::vector<use>& uses, int capacity, Report report) {
  std::sort(uses.begin(), uses.end(), [](const use& a, const use& b) {
    return std::tie(a.span.lo, a.span.hi, a.booking) < std::tie(b.span.lo, b.span.hi, b.booking);
  });
  std::vector<use> active;
  for (const use& u : uses) {
    std::erase_if(active, [&](const use& a) { return a.span.hi <= u.span.lo; });
    if (static_cast<int>(active.size()) >= capacity) {
      // One thing held once: every overlapping pair. A resource: the use that goes over its
      // capacity, paired with the latest use it meets (one finding per use too many).
      if (capacity == 1) {
        for (const use& a : active) if (a.booking != u.booking) report(a, u);
      } else {
        for (auto a = active.rbegin(); a != active.rend(); ++a)
          if (a->booking != u.booking) {
            report(*a, u);
            break;
          }
      }
    }
    active.push_back(u);
  }
}

}  // namespace detail

/// Every pair of occupying bookings (pending, confirmed, completed, no_show: what check_booking
/// counts) that overlap on a chair, a professional or a resource beyond its capacity, at most
/// `max` of them. A store that loads a calendar with any of these holds an overbooked agenda;
/// `validate` reports each as an error so an import never does.
///
///   for (const auto& o : booking::find_overlaps(clinic, calendar))
///     std::cout << calendar.bookings[o.first].id << " and " << calendar.bookings[o.second].id << ": " << o.code << "\n";
inline std::vector<overlap> find_overlaps(const clinic& c, const calendar& cal, std::size_t max = 200) {
  const detail::treatment_index treatments(c);
  std::map<std::tuple<int, std::string, std::string>, std::vector<detail::use>> things;  // (kind, site, id)
  for (std::size_t i = 0; i < cal.bookings.size(); ++i) {
    const appointment& b = cal.bookings[i];
    if (!b.occupies()) continue;
    const footprint fp = footprint_of(treatments.of(b), b.start);
    things[{0, b.site, b.chair}].push_back({fp.chair, i});
    for (auto w : fp.professional) things[{1, "", b.professional}].push_back({w, i});
    for (const auto& [rid, w] : fp.resources) things[{2, b.site, rid}].push_back({w, i});
  }
  std::vector<overlap> out;
  std::vector<std::pair<std::size_t, std::size_t>> seen;
  for (auto& [key, uses] : things) {
    const auto& [kind, site_id, id] = key;
    int capacity = 1;
    if (kind == 2) {
      const site* s = c.find_site(site_id);
      const resource* r = s ? s->find_resource(id) : nullptr;
      capacity = r ? r->capacity : 1;
    }
    detail::sweep(uses, capacity, [&](const detail::use& a, const detail::use& u) {
      const std::pair<std::size_t, std::size_t> pair{std::min(a.booking, u.booking), std::max(a.booking, u.booking)};
      if (out.size() >= max || std::find(seen.begin(), seen.end(), pair) != seen.end()) return;
      seen.push_back(pair);
      const std::string& x = cal.bookings[pair.first].id;
      const std::string& y = cal.bookings[pair.second].id;
      static const char* const codes[] = {"chair_busy", "professional_busy", "resource_full"};
      std::string what = kind == 0   ? "chair " + id + " at " + site_id
                         : kind == 1 ? "professional " + id
                                     : id + " at " + site_id + " (capacity " + std::to_string(capacity) + ")";
      out.push_back({codes[kind], pair.first, pair.second,
                     "bookings " + x + " and " + y + " overlap on " + what + " from " + format_instant(std::max(a.span.lo, u.span.lo), 0) +
                         (kind == 2 ? ", beyond its capacity" : "")});
    });
  }
  std::sort(out.begin(), out.end(), [](const overlap& a, const overlap& b) {
    return std::tie(a.second, a.first, a.code) < std::tie(b.second, b.first, b.code);
  });
  return out;
}

}  // namespace booking
