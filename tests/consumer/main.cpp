// A program outside the tree that uses the installed library.
#include <booking/booking.h>

#include <iostream>

int main() {
  auto d = booking::parse_date("2026-12-07");
  booking::interval_set open{{{540, 780}}};
  bool ok = d && open.erode(0, 45).contains(540) && booking::find_zone("America/Lima") != nullptr;
  std::cout << "booking " << booking::version() << (ok ? " ok" : " BROKEN") << "\n";
  return ok ? 0 : 1;
}
