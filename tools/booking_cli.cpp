// booking — the command-line face of the engine: JSON files in, a table or JSON out.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "booking/error.h"
#include "booking/json_api.h"

namespace {

constexpr const char* usage = R"(usage:
  booking availability --clinic FILE [--bookings FILE] --request FILE [--json]
  booking check        --clinic FILE [--bookings FILE] --request FILE [--json]
  booking validate     --clinic FILE [--bookings FILE] [--json]
  booking version

FILE may be - for standard input. Formats: docs/format.md.
Exit status: 0 success (check: bookable), 1 invalid input (validate: invalid),
2 usage error, 3 check found conflicts.
)";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string slurp(const std::string& path) {
  if (path == "-") return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw booking::error("io_error", "", "cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string local_clock(const std::string& rfc3339) { return rfc3339.substr(11, 5); }

void print_slots(const nlohmann::json& answer) {
  const auto& slots = answer["slots"];
  if (slots.empty()) {
    std::cout << "no free slots\n";
    return;
  }
  // Day → professional → starts: one line per professional per day reads well for a week.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> days;
  for (const auto& s : slots) {
    std::string start = s["start"].get<std::string>();
    days[start.substr(0, 10)][s["professional"].get<std::string>()].push_back(local_clock(start) + " " +
                                                                              s["chair"].get<std::string>());
  }
  for (const auto& [day, pros] : days) {
    std::cout << day << "\n";
    for (const auto& [pro, starts] : pros) {
      std::cout << "  " << pro << " (" << starts.size() << "):";
      for (std::size_t i = 0; i < starts.size(); ++i) std::cout << (i % 8 == 0 ? "\n    " : "  ") << starts[i];
      std::cout << "\n";
    }
  }
  std::cout << slots.size() << " slots\n";
}

void print_check(const nlohmann::ordered_json& r) {
  std::cout << (r["bookable"].get<bool>() ? "bookable" : "NOT bookable") << ": " << r["professional"].get<std::string>()
            << " at " << r["site"].get<std::string>() << ", " << r["start"].get<std::string>();
  if (r["chair"].is_string()) std::cout << ", chair " << r["chair"].get<std::string>();
  std::cout << "\n";
  for (const auto& c : r["conflicts"]) std::cout << "  " << c["code"].get<std::string>() << ": " << c["message"].get<std::string>() << "\n";
  if (r["bookable"].get<bool>()) std::cout << "  " << r["claims"].size() << " claim keys (use --json to see them)\n";
}

void print_validation(const nlohmann::ordered_json& r) {
  std::cout << (r["valid"].get<bool>() ? "valid" : "INVALID") << "\n";
  for (const auto& e : r["errors"])
    std::cout << "  error " << e["document"].get<std::string>() << e["pointer"].get<std::string>() << ": "
              << e["message"].get<std::string>() << " (" << e["code"].get<std::string>() << ")\n";
  for (const auto& w : r["warnings"])
    std::cout << "  warning " << w["pointer"].get<std::string>() << ": " << w["message"].get<std::string>() << "\n";
}

int run(int argc, char** argv) {
  if (argc < 2) throw usage_error("missing command");
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << usage;
    return 0;
  }
  if (cmd == "version" || cmd == "--version") {
    std::cout << booking::version() << "\n";
    return 0;
  }
  std::map<std::string, std::string> opt;
  bool as_json = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") as_json = true;
    else if ((a == "--clinic" || a == "--bookings" || a == "--request") && i + 1 < argc) opt[a] = argv[++i];
    else throw usage_error("unexpected argument " + a);
  }
  auto need = [&](const std::string& k) {
    if (!opt.count(k)) throw usage_error(cmd + " needs " + k + " FILE");
    return slurp(opt[k]);
  };
  std::string clinic = need("--clinic");
  std::string bookings = opt.count("--bookings") ? slurp(opt["--bookings"]) : std::string{};
  if (cmd == "availability") {
    std::string out = booking::availability_json(clinic, bookings, need("--request"));
    if (as_json) std::cout << nlohmann::ordered_json::parse(out).dump(2) << "\n";
    else print_slots(nlohmann::json::parse(out));
    return 0;
  }
  if (cmd == "check") {
    auto r = nlohmann::ordered_json::parse(booking::check_json(clinic, bookings, need("--request")));
    if (as_json) std::cout << r.dump(2) << "\n";
    else print_check(r);
    return r["bookable"].get<bool>() ? 0 : 3;
  }
  if (cmd == "validate") {
    auto r = nlohmann::ordered_json::parse(booking::validate_json(clinic, bookings));
    if (as_json) std::cout << r.dump(2) << "\n";
    else print_validation(r);
    return r["valid"].get<bool>() ? 0 : 1;
  }
  throw usage_error("unknown command " + cmd);
}

}  // namespace

int main(int argc, char** argv) {
  bool as_json = false;
  for (int i = 1; i < argc; ++i) as_json = as_json || std::string(argv[i]) == "--json";
  try {
    return run(argc, argv);
  } catch (const usage_error& e) {
    std::cerr << "booking: " << e.what() << "\n" << usage;
    return 2;
  } catch (const booking::error& e) {
    if (as_json)
      std::cout << nlohmann::json{{"error", {{"code", e.code()}, {"pointer", e.pointer()}, {"message", e.what()}}}}.dump(2) << "\n";
    std::cerr << "booking: error" << (e.pointer().empty() ? "" : " at " + e.pointer()) << ": " << e.what() << " ("
              << e.code() << ")\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "booking: internal error: " << e.what() << "\n";
    return 1;
  }
}
