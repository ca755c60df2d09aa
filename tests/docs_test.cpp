// The documentation made from the code: docs/format.md's table of error codes is error_codes.
//   booking::error_codes  (error_codes.h)  every code, who raises it, when
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "booking/error_codes.h"
#include "helpers.h"

namespace {

namespace fs = std::filesystem;

const std::string begin_marker = "<!-- error-codes: generated from include/booking/error_codes.h by scripts/update-error-table.sh -->\n";
const std::string end_marker = "<!-- /error-codes -->";

std::string generated_table() {
  std::string t = "| code | raised by | when |\n| --- | --- | --- |\n";
  for (const auto& c : booking::error_codes)
    t += "| `" + std::string(c.code) + "` | " + std::string(c.raised_by) + " | " + std::string(c.when) + " |\n";
  return t;
}

/// Every file under `dir` (relative to the source tree) whose name ends in one of `extensions`.
std::vector<fs::path> sources(const std::string& dir, std::initializer_list<std::string> extensions) {
  std::vector<fs::path> out;
  const fs::path root = fs::path(BOOKING_SOURCE_DIR) / dir;
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().string().find("node_modules") != std::string::npos) continue;
    for (const auto& x : extensions)
      if (e.path().string().ends_with(x)) out.push_back(e.path());
  }
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("docs/format.md's table of error codes is the one made from error_codes") {
  // Issue 14: io_error, not_found, naive_datetime and closed_engine were missing from the table.
  const fs::path doc = fs::path(BOOKING_SOURCE_DIR) / "docs/format.md";
  std::string text = read(doc);
  const std::size_t from = text.find(begin_marker);
  REQUIRE_MESSAGE(from != std::string::npos, "docs/format.md has no line ", begin_marker);
  const std::size_t body = from + begin_marker.size();
  const std::size_t to = text.find(end_marker, body);
  REQUIRE(to != std::string::npos);
  const std::string want = generated_table();
  if (std::getenv("BOOKING_UPDATE_DOCS") != nullptr && text.substr(body, to - body) != want) {
    text.replace(body, to - body, want);
    std::ofstream(doc, std::ios::binary) << text;
  }
  CHECK_MESSAGE(text.substr(body, to - body) == want,
                "docs/format.md's error table differs from include/booking/error_codes.h: run scripts/update-error-table.sh");
}

TEST_CASE("every code the engine throws is in error_codes, and every listed code is raised somewhere") {
  std::set<std::string> listed;
  for (const auto& c : booking::error_codes) {
    CHECK_MESSAGE(listed.insert(std::string(c.code)).second, "listed twice: ", c.code);
    CHECK_FALSE(c.when.empty());
  }
  // The engine and the CLI: every error("code", ...) and fail("code", ...).
  const std::regex thrown(R"re(\b(?:fail|error)\("([a-z_]+)")re");
  std::string all;
  for (const auto& dir : {"src", "include/booking", "tools"})
    for (const auto& p : sources(dir, {".cpp", ".h"})) {
      if (p.filename() == "error_codes.h") continue;
      const std::string t = read(p);
      all += t;
      for (std::sregex_iterator m(t.begin(), t.end(), thrown), end; m != end; ++m)
        CHECK_MESSAGE(listed.count((*m)[1].str()) == 1, (*m)[1].str(), " is thrown in ", p.string(), " but not in error_codes.h");
    }
  // The bindings and the stores add theirs: each listed code is spelled in some source.
  for (const auto& p : sources("bindings", {".py", ".cpp", ".js"})) all += read(p);
  for (const auto& c : booking::error_codes)
    CHECK_MESSAGE(all.find("\"" + std::string(c.code) + "\"") != std::string::npos, c.code,
                  " is in error_codes.h but no source raises it");
}
