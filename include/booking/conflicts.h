// booking::check_booking — every reason a proposed booking cannot be made, and its claim keys.
#pragma once

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_set>
#include <string>
#include <vector>

#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/limits.h"
#include "booking/reservations.h"
#include "booking/schedule.h"
#include "booking/zone.h"

namespace booking {

/// A booking someone wants to make. `chair` may be empty: the first free eligible chair in
/// configuration order is then chosen. `id`, when it names an existing booking, is that booking
/// being moved: it does not collide with itself.
struct proposal {
  std::string id;
  std::string site;
  std::string professional;
  std::string chair;
  std::string treatment;
  minutes_t start = 0;
  std::string patient;  ///< optional: checked against the patient's other bookings (patient_busy)
};

/// One reason a proposal cannot be booked. `code` is one of: unknown_id, lacks_treatment,
/// chair_lacks_tags, off_step_grid, too_soon, too_far, site_closed, outside_site_hours,
/// professional_absent, outside_professional_hours, professional_busy, chair_busy, resource_full,
/// resource_missing, patient_busy, limit_reached, chair_reserved (reservations.h). `booking` / `block` name what it collides with, `chair` / `resource` the
/// thing that is busy.
struct conflict {
  std::string code;
  std::string message;
  std::string booking;
  std::string block;
  std::string chair;
  std::string resource;
  friend bool operator==(const conflict&, const conflict&) = default;
};

/// One claim as a time range, for stores that constrain ranges (a PostgreSQL exclusion constraint)
/// rather than keys: `kind` is "professional", "chair" or "resource"; `unit` is the resource unit
/// (-1 otherwise); "patient" ranges span the appointment (the proposal named a patient). A resource use may be split where its unit changes from one bucket to the next.
struct claim_range {
  std::string kind;
  std::string id;
  int unit = -1;
  interval span;
  friend bool operator==(const claim_range&, const claim_range&) = default;
};

struct check_result {
  std::string site;
  std::string professional;
  std::string treatment;
  std::string chair;  ///< the chair checked (chosen when the proposal left it empty)
  minutes_t start = 0;
  minutes_t end = 0;
  int start_offset = 0;
  int end_offset = 0;
  std::vector<conflict> conflicts;  ///< empty means bookable
  std::vector<std::string> claims;  ///< when bookable: every key the booking holds, sorted (docs/semantics.md)
  /// When bookable, the write as a diff: keys to delete and keys to insert. For a move (the
  /// proposal's id names a stored booking) `release` is what that booking holds and will not,
  /// `take` what it will hold and does not yet; for a new booking `release` is empty and `take` is
  /// `claims`. One transaction doing both moves a booking without colliding with itself.
  std::vector<std::string> release;
  std::vector<std::string> take;
  std::vector<claim_range> ranges;  ///< when bookable: the claims as time ranges

  bool bookable() const noexcept { return conflicts.empty(); }
};

/// Parses a slot id back into a proposal; nullopt when it is not one.
inline std::optional<proposal> parse_slot_id(std::string_view id) {
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  for (std::size_t i = 0; i <= id.size(); ++i)
    if (i == id.size() || id[i] == ':') {
      parts.push_back(id.substr(at, i - at));
      at = i + 1;
    }
  if (parts.size() != 4 || parts[0].empty() || parts[1].empty() || parts[2].empty()) return std::nullopt;
  auto start = parse_stamp(parts[3]);
  if (!start) return std::nullopt;
  proposal p;
  p.site = parts[0];
  p.professional = parts[1];
  p.treatment = parts[2];
  p.start = *start;
  return p;
}

namespace detail {

inline std::string local_text(const zone_calendar& zc, minutes_t t) { return format_instant(t, zc.offset_at(t)); }

inline std::string span_text(const zone_calendar& zc, interval i) {
  return local_text(zc, i.lo) + " to " + local_text(zc, i.hi);
}

/// The first bucket of `g` minutes that an instant falls in (floor, also before 1970).
inline minutes_t bucket_of(minutes_t t, int g) { return t >= 0 ? t / g * g : -((-t + g - 1) / g) * g; }

/// Claim keys: one per (thing, bucket of `g` minutes) that an interval touches. Two bookings that
/// overlap in time on the same thing always share a key.
inline void add_claims(std::vector<std::string>& out, const std::string& prefix, interval w, int g) {
  if (w.empty()) return;
  for (minutes_t b = bucket_of(w.lo, g); b < w.hi; b += g) out.push_back(prefix + format_stamp(b));
}

/// "{tenant}/patient/{patient}/" with '%' and '/' in the patient written %25 and %2F, so that a
/// patient's text can never reach into another key's shape.
inline std::string patient_prefix(const std::string& tenant_prefix, std::string_view patient) {
  std::string out = tenant_prefix + "patient/";
  for (char ch : patient) {
    if (ch == '%') out += "%25";
    else if (ch == '/') out += "%2F";
    else out += ch;
  }
  return out + "/";
}

/// The most intervals of `uses` that cover any one instant of `w`.
inline int peak_use(const std::vector<interval>& uses, interval w) {
  std::vector<std::pair<minutes_t, int>> ev;
  for (auto u : uses) {
    interval c{std::max(u.lo, w.lo), std::min(u.hi, w.hi)};
    if (c.empty()) continue;
    ev.emplace_back(c.lo, +1);
    ev.emplace_back(c.hi, -1);
  }
  std::sort(ev.begin(), ev.end());
  int n = 0, peak = 0;
  for (auto [t, d] : ev) peak = std::max(peak, n += d);
  return peak;
}

/// The buckets the uses of one resource by one booking touch, in order.
inline std::vector<minutes_t> buckets_of(const std::vector<interval>& uses, int g) {
  std::vector<minutes_t> out;
  for (auto w : uses)
    for (minutes_t b = bucket_of(w.lo, g); b < w.hi; b += g) out.push_back(b);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// Unit keys of one resource at one site: "{tenant}/{site}/resource/{resource}/{unit}/{bucket}".
struct unit_keys {
  std::string prefix;  ///< "{tenant}/{site}/resource/{resource}/"
  int capacity = 1;
  std::string key(int unit, minutes_t bucket) const { return prefix + std::to_string(unit) + "/" + format_stamp(bucket); }
  /// The lowest unit whose key is not in `held` for `bucket`, or `capacity` when every one is.
  int lowest_free(const std::unordered_set<std::string>& held, minutes_t bucket) const {
    int u = 0;
    while (u < capacity && held.count(key(u, bucket))) ++u;
    return u;
  }
};

/// The unit keys of resource `rid` at site `s` that the stored bookings hold, except booking
/// `except`: a booking's own `claims` where the store gave them; for bookings without, units
/// assigned in (start, id) order, each bucket the lowest unit not held yet — what a store would
/// have written had it booked them in that order. `own`, when given, receives the keys `except`
/// itself holds (its claims, or the units it would have been assigned).
inline std::unordered_set<std::string> held_unit_keys(const calendar& cal, const treatment_index& treatments,
                                                      const std::string& site_id, const std::string& rid,
                                                      const unit_keys& uk, int g, const std::string& except,
                                                      std::vector<std::string>* own = nullptr) {
  std::unordered_set<std::string> held;
  std::vector<std::pair<const appointment*, std::vector<interval>>> unknown;
  for (const auto& b : cal.bookings) {
    if (!b.occupies() || b.site != site_id) continue;
    const bool self = !except.empty() && b.id == except;
    if (!b.claims.empty()) {
      for (const auto& k : b.claims)
        if (k.compare(0, uk.prefix.size(), uk.prefix) == 0) {
          if (self) { if (own) own->push_back(k); }
          else held.insert(k);
        }
      continue;
    }
    std::vector<interval> uses;
    for (const auto& [id, w] : footprint_of(treatments.of(b), b.start).resources)
      if (id == rid) uses.push_back(w);
    if (!uses.empty()) unknown.emplace_back(&b, std::move(uses));
  }
  std::sort(unknown.begin(), unknown.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first->start, x.first->id) < std::tie(y.first->start, y.first->id);
  });
  std::unordered_set<std::string> with_self = held;  // the canonical assignment counts `except` too
  for (const auto& [b, uses] : unknown) {
    const bool self = !except.empty() && b->id == except;
    for (minutes_t bucket : buckets_of(uses, g)) {
      const int u = uk.lowest_free(with_self, bucket);
      if (u >= uk.capacity) continue;  // an overbooked agenda (validate reports it)
      std::string k = uk.key(u, bucket);
      if (self) { if (own) own->push_back(k); }
      else held.insert(k);
      with_self.insert(std::move(k));
    }
  }
  return held;
}

}  // namespace detail

/// What check_booking computes beyond the conflicts.
struct check_options {
  bool claims = true;  ///< build the claim keys of a bookable proposal (a caller that only wants the reasons skips them)
};

namespace detail {

/// check_booking's body. `near_of(horizon)` gives the occupying bookings of `cal` that may overlap
/// `horizon` (at least every one whose footprint does), in calendar order: the whole calendar
/// filtered, or a prepared index's range (booking_index).
template <class Near>
check_result check_booking_with(const clinic& c, const calendar& cal, const treatment_index& treatments, Near&& near_of,
                                const proposal& pr, minutes_t now, const check_options& options) {
  check_result r;
  r.site = pr.site;
  r.professional = pr.professional;
  r.treatment = pr.treatment;
  r.chair = pr.chair;
  r.start = pr.start;
  auto add = [&](conflict k) {
    if (std::find(r.conflicts.begin(), r.conflicts.end(), k) == r.conflicts.end()) r.conflicts.push_back(std::move(k));
  };

  const site* s = c.find_site(pr.site);
  const professional* p = c.find_professional(pr.professional);
  const treatment* t = c.find_treatment(pr.treatment);
  if (!s) add({"unknown_id", "unknown site \"" + pr.site + "\""});
  if (!p) add({"unknown_id", "unknown professional \"" + pr.professional + "\""});
  if (!t) add({"unknown_id", "unknown treatment \"" + pr.treatment + "\""});
  if (s && !pr.chair.empty() && !s->find_chair(pr.chair))
    add({"unknown_id", "site " + s->id + " has no chair \"" + pr.chair + "\"", "", "", pr.chair});
  if (!r.conflicts.empty()) return r;
  if (!in_supported_range(pr.start))  // the zone database has no explicit offsets beyond: never guess one
    throw error("out_of_range", "/start", "start " + format_stamp(pr.start) + " is not between 1990 and 2037");

  const auto* zone = find_zone(s->timezone);
  if (zone == nullptr) throw error("unknown_zone", "", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
  const day_number rough = static_cast<day_number>(day_of(pr.start));
  const zone_calendar zc(zone, rough - 3, rough + 3);
  const day_number d0 = rough - 3, d1 = rough + 3;
  const footprint fp = footprint_of(*t, pr.start);
  r.end = pr.start + t->duration();
  r.start_offset = zc.offset_at(r.start);
  r.end_offset = zc.offset_at(r.end);
  const policies pol = c.policies_for(*s, p);
  const std::string who = p->name.empty() ? p->id : p->name;

  if (!p->performs(t->id)) add({"lacks_treatment", who + " does not perform " + t->id});

  // The grid and the policy window.
  const minutes_t local = zc.to_local(pr.start);
  const minutes_t minute_of_day = ((local % 1440) + 1440) % 1440;
  if (minute_of_day % pol.slot_step_minutes != 0)
    add({"off_step_grid", "start " + detail::local_text(zc, pr.start) + " is not on the " +
                              std::to_string(pol.slot_step_minutes) + "-minute grid"});
  if (pr.start < now + pol.min_notice_minutes)
    add({"too_soon", "start is less than " + std::to_string(pol.min_notice_minutes) + " minutes from now"});
  if (pr.start >= now + minutes_t{pol.max_advance_days} * 1440)
    add({"too_far", "start is " + std::to_string(pol.max_advance_days) + " days or more from now"});

  // The site: open for the whole chair window, not closed that day, not blocked.
  for (day_number d = d0; d <= d1; ++d)
    if (s->closed_on(d) && zc.local_days(d, d).intersects(fp.chair))
      add({"site_closed", "site " + s->id + " is closed on " + format_date(d)});
  for (const auto& b : cal.blocks)
    if (b.site == s->id && b.whole_site() && b.span.overlaps(fp.chair))
      add({"site_closed", "site " + s->id + " is blocked from " + detail::span_text(zc, b.span) +
                              (b.reason.empty() ? "" : " (" + b.reason + ")"), "", b.id});
  if (!site_open(*s, zc, d0, d1, exceptions::ignore).contains(fp.chair))
    add({"outside_site_hours", "site " + s->id + " is not open for all of " + detail::span_text(zc, fp.chair)});

  // The professional: working there, not absent, not busy anywhere.
  const interval_set works = working_hours(*p, s->id, zc, d0, d1, exceptions::ignore);
  for (auto w : fp.professional) {
    for (day_number d = d0; d <= d1; ++d)
      if (p->absent_on(d) && zc.local_days(d, d).intersects(w))
        add({"professional_absent", who + " is absent on " + format_date(d)});
    if (!works.contains(w))
      add({"outside_professional_hours", who + " does not work at " + s->id + " for all of " + detail::span_text(zc, w)});
  }
  // Only bookings whose footprint can overlap ours can collide with it.
  const std::vector<const appointment*> near = near_of(fp.chair);
  for (const auto& b : cal.blocks)
    if (b.professional == p->id && (b.site.empty() || b.site == s->id))
      for (auto w : fp.professional)
        if (b.span.overlaps(w))
          add({"professional_busy", who + " is blocked from " + detail::span_text(zc, b.span) +
                                        (b.reason.empty() ? "" : " (" + b.reason + ")"), "", b.id});
  for (const appointment* bp : near) {
    const appointment& b = *bp;
    if (!b.occupies() || b.professional != p->id || (!pr.id.empty() && b.id == pr.id)) continue;
    for (auto o : footprint_of(treatments.of(b), b.start).professional)
      for (auto w : fp.professional)
        if (o.overlaps(w))
          add({"professional_busy", who + " has booking " + b.id + " from " + detail::span_text(zc, o), b.id});
  }

  // The patient: never two overlapping appointments. The limits: room left that day and week.
  if (!pr.patient.empty())
    for (const auto& [b, w] : detail::patient_appointments(c, cal, pr.patient, pr.id))
      if (w.overlaps({pr.start, pr.start + t->duration()}))
        add({"patient_busy", "patient " + pr.patient + " has booking " + b->id + " from " + detail::span_text(zc, w), b->id});
  {
    const day_number day = zc.local_day_of(pr.start);
    for (const limit_hit& h : limit_hits(c, cal, *s, *p, *t, day, day, pr.id)) add({"limit_reached", h.message});
  }

  // The chair: eligible, not blocked, not taken (prep and cleanup buffers included).
  auto chair_conflicts = [&](const chair& ch) {
    std::vector<conflict> out;
    for (const auto& b : cal.blocks)
      if (b.site == s->id && b.chair == ch.id && b.span.overlaps(fp.chair))
        out.push_back({"chair_busy", "chair " + ch.id + " is blocked from " + detail::span_text(zc, b.span) +
                                         (b.reason.empty() ? "" : " (" + b.reason + ")"), "", b.id, ch.id});
    for (const held_span& h : held_spans(*s, ch.id, t->id, zc, d0 + 1, d1 - 1, now))
      if (h.span.overlaps(fp.chair)) {
        std::string held_for;
        for (const auto& id : h.by->treatments) held_for += (held_for.empty() ? "" : ", ") + id;
        out.push_back({"chair_reserved", "chair " + ch.id + " is held for " + held_for + " from " + detail::span_text(zc, h.span) +
                                             " until " + detail::local_text(zc, h.release) +
                                             (h.by->reason.empty() ? "" : " (" + h.by->reason + ")"),
                       "", "", ch.id});
      }
    for (const appointment* bp : near) {
      const appointment& b = *bp;
      if (!b.occupies() || b.site != s->id || b.chair != ch.id || (!pr.id.empty() && b.id == pr.id)) continue;
      interval o = footprint_of(treatments.of(b), b.start).chair;
      if (o.overlaps(fp.chair))
        out.push_back({"chair_busy", "chair " + ch.id + " is taken by booking " + b.id + " from " + detail::span_text(zc, o),
                       b.id, "", ch.id});
    }
    return out;
  };
  if (!pr.chair.empty()) {
    const chair& ch = *s->find_chair(pr.chair);
    if (!ch.has_tags(t->chair_tags)) add({"chair_lacks_tags", "chair " + ch.id + " lacks a tag " + t->id + " needs", "", "", ch.id});
    for (auto& k : chair_conflicts(ch)) add(std::move(k));
  } else {
    std::vector<conflict> all;
    bool eligible = false;
    for (const auto& ch : s->chairs) {
      if (!ch.has_tags(t->chair_tags)) continue;
      eligible = true;
      auto cs = chair_conflicts(ch);
      if (cs.empty()) {
        r.chair = ch.id;
        break;
      }
      all.insert(all.end(), cs.begin(), cs.end());
    }
    if (!eligible) add({"chair_lacks_tags", "no chair at " + s->id + " has the tags " + t->id + " needs"});
    else if (r.chair.empty()) for (auto& k : all) add(std::move(k));
  }

  // Resources: never more than `capacity` uses at once.
  for (const auto& [rid, w] : fp.resources) {
    const resource* res = s->find_resource(rid);
    if (res == nullptr) {
      add({"resource_missing", "site " + s->id + " has no " + rid + ", which " + t->id + " needs", "", "", "", rid});
      continue;
    }
    for (const auto& b : cal.blocks)
      if (b.site == s->id && b.resource == rid && b.span.overlaps(w))
        add({"resource_full", rid + " is blocked from " + detail::span_text(zc, b.span), "", b.id, "", rid});
    std::vector<interval> uses;
    std::vector<const appointment*> users;
    for (const appointment* bp : near) {
      const appointment& b = *bp;
      if (!b.occupies() || b.site != s->id || (!pr.id.empty() && b.id == pr.id)) continue;
      for (const auto& [id, u] : footprint_of(treatments.of(b), b.start).resources)
        if (id == rid && u.overlaps(w)) {
          uses.push_back(u);
          if (std::find(users.begin(), users.end(), &b) == users.end()) users.push_back(&b);
        }
    }
    if (detail::peak_use(uses, w) >= res->capacity) {
      for (const appointment* b : users)
        add({"resource_full", rid + " (capacity " + std::to_string(res->capacity) + ") is in use by booking " + b->id,
             b->id, "", "", rid});
    }
  }

  if (!r.bookable() || !options.claims) return r;  // claims only for what may be written
  const int g = pol.claim_granularity_minutes;
  const std::string ten = c.tenant.id + "/";
  const std::string pro_prefix = ten + "professional/" + p->id + "/";
  for (auto w : fp.professional) {
    detail::add_claims(r.claims, pro_prefix, w, g);
    r.ranges.push_back({"professional", p->id, -1, w});
  }
  detail::add_claims(r.claims, ten + s->id + "/chair/" + r.chair + "/", fp.chair, g);
  r.ranges.push_back({"chair", r.chair, -1, fp.chair});
  if (!pr.patient.empty()) {  // two writers booking one patient at once collide here
    const interval appt{pr.start, pr.start + t->duration()};
    detail::add_claims(r.claims, detail::patient_prefix(ten, pr.patient), appt, g);
    r.ranges.push_back({"patient", pr.patient, -1, appt});
  }

  // The booking being moved: the keys it holds now (its stored claims, or what it would hold).
  const appointment* moved = nullptr;
  if (!pr.id.empty())
    for (const auto& b : cal.bookings)
      if (b.id == pr.id && b.occupies()) moved = &b;
  std::vector<std::string> own;
  if (moved != nullptr && !moved->claims.empty()) own = moved->claims;
  else if (moved != nullptr) {
    const footprint mf = footprint_of(treatments.of(*moved), moved->start);
    for (auto w : mf.professional) detail::add_claims(own, ten + "professional/" + moved->professional + "/", w, g);
    detail::add_claims(own, ten + moved->site + "/chair/" + moved->chair + "/", mf.chair, g);
    if (!moved->patient.empty())
      detail::add_claims(own, detail::patient_prefix(ten, moved->patient), {moved->start, moved->start + treatments.of(*moved).duration()}, g);
    if (const site* ms = c.find_site(moved->site))
      for (const auto& res : ms->resources) {
        const detail::unit_keys uk{ten + ms->id + "/resource/" + res.id + "/", res.capacity};
        detail::held_unit_keys(cal, treatments, ms->id, res.id, uk, g, moved->id, &own);
      }
  }

  // Resource units, bucket by bucket: the lowest unit no stored booking holds. Two writers that
  // saw the same agenda pick the same unit and collide; a bookable answer never asks for a key a
  // stored booking holds (docs/semantics.md gives the argument).
  std::vector<std::string> rids;
  for (const auto& [rid, w] : fp.resources)
    if (std::find(rids.begin(), rids.end(), rid) == rids.end()) rids.push_back(rid);
  for (const std::string& rid : rids) {
    const resource* res = s->find_resource(rid);
    const detail::unit_keys uk{ten + s->id + "/resource/" + rid + "/", res->capacity};
    const std::unordered_set<std::string> held = detail::held_unit_keys(cal, treatments, s->id, rid, uk, g, pr.id);
    std::vector<interval> uses;
    for (const auto& [id, w] : fp.resources)
      if (id == rid) uses.push_back(w);
    for (auto w : uses) {
      for (minutes_t bucket = detail::bucket_of(w.lo, g); bucket < w.hi; bucket += g) {
        const int u = uk.lowest_free(held, bucket);
        if (u >= uk.capacity) {  // only when bookings end off the bucket grid (docs/semantics.md)
          add({"resource_full", "every unit of " + rid + " is claimed in the " + std::to_string(g) + "-minute bucket at " +
                                    detail::local_text(zc, bucket), "", "", "", rid});
          break;
        }
        r.claims.push_back(uk.key(u, bucket));
        const interval piece{std::max(w.lo, bucket), std::min(w.hi, bucket + g)};
        if (!r.ranges.empty() && r.ranges.back().kind == "resource" && r.ranges.back().id == rid &&
            r.ranges.back().unit == u && r.ranges.back().span.hi == piece.lo)
          r.ranges.back().span.hi = piece.hi;
        else
          r.ranges.push_back({"resource", rid, u, piece});
      }
    }
  }
  if (!r.bookable()) {
    r.claims.clear();
    r.ranges.clear();
    return r;
  }
  std::sort(r.claims.begin(), r.claims.end());
  r.claims.erase(std::unique(r.claims.begin(), r.claims.end()), r.claims.end());
  std::sort(own.begin(), own.end());
  own.erase(std::unique(own.begin(), own.end()), own.end());
  std::set_difference(own.begin(), own.end(), r.claims.begin(), r.claims.end(), std::back_inserter(r.release));
  std::set_difference(r.claims.begin(), r.claims.end(), own.begin(), own.end(), std::back_inserter(r.take));
  return r;
}

}  // namespace detail

/// Checks one proposal against the clinic, what is booked and blocked, and the policies at `now`.
/// Agrees with find_availability: a start it returns checks clean, and a grid start that checks
/// clean is returned (tests/property_test.cpp).
///
///   auto r = booking::check_booking(clinic, calendar, proposal, now);
///   if (!r.bookable()) for (const auto& c : r.conflicts) std::cout << c.code << ": " << c.message << "\n";
inline check_result check_booking(const clinic& c, const calendar& cal, const proposal& pr, minutes_t now,
                                  const check_options& options = {}) {
  const detail::treatment_index treatments(c);
  const minutes_t reach = longest_window(c) + 1;
  return detail::check_booking_with(c, cal, treatments, [&](interval horizon) { return detail::bookings_near(cal, horizon, reach); },
                                    pr, now, options);
}

/// A calendar prepared for many checks (what booking::engine keeps between calls): the treatment
/// index and the bookings ordered by start, so a check reads only the bookings that can overlap
/// the proposal instead of the whole calendar. Refers to `c` and `cal`, which must outlive it and
/// not change; immutable, so checks may run on it from several threads.
class booking_index {
 public:
  booking_index(const clinic& c, const calendar& cal)
      : c_(&c), cal_(&cal), treatments_(c), reach_(longest_window(c) + 1), by_start_(cal.bookings.size()) {
    for (std::size_t i = 0; i < by_start_.size(); ++i) by_start_[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(by_start_.begin(), by_start_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return cal.bookings[a].start < cal.bookings[b].start; });
    starts_.reserve(by_start_.size());
    for (std::uint32_t i : by_start_) starts_.push_back(cal.bookings[i].start);
  }
  const clinic& clinic_of() const noexcept { return *c_; }
  const calendar& calendar_of() const noexcept { return *cal_; }
  const detail::treatment_index& treatments() const noexcept { return treatments_; }
  /// detail::bookings_near(calendar_of(), horizon, longest window + 1), by two binary searches.
  std::vector<const appointment*> near(interval horizon) const {
    const auto lo = std::upper_bound(starts_.begin(), starts_.end(), horizon.lo - reach_) - starts_.begin();
    const auto hi = std::lower_bound(starts_.begin(), starts_.end(), horizon.hi + reach_) - starts_.begin();
    std::vector<std::uint32_t> picked(by_start_.begin() + lo, by_start_.begin() + hi);
    std::sort(picked.begin(), picked.end());  // calendar order, as a scan of the calendar meets them
    std::vector<const appointment*> out;
    out.reserve(picked.size());
    for (std::uint32_t i : picked)
      if (cal_->bookings[i].occupies()) out.push_back(&cal_->bookings[i]);
    return out;
  }

 private:
  const clinic* c_;
  const calendar* cal_;
  detail::treatment_index treatments_;
  minutes_t reach_;
  std::vector<std::uint32_t> by_start_;
  std::vector<minutes_t> starts_;
};

/// check_booking on a prepared calendar: the same answer.
inline check_result check_booking(const booking_index& idx, const proposal& pr, minutes_t now, const check_options& options = {}) {
  return detail::check_booking_with(idx.clinic_of(), idx.calendar_of(), idx.treatments(),
                                    [&](interval horizon) { return idx.near(horizon); }, pr, now, options);
}

}  // namespace booking
