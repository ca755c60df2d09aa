// The string-in, string-out facade shared by the CLI and the language bindings.
#include "booking/json_api.h"

#include "booking/format.h"
#include "booking/version.h"

namespace booking {

std::string availability_json(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  const clinic c = parse_clinic(clinic_text);
  const calendar cal = parse_calendar(bookings, c);
  const availability_request req = parse_availability_request(request);
  return to_json(find_availability(c, cal, req)).dump();
}

std::string check_json(std::string_view clinic_text, std::string_view bookings, std::string_view request) {
  const clinic c = parse_clinic(clinic_text);
  const calendar cal = parse_calendar(bookings, c);
  const check_request req = parse_check_request(request);
  return to_json(check_booking(c, cal, req.proposal, req.now)).dump();
}

std::string validate_json(std::string_view clinic_text, std::string_view bookings) {
  nlohmann::ordered_json out;
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
  try {
    const clinic c = parse_clinic(clinic_text);
    for (const auto& w : clinic_warnings(c))
      warnings.push_back({{"code", w.code}, {"pointer", w.pointer}, {"message", w.message}});
    try {
      parse_calendar(bookings, c);
    } catch (const error& e) {
      auto j = to_json(e);
      j["document"] = "bookings";
      errors.push_back(std::move(j));
    }
  } catch (const error& e) {
    auto j = to_json(e);
    j["document"] = "clinic";
    errors.push_back(std::move(j));
  }
  out["valid"] = errors.empty();
  out["errors"] = std::move(errors);
  out["warnings"] = std::move(warnings);
  return out.dump();
}

std::string version() { return BOOKING_VERSION_STRING; }

}  // namespace booking
