// booking::plan_reminders — when to send each reminder of a booking, out of quiet hours, across DST.
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
#include "booking/zone.h"

namespace booking {

/// The longest reminder offset: 30 days before the appointment.
inline constexpr int max_reminder_offset_minutes = 43200;

/// A tenant's reminder policy (docs/operations.md): send a reminder `offsets_minutes` before the
/// appointment on every channel, never strictly inside the quiet hours of the site's local time.
struct reminder_policy {
  std::vector<int> offsets_minutes;  ///< each 1..max_reminder_offset_minutes, distinct
  /// Local wall-clock [from, to) minutes after midnight; from > to wraps midnight ("21:00"–"08:00").
  /// Unset: no quiet hours.
  std::optional<clock_span> quiet_hours;
  std::vector<std::string> channels;  ///< "sms", "email", ...: opaque names, distinct
};

struct reminder {
  int offset_minutes = 0;
  std::string channel;
  minutes_t due = 0;   ///< start − offset
  minutes_t at = 0;    ///< when to send: `due`, or the start of the quiet hours it fell in
  int due_offset = 0;  ///< the site's UTC offset at `due`
  int at_offset = 0;   ///< the site's UTC offset at `at`
  bool moved() const noexcept { return at != due; }
};

/// Why a reminder is not sent.
enum class reminder_drop { past, same_instant, not_upcoming };
inline constexpr std::array<std::string_view, 3> reminder_drop_names{"past", "same_instant", "not_upcoming"};

struct dropped_reminder {
  booking::reminder reminder;
  reminder_drop reason = reminder_drop::past;
};

struct reminder_plan {
  std::string booking;
  minutes_t start = 0;
  int start_offset = 0;
  std::vector<reminder> reminders;  ///< by `at`, then channel order
  std::vector<dropped_reminder> dropped;
};

namespace detail {

/// The quiet instants of local days [from, to] of `zc`: one interval per night, exact across a
/// DST change (a nonexistent wall time starts the night at the transition; a repeated hour counts
/// twice, from its first occurrence).
inline interval_set quiet_instants(const zone_calendar& zc, clock_span q, day_number from, day_number to) {
  interval_set out;
  for (day_number d = from; d <= to; ++d) {
    if (q.from < q.to) {
      zc.add_local_span(d, q.from, q.to, out);
    } else {
      zc.add_local_span(d, q.from, 1440, out);
      zc.add_local_span(d + 1, 0, q.to, out);
    }
  }
  return out;
}

}  // namespace detail

/// The reminders of booking `b` under policy `pol`, as seen at instant `now`. Each (offset,
/// channel) is due at start − offset. One due strictly inside quiet hours (after `from`, before
/// `to`, local time of the site) is moved earlier, to the instant the quiet hours began; one at
/// or before `now` is dropped ("past"), as is a second reminder of one channel at an instant
/// already planned ("same_instant"). A booking that is not pending or confirmed gets none
/// ("not_upcoming"). Throws booking::error for an unknown site or zone.
///
///   booking::reminder_policy pol{.offsets_minutes = {1440, 120},
///                                .quiet_hours = booking::clock_span{21 * 60, 8 * 60},
///                                .channels = {"sms", "email"}};
///   for (const auto& r : booking::plan_reminders(clinic, booking, pol, now).reminders) send(r.channel, r.at);
inline reminder_plan plan_reminders(const clinic& c, const appointment& b, const reminder_policy& pol, minutes_t now) {
  const site* s = c.find_site(b.site);
  if (s == nullptr) throw error("unknown_id", "/booking", "booking " + b.id + " is at unknown site \"" + b.site + "\"");
  const auto* zone = find_zone(s->timezone);
  if (zone == nullptr) throw error("unknown_zone", "/booking", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
  int longest = 0;
  for (int o : pol.offsets_minutes) longest = std::max(longest, o);
  const day_number first = static_cast<day_number>(day_of(b.start - longest)) - 2, last = static_cast<day_number>(day_of(b.start)) + 2;
  const zone_calendar zc(zone, first, last);
  const interval_set quiet = pol.quiet_hours ? detail::quiet_instants(zc, *pol.quiet_hours, first, last) : interval_set{};

  reminder_plan plan;
  plan.booking = b.id;
  plan.start = b.start;
  plan.start_offset = zc.offset_at(b.start);
  const bool upcoming = b.status == booking_status::pending || b.status == booking_status::confirmed;
  std::vector<reminder> all;
  for (int o : pol.offsets_minutes)
    for (const auto& ch : pol.channels) {
      reminder r{.offset_minutes = o, .channel = ch, .due = b.start - o};
      r.at = r.due;
      for (auto q : quiet.intervals())
        if (q.lo < r.due && r.due < q.hi) r.at = q.lo;
      r.due_offset = zc.offset_at(r.due);
      r.at_offset = zc.offset_at(r.at);
      all.push_back(std::move(r));
    }
  auto channel_rank = [&](const std::string& ch) { return std::find(pol.channels.begin(), pol.channels.end(), ch) - pol.channels.begin(); };
  std::stable_sort(all.begin(), all.end(), [&](const reminder& x, const reminder& y) {
    if (x.at != y.at) return x.at < y.at;
    if (x.channel != y.channel) return channel_rank(x.channel) < channel_rank(y.channel);
    return x.offset_minutes > y.offset_minutes;  // the earlier due first
  });
  for (auto& r : all) {
    if (!upcoming) {
      plan.dropped.push_back({std::move(r), reminder_drop::not_upcoming});
    } else if (r.at <= now) {
      plan.dropped.push_back({std::move(r), reminder_drop::past});
    } else if (std::any_of(plan.reminders.begin(), plan.reminders.end(),
                           [&](const reminder& k) { return k.at == r.at && k.channel == r.channel; })) {
      plan.dropped.push_back({std::move(r), reminder_drop::same_instant});
    } else {
      plan.reminders.push_back(std::move(r));
    }
  }
  return plan;
}

}  // namespace booking
