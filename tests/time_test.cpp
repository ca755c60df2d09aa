// time.h: strict parsing and canonical printing of dates, clock times and RFC 3339 instants.
#include <doctest/doctest.h>

#include "booking/time.h"

using namespace booking;

TEST_CASE("dates parse strictly and round-trip") {
  CHECK(parse_date("1970-01-01") == 0);
  CHECK(format_date(*parse_date("2026-12-07")) == "2026-12-07");
  CHECK_FALSE(parse_date("2026-02-29"));
  CHECK(parse_date("2028-02-29"));
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-1-01"));
  CHECK_FALSE(parse_date("2026-12-07T"));
  CHECK(weekday_of(*parse_date("2026-12-07")) == 0);  // a Monday
  CHECK(weekday_of(*parse_date("2026-12-13")) == 6);
}

TEST_CASE("clock times accept 00:00 to 24:00 only") {
  CHECK(parse_clock("00:00") == 0);
  CHECK(parse_clock("09:30") == 570);
  CHECK(parse_clock("24:00") == 1440);
  CHECK_FALSE(parse_clock("25:00"));
  CHECK_FALSE(parse_clock("24:30"));
  CHECK_FALSE(parse_clock("12:60"));
  CHECK_FALSE(parse_clock("9:00"));
  CHECK(format_clock(1440) == "24:00");
}

TEST_CASE("RFC 3339 instants need an offset and keep track of dropped seconds") {
  auto a = parse_instant("2026-12-07T10:00:00-03:00");
  REQUIRE(a);
  CHECK(a->whole_minute);
  CHECK(format_instant(a->minute, 0) == "2026-12-07T13:00:00Z");
  CHECK(format_instant(a->minute, -180) == "2026-12-07T10:00:00-03:00");
  CHECK(format_instant(a->minute, 345) == "2026-12-07T18:45:00+05:45");
  auto b = parse_instant("2026-12-07T13:00:30.5Z");
  REQUIRE(b);
  CHECK_FALSE(b->whole_minute);
  CHECK(b->minute == a->minute);
  CHECK(parse_instant("2026-12-07T13:00Z"));
  CHECK_FALSE(parse_instant("2026-12-07T10:00:00"));
  CHECK_FALSE(parse_instant("2026-12-07T24:00:00Z"));
  CHECK_FALSE(parse_instant("2026-12-07T10:00:00+3:00"));
}

TEST_CASE("compact stamps round-trip") {
  auto t = parse_instant("2026-12-07T12:15:00Z")->minute;
  CHECK(format_stamp(t) == "20261207T1215Z");
  CHECK(parse_stamp("20261207T1215Z") == t);
  CHECK_FALSE(parse_stamp("20261207T1215"));
  CHECK_FALSE(parse_stamp("20261307T1215Z"));
}
