// The naive baseline: per-minute occupancy bitmaps, scanned minute by minute for every candidate
// start — how many schedulers compute availability. Same semantics as find_availability (the
// benchmark checks that the answers are identical before timing anything).
#pragma once

#include <vector>

#include "booking/booking.h"

namespace bench {

inline std::vector<booking::slot> naive_availability(const booking::clinic& c, const booking::calendar& cal,
                                                    const booking::availability_request& req) {
  using booking::minutes_t;
  const booking::site& s = *c.find_site(req.site);
  const booking::treatment& t = *c.find_treatment(req.treatment);
  const booking::zone_calendar zc(booking::find_zone(s.timezone), req.from - 2, req.to + 2);
  const minutes_t h0 = (minutes_t{req.from} - 3) * 1440, h1 = (minutes_t{req.to} + 4) * 1440;
  const std::size_t n = static_cast<std::size_t>(h1 - h0);
  auto mark = [&](std::vector<char>& bits, booking::interval i, char v) {
    for (minutes_t m = std::max(i.lo, h0); m < std::min(i.hi, h1); ++m) bits[static_cast<std::size_t>(m - h0)] = v;
  };

  std::vector<char> open(n, 0);
  for (auto i : booking::site_open(s, zc, req.from - 2, req.to + 2).intervals()) mark(open, i, 1);
  for (const auto& b : cal.blocks) if (b.site == s.id && b.whole_site()) mark(open, b.span, 0);

  std::vector<const booking::chair*> chairs;
  for (const auto& ch : s.chairs) if (ch.has_tags(t.chair_tags)) chairs.push_back(&ch);
  std::vector<std::vector<char>> chair_free(chairs.size(), open);
  for (std::size_t k = 0; k < chairs.size(); ++k) {
    for (const auto& b : cal.blocks) if (b.site == s.id && b.chair == chairs[k]->id) mark(chair_free[k], b.span, 0);
    for (const auto& b : cal.bookings)
      if (b.occupies() && b.site == s.id && b.chair == chairs[k]->id)
        mark(chair_free[k], booking::footprint_of(*c.find_treatment(b.treatment), b.start).chair, 0);
  }
  std::vector<const booking::professional*> pros;
  for (const auto& p : c.professionals) if (p.performs(t.id)) pros.push_back(&p);
  std::sort(pros.begin(), pros.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::vector<std::vector<char>> works(pros.size(), std::vector<char>(n, 0));
  for (std::size_t k = 0; k < pros.size(); ++k) {
    for (auto i : booking::working_hours(*pros[k], s.id, zc, req.from - 2, req.to + 2).intervals()) mark(works[k], i, 1);
    for (const auto& b : cal.blocks)
      if (b.professional == pros[k]->id && (b.site.empty() || b.site == s.id)) mark(works[k], b.span, 0);
    for (const auto& b : cal.bookings)
      if (b.occupies() && b.professional == pros[k]->id)
        for (auto w : booking::footprint_of(*c.find_treatment(b.treatment), b.start).professional) mark(works[k], w, 0);
  }
  // Resources: a use count per minute.
  std::vector<std::pair<std::string, std::vector<int>>> uses;
  for (const auto& [rid, w] : booking::footprint_of(t, 0).resources) {
    (void)w;
    std::vector<int> count(n, 0);
    for (const auto& b : cal.bookings)
      if (b.occupies() && b.site == s.id)
        for (const auto& [id, u] : booking::footprint_of(*c.find_treatment(b.treatment), b.start).resources)
          if (id == rid)
            for (minutes_t m = std::max(u.lo, h0); m < std::min(u.hi, h1); ++m) ++count[static_cast<std::size_t>(m - h0)];
    const booking::resource* r = s.find_resource(rid);
    for (const auto& b : cal.blocks)
      if (b.site == s.id && b.resource == rid)
        for (minutes_t m = std::max(b.span.lo, h0); m < std::min(b.span.hi, h1); ++m) count[static_cast<std::size_t>(m - h0)] = 1 << 20;
    if (r == nullptr) std::fill(count.begin(), count.end(), 1 << 20);
    uses.emplace_back(rid, std::move(count));
  }

  std::vector<minutes_t> grid;
  // The grid is the site's; notice and advance are each professional's (policies layered as in
  // docs/format.md: system < tenant < site < professional).
  for (booking::day_number d = req.from; d <= req.to; ++d) zc.append_grid(d, c.policies_for(s).slot_step_minutes, grid);
  std::vector<std::pair<minutes_t, minutes_t>> allowed;  // [not before, before) per professional
  for (const auto* p : pros) {
    const booking::policies pp = c.policies_for(s, p);
    allowed.emplace_back(req.now + pp.min_notice_minutes, req.now + minutes_t{pp.max_advance_days} * 1440);
  }
  auto all = [&](const std::vector<char>& bits, booking::interval w) {
    for (minutes_t m = w.lo; m < w.hi; ++m) if (!bits[static_cast<std::size_t>(m - h0)]) return false;
    return true;
  };
  std::vector<booking::slot> out;
  for (minutes_t g : grid) {
    const auto fp = booking::footprint_of(t, g);
    bool resources_ok = true;
    for (std::size_t i = 0; i < fp.resources.size() && resources_ok; ++i) {
      const auto& count = uses[i].second;
      const int cap = s.find_resource(fp.resources[i].first) ? s.find_resource(fp.resources[i].first)->capacity : 0;
      for (minutes_t m = fp.resources[i].second.lo; m < fp.resources[i].second.hi; ++m)
        if (count[static_cast<std::size_t>(m - h0)] >= cap) { resources_ok = false; break; }
    }
    if (!resources_ok) continue;
    std::vector<std::string> free_chairs;
    for (std::size_t k = 0; k < chairs.size(); ++k) if (all(chair_free[k], fp.chair)) free_chairs.push_back(chairs[k]->id);
    if (free_chairs.empty()) continue;
    for (std::size_t k = 0; k < pros.size(); ++k) {
      if (g < allowed[k].first || g >= allowed[k].second) continue;
      bool ok = true;
      for (auto w : fp.professional) ok = ok && all(works[k], w);
      if (!ok) continue;
      booking::slot sl;
      sl.start = g;
      sl.end = g + t.duration();
      sl.start_offset = zc.offset_at(g);
      sl.end_offset = zc.offset_at(sl.end);
      sl.professional = pros[k]->id;
      sl.chairs = free_chairs;
      sl.resources = t.resource_ids();
      sl.id = booking::slot_id(s.id, pros[k]->id, t.id, g);
      out.push_back(std::move(sl));
    }
  }
  return out;
}

}  // namespace bench
