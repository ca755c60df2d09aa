// JSON text in, JSON text out: the one entry point the CLI, Python and WebAssembly all call.
#pragma once

#include <string>
#include <string_view>

namespace booking {

/// Free slots. `bookings` may be empty. Returns {"slots": [...]} as compact JSON.
/// Throws booking::error for invalid input.
///
///   std::string answer = booking::availability_json(clinic_text, bookings_text, request_text);
std::string availability_json(std::string_view clinic, std::string_view bookings, std::string_view request);

/// Every conflict of one proposed booking, and its claim keys. Throws booking::error.
std::string check_json(std::string_view clinic, std::string_view bookings, std::string_view request);

/// Never throws for bad input: {"valid": bool, "errors": [...], "warnings": [...]} where each entry
/// has "code", "pointer" and "message". `bookings` (optional) is validated against the clinic too.
std::string validate_json(std::string_view clinic, std::string_view bookings = {});

/// The library version, "MAJOR.MINOR.PATCH".
std::string version();

}  // namespace booking
