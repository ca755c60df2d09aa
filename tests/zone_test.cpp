// zone_calendar: local spans and grids → UTC, exact on both transition days of a year.
#include <doctest/doctest.h>

#include "booking/zone.h"
#include "helpers.h"

using namespace booking;

namespace {
minutes_t span_length(const char* zone, const char* d, int from, int to) {
  zone_calendar zc(find_zone(zone), test::day(d), test::day(d));
  interval_set s;
  zc.add_local_span(test::day(d), from, to, s);
  return s.measure();
}
std::size_t grid_size(const char* zone, const char* d, int step) {
  zone_calendar zc(find_zone(zone), test::day(d), test::day(d));
  std::vector<minutes_t> g;
  zc.append_grid(test::day(d), step, g);
  CHECK(std::is_sorted(g.begin(), g.end()));
  return g.size();
}
}  // namespace

TEST_CASE("an unknown zone is not found") {
  CHECK(find_zone("America/Atlantis") == nullptr);
  CHECK(find_zone("America/Santiago") != nullptr);
}

TEST_CASE("a 01:00-04:00 shift lasts 2 hours on spring-forward day and 4 on fall-back day") {
  CHECK(span_length("America/New_York", "2026-03-08", 60, 240) == 120);
  CHECK(span_length("America/New_York", "2026-11-01", 60, 240) == 240);
  CHECK(span_length("America/New_York", "2026-11-02", 60, 240) == 180);
  CHECK(span_length("Europe/Madrid", "2026-03-29", 60, 240) == 120);
  CHECK(span_length("Europe/Madrid", "2026-10-25", 60, 240) == 240);
  // Lord Howe moves by 30 minutes.
  CHECK(span_length("Australia/Lord_Howe", "2026-10-04", 60, 240) == 150);
  CHECK(span_length("Australia/Lord_Howe", "2026-04-05", 60, 240) == 210);
  // Santiago changes at midnight: the day itself is 23 or 25 hours long.
  CHECK(span_length("America/Santiago", "2026-09-06", 0, 1440) == 23 * 60);
  CHECK(span_length("America/Santiago", "2026-04-04", 0, 1440) == 25 * 60);
}

TEST_CASE("a span inside the spring-forward gap is empty") {
  CHECK(span_length("America/New_York", "2026-03-08", 120, 180) == 0);
  CHECK(span_length("America/Santiago", "2026-09-06", 0, 60) == 0);
}

TEST_CASE("grid: nonexistent times are skipped, repeated times offered twice") {
  CHECK(grid_size("America/Lima", "2026-03-08", 15) == 96);
  CHECK(grid_size("America/New_York", "2026-03-08", 15) == 92);
  CHECK(grid_size("America/New_York", "2026-11-01", 15) == 100);
  CHECK(grid_size("Europe/Madrid", "2026-03-29", 15) == 92);
  CHECK(grid_size("Europe/Madrid", "2026-10-25", 15) == 100);
  CHECK(grid_size("America/Santiago", "2026-09-06", 15) == 92);
  CHECK(grid_size("America/Santiago", "2026-04-04", 15) == 100);
  CHECK(grid_size("Australia/Lord_Howe", "2026-10-04", 15) == 94);
  CHECK(grid_size("Australia/Lord_Howe", "2026-04-05", 15) == 98);
  CHECK(grid_size("Asia/Kathmandu", "2026-04-05", 60) == 24);
}

TEST_CASE("offsets and local days around a transition") {
  zone_calendar zc(find_zone("America/Santiago"), test::day("2026-04-03"), test::day("2026-04-06"));
  // 23:30 happens twice on 2026-04-04: at -03:00 and at -04:00.
  minutes_t first = test::at("2026-04-04T23:30:00-03:00"), second = test::at("2026-04-04T23:30:00-04:00");
  CHECK(second - first == 60);
  CHECK(zc.offset_at(first) == -180);
  CHECK(zc.offset_at(second) == -240);
  CHECK(zc.local_day_of(first) == test::day("2026-04-04"));
  CHECK(zc.local_day_of(second) == test::day("2026-04-04"));
  CHECK(zc.local_days(test::day("2026-04-04"), test::day("2026-04-04")).measure() == 25 * 60);
}
