// Fuzzes the bookings/blocks parser against the example clinic, then runs availability on what parsed.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_booking_errors([&] {
    auto cal = booking::parse_calendar(text, fuzz::example());
    booking::availability_request r;
    r.site = "santiago-centro";
    r.treatment = "endodoncia";
    r.from = *booking::parse_date("2026-12-07");
    r.to = r.from + 2;
    r.now = booking::parse_instant("2026-12-01T00:00:00Z")->minute;
    booking::find_availability(fuzz::example(), cal, r);
  });
  return 0;
}
