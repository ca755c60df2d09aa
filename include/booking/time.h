// Local dates, wall-clock times and RFC 3339 instants, parsed strictly and printed canonically.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

#include "booking/interval_set.h"

namespace booking {

/// A local calendar date as days since 1970-01-01 (the count of `date::local_days`).
using day_number = std::int32_t;

/// The day of a minute count since 1970-01-01T00:00 (floor division: minute -1 is day -1).
inline constexpr minutes_t day_of(minutes_t minutes) { return minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440); }

/// Days of the week, Monday first, as used in the JSON ("mon" … "sun").
inline constexpr std::array<std::string_view, 7> weekday_names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/// Dates outside this range are rejected: the zone database has explicit transitions only up to
/// 2037 and the engine never guesses an offset (see docs/semantics.md, "Limits").
inline constexpr day_number min_day = 7305;   // 1990-01-01
inline constexpr day_number max_day = 24836;  // 2037-12-31

/// Whether an instant lies on a supported date (by its UTC day): every time the engine reads goes
/// through this one check, whatever form it came in (an RFC 3339 string or a slot id).
inline constexpr bool in_supported_range(minutes_t t) {
  return t >= minutes_t{min_day} * 1440 && t < (minutes_t{max_day} + 1) * 1440;
}

/// 0 = Monday … 6 = Sunday.
inline int weekday_of(day_number d) {
  return static_cast<int>(date::weekday{date::sys_days{date::days{d}}}.iso_encoding()) - 1;
}

namespace detail {
inline bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}
inline void put2(std::string& s, int v) {
  s += static_cast<char>('0' + v / 10);
  s += static_cast<char>('0' + v % 10);
}
inline std::optional<day_number> ymd_to_day(int y, int m, int d) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<day_number>(date::sys_days{ymd}.time_since_epoch().count());
}
}  // namespace detail

/// "YYYY-MM-DD" → day number; nullopt if malformed or not a real date ("2026-02-30").
inline std::optional<day_number> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !detail::digits(s, 0, 4, y) ||
      !detail::digits(s, 5, 2, m) || !detail::digits(s, 8, 2, d))
    return std::nullopt;
  return detail::ymd_to_day(y, m, d);
}

inline std::string format_date(day_number d) {
  date::year_month_day ymd{date::sys_days{date::days{d}}};
  std::string s;
  int y = static_cast<int>(ymd.year());
  s += std::to_string(y);
  while (s.size() < 4) s.insert(s.begin(), '0');
  s += '-';
  detail::put2(s, static_cast<int>(static_cast<unsigned>(ymd.month())));
  s += '-';
  detail::put2(s, static_cast<int>(static_cast<unsigned>(ymd.day())));
  return s;
}

/// "HH:MM" → minutes after local midnight, 0..1440 ("24:00" is the end of the day); nullopt for
/// "25:00", "9:00", "12:60" and anything else.
inline std::optional<int> parse_clock(std::string_view s) {
  int h, m;
  if (s.size() != 5 || s[2] != ':' || !detail::digits(s, 0, 2, h) || !detail::digits(s, 3, 2, m)) return std::nullopt;
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

inline std::string format_clock(int minutes) {
  std::string s;
  detail::put2(s, minutes / 60);
  s += ':';
  detail::put2(s, minutes % 60);
  return s;
}

/// A parsed RFC 3339 timestamp: the instant in whole minutes, plus what was dropped to get there.
struct parsed_instant {
  minutes_t minute = 0;      ///< floor of the instant to the minute
  bool whole_minute = true;  ///< false when seconds or a fraction were non-zero
};

/// "2026-12-07T10:00:00-03:00", "2026-12-07T13:00:00Z", "…T13:00Z" (seconds optional), with an
/// optional fraction. The offset is required: a time without one names no instant.
inline std::optional<parsed_instant> parse_instant(std::string_view s) {
  if (s.size() < 17 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  auto day = parse_date(s.substr(0, 10));
  int hh, mm, ss = 0;
  if (!day || !detail::digits(s, 11, 2, hh) || s[13] != ':' || !detail::digits(s, 14, 2, mm)) return std::nullopt;
  if (hh > 23 || mm > 59) return std::nullopt;
  std::size_t p = 16;
  bool whole = true;
  if (p < s.size() && s[p] == ':') {
    if (!detail::digits(s, p + 1, 2, ss) || ss > 59) return std::nullopt;  // no leap seconds in schedules
    p += 3;
    if (p < s.size() && s[p] == '.') {
      std::size_t q = p + 1;
      while (q < s.size() && s[q] >= '0' && s[q] <= '9') {
        if (s[q] != '0') whole = false;
        ++q;
      }
      if (q == p + 1) return std::nullopt;
      p = q;
    }
  }
  if (ss != 0) whole = false;
  int off = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z') && p + 1 == s.size()) {
    off = 0;
  } else if (p + 6 == s.size() && (s[p] == '+' || s[p] == '-') && s[p + 3] == ':') {
    int oh, om;
    if (!detail::digits(s, p + 1, 2, oh) || !detail::digits(s, p + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
    off = (oh * 60 + om) * (s[p] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return parsed_instant{minutes_t{*day} * 1440 + hh * 60 + mm - off, whole};
}

/// The longest text write_instant writes: a year beyond 9999 is printed by format_date.
inline constexpr std::size_t max_instant_chars = 40;

/// Writes RFC 3339 with seconds and the given UTC offset in minutes at `at` ("2026-12-07T09:15:00-03:00",
/// at most max_instant_chars) and returns the end. Writes digits directly: it runs twice per start
/// when an answer is printed.
inline char* write_instant(char* at, minutes_t utc, int offset_minutes) {
  minutes_t local = utc + offset_minutes;
  minutes_t day = day_of(local);
  int mod = static_cast<int>(local - day * 1440);
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {
    const std::string d = format_date(static_cast<day_number>(day));
    at = std::copy(d.begin(), d.end(), at);
  } else {
    unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const char buf[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                          static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                          static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                          static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
    at = std::copy(buf, buf + sizeof buf, at);
  }
  char t[15] = {'T', static_cast<char>('0' + mod / 600), static_cast<char>('0' + mod / 60 % 10), ':',
                static_cast<char>('0' + mod % 60 / 10), static_cast<char>('0' + mod % 10), ':', '0', '0'};
  std::size_t n = 9;
  if (offset_minutes == 0) {
    t[n++] = 'Z';
  } else {
    int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    t[n++] = offset_minutes < 0 ? '-' : '+';
    t[n++] = static_cast<char>('0' + a / 600);
    t[n++] = static_cast<char>('0' + a / 60 % 10);
    t[n++] = ':';
    t[n++] = static_cast<char>('0' + a % 60 / 10);
    t[n++] = static_cast<char>('0' + a % 10);
  }
  return std::copy(t, t + n, at);
}

/// Appends write_instant's text to `out`.
inline void append_instant(std::string& out, minutes_t utc, int offset_minutes) {
  char buf[max_instant_chars];
  out.append(buf, write_instant(buf, utc, offset_minutes));
}

inline std::string format_instant(minutes_t utc, int offset_minutes) {
  std::string s;
  s.reserve(25);
  append_instant(s, utc, offset_minutes);
  return s;
}

/// Writes the compact UTC stamp used inside slot ids and claim keys at `at` ("20261207T1215Z",
/// always 14 characters; the year modulo 10,000) and returns the end. On the hot path of
/// availability, so it writes digits directly instead of formatting.
inline char* write_stamp(char* at, minutes_t utc) {
  minutes_t day = day_of(utc);
  int mod = static_cast<int>(utc - day * 1440);
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  const char buf[14] = {static_cast<char>('0' + y / 1000 % 10), static_cast<char>('0' + y / 100 % 10),
                        static_cast<char>('0' + y / 10 % 10),   static_cast<char>('0' + y % 10),
                        static_cast<char>('0' + m / 10),        static_cast<char>('0' + m % 10),
                        static_cast<char>('0' + d / 10),        static_cast<char>('0' + d % 10),
                        'T',
                        static_cast<char>('0' + mod / 600),     static_cast<char>('0' + mod / 60 % 10),
                        static_cast<char>('0' + mod % 60 / 10), static_cast<char>('0' + mod % 10),
                        'Z'};
  return std::copy(buf, buf + sizeof buf, at);
}

/// Appends write_stamp's 14 characters to `out`.
inline void append_stamp(std::string& out, minutes_t utc) {
  char buf[14];
  out.append(buf, write_stamp(buf, utc));
}

inline std::string format_stamp(minutes_t utc) {
  std::string s;
  append_stamp(s, utc);
  return s;
}

inline std::optional<minutes_t> parse_stamp(std::string_view s) {
  if (s.size() != 14 || s[8] != 'T' || s[13] != 'Z') return std::nullopt;
  std::string iso;
  iso.append(s.substr(0, 4)).append("-").append(s.substr(4, 2)).append("-").append(s.substr(6, 2));
  iso.append("T").append(s.substr(9, 2)).append(":").append(s.substr(11, 2)).append("Z");
  auto p = parse_instant(iso);
  if (!p) return std::nullopt;
  return p->minute;
}

}  // namespace booking
