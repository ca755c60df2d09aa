// booking — the command-line face of the engine: JSON files in, a table or JSON out.
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sys/stat.h>
#include <cstdio>
#include <set>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "booking/error.h"
#include "booking/format.h"
#include "booking/time.h"
#include "booking/json_api.h"

namespace {

constexpr const char* usage = R"(usage:
  booking availability --clinic FILE [--bookings FILE] --request FILE [--json|--pretty]
  booking check        --clinic FILE [--bookings FILE] --request FILE [--json|--pretty]
  booking alternatives --clinic FILE [--bookings FILE] --request FILE [--json|--pretty]
  booking lifecycle    --clinic FILE --bookings FILE --request FILE [--json|--pretty]
  booking hours        --clinic FILE --site ID --date DATE [--professional ID] [--json|--pretty]
  booking validate     --clinic FILE [--bookings FILE] [--json|--pretty]
  booking simulate     --published FILE --draft FILE [--bookings FILE] --from DATE --to DATE
                       [--now TIME] [--site ID]... [--treatment ID]... [--json|--pretty]
  booking resolve      --clinic FILE [--site ID] [--professional ID] [--user FILE] [--json|--pretty]
  booking diff         --before FILE --after FILE [--json|--pretty]
  booking in-force     --versions FILE [--at TIME] [--json|--pretty]
  booking version

--json prints the answer as compact JSON (the bytes the bindings return), --pretty indented.
FILE may be - for standard input (one document per run). DATE is a local YYYY-MM-DD, TIME RFC 3339 (default: now).
Formats: docs/format.md and docs/config.md.
Exit status: 0 success (check: bookable; simulate: no booking broken; lifecycle: allowed), 1 invalid input
(validate: invalid), 2 usage error, 3 check found conflicts, simulate found broken bookings or
lifecycle refused.
)";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The text of a document file, or standard input for "-" (once per run: a second "-" is refused).
/// Stops reading past the size limit (a FIFO or /dev/zero is never read whole), and names the file
/// and the OS reason when it cannot be read; a directory is not a document.
std::string slurp(const std::string& path, const char* document) {
  static bool stdin_used = false;
  const std::string what = std::string(document) + " " + (path == "-" ? std::string("(standard input)") : path);
  if (path == "-") {
    if (stdin_used) throw usage_error(std::string("only one document may be read from standard input (-); ") + document + " is the second");
    stdin_used = true;
  }
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw booking::error("io_error", "", "cannot read " + what + ": " + std::strerror(errno));
  struct stat st{};
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    if (f != stdin) std::fclose(f);
    throw booking::error("io_error", "", "cannot read " + what + ": it is a directory");
  }
  std::string text;
  char buf[1 << 16];
  const std::size_t limit = booking::limits::max_text_bytes;
  while (true) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    text.append(buf, n);
    if (text.size() > limit) {
      if (f != stdin) std::fclose(f);
      throw booking::error("too_large", "", what + " is larger than the " + std::to_string(limit >> 20) + " MiB limit of a document");
    }
    if (n < sizeof buf) break;
  }
  const bool failed = std::ferror(f) != 0;
  const int reason = errno;
  if (f != stdin) std::fclose(f);
  if (failed) throw booking::error("io_error", "", "cannot read " + what + ": " + std::strerror(reason));
  return text;
}

std::string local_clock(const std::string& rfc3339) { return rfc3339.substr(11, 5); }

void print_slots(const nlohmann::ordered_json& answer) {
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
  for (const auto& e : r["errors"]) {
    const std::string ptr = e["pointer"].get<std::string>();  // "" is the whole document
    std::cout << "  error in " << e["document"].get<std::string>() << (ptr.empty() ? "" : " at " + ptr) << ": "
              << e["message"].get<std::string>() << " (" << e["code"].get<std::string>() << ")\n";
  }
  for (const auto& w : r["warnings"])
    std::cout << "  warning " << w["pointer"].get<std::string>() << ": " << w["message"].get<std::string>() << "\n";
}

void print_simulation(const nlohmann::ordered_json& r) {
  const auto& t = r["totals"];
  std::cout << "slots before " << t["before"] << ", after " << t["after"] << " (+" << t["added"] << " added, -"
            << t["removed"] << " removed); " << t["broken_bookings"] << " bookings broken\n";
  // Per day and site: what changed, most telling first.
  std::map<std::string, std::pair<long, long>> days;
  for (const auto& row : r["rows"]) {
    auto& d = days[row["date"].get<std::string>() + " " + row["site"].get<std::string>()];
    d.first += row["added"].get<long>();
    d.second += row["removed"].get<long>();
  }
  for (const auto& [day, ar] : days)
    if (ar.first || ar.second) std::cout << "  " << day << ": +" << ar.first << " -" << ar.second << "\n";
  for (const auto& b : r["broken_bookings"]) {
    std::cout << "  broken " << b["id"].get<std::string>() << " (" << b["professional"].get<std::string>() << ", "
              << b["start"].get<std::string>() << "):\n";
    for (const auto& c : b["conflicts"]) std::cout << "    " << c["code"].get<std::string>() << ": " << c["message"].get<std::string>() << "\n";
  }
}

void print_resolved(const nlohmann::ordered_json& r) {
  for (const auto& [group, values] : r["effective"].items())
    for (const auto& [key, value] : values.items()) {
      const auto& p = r["provenance"]["/" + group + "/" + key];
      std::cout << group << "." << key << " = " << value.dump() << "  (" << p["layer"].get<std::string>();
      if (p["source"].is_string()) std::cout << " " << p["source"].get<std::string>();
      std::cout << ")\n";
    }
}

void print_diff(const nlohmann::ordered_json& r) {
  if (r["changes"].empty()) std::cout << "no changes\n";
  for (const auto& c : r["changes"]) {
    std::cout << c["op"].get<std::string>() << " " << c["path"].get<std::string>();
    if (c.contains("before")) std::cout << "  before: " << c["before"].dump();
    if (c.contains("after")) std::cout << "  after: " << c["after"].dump();
    std::cout << "\n";
  }
}

std::string now_rfc3339() {
  const auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()).time_since_epoch().count();
  return booking::format_instant(t / 60, 0);
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
  std::vector<std::string> sites, treatments;
  bool as_json = false, pretty = false;
  static const std::set<std::string> valued{"--clinic", "--bookings", "--request", "--published", "--draft", "--from", "--to",
                                            "--now", "--professional", "--user", "--before", "--after", "--versions", "--at",
                                            "--date"};
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") as_json = true;
    else if (a == "--pretty") as_json = pretty = true;
    else if (a == "--site" && i + 1 < argc) sites.push_back(argv[++i]);
    else if (a == "--treatment" && i + 1 < argc) treatments.push_back(argv[++i]);
    else if (valued.count(a) && i + 1 < argc) opt[a] = argv[++i];
    else throw usage_error("unexpected argument " + a);
  }
  auto need = [&](const std::string& k) {
    if (!opt.count(k)) throw usage_error(cmd + " needs " + k + " FILE");
    return slurp(opt[k], k.c_str() + 2);
  };
  // No --bookings means no bookings; a named file that is empty or unreadable is an error.
  std::string bookings = opt.count("--bookings") ? slurp(opt["--bookings"], "bookings") : std::string("[]");
  // --json writes the engine's text as it is (compact: byte for byte what Python's to_json() and
  // the WASM availabilityJSON give); --pretty indents it. Only the table needs the parsed answer.
  auto show = [&](const std::string& answer, void (*print)(const nlohmann::ordered_json&)) {
    auto r = nlohmann::ordered_json::parse(answer);
    if (pretty) std::cout << r.dump(2) << "\n";
    else if (as_json) std::cout.write(answer.data(), static_cast<std::streamsize>(answer.size())) << "\n";
    else print(r);
    return r;
  };
  if (cmd == "simulate") {
    nlohmann::ordered_json req;
    if (!opt.count("--from") || !opt.count("--to")) throw usage_error("simulate needs --from DATE and --to DATE");
    req["from"] = opt["--from"];
    req["to"] = opt["--to"];
    req["now"] = opt.count("--now") ? opt["--now"] : now_rfc3339();
    if (!sites.empty()) req["sites"] = sites;
    if (!treatments.empty()) req["treatments"] = treatments;
    auto r = show(booking::simulate_json(need("--published"), need("--draft"), bookings, req.dump()), print_simulation);
    return r["broken_bookings"].empty() ? 0 : 3;
  }
  if (cmd == "diff") {
    show(booking::diff_json(need("--before"), need("--after")), print_diff);
    return 0;
  }
  if (cmd == "in-force") {
    nlohmann::ordered_json req;
    req["at"] = opt.count("--at") ? opt["--at"] : now_rfc3339();
    show(booking::in_force_json(need("--versions"), req.dump()), [](const nlohmann::ordered_json& r) {
      std::cout << (r["version"].is_null() ? std::string("no version is in force") : "in force: " + r["version"].get<std::string>() +
                                                                                          " (published " + r["publish_at"].get<std::string>() + ")");
      if (!r["next"].is_null())
        std::cout << "; next: " << r["next"]["version"].get<std::string>() << " at " << r["next"]["publish_at"].get<std::string>();
      std::cout << "\n";
    });
    return 0;
  }
  std::string clinic = need("--clinic");
  if (cmd == "resolve") {
    nlohmann::ordered_json req = nlohmann::ordered_json::object();
    if (sites.size() > 1) throw usage_error("resolve takes one --site");
    if (!sites.empty()) req["site"] = sites[0];
    if (opt.count("--professional")) req["professional"] = opt["--professional"];
    if (opt.count("--user")) req["user"] = booking::parse_json_text(slurp(opt["--user"], "user"));
    show(booking::resolve_json(clinic, req.dump()), print_resolved);
    return 0;
  }
  if (cmd == "availability") {
    show(booking::availability_json(clinic, bookings, need("--request")), print_slots);
    return 0;
  }
  if (cmd == "alternatives") {
    show(booking::engine(clinic, bookings).alternatives(need("--request")), [](const nlohmann::ordered_json& r) {
      if (r["alternatives"].empty()) std::cout << "no alternatives\n";
      for (const auto& a : r["alternatives"])
        std::cout << a["start"].get<std::string>() << "  " << a["professional"].get<std::string>() << "  chair "
                  << a["chair"].get<std::string>() << "  (" << a["kind"].get<std::string>() << ")\n";
    });
    return 0;
  }
  if (cmd == "hours") {
    nlohmann::ordered_json req;
    if (sites.size() != 1) throw usage_error("hours takes one --site");
    if (!opt.count("--date")) throw usage_error("hours needs --date DATE");
    req["site"] = sites[0];
    req["date"] = opt["--date"];
    if (opt.count("--professional")) req["professional"] = opt["--professional"];
    show(booking::engine(clinic, bookings).hours(req.dump()), [](const nlohmann::ordered_json& r) {
      auto line = [](const char* what, const nlohmann::ordered_json& h) {
        std::cout << what << ":";
        if (h["hours"].empty()) std::cout << " closed";
        for (const auto& sp : h["hours"]) std::cout << " " << sp[0].get<std::string>() << "–" << sp[1].get<std::string>();
        std::cout << "  (" << (h["source"].is_null() ? std::string("nothing configured") : h["source"].get<std::string>()) << ")\n";
      };
      std::cout << r["site"].get<std::string>() << " " << r["date"].get<std::string>() << " (" << r["weekday"].get<std::string>() << ")\n";
      line("  open", r["open"]);
      if (r.contains("works")) line(("  " + r["works"]["professional"].get<std::string>() + " works").c_str(), r["works"]);
    });
    return 0;
  }
  if (cmd == "lifecycle") {
    const auto r = show(booking::engine(clinic, bookings).lifecycle(need("--request")), [](const nlohmann::ordered_json& d) {
      std::cout << d["action"].get<std::string>() << " " << d["booking"].get<std::string>() << ": "
                << d["decision"].get<std::string>() << (d["fee"].get<bool>() ? " (fee)" : "");
      if (!d["reason"].is_null()) std::cout << " — " << d["reason"].get<std::string>();
      std::cout << "\n";
      if (d.contains("free_until"))
        std::cout << "  free until " << d["free_until"].get<std::string>() << ", refused from "
                  << d["refused_from"].get<std::string>() << "\n";
    });
    return r["allowed"].get<bool>() ? 0 : 3;
  }
  if (cmd == "check") return show(booking::check_json(clinic, bookings, need("--request")), print_check)["bookable"].get<bool>() ? 0 : 3;
  if (cmd == "validate") return show(booking::validate_json(clinic, bookings), print_validation)["valid"].get<bool>() ? 0 : 1;
  throw usage_error("unknown command " + cmd);
}

}  // namespace

int main(int argc, char** argv) {
  bool as_json = false;
  for (int i = 1; i < argc; ++i) as_json = as_json || std::string(argv[i]) == "--json" || std::string(argv[i]) == "--pretty";
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
