// booking_peak_memory DIR: the peak resident memory (getrusage ru_maxrss) of one process that reads a
// generated workload (booking_bench_gen DIR), builds an engine and answers its availability request
// end to end, answer text included. Reading the files rather than generating the workload keeps the
// generator's own memory out of the figure. Prints one JSON line for bench/plot.py.
#include <sys/resource.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "booking/booking.h"

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: booking_peak_memory DIR   (a folder written by booking_bench_gen)\n";
    return 2;
  }
  try {
    const std::string dir = argv[1];
    const double at_start = peak_mib();
    booking::engine e(read(dir + "/clinic.json"), read(dir + "/bookings.json"));
    const double loaded = peak_mib();
    const std::string answer = e.availability(read(dir + "/request.json"));
    std::cout << "{\"workload\": \"" << read(dir + "/name") << "\", \"answer_bytes\": " << answer.size()
              << ", \"rss_start_mib\": " << at_start << ", \"rss_loaded_mib\": " << loaded
              << ", \"peak_rss_mib\": " << peak_mib() << "}\n";
  } catch (const std::exception& ex) {
    std::cerr << ex.what() << "\n";
    return 1;
  }
  return 0;
}
