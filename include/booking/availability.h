// booking::find_availability — the free slots of a treatment at a site, exact across DST changes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "booking/clinic.h"
#include "booking/error.h"
#include "booking/limits.h"
#include "booking/ranking.h"
#include "booking/reservations.h"
#include "booking/schedule.h"
#include "booking/zone.h"

namespace booking {

/// What to search: a treatment at a site over inclusive local dates, as seen at instant `now`.
/// The default caps of one availability answer (docs/format.md, Limits): a week of a large site is
/// a few thousand slots; an 18 KB clinic of 100 chairs and 100 professionals open all day on a
/// one-minute grid is millions, and hundreds of megabytes of JSON.
inline constexpr std::size_t default_max_slots = 200'000;
inline constexpr std::size_t default_max_slot_chairs = 2'000'000;

struct availability_request {
  std::string site;
  std::string treatment;
  day_number from = 0;
  day_number to = 0;
  minutes_t now = 0;                       ///< UTC minute; the policy window is measured from it
  std::vector<std::string> professionals;  ///< optional filter; empty means everyone who performs it
  std::vector<std::string> chairs;         ///< optional filter; empty means every eligible chair
  /// Optional: the patient the slots are for; starts whose appointment would overlap one of the
  /// patient's bookings are left out (check_booking reports them as patient_busy).
  std::string patient;
  /// The order of the answer: by start (the default), or slot_order::compact — the slots that
  /// leave the fewest idle gaps first, each with its score and its best chair first (ranking.h).
  slot_order order = slot_order::start;
  /// Caps on the answer, checked as it is built: past either, too_large (pointer "/to") before the
  /// memory is spent. A host may lower or raise them; the JSON request cannot.
  std::size_t max_slots = default_max_slots;
  std::size_t max_slot_chairs = default_max_slot_chairs;  ///< slots × the free chairs each lists
};

/// One bookable (start, professional). `chairs` lists every free eligible chair in configuration
/// order; the first is the one to book by default.
struct slot {
  std::string id;  ///< stable: "site:professional:treatment:YYYYMMDDTHHMMZ" (see slot_id)
  minutes_t start = 0;
  minutes_t end = 0;  ///< end of the last segment (buffers not included)
  int start_offset = 0;  ///< the site's UTC offset at start, minutes
  int end_offset = 0;
  std::string professional;
  std::vector<std::string> chairs;
  std::vector<std::string> resources;
  std::optional<slot_score> score;  ///< with slot_order::compact: what taking it leaves (ranking.h)

  const std::string& chair() const { return chairs.front(); }
};

/// One bookable (start, professional) of a compact_availability: indices instead of strings.
struct compact_slot {
  minutes_t start = 0;
  int start_offset = 0;          ///< the site's UTC offset at start, minutes
  int end_offset = 0;            ///< ... and at start + duration
  std::uint32_t professional = 0;  ///< index into compact_availability::professionals
  std::uint32_t chairs = 0;        ///< index of its free-chair run (compact_availability::chairs_of)
};

/// The same answer as find_availability, without a string or a vector per slot: every slot names
/// its professional and its free chairs by index into tables held once per answer. The
/// professionals at one start share one run of chair indices (it does not depend on them), so the
/// whole answer is a handful of flat vectors. The JSON path (to_json_text) and simulate use it;
/// to_slots turns it into find_availability's std::vector<slot>.
struct compact_availability {
  std::string site;
  std::string treatment;
  minutes_t duration = 0;                  ///< a slot ends at start + duration (buffers not included)
  std::vector<std::string> professionals;  ///< sorted by id: index order is id order
  std::vector<std::string> chairs;         ///< eligible chairs, in configuration order
  std::vector<std::string> resources;      ///< what every slot uses (treatment::resource_ids)
  /// Free-chair runs, concatenated: run r is free_chairs[run_begin[r] .. run_begin[r + 1]), indices
  /// into `chairs` in increasing (configuration) order, never empty, no two equal (starts with the
  /// same free chairs share a run).
  std::vector<std::uint32_t> free_chairs;
  std::vector<std::uint32_t> run_begin{0};
  std::vector<compact_slot> slots;  ///< sorted by start, then professional (id); or ranked (below)
  /// With slot_order::compact, one per slot: the slots are sorted by score (better first), then
  /// start and professional, and each run lists the slot's best chair first. Empty otherwise.
  std::vector<slot_score> scores;

  std::span<const std::uint32_t> chairs_of(const compact_slot& s) const {
    return {free_chairs.data() + run_begin[s.chairs], free_chairs.data() + run_begin[s.chairs + 1]};
  }
  minutes_t end_of(const compact_slot& s) const { return s.start + duration; }
  std::size_t runs() const { return run_begin.size() - 1; }
};

/// The largest date range one request may span (inclusive days).
inline constexpr int max_request_days = 366;

/// The id of a slot: the same slot has the same id in every call and every language.
inline std::string slot_id(std::string_view site, std::string_view professional, std::string_view treatment,
                           minutes_t start) {
  std::string s;
  s.reserve(site.size() + professional.size() + treatment.size() + 17);
  s.append(site).append(":").append(professional).append(":").append(treatment).append(":");
  append_stamp(s, start);
  return s;
}

namespace detail {

/// A request's local date range must not run backwards (availability and simulate alike).
inline void check_order(day_number from, day_number to) {
  if (to < from) throw error("invalid_range", "/to", "\"to\" (" + format_date(to) + ") is before \"from\" (" + format_date(from) + ")");
}

}  // namespace detail

namespace detail {

/// Bookings that may touch `horizon`, in start order, without sorting a sorted calendar again.
inline std::vector<const appointment*> bookings_near(const calendar& cal, interval horizon, minutes_t reach) {
  std::vector<const appointment*> out;
  for (const auto& b : cal.bookings)
    if (b.occupies() && b.start < horizon.hi + reach && b.start + reach > horizon.lo) out.push_back(&b);
  return out;
}

/// Treatments by id, for looking up what existing bookings occupy.
class treatment_index {
 public:
  explicit treatment_index(const clinic& c) {
    for (const auto& t : c.treatments) m_.emplace(t.id, &t);
  }
  const treatment& of(const appointment& b) const {
    auto it = m_.find(b.treatment);
    if (it == m_.end()) throw error("unknown_id", "", "booking " + b.id + " refers to unknown treatment \"" + b.treatment + "\"");
    return *it->second;
  }

 private:
  std::unordered_map<std::string_view, const treatment*> m_;
};

/// The patient's appointments ([start, end of the last segment): buffers need only the chair), of
/// every occupying booking but `except`.
inline std::vector<std::pair<const appointment*, interval>> patient_appointments(const clinic& c, const calendar& cal,
                                                                                 std::string_view patient,
                                                                                 std::string_view except) {
  std::vector<std::pair<const appointment*, interval>> out;
  for (const auto& b : cal.bookings) {
    if (!b.occupies() || b.patient != patient || (!except.empty() && b.id == except)) continue;
    const treatment* t = c.find_treatment(b.treatment);
    if (t == nullptr) throw error("unknown_id", "", "booking " + b.id + " refers to unknown treatment \"" + b.treatment + "\"");
    out.emplace_back(&b, interval{b.start, b.start + t->duration()});
  }
  return out;
}

/// The starts at which an appointment `duration` minutes long would overlap one of the patient's.
inline interval_set patient_busy_starts(const clinic& c, const calendar& cal, std::string_view patient,
                                        minutes_t duration, std::string_view except) {
  std::vector<interval> busy;
  for (const auto& [b, w] : patient_appointments(c, cal, patient, except)) busy.push_back({w.lo - duration + 1, w.hi});
  return interval_set(std::move(busy));
}

/// {t : fewer than `capacity` of `uses` cover t}, within `horizon`.
inline interval_set below_capacity(std::vector<interval>& uses, int capacity, interval horizon) {
  std::vector<std::pair<minutes_t, int>> ev;
  ev.reserve(uses.size() * 2);
  for (auto u : uses) {
    ev.emplace_back(u.lo, +1);
    ev.emplace_back(u.hi, -1);
  }
  std::sort(ev.begin(), ev.end());  // at equal times -1 sorts first: right-open intervals
  interval_set full;
  int n = 0;
  minutes_t since = 0;
  for (auto [t, d] : ev) {
    int before = n;
    n += d;
    if (before < capacity && n >= capacity) since = t;
    if (before >= capacity && n < capacity) full.add({since, t});
  }
  return interval_set::single(horizon) - full;
}

}  // namespace detail

/// Longest chair window (buffers + segments) of any treatment, in minutes: how far a booking reaches.
inline minutes_t longest_window(const clinic& c) {
  minutes_t m = 0;
  for (const auto& t : c.treatments) m = std::max<minutes_t>(m, t.buffer_before + t.duration() + t.buffer_after);
  return m;
}

namespace detail {

/// The checks of a request's date range, in the order find_availability reports them.
inline void check_range(day_number from, day_number to) {
  check_order(from, to);
  if (to - from + 1 > max_request_days)
    throw error("too_large", "/to", "a request may span at most " + std::to_string(max_request_days) + " days");
  if (from < min_day || to > max_day)
    throw error("out_of_range", "/from", "dates must lie between 1990-01-01 and 2037-12-31");
}

}  // namespace detail

/// What the availability of every treatment at one site over one date range shares: the zone
/// calendar, the grid, the bookings near the range and their footprints, the site's open hours less
/// whole-site blocks, each chair's free time, and (computed on first use) each professional's and
/// each resource's free time. find_availability_compact(prepared, request) then does only the
/// per-treatment work (erosion by the treatment's footprint, policy windows, the grid pass), so a
/// caller asking for several treatments (simulate, a page listing a site's treatments) prepares once.
/// Refers to `c` and `cal`, which must outlive it; not safe to share between threads (the lazy
/// parts are filled on first use).
///
///   const booking::site_availability prep(clinic, calendar, *clinic.find_site("s"), from, to);
///   for (const auto& t : clinic.treatments) use(booking::find_availability_compact(prep, {.site = "s", .treatment = t.id, ...}));
class site_availability {
 public:
  /// Throws booking::error for a bad range (as find_availability) or an unknown zone.
  site_availability(const clinic& c, const calendar& cal, const site& s, day_number from, day_number to)
      : c_(&c), cal_(&cal), s_(&s), from_(from), to_(to), d0_(from - 2), d1_(to + 2),
        zc_((detail::check_range(from, to), zone_of(s)), from - 2, to + 2), treatments_(c) {
    step_ = c.policies_for(s).slot_step_minutes;
    for (day_number d = from; d <= to; ++d) zc_.append_grid(d, step_, grid_);
    // Every booking that may reach into the local days [d0, d1] (a superset of what any treatment's
    // horizon needs: more bookings only remove time no slot of the range looks at).
    const interval horizon{(minutes_t{d0_} - 2) * 1440, (minutes_t{d1_} + 3) * 1440};
    for (const appointment* b : detail::bookings_near(cal, horizon, longest_window(c) + 1))
      near_.push_back({b, footprint_of(treatments_.of(*b), b->start)});
    // Chairs: open − site blocks − chair blocks − other bookings' chair windows (not yet eroded).
    open_ = site_open(s, zc_, d0_, d1_);
    {
      std::vector<interval> closed;
      for (const auto& b : cal.blocks) if (b.site == s.id && b.whole_site()) closed.push_back(b.span);
      open_ -= interval_set(std::move(closed));
    }
    std::unordered_map<std::string_view, std::size_t> chair_index;
    for (std::size_t k = 0; k < s.chairs.size(); ++k) chair_index.emplace(s.chairs[k].id, k);
    std::vector<std::vector<interval>> busy(s.chairs.size());
    for (const auto& b : cal.blocks)
      if (b.site == s.id && !b.chair.empty())
        if (auto it = chair_index.find(b.chair); it != chair_index.end()) busy[it->second].push_back(b.span);
    for (const auto& [b, fp] : near_)
      if (b->site == s.id)
        if (auto it = chair_index.find(b->chair); it != chair_index.end()) busy[it->second].push_back(fp.chair);
    chair_free_.reserve(s.chairs.size());
    for (auto& v : busy) chair_free_.push_back(open_ - interval_set(std::move(v)));
    pro_free_.resize(c.professionals.size());
  }

  const clinic& clinic_of() const noexcept { return *c_; }
  const calendar& calendar_of() const noexcept { return *cal_; }
  const site& site_of() const noexcept { return *s_; }
  day_number from() const noexcept { return from_; }
  day_number to() const noexcept { return to_; }
  const zone_calendar& zones() const noexcept { return zc_; }
  const std::vector<minutes_t>& grid() const noexcept { return grid_; }
  /// Chair k of the site (configuration order): open, not blocked, not taken; not eroded.
  const interval_set& chair_free(std::size_t k) const { return chair_free_[k]; }
  /// Professional `p` (of clinic_of()): working here, not blocked, not busy anywhere; not eroded.
  const interval_set& professional_free(const professional& p) const {
    auto& slot = pro_free_[static_cast<std::size_t>(&p - c_->professionals.data())];
    if (!slot) {
      std::vector<interval> busy;
      for (const auto& b : cal_->blocks)
        if (b.professional == p.id && (b.site.empty() || b.site == s_->id)) busy.push_back(b.span);
      for (const auto& [b, fp] : near_)
        if (b->professional == p.id)
          for (auto w : fp.professional) busy.push_back(w);
      slot = working_hours(p, s_->id, zc_, d0_, d1_) - interval_set(std::move(busy));
    }
    return *slot;
  }
  /// Resource `r` of the site: below capacity and not blocked (within the prepared days); not eroded.
  const interval_set& resource_free(const resource& r) const {
    for (const auto& [id, set] : res_free_) if (id == r.id) return set;
    std::vector<interval> uses;
    for (const auto& [b, fp] : near_) {
      if (b->site != s_->id) continue;
      for (const auto& [id, u] : fp.resources)
        if (id == r.id) uses.push_back(u);
    }
    const interval horizon{(minutes_t{d0_} - 2) * 1440, (minutes_t{d1_} + 3) * 1440};
    interval_set free = detail::below_capacity(uses, r.capacity, horizon);
    std::vector<interval> blocked;
    for (const auto& b : cal_->blocks) if (b.site == s_->id && b.resource == r.id) blocked.push_back(b.span);
    free -= interval_set(std::move(blocked));
    return res_free_.emplace_back(r.id, std::move(free)).second;
  }

 private:
  static const date::time_zone* zone_of(const site& s) {
    const auto* zone = find_zone(s.timezone);
    if (zone == nullptr) throw error("unknown_zone", "/site", "site " + s.id + " has an unknown time zone \"" + s.timezone + "\"");
    return zone;
  }

  const clinic* c_;
  const calendar* cal_;
  const site* s_;
  day_number from_, to_, d0_, d1_;  ///< the request's days; two days of margin either side
  zone_calendar zc_;
  detail::treatment_index treatments_;
  int step_ = 0;
  std::vector<minutes_t> grid_;
  std::vector<std::pair<const appointment*, footprint>> near_;
  interval_set open_;
  std::vector<interval_set> chair_free_;
  mutable std::vector<std::optional<interval_set>> pro_free_;
  mutable std::deque<std::pair<std::string, interval_set>> res_free_;  // a deque: references stay valid
};

namespace detail {

/// The treatment and professionals of `req` at `s` (its filters checked), as find_availability
/// reports unknown ones; the date range is checked between the two, in the same order.
struct resolved_request {
  const site* s = nullptr;
  const treatment* t = nullptr;
  std::vector<const professional*> pros;
};

inline const site& resolve_site(const clinic& c, const availability_request& req) {
  const site* s = c.find_site(req.site);
  if (s == nullptr) throw error("unknown_id", "/site", "unknown site \"" + req.site + "\"");
  return *s;
}

inline const treatment& resolve_treatment(const clinic& c, const availability_request& req) {
  const treatment* t = c.find_treatment(req.treatment);
  if (t == nullptr) throw error("unknown_id", "/treatment", "unknown treatment \"" + req.treatment + "\"");
  return *t;
}

inline std::vector<const professional*> resolve_filters(const clinic& c, const site& s, const treatment& t,
                                                        const availability_request& req) {
  for (std::size_t i = 0; i < req.chairs.size(); ++i)
    if (s.find_chair(req.chairs[i]) == nullptr)
      throw error("unknown_id", "/chairs/" + std::to_string(i), "site " + s.id + " has no chair \"" + req.chairs[i] + "\"");
  std::vector<const professional*> pros;
  if (req.professionals.empty()) {
    for (const auto& p : c.professionals) if (p.performs(t.id)) pros.push_back(&p);
  } else {
    for (std::size_t i = 0; i < req.professionals.size(); ++i) {
      const professional* p = c.find_professional(req.professionals[i]);
      if (p == nullptr)
        throw error("unknown_id", "/professionals/" + std::to_string(i), "unknown professional \"" + req.professionals[i] + "\"");
      if (p->performs(t.id) && std::find(pros.begin(), pros.end(), p) == pros.end()) pros.push_back(p);
    }
  }
  return pros;
}

/// Orders a start-ordered answer by slot_score (ranking.h): for each slot, the gaps its
/// professional's segments leave in the professional's free time and, per free chair, the gaps its
/// chair window leaves in the chair's free time (reservations apart: held time is idle too if
/// nobody takes it); the best chair (fewest idle minutes, then gaps, then configuration order)
/// goes first in the slot's run, and its score is the slot's. A stable sort keeps start and
/// professional order among equal scores, so the ranking only departs from first-fit where
/// first-fit leaves more idle time.
inline void rank_compact(const site_availability& prep, const footprint& shape, const std::vector<const chair*>& chairs,
                         const std::vector<const professional*>& pros, compact_availability& out) {
  const clinic& c = prep.clinic_of();
  const site& s = prep.site_of();
  const std::span<const minutes_t> grid = prep.grid();
  std::vector<std::span<const interval>> chair_free, pro_free;
  std::vector<std::vector<shape_span>> chair_fits, pro_fits;
  for (const chair* ch : chairs) {
    chair_free.push_back(prep.chair_free(static_cast<std::size_t>(ch - s.chairs.data())).intervals());
    chair_fits.push_back(chair_shapes(c, *ch));
  }
  for (const professional* p : pros) {
    pro_free.push_back(prep.professional_free(*p).intervals());
    pro_fits.push_back(professional_shapes(c, *p));
  }
  const std::size_t n = out.slots.size();
  std::vector<slot_score> score(n);
  std::vector<std::uint32_t> best(n);
  for (std::size_t i = 0; i < n; ++i) {
    const compact_slot& sl = out.slots[i];
    slot_score pro;
    const interval first{sl.start + shape.professional.front().lo, sl.start + shape.professional.front().hi};
    const interval last{sl.start + shape.professional.back().lo, sl.start + shape.professional.back().hi};
    detail::add_gaps(pro, pro_free[sl.professional], first, last, grid, pro_fits[sl.professional]);
    std::optional<slot_score> top;
    for (std::uint32_t k : out.chairs_of(sl)) {
      slot_score on = pro;
      const interval w{sl.start + shape.chair.lo, sl.start + shape.chair.hi};
      detail::add_gaps(on, chair_free[k], w, w, grid, chair_fits[k]);
      if (!top || better(on, *top)) {
        top = on;
        best[i] = k;
      }
    }
    score[i] = *top;
  }
  // The runs again, each slot's best chair first (slots sharing a run and a best chair share again).
  std::map<std::vector<std::uint32_t>, std::uint32_t> seen;
  std::vector<std::uint32_t> free_chairs, run_begin{0};
  for (std::size_t i = 0; i < n; ++i) {
    compact_slot& sl = out.slots[i];
    std::vector<std::uint32_t> run{best[i]};
    for (std::uint32_t k : out.chairs_of(sl)) if (k != best[i]) run.push_back(k);
    auto [it, fresh] = seen.try_emplace(run, static_cast<std::uint32_t>(run_begin.size() - 1));
    if (fresh) {
      free_chairs.insert(free_chairs.end(), run.begin(), run.end());
      run_begin.push_back(static_cast<std::uint32_t>(free_chairs.size()));
    }
    sl.chairs = it->second;
  }
  out.free_chairs = std::move(free_chairs);
  out.run_begin = std::move(run_begin);
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return better(score[a], score[b]); });
  std::vector<compact_slot> slots(n);
  out.scores.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    slots[i] = out.slots[order[i]];
    out.scores[i] = score[order[i]];
  }
  out.slots = std::move(slots);
}

/// The per-treatment pass of find_availability_compact over a prepared site.
inline compact_availability availability_pass(const site_availability& prep, const treatment& tr,
                                              std::vector<const professional*> pros, const availability_request& req) {
  const clinic& c = prep.clinic_of();
  const calendar& cal = prep.calendar_of();
  const site* s = &prep.site_of();
  const treatment* t = &tr;
  const zone_calendar& zc = prep.zones();
  auto policy_window = [&](const professional* p) {
    const policies pp = c.policies_for(*s, p);
    return interval_set::single({req.now + pp.min_notice_minutes, req.now + minutes_t{pp.max_advance_days} * 1440});
  };
  interval_set any_policy;
  for (const professional* p : pros) any_policy |= policy_window(p);
  interval_set window = zc.local_days(req.from, req.to) & any_policy;
  compact_availability out;
  out.site = s->id;
  out.treatment = t->id;
  out.duration = t->duration();
  if (window.empty() || pros.empty()) return out;

  const footprint shape = footprint_of(*t, 0);  // offsets relative to the start
  // Chairs: the prepared free time, eroded by our chair window.
  std::vector<const chair*> chairs;
  for (const auto& ch : s->chairs)
    if (ch.has_tags(t->chair_tags) &&
        (req.chairs.empty() || std::find(req.chairs.begin(), req.chairs.end(), ch.id) != req.chairs.end()))
      chairs.push_back(&ch);
  std::vector<interval_set> chair_ok;
  chair_ok.reserve(chairs.size());
  interval_set any_chair;
  for (const chair* ch : chairs) {
    const interval_set& free = prep.chair_free(static_cast<std::size_t>(ch - s->chairs.data()));
    // Time a reservation still holds for other treatments (a slot's chair window reaches a day either side).
    const interval_set held = s->reservations.empty() ? interval_set{}
                                                      : held_time(*s, ch->id, t->id, zc, req.from - 1, req.to + 1, req.now);
    chair_ok.push_back((held.empty() ? free : free - held).erode(shape.chair.lo, shape.chair.length()));
    any_chair |= chair_ok.back();
  }
  interval_set common = window & any_chair;
  if (!req.patient.empty()) common -= detail::patient_busy_starts(c, cal, req.patient, out.duration, {});

  // Resources: below capacity and not blocked, for each segment that uses one.
  for (const auto& [rid, w] : shape.resources) {
    const resource* r = s->find_resource(rid);
    if (r == nullptr) return out;  // this site cannot perform the treatment at all
    common &= prep.resource_free(*r).erode(w.lo, w.length());
  }

  out.resources = t->resource_ids();
  for (const chair* ch : chairs) out.chairs.push_back(ch->id);

  // Free starts per professional, in id order; then one pass over the grid emits slots already in
  // (start, professional) order, with one cursor per set instead of a search or a sort.
  std::sort(pros.begin(), pros.end(), [](const professional* a, const professional* b) { return a->id < b->id; });
  std::vector<interval_set> ok_for(pros.size());
  for (std::size_t pi = 0; pi < pros.size(); ++pi) {
    const professional* p = pros[pi];
    out.professionals.push_back(p->id);
    const interval_set& free = prep.professional_free(*p);
    interval_set ok = common & policy_window(p);
    for (const limit_hit& h : limit_hits(c, cal, *s, *p, *t, req.from, req.to)) ok -= zc.local_days(h.day, h.day);
    for (auto w : shape.professional) ok &= free.erode(w.lo, w.length());
    ok_for[pi] = std::move(ok);
  }
  std::vector<const interval*> pro_at(pros.size()), chair_at(chairs.size());
  for (std::size_t pi = 0; pi < pros.size(); ++pi) pro_at[pi] = ok_for[pi].intervals().data();
  for (std::size_t k = 0; k < chairs.size(); ++k) chair_at[k] = chair_ok[k].intervals().data();
  auto inside = [](const interval_set& set, const interval*& at, minutes_t g) {
    const interval* end = set.intervals().data() + set.size();
    while (at != end && at->hi <= g) ++at;
    return at != end && at->lo <= g;
  };
  const interval* common_at = common.intervals().data();
  // Equal free-chair sets at different starts share one run (a month has a few hundred distinct
  // sets for a thousand starts): runs by the hash of their chair indices.
  std::unordered_multimap<std::uint64_t, std::size_t> runs_by_hash;
  auto find_run = [&](std::uint64_t hash, std::size_t begin) {  // the run equal to free_chairs[begin ..), or runs()
    const auto fresh = std::span(out.free_chairs).subspan(begin);
    for (auto [it, end] = runs_by_hash.equal_range(hash); it != end; ++it) {
      const auto run = out.free_chairs.data() + out.run_begin[it->second];
      if (std::equal(fresh.begin(), fresh.end(), run, out.free_chairs.data() + out.run_begin[it->second + 1])) return it->second;
    }
    return out.runs();
  };
  std::size_t run = 0, slot_chairs = 0;
  for (minutes_t g : prep.grid()) {
    if (!inside(common, common_at, g)) continue;
    bool chairs_known = false;
    int start_offset = 0, end_offset = 0;
    for (std::size_t pi = 0; pi < pros.size(); ++pi) {
      if (!inside(ok_for[pi], pro_at[pi], g)) continue;
      if (!chairs_known) {  // the same for every professional at this start: one run, shared
        const std::size_t begin = out.free_chairs.size();
        std::uint64_t hash = 14695981039346656037ull;  // FNV-1a of the chair indices
        for (std::size_t k = 0; k < chairs.size(); ++k) {
          if (!inside(chair_ok[k], chair_at[k], g)) continue;
          out.free_chairs.push_back(static_cast<std::uint32_t>(k));
          hash = (hash ^ k) * 1099511628211ull;
        }
        run = find_run(hash, begin);
        if (run == out.runs()) {
          runs_by_hash.emplace(hash, run);
          out.run_begin.push_back(static_cast<std::uint32_t>(out.free_chairs.size()));
        } else {
          out.free_chairs.resize(begin);  // a run seen before: shared
        }
        start_offset = zc.offset_at(g);
        end_offset = zc.offset_at(g + out.duration);
        chairs_known = true;
      }
      out.slots.push_back({.start = g,
                           .start_offset = start_offset,
                           .end_offset = end_offset,
                           .professional = static_cast<std::uint32_t>(pi),
                           .chairs = static_cast<std::uint32_t>(run)});
      slot_chairs += out.run_begin[run + 1] - out.run_begin[run];
      if (out.slots.size() > req.max_slots || slot_chairs > req.max_slot_chairs)
        throw error("too_large", "/to",
                    "the answer would hold more than " +
                        (out.slots.size() > req.max_slots ? std::to_string(req.max_slots) + " slots"
                                                          : std::to_string(req.max_slot_chairs) + " slot-chair pairs") +
                        "; ask for fewer days, professionals or chairs");
    }
  }
  if (req.order == slot_order::compact) rank_compact(prep, shape, chairs, pros, out);
  return out;
}

}  // namespace detail

/// find_availability's answer as a compact_availability: the same slots in the same order, the same
/// errors, but no allocation per slot. For code that reads many slots or prints them (to_json_text).
///
///   const booking::compact_availability a = booking::find_availability_compact(clinic, calendar, req);
///   for (const auto& s : a.slots) use(s.start, a.professionals[s.professional], a.chairs[a.chairs_of(s)[0]]);
inline compact_availability find_availability_compact(const clinic& c, const calendar& cal,
                                                      const availability_request& req) {
  const site& s = detail::resolve_site(c, req);
  const treatment& t = detail::resolve_treatment(c, req);
  detail::check_range(req.from, req.to);
  std::vector<const professional*> pros = detail::resolve_filters(c, s, t, req);
  const site_availability prep(c, cal, s, req.from, req.to);
  return detail::availability_pass(prep, t, std::move(pros), req);
}

/// The same answer from a prepared site: `req` must name its site and its date range (else
/// unknown_id at "/site" or invalid_range at "/from"); the other fields and errors are find_availability's.
inline compact_availability find_availability_compact(const site_availability& prep, const availability_request& req) {
  const clinic& c = prep.clinic_of();
  const site& s = detail::resolve_site(c, req);
  if (&s != &prep.site_of())
    throw error("unknown_id", "/site", "the site was prepared for \"" + prep.site_of().id + "\", not \"" + req.site + "\"");
  const treatment& t = detail::resolve_treatment(c, req);
  detail::check_range(req.from, req.to);
  if (req.from != prep.from() || req.to != prep.to())
    throw error("invalid_range", "/from", "the site was prepared for " + format_date(prep.from()) + " to " +
                                                 format_date(prep.to()) + ", not " + format_date(req.from) + " to " + format_date(req.to));
  return detail::availability_pass(prep, t, detail::resolve_filters(c, s, t, req), req);
}

/// The slots of a compact answer as find_availability returns them (ids, strings, chair lists).
inline std::vector<slot> to_slots(const compact_availability& a) {
  std::vector<slot> out;
  out.reserve(a.slots.size());
  // An id is "site:professional:treatment:" (one per professional) and the start's stamp (one per
  // start, shared by its professionals): each id is two appends into a buffer of its exact size,
  // not a formatted date per slot.
  std::vector<std::string> prefix;
  prefix.reserve(a.professionals.size());
  for (const std::string& p : a.professionals) prefix.push_back(a.site + ":" + p + ":" + a.treatment + ":");
  std::vector<std::string> free;
  std::uint32_t run = static_cast<std::uint32_t>(-1);
  char stamp[14];  // write_stamp's "YYYYMMDDTHHMMZ"
  std::size_t stamp_size = 0;
  for (std::size_t i = 0; i < a.slots.size(); ++i) {
    const compact_slot& c = a.slots[i];
    if (c.chairs != run) {  // the professionals at one start share a run: build its names once per start
      run = c.chairs;
      free.clear();
      for (std::uint32_t k : a.chairs_of(c)) free.push_back(a.chairs[k]);
    }
    if (i == 0 || c.start != a.slots[i - 1].start) stamp_size = static_cast<std::size_t>(write_stamp(stamp, c.start) - stamp);
    slot& sl = out.emplace_back();
    const std::string& pre = prefix[c.professional];
    sl.id.reserve(pre.size() + stamp_size);
    sl.id.append(pre).append(stamp, stamp_size);
    sl.start = c.start;
    sl.end = a.end_of(c);
    sl.start_offset = c.start_offset;
    sl.end_offset = c.end_offset;
    sl.professional = a.professionals[c.professional];
    sl.chairs = free;
    sl.resources = a.resources;
    if (!a.scores.empty()) sl.score = a.scores[i];
  }
  return out;
}

/// Every free (start, professional) for `req`, sorted by start then professional id.
/// Throws booking::error (pointer relative to the request) for unknown ids or a bad range.
/// (find_availability_compact gives the same answer without a string per slot.)
///
///   booking::availability_request req{.site = "santiago-centro", .treatment = "limpieza",
///                                     .from = *booking::parse_date("2026-12-01"),
///                                     .to = *booking::parse_date("2026-12-07"),
///                                     .now = booking::parse_instant("2026-11-30T12:00:00Z")->minute};
///   for (const auto& s : booking::find_availability(clinic, calendar, req)) use(s.start, s.chair());
inline std::vector<slot> find_availability(const clinic& c, const calendar& cal, const availability_request& req) {
  return to_slots(find_availability_compact(c, cal, req));
}

}  // namespace booking
