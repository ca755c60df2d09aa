// booking::zone_calendar — turns local days and wall-clock spans of one IANA zone into UTC intervals.
#pragma once

#include <cctype>
#include <string_view>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <date/tz.h>

#include "booking/error.h"
#include "booking/interval_set.h"
#include "booking/time.h"

namespace booking {

/// One stretch of UTC time during which a zone keeps one offset: local = utc + offset.
struct zone_period {
  minutes_t begin = 0;  ///< UTC, inclusive
  minutes_t end = 0;    ///< UTC, exclusive
  int offset = 0;       ///< minutes east of UTC
};

/// Whether `name` has the form of an IANA zone name ("America/Santiago", "UTC", "Etc/GMT+3"). The
/// OS database also answers to files that are not zones of the IANA database: "localtime" (the
/// host's own zone, so two servers would answer differently), "posixrules", "Factory", and the
/// "posix/" and "right/" copies (leap-second clocks). Those are refused in every build.
inline bool is_iana_zone_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  for (char ch : name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' || ch == '+')) return false;
  if (name == "localtime" || name == "posixrules" || name == "Factory") return false;
  return name.substr(0, 6) != "posix/" && name.substr(0, 6) != "right/";
}

/// The IANA zone called `name`, or nullptr when the database does not know it (or it is not an
/// IANA name: is_iana_zone_name).
inline const date::time_zone* find_zone(const std::string& name) noexcept {
  if (!is_iana_zone_name(name)) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (...) {
    return nullptr;
  }
}

/// Whether the database's name list (tzdata.zi in the zoneinfo folder: every zone and link name of
/// the IANA release it was built from) has `name`. A WebAssembly build with fewer zones carries the
/// whole list (docs/wasm.md), so a name it lists but cannot find is one this build did not load.
inline bool tzdata_lists_zone(const std::string& name) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    std::ifstream in("/usr/share/zoneinfo/tzdata.zi");
    for (std::string line; std::getline(in, line);) {
      if (line.size() < 3 || (line[0] != 'Z' && line[0] != 'L') || line[1] != ' ') continue;
      std::istringstream fields(line.substr(2));
      std::string first, second;
      fields >> first >> second;  // "Z name rules..." or "L target name"
      out.push_back(line[0] == 'Z' ? first : second);
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return std::binary_search(names.begin(), names.end(), name);
}

/// Why find_zone(name) found nothing, for the unknown_zone message: the name is not an IANA zone
/// name at all, or it is one but this build's database does not carry its data.
///
///   "unknown time zone \"X\" (" + booking::unknown_zone_reason(x, "America/Santiago") + ")"
inline std::string unknown_zone_reason(const std::string& name, const std::string& example) {
  if (is_iana_zone_name(name) && tzdata_lists_zone(name))
    return "an IANA zone name, but its data is not loaded in this build (see docs/wasm.md, Time zones)";
  return "not an IANA zone name; expected one such as \"" + example + "\"";
}

/// The periods of one zone over a span of local days, computed once so that every conversion
/// after it is arithmetic. Exact by construction: a local span [A, B) on day d is, for every period
/// (b, e, off) touching the day, the UTC interval [max(b, A - off), min(e, B - off)). A span inside
/// a spring-forward gap yields nothing; one across a fall-back hour yields its real, longer length.
/// `date::choose::earliest/latest` is never used: it maps a nonexistent time to the transition.
///
///   booking::zone_calendar cal{booking::find_zone("America/Santiago"), first_day, last_day};
///   booking::interval_set open;
///   cal.add_local_span(day, 9 * 60, 13 * 60, open);   // 09:00–13:00 local, as UTC minutes
class zone_calendar {
 public:
  zone_calendar(const date::time_zone* zone, day_number first, day_number last) : first_(first), last_(last) {
    if (zone == nullptr) throw error("unknown_zone", "", "no time zone given");
    using namespace std::chrono;
    // Local day d spans UTC [d - 26 h, d + 1 day + 26 h) at most; cover one day more either side.
    minutes_t from = (minutes_t{first} - 2) * 1440, to = (minutes_t{last} + 3) * 1440;
    date::sys_seconds t{seconds{from * 60}};
    while (true) {
      auto info = zone->get_info(t);
      auto off = info.offset.count();
      if (off % 60 != 0)
        throw error("unsupported_zone", "",
                    "time zone " + zone->name() + " has an offset that is not a whole minute on these dates");
      minutes_t b = std::max<minutes_t>(info.begin.time_since_epoch().count() / 60, from);
      minutes_t e = std::min<minutes_t>(info.end.time_since_epoch().count() / 60, to);
      if (!periods_.empty() && periods_.back().offset == off / 60) periods_.back().end = e;  // a rename only
      else periods_.push_back({b, e, static_cast<int>(off / 60)});
      if (e >= to) break;
      t = info.end;
    }
  }

  day_number first_day() const noexcept { return first_; }
  day_number last_day() const noexcept { return last_; }
  const std::vector<zone_period>& periods() const noexcept { return periods_; }

  /// Adds to `out` the UTC instants whose local time on day `d` lies in [from, to) minutes
  /// after local midnight (0 ≤ from ≤ to ≤ 1440).
  void add_local_span(day_number d, int from, int to, interval_set& out) const {
    minutes_t a = minutes_t{d} * 1440 + from, b = minutes_t{d} * 1440 + to;
    for (const auto& p : periods_) out.add({std::max(p.begin, a - p.offset), std::min(p.end, b - p.offset)});
  }

  /// All instants whose local date lies in [from, to] (inclusive local dates).
  interval_set local_days(day_number from, day_number to) const {
    interval_set s;
    for (const auto& p : periods_)
      s.add({std::max(p.begin, minutes_t{from} * 1440 - p.offset), std::min(p.end, (minutes_t{to} + 1) * 1440 - p.offset)});
    return s;
  }

  /// The UTC offset in force at instant `t` (which must lie inside the calendar's span).
  int offset_at(minutes_t t) const {
    auto it = std::upper_bound(periods_.begin(), periods_.end(), t,
                               [](minutes_t x, const zone_period& p) { return x < p.begin; });
    if (it == periods_.begin()) return periods_.front().offset;
    return std::prev(it)->offset;
  }

  /// Local minutes since 1970-01-01T00:00 local: divide by 1440 for the local date.
  minutes_t to_local(minutes_t t) const { return t + offset_at(t); }

  day_number local_day_of(minutes_t t) const {
    return static_cast<day_number>(day_of(to_local(t)));
  }

  /// Appends, in increasing order, every instant of local day `d` whose wall-clock time is a whole
  /// multiple of `step` minutes after local midnight: none for a time in a spring-forward gap, two
  /// for a time in a repeated fall-back hour.
  void append_grid(day_number d, int step, std::vector<minutes_t>& out) const {
    minutes_t midnight = minutes_t{d} * 1440;
    for (const auto& p : periods_) {
      for (int k = 0; k < 1440; k += step) {
        minutes_t t = midnight + k - p.offset;
        if (t >= p.begin && t < p.end) out.push_back(t);
      }
    }
  }

 private:
  day_number first_, last_;
  std::vector<zone_period> periods_;
};

}  // namespace booking
