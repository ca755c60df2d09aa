// Clinic operations as JSON text in, JSON text out: KPIs, reminders, iCalendar, waitlist
// (docs/operations.md). The models are kpi.h, reminders.h, ical.h and waitlist.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "booking/ical.h"
#include "booking/kpi.h"
#include "booking/reminders.h"
#include "booking/waitlist.h"

namespace booking {

/// Occupancy per chair and professional per day, outcome rates and lead times for
/// {"from", "to", "site"?} (kpi.h, compute_kpis).
///
///   std::string k = booking::kpis_json(clinic, bookings, R"({"from": "2026-11-02", "to": "2026-11-29"})");
std::string kpis_json(std::string_view clinic, std::string_view bookings, std::string_view request);
/// The same request's occupancy rows as CSV (RFC 4180, CRLF): kind,site,id,date,open_minutes,
/// booked_minutes,occupancy — occupancy empty on a closed day.
std::string kpis_csv(std::string_view clinic, std::string_view bookings, std::string_view request);

/// When to send each reminder of one booking: {"booking", "now", "policy": {"offsets_minutes",
/// "quiet_hours"?: {"from", "to"}, "channels"}} (reminders.h, plan_reminders). Errors in the
/// policy point under /policy.
///
///   booking::reminders_json(clinic, bookings, R"({"booking": "b1", "now": "2026-12-01T12:00:00Z",
///       "policy": {"offsets_minutes": [1440, 120], "quiet_hours": {"from": "21:00", "to": "08:00"},
///                  "channels": ["sms"]}})");
std::string reminders_json(std::string_view clinic, std::string_view bookings, std::string_view request);

/// A professional's or chair's agenda as iCalendar text (RFC 5545) for {"professional"? | "site"
/// and "chair", "from", "to", "now"} (ical.h, agenda_to_ical).
std::string ical_agenda(std::string_view clinic, std::string_view bookings, std::string_view request);

/// Closures read from iCalendar text for {"from", "to"} (ical.h, closures_from_ical):
/// {"closures": [dates], "events": [{"line", "summary", "dates"}]}.
std::string ical_closures_json(std::string_view ics, std::string_view request);

/// The waitlist entries that fit a freed interval, ranked: documents clinic, bookings, a
/// waitlist ([entries]) and {"freed": {"booking"} | {"site", "from", "to", "chair"?,
/// "professional"?}, "now"} (waitlist.h, match_waitlist).
std::string waitlist_json(std::string_view clinic, std::string_view bookings, std::string_view waitlist,
                          std::string_view request);

nlohmann::ordered_json to_json(const kpi_report& r);
nlohmann::ordered_json to_json(const reminder_plan& r);
std::string to_csv(const kpi_report& r);

namespace detail {
/// The operations of this file for run_json: the answer, or nullopt for a name it does not know.
/// `text(key)` is the document called key as text.
std::optional<std::string> run_ops(std::string_view operation, const nlohmann::json& documents);
}  // namespace detail

}  // namespace booking
