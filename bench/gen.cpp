// booking_bench_gen NAME OUTDIR: writes the named workload as clinic.json, bookings.json and
// request.json, so that the Python and WASM benchmarks time exactly the native inputs, and the
// native answer as answer.json, which they check their own answer against before timing.
#include <fstream>
#include <iostream>

#include "workloads.h"

int main(int argc, char** argv) {
  const auto& names = bench::named_workloads();
  if (argc != 3) {
    std::cerr << "usage: booking_bench_gen NAME OUTDIR   (NAME:";
    for (const auto& n : names) std::cerr << ' ' << n;
    std::cerr << ")\n";
    return 2;
  }
  try {
    auto w = bench::named(argv[1]);
    std::string dir = argv[2];
    std::ofstream(dir + "/clinic.json") << w.clinic;
    std::ofstream(dir + "/bookings.json") << w.bookings;
    std::ofstream(dir + "/request.json") << w.request;
    std::ofstream(dir + "/name") << w.name;
    std::ofstream(dir + "/answer.json") << booking::engine(w.clinic, w.bookings).availability(w.request);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}
