// config.h: merge_layers (RFC 7386 with provenance), resolve_config, diff_config, version_in_force.
#include <doctest/doctest.h>

#include <random>

#include "helpers.h"

using nlohmann::json;

namespace {

json example() { return json::parse(test::read_file("examples/clinic/clinic.json")); }

json merge(const json& target, const json& patch) {
  return booking::merge_layers({{"target", "", target}, {"patch", "", patch}}).value;
}

}  // namespace

TEST_CASE("merge_layers is RFC 7386 JSON Merge Patch: every example of its Appendix A") {
  const json cases = json::parse(R"([
    [{"a":"b"}, {"a":"c"}, {"a":"c"}],
    [{"a":"b"}, {"b":"c"}, {"a":"b","b":"c"}],
    [{"a":"b"}, {"a":null}, {}],
    [{"a":"b","b":"c"}, {"a":null}, {"b":"c"}],
    [{"a":["b"]}, {"a":"c"}, {"a":"c"}],
    [{"a":"c"}, {"a":["b"]}, {"a":["b"]}],
    [{"a":{"b":"c"}}, {"a":{"b":"d","c":null}}, {"a":{"b":"d"}}],
    [{"a":[{"b":"c"}]}, {"a":[1]}, {"a":[1]}],
    [["a","b"], ["c","d"], ["c","d"]],
    [{"a":"b"}, ["c"], ["c"]],
    [{"a":"foo"}, null, null],
    [{"a":"foo"}, "bar", "bar"],
    [{"e":null}, {"a":1}, {"e":null,"a":1}],
    [[1,2], {"a":"b","c":null}, {"a":"b"}],
    [{}, {"a":{"bb":{"ccc":null}}}, {"a":{"bb":{}}}]
  ])");
  for (const auto& c : cases) {
    CAPTURE(c.dump());
    CHECK(merge(c[0], c[1]) == c[2]);
  }
}

TEST_CASE("each leaf remembers the layer that set it; a deleted leaf forgets it") {
  auto m = booking::merge_layers({
      {"system", "", {{"policies", {{"a", 1}, {"b", 2}}}}},
      {"tenant", "", {{"policies", {{"a", 10}}}}},
      {"site", "/sites/3", {{"policies", {{"b", 20}, {"c", {{"x", 1}}}}}}},
      {"user", "/user", {{"policies", {{"a", nullptr}}}}},
  });
  CHECK(m.value == json{{"policies", {{"b", 20}, {"c", {{"x", 1}}}}}});
  CHECK(m.from.count("/policies/a") == 0);
  CHECK(m.from.at("/policies/b") == booking::provenance{"site", "/sites/3/policies/b"});
  CHECK(m.from.at("/policies/c/x") == booking::provenance{"site", "/sites/3/policies/c/x"});
  CHECK(m.from.size() == 2);
  CHECK(booking::escape_pointer_token("a/b~c") == "a~1b~0c");
}

TEST_CASE("resolve: system < tenant < site < professional < user, with the source of every value") {
  json c = example();
  c["sites"][0]["policies"] = {{"min_notice_minutes", 240}, {"max_advance_days", nullptr}};
  c["sites"][0]["preferences"] = {{"language", "es-CL"}};
  c["professionals"][0]["policies"] = {{"cancellation_window_hours", 48}};
  c["preferences"] = {{"language", "es"}, {"time_format", "12h"}};
  json user = {{"preferences", {{"time_format", nullptr}, {"timezone", "America/Lima"}}}};
  auto r = booking::resolve_config(c, {.site = "santiago-centro", .professional = "dra-soto", .user = user});
  const auto& e = r["effective"];
  const auto& p = r["provenance"];
  CHECK(e["policies"]["min_notice_minutes"] == 240);
  CHECK(p["/policies/min_notice_minutes"]["layer"] == "site");
  CHECK(p["/policies/min_notice_minutes"]["source"] == "/sites/0/policies/min_notice_minutes");
  CHECK(e["policies"]["max_advance_days"] == 90);  // the site deleted the tenant's 60: the system default
  CHECK(p["/policies/max_advance_days"]["layer"] == "system");
  CHECK(p["/policies/max_advance_days"]["source"].is_null());
  CHECK(e["policies"]["cancellation_window_hours"] == 48);
  CHECK(p["/policies/cancellation_window_hours"]["source"] == "/professionals/0/policies/cancellation_window_hours");
  CHECK(e["policies"]["slot_step_minutes"] == 15);
  CHECK(p["/policies/slot_step_minutes"]["layer"] == "tenant");
  CHECK(e["preferences"]["language"] == "es-CL");
  CHECK(e["preferences"]["time_format"] == "24h");  // the user deleted the tenant's 12h
  CHECK(p["/preferences/time_format"]["layer"] == "system");
  CHECK(e["preferences"]["timezone"] == "America/Lima");
  CHECK(p["/preferences/timezone"]["layer"] == "user");
  CHECK(p["/preferences/timezone"]["source"] == "/user/preferences/timezone");

  auto no_user = booking::resolve_config(c, {.site = "lima-miraflores"});
  CHECK(no_user["effective"]["preferences"]["timezone"] == "America/Lima");
  CHECK(no_user["provenance"]["/preferences/timezone"]["source"] == "/sites/1/timezone");

  auto code = [&](const booking::config_scope& s) {
    try {
      booking::resolve_config(c, s);
    } catch (const booking::error& err) {
      return err.code() + " " + err.pointer();
    }
    return std::string("accepted");
  };
  CHECK(code({.site = "nowhere"}) == "unknown_id /site");
  CHECK(code({.professional = "dr-nobody"}) == "unknown_id /professional");
  CHECK(code({.user = {{"preferences", {{"language", "??"}}}}}) == "invalid_value /user/preferences/language");
  CHECK(code({.user = {{"theme", "dark"}}}) == "unknown_field /user/theme");
}

TEST_CASE("resolved policies are exactly the ones the engine applies, for random layerings") {
  std::mt19937 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* keys[] = {"min_notice_minutes", "max_advance_days", "cancellation_window_hours", "slot_step_minutes"};
  int compared = 0;
  for (int round = 0; round < 200; ++round) {
    json c = example();
    auto layer = [&](int deepest_key) {
      json l = json::object();
      for (int k = 0; k < deepest_key; ++k) {
        int what = pick(3);  // absent, a value, null
        if (what == 1) l[keys[k]] = k == 0 ? pick(600) : k == 1 ? 20 + pick(100) : k == 2 ? pick(72) : 5 * (1 + pick(6));
        else if (what == 2) l[keys[k]] = nullptr;
      }
      return l;
    };
    c["policies"] = layer(4);
    if (int what = pick(3); what > 0)  // tenant-only: absent, a value or null at the root
      c["policies"]["claim_granularity_minutes"] = what == 1 ? json(1 + pick(60)) : json(nullptr);
    for (auto& s : c["sites"]) s["policies"] = layer(4);
    for (auto& p : c["professionals"]) p["policies"] = layer(3);
    booking::clinic k;
    try {
      k = booking::clinic_from_json(c);
    } catch (const booking::error&) {
      continue;  // a notice at or beyond the advance: rejected, nothing to compare
    }
    for (const auto& s : k.sites)
      for (const auto& p : k.professionals) {
        auto r = booking::resolve_config(c, {.site = s.id, .professional = p.id});
        const booking::policies want = k.policies_for(s, &p);
        const auto& e = r["effective"]["policies"];
        CHECK(e["min_notice_minutes"] == want.min_notice_minutes);
        CHECK(e["max_advance_days"] == want.max_advance_days);
        CHECK(e["slot_step_minutes"] == want.slot_step_minutes);
        CHECK(e["cancellation_window_hours"] == want.cancellation_window_hours);
        CHECK(e["claim_granularity_minutes"] == want.claim_granularity_minutes);
        ++compared;
      }
  }
  CHECK(compared > 300);
}

TEST_CASE("diff: entries with ids are matched by id, moves are reported, other arrays compared whole") {
  json a = example(), b = example();
  b["sites"][0]["chairs"].erase(2);                                   // remove c3
  b["sites"][0]["chairs"].push_back({{"id", "c9"}, {"tags", json::array()}});
  std::swap(b["sites"][0]["chairs"][0], b["sites"][0]["chairs"][1]);  // c2 before c1 now
  b["treatments"][0]["buffer_after"] = 20;
  b["sites"][1]["closures"].push_back("2026-12-31");
  b["tenant"].erase("name");
  auto d = booking::diff_config(a, b);
  std::vector<std::string> lines;
  for (const auto& c : d["changes"]) lines.push_back(c["op"].get<std::string>() + " " + c["path"].get<std::string>() + " @" + c["pointer"].get<std::string>());
  const std::vector<std::string> want{
      "removed /sites/santiago-centro/chairs/c3 @/sites/0/chairs/2",
      "added /sites/santiago-centro/chairs/c9 @/sites/0/chairs/2",
      "reordered /sites/santiago-centro/chairs @/sites/0/chairs",
      "changed /sites/lima-miraflores/closures @/sites/1/closures",
      "removed /tenant/name @/tenant/name",
      "changed /treatments/" + a["treatments"][0]["id"].get<std::string>() + "/buffer_after @/treatments/0/buffer_after",
  };
  CHECK(lines == want);
  CHECK(d["counts"].dump() == R"({"added":1,"removed":2,"changed":2,"reordered":1})");
  CHECK(d["changes"][2]["before"].dump() == R"(["c1","c2"])");
  CHECK(d["changes"][2]["after"].dump() == R"(["c2","c1"])");
  CHECK(booking::diff_config(a, a)["changes"].empty());
  // A key with '/' is escaped in both paths.
  auto e = booking::diff_config(json{{"a/b", 1}}, json{{"a/b", 2}});
  CHECK(e["changes"][0]["pointer"] == "/a~1b");
}

TEST_CASE("the version in force is the latest published at or before the instant") {
  const json v = json::parse(R"({"versions": [
    {"id": "v2", "publish_at": "2026-12-01T00:00:00-03:00"},
    {"id": "v1", "publish_at": "2026-11-01T00:00:00Z"},
    {"id": "v3", "publish_at": "2027-01-01T00:00:00-03:00"}]})");
  auto in_force = [&](const char* at) {
    auto r = booking::version_in_force(v, at);
    return (r["version"].is_null() ? std::string("none") : r["version"].get<std::string>()) + "/" +
           (r["next"].is_null() ? std::string("none") : r["next"]["version"].get<std::string>());
  };
  CHECK(in_force("2026-10-31T23:59:59Z") == "none/v1");
  CHECK(in_force("2026-11-01T00:00:00Z") == "v1/v2");
  CHECK(in_force("2026-12-01T02:59:59Z") == "v1/v2");  // one second before v2 (03:00 UTC)
  CHECK(in_force("2026-12-01T03:00:00Z") == "v2/v3");
  CHECK(in_force("2030-01-01T00:00:00Z") == "v3/none");
  CHECK(booking::version_in_force(v, "2026-12-15T00:00:00Z")["index"] == 0);

  auto err = [](const char* versions) {
    try {
      booking::version_in_force(json::parse(versions), "2026-12-01T00:00:00Z");
    } catch (const booking::error& e) {
      return e.code() + " " + e.pointer();
    }
    return std::string("accepted");
  };
  CHECK(err(R"([{"id": "a", "publish_at": "2026-11-01T00:00:00Z"}, {"id": "b", "publish_at": "2026-10-31T21:00:00-03:00"}])") ==
        "duplicate_publish_at /1/publish_at");
  CHECK(err(R"([{"id": "a", "publish_at": "2026-11-01T00:00:00Z"}, {"id": "a", "publish_at": "2026-11-02T00:00:00Z"}])") ==
        "duplicate_id /1/id");
  CHECK(err(R"([{"id": "a", "publish_at": "2026-11-01T00:00:30Z"}])") == "invalid_value /0/publish_at");
  CHECK(err(R"({"versions": [{"id": "a"}]})") == "missing_field /versions/0/publish_at");
  CHECK(err(R"([])") == "accepted");
}
