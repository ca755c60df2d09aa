// The string-in, string-out facade shared by the CLI and the language bindings.
#include "booking/json_api.h"

#include <optional>
#include <utility>

#include "booking/config.h"
#include "booking/format.h"
#include "booking/ops_json.h"
#include "booking/schedule.h"
#include "booking/version.h"

#include <optional>

namespace booking {

struct engine::state {
  booking::clinic clinic;
  booking::calendar calendar;
  /// What check needs between calls (conflicts.h): rebuilt whenever the bookings change.
  std::optional<booking_index> checks;
};

engine::engine(std::string_view clinic_text, std::string_view bookings) : s_(std::make_unique<state>()) {
  s_->clinic = detail::within("clinic", [&] { return parse_clinic(clinic_text); });
  s_->calendar = detail::within("bookings", [&] { return parse_calendar(bookings, s_->clinic); });
  s_->checks.emplace(s_->clinic, s_->calendar);
}
engine::~engine() = default;
engine::engine(engine&&) noexcept = default;
engine& engine::operator=(engine&&) noexcept = default;

void engine::set_bookings(std::string_view bookings) {
  // a refused document leaves the engine as it was
  booking::calendar next = detail::within("bookings", [&] { return parse_calendar(bookings, s_->clinic); });
  s_->checks.reset();
  s_->calendar = std::move(next);
  s_->checks.emplace(s_->clinic, s_->calendar);
}

compact_availability engine::availability_compact(std::string_view request) const {
  return detail::within("request", [&] { return find_availability_compact(s_->clinic, s_->calendar, parse_availability_request(request)); });
}

std::string engine::availability(std::string_view request) const { return to_json_text(availability_compact(request)); }

std::string engine::availability_tables(std::string_view request) const { return to_json_tables(availability_compact(request)); }

std::string engine::check(std::string_view request) const {
  return detail::within("request", [&] {
    const check_request req = parse_check_request(request);
    return dump(to_json(check_booking(*s_->checks, req.proposal, req.now)));
  });
}

std::string engine::alternatives(std::string_view request) const {
  return detail::within("request", [&] {
    const alternatives_request req = alternatives_request_from_json(parse_json_text(request));
    return dump(to_json(find_alternatives(s_->clinic, s_->calendar, req.proposal, req.now, req.options)));
  });
}

std::string engine::lifecycle(std::string_view request) const {
  const lifecycle_request req =
      detail::within("request", [&] { return lifecycle_request_from_json(parse_json_text(request), s_->calendar); });
  for (const auto& b : s_->calendar.bookings)
    if (b.id == req.booking)
      return dump(to_json(decide(s_->clinic, s_->calendar, b, req.action, req.now, req.to ? &*req.to : nullptr)));
  throw error("not_found", "/booking", "no booking \"" + req.booking + "\"");
}

std::string engine::hours(std::string_view request) const {
  const hours_request req = detail::within("request", [&] { return hours_request_from_json(parse_json_text(request)); });
  const booking::clinic& c = s_->clinic;
  const site* s = c.find_site(req.site);
  if (s == nullptr) throw error("unknown_id", "/site", "unknown site \"" + req.site + "\"");
  nlohmann::ordered_json out;
  out["site"] = s->id;
  out["date"] = format_date(req.date);
  out["weekday"] = weekday_names[static_cast<std::size_t>(weekday_of(req.date))];
  out["open"] = to_json(site_hours_on(c, *s, req.date));
  if (!req.professional.empty()) {
    const professional* p = c.find_professional(req.professional);
    if (p == nullptr) throw error("unknown_id", "/professional", "unknown professional \"" + req.professional + "\"");
    nlohmann::ordered_json w = to_json(professional_hours_on(c, *p, s->id, req.date));
    w["professional"] = p->id;
    out["works"] = std::move(w);
  }
  return dump(out);
}

int engine::longest_window() const { return static_cast<int>(booking::longest_window(s_->clinic)); }

const clinic& engine::clinic() const { return s_->clinic; }
const calendar& engine::calendar() const { return s_->calendar; }

std::string availability_json(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  return engine(clinic_text, bookings).availability(request);
}

std::string check_json(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  return engine(clinic_text, bookings).check(request);
}

std::string validate_json(std::string_view clinic_text, std::string_view bookings) {
  const validation v = validate(clinic_text, bookings);
  auto list = [](const std::vector<finding>& fs) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& f : fs) {
      a.push_back({{"document", f.document}, {"code", f.code}, {"pointer", f.pointer}, {"message", f.message}});
      if (!f.related.empty()) a.back()["related"] = f.related;
    }
    return a;
  };
  nlohmann::ordered_json out;
  out["valid"] = v.valid();
  out["errors"] = list(v.errors);
  out["warnings"] = list(v.warnings);
  if (v.truncated) out["truncated"] = true;
  return dump(out);
}

namespace {

/// Runs `f`; an error it throws gets its pointer (and message) prefixed with `document`.
template <class F>
auto in_document(const char* document, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const error& e) {
    throw error(e.code(), "/" + std::string(document) + e.pointer(), std::string(document) + ": " + e.what(), e.line(), e.column())
        .in(document);
  }
}

}  // namespace

std::string simulate_json(std::string_view published_text, std::string_view draft_text, std::string_view bookings,
                          std::string_view request) {
  const clinic published = in_document("published", [&] { return parse_clinic(published_text); });
  const clinic draft = in_document("draft", [&] { return parse_clinic(draft_text); });
  const calendar cal = in_document("bookings", [&] { return parse_calendar(bookings, published); });
  const simulation_request req = in_document("request", [&] { return simulation_request_from_json(parse_json_text(request)); });
  return dump(to_json(in_document("request", [&] { return simulate(published, draft, cal, req); })));
}

std::string resolve_json(std::string_view clinic_text, std::string_view request) {
  const nlohmann::json doc = detail::within("clinic", [&] { return parse_json_text(clinic_text); });
  // The request's own errors are the request's; resolve_config's may be either document's (an
  // unknown site, a bad layer) and name none.
  const config_scope scope = detail::within("request", [&] {
    config_scope sc;
    if (request.empty()) return sc;
    const nlohmann::json r = parse_json_text(request);
    if (!r.is_object()) throw error("wrong_type", "", "the request must be an object: {\"site\"?, \"professional\"?, \"user\"?}");
    for (const auto& [k, v] : r.items()) {
      if (k == "site" || k == "professional") {
        if (!v.is_string()) throw error("wrong_type", "/" + k, "/" + k + " must be a string id");
        (k == "site" ? sc.site : sc.professional) = v.get<std::string>();
      } else if (k == "user") {
        sc.user = v;
      } else {
        throw error("unknown_field", "/" + k, "unknown field \"" + k + "\" (expected one of: site, professional, user)");
      }
    }
    return sc;
  });
  return dump(resolve_config(doc, scope));
}

std::string diff_json(std::string_view before, std::string_view after) {
  const nlohmann::json b = in_document("before", [&] { return parse_json_text(before); });
  const nlohmann::json a = in_document("after", [&] { return parse_json_text(after); });
  return dump(diff_config(b, a));
}

std::string in_force_json(std::string_view versions, std::string_view request) {
  const nlohmann::json v = in_document("versions", [&] { return parse_json_text(versions); });
  const std::string at = in_document("request", [&] {
    const nlohmann::json r = parse_json_text(request);
    if (!r.is_object() || !r.contains("at") || !r["at"].is_string())
      throw error("missing_field", "/at", "the request must be {\"at\": an RFC 3339 time}");
    for (const auto& [k, x] : r.items())
      if (k != "at") throw error("unknown_field", "/" + k, "unknown field \"" + k + "\" (expected: at)");
    return r["at"].get<std::string>();
  });
  try {
    return dump(version_in_force(v, at));
  } catch (const error& e) {  // "/at" is the request's; every other pointer is into the versions
    const bool request_error = e.pointer() == "/at";
    const std::string document = request_error ? "request" : "versions";
    // The object form {"versions": [...]} already points under /versions: both forms give
    // "/versions/0/publish_at" (it once said "/versions/versions/0/...").
    const bool under_versions = !request_error && (e.pointer() == "/versions" || e.pointer().starts_with("/versions/"));
    throw error(e.code(), under_versions ? e.pointer() : "/" + document + e.pointer(), document + ": " + e.what(), e.line(), e.column())
        .in(document);
  }
}

std::string run_json(std::string_view operation, std::string_view documents) {
  const nlohmann::json docs = detail::within("documents", [&] {
    nlohmann::json d = parse_json_text(documents);
    if (!d.is_object()) throw error("wrong_type", "", "the documents must be a JSON object");
    return d;
  });
  return run_operation(operation, [&](std::string_view key) -> std::optional<std::string> {
    auto it = docs.find(key);
    if (it == docs.end() || it->is_null()) return std::nullopt;
    return it->is_string() ? it->get<std::string>() : it->dump();
  });
}

std::string run_operation(std::string_view operation, const document_source& source) {
  auto text = [&](const char* key) -> std::string {
    std::optional<std::string> t = source(key);
    if (!t) return std::string_view(key) == "bookings" ? "[]" : "";
    return std::move(*t);
  };
  if (operation == "availability") return availability_json(text("clinic"), text("bookings"), text("request"));
  if (operation == "availability_tables") return engine(text("clinic"), text("bookings")).availability_tables(text("request"));
  if (operation == "check") return check_json(text("clinic"), text("bookings"), text("request"));
  if (operation == "alternatives") return engine(text("clinic"), text("bookings")).alternatives(text("request"));
  if (operation == "lifecycle") return engine(text("clinic"), text("bookings")).lifecycle(text("request"));
  if (operation == "hours") return engine(text("clinic"), text("bookings")).hours(text("request"));
  if (operation == "validate") return validate_json(text("clinic"), text("bookings"));
  if (operation == "simulate") return simulate_json(text("published"), text("draft"), text("bookings"), text("request"));
  if (operation == "resolve") return resolve_json(text("clinic"), text("request"));
  if (operation == "diff") return diff_json(text("before"), text("after"));
  if (operation == "in_force") return in_force_json(text("versions"), text("request"));
  {  // the clinic operations (docs/operations.md), given their documents by name
    nlohmann::json docs = nlohmann::json::object();
    for (const char* k : {"clinic", "bookings", "request", "ics", "waitlist"})
      if (std::optional<std::string> t = source(k)) docs[k] = std::move(*t);
    if (auto answer = detail::run_ops(operation, docs)) return *answer;
  }
  throw error("unknown_operation", "", "unknown operation \"" + std::string(operation) + "\"");
}

std::string version() { return BOOKING_VERSION_STRING; }

}  // namespace booking
