// booking::simulate — what a configuration draft would change before it is published.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <string_view>
#include <tuple>
#include <string>
#include <unordered_map>
#include <vector>

#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/conflicts.h"

namespace booking {

/// What to simulate: inclusive local dates (in each site's zone), seen at `now`, over some sites and
/// treatments (empty: every one either configuration has).
struct simulation_request {
  day_number from = 0;
  day_number to = 0;
  minutes_t now = 0;
  std::vector<std::string> sites;
  std::vector<std::string> treatments;
  /// Cap on the (slot, chair) pairs compared over every site and treatment, both configurations:
  /// past it, too_large (pointer "/to") before the time and memory are spent.
  std::size_t max_slot_chairs = 20'000'000;
};

/// Slots of one local day, site, professional and chair, before (published) and after (draft).
/// A slot here is one (treatment, start, professional, chair): a start offered with three free
/// chairs counts once for each chair.
struct simulation_row {
  day_number date = 0;
  std::string site;
  std::string professional;
  std::string chair;
  int before = 0;
  int after = 0;
  int added = 0;
  int removed = 0;
};

/// An existing booking the draft would make invalid: the conflicts it would have under the draft
/// that it does not have under the published configuration.
struct broken_booking {
  appointment booking;
  int start_offset = 0;  ///< the site's UTC offset at the start (published configuration)
  std::vector<conflict> conflicts;
};

struct simulation {
  std::vector<simulation_row> rows;       ///< sorted by date, site, professional, chair; all-zero rows left out
  std::vector<broken_booking> broken;     ///< sorted by start, then id
  long long before = 0, after = 0, added = 0, removed = 0;
};

namespace detail {

/// Codes that judge when a booking is made (notice, advance, grid, reserved chair time: a
/// reservation holds free time, it never evicts a booking), not whether it can be honoured.
inline bool judges_booking_time(const std::string& code) {
  return code == "too_soon" || code == "too_far" || code == "off_step_grid" || code == "chair_reserved";
}

inline bool same_reason(const conflict& a, const conflict& b) {
  return a.code == b.code && a.booking == b.booking && a.block == b.block && a.chair == b.chair && a.resource == b.resource;
}

/// `draft` plus the treatments of `published` it no longer has: existing bookings of a removed
/// treatment still occupy their professional, chair and resources until someone moves them, so
/// their footprint must stay known. No professional of `draft` performs the added ones, so they are
/// never offered.
inline clinic with_removed_treatments(const clinic& draft, const clinic& published) {
  clinic c = draft;
  for (const auto& t : published.treatments)
    if (!draft.find_treatment(t.id)) c.treatments.push_back(t);
  return c;
}

/// The (slot, chair) pairs of an answer.
inline std::size_t slot_chairs_of(const compact_availability& a) {
  std::size_t n = 0;
  for (const compact_slot& x : a.slots) n += a.run_begin[x.chairs + 1] - a.run_begin[x.chairs];
  return n;
}

/// Ids in sorted order, for dense indices that keep the engine's (start, professional id) order.
class id_table {
 public:
  void add(const std::string& id) { ids_.push_back(id); }
  void seal() {
    std::sort(ids_.begin(), ids_.end());
    ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
  }
  std::uint32_t at(const std::string& id) const {
    return static_cast<std::uint32_t>(std::lower_bound(ids_.begin(), ids_.end(), id) - ids_.begin());
  }
  const std::string& name(std::uint32_t i) const { return ids_[i]; }
  std::size_t size() const noexcept { return ids_.size(); }

 private:
  std::vector<std::string> ids_;
};

}  // namespace detail

/// Compares the slots of `published` and `draft` over `req`, and lists the existing pending and
/// confirmed bookings starting in the range that the draft would break. Pure: the same inputs give
/// the same answer. Throws booking::error for a bad request (unknown site or treatment filter,
/// range too long). `cal` must be valid against `published` (parse_calendar).
///
///   booking::simulation sim = booking::simulate(published, draft, calendar, req);
///   for (const auto& b : sim.broken) std::cout << b.booking.id << ": " << b.conflicts[0].message << "\n";
inline simulation simulate(const clinic& published, const clinic& draft, const calendar& cal, const simulation_request& req) {
  detail::check_order(req.from, req.to);
  auto add_unique = [](std::vector<std::string>& v, const std::string& id) {
    if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
  };
  // A filter that names a site or treatment twice means it once (it used to count every row twice).
  std::vector<std::string> sites, treatments;
  for (const auto& id : req.sites) add_unique(sites, id);
  for (const auto& id : req.treatments) add_unique(treatments, id);
  const bool treatment_filter = !treatments.empty();
  for (std::size_t i = 0; i < req.sites.size(); ++i)
    if (!published.find_site(req.sites[i]) && !draft.find_site(req.sites[i]))
      throw error("unknown_id", "/sites/" + std::to_string(i), "neither configuration has a site \"" + req.sites[i] + "\"");
  for (std::size_t i = 0; i < req.treatments.size(); ++i)
    if (!published.find_treatment(req.treatments[i]) && !draft.find_treatment(req.treatments[i]))
      throw error("unknown_id", "/treatments/" + std::to_string(i), "neither configuration has a treatment \"" + req.treatments[i] + "\"");
  if (sites.empty()) {
    for (const auto& s : published.sites) add_unique(sites, s.id);
    for (const auto& s : draft.sites) add_unique(sites, s.id);
  }
  if (treatments.empty()) {
    for (const auto& t : published.treatments) add_unique(treatments, t.id);
    for (const auto& t : draft.treatments) add_unique(treatments, t.id);
  }
  // Every existing booking still occupies its time under the draft, even one the draft breaks.
  const clinic draft_ext = detail::with_removed_treatments(draft, published);

  detail::id_table pros;
  for (const auto& p : published.professionals) pros.add(p.id);
  for (const auto& p : draft.professionals) pros.add(p.id);
  pros.seal();

  simulation sim;
  struct counts {
    int before = 0, after = 0, added = 0, removed = 0;
  };
  std::size_t pairs_seen = 0;
  for (const std::string& sid : sites) {
    const site* ps = published.find_site(sid);
    const site* ds = draft.find_site(sid);
    detail::id_table chairs;
    if (ps) for (const auto& ch : ps->chairs) chairs.add(ch.id);
    if (ds) for (const auto& ch : ds->chairs) chairs.add(ch.id);
    chairs.seal();
    // (day, professional, chair) → counts, dense: one block of professionals × chairs cells per
    // local day that has a slot, in day order (a fall-back hour can bring a start back to the
    // previous local day, so days are not met in order). Every (slot, chair) pair is one add to an
    // array cell; a hash lookup per pair was a seventh of the simulation.
    const std::size_t n_chairs = chairs.size(), block = pros.size() * n_chairs;
    std::map<day_number, std::vector<counts>> cells;
    day_number block_day = 0;
    counts* block_at = nullptr;
    auto cells_of = [&](minutes_t start, int offset) {  // the block of start's local day
      const auto day = static_cast<day_number>(day_of(start + offset));
      if (block_at == nullptr || day != block_day) {
        auto& v = cells[day];
        if (v.empty()) v.resize(block);
        block_day = day;
        block_at = v.data();
      }
      return block_at;
    };
    // One answer in the simulator's terms: each professional as its index in `pros` (id order, so
    // comparing indices compares ids) and each free-chair run as sorted indices into `chairs`.
    struct mapped {
      compact_availability a;
      std::vector<std::uint32_t> pro;
      std::vector<std::uint32_t> chair;  // same layout as a.free_chairs, each run sorted
    };
    // One preparation per configuration of this site (availability.h): what every treatment's
    // answer shares is built once, on the first answer that needs it.
    std::optional<site_availability> prep_published, prep_draft;
    auto answer = [&](std::optional<site_availability>& prep, const clinic& c, const site& st, const availability_request& ar) {
      if (!prep) prep.emplace(c, cal, st, req.from, req.to);
      mapped m{find_availability_compact(*prep, ar), {}, {}};
      for (const auto& p : m.a.professionals) m.pro.push_back(pros.at(p));
      std::vector<std::uint32_t> local(m.a.chairs.size());
      for (std::size_t k = 0; k < local.size(); ++k) local[k] = chairs.at(m.a.chairs[k]);
      m.chair.reserve(m.a.free_chairs.size());
      for (std::uint32_t k : m.a.free_chairs) m.chair.push_back(local[k]);
      for (std::size_t r = 0; r < m.a.runs(); ++r)
        std::sort(m.chair.begin() + m.a.run_begin[r], m.chair.begin() + m.a.run_begin[r + 1]);
      return m;
    };
    for (const std::string& tid : treatments) {
      // The cap covers every answer: each one may use what the previous ones left, and reaching it
      // (or any too_large of an answer) is the simulation's too_large.
      auto check_cap = [&] {
        if (pairs_seen >= req.max_slot_chairs)
          throw error("too_large", "/to", "the simulation would compare more than " + std::to_string(req.max_slot_chairs) +
                                              " slot-chair pairs; simulate fewer days, sites or treatments");
      };
      check_cap();
      auto capped = [&](std::optional<site_availability>& prep, const clinic& c, const site& st) {
        const availability_request ar{.site = sid, .treatment = tid, .from = req.from, .to = req.to, .now = req.now,
                                      .max_slots = static_cast<std::size_t>(-1),  // what matters here is the pairs compared
                                      .max_slot_chairs = req.max_slot_chairs - pairs_seen};
        mapped m;
        try {
          m = answer(prep, c, st, ar);
        } catch (const error& e) {
          if (e.code() != "too_large") throw;
          pairs_seen = req.max_slot_chairs;
        }
        pairs_seen += detail::slot_chairs_of(m.a);  // 0 after a too_large: pairs_seen is at the cap
        check_cap();
        return m;
      };
      const mapped b = ps && published.find_treatment(tid) ? capped(prep_published, published, *ps) : mapped{};
      const mapped a = ds && draft.find_treatment(tid) ? capped(prep_draft, draft_ext, *draft_ext.find_site(sid)) : mapped{};
      const std::vector<compact_slot>& before = b.a.slots;
      const std::vector<compact_slot>& after = a.a.slots;
      // Both answers are sorted by (start, professional id): merge them.
      std::size_t i = 0, j = 0;
      while (i < before.size() || j < after.size()) {
        int order;
        if (i == before.size()) order = 1;
        else if (j == after.size()) order = -1;
        else if (before[i].start != after[j].start) order = before[i].start < after[j].start ? -1 : 1;
        else {
          const std::uint32_t x = b.pro[before[i].professional], y = a.pro[after[j].professional];
          order = x < y ? -1 : x > y ? 1 : 0;
        }
        const std::uint32_t *cb = nullptr, *cb_end = nullptr, *ca = nullptr, *ca_end = nullptr;
        if (order <= 0) {
          cb = b.chair.data() + b.a.run_begin[before[i].chairs];
          cb_end = b.chair.data() + b.a.run_begin[before[i].chairs + 1];
        }
        if (order >= 0) {
          ca = a.chair.data() + a.a.run_begin[after[j].chairs];
          ca_end = a.chair.data() + a.a.run_begin[after[j].chairs + 1];
        }
        const minutes_t start = order <= 0 ? before[i].start : after[j].start;
        const std::uint32_t pro = order <= 0 ? b.pro[before[i].professional] : a.pro[after[j].professional];
        // Local days as before: a pair only the published answer has by its offset, the others by
        // the draft's (they differ only if the draft moves the site to another zone).
        counts* const row_b = order <= 0 ? cells_of(start, before[i].start_offset) + pro * n_chairs : nullptr;
        counts* const row_a = order >= 0 ? cells_of(start, after[j].start_offset) + pro * n_chairs : nullptr;
        while (cb != cb_end || ca != ca_end) {
          if (ca == ca_end || (cb != cb_end && *cb < *ca)) {
            counts& k = row_b[*cb++];
            ++k.before;
            ++k.removed;
          } else if (cb == cb_end || *ca < *cb) {
            counts& k = row_a[*ca++];
            ++k.after;
            ++k.added;
          } else {
            counts& k = row_a[*ca];
            ++k.before;
            ++k.after;
            ++cb, ++ca;
          }
        }
        if (order <= 0) ++i;
        if (order >= 0) ++j;
      }
    }
    // Days in order, then indices in id order: rows by (date, professional id, chair id) without
    // comparing a string. A cell no pair touched is all zero (each pair adds to before or after).
    for (const auto& [day, v] : cells) {
      for (std::size_t x = 0; x < v.size(); ++x) {
        const counts& k = v[x];
        if (k.before == 0 && k.after == 0) continue;
        simulation_row& r = sim.rows.emplace_back();
        r.date = day;
        r.site = sid;
        r.professional = pros.name(static_cast<std::uint32_t>(x / n_chairs));
        r.chair = chairs.name(static_cast<std::uint32_t>(x % n_chairs));
        r.before = k.before;
        r.after = k.after;
        r.added = k.added;
        r.removed = k.removed;
        sim.before += k.before;
        sim.after += k.after;
        sim.added += k.added;
        sim.removed += k.removed;
      }
    }
  }
  if (sites.size() > 1)  // one site's rows are already in date order
    std::stable_sort(sim.rows.begin(), sim.rows.end(), [](const simulation_row& a, const simulation_row& b) {
      return std::tie(a.date, a.site) < std::tie(b.date, b.site);
    });

  // Bookings: what the draft adds to the reasons each one could not be made. check_booking reads
  // other bookings only where their footprint overlaps the one checked, and every footprint lies
  // within the longest chair window (either configuration) of its start, so each booking is checked
  // against the bookings starting within twice that of it (in calendar order, as check_booking
  // would meet them), not against the whole calendar.
  const minutes_t reach = 2 * std::max(longest_window(published), longest_window(draft_ext)) + 1;
  std::vector<std::size_t> by_start(cal.bookings.size());
  std::iota(by_start.begin(), by_start.end(), std::size_t{0});
  std::stable_sort(by_start.begin(), by_start.end(),
                   [&](std::size_t a, std::size_t b) { return cal.bookings[a].start < cal.bookings[b].start; });
  std::vector<minutes_t> starts;
  starts.reserve(by_start.size());
  for (std::size_t i : by_start) starts.push_back(cal.bookings[i].start);
  // The bookings are visited in start order, so the window slides: each step drops the bookings
  // that fell out of reach and adds those that came into it. The checks read collisions from the
  // window and everything else (the day's and week's limits, a patient's other bookings) from
  // the whole calendar: a limit counts bookings hours apart.
  std::vector<std::size_t> members;    // the calendar indices of the window, increasing
  std::size_t win_lo = 0, win_hi = 0;  // the window is by_start[win_lo, win_hi)
  auto slide_to = [&](const appointment& b) {
    const auto lo = static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), b.start - reach) - starts.begin());
    const auto hi = static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), b.start + reach) - starts.begin());
    for (; win_lo < std::min(lo, win_hi); ++win_lo)
      members.erase(std::lower_bound(members.begin(), members.end(), by_start[win_lo]));
    if (win_hi < lo) win_lo = win_hi = lo;  // nothing of the old window is left
    for (; win_hi < hi; ++win_hi) {
      const std::size_t i = by_start[win_hi];
      members.insert(std::lower_bound(members.begin(), members.end(), i), i);
    }
  };
  auto near_of = [&](interval) {  // the window's occupying bookings, in calendar order
    std::vector<const appointment*> out;
    out.reserve(members.size());
    for (const std::size_t i : members)
      if (cal.bookings[i].occupies()) out.push_back(&cal.bookings[i]);
    return out;
  };
  const detail::treatment_index draft_treatments(draft_ext), published_treatments(published);
  std::unordered_map<std::string_view, zone_calendar> zones;
  for (const std::size_t bi : by_start) {  // start order, for the window (the answer is sorted below)
    const appointment& b = cal.bookings[bi];
    if (b.status != booking_status::pending && b.status != booking_status::confirmed) continue;
    if (std::find(sites.begin(), sites.end(), b.site) == sites.end()) continue;
    if (treatment_filter && std::find(treatments.begin(), treatments.end(), b.treatment) == treatments.end()) continue;
    const site* ps = published.find_site(b.site);
    if (ps == nullptr) continue;  // cannot happen for a calendar valid against `published`
    const zone_calendar& zc = zones.try_emplace(ps->id, find_zone(ps->timezone), req.from - 2, req.to + 2).first->second;
    const day_number d = zc.local_day_of(b.start);
    if (d < req.from || d > req.to) continue;
    const proposal pr{.id = b.id, .site = b.site, .professional = b.professional, .chair = b.chair, .treatment = b.treatment, .start = b.start};
    slide_to(b);
    // Only the reasons matter here: claim keys would be a fifth of the simulation's time.
    const check_options reasons_only{.claims = false};
    std::vector<conflict> now_;
    if (draft.find_treatment(b.treatment) == nullptr)
      now_.push_back({"unknown_id", "the draft has no treatment \"" + b.treatment + "\""});
    else
      now_ = detail::check_booking_with(draft_ext, cal, draft_treatments, near_of, pr, req.now, reasons_only).conflicts;
    std::erase_if(now_, [](const conflict& k) { return detail::judges_booking_time(k.code); });
    if (now_.empty()) continue;  // nothing the published configuration could have had already
    const std::vector<conflict> was =
        detail::check_booking_with(published, cal, published_treatments, near_of, pr, req.now, reasons_only).conflicts;
    broken_booking bb{b, zc.offset_at(b.start), {}};
    for (auto& k : now_)
      if (std::none_of(was.begin(), was.end(), [&](const conflict& w) { return detail::same_reason(w, k); })) bb.conflicts.push_back(std::move(k));
    if (!bb.conflicts.empty()) sim.broken.push_back(std::move(bb));
  }
  // Stable: bookings of one start were met in calendar order.
  std::stable_sort(sim.broken.begin(), sim.broken.end(), [](const broken_booking& a, const broken_booking& b) {
    return std::tie(a.booking.start, a.booking.id) < std::tie(b.booking.start, b.booking.id);
  });
  return sim;
}

}  // namespace booking
