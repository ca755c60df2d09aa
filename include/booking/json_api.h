// JSON text in, JSON text out: the one entry point the CLI, Python and WebAssembly all call.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace booking {

struct clinic;
struct calendar;

/// A clinic and its bookings parsed once and queried many times (what a service or a browser tab
/// keeps between requests). Answers are byte-identical to the free functions below.
///
///   booking::engine e(clinic_text, bookings_text);
///   std::string week = e.availability(R"({"site": "s", "treatment": "t", "from": "2026-12-07", ...})");
class engine {
 public:
  explicit engine(std::string_view clinic, std::string_view bookings = {});
  ~engine();
  engine(engine&&) noexcept;
  engine& operator=(engine&&) noexcept;

  /// Replaces the bookings and blocks (validated against the clinic).
  void set_bookings(std::string_view bookings);
  std::string availability(std::string_view request) const;
  std::string check(std::string_view request) const;

  const booking::clinic& clinic() const;
  const booking::calendar& calendar() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

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

/// Runs one operation on a JSON object of named documents — the shape of a golden scenario:
/// {"clinic": ..., "bookings": ..., "request": ...}. Each document is a JSON value, or a string
/// holding JSON text (passed to the parser verbatim). Operations: "availability", "check",
/// "validate". Bindings replay every scenario through this one entry point, so an operation added
/// here works in every language at once. Throws booking::error (code "unknown_operation" for a name
/// it does not know).
std::string run_json(std::string_view operation, std::string_view documents);

/// The library version, "MAJOR.MINOR.PATCH".
std::string version();

}  // namespace booking
