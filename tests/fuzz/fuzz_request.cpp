// Fuzzes availability and check requests on the example clinic and bookings.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const booking::engine engine(fuzz::read("examples/clinic/clinic.json"), fuzz::read("examples/clinic/bookings.json"));
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_booking_errors([&] { engine.availability(text); });
  fuzz::expect_only_booking_errors([&] { engine.check(text); });
  return 0;
}
