// booking::error — the one exception type of the library: a code, a JSON Pointer and a message.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace booking {

/// Thrown for input the engine cannot accept. `code()` is stable and machine-readable
/// ("invalid_value", "unknown_id", ...), `pointer()` is an RFC 6901 JSON Pointer to the offending
/// field ("/sites/0/timezone"), and `what()` is a sentence a clinic administrator can act on.
///
///   try { auto c = booking::parse_clinic(text); }
///   catch (const booking::error& e) { std::cerr << e.pointer() << ": " << e.what(); }
class error : public std::invalid_argument {
 public:
  error(std::string code, std::string pointer, const std::string& message)
      : std::invalid_argument(message), code_(std::move(code)), pointer_(std::move(pointer)) {}

  const std::string& code() const noexcept { return code_; }
  const std::string& pointer() const noexcept { return pointer_; }

 private:
  std::string code_;
  std::string pointer_;
};

}  // namespace booking
