// Layered configuration, structural diff and versions (include/booking/config.h, docs/config.md).
#include "booking/config.h"

#include <algorithm>
#include <set>

#include "booking/error.h"
#include "booking/format.h"
#include "json_parse.h"

namespace booking {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char ch : key) {
    if (ch == '~') out += "~0";
    else if (ch == '/') out += "~1";
    else out += ch;
  }
  return out;
}

namespace {

/// Forgets the provenance of `ptr` and of everything below it.
void forget(std::map<std::string, provenance>& from, const std::string& ptr) {
  auto it = from.lower_bound(ptr);
  while (it != from.end() && it->first.compare(0, ptr.size(), ptr) == 0 &&
         (it->first.size() == ptr.size() || it->first[ptr.size()] == '/'))
    it = from.erase(it);
}

/// Records `value` (set by `layer`) as leaves under `ptr`: an object's leaves are its members'.
void record(std::map<std::string, provenance>& from, const json& value, const std::string& ptr, const config_layer& layer) {
  if (value.is_object()) {
    for (const auto& [k, v] : value.items()) record(from, v, ptr + "/" + escape_pointer_token(k), layer);
    return;
  }
  from[ptr] = {layer.name, layer.name == "system" ? std::string() : layer.source + ptr};
}

/// RFC 7386 MergePatch(target, patch), section 2, with provenance.
void merge_patch(json& target, const json& patch, const std::string& ptr, const config_layer& layer,
                 std::map<std::string, provenance>& from) {
  if (!patch.is_object()) {
    target = patch;
    forget(from, ptr);
    if (!patch.is_null()) record(from, patch, ptr, layer);
    return;
  }
  if (!target.is_object()) {
    target = json::object();
    forget(from, ptr);
  }
  for (const auto& [k, v] : patch.items()) {
    const std::string kp = ptr + "/" + escape_pointer_token(k);
    if (v.is_null()) {
      target.erase(k);
      forget(from, kp);
    } else {
      merge_patch(target[k], v, kp, layer, from);
    }
  }
}

/// Puts back every leaf of `defaults` that the merged value lacks (deleted by a null, or never set).
void fill_defaults(json& target, const json& defaults, const std::string& ptr, std::map<std::string, provenance>& from) {
  for (const auto& [k, v] : defaults.items()) {
    const std::string kp = ptr + "/" + escape_pointer_token(k);
    if (!target.contains(k)) {
      target[k] = v;
      record(from, v, kp, {"system", "", {}});
    } else if (v.is_object() && target[k].is_object()) {
      fill_defaults(target[k], v, kp, from);
    }
  }
}

json system_defaults() {
  const policies p;
  const preferences f;
  json pol = json::object();
  for (const policy_key& k : policy_keys) {
    if (k.names) pol[std::string(k.name)] = (*k.names)[static_cast<std::size_t>(p.*k.value)];
    else pol[std::string(k.name)] = p.*k.value;
  }
  return {{"policies", std::move(pol)},
          {"preferences", {{"language", f.language}, {"time_format", f.time_format}, {"week_starts_on", f.week_starts_on}}}};
}

/// The configuration keys a clinic entity (the document root, a site, a professional) carries.
json layer_of(const json& entity, std::initializer_list<const char*> keys) {
  json patch = json::object();
  for (const char* k : keys)
    if (auto it = entity.find(k); it != entity.end()) patch[k] = *it;
  return patch;
}

}  // namespace

merged_config merge_layers(const std::vector<config_layer>& layers) {
  merged_config m;
  if (layers.empty()) return m;
  // The first layer is the document the others patch (its nulls are values, not deletions).
  m.value = layers.front().patch;
  record(m.from, m.value, "", layers.front());
  for (std::size_t i = 1; i < layers.size(); ++i) merge_patch(m.value, layers[i].patch, "", layers[i], m.from);
  return m;
}

ojson resolve_config(const json& doc, const config_scope& scope) {
  const clinic c = clinic_from_json(doc);  // validates; throws with a pointer into the clinic
  std::vector<config_layer> layers{{"system", "", system_defaults()}, {"tenant", "", layer_of(doc, {"policies", "preferences"})}};
  // The parsed clinic keeps the documents' order: an entity's index is its place in the JSON list.
  const site* s = nullptr;
  std::string site_ptr;
  if (!scope.site.empty()) {
    s = c.find_site(scope.site);
    if (s == nullptr) throw error("unknown_id", "/site", "unknown site \"" + detail::quote_input(scope.site) + "\"");
    const auto i = static_cast<std::size_t>(s - c.sites.data());
    site_ptr = "/sites/" + std::to_string(i);
    layers.push_back({"site", site_ptr, layer_of(doc["sites"][i], {"policies", "preferences"})});
  }
  if (!scope.professional.empty()) {
    const professional* p = c.find_professional(scope.professional);
    if (p == nullptr) throw error("unknown_id", "/professional", "unknown professional \"" + detail::quote_input(scope.professional) + "\"");
    const auto i = static_cast<std::size_t>(p - c.professionals.data());
    layers.push_back({"professional", "/professionals/" + std::to_string(i), layer_of(doc["professionals"][i], {"policies"})});
  }
  if (!scope.user.is_null()) {
    detail::check_user_layer(scope.user, "/user");
    layers.push_back({"user", "/user", layer_of(scope.user, {"preferences"})});
  }
  merged_config m = merge_layers(layers);
  fill_defaults(m.value, layers.front().patch, "", m.from);
  // With no display zone of their own, people see times in the site's zone.
  if (s != nullptr && !m.value["preferences"].contains("timezone")) {
    m.value["preferences"]["timezone"] = s->timezone;
    m.from["/preferences/timezone"] = {"site", site_ptr + "/timezone"};
  }
  // The JSON merge gives the numbers clinic::policies_for applies: config_test compares them on
  // random layerings of every key.

  ojson out;
  ojson sc = ojson::object();
  sc["site"] = scope.site.empty() ? ojson(nullptr) : ojson(scope.site);
  sc["professional"] = scope.professional.empty() ? ojson(nullptr) : ojson(scope.professional);
  sc["user"] = !scope.user.is_null();
  out["scope"] = std::move(sc);
  // Fixed key order, the same in every language.
  ojson eff_json;
  for (const char* group : {"policies", "preferences"}) {
    ojson g = ojson::object();
    for (const auto& [k, v] : m.value[group].items()) g[k] = v;
    eff_json[group] = std::move(g);
  }
  out["effective"] = std::move(eff_json);
  ojson prov = ojson::object();
  for (const auto& [ptr, pv] : m.from) {
    ojson e;
    e["layer"] = pv.layer;
    e["source"] = pv.source.empty() ? ojson(nullptr) : ojson(pv.source);
    prov[ptr] = std::move(e);
  }
  out["provenance"] = std::move(prov);
  return out;
}

namespace {

/// True when every entry is an object with a string "id" and the ids are distinct.
bool keyed_by_id(const json& a) {
  std::set<std::string> seen;
  for (const auto& e : a) {
    if (!e.is_object()) return false;
    auto it = e.find("id");
    if (it == e.end() || !it->is_string() || !seen.insert(it->get<std::string>()).second) return false;
  }
  return true;
}

struct differ {
  ojson changes = ojson::array();
  int added = 0, removed = 0, changed = 0, reordered = 0;

  void emit(const char* op, const std::string& path, const std::string& pointer, const json* before, const json* after) {
    ojson c;
    c["op"] = op;
    c["path"] = path;
    c["pointer"] = pointer;
    if (before) c["before"] = *before;
    if (after) c["after"] = *after;
    changes.push_back(std::move(c));
  }

  // `path` names id'd entries by id; `bp`/`ap` are the real pointers in before/after.
  void walk(const json& b, const json& a, const std::string& path, const std::string& bp, const std::string& ap) {
    if (b == a) return;
    if (b.is_object() && a.is_object()) {
      for (const auto& [k, v] : b.items())
        if (!a.contains(k)) {
          emit("removed", path + "/" + escape_pointer_token(k), bp + "/" + escape_pointer_token(k), &v, nullptr);
          ++removed;
        }
      for (const auto& [k, v] : a.items()) {
        const std::string t = "/" + escape_pointer_token(k);
        if (auto it = b.find(k); it != b.end()) walk(*it, v, path + t, bp + t, ap + t);
        else {
          emit("added", path + t, ap + t, nullptr, &v);
          ++added;
        }
      }
      return;
    }
    if (b.is_array() && a.is_array() && keyed_by_id(b) && keyed_by_id(a) && !(b.empty() && a.empty())) {
      std::map<std::string, std::size_t> in_b, in_a;
      for (std::size_t i = 0; i < b.size(); ++i) in_b[b[i]["id"].get<std::string>()] = i;
      for (std::size_t i = 0; i < a.size(); ++i) in_a[a[i]["id"].get<std::string>()] = i;
      for (std::size_t i = 0; i < b.size(); ++i) {
        const std::string id = b[i]["id"].get<std::string>();
        if (!in_a.count(id)) {
          emit("removed", path + "/" + escape_pointer_token(id), bp + "/" + std::to_string(i), &b[i], nullptr);
          ++removed;
        }
      }
      json order_b = json::array(), order_a = json::array();
      for (const auto& e : b)
        if (in_a.count(e["id"].get<std::string>())) order_b.push_back(e["id"]);
      for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string id = a[i]["id"].get<std::string>();
        const std::string t = "/" + escape_pointer_token(id);
        if (auto it = in_b.find(id); it != in_b.end()) {
          order_a.push_back(a[i]["id"]);
          walk(b[it->second], a[i], path + t, bp + "/" + std::to_string(it->second), ap + "/" + std::to_string(i));
        } else {
          emit("added", path + t, ap + "/" + std::to_string(i), nullptr, &a[i]);
          ++added;
        }
      }
      if (order_a != order_b) {  // the same entries in another order: order matters (chairs are offered in it)
        emit("reordered", path, ap, &order_b, &order_a);
        ++reordered;
      }
      return;
    }
    emit("changed", path, ap, &b, &a);
    ++changed;
  }
};

}  // namespace

ojson diff_config(const json& before, const json& after) {
  differ d;
  d.walk(before, after, "", "", "");
  ojson out;
  ojson counts;
  counts["added"] = d.added;
  counts["removed"] = d.removed;
  counts["changed"] = d.changed;
  counts["reordered"] = d.reordered;
  out["counts"] = std::move(counts);
  out["changes"] = std::move(d.changes);
  return out;
}

ojson version_in_force(const json& doc, std::string_view at_text) {
  const json* list = &doc;
  std::string base;
  if (doc.is_object()) {
    auto it = doc.find("versions");
    if (it == doc.end()) throw error("missing_field", "/versions", "missing required field \"versions\"");
    list = &*it;
    base = "/versions";
  }
  if (!list->is_array()) throw error("wrong_type", base, (base.empty() ? "the versions" : base) + " must be an array of versions");
  struct version {
    std::string id;
    minutes_t publish_at;
    std::string text;
    std::size_t index;
  };
  std::vector<version> vs;
  std::map<std::string, std::size_t> ids;
  std::map<minutes_t, std::size_t> times;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string p = base + "/" + std::to_string(i);
    const json& v = (*list)[i];
    if (!v.is_object()) throw error("wrong_type", p, p + " must be an object with \"id\" and \"publish_at\"");
    auto id = v.find("id");
    if (id == v.end()) throw error("missing_field", p + "/id", "missing required field \"id\" in " + p);
    if (!id->is_string() || id->get<std::string>().empty())
      throw error("wrong_type", p + "/id", p + "/id must be a non-empty string");
    auto pa = v.find("publish_at");
    if (pa == v.end()) throw error("missing_field", p + "/publish_at", "missing required field \"publish_at\" in " + p);
    if (!pa->is_string()) throw error("wrong_type", p + "/publish_at", p + "/publish_at must be an RFC 3339 string");
    auto t = parse_instant(pa->get<std::string>());
    if (!t || !t->whole_minute)
      throw error("invalid_value", p + "/publish_at",
                  p + "/publish_at is \"" + detail::quote_input(pa->get<std::string>()) + "\"; expected an RFC 3339 time in whole minutes, like \"2026-12-01T00:00:00-03:00\"");
    const std::string vid = id->get<std::string>();
    if (auto [it, fresh] = ids.emplace(vid, i); !fresh)
      throw error("duplicate_id", p + "/id", "duplicate version id \"" + detail::quote_input(vid) + "\" (also " + base + "/" + std::to_string(it->second) + ")");
    if (auto [it, fresh] = times.emplace(t->minute, i); !fresh)
      throw error("duplicate_publish_at", p + "/publish_at",
                  "versions " + (*list)[it->second]["id"].get<std::string>() + " and " + vid +
                      " are published at the same instant: which is in force would be ambiguous");
    vs.push_back({vid, t->minute, pa->get<std::string>(), i});
  }
  auto at = parse_instant(at_text);
  if (!at) throw error("invalid_value", "/at", "\"at\" must be an RFC 3339 time with an offset, like \"2026-12-07T10:00:00Z\"");
  std::sort(vs.begin(), vs.end(), [](const version& a, const version& b) { return a.publish_at < b.publish_at; });
  // The seconds of `at` do not matter: publish_at is a whole minute, so floor(at) >= publish_at ⇔ at >= publish_at.
  auto next = std::upper_bound(vs.begin(), vs.end(), at->minute, [](minutes_t t, const version& v) { return t < v.publish_at; });
  auto describe = [](const version& v) {
    ojson o;
    o["version"] = v.id;
    o["index"] = v.index;
    o["publish_at"] = v.text;
    return o;
  };
  ojson out;
  out["at"] = std::string(at_text);
  if (next == vs.begin()) {
    out["version"] = nullptr;
    out["index"] = nullptr;
    out["publish_at"] = nullptr;
  } else {
    const version& cur = *std::prev(next);
    out["version"] = cur.id;
    out["index"] = cur.index;
    out["publish_at"] = cur.text;
  }
  out["next"] = next == vs.end() ? ojson(nullptr) : describe(*next);
  return out;
}

}  // namespace booking
