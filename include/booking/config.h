// Layered configuration with provenance (RFC 7386 merges), structural diffs and versions (docs/config.md).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace booking {

/// One layer of configuration: its name ("system", "tenant", "site", "professional", "user"), the
/// JSON Pointer at which its patch lives in its document (what provenance points into), and the
/// patch itself.
struct config_layer {
  std::string name;
  std::string source;
  nlohmann::json patch;
};

/// Where an effective leaf value came from: the layer, and the JSON Pointer of the value in that
/// layer's document (empty for the system defaults, which live in the library).
struct provenance {
  std::string layer;
  std::string source;
  friend bool operator==(const provenance&, const provenance&) = default;
};

/// The result of merging layers: the value, and for each leaf (a non-object value) its provenance,
/// keyed by the leaf's JSON Pointer in `value`.
struct merged_config {
  nlohmann::json value;
  std::map<std::string, provenance> from;
};

/// RFC 7386 JSON Merge Patch, applied layer after layer onto the first (the base document):
/// objects merge, anything else (arrays included) replaces, null deletes. Each leaf remembers the
/// layer that set it.
///
///   auto m = booking::merge_layers({{"system", "", defaults}, {"tenant", "", tenant_patch}});
///   m.from.at("/policies/min_notice_minutes").layer;   // "tenant" or "system"
merged_config merge_layers(const std::vector<config_layer>& layers);

/// Who the effective configuration is for: a site, a professional, and a user's own preferences
/// (each optional). `user` is {"preferences": {...}}.
struct config_scope {
  std::string site;
  std::string professional;
  nlohmann::json user;  ///< null when absent
};

/// The effective configuration of `scope` in a clinic document (validated first: throws
/// booking::error), layered system < tenant < site < professional < user. A key a layer deletes
/// (null) falls back to the system default. The effective policies are exactly those the engine
/// applies (clinic::policies_for). Returns {"scope", "effective", "provenance"} (docs/config.md).
///
///   auto r = booking::resolve_config(clinic_json, {.site = "santiago-centro", .professional = "dra-soto"});
///   r["provenance"]["/policies/min_notice_minutes"]["layer"];   // "site"
nlohmann::ordered_json resolve_config(const nlohmann::json& clinic, const config_scope& scope);

/// A structural diff for a "pending changes" bar: {"changes": [...], "counts": {...}} where each
/// change has "op" (added, removed, changed, reordered), "path" (a pointer that names array entries
/// with an "id" by that id, stable across reorderings), "pointer" (the JSON Pointer in `after`, or
/// in `before` for a removal) and "before"/"after" values. Arrays whose entries are all objects with
/// distinct string ids are matched by id; other arrays are compared whole.
///
///   auto d = booking::diff_config(published, draft);
///   for (auto& c : d["changes"]) std::cout << c["op"] << " " << c["path"] << "\n";
nlohmann::ordered_json diff_config(const nlohmann::json& before, const nlohmann::json& after);

/// Which of `versions` — [{"id", "publish_at" (RFC 3339, whole minutes), ...}] or {"versions": [...]}
/// — is in force at `at` (RFC 3339): the one with the latest publish_at not after `at`. Returns
/// {"at", "version", "index", "publish_at", "next"} with null version when none is yet published.
/// Throws booking::error for duplicate ids or publish_at instants.
nlohmann::ordered_json version_in_force(const nlohmann::json& versions, std::string_view at);

/// RFC 6901: "~" → "~0", "/" → "~1".
std::string escape_pointer_token(std::string_view key);

}  // namespace booking
