// The string-in, string-out facade shared by the CLI and the language bindings.
#include "booking/json_api.h"

#include "booking/format.h"
#include "booking/version.h"

namespace booking {

struct engine::state {
  booking::clinic clinic;
  booking::calendar calendar;
};

engine::engine(std::string_view clinic_text, std::string_view bookings) : s_(std::make_unique<state>()) {
  s_->clinic = parse_clinic(clinic_text);
  s_->calendar = parse_calendar(bookings, s_->clinic);
}
engine::~engine() = default;
engine::engine(engine&&) noexcept = default;
engine& engine::operator=(engine&&) noexcept = default;

void engine::set_bookings(std::string_view bookings) { s_->calendar = parse_calendar(bookings, s_->clinic); }

std::string engine::availability(std::string_view request) const {
  return to_json_text(find_availability(s_->clinic, s_->calendar, parse_availability_request(request)));
}

std::string engine::check(std::string_view request) const {
  const check_request req = parse_check_request(request);
  return dump(to_json(check_booking(s_->clinic, s_->calendar, req.proposal, req.now)));
}

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
    for (const auto& f : fs)
      a.push_back({{"document", f.document}, {"code", f.code}, {"pointer", f.pointer}, {"message", f.message}});
    return a;
  };
  nlohmann::ordered_json out;
  out["valid"] = v.valid();
  out["errors"] = list(v.errors);
  out["warnings"] = list(v.warnings);
  if (v.truncated) out["truncated"] = true;
  return dump(out);
}

std::string run_json(std::string_view operation, std::string_view documents) {
  const nlohmann::json docs = parse_json_text(documents);
  if (!docs.is_object()) throw error("wrong_type", "", "the documents must be a JSON object");
  auto text = [&](const char* key) -> std::string {
    auto it = docs.find(key);
    if (it == docs.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  if (operation == "availability") return availability_json(text("clinic"), text("bookings"), text("request"));
  if (operation == "check") return check_json(text("clinic"), text("bookings"), text("request"));
  if (operation == "validate") return validate_json(text("clinic"), text("bookings"));
  throw error("unknown_operation", "", "unknown operation \"" + std::string(operation) + "\"");
}

std::string version() { return BOOKING_VERSION_STRING; }

}  // namespace booking
