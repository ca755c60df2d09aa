// iCalendar (RFC 5545): a professional's or chair's agenda as a VCALENDAR, and closures from an .ics.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <tuple>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/error.h"
#include "booking/zone.h"

namespace booking {

/// Whose agenda, over which local dates (read in the zone of `site`), stamped at `now` (DTSTAMP).
/// Either `professional` (then `site` is optional: by default the site of their first schedule
/// entry) or `site` and `chair`.
struct agenda_request {
  std::string professional;
  std::string site;
  std::string chair;
  day_number from = 0;
  day_number to = 0;
  minutes_t now = 0;
};

namespace detail {

/// "20261207T130000Z": an RFC 5545 DATE-TIME in UTC.
inline std::string ical_utc(minutes_t t) {
  std::string s = format_stamp(t);  // "20261207T1300Z"
  s.insert(13, "00");
  return s;
}

/// RFC 5545 TEXT escaping (3.3.11): backslash, semicolon, comma and newline.
inline std::string ical_text(std::string_view v) {
  std::string s;
  for (char ch : v) {
    if (ch == '\\' || ch == ';' || ch == ',') s += '\\', s += ch;
    else if (ch == '\n') s += "\\n";
    else if (ch != '\r') s += ch;
  }
  return s;
}

/// Appends one content line, folded at 75 octets (3.1) without splitting a UTF-8 character.
inline void ical_line(std::string& out, std::string_view line) {
  std::size_t width = 75;
  while (line.size() > width) {
    std::size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut)).append("\r\n ");
    line.remove_prefix(cut);
    width = 74;  // the leading space counts
  }
  out.append(line).append("\r\n");
}

}  // namespace detail

/// The agenda as an RFC 5545 VCALENDAR (CRLF lines, folded at 75 octets, times in UTC so that no
/// VTIMEZONE is needed): one VEVENT per booking that occupies time (pending → TENTATIVE, the rest
/// CONFIRMED) and one per block of the professional or chair (and whole-site block of the chair's
/// site), whose local start date lies in [from, to]. Throws booking::error for unknown ids.
///
///   std::string ics = booking::agenda_to_ical(clinic, calendar,
///       {.professional = "dra-soto", .from = d0, .to = d1, .now = now});
inline std::string agenda_to_ical(const clinic& c, const calendar& cal, const agenda_request& req) {
  detail::check_order(req.from, req.to);
  if (req.to - req.from + 1 > max_request_days)
    throw error("too_large", "/to", "an agenda may span at most " + std::to_string(max_request_days) + " days");
  const professional* pro = nullptr;
  const site* s = nullptr;
  if (!req.site.empty()) {
    s = c.find_site(req.site);
    if (s == nullptr) throw error("unknown_id", "/site", "unknown site \"" + req.site + "\"");
  }
  if (!req.professional.empty()) {
    if (!req.chair.empty()) throw error("invalid_value", "/chair", "give a professional or a chair, not both");
    pro = c.find_professional(req.professional);
    if (pro == nullptr) throw error("unknown_id", "/professional", "unknown professional \"" + req.professional + "\"");
    if (s == nullptr && !pro->schedule.empty()) s = c.find_site(pro->schedule.front().site);
    if (s == nullptr && !c.sites.empty()) s = &c.sites.front();
  } else {
    if (req.chair.empty()) throw error("missing_field", "/professional", "an agenda needs a \"professional\", or a \"site\" and a \"chair\"");
    if (s == nullptr) throw error("missing_field", "/site", "a chair's agenda needs the chair's \"site\"");
    if (s->find_chair(req.chair) == nullptr) throw error("unknown_id", "/chair", "site " + s->id + " has no chair \"" + req.chair + "\"");
  }
  if (s == nullptr) throw error("unknown_id", "/site", "the clinic has no site");
  const auto* zone = find_zone(s->timezone);
  if (zone == nullptr) throw error("unknown_zone", "/site", "site " + s->id + " has an unknown time zone \"" + s->timezone + "\"");
  const zone_calendar zc(zone, req.from - 1, req.to + 1);
  const interval_set range = zc.local_days(req.from, req.to);
  const detail::treatment_index treatments(c);

  struct event {
    minutes_t start, end;
    std::string uid, summary, location, status, description;
  };
  std::vector<event> events;
  const std::string domain = "@" + c.tenant.id + ".booking";
  for (const auto& b : cal.bookings) {
    if (!b.occupies() || !range.contains(b.start)) continue;
    if (pro ? b.professional != pro->id : (b.site != s->id || b.chair != req.chair)) continue;
    const treatment& t = treatments.of(b);
    const professional* bp = c.find_professional(b.professional);
    const site* bs = c.find_site(b.site);
    const std::string who = bp && !bp->name.empty() ? bp->name : b.professional;
    events.push_back({b.start, b.start + t.duration(), b.id + domain,
                      (t.name.empty() ? t.id : t.name) + " — " + (pro ? "chair " + b.chair : who),
                      (bs && !bs->name.empty() ? bs->name : b.site) + ", chair " + b.chair,
                      b.status == booking_status::pending ? "TENTATIVE" : "CONFIRMED",
                      "booking " + b.id + " (" + std::string(booking_status_names[static_cast<std::size_t>(b.status)]) + ")"});
  }
  for (const auto& k : cal.blocks) {
    const bool mine = pro ? k.professional == pro->id
                          : k.site == s->id && (k.chair == req.chair || k.whole_site());
    if (!mine || !range.intersects(k.span)) continue;
    events.push_back({k.span.lo, k.span.hi, "block-" + k.id + domain, "Blocked" + (k.reason.empty() ? "" : ": " + k.reason),
                      k.site.empty() ? std::string() : k.site, "CONFIRMED", "block " + k.id});
  }
  std::sort(events.begin(), events.end(), [](const event& x, const event& y) { return std::tie(x.start, x.uid) < std::tie(y.start, y.uid); });

  std::string out;
  const std::string name = pro ? (pro->name.empty() ? pro->id : pro->name) : (s->name.empty() ? s->id : s->name) + ", chair " + req.chair;
  for (const char* l : {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//chairbook//booking engine//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"})
    detail::ical_line(out, l);
  detail::ical_line(out, "X-WR-CALNAME:" + detail::ical_text(name));
  const std::string stamp = detail::ical_utc(req.now);
  for (const auto& e : events) {
    detail::ical_line(out, "BEGIN:VEVENT");
    detail::ical_line(out, "UID:" + detail::ical_text(e.uid));
    detail::ical_line(out, "DTSTAMP:" + stamp);
    detail::ical_line(out, "DTSTART:" + detail::ical_utc(e.start));
    detail::ical_line(out, "DTEND:" + detail::ical_utc(e.end));
    detail::ical_line(out, "SUMMARY:" + detail::ical_text(e.summary));
    if (!e.location.empty()) detail::ical_line(out, "LOCATION:" + detail::ical_text(e.location));
    detail::ical_line(out, "DESCRIPTION:" + detail::ical_text(e.description));
    detail::ical_line(out, "STATUS:" + e.status);
    detail::ical_line(out, "TRANSP:OPAQUE");
    detail::ical_line(out, "END:VEVENT");
  }
  detail::ical_line(out, "END:VCALENDAR");
  return out;
}

/// One closure event read from an .ics: its SUMMARY, the line its BEGIN:VEVENT is on, and the
/// local dates it closes within the range asked for.
struct ical_closure {
  std::string summary;
  int line = 0;
  std::vector<day_number> dates;
};

namespace detail {

struct ical_property {
  int line = 0;
  std::string name;                                         ///< upper case
  std::vector<std::pair<std::string, std::string>> params;  ///< names upper case
  std::string value;

  const std::string* param(std::string_view n) const {
    for (const auto& [k, v] : params) if (k == n) return &v;
    return nullptr;
  }
};

[[noreturn]] inline void ical_fail(const char* code, int line, std::string_view property, const std::string& msg) {
  throw error(code, "", "line " + std::to_string(line) + (property.empty() ? "" : ", " + std::string(property)) + ": " + msg);
}

inline std::string upper(std::string_view s) {
  std::string u(s);
  for (char& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return u;
}

/// Unfolds (3.1) and splits content lines into name, parameters and value.
inline std::vector<ical_property> ical_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::pair<int, std::string>> logical;
  int n = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(at, end - at);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    ++n;
    at = end + 1;
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t')) {
      if (logical.empty()) ical_fail("invalid_ical", n, "", "a folded line continues nothing");
      logical.back().second.append(l.substr(1));
    } else if (!l.empty()) {
      logical.emplace_back(n, std::string(l));
    }
  }
  std::vector<ical_property> out;
  for (auto& [line, l] : logical) {
    ical_property p;
    p.line = line;
    std::size_t i = 0;
    while (i < l.size() && l[i] != ';' && l[i] != ':') ++i;
    p.name = upper(std::string_view(l).substr(0, i));
    if (p.name.empty() || i == l.size())
      ical_fail("invalid_ical", line, p.name, "not a content line \"NAME[;PARAM=VALUE]:VALUE\"");
    while (i < l.size() && l[i] == ';') {
      std::size_t eq = l.find('=', i);
      if (eq == std::string::npos) ical_fail("invalid_ical", line, p.name, "a parameter without '='");
      std::string key = upper(std::string_view(l).substr(i + 1, eq - i - 1)), val;
      i = eq + 1;
      bool quoted = false;
      while (i < l.size() && (quoted || (l[i] != ';' && l[i] != ':'))) {
        if (l[i] == '"') quoted = !quoted;
        else val += l[i];
        ++i;
      }
      p.params.emplace_back(std::move(key), std::move(val));
    }
    if (i == l.size() || l[i] != ':') ical_fail("invalid_ical", line, p.name, "no ':' before the value");
    p.value = l.substr(i + 1);
    out.push_back(std::move(p));
  }
  return out;
}

/// A DATE value "YYYYMMDD" (a DATE-TIME is refused: a closure is a whole local day).
inline day_number ical_date(const ical_property& p, std::string_view v) {
  const std::string* type = p.param("VALUE");
  if (v.size() != 8 || (type && *type != "DATE")) {
    ical_fail("unsupported_ical", p.line, p.name,
              "\"" + std::string(v) + "\" is not a DATE (YYYYMMDD); closures are whole days: use " + p.name + ";VALUE=DATE:YYYYMMDD");
  }
  auto d = parse_date(std::string(v.substr(0, 4)) + "-" + std::string(v.substr(4, 2)) + "-" + std::string(v.substr(6, 2)));
  if (!d) ical_fail("invalid_ical", p.line, p.name, "\"" + std::string(v) + "\" is not a date");
  return *d;
}

inline int ical_count(const ical_property& p, std::string_view part, std::string_view v) {
  int x = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || end != v.data() + v.size() || x < 1 || x > 10000)
    ical_fail("invalid_ical", p.line, p.name, std::string(part) + "=" + std::string(v) + " is not a count of 1 to 10000");
  return x;
}

inline std::string ical_unescape(std::string_view v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      ++i;
      s += (v[i] == 'n' || v[i] == 'N') ? '\n' : v[i];
    } else {
      s += v[i];
    }
  }
  return s;
}

}  // namespace detail

/// Closures from an iCalendar file, expanded over local dates [from, to]. The supported subset
/// (docs/operations.md): VEVENTs with an all-day DTSTART;VALUE=DATE, optional DTEND;VALUE=DATE
/// (exclusive) or DURATION:P<n>D/P<n>W, RRULE:FREQ=YEARLY with INTERVAL, COUNT or UNTIL (BYMONTH
/// and BYMONTHDAY only as DTSTART's), EXDATE;VALUE=DATE lists, SUMMARY; STATUS:CANCELLED events
/// are skipped; VTIMEZONE and VALARM are ignored; descriptive properties (UID, DTSTAMP,
/// DESCRIPTION, ...) and X- properties are ignored. Anything else throws booking::error
/// ("unsupported_ical" or "invalid_ical") whose message names the line and the property.
/// A 29 February that repeats yearly closes only leap years (RFC 5545 skips invalid dates).
///
///   auto events = booking::closures_from_ical(ics_text, *booking::parse_date("2027-01-01"),
///                                             *booking::parse_date("2027-12-31"));
inline std::vector<ical_closure> closures_from_ical(std::string_view text, day_number from, day_number to) {
  using detail::ical_fail;
  const auto props = detail::ical_lines(text);
  if (props.empty() || props.front().name != "BEGIN" || detail::upper(props.front().value) != "VCALENDAR")
    ical_fail("invalid_ical", props.empty() ? 1 : props.front().line, props.empty() ? "" : props.front().name,
              "an iCalendar file starts with BEGIN:VCALENDAR");
  static constexpr std::string_view ignored[] = {"UID", "DTSTAMP", "CREATED", "LAST-MODIFIED", "DESCRIPTION", "LOCATION",
                                                 "TRANSP", "CLASS", "SEQUENCE", "CATEGORIES", "URL", "COMMENT",
                                                 "ORGANIZER", "ATTENDEE", "CONTACT", "PRIORITY", "GEO", "ATTACH",
                                                 "RESOURCES", "RELATED-TO"};
  auto is_ignored = [](const std::string& n) {
    return n.starts_with("X-") || std::find(std::begin(ignored), std::end(ignored), n) != std::end(ignored);
  };
  std::vector<ical_closure> out;
  std::size_t i = 1;
  bool closed = false;
  while (i < props.size()) {
    const auto& p = props[i];
    if (p.name == "END" && detail::upper(p.value) == "VCALENDAR") {
      closed = true;
      ++i;
      break;
    }
    if (p.name == "BEGIN") {
      const std::string comp = detail::upper(p.value);
      if (comp == "VTIMEZONE") {  // dates are floating: a zone changes nothing
        while (i < props.size() && !(props[i].name == "END" && detail::upper(props[i].value) == "VTIMEZONE")) ++i;
        if (i == props.size()) ical_fail("invalid_ical", p.line, "BEGIN", "VTIMEZONE has no END");
        ++i;
        continue;
      }
      if (comp != "VEVENT") ical_fail("unsupported_ical", p.line, "BEGIN", comp + " is not supported (only VEVENT closures)");
      ical_closure ev;
      ev.line = p.line;
      std::optional<day_number> start, end;
      int length = 1, interval = 1, count = 0;
      bool yearly = false, cancelled = false;
      std::optional<day_number> until;
      std::vector<day_number> exdates;
      const detail::ical_property* rrule = nullptr;
      ++i;
      for (; i < props.size(); ++i) {
        const auto& q = props[i];
        if (q.name == "END" && detail::upper(q.value) == "VEVENT") break;
        if (q.name == "BEGIN" && detail::upper(q.value) == "VALARM") {
          while (i < props.size() && !(props[i].name == "END" && detail::upper(props[i].value) == "VALARM")) ++i;
          if (i == props.size()) ical_fail("invalid_ical", q.line, "BEGIN", "VALARM has no END");
          continue;
        }
        if (q.name == "BEGIN" || q.name == "END") ical_fail("invalid_ical", q.line, q.name, q.value + " inside a VEVENT");
        if (q.name == "DTSTART") start = detail::ical_date(q, q.value);
        else if (q.name == "DTEND") end = detail::ical_date(q, q.value);
        else if (q.name == "SUMMARY") ev.summary = detail::ical_unescape(q.value);
        else if (q.name == "STATUS") cancelled = detail::upper(q.value) == "CANCELLED";
        else if (q.name == "DURATION") {
          const std::string v = detail::upper(q.value);
          if (v.size() < 3 || v[0] != 'P' || (v.back() != 'D' && v.back() != 'W'))
            ical_fail("unsupported_ical", q.line, q.name, "\"" + q.value + "\": only whole days (P<n>D) or weeks (P<n>W) are supported");
          length = detail::ical_count(q, "DURATION", std::string_view(v).substr(1, v.size() - 2)) * (v.back() == 'W' ? 7 : 1);
        } else if (q.name == "EXDATE") {
          std::string_view v = q.value;
          while (true) {
            const std::size_t comma = v.find(',');
            exdates.push_back(detail::ical_date(q, v.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            v.remove_prefix(comma + 1);
          }
        } else if (q.name == "RRULE") {
          rrule = &q;
          std::string_view v = q.value;
          while (!v.empty()) {
            const std::size_t semi = v.find(';');
            const std::string_view part = v.substr(0, semi);
            const std::size_t eq = part.find('=');
            if (eq == std::string_view::npos) ical_fail("invalid_ical", q.line, q.name, "\"" + std::string(part) + "\" is not NAME=VALUE");
            const std::string key = detail::upper(part.substr(0, eq));
            const std::string val = detail::upper(part.substr(eq + 1));
            if (key == "FREQ") {
              if (val != "YEARLY") ical_fail("unsupported_ical", q.line, q.name, "FREQ=" + val + " is not supported (only FREQ=YEARLY)");
              yearly = true;
            } else if (key == "INTERVAL") {
              interval = detail::ical_count(q, key, val);
            } else if (key == "COUNT") {
              count = detail::ical_count(q, key, val);
            } else if (key == "UNTIL") {
              until = detail::ical_date(q, std::string_view(val).substr(0, 8));
            } else if (key == "BYMONTH" || key == "BYMONTHDAY" || key == "WKST") {
              // checked against DTSTART below: only the rule DTSTART already implies is supported
            } else {
              ical_fail("unsupported_ical", q.line, q.name, key + " is not supported (FREQ=YEARLY with INTERVAL, COUNT, UNTIL)");
            }
            if (semi == std::string_view::npos) break;
            v.remove_prefix(semi + 1);
          }
          if (!yearly) ical_fail("unsupported_ical", q.line, q.name, "an RRULE needs FREQ=YEARLY");
          if (count && until) ical_fail("invalid_ical", q.line, q.name, "COUNT and UNTIL together (RFC 5545 allows one)");
        } else if (!is_ignored(q.name)) {
          ical_fail("unsupported_ical", q.line, q.name, "property not supported in a closure VEVENT (docs/operations.md)");
        }
      }
      if (i == props.size()) ical_fail("invalid_ical", p.line, "BEGIN", "VEVENT has no END:VEVENT");
      ++i;
      if (!start) ical_fail("invalid_ical", p.line, "DTSTART", "the VEVENT has no DTSTART");
      if (end) {
        if (*end <= *start) ical_fail("invalid_ical", p.line, "DTEND", "DTEND is not after DTSTART");
        length = *end - *start;
      }
      const date::year_month_day first{date::sys_days{date::days{*start}}};
      if (rrule) {  // BYMONTH / BYMONTHDAY must name DTSTART's own month and day
        std::string_view v = rrule->value;
        while (!v.empty()) {
          const std::size_t semi = v.find(';');
          const std::string_view part = v.substr(0, semi);
          const std::string key = detail::upper(part.substr(0, part.find('=')));
          const std::string val(part.substr(part.find('=') + 1));
          const unsigned want = key == "BYMONTH" ? static_cast<unsigned>(first.month()) : static_cast<unsigned>(first.day());
          if ((key == "BYMONTH" || key == "BYMONTHDAY") && val != std::to_string(want))
            ical_fail("unsupported_ical", rrule->line, "RRULE", key + "=" + val + " differs from DTSTART's; only the date of DTSTART may repeat");
          if (semi == std::string_view::npos) break;
          v.remove_prefix(semi + 1);
        }
      }
      if (cancelled) continue;
      std::vector<day_number> starts;
      if (!rrule) {
        starts.push_back(*start);
      } else {
        int made = 0;
        for (int y = static_cast<int>(first.year()); y <= 2037; y += interval) {
          const date::year_month_day ymd{date::year{y}, first.month(), first.day()};
          if (!ymd.ok()) continue;  // 29 February in a common year: no occurrence, not counted
          const day_number d = static_cast<day_number>(date::sys_days{ymd}.time_since_epoch().count());
          if (until && d > *until) break;
          starts.push_back(d);
          if (count && ++made == count) break;
          if (d > to) break;
        }
      }
      for (day_number d0 : starts) {
        if (std::find(exdates.begin(), exdates.end(), d0) != exdates.end()) continue;
        for (day_number d = d0; d < d0 + length; ++d)
          if (from <= d && d <= to) ev.dates.push_back(d);
      }
      out.push_back(std::move(ev));
      continue;
    }
    if (p.name == "CALSCALE" && detail::upper(p.value) != "GREGORIAN")
      ical_fail("unsupported_ical", p.line, p.name, p.value + " is not supported (only GREGORIAN)");
    if (p.name != "VERSION" && p.name != "PRODID" && p.name != "CALSCALE" && p.name != "METHOD" && !p.name.starts_with("X-"))
      ical_fail("unsupported_ical", p.line, p.name, "property not supported in a VCALENDAR");
    ++i;
  }
  if (!closed) ical_fail("invalid_ical", props.back().line, props.back().name, "the file ends without END:VCALENDAR");
  return out;
}

}  // namespace booking
