// parse_json_text (src/json_parse.cpp): the value nlohmann would build, a JSON Pointer on a repeated
// key and on a number too large for a double, input quoted in messages cut at 200 bytes, and
// documents of hundreds of thousands of values (their parse times are in bench/, BM_parse_*).
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <random>

#include "helpers.h"

using nlohmann::json;

namespace {

booking::error parse_error(const std::string& text) {
  try {
    booking::parse_json_text(text);
  } catch (const booking::error& e) {
    return e;
  }
  FAIL("parsed: ", text.substr(0, 80));
  return booking::error("", "", "");
}

/// nlohmann's own error message for `text` (the oracle for what parse_json_text must say).
std::string nlohmann_message(const std::string& text) {
  try {
    const json v = json::parse(text);
    return "(parsed " + v.dump() + ")";
  } catch (const json::exception& e) {
    return e.what();
  }
}

/// What parse_json_text says of ASCII text on one line that nlohmann refuses: "the text is not
/// valid JSON at line L, column C: " and nlohmann's reason, where L and C are as nlohmann counts.
std::string not_json(const std::string& text) {
  const std::string m = nlohmann_message(text);  // "[json.exception.parse_error.101] parse error at line 1, column 12: ..."
  return "the text is not valid JSON at " + m.substr(m.find("line "));
}

const std::string ellipsis = "\xE2\x80\xA6";

/// A random document with unique keys: scalars of every type, nested arrays and objects.
json random_value(std::mt19937& rng, int depth) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  switch (depth >= 6 ? pick(6) : pick(8)) {
    case 0: return nullptr;
    case 1: return pick(2) == 0;
    case 2: return static_cast<std::int64_t>(rng()) - (1ll << 31);
    case 3: return std::uint64_t{rng()} << 32 | rng();
    case 4: return static_cast<double>(rng()) / 7.0;
    case 5: {
      static const char* const pieces[] = {"a", "~", "/", "\"", "\\", "\n", "\xc3\xad", "\x01"};
      std::string s;
      for (int i = pick(12); i > 0; --i) s += pieces[pick(8)];
      return s;
    }
    case 6: {
      json a = json::array();
      for (int i = pick(6); i > 0; --i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (int i = pick(6); i > 0; --i) o["k" + std::to_string(pick(20)) + "/~"[pick(2)]] = random_value(rng, depth + 1);
      return o;
    }
  }
}

}  // namespace

TEST_CASE("parse_json_text builds the value nlohmann's parser builds") {
  std::mt19937 rng(17);
  for (int i = 0; i < 500; ++i) {
    const std::string text = random_value(rng, 0).dump(i % 2 == 0 ? -1 : 1);
    CAPTURE(text);
    const json ours = booking::parse_json_text(text);
    CHECK(ours == json::parse(text));
    CHECK(ours.dump() == json::parse(text).dump());  // also the float representation
  }
  // Every committed document: the golden scenarios and the example clinic.
  const auto root = std::filesystem::path(BOOKING_SOURCE_DIR);
  int files = 0;
  for (const auto& dir : {root / "tests" / "scenarios", root / "examples" / "clinic"})
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      const std::string rel = std::filesystem::relative(entry.path(), root).string();
      const std::string text = test::read_file(rel);
      CAPTURE(rel);
      CHECK(booking::parse_json_text(text) == json::parse(text));
      ++files;
    }
  CHECK(files > 40);
}

TEST_CASE("a repeated key is refused with the JSON Pointer of the key") {
  auto pointer = [](const std::string& text) {
    booking::error e = parse_error(text);
    CHECK(e.code() == std::string("duplicate_key"));
    return e.pointer();
  };
  CHECK(pointer(R"({"k": 1, "k": 2})") == "/k");
  CHECK(pointer(R"({"sites": [{"id": "a", "id": "b"}]})") == "/sites/0/id");
  CHECK(pointer(R"({"s": [{}, {"q": 1}, {"id": 1, "id": 2}]})") == "/s/2/id");
  CHECK(pointer(R"({"a": {"z": 1}, "b": [1, {"c": 2}], "a": 3})") == "/a");  // after closed siblings
  CHECK(pointer(R"([[], [0, {"x": [{"y": 1, "y": 1}]}]])") == "/1/1/x/0/y");
  CHECK(pointer(R"({"a/b": {"m~n": {"~/": 1, "~/": 2}}})") == "/a~1b/m~0n/~0~1");  // RFC 6901 escapes
  CHECK(pointer(R"({"": {"": 1, "": 2}})") == "//");
  // The same key in different objects is fine.
  CHECK(booking::parse_json_text(R"([{"id": 1}, {"id": 2, "x": {"id": 3}}])").size() == 2);
  CHECK(parse_error(R"({"tenant": {"id": "a", "id": "b"}})").what() ==
        std::string("the key \"id\" appears twice in one object"));

  // Through the entry points: parse_clinic, validate (one error: nothing else in a document that is
  // not a JSON object with unique keys is checked), and the two-document operations' prefixes.
  const std::string clinic = test::read_file("examples/clinic/clinic.json");
  json c = json::parse(clinic);
  std::string dup = c.dump();
  const std::string first_chair = R"("chairs":[{)";
  REQUIRE(dup.find(first_chair) != std::string::npos);
  dup.insert(dup.find(first_chair) + first_chair.size(), R"("id":"x",)");
  try {
    booking::parse_clinic(dup);
    FAIL("parsed");
  } catch (const booking::error& e) {
    CHECK(e.code() == std::string("duplicate_key"));
    CHECK(e.pointer() == "/sites/0/chairs/0/id");
  }
  json v = json::parse(booking::validate_json(dup, ""));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0] == json{{"document", "clinic"}, {"code", "duplicate_key"}, {"pointer", "/sites/0/chairs/0/id"},
                               {"message", "the key \"id\" appears twice in one object"}});
  v = json::parse(booking::validate_json(clinic, R"({"bookings": [], "blocks": [{"id": "k", "reason": "a", "reason": "b"}]})"));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["document"] == "bookings");
  CHECK(v["errors"][0]["pointer"] == "/blocks/0/reason");
  try {
    booking::diff_json(clinic, dup);
    FAIL("diffed");
  } catch (const booking::error& e) {
    CHECK(e.pointer() == "/after/sites/0/chairs/0/id");
  }
}

TEST_CASE("a number too large for a double is refused with the pointer of the value") {
  auto refused = [](const std::string& text, const std::string& ptr) {
    booking::error e = parse_error(text);
    CHECK(e.code() == std::string("malformed_json"));
    CHECK(e.pointer() == ptr);
    const std::string m = nlohmann_message(text);  // "[json.exception.out_of_range.406] number overflow parsing '1e309'"
    CHECK(std::string(e.what()) == "the JSON cannot be read at line 1, column " + std::to_string(text.find(m.substr(m.find('\'') + 1, 2)) + 1) +
                                       ": " + m.substr(m.find("] ") + 2));
  };
  refused("1e309", "");
  refused(R"({"tenant": 1e309})", "/tenant");
  refused("[1, 2, -1e400]", "/2");
  refused(R"({"a": [{"b": 1}, {"c/d": [0, 5e133680]}]})", "/a/1/c~1d/1");
  refused(R"({"x": {"y": 1}, "z": 1e999})", "/z");
  CHECK(parse_error(R"({"tenant": 1e309})").what() ==
        std::string("the JSON cannot be read at line 1, column 12: number overflow parsing '1e309'"));
  CHECK(booking::parse_json_text("[1e308, -1e308]").size() == 2);  // the largest ones still parse

  json v = json::parse(booking::validate_json(R"({"tenant": {"id": "t"}, "sites": [{"id": 1e309}]})", ""));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["pointer"] == "/sites/0/id");
}

TEST_CASE("input quoted in a message is cut at 200 bytes, with its length") {
  // A short token: nlohmann's message, unchanged.
  for (std::string text : {std::string(R"({"a": tru})"), std::string("[1, 2"), std::string(R"({"a" 1})"),
                           std::string("\"") + std::string(190, 'a') + "\x01\""}) {
    CAPTURE(text);
    CHECK(std::string(parse_error(text).what()) == not_json(text));
  }
  // A 10,000-byte string with a control character at its end: nlohmann quotes all of it.
  const std::string big = "{\"tenant\": \"" + std::string(10000, 'a') + "\x01\"}";
  const std::string full = nlohmann_message(big);
  REQUIRE(full.size() > 10000);
  const std::string cut = parse_error(big).what();
  CHECK(cut.size() < 500);
  // The token is the quote, 10,000 a and "<U+0001>" as nlohmann spells the control character.
  CHECK(cut.find("last read: '\"" + std::string(199, 'a') + ellipsis + " (10009 bytes)'") != std::string::npos);
  CHECK(cut.substr(0, 40) == not_json(big).substr(0, 40));
  // A string that never ends, and a number of 5,000 digits.
  const std::string open = parse_error("[\"" + std::string(1 << 20, 'x')).what();
  CHECK(open.size() < 500);
  CHECK(open.find(ellipsis + " (1048577 bytes)") != std::string::npos);
  const std::string digits = parse_error("[1" + std::string(5000, '0') + "]").what();
  CHECK(digits.size() < 500);
  CHECK(digits.find("number overflow parsing '1" + std::string(199, '0') + ellipsis + " (5001 bytes)'") != std::string::npos);

  // The boundary, on a repeated key: 200 bytes whole, 201 cut, and never inside a character.
  auto dup = [](const std::string& key) {
    return parse_error("{\"" + key + "\": 1, \"" + key + "\": 2}");
  };
  CHECK(dup(std::string(200, 'k')).what() == "the key \"" + std::string(200, 'k') + "\" appears twice in one object");
  CHECK(dup(std::string(201, 'k')).what() ==
        "the key \"" + std::string(200, 'k') + ellipsis + " (201 bytes)\" appears twice in one object");
  const std::string accented = std::string(199, 'k') + "\xc3\xad" + "z";  // í spans bytes 199 and 200
  booking::error e = dup(accented);
  CHECK(e.what() == "the key \"" + std::string(199, 'k') + ellipsis + " (202 bytes)\" appears twice in one object");
  CHECK(e.pointer() == "/" + accented);  // the pointer is never cut
  // An unknown field is quoted by the same rule.
  json c = json::parse(test::read_file("examples/clinic/clinic.json"));
  c[std::string(5000, 'u')] = 1;
  try {
    booking::parse_clinic(c.dump());
    FAIL("parsed");
  } catch (const booking::error& x) {
    CHECK(x.code() == std::string("unknown_field"));
    CHECK(x.pointer() == "/" + std::string(5000, 'u'));
    CHECK(std::string(x.what()).find("unknown field \"" + std::string(200, 'u') + ellipsis + " (5000 bytes)\"") == 0);
  }
  // And so are the strings other messages quote: a time zone, a status, a scope's site.
  c = json::parse(test::read_file("examples/clinic/clinic.json"));
  c["sites"][0]["timezone"] = std::string(1000, 'Z');
  try {
    booking::parse_clinic(c.dump());
    FAIL("parsed");
  } catch (const booking::error& x) {
    CHECK(x.code() == std::string("unknown_zone"));
    CHECK(std::string(x.what()).find("unknown time zone \"" + std::string(200, 'Z') + ellipsis + " (1000 bytes)\"") == 0);
  }
  json b = json::parse(test::read_file("examples/clinic/bookings.json"));
  b["bookings"][0]["status"] = std::string(300, 's');
  json v = json::parse(booking::validate_json(test::read_file("examples/clinic/clinic.json"), b.dump()));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["message"].get<std::string>().find("status \"" + std::string(200, 's') + ellipsis + " (300 bytes)\"") == 0);
  try {
    booking::resolve_json(test::read_file("examples/clinic/clinic.json"), json{{"site", std::string(201, 'x')}}.dump());
    FAIL("resolved");
  } catch (const booking::error& x) {
    CHECK(x.what() == "unknown site \"" + std::string(200, 'x') + ellipsis + " (201 bytes)\"");
  }
}

TEST_CASE("the other refusals are unchanged: size, UTF-8 and depth come before the syntax") {
  CHECK(parse_error(std::string(40, '[') + "x").code() == std::string("too_large"));  // deep and malformed
  CHECK(parse_error("{\"a\": \"\xff\"").code() == std::string("malformed_json"));
  CHECK(parse_error("{\"a\": \"\xff\"").what() ==
        std::string("the text is not valid UTF-8 at line 1, column 8: byte 7 does not start a valid character"));
  CHECK(booking::parse_json_text(std::string(32, '[') + std::string(32, ']')).is_array());
  CHECK(parse_error(std::string(33, '[') + std::string(33, ']')).code() == std::string("too_large"));
  CHECK(parse_error("").what() == not_json(""));
  CHECK(parse_error("{} {}").what() == not_json("{} {}"));
}

TEST_CASE("an array of 800,000 empty objects and an object of 100,000 keys parse") {
  // Issue 17: nlohmann's callback parser rescanned the enclosing array at the end of every object,
  // 381 s for this 2.4 MB document. The time is measured in bench/ (BM_parse_empty_objects); here
  // the values.
  std::string text = "[";
  for (int i = 0; i < 800000; ++i) text += i == 0 ? "{}" : ",{}";
  text += "]";
  const json v = booking::parse_json_text(text);
  REQUIRE(v.size() == 800000);
  CHECK(v[0] == json::object());
  CHECK(v[799999] == json::object());
  try {
    booking::parse_clinic(text);
    FAIL("parsed");
  } catch (const booking::error& e) {
    CHECK(e.code() == std::string("wrong_type"));
  }
  text.insert(text.size() - 1, R"(,{"k": [], "k": 1})");
  CHECK(parse_error(text).pointer() == "/800000/k");

  std::string keys = "{";
  for (int i = 0; i < 100000; ++i) keys += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) + "\": " + std::to_string(i);
  CHECK(booking::parse_json_text(keys + "}").size() == 100000);
  CHECK(parse_error(keys + ", \"k0\": 0}").pointer() == "/k0");
  CHECK(parse_error(keys + ", \"k99999\": 0}").pointer() == "/k99999");
}

TEST_CASE("an error in the JSON text says its line and column, in characters") {
  // Issue 12: a malformed file said only the parser's message. Lines count from 1, columns in
  // Unicode characters from 1 (nlohmann counts bytes: "í" is two).
  booking::error e = parse_error("{\n  \"name\": \"Cl\xc3\xadnica\",\n  x\n}");
  CHECK(e.code() == std::string("malformed_json"));
  CHECK(e.line() == 3);
  CHECK(e.column() == 3);
  CHECK(std::string(e.what()).find("the text is not valid JSON at line 3, column 3: syntax error") == 0);
  e = parse_error("{\"a\": \"\xc3\xad\", x}");
  CHECK(e.line() == 1);
  CHECK(e.column() == 12);  // nlohmann says 13
  e = parse_error("[1,\n2,\n");  // the end of the text is where it stops
  CHECK(e.line() == 3);
  CHECK(e.column() == 1);
  e = parse_error("[\n 1,\n 1e400]");
  CHECK(e.pointer() == "/1");
  CHECK(e.line() == 3);
  CHECK(e.column() == 2);
  e = parse_error("[\n\"\xff\"]");
  CHECK(e.line() == 2);
  CHECK(e.column() == 2);
  e = parse_error("[\n" + std::string(33, '['));
  CHECK(e.code() == std::string("too_large"));
  CHECK(e.line() == 2);
  CHECK(e.column() == 32);  // the 33rd level
  // A value's error has a pointer, not a place in the text.
  e = parse_error("{\"a\": 1,\n \"a\": 2}");
  CHECK(e.code() == std::string("duplicate_key"));
  CHECK(e.line() == 0);
}

TEST_CASE("an error names the document it is in") {
  const std::string clinic = test::read_file("examples/clinic/clinic.json");
  auto refused = [](auto&& f) -> booking::error {
    try {
      f();
    } catch (const booking::error& e) {
      return e;
    }
    FAIL("accepted");
    return booking::error("", "", "");
  };
  booking::error e = refused([&] { booking::engine x(clinic, "[\n  {\"id\": \"b\"\n  ,]"); });
  CHECK(e.document() == "bookings");
  CHECK(e.line() == 3);
  CHECK(e.column() == 4);
  CHECK(refused([&] { booking::engine x("{"); }).document() == "clinic");
  CHECK(refused([&] { booking::engine(clinic).availability("{\"site\": 1}"); }).document() == "request");
  CHECK(refused([&] { booking::engine(clinic).check("{}"); }).document() == "request");
  CHECK(refused([&] { booking::diff_json(clinic, "{"); }).document() == "after");
  CHECK(refused([&] { booking::run_json("simulate", R"({"published": {}, "draft": {}})"); }).document() == "published");
  CHECK(refused([&] { booking::run_json("availability", "[1,"); }).document() == "documents");
  // What the bindings hand to their error objects: the scenario error and where it is.
  CHECK(booking::dump(booking::to_json_located(e)) == booking::dump([&] {
          auto o = booking::to_json(e);
          o["document"] = "bookings";
          o["line"] = 3;
          o["column"] = 4;
          return o;
        }()));
  const booking::error in_value = refused([&] { booking::engine(clinic).check("{}"); });
  CHECK(booking::dump(booking::to_json_located(in_value)) == booking::dump([&] {
          auto o = booking::to_json(in_value);
          o["document"] = "request";
          return o;
        }()));
  // run_operation: the documents by name, the same answers as run_json and the functions.
  const std::string bookings = test::read_file("examples/clinic/bookings.json");
  auto source = [&](std::string_view name) -> std::optional<std::string> {
    if (name == "clinic") return clinic;
    if (name == "bookings") return bookings;
    if (name == "request") return test::read_file("examples/clinic/request-week.json");
    return std::nullopt;
  };
  CHECK(booking::run_operation("availability", source) ==
        booking::availability_json(clinic, bookings, test::read_file("examples/clinic/request-week.json")));
  CHECK(booking::run_operation("validate", [&](std::string_view name) -> std::optional<std::string> {
          if (name == "clinic") return clinic;
          return std::nullopt;  // no bookings: none
        }) == booking::validate_json(clinic, "[]"));
  CHECK(refused([&] { booking::run_operation("nope", source); }).code() == "unknown_operation");
}
