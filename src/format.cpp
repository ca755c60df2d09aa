// JSON → model with a JSON Pointer on every error, and answers → JSON.
#include "booking/format.h"
#include "booking/overlaps.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>

#include "booking/error.h"
#include "booking/zone.h"
#include "json_parse.h"

namespace booking {

using json = nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& code, const std::string& ptr, const std::string& msg) {
  throw error(code, ptr, msg);
}

/// Where errors go while validating: parsing normally stops at the first error, but validation
/// reports them all. Each independent part (an entity, one of its fields, one list item) is parsed
/// inside attempt(): with a sink installed, its error is recorded and parsing goes on.
struct error_sink {
  std::vector<error> errors;
  bool truncated = false;
};
thread_local error_sink* sink = nullptr;

/// While one clinic is validated: the ids of the sites and treatments whose own entry failed. A
/// reference to one of them is not reported again ("unknown site", "invalid id" for each
/// professional who works there): the cause is reported once, at the entity.
struct broken_entities {
  std::set<std::string> sites, treatments;
};
thread_local broken_entities* broken = nullptr;

bool refers_to_broken(const json& v, const std::set<std::string> broken_entities::*kind) {
  return broken != nullptr && v.is_string() && (broken->*kind).count(v.get_ref<const std::string&>()) > 0;
}


/// Thrown, while validating, by an entity some of whose fields failed (each already recorded): the
/// entity is left out, and nothing more is reported for it.
struct already_reported {};

template <class F>
bool attempt(F&& f) {
  if (sink == nullptr) {
    f();
    return true;
  }
  try {
    f();
    return true;
  } catch (const already_reported&) {
    return false;
  } catch (const error& e) {
    if (sink->errors.size() < limits::max_errors) sink->errors.push_back(e);
    else sink->truncated = true;
    return false;
  }
}

/// The fields of one entity (a site, a booking), each parsed inside attempt(): while validating,
/// every field's own error is reported, and done() leaves the entity out if any failed. Outside
/// validation the first error is thrown at once, as everywhere.
class entity_fields {
 public:
  template <class F>
  bool operator()(F&& f) {
    const bool good = attempt(std::forward<F>(f));
    ok_ = ok_ && good;
    return good;
  }
  void done() const {
    if (!ok_) throw already_reported{};
  }

 private:
  bool ok_ = true;
};

class collecting {
 public:
  explicit collecting(error_sink& s) : previous_(sink) { sink = &s; }
  ~collecting() { sink = previous_; }
  collecting(const collecting&) = delete;
  collecting& operator=(const collecting&) = delete;

 private:
  error_sink* previous_;
};

std::string at(const std::string& ptr, std::string_view key) { return ptr + "/" + std::string(key); }
std::string at(const std::string& ptr, std::size_t i) { return ptr + "/" + std::to_string(i); }

std::string type_name(const json& v) { return v.type_name(); }

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    s = s.substr(0, cut) + "...";
  }
  return s;
}

const json& object(const json& v, const std::string& ptr) {
  if (!v.is_object()) fail("wrong_type", ptr, (ptr.empty() ? "the document" : ptr) + " must be an object, not " + type_name(v));
  return v;
}

const json& array(const json& v, const std::string& ptr, std::size_t max_items) {
  if (!v.is_array()) fail("wrong_type", ptr, ptr + " must be an array, not " + type_name(v));
  if (v.size() > max_items)
    fail("too_large", ptr, ptr + " has " + std::to_string(v.size()) + " entries; the limit is " + std::to_string(max_items));
  return v;
}

void only_keys(const json& obj, const std::string& ptr, std::span<const std::string_view> allowed) {
  for (const auto& [k, v] : obj.items()) {
    if (k == "$schema") continue;
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail("unknown_field", at(ptr, k), "unknown field \"" + detail::quote_input(k) + "\" (expected one of: " + list + ")");
    }
  }
}

void only_keys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
  only_keys(obj, ptr, std::span(allowed.begin(), allowed.size()));
}

const json* find(const json& obj, std::string_view key) {
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const json& need(const json& obj, std::string_view key, const std::string& ptr) {
  if (const json* v = find(obj, key)) return *v;
  fail("missing_field", at(ptr, key), "missing required field \"" + std::string(key) + "\"" + (ptr.empty() ? "" : " in " + ptr));
}

/// "null", "the number 5", "an array [1]": what a value is, for "must be X, not …" (it once said
/// "must be a string, not null null").
std::string what_is(const json& v) {
  if (v.is_null()) return "null";
  return std::string(v.is_array() || v.is_object() ? "an " : "the ") + v.type_name() + " " + show(v);
}

std::string str(const json& v, const std::string& ptr) {
  if (!v.is_string()) fail("wrong_type", ptr, ptr + " must be a string, not " + what_is(v));
  return v.get<std::string>();
}

std::string opt_str(const json& obj, std::string_view key, const std::string& ptr) {
  const json* v = find(obj, key);
  return v ? str(*v, at(ptr, key)) : std::string{};
}

bool opt_bool(const json& obj, std::string_view key, const std::string& ptr, bool dflt) {
  const json* v = find(obj, key);
  if (!v) return dflt;
  if (!v->is_boolean()) fail("wrong_type", at(ptr, key), at(ptr, key) + " must be true or false, not " + show(*v));
  return v->get<bool>();
}

int integer(const json& v, const std::string& ptr, long long lo, long long hi) {
  if (!v.is_number_integer()) {
    // 2^64 and beyond arrive as a double: a whole number too large, not a fraction
    if (v.is_number() && std::abs(v.get<double>()) >= 9.2e18)
      fail("out_of_range", ptr, ptr + " is " + show(v) + "; it must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    if (v.is_number()) fail("invalid_value", ptr, ptr + " must be a whole number, not " + show(v));
    fail("wrong_type", ptr, ptr + " must be a number, not " + what_is(v));
  }
  // nlohmann stores non-negative literals as unsigned: compare in the type they were parsed into.
  const bool out = v.is_number_unsigned()
                       ? v.get<unsigned long long>() > static_cast<unsigned long long>(hi) ||
                             (lo > 0 && v.get<unsigned long long>() < static_cast<unsigned long long>(lo))
                       : v.get<long long>() < lo || v.get<long long>() > hi;
  if (out)
    fail("out_of_range", ptr, ptr + " is " + show(v) + "; it must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return static_cast<int>(v.get<long long>());
}

int opt_int(const json& obj, std::string_view key, const std::string& ptr, long long lo, long long hi, int dflt) {
  const json* v = find(obj, key);
  return v ? integer(*v, at(ptr, key), lo, hi) : dflt;
}

/// Ids are 1–64 characters of letters, digits, '_', '-' and '.': they appear in slot ids and claim
/// keys, whose separators (':' and '/') they therefore cannot contain.
bool valid_id(std::string_view s) {
  return !s.empty() && s.size() <= limits::max_id_length &&
         std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.'; });
}

std::string id(const json& v, const std::string& ptr) {
  std::string s = str(v, ptr);
  if (!valid_id(s))
    fail("invalid_id", ptr, ptr + " is " + show(v) + "; an id is 1 to 64 letters, digits, '_', '-' or '.'");
  return s;
}

/// A patient reference: 1 to 100 characters, no control characters (free text such as a name is
/// allowed; two bookings are the same patient's when the texts are equal).
std::string patient_value(const json& v, const std::string& ptr) {
  std::string s = str(v, ptr);
  if (s.empty() || s.size() > 100 || std::any_of(s.begin(), s.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; }))
    fail("invalid_value", ptr, ptr + " is " + show(v) + "; a patient is 1 to 100 characters without control characters");
  return s;
}

day_number date_value(const json& v, const std::string& ptr) {
  auto d = parse_date(str(v, ptr));
  if (!d) fail("invalid_value", ptr, ptr + " is " + show(v) + "; expected a date \"YYYY-MM-DD\"");
  if (*d < min_day || *d > max_day) fail("out_of_range", ptr, ptr + " is " + show(v) + "; dates must lie between 1990-01-01 and 2037-12-31");
  return *d;
}

parsed_instant instant_value(const json& v, const std::string& ptr) {
  auto t = parse_instant(str(v, ptr));
  if (!t) fail("invalid_value", ptr, ptr + " is " + show(v) + "; expected an RFC 3339 time with an offset, like \"2026-12-07T10:00:00-03:00\"");
  if (!in_supported_range(t->minute)) fail("out_of_range", ptr, ptr + " is " + show(v) + "; times must lie between 1990 and 2037");
  return *t;
}

minutes_t whole_minute(const json& v, const std::string& ptr) {
  auto t = instant_value(v, ptr);
  if (!t.whole_minute) fail("invalid_value", ptr, ptr + " is " + show(v) + "; booking times are whole minutes (seconds must be 00)");
  return t.minute;
}

int weekday_index(const json& v, const std::string& ptr) {
  std::string s = str(v, ptr);
  for (int i = 0; i < 7; ++i) if (weekday_names[i] == s) return i;
  fail("invalid_value", ptr, ptr + " is " + show(v) + "; expected one of mon, tue, wed, thu, fri, sat, sun");
}

/// ["mon", "wed", ...] → which weekdays (Monday first); each day at most once, each error its own.
std::array<bool, 7> weekday_set(const json& days, const std::string& dp) {
  array(days, dp, 7);
  std::array<bool, 7> seen{};
  entity_fields each_day;
  for (std::size_t k = 0; k < days.size(); ++k) each_day([&] {
    int d = weekday_index(days[k], at(dp, k));
    if (seen[d]) fail("duplicate_day", at(dp, k), at(dp, k) + " repeats " + std::string(weekday_names[d]));
    seen[d] = true;
  });
  each_day.done();
  return seen;
}

/// [["09:00", "13:00"], ...] → sorted spans; rejects "25:00", end ≤ start and overlaps.
std::vector<clock_span> spans(const json& v, const std::string& ptr) {
  array(v, ptr, 48);
  std::vector<std::pair<clock_span, std::size_t>> out;
  entity_fields pairs;  // each pair's errors; overlaps are checked among the valid ones
  for (std::size_t i = 0; i < v.size(); ++i) pairs([&] {
    std::string p = at(ptr, i);
    const json& pair = v[i];
    if (!pair.is_array() || pair.size() != 2) fail("wrong_type", p, p + " must be a pair [\"HH:MM\", \"HH:MM\"], not " + show(pair));
    int ends[2] = {0, 0};
    entity_fields both;
    for (std::size_t k = 0; k < 2; ++k) both([&] {
      auto c = parse_clock(str(pair[k], at(p, k)));
      if (!c) fail("invalid_value", at(p, k), at(p, k) + " is " + show(pair[k]) + "; expected a time \"HH:MM\" from 00:00 to 24:00");
      ends[k] = *c;
    });
    both.done();
    if (ends[1] <= ends[0]) fail("invalid_range", p, p + " ends (" + format_clock(ends[1]) + ") at or before it starts (" + format_clock(ends[0]) + ")");
    out.push_back({{ends[0], ends[1]}, i});
  });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].first.from < out[i - 1].first.to)
      fail("overlapping_hours", at(ptr, out[i].second), at(ptr, out[i].second) + " overlaps " + at(ptr, out[i - 1].second));
  pairs.done();
  std::vector<clock_span> r;
  for (auto& [s, i] : out) r.push_back(s);
  return r;
}

week_hours weekly(const json& v, const std::string& ptr) {
  object(v, ptr);
  week_hours w;
  entity_fields days;  // each day's errors
  for (auto it = v.begin(); it != v.end(); ++it) days([&] {  // no structured binding: clang-14 cannot capture one
    int d = weekday_index(json(it.key()), at(ptr, it.key()));
    w[d] = spans(it.value(), at(ptr, it.key()));
  });
  days.done();
  return w;
}

/// Duplicate ids in a JSON list, pointed at by their place in the list (not in what parsed: while
/// validating, an entry that failed would shift every later index). Entries without a string id
/// were reported by their own parse.
void unique_ids(const json& list, const std::string& ptr, const char* what) {
  if (!list.is_array()) return;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& e = list[i];
    if (!e.is_object()) continue;
    auto it = e.find("id");
    if (it == e.end() || !it->is_string()) continue;
    const std::string& id = it->get_ref<const std::string&>();
    attempt([&] {
      if (!seen.insert(id).second) fail("duplicate_id", at(at(ptr, i), "id"), std::string("duplicate ") + what + " id \"" + id + "\"");
    });
  }
}

/// A list whose entries are checked independently: while validating, a bad entry does not hide
/// the errors of the next. Calls item(entry, its pointer) for each; false when the list itself or
/// any entry failed.
template <class F>
bool each_entry(const json& list, const std::string& ptr, std::size_t max, F&& item) {
  bool all = true;
  const bool is_list = attempt([&] {
    array(list, ptr, max);
    for (std::size_t i = 0; i < list.size(); ++i) all &= attempt([&] { item(list[i], at(ptr, i)); });
  });
  return is_list && all;
}

std::vector<std::string> id_list(const json& obj, std::string_view key, const std::string& ptr, std::size_t max) {
  std::vector<std::string> out;
  const json* v = find(obj, key);
  if (!v) return out;
  std::string p = at(ptr, key);
  array(*v, p, max);
  for (std::size_t i = 0; i < v->size(); ++i) out.push_back(id((*v)[i], at(p, i)));
  return out;
}

/// One layer's policies object: each key absent (inherit), a value, or null (system default).
/// claim_granularity_minutes is tenant-wide (a professional's claim keys must bucket alike at every
/// site) and slot_step_minutes is per site (the grid of a site's chairs), so deeper layers may not
/// set them: docs/config.md.
policy_layer parse_policy_layer(const json& v, const std::string& ptr, policy_scope scope) {
  object(v, ptr);
  policy_layer l;
  static const auto names = [] {
    std::array<std::string_view, std::size(policy_keys)> n;
    std::transform(std::begin(policy_keys), std::end(policy_keys), n.begin(), [](const policy_key& k) { return k.name; });
    return n;
  }();
  attempt([&] { only_keys(v, ptr, names); });
  static constexpr const char* scope_names[] = {"tenant", "site", "professional"};
  for (const policy_key& k : policy_keys) {
    const json* x = find(v, k.name);
    if (!x) continue;
    attempt([&] {
      const std::string kp = at(ptr, k.name);
      if (scope > k.deepest)
        fail("not_overridable", kp, std::string(k.name) + " cannot be set per " + scope_names[static_cast<int>(scope)] +
                                        "; it is set for the " +
                                        (k.deepest == policy_scope::tenant ? "whole tenant (/policies)" : "tenant or per site"));
      policy_override& o = l.*k.layer;
      if (x->is_null()) {
        o.what = policy_override::kind::reset;
      } else {
        o.value = k.names ? weekday_index(*x, kp) : integer(*x, kp, k.lo, k.hi);
        o.what = policy_override::kind::set;
      }
    });
  }
  return l;
}

/// The effective min_notice_minutes must be below max_advance_days, or nothing could be offered.
/// `ptr` is the policies object of the layer that made them so.
void check_policy_window(const policies& p, const std::string& ptr) {
  if (minutes_t{p.min_notice_minutes} >= minutes_t{p.max_advance_days} * 1440)
    fail("invalid_range", at(ptr, "min_notice_minutes"),
         "min_notice_minutes (" + std::to_string(p.min_notice_minutes) + ") must be less than max_advance_days (" +
             std::to_string(p.max_advance_days) + " days): no slot could ever be offered");
  if (p.cancellation_cutoff_hours > p.cancellation_window_hours)
    fail("invalid_range", at(ptr, "cancellation_cutoff_hours"),
         "cancellation_cutoff_hours (" + std::to_string(p.cancellation_cutoff_hours) +
             ") must not exceed cancellation_window_hours (" + std::to_string(p.cancellation_window_hours) +
             "): changes are refused inside the cutoff and late (with a fee) inside the window");
}

/// A list of date overrides [{"date", "hours", "site"?, "reason"?}], sorted by date (then site).
/// `with_site`: a professional's entries name the site. An empty `hours` is refused: a closure or
/// an absence says that. Dates already closed (`is_closed`) are refused: the two would contradict.
template <class Closed, class SiteCheck>
std::vector<date_hours> parse_overrides(const json& list, const std::string& ptr, bool with_site, Closed is_closed,
                                        SiteCheck check_site) {
  std::vector<date_hours> out;
  each_entry(list, ptr, 10000, [&](const json& e, const std::string& ep) {
    object(e, ep);
    if (with_site) only_keys(e, ep, {"date", "site", "hours", "reason"});
    else only_keys(e, ep, {"date", "hours", "reason"});
    date_hours o;
    o.index = out.size();
    if (with_site) o.site = check_site(need(e, "site", ep), at(ep, "site"));
    o.date = date_value(need(e, "date", ep), at(ep, "date"));
    o.spans = spans(need(e, "hours", ep), at(ep, "hours"));
    if (o.spans.empty())
      fail("invalid_value", at(ep, "hours"),
           at(ep, "hours") + " is empty; to close the day use " + (with_site ? "absences" : "closures"));
    if (is_closed(o.date))
      fail("invalid_value", at(ep, "date"),
           format_date(o.date) + " is also " + (with_site ? "an absence" : "a closure") + "; an override opens the date, so it cannot be both");
    for (const auto& prev : out)
      if (prev.date == o.date && prev.site == o.site)
        fail("duplicate_day", at(ep, "date"), format_date(o.date) + " is overridden twice (also at " + at(at(ptr, prev.index), "date") + ")");
    out.push_back(std::move(o));
  });
  std::sort(out.begin(), out.end(), [](const date_hours& a, const date_hours& b) { return std::tie(a.date, a.site) < std::tie(b.date, b.site); });
  return out;
}

/// One layer's preferences, checked; on the system defaults, a key absent or null keeps the default
/// (RFC 7386; the layering itself is resolve_config's).
preferences parse_preferences(const json& v, const std::string& ptr) {
  object(v, ptr);
  attempt([&] { only_keys(v, ptr, {"language", "timezone", "time_format", "week_starts_on"}); });
  preferences p;
  const preferences sys;
  // Each key: absent → keep; null → system default; else validate and set.
  auto each = [&](std::string_view key, std::string preferences::*field, auto&& check) {
    const json* x = find(v, key);
    if (!x) return;
    attempt([&] {
      if (x->is_null()) p.*field = sys.*field;
      else p.*field = check(*x, at(ptr, key));
    });
  };
  each("language", &preferences::language, [](const json& x, const std::string& kp) {
    std::string s = str(x, kp);
    const bool ok = s.size() >= 2 && s.size() <= 35 && std::isalpha(static_cast<unsigned char>(s[0])) &&
                    std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-'; });
    if (!ok) fail("invalid_value", kp, "language \"" + detail::quote_input(s) + "\" must be a BCP 47 tag such as \"es\" or \"es-CL\"");
    return s;
  });
  each("timezone", &preferences::timezone, [](const json& x, const std::string& kp) {
    std::string s = str(x, kp);
    if (find_zone(s) == nullptr) fail("unknown_zone", kp, "unknown time zone \"" + detail::quote_input(s) + "\" (" + unknown_zone_reason(s, "America/Lima") + ")");
    return s;
  });
  each("time_format", &preferences::time_format, [](const json& x, const std::string& kp) {
    std::string s = str(x, kp);
    if (s != "24h" && s != "12h") fail("invalid_value", kp, "time_format \"" + detail::quote_input(s) + "\" must be \"24h\" or \"12h\"");
    return s;
  });
  each("week_starts_on", &preferences::week_starts_on, [](const json& x, const std::string& kp) {
    return std::string(weekday_names[static_cast<std::size_t>(weekday_index(x, kp))]);
  });
  return p;
}

site parse_site(const json& v, const std::string& ptr, const policies& tenant_policies) {
  object(v, ptr);
  attempt([&] { only_keys(v, ptr, {"id", "name", "timezone", "country", "hours", "closures", "overrides", "chairs", "resources", "reservations", "policies", "preferences"}); });
  site s;
  // A bad id does not hide the site's other errors (they were never reported); the site is left out.
  const bool id_ok = attempt([&] { s.id = id(need(v, "id", ptr), at(ptr, "id")); });
  attempt([&] { s.name = opt_str(v, "name", ptr); });
  attempt([&] {
    s.timezone = str(need(v, "timezone", ptr), at(ptr, "timezone"));
    if (find_zone(s.timezone) == nullptr)
      fail("unknown_zone", at(ptr, "timezone"), "unknown time zone \"" + detail::quote_input(s.timezone) + "\" (" + unknown_zone_reason(s.timezone, "America/Santiago") + ")");
  });
  attempt([&] {
    s.country = opt_str(v, "country", ptr);
    if (!s.country.empty() && (s.country.size() != 2 || !std::isupper(static_cast<unsigned char>(s.country[0])) ||
                               !std::isupper(static_cast<unsigned char>(s.country[1]))))
      fail("invalid_value", at(ptr, "country"), "country \"" + detail::quote_input(s.country) + "\" must be an ISO 3166-1 alpha-2 code such as \"CL\"");
  });
  attempt([&] { s.hours = weekly(need(v, "hours", ptr), at(ptr, "hours")); });
  if (const json* c = find(v, "closures")) {
    std::string p = at(ptr, "closures");
    each_entry(*c, p, 10000, [&](const json& e, const std::string& ep) { s.closures.push_back(date_value(e, ep)); });
    std::sort(s.closures.begin(), s.closures.end());
  }
  if (const json* o = find(v, "overrides"))
    attempt([&] {
      s.overrides = parse_overrides(*o, at(ptr, "overrides"), false, [&](day_number d) { return s.closed_on(d); },
                                    [](const json&, const std::string&) { return std::string(); });
    });
  if (const json* pol = find(v, "policies"))
    attempt([&] {
      s.policy_overrides = parse_policy_layer(*pol, at(ptr, "policies"), policy_scope::site);
      check_policy_window(s.policy_overrides.apply(tenant_policies), at(ptr, "policies"));
    });
  if (const json* pref = find(v, "preferences")) attempt([&] { parse_preferences(*pref, at(ptr, "preferences")); });
  attempt([&] {
    const std::string cp = at(ptr, "chairs");
    each_entry(need(v, "chairs", ptr), cp, limits::max_chairs, [&](const json& e, const std::string& p) {
      object(e, p);
      only_keys(e, p, {"id", "name", "tags"});
      chair ch;
      ch.id = id(need(e, "id", p), at(p, "id"));
      if (const json* t = find(e, "tags")) {
        array(*t, at(p, "tags"), 64);
        for (std::size_t k = 0; k < t->size(); ++k) ch.tags.push_back(str((*t)[k], at(at(p, "tags"), k)));
      }
      s.chairs.push_back(std::move(ch));
    });
    unique_ids(need(v, "chairs", ptr), cp, "chair");
  });
  if (const json* rs = find(v, "resources")) {
    const std::string rp = at(ptr, "resources");
    each_entry(*rs, rp, 1000, [&](const json& e, const std::string& p) {
      object(e, p);
      only_keys(e, p, {"id", "name", "capacity"});
      s.resources.push_back({id(need(e, "id", p), at(p, "id")), opt_int(e, "capacity", p, 1, 10000, 1)});
    });
    unique_ids(*rs, rp, "resource");
  }
  if (const json* rs = find(v, "reservations"))
    each_entry(*rs, at(ptr, "reservations"), 1000, [&](const json& e, const std::string& ep) {
      object(e, ep);
      entity_fields fields;  // each field reports its own errors
      fields([&] { only_keys(e, ep, {"chairs", "days", "hours", "treatments", "release_hours", "reason"}); });
      reservation r;
      fields([&] {
        r.chairs = id_list(e, "chairs", ep, limits::max_chairs);
        for (std::size_t k = 0; k < r.chairs.size(); ++k)
          if (s.find_chair(r.chairs[k]) == nullptr)
            fail("unknown_id", at(at(ep, "chairs"), k), "site " + s.id + " has no chair \"" + r.chairs[k] + "\"");
      });
      fields([&] { r.days = weekday_set(need(e, "days", ep), at(ep, "days")); });
      fields([&] {
        r.hours = spans(need(e, "hours", ep), at(ep, "hours"));
        if (r.hours.empty()) fail("invalid_value", at(ep, "hours"), at(ep, "hours") + " is empty; a reservation holds some hours");
      });
      fields([&] {  // the ids exist: checked once the treatments are read (check_reservations)
        need(e, "treatments", ep);
        r.treatments = id_list(e, "treatments", ep, limits::max_treatments);
        if (r.treatments.empty()) fail("invalid_value", at(ep, "treatments"), at(ep, "treatments") + " is empty; name the treatments the time is held for");
      });
      fields([&] { r.release_hours = opt_int(e, "release_hours", ep, 0, 8760, 24); });
      fields([&] { r.reason = opt_str(e, "reason", ep); });
      fields.done();
      s.reservations.push_back(std::move(r));
    });
  if (!id_ok) throw already_reported{};
  return s;
}

treatment parse_treatment(const json& v, const std::string& ptr, const clinic& c) {
  object(v, ptr);
  attempt([&] { only_keys(v, ptr, {"id", "name", "buffer_before", "buffer_after", "chair_tags", "segments"}); });
  treatment t;
  const bool id_ok = attempt([&] { t.id = id(need(v, "id", ptr), at(ptr, "id")); });  // as a site's
  attempt([&] { t.name = opt_str(v, "name", ptr); });
  attempt([&] { t.buffer_before = opt_int(v, "buffer_before", ptr, 0, 720, 0); });
  attempt([&] { t.buffer_after = opt_int(v, "buffer_after", ptr, 0, 720, 0); });
  if (const json* tags = find(v, "chair_tags"))
    attempt([&] {
      array(*tags, at(ptr, "chair_tags"), 64);
      for (std::size_t k = 0; k < tags->size(); ++k) t.chair_tags.push_back(str((*tags)[k], at(at(ptr, "chair_tags"), k)));
    });
  std::string sp = at(ptr, "segments");
  bool segments_ok = attempt([&] {
    const json& segs = array(need(v, "segments", ptr), sp, 32);
    if (segs.empty()) fail("invalid_value", sp, "treatment " + t.id + " needs at least one segment");
    bool any_professional = false, all_ok = true;
    for (std::size_t i = 0; i < segs.size(); ++i)
      all_ok &= attempt([&] {
        std::string p = at(sp, i);
        object(segs[i], p);
        only_keys(segs[i], p, {"minutes", "professional", "resources", "name"});
        segment s;
        s.minutes = integer(need(segs[i], "minutes", p), at(p, "minutes"), 1, 720);
        s.professional = opt_bool(segs[i], "professional", p, true);
        s.resources = id_list(segs[i], "resources", p, 16);
        for (std::size_t k = 0; k < s.resources.size(); ++k) {
          bool known = std::any_of(c.sites.begin(), c.sites.end(), [&](const site& st) { return st.find_resource(s.resources[k]) != nullptr; });
          const bool a_site_is_broken = broken != nullptr && !broken->sites.empty();  // it may be the one that has it
          if (!known && !a_site_is_broken)
            fail("unknown_id", at(at(p, "resources"), k), "no site has a resource \"" + s.resources[k] + "\"");
        }
        any_professional = any_professional || s.professional;
        t.segments.push_back(std::move(s));
      });
    if (all_ok && !any_professional)
      fail("invalid_value", sp, "treatment " + t.id + " has no segment that needs the professional; at least one must");
  });
  if (segments_ok && t.buffer_before + t.duration() + t.buffer_after > 1440)
    fail("too_large", sp, "treatment " + t.id + " occupies its chair for more than 24 hours");
  if (!id_ok) throw already_reported{};
  return t;
}

professional parse_professional(const json& v, const std::string& ptr, const clinic& c) {
  object(v, ptr);
  attempt([&] { only_keys(v, ptr, {"id", "name", "treatments", "schedule", "absences", "overrides", "policies"}); });
  professional p;
  const bool id_ok = attempt([&] { p.id = id(need(v, "id", ptr), at(ptr, "id")); });  // as a site's
  attempt([&] { p.name = opt_str(v, "name", ptr); });
  attempt([&] {
    p.treatments = id_list(v, "treatments", ptr, limits::max_treatments);
    for (std::size_t k = 0; k < p.treatments.size(); ++k)
      attempt([&] {
        if (!c.find_treatment(p.treatments[k]) && !refers_to_broken(json(p.treatments[k]), &broken_entities::treatments))
          fail("unknown_id", at(at(ptr, "treatments"), k), "unknown treatment \"" + p.treatments[k] + "\"");
      });
  });
  if (const json* sch = find(v, "schedule"))
    each_entry(*sch, at(ptr, "schedule"), 1000, [&](const json& e, const std::string& ep) {
      object(e, ep);
      entity_fields fields;  // the site, the days and the hours each report their own errors
      fields([&] { only_keys(e, ep, {"site", "days", "hours"}); });
      schedule_entry entry;
      const json* site_id = find(e, "site");
      if (site_id != nullptr && refers_to_broken(*site_id, &broken_entities::sites)) return;  // reported at the site
      fields([&] {
        entry.site = id(need(e, "site", ep), at(ep, "site"));
        if (!c.find_site(entry.site)) fail("unknown_id", at(ep, "site"), "unknown site \"" + entry.site + "\"");
      });
      std::vector<clock_span> hours;
      fields([&] { hours = spans(need(e, "hours", ep), at(ep, "hours")); });
      fields([&] {
        const std::array<bool, 7> days = weekday_set(need(e, "days", ep), at(ep, "days"));
        for (std::size_t d = 0; d < 7; ++d) if (days[d]) entry.hours[d] = hours;
      });
      fields.done();
      p.schedule.push_back(std::move(entry));
    });
  if (const json* abs = find(v, "absences"))
    each_entry(*abs, at(ptr, "absences"), 10000, [&](const json& e, const std::string& ep) {
      object(e, ep);
      entity_fields fields;
      fields([&] { only_keys(e, ep, {"from", "to", "reason"}); });
      date_range r{};
      fields([&] { r.from = date_value(need(e, "from", ep), at(ep, "from")); });
      fields([&] { r.to = date_value(need(e, "to", ep), at(ep, "to")); });
      fields.done();
      if (r.to < r.from) fail("invalid_range", at(ep, "to"), at(ep, "to") + " (" + format_date(r.to) + ") is before from (" + format_date(r.from) + ")");
      p.absences.push_back(r);
    });
  if (const json* o = find(v, "overrides"))
    attempt([&] {
      p.overrides = parse_overrides(*o, at(ptr, "overrides"), true, [&](day_number d) { return p.absent_on(d); },
                                    [&](const json& site_id, const std::string& sp) {
                                      std::string sid = id(site_id, sp);
                                      if (!c.find_site(sid)) fail("unknown_id", sp, "unknown site \"" + sid + "\"");
                                      return sid;
                                    });
    });
  if (const json* pol = find(v, "policies"))
    attempt([&] {
      const std::string pp = at(ptr, "policies");
      p.policy_overrides = parse_policy_layer(*pol, pp, policy_scope::professional);
      for (const auto& e : p.schedule)  // at each site they work at
        if (const site* st = c.find_site(e.site)) check_policy_window(c.policies_for(*st, &p), pp);
    });
  if (!id_ok) throw already_reported{};
  return p;
}

}  // namespace


clinic clinic_from_json(const json& v) {
  object(v, "");
  broken_entities seen_broken;
  broken_entities* const outer = broken;
  broken = &seen_broken;
  struct restore {
    broken_entities* to;
    ~restore() { broken = to; }
  } restore_broken{outer};
  attempt([&] { only_keys(v, "", {"tenant", "policies", "preferences", "sites", "professionals", "treatments"}); });
  clinic c;
  attempt([&] {
    const json& ten = object(need(v, "tenant", ""), "/tenant");
    only_keys(ten, "/tenant", {"id", "name"});
    c.tenant.id = id(need(ten, "id", "/tenant"), "/tenant/id");
    c.tenant.name = opt_str(ten, "name", "/tenant");
  });
  if (const json* p = find(v, "policies"))
    attempt([&] {
      c.policies = parse_policy_layer(*p, "/policies", policy_scope::tenant).apply(policies{});
      check_policy_window(c.policies, "/policies");
    });
  if (const json* p = find(v, "preferences")) attempt([&] { c.preferences = parse_preferences(*p, "/preferences"); });

  // Each entity independently: one bad site does not hide the errors of the next.
  auto entities = [&](const json& list, const char* ptr, std::size_t max, const char* what, auto& out, auto&& parse,
                      std::set<std::string>* failed) {
    each_entry(list, ptr, max, [&](const json& e, const std::string& p) {
      try {
        out.push_back(parse(e, p));
      } catch (...) {  // an error, or already_reported
        const json* raw = e.is_object() ? find(e, "id") : nullptr;
        if (failed != nullptr && raw != nullptr && raw->is_string()) failed->insert(raw->get<std::string>());
        throw;
      }
    });
    unique_ids(list, ptr, what);
  };
  attempt([&] {
    const json& sites = need(v, "sites", "");
    if (sites.is_array() && sites.empty()) fail("invalid_value", "/sites", "a clinic needs at least one site");
    entities(sites, "/sites", limits::max_sites, "site", c.sites,
             [&](const json& x, const std::string& p) { return parse_site(x, p, c.policies); }, &seen_broken.sites);
  });
  if (const json* ts = find(v, "treatments"))
    entities(*ts, "/treatments", limits::max_treatments, "treatment", c.treatments,
             [&](const json& x, const std::string& p) { return parse_treatment(x, p, c); }, &seen_broken.treatments);
  if (const json* ps = find(v, "professionals"))
    entities(*ps, "/professionals", limits::max_professionals, "professional", c.professionals,
             [&](const json& x, const std::string& p) { return parse_professional(x, p, c); }, nullptr);
  // Reservations name treatments, which are read after the sites: each id of each entry, also of
  // an entry or a site that failed otherwise (its other errors do not hide this one); ids that are
  // not ids were reported as such.
  if (const json* sites = find(v, "sites"); sites != nullptr && sites->is_array())
    for (std::size_t i = 0; i < sites->size(); ++i) {
      const json* rs = (*sites)[i].is_object() ? find((*sites)[i], "reservations") : nullptr;
      for (std::size_t j = 0; rs != nullptr && rs->is_array() && j < rs->size(); ++j) {
        const json* ts = (*rs)[j].is_object() ? find((*rs)[j], "treatments") : nullptr;
        for (std::size_t k = 0; ts != nullptr && ts->is_array() && k < ts->size(); ++k) {
          const json& t = (*ts)[k];
          if (!t.is_string() || !valid_id(t.get_ref<const std::string&>()) || c.find_treatment(t.get_ref<const std::string&>()) ||
              refers_to_broken(t, &broken_entities::treatments))
            continue;
          attempt([&] {
            fail("unknown_id", at(at(at(at(at("/sites", i), "reservations"), j), "treatments"), k),
                 "unknown treatment \"" + t.get<std::string>() + "\"");
          });
        }
      }
    }
  return c;
}

clinic parse_clinic(std::string_view text) { return clinic_from_json(parse_json_text(text)); }

calendar calendar_from_json(const json& v, const clinic& c) {
  calendar cal;
  const json* bookings = &v;
  const json* blocks = nullptr;
  std::string bp, kp = "/blocks";
  if (v.is_object()) {
    only_keys(v, "", {"bookings", "blocks"});
    bookings = find(v, "bookings");
    blocks = find(v, "blocks");
    bp = "/bookings";
  } else if (!v.is_array()) {
    fail("wrong_type", "", "bookings must be an array of bookings or an object {\"bookings\": [...], \"blocks\": [...]}");
  }
  if (bookings) {
    array(*bookings, bp, limits::max_bookings);
    cal.bookings.reserve(bookings->size());
    for (std::size_t i = 0; i < bookings->size(); ++i) attempt([&] {
      std::string p = at(bp, i);
      const json& b = object((*bookings)[i], p);
      entity_fields fields;  // each field's own errors; the chair is checked only at a known site
      fields([&] { only_keys(b, p, {"id", "site", "professional", "chair", "treatment", "start", "status", "patient", "notes", "claims", "created_at"}); });
      appointment bk;
      fields([&] { bk.id = id(need(b, "id", p), at(p, "id")); });
      const site* s = nullptr;
      fields([&] {
        bk.site = id(need(b, "site", p), at(p, "site"));
        s = c.find_site(bk.site);
        if (!s) fail("unknown_id", at(p, "site"), "unknown site \"" + bk.site + "\"");
      });
      fields([&] {
        bk.professional = id(need(b, "professional", p), at(p, "professional"));
        if (!c.find_professional(bk.professional)) fail("unknown_id", at(p, "professional"), "unknown professional \"" + bk.professional + "\"");
      });
      fields([&] {
        bk.chair = id(need(b, "chair", p), at(p, "chair"));
        if (s && !s->find_chair(bk.chair)) fail("unknown_id", at(p, "chair"), "site " + s->id + " has no chair \"" + bk.chair + "\"");
      });
      fields([&] {
        bk.treatment = id(need(b, "treatment", p), at(p, "treatment"));
        if (!c.find_treatment(bk.treatment)) fail("unknown_id", at(p, "treatment"), "unknown treatment \"" + bk.treatment + "\"");
      });
      fields([&] { bk.start = whole_minute(need(b, "start", p), at(p, "start")); });
      if (const json* st = find(b, "status")) fields([&] {
        std::string sv = str(*st, at(p, "status"));
        auto it = std::find(booking_status_names.begin(), booking_status_names.end(), sv);
        if (it == booking_status_names.end())
          fail("invalid_value", at(p, "status"), "status \"" + detail::quote_input(sv) + "\" must be one of pending, confirmed, completed, cancelled, no_show");
        bk.status = static_cast<booking_status>(it - booking_status_names.begin());
      });
      if (const json* cl = find(b, "claims")) fields([&] {
        const std::string cp = at(p, "claims");
        array(*cl, cp, limits::max_claims);
        for (std::size_t k = 0; k < cl->size(); ++k) {
          std::string key = str((*cl)[k], at(cp, k));
          if (key.empty() || key.size() > limits::max_claim_length)
            fail("invalid_value", at(cp, k), at(cp, k) + " must be a claim key of 1 to " + std::to_string(limits::max_claim_length) + " characters");
          bk.claims.push_back(std::move(key));
        }
      });
      if (const json* ca = find(b, "created_at")) fields([&] {  // when it was made: lead times (kpi.h)
        bk.created_at = instant_value(*ca, at(p, "created_at")).minute;
        if (*bk.created_at > bk.start)
          fail("invalid_range", at(p, "created_at"), at(p, "created_at") + " is " + show(*ca) + ", after the booking's start");
      });
      if (const json* pt = find(b, "patient")) fields([&] { bk.patient = patient_value(*pt, at(p, "patient")); });
      if (const json* nt = find(b, "notes")) fields([&] { str(*nt, at(p, "notes")); });
      fields.done();
      cal.bookings.push_back(std::move(bk));
    });
    unique_ids(*bookings, bp, "booking");
  }
  if (blocks) {
    array(*blocks, kp, limits::max_blocks);
    for (std::size_t i = 0; i < blocks->size(); ++i) attempt([&] {
      std::string p = at(kp, i);
      const json& b = object((*blocks)[i], p);
      entity_fields fields;  // as a booking's: a chair or resource is checked only at a known site
      fields([&] { only_keys(b, p, {"id", "site", "chair", "resource", "professional", "from", "to", "reason"}); });
      block bl;
      fields([&] { bl.id = id(need(b, "id", p), at(p, "id")); });
      const site* s = nullptr;
      const bool site_ok = !find(b, "site") || fields([&] {
        bl.site = id(b["site"], at(p, "site"));
        s = c.find_site(bl.site);
        if (!s) fail("unknown_id", at(p, "site"), "unknown site \"" + bl.site + "\"");
      });
      int targets = 0;
      if (find(b, "chair")) fields([&] {
        ++targets;
        bl.chair = id(b["chair"], at(p, "chair"));
        if (!site_ok) return;
        if (!s) fail("missing_field", at(p, "site"), "a chair block needs the chair's \"site\"");
        if (!s->find_chair(bl.chair)) fail("unknown_id", at(p, "chair"), "site " + s->id + " has no chair \"" + bl.chair + "\"");
      });
      if (find(b, "resource")) fields([&] {
        ++targets;
        bl.resource = id(b["resource"], at(p, "resource"));
        if (!site_ok) return;
        if (!s) fail("missing_field", at(p, "site"), "a resource block needs the resource's \"site\"");
        if (!s->find_resource(bl.resource)) fail("unknown_id", at(p, "resource"), "site " + s->id + " has no resource \"" + bl.resource + "\"");
      });
      if (find(b, "professional")) fields([&] {
        ++targets;
        bl.professional = id(b["professional"], at(p, "professional"));
        if (!c.find_professional(bl.professional)) fail("unknown_id", at(p, "professional"), "unknown professional \"" + bl.professional + "\"");
      });
      fields([&] {
        if (targets > 1) fail("invalid_value", p, p + " names more than one of chair, resource and professional; use one block for each");
        if (targets == 0 && !s && site_ok) fail("missing_field", at(p, "site"), "a block needs a site, chair, resource or professional");
      });
      std::optional<parsed_instant> from, to;
      fields([&] { from = instant_value(need(b, "from", p), at(p, "from")); });
      fields([&] { to = instant_value(need(b, "to", p), at(p, "to")); });
      fields([&] { bl.reason = opt_str(b, "reason", p); });
      fields.done();
      bl.span = {from->minute, to->minute + (to->whole_minute ? 0 : 1)};  // a block covers every minute it touches
      if (bl.span.hi <= bl.span.lo) fail("invalid_range", at(p, "to"), at(p, "to") + " must be after from");
      cal.blocks.push_back(std::move(bl));
    });
    unique_ids(*blocks, kp, "block");
  }
  return cal;
}

calendar parse_calendar(std::string_view text, const clinic& c) {
  // An empty document is not "no bookings": it is what an unreadable file, a directory or a
  // truncated download looks like, and taking it as an empty agenda sells taken slots.
  if (std::all_of(text.begin(), text.end(), [](unsigned char ch) { return std::isspace(ch); }))
    fail("empty_document", "", "the bookings document is empty; write [] for no bookings");
  return calendar_from_json(parse_json_text(text), c);
}

availability_request availability_request_from_json(const json& v) {
  object(v, "");
  only_keys(v, "", {"site", "treatment", "from", "to", "now", "professionals", "chairs", "patient", "order"});
  availability_request r;
  r.site = id(need(v, "site", ""), "/site");
  r.treatment = id(need(v, "treatment", ""), "/treatment");
  r.from = date_value(need(v, "from", ""), "/from");
  r.to = date_value(need(v, "to", ""), "/to");
  auto now = instant_value(need(v, "now", ""), "/now");
  r.now = now.minute + (now.whole_minute ? 0 : 1);  // see docs/semantics.md: "now" rounds up
  r.professionals = id_list(v, "professionals", "", limits::max_professionals);
  r.chairs = id_list(v, "chairs", "", limits::max_chairs);
  if (const json* pt = find(v, "patient")) r.patient = patient_value(*pt, "/patient");
  if (const json* o = find(v, "order")) {
    const std::string order = str(*o, "/order");
    if (order == "compact") r.order = slot_order::compact;
    else if (order != "start")
      fail("invalid_value", "/order", "/order is " + show(*o) + "; expected \"start\" (the default) or \"compact\"");
  }
  return r;
}

availability_request parse_availability_request(std::string_view text) {
  return availability_request_from_json(parse_json_text(text));
}

simulation_request simulation_request_from_json(const json& v) {
  object(v, "");
  only_keys(v, "", {"from", "to", "now", "sites", "treatments"});
  simulation_request r;
  r.from = date_value(need(v, "from", ""), "/from");
  r.to = date_value(need(v, "to", ""), "/to");
  if (r.to < r.from) fail("invalid_range", "/to", "\"to\" (" + format_date(r.to) + ") is before \"from\" (" + format_date(r.from) + ")");
  if (r.to - r.from + 1 > max_request_days)
    fail("too_large", "/to", "a simulation may span at most " + std::to_string(max_request_days) + " days");
  auto now = instant_value(need(v, "now", ""), "/now");
  r.now = now.minute + (now.whole_minute ? 0 : 1);  // as in availability requests
  r.sites = id_list(v, "sites", "", limits::max_sites);
  r.treatments = id_list(v, "treatments", "", limits::max_treatments);
  return r;
}

check_request check_request_from_json(const json& v) {
  object(v, "");
  only_keys(v, "", {"slot", "id", "site", "professional", "chair", "treatment", "start", "now", "patient"});
  check_request r;
  if (const json* sl = find(v, "slot")) {
    for (auto k : {"site", "professional", "treatment", "start"})
      if (find(v, k)) fail("invalid_value", at("", k), std::string("give either \"slot\" or \"") + k + "\", not both");
    std::string s = str(*sl, "/slot");
    auto p = parse_slot_id(s);
    if (!p) fail("invalid_value", "/slot", "\"" + detail::quote_input(s) + "\" is not a slot id (site:professional:treatment:YYYYMMDDTHHMMZ)");
    // A slot id goes through exactly the checks of the fields it stands for (it once skipped the
    // date range and was answered with a guessed offset).
    for (const std::string* part : {&p->site, &p->professional, &p->treatment}) id(json(*part), "/slot");
    if (!in_supported_range(p->start))
      fail("out_of_range", "/slot", "/slot is " + show(*sl) + "; times must lie between 1990 and 2037");
    r.proposal = *p;
  } else {
    r.proposal.site = id(need(v, "site", ""), "/site");
    r.proposal.professional = id(need(v, "professional", ""), "/professional");
    r.proposal.treatment = id(need(v, "treatment", ""), "/treatment");
    r.proposal.start = whole_minute(need(v, "start", ""), "/start");
  }
  if (find(v, "chair")) r.proposal.chair = id(v["chair"], "/chair");
  if (find(v, "id")) r.proposal.id = id(v["id"], "/id");
  if (const json* pt = find(v, "patient")) r.proposal.patient = patient_value(*pt, "/patient");
  auto now = instant_value(need(v, "now", ""), "/now");
  r.now = now.minute + (now.whole_minute ? 0 : 1);
  return r;
}

alternatives_request alternatives_request_from_json(const json& v) {
  object(v, "");
  json rest = v;
  alternatives_request r;
  r.options.limit = opt_int(v, "limit", "", 1, 100, r.options.limit);
  r.options.days = opt_int(v, "days", "", 0, 90, r.options.days);
  rest.erase("limit");
  rest.erase("days");
  const check_request c = check_request_from_json(rest);
  r.proposal = c.proposal;
  r.now = c.now;
  return r;
}

check_request parse_check_request(std::string_view text) { return check_request_from_json(parse_json_text(text)); }

hours_request hours_request_from_json(const json& v) {
  object(v, "");
  only_keys(v, "", {"site", "date", "professional"});
  hours_request r;
  r.site = id(need(v, "site", ""), "/site");
  r.date = date_value(need(v, "date", ""), "/date");
  if (const json* p = find(v, "professional")) r.professional = id(*p, "/professional");
  return r;
}

nlohmann::ordered_json to_json(const hours_source& h) {
  nlohmann::ordered_json o;
  nlohmann::ordered_json spans = nlohmann::ordered_json::array();
  for (auto sp : h.hours) spans.push_back({format_clock(sp.from), format_clock(sp.to)});
  o["hours"] = std::move(spans);
  o["source"] = h.source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(h.source);
  return o;
}

lifecycle_request lifecycle_request_from_json(const json& v, const calendar& cal) {
  object(v, "");
  only_keys(v, "", {"booking", "action", "now", "slot", "site", "professional", "treatment", "chair", "start", "patient"});
  lifecycle_request r;
  r.booking = id(need(v, "booking", ""), "/booking");
  const std::string a = str(need(v, "action", ""), "/action");
  auto it = std::find(booking_action_names.begin(), booking_action_names.end(), a);
  if (it == booking_action_names.end())
    fail("invalid_value", "/action", "action \"" + detail::quote_input(a) + "\" must be one of confirm, cancel, reschedule, complete, no_show");
  r.action = static_cast<booking_action>(it - booking_action_names.begin());
  const appointment* b = nullptr;
  for (const auto& x : cal.bookings)
    if (x.id == r.booking) b = &x;
  if (b == nullptr) fail("not_found", "/booking", "no booking \"" + r.booking + "\" in the bookings document");
  auto now = instant_value(need(v, "now", ""), "/now");
  r.now = now.minute + (now.whole_minute ? 0 : 1);
  const bool moves = find(v, "slot") || find(v, "start") || find(v, "site") || find(v, "professional") ||
                     find(v, "treatment") || find(v, "chair") || find(v, "patient");
  if (r.action != booking_action::reschedule) {
    if (moves) fail("invalid_value", "/action", "only a reschedule takes a new slot; " + a + " takes booking, action and now");
    return r;
  }
  if (!find(v, "slot") && !find(v, "start")) fail("missing_field", "/start", "a reschedule needs the new \"start\" (or \"slot\")");
  json rest = v;
  rest.erase("booking");
  rest.erase("action");
  if (!find(v, "slot")) {  // what is not given stays as booked
    if (!find(v, "site")) rest["site"] = b->site;
    if (!find(v, "professional")) rest["professional"] = b->professional;
    if (!find(v, "treatment")) rest["treatment"] = b->treatment;
    if (!find(v, "chair") && !find(v, "site")) rest["chair"] = b->chair;
  }
  r.to = check_request_from_json(rest).proposal;
  return r;
}

nlohmann::ordered_json to_json(const std::vector<alternative>& alternatives) {
  std::vector<slot> slots;
  slots.reserve(alternatives.size());
  for (const auto& a : alternatives) slots.push_back(a.slot);
  nlohmann::ordered_json list = std::move(to_json(slots)["slots"]);
  for (std::size_t i = 0; i < alternatives.size(); ++i)
    list[i]["kind"] = alternative_kind_names[static_cast<int>(alternatives[i].kind)];
  nlohmann::ordered_json out;
  out["alternatives"] = std::move(list);
  return out;
}

nlohmann::ordered_json to_json(const std::vector<slot>& slots) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& s : slots) {
    nlohmann::ordered_json o;
    o["id"] = s.id;
    o["start"] = format_instant(s.start, s.start_offset);
    o["end"] = format_instant(s.end, s.end_offset);
    o["professional"] = s.professional;
    o["chair"] = s.chair();
    o["chairs"] = s.chairs;
    o["resources"] = s.resources;
    arr.push_back(std::move(o));
  }
  nlohmann::ordered_json out;
  out["slots"] = std::move(arr);
  return out;
}

namespace {
/// A JSON string as nlohmann::json prints it (UTF-8 kept, the short escapes, \u00XX otherwise).
void append_json_string(std::string& out, std::string_view v) {
  out += '"';
  std::size_t plain = 0;  // v[plain, i) needs no escape: appended in one piece (one call, not one per byte)
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char ch = v[i];
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != '"' && ch != '\\') continue;
    out.append(v.data() + plain, i - plain);
    plain = i + 1;
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char u[6] = {'\\', 'u', '0', '0', hex[(ch >> 4) & 0xF], hex[ch & 0xF]};
        out.append(u, sizeof u);
      }
    }
  }
  out.append(v.data() + plain, v.size() - plain);
  out += '"';
}

/// ,"score":{"idle_minutes":N,"gaps":K} — a ranked slot's score (ranking.h).
void append_score(std::string& out, slot_score s) {
  out += ",\"score\":{\"idle_minutes\":";
  out += std::to_string(s.idle_minutes);
  out += ",\"gaps\":";
  out += std::to_string(s.gaps);
  out += '}';
}

void append_json_strings(std::string& out, const std::vector<std::string>& v) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v[i]);
  }
  out += ']';
}
}  // namespace

std::string to_json_text(const std::vector<slot>& slots) {
  std::string out;
  std::size_t guess = 16;
  for (const auto& s : slots) guess += 160 + s.id.size() + 2 * s.professional.size() + 12 * (s.chairs.size() + s.resources.size());
  out.reserve(guess);
  out += "{\"slots\":[";
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const slot& s = slots[i];
    if (i) out += ',';
    out += "{\"id\":";
    append_json_string(out, s.id);
    out += ",\"start\":\"";
    append_instant(out, s.start, s.start_offset);
    out += "\",\"end\":\"";
    append_instant(out, s.end, s.end_offset);
    out += "\",\"professional\":";
    append_json_string(out, s.professional);
    out += ",\"chair\":";
    append_json_string(out, s.chair());
    out += ",\"chairs\":";
    append_json_strings(out, s.chairs);
    out += ",\"resources\":";
    append_json_strings(out, s.resources);
    if (s.score) append_score(out, *s.score);
    out += '}';
  }
  out += "]}";
  return out;
}

namespace {
/// append_json_string without the quotes: escaping is per character, so the escaped parts of a
/// slot id concatenate to the escaped id.
void append_json_chars(std::string& out, std::string_view v) {
  std::string quoted;
  append_json_string(quoted, v);
  out.append(quoted, 1, quoted.size() - 2);
}
}  // namespace

namespace {
/// Copies n bytes and returns to + n: whole 8-byte words, then the rest byte by byte. Per slot the
/// printer copies four fragments of a few dozen bytes; a word loop is a few loads and stores where
/// memcpy is a call (in WebAssembly, a call into the C library for every fragment).
char* put_words(char* to, const char* from, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) std::memcpy(to + i, from + i, 8);
  for (; i < n; ++i) to[i] = from[i];
  return to + n;
}

/// The fragments that every slot repeats, escaped once and kept in one arena.
class fragment_arena {
 public:
  void reserve(std::size_t bytes, std::size_t fragments) {
    text_.reserve(bytes);
    spans_.reserve(fragments);
  }
  void add(std::string_view text) {
    spans_.push_back({text_.size(), text.size()});
    text_ += text;
  }
  std::size_t size(std::size_t f) const { return spans_[f].second; }
  char* put(char* to, std::size_t f) const { return put_words(to, text_.data() + spans_[f].first, spans_[f].second); }
  bool ascii() const {
    return std::all_of(text_.begin(), text_.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  }

 private:
  std::string text_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
};
}  // namespace

// Every string of the answer repeats per slot, so each is escaped once into a fragment:
//   head[p] = {"id":"<site>:<p>:<treatment>:     (then the stamp, then the instants)
//   mid[p]  = ","professional":"<p>","chair":
//   tail[r] = "<first chair>","chairs":[...],"resources":[...]}   (one per free-chair run)
// and the professionals at one start share its stamp and instants ("when"), so those are formatted
// once per start, not once per slot. Fragments 0 .. P-1 are heads, P .. 2P-1 mids, then the tails,
// then one "when" per start. A ranked answer's tails leave out the closing brace: each slot ends
// with its score's fragment ,"score":{...}} instead (one per distinct score, before the "when"s).
struct json_text_writer::parts {
  compact_availability a;
  fragment_arena frag;
  std::size_t size = 0;
  std::vector<std::uint32_t> when;   // per slot: its "when" fragment
  std::vector<std::uint32_t> score;  // per slot of a ranked answer: its score fragment
};

namespace {
constexpr std::string_view answer_open = "{\"slots\":[", answer_close = "]}";

/// Whether slot i has other times (start, or offsets) than slot i - 1: the professionals at one start
/// share its stamp and instants, so both writers format them once per start.
bool new_time(const compact_availability& a, std::size_t i) {
  const compact_slot &s = a.slots[i], *prev = i ? &a.slots[i - 1] : nullptr;
  return !prev || s.start != prev->start || s.start_offset != prev->start_offset || s.end_offset != prev->end_offset;
}
}  // namespace

json_text_writer::json_text_writer(compact_availability answer) : p_(std::make_unique<parts>()) {
  const compact_availability& a = p_->a = std::move(answer);
  fragment_arena& frag = p_->frag;
  std::string site_part;
  append_json_chars(site_part, a.site);
  site_part += ':';
  std::string treatment_part = ":";
  append_json_chars(treatment_part, a.treatment);
  treatment_part += ':';
  const std::size_t pros = a.professionals.size();
  constexpr std::string_view start_key = "\",\"start\":\"", end_key = "\",\"end\":\"";
  char when[14 + start_key.size() + max_instant_chars + end_key.size() + max_instant_chars];
  {  // all at once: grown step by step, the copies cost WASM more than the fragments themselves
    std::size_t times = 0;
    for (std::size_t i = 0; i < a.slots.size(); ++i) times += new_time(a, i) ? 1 : 0;
    std::size_t names = 0;
    for (const auto& p : a.professionals) names += 2 * (p.size() + 32) + site_part.size() + treatment_part.size();
    frag.reserve(names + a.free_chairs.size() * 16 + a.runs() * 64 + times * sizeof when, 2 * pros + a.runs() + times);
  }
  std::string text;
  for (std::size_t p = 0; p < pros; ++p) {
    text = "{\"id\":\"" + site_part;
    append_json_chars(text, a.professionals[p]);
    text += treatment_part;
    frag.add(text);
  }
  for (std::size_t p = 0; p < pros; ++p) {
    text = "\",\"professional\":";
    append_json_string(text, a.professionals[p]);
    text += ",\"chair\":";
    frag.add(text);
  }
  std::vector<std::string> chair(a.chairs.size());
  for (std::size_t k = 0; k < a.chairs.size(); ++k) append_json_string(chair[k], a.chairs[k]);
  std::string resources = ",\"resources\":";
  append_json_strings(resources, a.resources);
  const bool ranked = !a.scores.empty();
  if (!ranked) resources += '}';
  for (std::size_t r = 0; r < a.runs(); ++r) {
    const std::uint32_t* k = a.free_chairs.data() + a.run_begin[r];
    const std::uint32_t* end = a.free_chairs.data() + a.run_begin[r + 1];
    text = chair[*k];
    text += ",\"chairs\":[";
    for (const std::uint32_t* i = k; i != end; ++i) {
      if (i != k) text += ',';
      text += chair[*i];
    }
    text += ']';
    text += resources;
    frag.add(text);
  }
  std::uint32_t fragment = static_cast<std::uint32_t>(2 * pros + a.runs()) - 1;
  if (ranked) {
    std::map<std::pair<int, int>, std::uint32_t> seen;
    p_->score.reserve(a.scores.size());
    for (const slot_score sc : a.scores) {
      auto [it, fresh] = seen.try_emplace({sc.idle_minutes, sc.gaps}, fragment + 1);
      if (fresh) {
        text.clear();
        append_score(text, sc);
        text += '}';
        frag.add(text);
        ++fragment;
      }
      p_->score.push_back(it->second);
    }
  }
  // "<stamp>","start":"<instant>","end":"<instant>  per start (and offsets)
  p_->when.reserve(a.slots.size());
  std::size_t size = answer_open.size() + answer_close.size();
  for (std::size_t i = 0; i < a.slots.size(); ++i) {
    const compact_slot& s = a.slots[i];
    if (new_time(a, i)) {
      char* w = write_stamp(when, s.start);
      w = std::copy(start_key.begin(), start_key.end(), w);
      w = write_instant(w, s.start, s.start_offset);
      w = std::copy(end_key.begin(), end_key.end(), w);
      w = write_instant(w, a.end_of(s), s.end_offset);
      frag.add(std::string_view(when, static_cast<std::size_t>(w - when)));
      ++fragment;
    }
    p_->when.push_back(fragment);
    size += (i ? 1 : 0) + frag.size(s.professional) + frag.size(fragment) + frag.size(pros + s.professional) +
            frag.size(2 * pros + s.chairs) + (ranked ? frag.size(p_->score[i]) : 0);
  }
  p_->size = size;
}

json_text_writer::~json_text_writer() = default;
json_text_writer::json_text_writer(json_text_writer&&) noexcept = default;
json_text_writer& json_text_writer::operator=(json_text_writer&&) noexcept = default;

std::size_t json_text_writer::size() const { return p_->size; }

bool json_text_writer::ascii() const { return p_->frag.ascii(); }

void json_text_writer::write(char* out) const {
  const compact_availability& a = p_->a;
  const std::size_t pros = a.professionals.size();
  char* at = std::copy(answer_open.begin(), answer_open.end(), out);
  for (std::size_t i = 0; i < a.slots.size(); ++i) {
    const compact_slot& s = a.slots[i];
    if (i) *at++ = ',';
    at = p_->frag.put(at, s.professional);
    at = p_->frag.put(at, p_->when[i]);
    at = p_->frag.put(at, pros + s.professional);
    at = p_->frag.put(at, 2 * pros + s.chairs);
    if (!p_->score.empty()) at = p_->frag.put(at, p_->score[i]);
  }
  std::copy(answer_close.begin(), answer_close.end(), at);
}

std::string to_json_text(compact_availability a) {
  const json_text_writer w(std::move(a));
  std::string out(w.size(), '\0');
  w.write(out.data());
  return out;
}

slot_tables make_slot_tables(const compact_availability& a) {
  slot_tables t;
  std::string& out = t.strings;
  out = "{\"ids\":[";
  for (std::size_t p = 0; p < a.professionals.size(); ++p) {
    if (p) out += ',';
    append_json_string(out, a.site + ':' + a.professionals[p] + ':' + a.treatment + ':');
  }
  out += "],\"professionals\":";
  append_json_strings(out, a.professionals);
  out += ",\"chairs\":";
  append_json_strings(out, a.chairs);
  out += ",\"runs\":[";
  char digits[21];
  for (std::size_t r = 0; r < a.runs(); ++r) {
    if (r) out += ',';
    out += '[';
    for (std::uint32_t i = a.run_begin[r]; i < a.run_begin[r + 1]; ++i) {
      if (i != a.run_begin[r]) out += ',';
      out.append(digits, std::to_chars(digits, digits + sizeof digits, a.free_chairs[i]).ptr);
    }
    out += ']';
  }
  out += "],\"resources\":";
  append_json_strings(out, a.resources);
  // Times once per start (with its end and offsets) that differs from the previous slot's. Reserved
  // at once: grown step by step, the copies were a third of a small answer's time in WASM.
  std::size_t rows = 0;
  for (std::size_t i = 0; i < a.slots.size(); ++i) rows += new_time(a, i) ? 1 : 0;
  char text[14 + 2 * max_instant_chars + 16];
  out.reserve(out.size() + 12 + rows * sizeof text);
  out += ",\"times\":[";
  t.rows.reserve(3 * a.slots.size());
  std::uint32_t times = 0;
  for (std::size_t i = 0; i < a.slots.size(); ++i) {
    const compact_slot& s = a.slots[i];
    if (new_time(a, i)) {
      char* at = text;
      if (times++) *at++ = ',';
      *at++ = '"';
      at = write_stamp(at, s.start);
      at = std::copy_n("\",\"", 3, at);
      at = write_instant(at, s.start, s.start_offset);
      at = std::copy_n("\",\"", 3, at);
      at = write_instant(at, a.end_of(s), s.end_offset);
      *at++ = '"';
      out.append(text, static_cast<std::size_t>(at - text));
    }
    t.rows.insert(t.rows.end(), {s.professional, s.chairs, times - 1});
  }
  out += ']';
  if (!a.scores.empty()) {  // a ranked answer: idle minutes and gaps per slot
    out += ",\"scores\":[";
    for (std::size_t i = 0; i < a.scores.size(); ++i) {
      if (i) out += ',';
      out.append(digits, std::to_chars(digits, digits + sizeof digits, a.scores[i].idle_minutes).ptr);
      out += ',';
      out.append(digits, std::to_chars(digits, digits + sizeof digits, a.scores[i].gaps).ptr);
    }
    out += ']';
  }
  out += '}';
  return t;
}

std::string to_json_tables(const compact_availability& a) {
  const slot_tables t = make_slot_tables(a);
  std::string out(t.strings, 0, t.strings.size() - 1);  // without the closing brace
  out += ",\"slots\":[";
  char digits[21];
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (i) out += ',';
    out.append(digits, std::to_chars(digits, digits + sizeof digits, t.rows[i]).ptr);
  }
  out += "]}";
  return out;
}

namespace {
nlohmann::ordered_json to_json(const conflict& k) {
  nlohmann::ordered_json c;
  c["code"] = k.code;
  c["message"] = k.message;
  if (!k.booking.empty()) c["booking"] = k.booking;
  if (!k.block.empty()) c["block"] = k.block;
  if (!k.chair.empty()) c["chair"] = k.chair;
  if (!k.resource.empty()) c["resource"] = k.resource;
  return c;
}
}  // namespace

nlohmann::ordered_json to_json(const check_result& r) {
  nlohmann::ordered_json o;
  o["bookable"] = r.bookable();
  o["site"] = r.site;
  o["professional"] = r.professional;
  o["treatment"] = r.treatment;
  o["chair"] = r.chair.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.chair);
  o["start"] = format_instant(r.start, r.start_offset);
  o["end"] = r.end ? nlohmann::ordered_json(format_instant(r.end, r.end_offset)) : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json cs = nlohmann::ordered_json::array();
  for (const auto& k : r.conflicts) cs.push_back(to_json(k));
  o["conflicts"] = std::move(cs);
  o["claims"] = r.claims;
  o["release"] = r.release;
  o["take"] = r.take;
  nlohmann::ordered_json ranges = nlohmann::ordered_json::array();
  for (const auto& cr : r.ranges) {
    nlohmann::ordered_json x;
    x["kind"] = cr.kind;
    x["id"] = cr.id;
    if (cr.unit >= 0) x["unit"] = cr.unit;
    // UTC: a range is for a store's constraint, not for a person to read
    x["from"] = format_instant(cr.span.lo, 0);
    x["to"] = format_instant(cr.span.hi, 0);
    ranges.push_back(std::move(x));
  }
  o["ranges"] = std::move(ranges);
  return o;
}

nlohmann::ordered_json to_json(const lifecycle_decision& d) {
  nlohmann::ordered_json o;
  o["booking"] = d.booking;
  o["action"] = booking_action_names[static_cast<std::size_t>(d.action)];
  o["decision"] = verdict_names[static_cast<std::size_t>(d.verdict)];
  o["allowed"] = d.allowed();
  o["fee"] = d.fee;
  o["from"] = booking_status_names[static_cast<std::size_t>(d.from)];
  o["to"] = booking_status_names[static_cast<std::size_t>(d.to)];
  o["code"] = d.code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.code);
  o["reason"] = d.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.reason);
  if (d.action == booking_action::cancel || d.action == booking_action::reschedule) {
    o["free_until"] = format_instant(d.free_until, d.free_until_offset);
    o["refused_from"] = format_instant(d.refused_from, d.refused_from_offset);
  }
  if (d.check) o["check"] = to_json(*d.check);
  return o;
}

nlohmann::ordered_json to_json(const simulation& sim) {
  nlohmann::ordered_json out;
  nlohmann::ordered_json totals;
  totals["before"] = sim.before;
  totals["after"] = sim.after;
  totals["added"] = sim.added;
  totals["removed"] = sim.removed;
  totals["broken_bookings"] = sim.broken.size();
  out["totals"] = std::move(totals);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& r : sim.rows) {
    nlohmann::ordered_json o;
    o["date"] = format_date(r.date);
    o["site"] = r.site;
    o["professional"] = r.professional;
    o["chair"] = r.chair;
    o["before"] = r.before;
    o["after"] = r.after;
    o["added"] = r.added;
    o["removed"] = r.removed;
    rows.push_back(std::move(o));
  }
  out["rows"] = std::move(rows);
  nlohmann::ordered_json broken_rows = nlohmann::ordered_json::array();
  for (const auto& b : sim.broken) {
    nlohmann::ordered_json o;
    o["id"] = b.booking.id;
    o["site"] = b.booking.site;
    o["professional"] = b.booking.professional;
    o["chair"] = b.booking.chair;
    o["treatment"] = b.booking.treatment;
    o["start"] = format_instant(b.booking.start, b.start_offset);
    o["status"] = booking_status_names[static_cast<std::size_t>(b.booking.status)];
    if (b.booking.created_at) o["created_at"] = format_instant(*b.booking.created_at, 0);
    nlohmann::ordered_json cs = nlohmann::ordered_json::array();
    for (const auto& k : b.conflicts) cs.push_back(to_json(k));
    o["conflicts"] = std::move(cs);
    broken_rows.push_back(std::move(o));
  }
  out["broken_bookings"] = std::move(broken_rows);
  return out;
}

std::string dump(const nlohmann::ordered_json& answer, int indent) {
  return answer.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json to_json(const error& e) {
  nlohmann::ordered_json o;
  o["code"] = e.code();
  o["pointer"] = e.pointer();
  o["message"] = e.what();
  return o;
}

nlohmann::ordered_json to_json_located(const error& e) {
  nlohmann::ordered_json o = to_json(e);
  if (!e.document().empty()) o["document"] = e.document();
  if (e.line() > 0) {
    o["line"] = e.line();
    o["column"] = e.column();
  }
  return o;
}

std::vector<warning> clinic_warnings(const clinic& c) {
  std::vector<warning> out;
  for (std::size_t i = 0; i < c.professionals.size(); ++i) {
    const auto& p = c.professionals[i];
    for (std::size_t k = 0; k < p.schedule.size(); ++k) {
      const site* s = c.find_site(p.schedule[k].site);
      if (s == nullptr) continue;
      for (int d = 0; d < 7; ++d)
        for (auto span : p.schedule[k].hours[d]) {
          bool inside = std::any_of(s->hours[d].begin(), s->hours[d].end(),
                                    [&](clock_span o) { return o.from <= span.from && span.to <= o.to; });
          if (!inside)
            out.push_back({"outside_site_hours", "/professionals/" + std::to_string(i) + "/schedule/" + std::to_string(k),
                           p.id + " is scheduled on " + std::string(weekday_names[d]) + " " + format_clock(span.from) + "–" +
                               format_clock(span.to) + " when " + s->id + " is not open; only the open part can be booked"});
        }
    }
  }
  return out;
}

void detail::check_user_layer(const nlohmann::json& v, const std::string& pointer) {
  object(v, pointer);
  only_keys(v, pointer, {"preferences"});
  if (const json* p = find(v, "preferences")) parse_preferences(*p, at(pointer, "preferences"));
}

validation validate(std::string_view clinic_text, std::string_view bookings_text) {
  validation out;
  auto run = [&](const char* document, auto&& parse) {
    error_sink es;
    try {
      parse(es);
    } catch (const error& e) {  // what no part could be checked without (malformed JSON, not an object)
      es.errors.push_back(e);
    }
    for (const auto& e : es.errors) out.errors.push_back({document, e.code(), e.pointer(), e.what()});
    out.truncated = out.truncated || es.truncated;
  };
  clinic c;
  run("clinic", [&](error_sink& es) {
    json v = parse_json_text(clinic_text);
    collecting guard(es);
    c = clinic_from_json(v);
  });
  const bool clinic_ok = out.errors.empty();
  if (clinic_ok)  // on a partly parsed clinic, warnings would follow from the errors
    for (const auto& w : clinic_warnings(c)) out.warnings.push_back({"clinic", w.code, w.pointer, w.message});
  if (!clinic_ok) return out;
  calendar cal;
  std::string list_pointer = "/";
  const std::size_t errors_before = out.errors.size();
  run("bookings", [&](error_sink& es) {
    if (std::all_of(bookings_text.begin(), bookings_text.end(), [](unsigned char ch) { return std::isspace(ch); }))
      fail("empty_document", "", "the bookings document is empty; write [] for no bookings");
    json v = parse_json_text(bookings_text);
    if (v.is_object()) list_pointer = "/bookings/";
    collecting guard(es);
    cal = calendar_from_json(v, c);
  });
  if (out.errors.size() == errors_before)  // an import must never load an overbooked agenda
    for (const overlap& o : find_overlaps(c, cal))
      out.errors.push_back({"bookings", o.code, list_pointer + std::to_string(o.second), o.message,
                            list_pointer + std::to_string(o.first)});
  return out;
}

}  // namespace booking
