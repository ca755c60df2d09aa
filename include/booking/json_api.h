// JSON text in, JSON text out: the one entry point the CLI, Python and WebAssembly all call.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace booking {

struct clinic;
struct calendar;
struct compact_availability;

/// A clinic and its bookings parsed once and queried many times (what a service or a browser tab
/// keeps between requests). Answers are byte-identical to the free functions below.
///
///   booking::engine e(clinic_text, bookings_text);
///   std::string week = e.availability(R"({"site": "s", "treatment": "t", "from": "2026-12-07", ...})");
class engine {
 public:
  /// `bookings` is a bookings document: "[]" for none. An empty text is refused (empty_document).
  explicit engine(std::string_view clinic, std::string_view bookings = "[]");
  ~engine();
  engine(engine&&) noexcept;
  engine& operator=(engine&&) noexcept;

  /// Replaces the bookings and blocks (validated against the clinic).
  void set_bookings(std::string_view bookings);
  std::string availability(std::string_view request) const;
  /// The same answer as slot tables (format.h, to_json_tables): every string once, three integers
  /// per slot; about a sixth of the bytes of the answer.
  std::string availability_tables(std::string_view request) const;
  /// The answer before printing (availability.h), for bindings that build their own slot objects.
  compact_availability availability_compact(std::string_view request) const;
  std::string check(std::string_view request) const;
  /// The best free slots instead of a proposal whose slot is taken: a check request plus
  /// "limit"? and "days"? (alternatives.h, find_alternatives). {"alternatives": [...]}.
  std::string alternatives(std::string_view request) const;
  /// May a booking be confirmed, cancelled, rescheduled, completed or marked no_show now, under the
  /// policy windows (lifecycle.h, decide)? {"booking", "action", "now", new slot for a reschedule}.
  std::string lifecycle(std::string_view request) const;
  /// The hours in force on one date at a site (and for a professional) with the clinic entry they
  /// come from: {"site", "date", "professional"?} → {"site", "date", "weekday", "open": {"hours",
  /// "source"}, "works"?: {"professional", "hours", "source"}}.
  std::string hours(std::string_view request) const;

  /// The longest chair window (buffers + segments) of any treatment, in minutes: how far from a
  /// start the bookings that can collide with it may start (a store's read window).
  int longest_window() const;

  const booking::clinic& clinic() const;
  const booking::calendar& calendar() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

/// Free slots. `bookings` is a bookings document ("[]" for none; empty text is an error). Returns {"slots": [...]} as compact JSON.
/// Throws booking::error for invalid input.
///
///   std::string answer = booking::availability_json(clinic_text, bookings_text, request_text);
std::string availability_json(std::string_view clinic, std::string_view bookings, std::string_view request);

/// Every conflict of one proposed booking, and its claim keys. Throws booking::error.
std::string check_json(std::string_view clinic, std::string_view bookings, std::string_view request);

/// Never throws for bad input: {"valid": bool, "errors": [...], "warnings": [...]} where each entry
/// has "code", "pointer" and "message". `bookings` (optional) is validated against the clinic too.
std::string validate_json(std::string_view clinic, std::string_view bookings = "[]");

/// What a configuration draft would change: {"totals", "rows", "broken_bookings"} (docs/config.md).
/// `bookings` is validated against `published`. Errors carry a pointer prefixed by the document
/// they are in ("/draft/sites/0/hours/mon/0", "/request/from"), since two documents share a shape.
///
///   std::string preview = booking::simulate_json(published, draft, bookings,
///       R"({"from": "2026-12-01", "to": "2026-12-31", "now": "2026-11-26T12:00:00Z"})");
std::string simulate_json(std::string_view published, std::string_view draft, std::string_view bookings,
                          std::string_view request);

/// The effective configuration and its provenance for {"site"?, "professional"?, "user"?}
/// (config.h, resolve_config). Throws booking::error.
std::string resolve_json(std::string_view clinic, std::string_view request);

/// The structural diff of two configurations (config.h, diff_config). Errors are prefixed
/// "/before" or "/after".
std::string diff_json(std::string_view before, std::string_view after);

/// Which version is in force at {"at": RFC 3339} (config.h, version_in_force).
std::string in_force_json(std::string_view versions, std::string_view request);

/// Runs one operation on a JSON object of named documents — the shape of a golden scenario:
/// {"clinic": ..., "bookings": ..., "request": ...}. Each document is a JSON value, or a string
/// holding JSON text (passed to the parser verbatim). A missing or null "bookings" means none;
/// an empty string is an empty document and is refused. Operations and the documents they read:
/// "availability", "availability_tables" (the same answer as slot tables, format.h), "check",
/// "alternatives" (clinic, bookings, request); "validate" (clinic, bookings); "simulate"
/// (published, draft, bookings, request); "resolve" (clinic, request); "diff" (before, after);
/// "in_force" (versions, request); the clinic operations "kpis", "kpis_csv", "reminders", "ical_agenda",
/// "ical_closures" (ics, request) and "waitlist" (clinic, bookings, waitlist, request) of
/// ops_json.h (docs/operations.md). Bindings replay every scenario through this one entry point, so an operation added
/// here works in every language at once. Throws booking::error (code "unknown_operation" for a name
/// it does not know).
std::string run_json(std::string_view operation, std::string_view documents);

/// The text of the document named `name` ("clinic", "bookings", ...), or nullopt when it is absent.
using document_source = std::function<std::optional<std::string>(std::string_view name)>;

/// run_json with each document's JSON text handed over by name (what the CLI reads from files)
/// instead of inside one JSON text: no limit on the whole, no escaping. The same operations and
/// answers; an absent "bookings" is none ("[]"), another absent document an empty one. (Not an
/// overload of run_json, so that a binding can still take run_json by address.)
///
///   booking::run_operation("validate", [&](std::string_view name) -> std::optional<std::string> {
///     if (name == "clinic") return clinic_text;
///     return std::nullopt;
///   });
std::string run_operation(std::string_view operation, const document_source& documents);

/// The library version, "MAJOR.MINOR.PATCH".
std::string version();

}  // namespace booking
