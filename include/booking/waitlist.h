// booking::match_waitlist — which waiting patients a freed interval (a cancellation) can take, ranked.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/error.h"

namespace booking {

/// One patient waiting for a treatment at a site: any of `professionals` (empty: anyone who
/// performs it), at a time inside one of `windows` (UTC [from, to); empty: any time).
struct waitlist_entry {
  std::string id;
  std::string patient;
  std::string site;
  std::string treatment;
  std::vector<std::string> professionals;
  std::vector<interval> windows;
  minutes_t added_at = 0;  ///< UTC minute the patient joined the list: the ranking key
};

/// Time that became free: at `site` over UTC [span.lo, span.hi), optionally only on `chair` or
/// with `professional` (a cancelled booking frees its chair and its professional).
struct freed_interval {
  std::string site;
  std::string chair;
  std::string professional;
  interval span;
};

/// Why an entry does not fit the freed interval.
enum class waitlist_miss { other_site, no_professional, not_bookable, outside_windows };
inline constexpr std::array<std::string_view, 4> waitlist_miss_names{"other_site", "no_professional", "not_bookable",
                                                                     "outside_windows"};

struct waitlist_match {
  const waitlist_entry* entry = nullptr;
  std::vector<slot> slots;  ///< every bookable slot inside the freed interval and a window, by start
};

struct waitlist_answer {
  std::vector<waitlist_match> matches;  ///< ranked: earliest added_at first, then entry id
  std::vector<std::pair<const waitlist_entry*, waitlist_miss>> misses;  ///< in list order
};

/// The entries that fit `freed`, ranked earliest-added first (ties: entry id). An entry fits when
/// the engine's own availability (find_availability: hours, closures, blocks, other bookings,
/// resources, notice and advance policies, the slot grid) offers a slot of its treatment whose
/// appointment [start, end) lies inside the freed interval and inside one of its windows, with
/// one of its professionals (and the freed chair or professional, when the interval names one).
/// `cal` must already show the freed time as free (the cancelled booking cancelled or removed).
/// Throws booking::error for an unknown site, chair or professional of `freed`.
///
///   auto answer = booking::match_waitlist(clinic, calendar, entries, freed, now);
///   if (!answer.matches.empty()) offer(answer.matches.front().entry->patient, answer.matches.front().slots.front());
inline waitlist_answer match_waitlist(const clinic& c, const calendar& cal, const std::vector<waitlist_entry>& entries,
                                      const freed_interval& freed, minutes_t now) {
  const site* s = c.find_site(freed.site);
  if (s == nullptr) throw error("unknown_id", "/freed/site", "unknown site \"" + freed.site + "\"");
  if (!freed.chair.empty() && s->find_chair(freed.chair) == nullptr)
    throw error("unknown_id", "/freed/chair", "site " + s->id + " has no chair \"" + freed.chair + "\"");
  if (!freed.professional.empty() && c.find_professional(freed.professional) == nullptr)
    throw error("unknown_id", "/freed/professional", "unknown professional \"" + freed.professional + "\"");
  if (freed.span.empty()) throw error("invalid_range", "/freed/to", "the freed interval is empty");
  const auto* zone = find_zone(s->timezone);
  if (zone == nullptr) throw error("unknown_zone", "/freed/site", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
  const zone_calendar zc(zone, static_cast<day_number>(day_of(freed.span.lo)) - 1, static_cast<day_number>(day_of(freed.span.hi)) + 1);

  std::vector<const waitlist_entry*> order;
  for (const auto& e : entries) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const waitlist_entry* a, const waitlist_entry* b) {
    return a->added_at != b->added_at ? a->added_at < b->added_at : a->id < b->id;
  });
  waitlist_answer out;
  std::vector<std::pair<const waitlist_entry*, waitlist_miss>> misses;
  for (const waitlist_entry* e : order) {
    if (e->site != s->id) {
      misses.emplace_back(e, waitlist_miss::other_site);
      continue;
    }
    availability_request req{.site = s->id, .treatment = e->treatment,
                             .from = zc.local_day_of(freed.span.lo), .to = zc.local_day_of(freed.span.hi - 1), .now = now};
    for (const auto& p : e->professionals)
      if (freed.professional.empty() || p == freed.professional) req.professionals.push_back(p);
    if (e->professionals.empty() && !freed.professional.empty()) req.professionals.push_back(freed.professional);
    const bool restricted = !e->professionals.empty() || !freed.professional.empty();
    const professional* any = nullptr;
    const std::vector<std::string>& who = req.professionals;
    for (const auto& p : c.professionals)
      if (p.performs(e->treatment) && (who.empty() || std::find(who.begin(), who.end(), p.id) != who.end())) any = &p;
    if (any == nullptr || (restricted && who.empty())) {
      misses.emplace_back(e, waitlist_miss::no_professional);
      continue;
    }
    if (!freed.chair.empty()) req.chairs.push_back(freed.chair);
    std::vector<slot> inside;
    for (auto& sl : find_availability(c, cal, req))
      if (freed.span.lo <= sl.start && sl.end <= freed.span.hi) inside.push_back(std::move(sl));
    if (inside.empty()) {
      misses.emplace_back(e, waitlist_miss::not_bookable);
      continue;
    }
    waitlist_match m{e, {}};
    for (auto& sl : inside)
      if (e->windows.empty() ||
          std::any_of(e->windows.begin(), e->windows.end(), [&](interval w) { return w.lo <= sl.start && sl.end <= w.hi; }))
        m.slots.push_back(std::move(sl));
    if (m.slots.empty()) misses.emplace_back(e, waitlist_miss::outside_windows);
    else out.matches.push_back(std::move(m));
  }
  // Misses in list order, which is easier to read against the list than the ranking.
  for (const auto& e : entries)
    for (const auto& m : misses)
      if (m.first == &e) out.misses.push_back(m);
  return out;
}

}  // namespace booking
