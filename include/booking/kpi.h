// booking::compute_kpis — occupancy per chair and professional per day, outcome rates, lead times.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/error.h"
#include "booking/schedule.h"
#include "booking/zone.h"

namespace booking {

/// What to measure: inclusive local dates [from, to] of every site, or of `site` only.
struct kpi_request {
  day_number from = 0;
  day_number to = 0;
  std::string site;  ///< empty: every site
};

/// One chair or professional on one local day. A day with open_minutes 0 is closed (a closure,
/// an absence, no hours that weekday): its occupancy is undefined, never 0 %.
struct occupancy_row {
  std::string site;
  std::string id;  ///< the chair or the professional
  day_number date = 0;
  minutes_t open_minutes = 0;    ///< bookable time: hours of that day less closures and blocks
  minutes_t booked_minutes = 0;  ///< of the open time, what occupying bookings use (counted once)
  bool closed() const noexcept { return open_minutes == 0; }
};

/// The lead time (created_at → start) of the bookings that carry created_at.
struct lead_time_stats {
  std::vector<minutes_t> minutes;      ///< sorted
  std::size_t without_created_at = 0;  ///< bookings in range that do not say when they were made
  /// Nearest-rank percentile p (0 < p ≤ 100) of `minutes`; nullopt when there are none.
  std::optional<minutes_t> percentile(int p) const {
    if (minutes.empty()) return std::nullopt;
    std::size_t rank = (minutes.size() * static_cast<std::size_t>(p) + 99) / 100;  // ceil(p/100 · n)
    return minutes[std::max<std::size_t>(rank, 1) - 1];
  }
};

/// Histogram edges of the lead-time distribution in days: [0, 1), [1, 2), [2, 7), …, [60, ∞).
inline constexpr std::array<int, 7> lead_time_edges_days{0, 1, 2, 7, 14, 30, 60};

struct kpi_report {
  day_number from = 0;
  day_number to = 0;
  std::vector<std::string> sites;
  std::vector<occupancy_row> chairs;         ///< by site, chair (configuration order), date
  std::vector<occupancy_row> professionals;  ///< by site, professional (configuration order), date
  std::array<std::size_t, 5> statuses{};     ///< bookings starting in range, by booking_status
  lead_time_stats lead_times;

  std::size_t bookings() const noexcept {
    std::size_t n = 0;
    for (auto k : statuses) n += k;
    return n;
  }
  std::size_t count(booking_status s) const noexcept { return statuses[static_cast<std::size_t>(s)]; }
  /// no_show / (completed + no_show): of the appointments that came due with an outcome recorded.
  std::pair<std::size_t, std::size_t> no_show_ratio() const {
    return {count(booking_status::no_show), count(booking_status::completed) + count(booking_status::no_show)};
  }
  /// cancelled / every booking in range.
  std::pair<std::size_t, std::size_t> cancellation_ratio() const { return {count(booking_status::cancelled), bookings()}; }
};

namespace detail {

/// The UTC instants of local day `d` alone (a day is 23, 24 or 25 hours long).
inline interval_set one_day(const zone_calendar& zc, day_number d) { return zc.local_days(d, d); }

}  // namespace detail

/// Occupancy, outcome rates and lead times of bookings whose start falls on a local date in
/// [from, to] at the site. Open minutes come from the engine's own hour rules (site_open,
/// working_hours: closures and absences applied), less whole-site blocks and the chair's or
/// professional's blocks; a professional's open time is also within the site's opening hours.
/// Booked minutes are the occupying bookings' chair windows (buffers included) or professional
/// segments, merged and cut to the open time. Throws booking::error (pointers into the request).
///
///   booking::kpi_report r = booking::compute_kpis(clinic, calendar,
///       {.from = *booking::parse_date("2026-11-01"), .to = *booking::parse_date("2026-11-30")});
///   for (const auto& row : r.chairs) if (!row.closed()) use(row.booked_minutes * 100 / row.open_minutes);
inline kpi_report compute_kpis(const clinic& c, const calendar& cal, const kpi_request& req) {
  detail::check_order(req.from, req.to);
  if (req.to - req.from + 1 > max_request_days)
    throw error("too_large", "/to", "a KPI range may span at most " + std::to_string(max_request_days) + " days");
  if (req.from < min_day || req.to > max_day) throw error("out_of_range", "/from", "dates must lie between 1990-01-01 and 2037-12-31");
  std::vector<const site*> sites;
  if (req.site.empty()) {
    for (const auto& s : c.sites) sites.push_back(&s);
  } else {
    const site* s = c.find_site(req.site);
    if (s == nullptr) throw error("unknown_id", "/site", "unknown site \"" + req.site + "\"");
    sites.push_back(s);
  }
  kpi_report out;
  out.from = req.from;
  out.to = req.to;
  const detail::treatment_index treatments(c);
  for (const site* s : sites) {
    out.sites.push_back(s->id);
    const auto* zone = find_zone(s->timezone);
    if (zone == nullptr) throw error("unknown_zone", "/site", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
    const zone_calendar zc(zone, req.from - 2, req.to + 2);
    const interval_set range = zc.local_days(req.from, req.to);
    std::vector<interval> site_blocks;
    for (const auto& b : cal.blocks) if (b.site == s->id && b.whole_site()) site_blocks.push_back(b.span);
    const interval_set site_blocked(std::move(site_blocks));

    // The bookings of this site: outcomes and lead times by start, footprints for occupancy.
    std::vector<const appointment*> here;
    for (const auto& b : cal.bookings) {
      if (b.site != s->id) continue;
      here.push_back(&b);
      if (!range.contains(b.start)) continue;
      ++out.statuses[static_cast<std::size_t>(b.status)];
      if (b.created_at) out.lead_times.minutes.push_back(b.start - *b.created_at);
      else ++out.lead_times.without_created_at;
    }
    for (const auto& ch : s->chairs) {
      std::vector<interval> busy, blocked;
      for (const appointment* b : here)
        if (b->occupies() && b->chair == ch.id) busy.push_back(footprint_of(treatments.of(*b), b->start).chair);
      for (const auto& b : cal.blocks) if (b.site == s->id && b.chair == ch.id) blocked.push_back(b.span);
      const interval_set booked(std::move(busy)), chair_blocked(std::move(blocked));
      for (day_number d = req.from; d <= req.to; ++d) {
        const interval_set open = (site_open(*s, zc, d, d) & detail::one_day(zc, d)) - site_blocked - chair_blocked;
        out.chairs.push_back({s->id, ch.id, d, open.measure(), (open & booked).measure()});
      }
    }
    for (const auto& p : c.professionals) {
      if (std::none_of(p.schedule.begin(), p.schedule.end(), [&](const schedule_entry& e) { return e.site == s->id; }) &&
          std::none_of(p.overrides.begin(), p.overrides.end(), [&](const auto& o) { return o.site == s->id; }))
        continue;  // never works here: no rows rather than a month of closed days
      std::vector<interval> busy, blocked;
      for (const auto& b : cal.bookings)  // at any site: a professional is busy wherever they are
        if (b.occupies() && b.professional == p.id)
          for (auto w : footprint_of(treatments.of(b), b.start).professional) busy.push_back(w);
      for (const auto& b : cal.blocks)
        if (b.professional == p.id && (b.site.empty() || b.site == s->id)) blocked.push_back(b.span);
      const interval_set booked(std::move(busy)), pro_blocked(std::move(blocked));
      for (day_number d = req.from; d <= req.to; ++d) {
        const interval_set open = (working_hours(p, s->id, zc, d, d) & site_open(*s, zc, d, d) & detail::one_day(zc, d)) -
                                  site_blocked - pro_blocked;
        out.professionals.push_back({s->id, p.id, d, open.measure(), (open & booked).measure()});
      }
    }
  }
  std::sort(out.lead_times.minutes.begin(), out.lead_times.minutes.end());
  return out;
}

}  // namespace booking
