// Shared by the harnesses: the example clinic, and the rule that only booking::error may escape.
#pragma once

#include <booking/booking.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace fuzz {

inline std::string read(const char* relative) {
  std::ifstream in(std::string(BOOKING_SOURCE_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const booking::clinic& example() {
  static const booking::clinic c = booking::parse_clinic(read("examples/clinic/clinic.json"));
  return c;
}

/// Runs f; a booking::error is the expected answer to bad input, anything else is a bug.
template <class F>
void expect_only_booking_errors(F&& f) {
  try {
    f();
  } catch (const booking::error& e) {
    if (e.code().empty()) {
      std::fprintf(stderr, "booking::error without a code: %s\n", e.what());
      std::abort();
    }
  }
}

}  // namespace fuzz
