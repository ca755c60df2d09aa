// JSON for the clinic operations (docs/operations.md): requests → model → answers, with a JSON
// Pointer on every error. The rules live in kpi.h, reminders.h, ical.h and waitlist.h.
#include "booking/ops_json.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

#include "booking/error.h"
#include "booking/format.h"
#include "json_parse.h"

namespace booking {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

[[noreturn]] void fail(const std::string& code, const std::string& ptr, const std::string& msg) { throw error(code, ptr, msg); }

std::string at(const std::string& ptr, std::string_view key) { return ptr + "/" + std::string(key); }
std::string at(const std::string& ptr, std::size_t i) { return ptr + "/" + std::to_string(i); }

std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return detail::quote_input(s);
}

const json& object(const json& v, const std::string& ptr, const char* shape) {
  if (!v.is_object()) fail("wrong_type", ptr, (ptr.empty() ? std::string("the request") : ptr) + " must be an object: " + shape);
  return v;
}

void only_keys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail("unknown_field", at(ptr, detail::pointer_token(k)), "unknown field \"" + detail::quote_input(k) + "\" (expected one of: " + list + ")");
  }
}

const json* find(const json& obj, std::string_view key) {
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const json& need(const json& obj, std::string_view key, const std::string& ptr) {
  if (const json* v = find(obj, key)) return *v;
  fail("missing_field", at(ptr, key), "missing required field \"" + std::string(key) + "\"" + (ptr.empty() ? "" : " in " + ptr));
}

std::string str(const json& v, const std::string& ptr) {
  if (!v.is_string()) fail("wrong_type", ptr, ptr + " must be a string, not " + (v.is_null() ? std::string("null") : show(v)));
  return v.get<std::string>();
}

std::string id(const json& v, const std::string& ptr) {
  std::string s = str(v, ptr);
  if (s.empty() || s.size() > limits::max_id_length ||
      !std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.'; }))
    fail("invalid_id", ptr, ptr + " is " + show(v) + "; an id is 1 to 64 letters, digits, '_', '-' or '.'");
  return s;
}

day_number date_value(const json& v, const std::string& ptr) {
  auto d = parse_date(str(v, ptr));
  if (!d) fail("invalid_value", ptr, ptr + " is " + show(v) + "; expected a date \"YYYY-MM-DD\"");
  if (*d < min_day || *d > max_day) fail("out_of_range", ptr, ptr + " is " + show(v) + "; dates must lie between 1990-01-01 and 2037-12-31");
  return *d;
}

/// An instant, rounded up to the next whole minute like availability's "now" (docs/semantics.md).
minutes_t instant_up(const json& v, const std::string& ptr) {
  auto t = parse_instant(str(v, ptr));
  if (!t) fail("invalid_value", ptr, ptr + " is " + show(v) + "; expected an RFC 3339 time with an offset, like \"2026-12-07T10:00:00-03:00\"");
  if (!in_supported_range(t->minute)) fail("out_of_range", ptr, ptr + " is " + show(v) + "; times must lie between 1990 and 2037");
  return t->minute + (t->whole_minute ? 0 : 1);
}

/// Runs `f`; an error it throws gets its pointer (and message) prefixed with `document`.
template <class F>
auto in_document(const char* document, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const error& e) {
    throw error(e.code(), "/" + std::string(document) + e.pointer(), std::string(document) + ": " + e.what());
  }
}

/// num / den rounded to 4 decimals; null when den is 0. 0 and 1 print as integers, so that every
/// language prints the same bytes (JavaScript prints 1.0 as 1).
ojson ratio(std::size_t num, std::size_t den) {
  if (den == 0) return nullptr;
  const double r = std::round(static_cast<double>(num) * 10000.0 / static_cast<double>(den)) / 10000.0;
  if (r == std::floor(r)) return static_cast<std::int64_t>(r);
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// KPIs

namespace {

kpi_request kpi_request_from_json(const json& v) {
  object(v, "", "{\"from\", \"to\", \"site\"?}");
  only_keys(v, "", {"from", "to", "site"});
  kpi_request r;
  r.from = date_value(need(v, "from", ""), "/from");
  r.to = date_value(need(v, "to", ""), "/to");
  if (const json* s = find(v, "site")) r.site = id(*s, "/site");
  return r;
}

kpi_report kpis_of(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  const clinic c = parse_clinic(clinic_text);
  const calendar cal = parse_calendar(bookings, c);
  return compute_kpis(c, cal, kpi_request_from_json(parse_json_text(request)));
}

ojson occupancy(const occupancy_row& r, const char* kind) {
  ojson o;
  o["site"] = r.site;
  o[kind] = r.id;
  o["date"] = format_date(r.date);
  o["open_minutes"] = r.open_minutes;
  o["booked_minutes"] = r.booked_minutes;
  o["occupancy"] = ratio(static_cast<std::size_t>(r.booked_minutes), static_cast<std::size_t>(r.open_minutes));
  return o;
}

}  // namespace

ojson to_json(const kpi_report& r) {
  ojson out;
  out["from"] = format_date(r.from);
  out["to"] = format_date(r.to);
  out["sites"] = r.sites;
  ojson bookings;
  bookings["total"] = r.bookings();
  for (std::size_t i = 0; i < booking_status_names.size(); ++i) bookings[std::string(booking_status_names[i])] = r.statuses[i];
  out["bookings"] = std::move(bookings);
  const auto [ns, nsd] = r.no_show_ratio();
  const auto [cn, cnd] = r.cancellation_ratio();
  out["no_show_rate"] = ratio(ns, nsd);
  out["cancellation_rate"] = ratio(cn, cnd);
  const lead_time_stats& lt = r.lead_times;
  ojson lead;
  lead["count"] = lt.minutes.size();
  lead["without_created_at"] = lt.without_created_at;
  auto opt = [](std::optional<minutes_t> m) { return m ? ojson(*m) : ojson(nullptr); };
  lead["min_minutes"] = opt(lt.minutes.empty() ? std::nullopt : std::optional<minutes_t>(lt.minutes.front()));
  lead["median_minutes"] = opt(lt.percentile(50));
  lead["p90_minutes"] = opt(lt.percentile(90));
  lead["max_minutes"] = opt(lt.minutes.empty() ? std::nullopt : std::optional<minutes_t>(lt.minutes.back()));
  ojson buckets = ojson::array();
  for (std::size_t i = 0; i < lead_time_edges_days.size(); ++i) {
    const minutes_t lo = minutes_t{lead_time_edges_days[i]} * 1440;
    const bool last = i + 1 == lead_time_edges_days.size();
    const minutes_t hi = last ? 0 : minutes_t{lead_time_edges_days[i + 1]} * 1440;
    ojson b;
    b["from_days"] = lead_time_edges_days[i];
    b["to_days"] = last ? ojson(nullptr) : ojson(lead_time_edges_days[i + 1]);
    b["count"] = std::count_if(lt.minutes.begin(), lt.minutes.end(), [&](minutes_t m) { return m >= lo && (last || m < hi); });
    buckets.push_back(std::move(b));
  }
  lead["buckets"] = std::move(buckets);
  out["lead_time"] = std::move(lead);
  ojson chairs = ojson::array(), pros = ojson::array();
  for (const auto& row : r.chairs) chairs.push_back(occupancy(row, "chair"));
  for (const auto& row : r.professionals) pros.push_back(occupancy(row, "professional"));
  out["chairs"] = std::move(chairs);
  out["professionals"] = std::move(pros);
  return out;
}

std::string to_csv(const kpi_report& r) {
  // Ids are letters, digits, '_', '-' and '.': no field needs quoting.
  std::string out = "kind,site,id,date,open_minutes,booked_minutes,occupancy\r\n";
  auto rows = [&](const std::vector<occupancy_row>& list, const char* kind) {
    for (const auto& row : list) {
      const ojson occ = ratio(static_cast<std::size_t>(row.booked_minutes), static_cast<std::size_t>(row.open_minutes));
      out.append(kind).append(",").append(row.site).append(",").append(row.id).append(",").append(format_date(row.date));
      out.append(",").append(std::to_string(row.open_minutes)).append(",").append(std::to_string(row.booked_minutes)).append(",");
      if (!occ.is_null()) out.append(occ.dump());
      out.append("\r\n");
    }
  };
  rows(r.chairs, "chair");
  rows(r.professionals, "professional");
  return out;
}

std::string kpis_json(std::string_view clinic, std::string_view bookings, std::string_view request) {
  return dump(to_json(kpis_of(clinic, bookings, request)));
}

std::string kpis_csv(std::string_view clinic, std::string_view bookings, std::string_view request) {
  return to_csv(kpis_of(clinic, bookings, request));
}

// ---------------------------------------------------------------------------------------------
// Reminders

namespace {

int int_value(const json& v, const std::string& ptr, int lo, int hi) {
  if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
    fail(v.is_number_integer() ? "out_of_range" : "wrong_type", ptr,
         ptr + " is " + show(v) + "; expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(v.get<std::int64_t>());
}

const json& array(const json& v, const std::string& ptr, std::size_t lo, std::size_t hi) {
  if (!v.is_array()) fail("wrong_type", ptr, ptr + " must be an array, not " + show(v));
  if (v.size() < lo || v.size() > hi)
    fail(v.size() < lo ? "invalid_value" : "too_large", ptr,
         ptr + " has " + std::to_string(v.size()) + " entries; expected " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

int clock_value(const json& v, const std::string& ptr) {
  auto m = parse_clock(str(v, ptr));
  if (!m) fail("invalid_value", ptr, ptr + " is " + show(v) + "; expected a local time \"HH:MM\" (00:00 to 24:00)");
  return *m;
}

reminder_policy reminder_policy_from_json(const json& v, const std::string& ptr) {
  object(v, ptr, "{\"offsets_minutes\": [...], \"quiet_hours\"?: {\"from\", \"to\"}, \"channels\": [...]}");
  only_keys(v, ptr, {"offsets_minutes", "quiet_hours", "channels"});
  reminder_policy pol;
  const std::string op = at(ptr, "offsets_minutes");
  const json& offs = array(need(v, "offsets_minutes", ptr), op, 1, 20);
  for (std::size_t i = 0; i < offs.size(); ++i) {
    const int o = int_value(offs[i], at(op, i), 1, max_reminder_offset_minutes);
    if (std::find(pol.offsets_minutes.begin(), pol.offsets_minutes.end(), o) != pol.offsets_minutes.end())
      fail("duplicate_value", at(op, i), at(op, i) + " repeats the offset " + std::to_string(o));
    pol.offsets_minutes.push_back(o);
  }
  const std::string cp = at(ptr, "channels");
  const json& chans = array(need(v, "channels", ptr), cp, 1, 10);
  for (std::size_t i = 0; i < chans.size(); ++i) {
    std::string ch = id(chans[i], at(cp, i));
    if (std::find(pol.channels.begin(), pol.channels.end(), ch) != pol.channels.end())
      fail("duplicate_value", at(cp, i), at(cp, i) + " repeats the channel \"" + ch + "\"");
    pol.channels.push_back(std::move(ch));
  }
  if (const json* q = find(v, "quiet_hours"); q && !q->is_null()) {
    const std::string qp = at(ptr, "quiet_hours");
    object(*q, qp, "{\"from\": \"HH:MM\", \"to\": \"HH:MM\"}");
    only_keys(*q, qp, {"from", "to"});
    clock_span span{clock_value(need(*q, "from", qp), at(qp, "from")), clock_value(need(*q, "to", qp), at(qp, "to"))};
    if (span.from == span.to || (span.from == 0 && span.to == 1440) || (span.from == 1440 && span.to == 0))
      fail("invalid_range", at(qp, "to"), qp + " must leave some time to send: from and to may not be equal or span the whole day");
    if (span.from == 1440) span.from = 0;  // "24:00" to "08:00" is "00:00" to "08:00"
    pol.quiet_hours = span;
  }
  return pol;
}

ojson reminder_json(const reminder& r) {
  ojson o;
  o["offset_minutes"] = r.offset_minutes;
  o["channel"] = r.channel;
  o["due"] = format_instant(r.due, r.due_offset);
  o["at"] = format_instant(r.at, r.at_offset);
  o["moved"] = r.moved();
  return o;
}

}  // namespace

ojson to_json(const reminder_plan& r) {
  ojson out;
  out["booking"] = r.booking;
  out["start"] = format_instant(r.start, r.start_offset);
  ojson sent = ojson::array(), dropped = ojson::array();
  for (const auto& x : r.reminders) sent.push_back(reminder_json(x));
  for (const auto& d : r.dropped) {
    ojson o = reminder_json(d.reminder);
    o["reason"] = reminder_drop_names[static_cast<std::size_t>(d.reason)];
    dropped.push_back(std::move(o));
  }
  out["reminders"] = std::move(sent);
  out["dropped"] = std::move(dropped);
  return out;
}

std::string reminders_json(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  const clinic c = parse_clinic(clinic_text);
  const calendar cal = parse_calendar(bookings, c);
  const json v = parse_json_text(request);
  object(v, "", "{\"booking\", \"now\", \"policy\"}");
  only_keys(v, "", {"booking", "now", "policy"});
  const std::string bid = id(need(v, "booking", ""), "/booking");
  const minutes_t now = instant_up(need(v, "now", ""), "/now");
  const reminder_policy pol = reminder_policy_from_json(need(v, "policy", ""), "/policy");
  const auto it = std::find_if(cal.bookings.begin(), cal.bookings.end(), [&](const appointment& b) { return b.id == bid; });
  if (it == cal.bookings.end()) fail("unknown_id", "/booking", "no booking \"" + bid + "\" in the bookings document");
  return dump(to_json(plan_reminders(c, *it, pol, now)));
}

// ---------------------------------------------------------------------------------------------
// iCalendar

std::string ical_agenda(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  const clinic c = parse_clinic(clinic_text);
  const calendar cal = parse_calendar(bookings, c);
  const json v = parse_json_text(request);
  object(v, "", "{\"professional\"? | \"site\" and \"chair\", \"from\", \"to\", \"now\"}");
  only_keys(v, "", {"professional", "site", "chair", "from", "to", "now"});
  agenda_request r;
  if (const json* x = find(v, "professional")) r.professional = id(*x, "/professional");
  if (const json* x = find(v, "site")) r.site = id(*x, "/site");
  if (const json* x = find(v, "chair")) r.chair = id(*x, "/chair");
  r.from = date_value(need(v, "from", ""), "/from");
  r.to = date_value(need(v, "to", ""), "/to");
  r.now = instant_up(need(v, "now", ""), "/now");
  return agenda_to_ical(c, cal, r);
}

std::string ical_closures_json(std::string_view ics, std::string_view request) {
  const json v = in_document("request", [&] { return parse_json_text(request); });
  const std::pair<day_number, day_number> range = in_document("request", [&] {
    object(v, "", "{\"from\", \"to\"}");
    only_keys(v, "", {"from", "to"});
    const day_number f = date_value(need(v, "from", ""), "/from"), t = date_value(need(v, "to", ""), "/to");
    if (t < f) fail("invalid_range", "/to", "\"to\" (" + format_date(t) + ") is before \"from\" (" + format_date(f) + ")");
    if (t - f + 1 > 3660) fail("too_large", "/to", "closures may be read for at most 3660 days (ten years) at once");
    return std::pair{f, t};
  });
  // Not a structured binding: clang 14 (the WebAssembly build) refuses to capture one in a lambda.
  const auto events = in_document("ics", [&] { return closures_from_ical(ics, range.first, range.second); });
  std::vector<day_number> all;
  ojson list = ojson::array();
  for (const auto& e : events) {
    ojson o;
    o["line"] = e.line;
    o["summary"] = e.summary;
    ojson dates = ojson::array();
    for (day_number d : e.dates) dates.push_back(format_date(d));
    o["dates"] = std::move(dates);
    list.push_back(std::move(o));
    all.insert(all.end(), e.dates.begin(), e.dates.end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  ojson out;
  ojson closures = ojson::array();
  for (day_number d : all) closures.push_back(format_date(d));
  out["closures"] = std::move(closures);
  out["events"] = std::move(list);
  return dump(out);
}

// ---------------------------------------------------------------------------------------------
// Waitlist

namespace {

std::vector<waitlist_entry> waitlist_from_json(const json& v, const clinic& c) {
  std::vector<waitlist_entry> out;
  const json& list = v.is_object() && v.contains("entries") ? v["entries"] : v;
  const std::string lp = v.is_object() && v.contains("entries") ? "/entries" : "";
  if (v.is_object()) only_keys(v, "", {"entries"});
  array(list, lp, 0, 10000);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string p = at(lp, i);
    const json& e = object(list[i], p, "{\"id\", \"patient\", \"site\", \"treatment\", \"professionals\"?, \"windows\"?, \"added_at\"}");
    only_keys(e, p, {"id", "patient", "site", "treatment", "professionals", "windows", "added_at", "notes"});
    waitlist_entry w;
    w.id = id(need(e, "id", p), at(p, "id"));
    for (const auto& other : out)
      if (other.id == w.id) fail("duplicate_id", at(p, "id"), "waitlist entry id \"" + w.id + "\" is used twice");
    w.patient = str(need(e, "patient", p), at(p, "patient"));
    w.site = id(need(e, "site", p), at(p, "site"));
    if (!c.find_site(w.site)) fail("unknown_id", at(p, "site"), "unknown site \"" + w.site + "\"");
    w.treatment = id(need(e, "treatment", p), at(p, "treatment"));
    if (!c.find_treatment(w.treatment)) fail("unknown_id", at(p, "treatment"), "unknown treatment \"" + w.treatment + "\"");
    if (const json* ps = find(e, "professionals")) {
      const std::string pp = at(p, "professionals");
      array(*ps, pp, 0, limits::max_professionals);
      for (std::size_t k = 0; k < ps->size(); ++k) {
        std::string pid = id((*ps)[k], at(pp, k));
        if (!c.find_professional(pid)) fail("unknown_id", at(pp, k), "unknown professional \"" + pid + "\"");
        w.professionals.push_back(std::move(pid));
      }
    }
    if (const json* ws = find(e, "windows")) {
      const std::string wp = at(p, "windows");
      array(*ws, wp, 0, 100);
      for (std::size_t k = 0; k < ws->size(); ++k) {
        const std::string kp = at(wp, k);
        object((*ws)[k], kp, "{\"from\", \"to\"}");
        only_keys((*ws)[k], kp, {"from", "to"});
        interval win{instant_up(need((*ws)[k], "from", kp), at(kp, "from")), instant_up(need((*ws)[k], "to", kp), at(kp, "to"))};
        if (win.empty()) fail("invalid_range", at(kp, "to"), at(kp, "to") + " must be after from");
        w.windows.push_back(win);
      }
    }
    w.added_at = instant_up(need(e, "added_at", p), at(p, "added_at"));
    if (const json* n = find(e, "notes")) str(*n, at(p, "notes"));
    out.push_back(std::move(w));
  }
  return out;
}

ojson slot_json(const slot& s) {
  ojson o;
  o["id"] = s.id;
  o["start"] = format_instant(s.start, s.start_offset);
  o["end"] = format_instant(s.end, s.end_offset);
  o["professional"] = s.professional;
  o["chair"] = s.chair();
  return o;
}

}  // namespace

std::string waitlist_json(std::string_view clinic_text, std::string_view bookings, std::string_view waitlist,
                          std::string_view request) {
  const clinic c = in_document("clinic", [&] { return parse_clinic(clinic_text); });
  calendar cal = in_document("bookings", [&] { return parse_calendar(bookings, c); });
  const auto entries = in_document("waitlist", [&] { return waitlist_from_json(parse_json_text(waitlist), c); });
  freed_interval freed;
  minutes_t now = 0;
  in_document("request", [&] {
    const json v = parse_json_text(request);
    object(v, "", "{\"freed\": {...}, \"now\"}");
    only_keys(v, "", {"freed", "now"});
    now = instant_up(need(v, "now", ""), "/now");
    const json& f = object(need(v, "freed", ""), "/freed", "{\"booking\"} or {\"site\", \"from\", \"to\", \"chair\"?, \"professional\"?}");
    if (const json* b = find(f, "booking")) {
      only_keys(f, "/freed", {"booking", "professional"});
      const std::string bid = id(*b, "/freed/booking");
      auto it = std::find_if(cal.bookings.begin(), cal.bookings.end(), [&](const appointment& a) { return a.id == bid; });
      if (it == cal.bookings.end()) fail("unknown_id", "/freed/booking", "no booking \"" + bid + "\" in the bookings document");
      const treatment* t = c.find_treatment(it->treatment);
      freed.site = it->site;
      freed.chair = it->chair;
      freed.span = footprint_of(*t, it->start).chair;
      it->status = booking_status::cancelled;  // the cancellation that frees it
    } else {
      only_keys(f, "/freed", {"site", "from", "to", "chair", "professional"});
      freed.site = id(need(f, "site", "/freed"), "/freed/site");
      if (const json* ch = find(f, "chair")) freed.chair = id(*ch, "/freed/chair");
      freed.span = {instant_up(need(f, "from", "/freed"), "/freed/from"), instant_up(need(f, "to", "/freed"), "/freed/to")};
      if (freed.span.empty()) fail("invalid_range", "/freed/to", "/freed/to must be after /freed/from");
      if (freed.span.length() > 1440 * 7) fail("too_large", "/freed/to", "a freed interval may be at most 7 days long");
    }
    if (const json* p = find(f, "professional")) freed.professional = id(*p, "/freed/professional");
  });
  const waitlist_answer a = in_document("request", [&] { return match_waitlist(c, cal, entries, freed, now); });
  const site& s = *c.find_site(freed.site);
  const zone_calendar zc(find_zone(s.timezone), static_cast<day_number>(day_of(freed.span.lo)) - 1,
                         static_cast<day_number>(day_of(freed.span.hi)) + 1);
  ojson out, fr;
  fr["site"] = freed.site;
  fr["chair"] = freed.chair.empty() ? ojson(nullptr) : ojson(freed.chair);
  fr["professional"] = freed.professional.empty() ? ojson(nullptr) : ojson(freed.professional);
  fr["from"] = format_instant(freed.span.lo, zc.offset_at(freed.span.lo));
  fr["to"] = format_instant(freed.span.hi, zc.offset_at(freed.span.hi));
  out["freed"] = std::move(fr);
  ojson matches = ojson::array(), misses = ojson::array();
  int rank = 0;
  for (const auto& m : a.matches) {
    ojson o;
    o["rank"] = ++rank;
    o["entry"] = m.entry->id;
    o["patient"] = m.entry->patient;
    o["added_at"] = format_instant(m.entry->added_at, 0);
    o["slot"] = slot_json(m.slots.front());
    o["slots"] = m.slots.size();
    matches.push_back(std::move(o));
  }
  for (const auto& [e, why] : a.misses) {
    ojson o;
    o["entry"] = e->id;
    o["reason"] = waitlist_miss_names[static_cast<std::size_t>(why)];
    misses.push_back(std::move(o));
  }
  out["matches"] = std::move(matches);
  out["misses"] = std::move(misses);
  return dump(out);
}

// ---------------------------------------------------------------------------------------------

namespace detail {

std::optional<std::string> run_ops(std::string_view operation, const json& docs) {
  auto text = [&](const char* key) -> std::string {
    auto it = docs.find(key);
    if (it == docs.end() || it->is_null()) return std::string_view(key) == "bookings" ? "[]" : "";
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  if (operation == "kpis") return kpis_json(text("clinic"), text("bookings"), text("request"));
  if (operation == "kpis_csv") {
    ojson o;
    o["csv"] = kpis_csv(text("clinic"), text("bookings"), text("request"));
    return dump(o);
  }
  if (operation == "reminders") return reminders_json(text("clinic"), text("bookings"), text("request"));
  if (operation == "ical_agenda") {
    ojson o;
    o["calendar"] = ical_agenda(text("clinic"), text("bookings"), text("request"));
    return dump(o);
  }
  if (operation == "ical_closures") return ical_closures_json(text("ics"), text("request"));
  if (operation == "waitlist") return waitlist_json(text("clinic"), text("bookings"), text("waitlist"), text("request"));
  return std::nullopt;
}

}  // namespace detail

}  // namespace booking
