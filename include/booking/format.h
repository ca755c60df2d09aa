// The JSON format: clinic, bookings and blocks, requests and answers (docs/format.md).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "booking/alternatives.h"
#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/conflicts.h"
#include "booking/lifecycle.h"
#include "booking/simulate.h"

namespace booking {

/// Input limits (docs/format.md, "Limits"): past them parsing fails with code "too_large".
struct limits {
  static constexpr std::size_t max_text_bytes = 64u << 20;  ///< one JSON document
  static constexpr int max_depth = 32;                      ///< nesting of arrays and objects
  static constexpr std::size_t max_id_length = 64;
  static constexpr std::size_t max_sites = 200;
  static constexpr std::size_t max_chairs = 500;            ///< per site
  static constexpr std::size_t max_professionals = 2000;
  static constexpr std::size_t max_treatments = 1000;
  static constexpr std::size_t max_bookings = 1000000;
  static constexpr std::size_t max_blocks = 100000;
  static constexpr std::size_t max_claims = 5000;       ///< claim keys stored with one booking
  static constexpr std::size_t max_claim_length = 400;  ///< characters of one claim key
  static constexpr std::size_t max_errors = 200;  ///< reported by one validation (then "truncated")
};

/// Parses JSON text strictly, in time linear in its length: text that is not JSON or not UTF-8 and a
/// number too large for a double are "malformed_json" (the number with its pointer), a document
/// over limits::max_text_bytes or nested deeper than limits::max_depth "too_large", and a key twice
/// in one object "duplicate_key" with the pointer of the key ("/sites/0/id").
///
///   nlohmann::json v = booking::parse_json_text(R"({"tenant": {"id": "t"}})");
nlohmann::json parse_json_text(std::string_view text);

/// A clinic from its JSON text (parse_clinic) or an already parsed JSON value (clinic_from_json).
/// The same pattern holds for calendars and requests. Throws booking::error naming the first offending field.
///
///   booking::clinic c = booking::parse_clinic(R"({"tenant": {"id": "t"}, "sites": [...], ...})");
clinic clinic_from_json(const nlohmann::json& j);
clinic parse_clinic(std::string_view text);
inline clinic parse_clinic(const std::string& text) { return parse_clinic(std::string_view(text)); }
inline clinic parse_clinic(const char* text) { return parse_clinic(std::string_view(text)); }

/// Bookings and blocks: either an array of bookings, or {"bookings": [...], "blocks": [...]}.
/// Every id they reference must exist in `c`. Empty text means no bookings.
calendar calendar_from_json(const nlohmann::json& j, const clinic& c);
calendar parse_calendar(std::string_view text, const clinic& c);
inline calendar parse_calendar(const std::string& text, const clinic& c) { return parse_calendar(std::string_view(text), c); }
inline calendar parse_calendar(const char* text, const clinic& c) { return parse_calendar(std::string_view(text), c); }

availability_request availability_request_from_json(const nlohmann::json& j);
availability_request parse_availability_request(std::string_view text);
inline availability_request parse_availability_request(const std::string& text) {
  return parse_availability_request(std::string_view(text));
}
inline availability_request parse_availability_request(const char* text) {
  return parse_availability_request(std::string_view(text));
}

/// A check request: a proposal (by "slot" id, or by site/professional/treatment/start and an
/// optional chair) plus "now".
struct check_request {
  booking::proposal proposal;
  minutes_t now = 0;
};
check_request check_request_from_json(const nlohmann::json& j);
check_request parse_check_request(std::string_view text);
inline check_request parse_check_request(const std::string& text) { return parse_check_request(std::string_view(text)); }
inline check_request parse_check_request(const char* text) { return parse_check_request(std::string_view(text)); }

/// An alternatives request: a check request plus "limit"? (default 5) and "days"? (default 14).
struct alternatives_request {
  booking::proposal proposal;
  minutes_t now = 0;
  alternatives_options options;
};
alternatives_request alternatives_request_from_json(const nlohmann::json& j);

/// An hours request: {"site", "date", "professional"?}: the hours in force that local date and the
/// entry they come from (schedule.h, site_hours_on / professional_hours_on).
struct hours_request {
  std::string site;
  day_number date = 0;
  std::string professional;
};
hours_request hours_request_from_json(const nlohmann::json& j);
/// {"hours": [["09:00", "13:00"], ...], "source": "/sites/0/overrides/1" or null}
nlohmann::ordered_json to_json(const hours_source& h);

/// A lifecycle request: {"booking", "action", "now"} and, for a reschedule, the new slot ("slot",
/// or "start" with "professional"?, "chair"?, "site"?, "treatment"? — what is not given stays as
/// booked). The booking must be in `cal` (not_found at /booking otherwise).
struct lifecycle_request {
  std::string booking;
  booking_action action = booking_action::cancel;
  minutes_t now = 0;
  std::optional<booking::proposal> to;  ///< a reschedule's new slot
};
lifecycle_request lifecycle_request_from_json(const nlohmann::json& j, const calendar& cal);
/// {"booking", "action", "decision": allowed|late|refused, "allowed", "fee", "from", "to", "code",
///  "reason", "free_until"?, "refused_from"?, "check"?} (docs/operations.md).
nlohmann::ordered_json to_json(const lifecycle_decision& d);

/// A simulation request: {"from", "to", "now", "sites"?, "treatments"?} (docs/config.md).
simulation_request simulation_request_from_json(const nlohmann::json& j);

/// Answers, with keys in a fixed order so that every language prints the same bytes.
nlohmann::ordered_json to_json(const std::vector<slot>& slots);
nlohmann::ordered_json to_json(const check_result& r);
/// {"alternatives": [slot fields + "kind"]} (docs/format.md).
nlohmann::ordered_json to_json(const std::vector<alternative>& alternatives);
/// {"code", "pointer", "message"}: the error of the golden scenarios, the same in every language.
nlohmann::ordered_json to_json(const error& e);
/// to_json(e) and where it is: "document" when known (error::document), "line" and "column" when
/// the parser knows them (error::line). What the bindings hand their error objects (Python's
/// booking.Error, JS's BookingError) and the CLI prints.
nlohmann::ordered_json to_json_located(const error& e);
nlohmann::ordered_json to_json(const simulation& s);

/// Prints an answer as JSON text: compact (indent -1) or indented. Never throws: a byte that is not
/// UTF-8 (which the parser already refuses) would print as U+FFFD.
std::string dump(const nlohmann::ordered_json& answer, int indent = -1);

/// The same bytes as dump(to_json(slots)), written directly: an availability answer can hold tens
/// of thousands of slots, and building a JSON tree for it costs several times the search itself.
std::string to_json_text(const std::vector<slot>& slots);

/// The same bytes as to_json_text(to_slots(a)), written from the compact answer's tables (slot ids
/// straight into the output, no slot objects): what booking::engine::availability returns.
std::string to_json_text(compact_availability a);

/// to_json_text of a compact answer in two steps, for a binding that writes the answer straight into
/// its own string type (Python's str) instead of copying a std::string: the exact size, then the
/// bytes. write() may run without any lock the binding holds: it only reads this writer.
///
///   booking::json_text_writer w(booking::find_availability_compact(clinic, calendar, request));
///   std::string out(w.size(), '\0');
///   w.write(out.data());
class json_text_writer {
 public:
  explicit json_text_writer(compact_availability answer);
  ~json_text_writer();
  json_text_writer(json_text_writer&&) noexcept;
  json_text_writer& operator=(json_text_writer&&) noexcept;

  std::size_t size() const;  ///< the exact length of the text, in bytes
  bool ascii() const;        ///< every byte below 0x80 (ids are ASCII; names may not be)
  void write(char* out) const;  ///< writes exactly size() bytes at out

 private:
  struct parts;
  std::unique_ptr<parts> p_;
};

/// The same answer as slot tables (docs/format.md, "Slot tables"): every string printed once, and
/// per slot three indices, so that a binding builds its own slot objects by table lookup alone
/// (the WebAssembly package does; a server can send them too, a sixth of the answer's bytes).
struct slot_tables {
  /// {"ids": [slot id prefix per professional], "professionals": [...], "chairs": [...],
  ///  "runs": [[indices into chairs], ...], "resources": [...], "times": [stamp, start, end, ...],
  ///  "scores": [idle_minutes, gaps, ...] (a ranked answer only: two integers per slot)}
  std::string strings;
  /// Per slot (p, r, t): slot i = {"id": ids[p] + times[3t], "start": times[3t + 1],
  /// "end": times[3t + 2], "professional": professionals[p], "chair": chairs[runs[r][0]],
  /// "chairs": [chairs[k] for k in runs[r]], "resources": resources}, JSON-equal to
  /// to_json_text's slot i; a ranked answer's slot i also has
  /// "score": {"idle_minutes": scores[2i], "gaps": scores[2i + 1]}.
  std::vector<std::uint32_t> rows;
};
slot_tables make_slot_tables(const compact_availability& a);

/// The tables as one JSON object: `strings` with "slots": rows (a flat list of integers) added.
std::string to_json_tables(const compact_availability& a);

/// Non-fatal findings on a valid clinic (a professional scheduled outside the site's hours, ...).
struct warning {
  std::string code;
  std::string pointer;
  std::string message;
};
std::vector<warning> clinic_warnings(const clinic& c);

/// One finding of validate(): which document ("clinic" or "bookings"), a code, a JSON Pointer into
/// that document and a message.
struct finding {
  std::string document;
  std::string code;
  std::string pointer;
  std::string message;
  std::string related;  ///< a second place the finding is about (the other booking of an overlap), or empty
};

/// Every error at once (up to limits::max_errors, then `truncated`), and the warnings. Independent
/// parts are checked independently: two bad sites, a bad segment and an unknown treatment in a
/// schedule are four errors. Bookings are checked only against a valid clinic (against a broken
/// one every reference to a broken entity would be reported again), and warnings are given only for
/// a valid clinic. Never throws for bad input.
///
///   auto v = booking::validate(clinic_text);
///   for (const auto& e : v.errors) std::cerr << e.pointer << ": " << e.message << "\n";
struct validation {
  std::vector<finding> errors;
  std::vector<finding> warnings;
  bool truncated = false;
  bool valid() const noexcept { return errors.empty(); }
};
validation validate(std::string_view clinic_text, std::string_view bookings_text = {});

namespace detail {
/// Throws booking::error unless `v` is a valid user layer, {"preferences": {...}} (config.h).
void check_user_layer(const nlohmann::json& v, const std::string& pointer);
}  // namespace detail

}  // namespace booking
