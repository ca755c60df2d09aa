// A booking's lifecycle: the status transitions, and whether a cancel, reschedule, confirmation,
// completion or no-show may be done now under the policy windows.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "booking/clinic.h"
#include "booking/conflicts.h"

namespace booking {

/// What someone wants to do with an existing booking.
enum class booking_action { confirm, cancel, reschedule, complete, no_show };
inline constexpr std::array<std::string_view, 5> booking_action_names{"confirm", "cancel", "reschedule", "complete", "no_show"};

/// The statuses and the moves between them:
///
///   pending ──confirm──▶ confirmed ──complete──▶ completed
///      │                    │ └─────no_show────▶ no_show
///      └──────cancel────────┴──────cancel──────▶ cancelled
///
/// A reschedule keeps the status; completed, cancelled and no_show are final. (A pending booking
/// can also be marked no_show: the patient neither confirmed nor came.)
inline bool transition_allowed(booking_status from, booking_status to) {
  using s = booking_status;
  switch (from) {
    case s::pending: return to == s::confirmed || to == s::cancelled || to == s::no_show;
    case s::confirmed: return to == s::completed || to == s::cancelled || to == s::no_show;
    default: return false;
  }
}

/// The status an action leads to (a reschedule keeps `from`).
inline booking_status status_after(booking_action a, booking_status from) {
  switch (a) {
    case booking_action::confirm: return booking_status::confirmed;
    case booking_action::cancel: return booking_status::cancelled;
    case booking_action::complete: return booking_status::completed;
    case booking_action::no_show: return booking_status::no_show;
    case booking_action::reschedule: return from;
  }
  return from;
}

/// allowed; allowed but late (the clinic may charge: `fee`); or refused, with the reason.
enum class verdict { allowed, late, refused };
inline constexpr std::array<std::string_view, 3> verdict_names{"allowed", "late", "refused"};

struct lifecycle_decision {
  std::string booking;
  booking_action action = booking_action::cancel;
  booking::verdict verdict = verdict::allowed;
  bool fee = false;  ///< late: inside cancellation_window_hours
  booking_status from = booking_status::confirmed;
  booking_status to = booking_status::confirmed;
  /// Why, as a code: "" when allowed; late_change; invalid_transition, already_started,
  /// inside_cutoff, not_started, slot_unavailable when refused.
  std::string code;
  std::string reason;
  /// For cancel and reschedule: until when the change is free (start − window) and from when it is
  /// refused (start − cutoff; the start itself when the cutoff is 0).
  minutes_t free_until = 0;
  minutes_t refused_from = 0;
  int offset = 0;  ///< the site's UTC offsets at the start, free_until and refused_from (for printing)
  int free_until_offset = 0;
  int refused_from_offset = 0;
  /// For reschedule: the check of the new slot (its conflicts, or its claims and the release/take diff).
  std::optional<check_result> check;

  bool allowed() const noexcept { return verdict != booking::verdict::refused; }
};

/// Whether `action` may be done to booking `b` at `now`. Cancel and reschedule are free until
/// start − cancellation_window_hours, late (allowed, `fee`) until start − cancellation_cutoff_hours,
/// refused after that and always once the booking has started (the policies in force for its site
/// and professional, clinic::policies_for). Confirm is refused once the booking has started;
/// complete and no_show are refused before it starts. A reschedule also needs `to` (the new slot,
/// its `id` set to the booking's) to check clean: refused with slot_unavailable and the check
/// otherwise. docs/operations.md has the table.
///
///   auto d = booking::decide(clinic, calendar, booking, booking::booking_action::cancel, now);
///   if (d.verdict == booking::verdict::late) charge_fee();
inline lifecycle_decision decide(const clinic& c, const calendar& cal, const appointment& b, booking_action action,
                                 minutes_t now, const proposal* to = nullptr) {
  lifecycle_decision d;
  d.booking = b.id;
  d.action = action;
  d.from = b.status;
  d.to = status_after(action, b.status);
  const site* s = c.find_site(b.site);
  const professional* p = c.find_professional(b.professional);
  if (s == nullptr || p == nullptr) throw error("unknown_id", "/booking", "booking " + b.id + " refers to an unknown site or professional");
  const auto* zone = find_zone(s->timezone);
  if (zone == nullptr) throw error("unknown_zone", "", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
  auto offset_at = [zone](minutes_t t) {  // a small calendar around each instant: they may be a year apart
    const day_number day = static_cast<day_number>(day_of(t));
    return zone_calendar(zone, day - 1, day + 1).offset_at(t);
  };
  const policies pol = c.policies_for(*s, p);
  d.free_until = b.start - minutes_t{pol.cancellation_window_hours} * 60;
  d.refused_from = b.start - minutes_t{pol.cancellation_cutoff_hours} * 60;
  d.offset = offset_at(b.start);
  d.free_until_offset = offset_at(d.free_until);
  d.refused_from_offset = offset_at(d.refused_from);
  const std::string when = format_instant(b.start, d.offset);
  auto refuse = [&](std::string code, std::string reason) {
    d.verdict = verdict::refused;
    d.code = std::move(code);
    d.reason = std::move(reason);
    return d;
  };
  const std::string_view name = booking_action_names[static_cast<std::size_t>(action)];
  if (action != booking_action::reschedule && !transition_allowed(b.status, d.to))
    return refuse("invalid_transition", "booking " + b.id + " is " + std::string(booking_status_names[static_cast<std::size_t>(b.status)]) +
                                            "; " + std::string(name) + " needs it " +
                                            (action == booking_action::confirm ? "pending" : "pending or confirmed"));
  if (action == booking_action::reschedule && !transition_allowed(b.status, booking_status::cancelled))
    return refuse("invalid_transition", "booking " + b.id + " is " + std::string(booking_status_names[static_cast<std::size_t>(b.status)]) +
                                            "; only pending or confirmed bookings can be rescheduled");
  switch (action) {
    case booking_action::confirm:
      if (now >= b.start) return refuse("already_started", "booking " + b.id + " started at " + when);
      return d;
    case booking_action::complete:
    case booking_action::no_show:
      if (now < b.start) return refuse("not_started", "booking " + b.id + " starts at " + when + "; it cannot be " +
                                                          (action == booking_action::complete ? "completed" : "marked no_show") + " before");
      return d;
    case booking_action::cancel:
    case booking_action::reschedule:
      break;
  }
  if (now >= b.start) return refuse("already_started", "booking " + b.id + " started at " + when);
  if (now >= d.refused_from)
    return refuse("inside_cutoff", std::string(name) + " is refused within " + std::to_string(pol.cancellation_cutoff_hours) +
                                       " hours of the start (" + when + ")");
  if (action == booking_action::reschedule) {
    if (to == nullptr) throw error("missing_field", "/start", "a reschedule needs the new slot (\"slot\" or \"start\")");
    proposal moved = *to;
    moved.id = b.id;
    if (moved.patient.empty()) moved.patient = b.patient;
    d.check = check_booking(c, cal, moved, now);
    if (!d.check->bookable())
      return refuse("slot_unavailable", "the new slot cannot be booked: " + d.check->conflicts.front().message +
                                            (d.check->conflicts.size() > 1 ? " (and " + std::to_string(d.check->conflicts.size() - 1) + " more)" : ""));
  }
  if (now >= d.free_until) {
    d.verdict = verdict::late;
    d.fee = true;
    d.code = "late_change";
    d.reason = std::string(name) + " within " + std::to_string(pol.cancellation_window_hours) + " hours of the start (" + when +
               ") is late: free until " + format_instant(d.free_until, d.free_until_offset);
  }
  return d;
}

}  // namespace booking
