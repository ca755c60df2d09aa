// Fuzzes the clinic parser and validator: any bytes give a clinic or a booking::error with a code.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_booking_errors([&] { booking::parse_clinic(text); });
  // validate_json never throws for bad input.
  auto v = nlohmann::json::parse(booking::validate_json(text));
  if (!v.contains("valid")) std::abort();
  return 0;
}
