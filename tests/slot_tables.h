// Expands slot tables the way docs/format.md says a binding does; shared by the tests and the fuzz
// harness (no test framework here).
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace test {

/// Expands slot tables (booking::to_json_tables) the way docs/format.md says a binding does, into
/// the document to_json_text prints: {"slots": [...]}.
inline nlohmann::ordered_json expand_slot_tables(const std::string& tables) {
  const auto t = nlohmann::ordered_json::parse(tables);
  nlohmann::ordered_json slots = nlohmann::ordered_json::array();
  const auto& rows = t.at("slots");
  if (rows.size() % 3 != 0) throw std::runtime_error("slot tables: the rows are not triples");
  for (std::size_t i = 0; i < rows.size(); i += 3) {
    const std::size_t p = rows[i], r = rows[i + 1], w = rows[i + 2];
    const auto& times = t.at("times");
    nlohmann::ordered_json s;
    s["id"] = t.at("ids").at(p).get<std::string>() + times.at(3 * w).get<std::string>();
    s["start"] = times.at(3 * w + 1);
    s["end"] = times.at(3 * w + 2);
    s["professional"] = t.at("professionals").at(p);
    nlohmann::ordered_json chairs = nlohmann::ordered_json::array();
    for (const auto& k : t.at("runs").at(r)) chairs.push_back(t.at("chairs").at(k.get<std::size_t>()));
    s["chair"] = chairs.at(0);
    s["chairs"] = std::move(chairs);
    s["resources"] = t.at("resources");
    if (t.contains("scores"))  // a ranked answer
      s["score"] = {{"idle_minutes", t["scores"].at(2 * (i / 3))}, {"gaps", t["scores"].at(2 * (i / 3) + 1)}};
    slots.push_back(std::move(s));
  }
  return {{"slots", std::move(slots)}};
}

}  // namespace test
