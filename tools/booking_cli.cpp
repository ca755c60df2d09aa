// booking — the command-line face of the engine: JSON files in, a table or JSON out.
//
// Each subcommand is one row of `commands()`: the engine operation it runs (booking::run_operation),
// the document each file flag holds, the flags that build its request, how its answer prints as a
// table and what exit status it gives. Flags are parsed by CLI11: a flag a command does not take
// is refused, `--flag=value` works, `booking <command> --help` lists that command's flags.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "booking/error.h"
#include "booking/format.h"
#include "booking/json_api.h"
#include "booking/time.h"

namespace {

using answer = nlohmann::ordered_json;

constexpr const char* footer = R"(FILE may be - for standard input (one document per run). DATE is a local YYYY-MM-DD, TIME RFC 3339
(default: now). --json prints the answer as compact JSON (the bytes the bindings return), --pretty
indented. Formats: docs/format.md and docs/config.md. `booking COMMAND --help` lists a command's flags.
Exit status: 0 success (check: bookable; simulate: no booking broken; lifecycle: allowed), 1 invalid input
(validate: invalid), 2 usage error, 3 check found conflicts, simulate found broken bookings or
lifecycle refused.)";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Each document read this run → the file it was read from ("-": standard input), for messages.
std::map<std::string, std::string>& files_read() {
  static std::map<std::string, std::string> files;
  return files;
}

/// The file `document` was read from, as a message names it; "" if it was not read from one.
std::string file_of(const std::string& document) {
  auto it = files_read().find(document);
  return it == files_read().end() ? std::string() : it->second == "-" ? std::string("(standard input)") : it->second;
}

/// The text of a document file, or standard input for "-" (once per run: a second "-" is refused).
/// Stops reading past the size limit (a FIFO or /dev/zero is never read whole), and names the file
/// and the OS reason when it cannot be read; a directory is not a document.
std::string slurp(const std::string& path, const std::string& document) {
  static bool stdin_used = false;
  const std::string what = document + " " + (path == "-" ? std::string("(standard input)") : path);
  auto io_error = [&](const std::string& why) { return booking::error("io_error", "", "cannot read " + what + ": " + why).in(document); };
  files_read()[document] = path;
  if (path == "-") {
    if (stdin_used) throw usage_error("only one document may be read from standard input (-); " + document + " is the second");
    stdin_used = true;
  }
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw io_error(std::strerror(errno));
  struct stat st{};
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    if (f != stdin) std::fclose(f);
    throw io_error("it is a directory");
  }
  std::string text;
  char buf[1 << 16];
  const std::size_t limit = booking::limits::max_text_bytes;
  while (true) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    text.append(buf, n);
    if (text.size() > limit) {
      if (f != stdin) std::fclose(f);
      throw booking::error("too_large", "", what + " is larger than the " + std::to_string(limit >> 20) + " MiB limit of a document")
          .in(document);
    }
    if (n < sizeof buf) break;
  }
  const bool failed = std::ferror(f) != 0;
  const int reason = errno;
  if (f != stdin) std::fclose(f);
  if (failed) throw io_error(std::strerror(reason));
  return text;
}

std::string now_rfc3339() {
  const auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()).time_since_epoch().count();
  return booking::format_instant(t / 60, 0);
}

// ---- the tables -------------------------------------------------------------------------------

std::string local_clock(const std::string& rfc3339) { return rfc3339.substr(11, 5); }

void print_slots(const answer& a) {
  const auto& slots = a["slots"];
  if (slots.empty()) {
    std::cout << "no free slots\n";
    return;
  }
  if (slots[0].contains("score")) {  // a ranked answer (order "compact"): best first, as ranked
    std::cout << "best first (idle minutes, gaps it would leave):\n";
    for (std::size_t i = 0; i < slots.size() && i < 20; ++i) {
      const auto& s = slots[i];
      std::cout << "  " << s["start"].get<std::string>().substr(0, 10) << " " << local_clock(s["start"].get<std::string>()) << "  "
                << s["professional"].get<std::string>() << "  " << s["chair"].get<std::string>() << "  idle "
                << s["score"]["idle_minutes"].get<int>() << ", gaps " << s["score"]["gaps"].get<int>() << "\n";
    }
    if (slots.size() > 20) std::cout << "  … " << slots.size() - 20 << " more (--json for all)\n";
    std::cout << slots.size() << " slots\n";
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

void print_check(const answer& r) {
  std::cout << (r["bookable"].get<bool>() ? "bookable" : "NOT bookable") << ": " << r["professional"].get<std::string>()
            << " at " << r["site"].get<std::string>() << ", " << r["start"].get<std::string>();
  if (r["chair"].is_string()) std::cout << ", chair " << r["chair"].get<std::string>();
  std::cout << "\n";
  for (const auto& c : r["conflicts"]) std::cout << "  " << c["code"].get<std::string>() << ": " << c["message"].get<std::string>() << "\n";
  if (r["bookable"].get<bool>()) std::cout << "  " << r["claims"].size() << " claim keys (use --json to see them)\n";
}

void print_alternatives(const answer& r) {
  if (r["alternatives"].empty()) std::cout << "no alternatives\n";
  for (const auto& a : r["alternatives"])
    std::cout << a["start"].get<std::string>() << "  " << a["professional"].get<std::string>() << "  chair "
              << a["chair"].get<std::string>() << "  (" << a["kind"].get<std::string>() << ")\n";
}

void print_validation(const answer& r) {
  std::cout << (r["valid"].get<bool>() ? "valid" : "INVALID") << "\n";
  for (const auto& e : r["errors"]) {
    const std::string ptr = e["pointer"].get<std::string>();  // "" is the whole document
    const std::string file = file_of(e["document"].get<std::string>());
    std::cout << "  error in " << e["document"].get<std::string>() << (file.empty() ? "" : " (" + file + ")")
              << (ptr.empty() ? "" : " at " + ptr) << ": "
              << e["message"].get<std::string>() << " (" << e["code"].get<std::string>() << ")\n";
  }
  for (const auto& w : r["warnings"])
    std::cout << "  warning " << w["pointer"].get<std::string>() << ": " << w["message"].get<std::string>() << "\n";
}

void print_simulation(const answer& r) {
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

void print_resolved(const answer& r) {
  for (const auto& [group, values] : r["effective"].items())
    for (const auto& [key, value] : values.items()) {
      const auto& p = r["provenance"]["/" + group + "/" + key];
      std::cout << group << "." << key << " = " << value.dump() << "  (" << p["layer"].get<std::string>();
      if (p["source"].is_string()) std::cout << " " << p["source"].get<std::string>();
      std::cout << ")\n";
    }
}

void print_diff(const answer& r) {
  if (r["changes"].empty()) std::cout << "no changes\n";
  for (const auto& c : r["changes"]) {
    std::cout << c["op"].get<std::string>() << " " << c["path"].get<std::string>();
    if (c.contains("before")) std::cout << "  before: " << c["before"].dump();
    if (c.contains("after")) std::cout << "  after: " << c["after"].dump();
    std::cout << "\n";
  }
}

void print_in_force(const answer& r) {
  std::cout << (r["version"].is_null() ? std::string("no version is in force")
                                       : "in force: " + r["version"].get<std::string>() + " (published " +
                                             r["publish_at"].get<std::string>() + ")");
  if (!r["next"].is_null())
    std::cout << "; next: " << r["next"]["version"].get<std::string>() << " at " << r["next"]["publish_at"].get<std::string>();
  std::cout << "\n";
}

void print_hours(const answer& r) {
  auto line = [](const std::string& what, const answer& h) {
    std::cout << what << ":";
    if (h["hours"].empty()) std::cout << " closed";
    for (const auto& sp : h["hours"]) std::cout << " " << sp[0].get<std::string>() << "–" << sp[1].get<std::string>();
    std::cout << "  (" << (h["source"].is_null() ? std::string("nothing configured") : h["source"].get<std::string>()) << ")\n";
  };
  std::cout << r["site"].get<std::string>() << " " << r["date"].get<std::string>() << " (" << r["weekday"].get<std::string>() << ")\n";
  line("  open", r["open"]);
  if (r.contains("works")) line("  " + r["works"]["professional"].get<std::string>() + " works", r["works"]);
}

void print_lifecycle(const answer& d) {
  std::cout << d["action"].get<std::string>() << " " << d["booking"].get<std::string>() << ": "
            << d["decision"].get<std::string>() << (d["fee"].get<bool>() ? " (fee)" : "");
  if (!d["reason"].is_null()) std::cout << " — " << d["reason"].get<std::string>();
  std::cout << "\n";
  if (d.contains("free_until"))
    std::cout << "  free until " << d["free_until"].get<std::string>() << ", refused from " << d["refused_from"].get<std::string>()
              << "\n";
}

void print_kpis(const answer& r) {
  if (r.contains("csv")) {  // --csv: the engine's CSV as it is
    std::cout << r["csv"].get<std::string>();
    return;
  }
  std::cout << r["bookings"]["total"] << " bookings, no-show rate " << r["no_show_rate"].dump() << ", cancellation rate "
            << r["cancellation_rate"].dump() << ", median lead time " << r["lead_time"]["median_minutes"].dump() << " minutes\n";
  for (const char* kind : {"chairs", "professionals"})
    for (const auto& row : r[kind])
      std::cout << "  " << row["date"].get<std::string>() << "  " << row["site"].get<std::string>() << "  "
                << row[std::string(kind) == "chairs" ? "chair" : "professional"].get<std::string>() << "  "
                << (row["occupancy"].is_null() ? std::string("closed") : row["occupancy"].dump()) << "\n";
}

void print_reminders(const answer& r) {
  for (const auto& x : r["reminders"])
    std::cout << x["at"].get<std::string>() << "  " << x["channel"].get<std::string>() << "  " << x["offset_minutes"]
              << " min before" << (x["moved"].get<bool>() ? " (moved out of quiet hours)" : "") << "\n";
  for (const auto& x : r["dropped"])
    std::cout << "dropped  " << x["channel"].get<std::string>() << "  " << x["offset_minutes"] << " min before: "
              << x["reason"].get<std::string>() << "\n";
}

void print_ical(const answer& r) { std::cout << r["calendar"].get<std::string>(); }  // text/calendar, CRLF lines

void print_ical_closures(const answer& r) {
  for (const auto& e : r["events"])
    std::cout << e["summary"].get<std::string>() << " (line " << e["line"] << "): " << e["dates"].size() << " days\n";
  std::cout << "closures: " << r["closures"].dump() << "\n";
}

void print_waitlist(const answer& r) {
  if (r["matches"].empty()) std::cout << "no waitlist entry fits\n";
  for (const auto& m : r["matches"])
    std::cout << m["rank"] << ". " << m["entry"].get<std::string>() << " (" << m["patient"].get<std::string>() << "): "
              << m["slot"]["start"].get<std::string>() << " with " << m["slot"]["professional"].get<std::string>()
              << ", chair " << m["slot"]["chair"].get<std::string>() << "\n";
  for (const auto& m : r["misses"]) std::cout << "   " << m["entry"].get<std::string>() << ": " << m["reason"].get<std::string>() << "\n";
}

/// kpis --csv asks the engine for its CSV (operation kpis_csv) instead of the JSON answer.
bool kpis_as_csv = false;

/// --from/--to (and more) as a request: the shape of kpis, ical and ical-closures.
std::function<answer()> date_range_flags(CLI::App& app, bool with_now, bool with_who) {
  auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>(), now = std::make_shared<std::string>();
  auto site = std::make_shared<std::string>(), professional = std::make_shared<std::string>(), chair = std::make_shared<std::string>();
  app.add_option("--from", *from, "the first local date")->required()->type_name("DATE");
  app.add_option("--to", *to, "the last local date")->required()->type_name("DATE");
  if (with_now) app.add_option("--now", *now, "the instant the export is made (default: now)")->type_name("TIME");
  if (with_who) {
    app.add_option("--site", *site, "the site")->type_name("ID");
    app.add_option("--professional", *professional, "the professional's agenda")->type_name("ID");
    app.add_option("--chair", *chair, "the chair's agenda (with --site)")->type_name("ID");
  }
  return [=] {
    answer req;
    req["from"] = *from;
    req["to"] = *to;
    if (with_now) req["now"] = now->empty() ? now_rfc3339() : *now;
    if (!professional->empty()) req["professional"] = *professional;
    if (!site->empty()) req["site"] = *site;
    if (!chair->empty()) req["chair"] = *chair;
    return req;
  };
}

// ---- the commands -----------------------------------------------------------------------------

/// A flag naming the file of one of the operation's documents.
struct document_flag {
  std::string flag;      ///< "--clinic"
  std::string document;  ///< run_operation's name for it: "clinic"
  bool required;         ///< an optional document absent is none (bookings: "[]")
  std::string help;
};

/// Registers a command's request flags on its CLI11 subcommand and returns what, once the command
/// line is parsed, builds the "request" document from them (simulate --from/--to, in-force --at).
using request_flags = std::function<std::function<answer()>(CLI::App&)>;

struct command {
  std::string name;       ///< on the command line: "in-force"
  std::string operation;  ///< booking::run_operation's: "in_force"
  std::string summary;
  std::vector<document_flag> documents;
  request_flags request;  ///< empty: the request, if any, is a document flag
  void (*print)(const answer&);
  int (*status)(const answer&) = nullptr;  ///< the exit status the answer gives; null: 0
};

const document_flag clinic_flag{"--clinic", "clinic", true, "the clinic configuration"};
const document_flag bookings_flag{"--bookings", "bookings", false, "the bookings and blocks (none if absent)"};
const document_flag request_flag{"--request", "request", true, "the request"};

/// Every subcommand. Adding one for a new engine operation is a row here: its name, the operation,
/// its document flags, a table printer (and request flags or an exit status if it needs them).
const std::vector<command>& commands() {
  static const std::vector<command> all{
      {"availability", "availability", "free slots of a treatment at a site", {clinic_flag, bookings_flag, request_flag}, {},
       print_slots},
      {"check", "check", "every conflict of one proposed booking (exit 3 if not bookable)",
       {clinic_flag, bookings_flag, request_flag}, {}, print_check,
       [](const answer& r) { return r["bookable"].get<bool>() ? 0 : 3; }},
      {"alternatives", "alternatives", "the best free slots instead of a taken one", {clinic_flag, bookings_flag, request_flag},
       {}, print_alternatives},
      {"lifecycle", "lifecycle", "whether a booking may be confirmed, cancelled, moved or marked (exit 3 if refused)",
       {clinic_flag, {"--bookings", "bookings", true, "the bookings and blocks"}, request_flag}, {}, print_lifecycle,
       [](const answer& r) { return r["allowed"].get<bool>() ? 0 : 3; }},
      {"hours", "hours", "a site's opening hours (and a professional's) on one date, and where they come from", {clinic_flag},
       [](CLI::App& app) -> std::function<answer()> {
         auto site = std::make_shared<std::string>(), date = std::make_shared<std::string>(),
              professional = std::make_shared<std::string>();
         app.add_option("--site", *site, "the site")->required()->type_name("ID");
         app.add_option("--date", *date, "the local date")->required()->type_name("DATE");
         app.add_option("--professional", *professional, "also this professional's working hours")->type_name("ID");
         return [=] {
           answer req;
           req["site"] = *site;
           req["date"] = *date;
           if (!professional->empty()) req["professional"] = *professional;
           return req;
         };
       },
       print_hours},
      {"kpis", "kpis", "occupancy per chair and professional per day, no-show and cancellation rates, lead times",
       {clinic_flag, bookings_flag},
       [](CLI::App& app) -> std::function<answer()> {
         auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>(), site = std::make_shared<std::string>();
         app.add_option("--from", *from, "the first local date")->required()->type_name("DATE");
         app.add_option("--to", *to, "the last local date")->required()->type_name("DATE");
         app.add_option("--site", *site, "only this site")->type_name("ID");
         app.add_flag("--csv", kpis_as_csv, "print the rows as CSV");
         return [=] {
           answer req;
           req["from"] = *from;
           req["to"] = *to;
           if (!site->empty()) req["site"] = *site;
           return req;
         };
       },
       print_kpis},
      {"reminders", "reminders", "when to send each reminder of a booking (quiet hours, DST)",
       {clinic_flag, {"--bookings", "bookings", true, "the bookings and blocks"}, request_flag}, {}, print_reminders},
      {"ical", "ical_agenda", "a professional's or chair's agenda as an iCalendar (RFC 5545) file", {clinic_flag, bookings_flag},
       [](CLI::App& app) { return date_range_flags(app, true, true); }, print_ical},
      {"ical-closures", "ical_closures", "closure dates from an .ics file (yearly RRULE, EXDATE)",
       {{"--ics", "ics", true, "the iCalendar file"}}, [](CLI::App& app) { return date_range_flags(app, false, false); },
       print_ical_closures},
      {"waitlist", "waitlist", "the waitlist entries that fit a freed interval, ranked",
       {clinic_flag, bookings_flag, {"--waitlist", "waitlist", true, "the waitlist entries"}, request_flag}, {},
       print_waitlist},
      {"validate", "validate", "every error of a clinic and its bookings (exit 1 if invalid)", {clinic_flag, bookings_flag}, {},
       print_validation, [](const answer& r) { return r["valid"].get<bool>() ? 0 : 1; }},
      {"simulate", "simulate", "what a configuration draft would change (exit 3 if it breaks bookings)",
       {{"--published", "published", true, "the configuration in force"},
        {"--draft", "draft", true, "the configuration draft"},
        bookings_flag},
       [](CLI::App& app) -> std::function<answer()> {
         auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>(), now = std::make_shared<std::string>();
         auto sites = std::make_shared<std::vector<std::string>>(), treatments = std::make_shared<std::vector<std::string>>();
         app.add_option("--from", *from, "the first local date")->required()->type_name("DATE");
         app.add_option("--to", *to, "the last local date")->required()->type_name("DATE");
         app.add_option("--now", *now, "the instant of the simulation (default: now)")->type_name("TIME");
         app.add_option("--site", *sites, "only this site (repeatable)")->type_name("ID");
         app.add_option("--treatment", *treatments, "only this treatment (repeatable)")->type_name("ID");
         return [=] {
           answer req;
           req["from"] = *from;
           req["to"] = *to;
           req["now"] = now->empty() ? now_rfc3339() : *now;
           if (!sites->empty()) req["sites"] = *sites;
           if (!treatments->empty()) req["treatments"] = *treatments;
           return req;
         };
       },
       print_simulation, [](const answer& r) { return r["broken_bookings"].empty() ? 0 : 3; }},
      {"resolve", "resolve", "the effective configuration and where each value comes from", {clinic_flag},
       [](CLI::App& app) -> std::function<answer()> {
         auto site = std::make_shared<std::string>(), professional = std::make_shared<std::string>(),
              user = std::make_shared<std::string>();
         app.add_option("--site", *site, "at this site")->type_name("ID");
         app.add_option("--professional", *professional, "for this professional")->type_name("ID");
         app.add_option("--user", *user, "a user's preferences layer")->type_name("FILE");
         return [=] {
           answer req = answer::object();
           if (!site->empty()) req["site"] = *site;
           if (!professional->empty()) req["professional"] = *professional;
           if (!user->empty()) req["user"] = booking::detail::within("user", [&] { return booking::parse_json_text(slurp(*user, "user")); });
           return req;
         };
       },
       print_resolved},
      {"diff", "diff", "the structural diff of two configurations",
       {{"--before", "before", true, "the configuration before"}, {"--after", "after", true, "the configuration after"}}, {},
       print_diff},
      {"in-force", "in_force", "which configuration version is in force at an instant",
       {{"--versions", "versions", true, "the configuration versions"}},
       [](CLI::App& app) -> std::function<answer()> {
         auto at = std::make_shared<std::string>();
         app.add_option("--at", *at, "the instant (default: now)")->type_name("TIME");
         return [=] {
           answer req;
           req["at"] = at->empty() ? now_rfc3339() : *at;
           return req;
         };
       },
       print_in_force},
  };
  return all;
}

/// Levenshtein distance, for "did you mean".
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// "; did you mean X?" for the candidate nearest `word` (a third of its letters wrong at most), or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = distance(word, c);
    if (d < best_distance) {
      best = &c;
      best_distance = d;
    }
  }
  return best ? "; did you mean " + *best + "?" : "";
}

/// What an error says on the command line: the file (and line and column) it is in when it is in
/// one, then the document, the pointer, the message and the code.
struct located_error {
  const booking::error& e;

  std::string file() const { return file_of(e.document()); }

  std::string text() const {
    std::string out;
    if (const std::string f = file(); !f.empty()) {
      out += f;
      if (e.line() > 0) out += ":" + std::to_string(e.line()) + ":" + std::to_string(e.column());
      out += ": ";
    }
    out += "error";
    if (!e.document().empty()) out += " in " + e.document();
    if (!e.pointer().empty()) out += " at " + e.pointer();
    return out + ": " + e.what() + " (" + e.code() + ")";
  }

  nlohmann::ordered_json json() const {
    nlohmann::ordered_json o = booking::to_json_located(e);
    if (const std::string f = file(); !f.empty()) o["file"] = f;
    return {{"error", o}};
  }
};

int run(int argc, char** argv, bool& as_json) {
  CLI::App app{"booking — a DST-exact booking engine for dental clinics", "booking"};
  app.footer(footer);
  app.set_version_flag("--version", booking::version());
  app.require_subcommand(1);
  app.add_subcommand("version", "print the library version")->callback([] { std::cout << booking::version() << "\n"; });

  struct parsed {
    const command* cmd;
    CLI::App* app;
    std::map<std::string, std::string> paths;  // flag → path, filled by CLI11
    std::function<answer()> request;
    bool pretty = false;
  };
  std::vector<parsed> subs;
  subs.reserve(commands().size());
  for (const command& c : commands()) {
    parsed& p = subs.emplace_back(parsed{&c, app.add_subcommand(c.name, c.summary), {}, {}});
    for (const document_flag& d : c.documents) {
      CLI::Option* o = p.app->add_option(d.flag, p.paths[d.flag], d.help)->type_name("FILE");
      if (d.required) o->required();
    }
    if (c.request) p.request = c.request(*p.app);
    p.app->add_flag("--json", as_json, "print the engine's compact JSON");
    p.app->add_flag("--pretty", p.pretty, "print the engine's JSON indented");
  }

  // A misspelt command is named as such (CLI11 would only say that a subcommand is required).
  std::vector<std::string> names{"version", "help"};
  for (const command& c : commands()) names.push_back(c.name);
  if (argc >= 2 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end())
    throw usage_error(std::string("unknown command ") + argv[1] + did_you_mean(argv[1], names));
  if (argc >= 2 && std::string(argv[1]) == "help") {  // `booking help [COMMAND]`
    if (argc < 3) {
      std::cout << app.help();
      return 0;
    }
    if (std::string(argv[2]) == "help" || std::find(names.begin(), names.end(), argv[2]) == names.end())
      throw usage_error(std::string("unknown command ") + argv[2] + did_you_mean(argv[2], names));
    std::cout << app.get_subcommand(argv[2])->help();
    return 0;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    // An unknown flag: the nearest flag of the command given.
    for (const parsed& p : subs) {
      if (!p.app->parsed()) continue;
      std::vector<std::string> flags;
      for (const CLI::Option* o : p.app->get_options())
        for (const std::string& l : o->get_lnames()) flags.push_back("--" + l);
      for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const std::string flag = a.substr(0, a.find('='));
        if (a.rfind("--", 0) == 0 && std::find(flags.begin(), flags.end(), flag) == flags.end()) {
          message = p.cmd->name + " takes no flag " + flag + did_you_mean(flag, flags);
          break;
        }
      }
      message += " (booking " + p.cmd->name + " --help lists its flags)";
    }
    throw usage_error(message);
  }

  for (parsed& p : subs) {
    if (!p.app->parsed()) continue;
    as_json = as_json || p.pretty;
    std::map<std::string, std::string> texts;
    for (const document_flag& d : p.cmd->documents) {
      const std::string& path = p.paths[d.flag];
      if (p.app->get_option(d.flag)->count() == 0) continue;  // an optional document not given
      texts[d.document] = slurp(path, d.document);
    }
    if (p.request) texts["request"] = p.request().dump();
    const std::string operation = p.cmd->name == "kpis" && kpis_as_csv ? "kpis_csv" : p.cmd->operation;
    const std::string text = booking::run_operation(operation, [&](std::string_view name) -> std::optional<std::string> {
      auto it = texts.find(std::string(name));
      if (it == texts.end()) return std::nullopt;
      return std::move(it->second);
    });
    // --json writes the engine's text as it is (compact: byte for byte what Python's to_json() and
    // the WASM availabilityJSON give); --pretty indents it. Only the table needs the parsed answer.
    const answer r = answer::parse(text);
    if (p.pretty) std::cout << r.dump(2) << "\n";
    else if (as_json) std::cout.write(text.data(), static_cast<std::streamsize>(text.size())) << "\n";
    else p.cmd->print(r);
    return p.cmd->status ? p.cmd->status(r) : 0;
  }
  return 0;  // `booking version`
}

}  // namespace

int main(int argc, char** argv) {
  bool as_json = false;
  for (int i = 1; i < argc; ++i) as_json = as_json || std::string(argv[i]) == "--json" || std::string(argv[i]) == "--pretty";
  try {
    return run(argc, argv, as_json);
  } catch (const usage_error& e) {
    std::cerr << "booking: " << e.what() << "\n";
    if (argc < 2) std::cerr << "usage: booking COMMAND [FLAGS]; booking --help lists the commands\n";
    return 2;
  } catch (const booking::error& e) {
    const located_error where{e};
    if (as_json) std::cout << where.json().dump(2) << "\n";
    std::cerr << "booking: " << where.text() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "booking: internal error: " << e.what() << "\n";
    return 1;
  }
}
