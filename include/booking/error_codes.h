// booking::error_codes — every error code, who raises it and when: the one list docs/format.md's table is made from.
#pragma once

#include <string_view>

namespace booking {

/// One code of booking::error (C++), booking.Error (Python) or BookingError (JS).
struct error_code_info {
  std::string_view code;       ///< what error::code() returns
  std::string_view raised_by;  ///< "engine" (every language), or the hosts that add it: "CLI", "Python", "JS", "store"
  std::string_view when;       ///< Markdown, for docs/format.md
};

/// Every code, in the order of docs/format.md's table (tests/docs_test.cpp checks that the table is
/// this list and that every code the engine throws is here; scripts/update-error-table.sh rewrites
/// the table). A new code is a line here.
///
///   for (const auto& c : booking::error_codes) std::cout << c.code << ": " << c.when << "\n";
inline constexpr error_code_info error_codes[] = {
    {"malformed_json", "engine, Python",
     "not JSON, not UTF-8, or a number too large for a double (`1e309`); the message, and the error's line and column, "
     "say where. Python also for a `str` that cannot be JSON ([python.md](python.md))"},
    {"duplicate_key", "engine", "one object has a key twice"},
    {"wrong_type", "engine, Python",
     "e.g. a string where a number belongs; Python also for arguments it cannot pass on: a datetime inside a dict, a `str` "
     "where a list of ids belongs"},
    {"missing_field", "engine", "a required field is absent"},
    {"unknown_field", "engine", "a field the format does not have"},
    {"invalid_value", "engine", "a bad date, time, status, weekday, slot id, or a fractional number"},
    {"invalid_id", "engine", "an id with characters outside `[A-Za-z0-9_.-]` or longer than 64"},
    {"out_of_range", "engine", "a number or date outside its documented range"},
    {"invalid_range", "engine", "an end at or before its start; notice ≥ advance"},
    {"overlapping_hours", "engine", "spans overlapping within a day"},
    {"duplicate_day", "engine", "a weekday listed twice, a date overridden twice"},
    {"duplicate_id", "engine", "two entities of one kind with the same id"},
    {"unknown_id", "engine", "a reference to an id that does not exist"},
    {"unknown_zone", "engine", "a time zone the database does not know"},
    {"unsupported_zone", "engine",
     "a zone whose offset on the dates asked is not a whole minute (e.g. local mean time before 1900)"},
    {"too_large", "engine", "past one of the limits below"},
    {"not_overridable", "engine",
     "a policy set in a layer that may not set it (a site's `claim_granularity_minutes`, a professional's "
     "`slot_step_minutes`)"},
    {"duplicate_publish_at", "engine", "two configuration versions published at the same instant"},
    {"unknown_operation", "engine", "`run_json` with an operation it does not have"},
    {"empty_document", "engine", "a named document (bookings) that is empty or only white space"},
    {"chair_busy", "engine", "`validate`: two stored bookings that overlap on a chair (see Bookings)"},
    {"professional_busy", "engine", "`validate`: two stored bookings of one professional that overlap"},
    {"resource_full", "engine", "`validate`: stored bookings that use a resource past its capacity"},
    {"duplicate_value", "engine", "the clinic operations: an offset or channel listed twice in a reminder policy ([operations.md](operations.md))"},
    {"unsupported_ical", "engine",
     "an iCalendar file outside the supported subset; the message names the line and property ([operations.md](operations.md))"},
    {"invalid_ical", "engine", "a broken iCalendar file; the message names the line and property ([operations.md](operations.md))"},
    {"io_error", "CLI, Python",
     "a file cannot be read (the CLI's files, Python's `from_path`): the message names the document, the file and the "
     "OS reason"},
    {"not_found", "engine, Python",
     "`lifecycle`: a booking the bookings document does not have; Python: `from_path` on a file that does not exist"},
    {"naive_datetime", "Python", "a `datetime` without a time zone"},
    {"closed_engine", "JS", "a call on an `Engine` after `close()`"},
    {"out_of_memory", "JS", "the module ran out of memory; it stays usable for the next call"},
    {"internal_error", "JS", "the module met a bug; it stays usable for the next call"},
    {"too_many_engines", "JS",
     "more than 10,000 `Engine`s open at once (call `close()` or use `using`; [wasm.md](wasm.md))"},
    {"idempotency_key_reused", "store", "an idempotency key sent again with another request ([stores.md](stores.md))"},
    {"store_unavailable", "store", "the store or the service cannot be reached ([stores.md](stores.md))"},
    {"store_contention", "store",
     "a conflict: the slot changed hands at every retry while booking; the client may try again ([stores.md](stores.md))"},
    {"too_many_claims", "store",
     "a conflict: a booking that needs more than the 100 items of one DynamoDB transaction ([stores.md](stores.md))"},
};

}  // namespace booking
