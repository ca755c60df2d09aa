// Properties on randomly generated clinics around DST transitions:
//  - availability and check_booking agree on every grid start (both directions), chair by chair;
//  - no returned slot conflicts with any booking or block, and all lie inside the hours;
//  - adding a booking never adds a slot (and removes the booked one); removing one never removes any;
//  - results do not depend on the order of bookings;
//  - the compact answer prints the same bytes as find_availability's slots, for every treatment and filter;
//  - simulate finds the same broken bookings as checks against the whole calendar.
#include <doctest/doctest.h>

#include <array>
#include <functional>
#include <random>
#include <set>

#include "helpers.h"

using nlohmann::json;
using booking::day_number;

namespace {

struct generated {
  booking::clinic clinic;
  booking::calendar calendar;
  booking::availability_request request;
};

generated generate(std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* zones[] = {"America/Santiago", "America/New_York", "Europe/Madrid", "Australia/Lord_Howe", "America/Lima"};
  const char* days[] = {"2026-04-04", "2026-03-08", "2026-03-29", "2026-10-04", "2026-11-01", "2026-09-06", "2026-12-07"};
  const int steps[] = {5, 10, 15, 30, 60};
  const std::array advance_days{1, 2, 400};  // 1 and 2 put the limit inside the requested days
  auto clock = [](int m) { return booking::format_clock(m); };
  auto spans = [&](int count) {
    json out = json::array();
    int at = pick(0, 8) * 60;
    for (int i = 0; i < count && at < 1440; ++i) {
      int end = std::min(1440, at + pick(1, 12) * 30);
      out.push_back(json::array({clock(at), clock(end)}));
      at = end + pick(0, 4) * 30;
    }
    return out;
  };

  json hours = json::object();
  for (auto d : booking::weekday_names) hours[std::string(d)] = spans(pick(1, 3));
  json chairs = json::array();
  int n_chairs = pick(1, 3);
  for (int i = 0; i < n_chairs; ++i) chairs.push_back({{"id", "c" + std::to_string(i)}, {"tags", pick(0, 1) ? json::array({"surgery"}) : json::array()}});
  std::string first_day = days[pick(0, 6)];
  day_number d0 = test::day(first_day.c_str());
  json closures = json::array();
  if (pick(0, 3) == 0) closures.push_back(booking::format_date(d0 + pick(-1, 2)));

  json treatments = json::array();
  int n_treatments = pick(1, 3);
  for (int i = 0; i < n_treatments; ++i) {
    json segs = json::array();
    int n = pick(1, 3);
    bool any_pro = false;
    for (int k = 0; k < n; ++k) {
      bool pro = k == n - 1 ? !any_pro || pick(0, 1) : pick(0, 1) == 1;
      any_pro = any_pro || pro;
      json seg = {{"minutes", pick(1, 8) * 5}, {"professional", pro}};
      if (pick(0, 2) == 0) seg["resources"] = json::array({"xray"});
      segs.push_back(seg);
    }
    json t = {{"id", "t" + std::to_string(i)}, {"buffer_before", pick(0, 2) * 5}, {"buffer_after", pick(0, 3) * 5}, {"segments", segs}};
    if (pick(0, 3) == 0) t["chair_tags"] = json::array({"surgery"});
    treatments.push_back(t);
  }
  json pros = json::array();
  int n_pros = pick(1, 3);
  for (int i = 0; i < n_pros; ++i) {
    json ts = json::array();
    for (int k = 0; k < n_treatments; ++k) if (k == 0 || pick(0, 1)) ts.push_back("t" + std::to_string(k));
    json p = {{"id", "p" + std::to_string(i)}, {"treatments", ts},
              {"schedule", json::array({{{"site", "s"}, {"days", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}, {"hours", spans(pick(1, 2))}}})}};
    if (pick(0, 4) == 0) p["absences"] = json::array({{{"from", booking::format_date(d0)}, {"to", booking::format_date(d0)}}});
    pros.push_back(p);
  }
  json clinic = {
      {"tenant", {{"id", "t"}}},
      {"policies", {{"min_notice_minutes", pick(0, 2) * 60}, {"max_advance_days", advance_days[static_cast<std::size_t>(pick(0, 2))]}, {"slot_step_minutes", steps[pick(0, 4)]}}},
      {"sites", {{{"id", "s"}, {"timezone", zones[pick(0, 4)]}, {"hours", hours}, {"closures", closures}, {"chairs", chairs},
                  {"resources", {{{"id", "xray"}, {"capacity", pick(1, 2)}}}}}}},
      {"professionals", pros},
      {"treatments", treatments},
  };
  generated g;
  g.clinic = booking::parse_clinic(clinic.dump());
  const auto* zone = booking::find_zone(g.clinic.sites[0].timezone);
  booking::zone_calendar zc(zone, d0 - 1, d0 + 3);

  json bookings = json::array();
  for (int i = 0; i < pick(0, 25); ++i) {
    day_number d = d0 + pick(-1, 2);
    booking::minutes_t start = (booking::minutes_t{d} * 1440 + pick(0, 287) * 5) - zc.offset_at(booking::minutes_t{d} * 1440);
    bookings.push_back({{"id", "b" + std::to_string(i)}, {"site", "s"}, {"professional", "p" + std::to_string(pick(0, n_pros - 1))},
                        {"chair", "c" + std::to_string(pick(0, n_chairs - 1))}, {"treatment", "t" + std::to_string(pick(0, n_treatments - 1))},
                        {"start", booking::format_instant(start, 0)}, {"status", pick(0, 5) == 0 ? "cancelled" : "confirmed"}});
  }
  json blocks = json::array();
  for (int i = 0; i < pick(0, 3); ++i) {
    booking::minutes_t from = booking::minutes_t{d0} * 1440 + pick(-12, 48) * 60 - zc.offset_at(booking::minutes_t{d0} * 1440);
    json b = {{"id", "k" + std::to_string(i)}, {"from", booking::format_instant(from, 0)},
              {"to", booking::format_instant(from + pick(1, 6) * 30, 0)}};
    switch (pick(0, 3)) {
      case 0: b["site"] = "s"; break;
      case 1: b["site"] = "s"; b["chair"] = "c0"; break;
      case 2: b["site"] = "s"; b["resource"] = "xray"; break;
      default: b["professional"] = "p0"; break;
    }
    blocks.push_back(b);
  }
  g.calendar = booking::parse_calendar(json{{"bookings", bookings}, {"blocks", blocks}}.dump(), g.clinic);
  g.request.site = "s";
  g.request.treatment = "t" + std::to_string(pick(0, n_treatments - 1));
  g.request.from = d0;
  g.request.to = d0 + pick(0, 1);
  g.request.now = booking::minutes_t{d0} * 1440 + pick(-48, 30) * 60;
  // Drawn last, so that the clinics above are those of every seed before reservations existed.
  if (pick(0, 2) == 0) {
    json r = {{"days", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}, {"hours", spans(pick(1, 2))},
              {"treatments", json::array({"t" + std::to_string(pick(0, n_treatments - 1))})}, {"release_hours", pick(0, 48)}};
    if (pick(0, 1)) r["chairs"] = json::array({"c" + std::to_string(pick(0, n_chairs - 1))});
    clinic["sites"][0]["reservations"] = json::array({r});
    g.clinic = booking::parse_clinic(clinic.dump());
  }
  return g;
}


std::set<std::pair<booking::minutes_t, std::string>> keys(const std::vector<booking::slot>& s) {
  std::set<std::pair<booking::minutes_t, std::string>> k;
  for (const auto& x : s) k.insert({x.start, x.professional});
  return k;
}

constexpr int rounds = 150;

}  // namespace

TEST_CASE("availability and conflict checking agree on every grid start") {
  int offered = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    auto slots = booking::find_availability(g.clinic, g.calendar, g.request);
    CHECK(booking::to_json_text(slots) == booking::dump(booking::to_json(slots)));  // the fast printer
    auto offered_keys = keys(slots);
    offered += static_cast<int>(slots.size());
    const auto& site = g.clinic.sites[0];
    booking::zone_calendar zc(booking::find_zone(site.timezone), g.request.from - 1, g.request.to + 1);
    std::vector<booking::minutes_t> grid;
    for (day_number d = g.request.from; d <= g.request.to; ++d) zc.append_grid(d, g.clinic.policies.slot_step_minutes, grid);
    for (const auto& p : g.clinic.professionals) {
      for (auto start : grid) {
        booking::proposal pr{.site = "s", .professional = p.id, .treatment = g.request.treatment, .start = start};
        auto r = booking::check_booking(g.clinic, g.calendar, pr, g.request.now);
        bool is_offered = offered_keys.count({start, p.id}) > 0;
        CAPTURE(booking::format_instant(start, zc.offset_at(start)));
        CAPTURE(p.id);
        CHECK(r.bookable() == is_offered);
        if (!is_offered) continue;
        // Every chair listed checks clean on its own; every other chair does not.
        auto slot = std::find_if(slots.begin(), slots.end(), [&](const booking::slot& s) { return s.start == start && s.professional == p.id; });
        CHECK(r.chair == slot->chair());
        for (const auto& ch : site.chairs) {
          pr.chair = ch.id;
          bool listed = std::find(slot->chairs.begin(), slot->chairs.end(), ch.id) != slot->chairs.end();
          CHECK(booking::check_booking(g.clinic, g.calendar, pr, g.request.now).bookable() == listed);
        }
      }
    }
  }
  CHECK(offered > 1000);  // the generator must produce clinics with real availability
}

TEST_CASE("the compact answer and find_availability print the same bytes") {
  std::size_t bytes = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    for (const auto& t : g.clinic.treatments) {
      for (int filter = 0; filter < 3; ++filter) {
        auto r = g.request;
        r.treatment = t.id;
        if (filter == 1) r.chairs = {g.clinic.sites[0].chairs.back().id};
        if (filter == 2) r.professionals = {g.clinic.professionals.back().id};
        CAPTURE(t.id);
        CAPTURE(filter);
        for (const auto order : {booking::slot_order::start, booking::slot_order::compact}) {
          r.order = order;
          CAPTURE(order == booking::slot_order::compact);
          const std::string text = booking::to_json_text(booking::find_availability(g.clinic, g.calendar, r));
          const auto compact = booking::find_availability_compact(g.clinic, g.calendar, r);
          CHECK(booking::to_json_text(compact) == text);
          CHECK(booking::dump(test::expand_slot_tables(booking::to_json_tables(compact))) == text);
          bytes += text.size();
        }
      }
    }
  }
  CHECK(bytes > 100000);  // the answers were not all empty
}

TEST_CASE("adding a booking never adds a slot; removing one never removes a slot") {
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    auto before = booking::find_availability(g.clinic, g.calendar, g.request);
    if (before.empty()) continue;
    const auto& s = before[before.size() / 2];
    auto cal = g.calendar;
    cal.bookings.push_back({.id = "new", .site = "s", .professional = s.professional, .chair = s.chair(),
                            .treatment = g.request.treatment, .start = s.start});
    auto after = keys(booking::find_availability(g.clinic, cal, g.request));
    auto was = keys(before);
    CHECK(std::includes(was.begin(), was.end(), after.begin(), after.end()));
    CHECK(after.count({s.start, s.professional}) == 0);
    if (!g.calendar.bookings.empty()) {
      auto fewer = g.calendar;
      fewer.bookings.erase(fewer.bookings.begin());
      auto more = keys(booking::find_availability(g.clinic, fewer, g.request));
      CHECK(std::includes(more.begin(), more.end(), was.begin(), was.end()));
    }
  }
}

TEST_CASE("results do not depend on the order of bookings and blocks") {
  for (std::uint32_t seed = 1; seed <= rounds / 3; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    auto a = booking::to_json(booking::find_availability(g.clinic, g.calendar, g.request)).dump();
    std::reverse(g.calendar.bookings.begin(), g.calendar.bookings.end());
    std::reverse(g.calendar.blocks.begin(), g.calendar.blocks.end());
    CHECK(booking::to_json(booking::find_availability(g.clinic, g.calendar, g.request)).dump() == a);
  }
}

TEST_CASE("no slot overlaps what occupies its professional, chair or a full resource") {
  for (std::uint32_t seed = 1; seed <= rounds / 3; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    const auto* t = g.clinic.find_treatment(g.request.treatment);
    for (const auto& s : booking::find_availability(g.clinic, g.calendar, g.request)) {
      auto fp = booking::footprint_of(*t, s.start);
      for (const auto& b : g.calendar.bookings) {
        if (!b.occupies()) continue;
        auto other = booking::footprint_of(*g.clinic.find_treatment(b.treatment), b.start);
        if (b.chair == s.chair()) CHECK_FALSE(other.chair.overlaps(fp.chair));
        if (b.professional == s.professional)
          for (auto w : fp.professional) for (auto o : other.professional) CHECK_FALSE(o.overlaps(w));
      }
      for (const auto& k : g.calendar.blocks) {
        if (k.chair == s.chair() || k.whole_site()) CHECK_FALSE(k.span.overlaps(fp.chair));
        if (k.professional == s.professional) for (auto w : fp.professional) CHECK_FALSE(k.span.overlaps(w));
      }
    }
  }
}

TEST_CASE("a capacity-N resource is never used more than N times by a slot plus existing bookings") {
  for (std::uint32_t seed = 1; seed <= rounds / 3; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    const auto* t = g.clinic.find_treatment(g.request.treatment);
    const int capacity = g.clinic.sites[0].resources[0].capacity;
    for (const auto& s : booking::find_availability(g.clinic, g.calendar, g.request)) {
      for (const auto& [rid, w] : booking::footprint_of(*t, s.start).resources) {
        // Peak use over the segment: each existing use starting inside it or covering its start.
        std::vector<booking::interval> uses;
        for (const auto& b : g.calendar.bookings)
          if (b.occupies())
            for (const auto& [id, u] : booking::footprint_of(*g.clinic.find_treatment(b.treatment), b.start).resources)
              if (id == rid && u.overlaps(w)) uses.push_back(u);
        for (booking::minutes_t m = w.lo; m < w.hi; ++m) {
          int n = 1;  // the slot itself
          for (auto u : uses) n += u.contains(m) ? 1 : 0;
          CHECK(n <= capacity);
        }
      }
    }
  }
}

TEST_CASE("results do not depend on the order of professionals, treatments or JSON keys") {
  for (std::uint32_t seed = 1; seed <= rounds / 3; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    auto a = booking::to_json(booking::find_availability(g.clinic, g.calendar, g.request)).dump();
    std::reverse(g.clinic.professionals.begin(), g.clinic.professionals.end());
    std::reverse(g.clinic.treatments.begin(), g.clinic.treatments.end());
    CHECK(booking::to_json(booking::find_availability(g.clinic, g.calendar, g.request)).dump() == a);
  }
  // Key order in the text: the same clinic written with its keys in reverse order.
  auto text = test::read_file("examples/clinic/clinic.json");
  auto j = nlohmann::ordered_json::parse(text);
  std::function<nlohmann::ordered_json(const nlohmann::ordered_json&)> reversed = [&](const nlohmann::ordered_json& v) {
    if (v.is_object()) {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      std::vector<std::string> keys;
      for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(it.key());
      for (auto k = keys.rbegin(); k != keys.rend(); ++k) o[*k] = reversed(v[*k]);
      return o;
    }
    if (v.is_array()) {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& e : v) arr.push_back(reversed(e));
      return arr;
    }
    return v;
  };
  auto req = test::read_file("examples/clinic/request-week.json");
  auto books = test::read_file("examples/clinic/bookings.json");
  CHECK(booking::availability_json(reversed(j).dump(), books, req) == booking::availability_json(text, books, req));
}

namespace {

/// Slots of every treatment, one per (treatment, start, professional, chair): what simulate counts.
long long chair_slots(const booking::clinic& c, const booking::calendar& cal, const booking::availability_request& r) {
  long long n = 0;
  for (const auto& t : c.treatments) {
    auto q = r;
    q.treatment = t.id;
    for (const auto& s : booking::find_availability(c, cal, q)) n += static_cast<long long>(s.chairs.size());
  }
  return n;
}

booking::simulation_request simulation_of(const booking::availability_request& r) {
  return {.from = r.from, .to = r.to, .now = r.now};
}

void check_rows_add_up(const booking::simulation& sim) {
  long long before = 0, after = 0, added = 0, removed = 0;
  for (const auto& row : sim.rows) {
    CHECK(row.before - row.removed == row.after - row.added);  // what stays is counted on both sides
    CHECK((row.before || row.after));
    before += row.before, after += row.after, added += row.added, removed += row.removed;
  }
  CHECK(before == sim.before);
  CHECK(after == sim.after);
  CHECK(added == sim.added);
  CHECK(removed == sim.removed);
}

}  // namespace

TEST_CASE("simulating a draft identical to the published configuration changes nothing") {
  long long total = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    const auto sim = booking::simulate(g.clinic, g.clinic, g.calendar, simulation_of(g.request));
    CHECK(sim.added == 0);
    CHECK(sim.removed == 0);
    CHECK(sim.broken.empty());
    CHECK(sim.before == sim.after);
    CHECK(sim.before == chair_slots(g.clinic, g.calendar, g.request));
    check_rows_add_up(sim);
    total += sim.before;
  }
  CHECK(total > 1000);
}

TEST_CASE("a simulation's before and after are the availability of each configuration") {
  int broken = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    // The draft: the first chair retired, every treatment's cleanup 10 minutes longer, a closure.
    booking::clinic draft = g.clinic;
    draft.sites[0].chairs.erase(draft.sites[0].chairs.begin());
    if (draft.sites[0].chairs.empty()) draft.sites[0].chairs.push_back({"new", {}});
    for (auto& t : draft.treatments) t.buffer_after += 10;
    draft.sites[0].closures.push_back(g.request.to);
    std::sort(draft.sites[0].closures.begin(), draft.sites[0].closures.end());  // the model keeps them sorted
    const auto sim = booking::simulate(g.clinic, draft, g.calendar, simulation_of(g.request));
    CHECK(sim.before == chair_slots(g.clinic, g.calendar, g.request));
    CHECK(sim.after == chair_slots(draft, g.calendar, g.request));
    check_rows_add_up(sim);
    for (const auto& row : sim.rows) {
      if (row.chair == g.clinic.sites[0].chairs[0].id) CHECK(row.after == 0);
      if (row.date == g.request.to) CHECK(row.after == 0);
    }
    // Every pending or confirmed booking on the retired chair in the range is broken, with that reason.
    for (const auto& b : g.calendar.bookings) {
      if (!b.occupies() || b.chair != g.clinic.sites[0].chairs[0].id) continue;
      booking::zone_calendar zc(booking::find_zone(g.clinic.sites[0].timezone), g.request.from - 2, g.request.to + 2);
      const auto d = zc.local_day_of(b.start);
      if (d < g.request.from || d > g.request.to) continue;
      auto it = std::find_if(sim.broken.begin(), sim.broken.end(), [&](const booking::broken_booking& x) { return x.booking.id == b.id; });
      REQUIRE(it != sim.broken.end());
      CHECK(std::any_of(it->conflicts.begin(), it->conflicts.end(), [](const booking::conflict& k) { return k.code == "unknown_id"; }));
      ++broken;
    }
  }
  CHECK(broken > 20);
}

TEST_CASE("simulate's broken bookings are those a check against the whole calendar finds") {
  // simulate checks each booking only against the bookings near it; this is the definition it
  // must agree with: every check against the whole calendar, under both configurations.
  int broken = 0, with_booking = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    booking::clinic draft = g.clinic;
    for (auto& t : draft.treatments) {  // longer buffers reach bookings the published ones did not
      t.buffer_before += 30 * static_cast<int>(seed % 3);
      t.buffer_after += 60 * static_cast<int>(seed % 3);
    }
    if (seed % 2) draft.sites[0].chairs.pop_back();
    if (draft.sites[0].chairs.empty()) draft.sites[0].chairs.push_back({"new", {}});
    if (seed % 5 == 0) draft.sites[0].resources.front().capacity = 1;
    const auto sim = booking::simulate(g.clinic, draft, g.calendar, simulation_of(g.request));
    std::vector<std::pair<std::string, std::vector<std::string>>> expected;
    booking::zone_calendar zc(booking::find_zone(g.clinic.sites[0].timezone), g.request.from - 2, g.request.to + 2);
    for (const auto& b : g.calendar.bookings) {
      if (b.status != booking::booking_status::pending && b.status != booking::booking_status::confirmed) continue;
      const auto d = zc.local_day_of(b.start);
      if (d < g.request.from || d > g.request.to) continue;
      const booking::proposal pr{.id = b.id, .site = b.site, .professional = b.professional, .chair = b.chair,
                                 .treatment = b.treatment, .start = b.start};
      const auto was = booking::check_booking(g.clinic, g.calendar, pr, g.request.now).conflicts;
      std::vector<std::string> added;
      for (const auto& k : booking::check_booking(draft, g.calendar, pr, g.request.now).conflicts) {
        if (k.code == "too_soon" || k.code == "too_far" || k.code == "off_step_grid") continue;
        if (std::none_of(was.begin(), was.end(), [&](const booking::conflict& w) {
              return w.code == k.code && w.booking == k.booking && w.block == k.block && w.chair == k.chair && w.resource == k.resource;
            }))
          added.push_back(k.code + "|" + k.message);
      }
      if (!added.empty()) expected.emplace_back(b.id, added);
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> got;
    for (const auto& bb : sim.broken) {
      std::vector<std::string> ks;
      for (const auto& k : bb.conflicts) {
        ks.push_back(k.code + "|" + k.message);
        if (!k.booking.empty()) ++with_booking;
      }
      got.emplace_back(bb.booking.id, ks);
    }
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
    broken += static_cast<int>(got.size());
  }
  CHECK(broken > 50);
  CHECK(with_booking > 10);  // the draft's buffers reached other bookings: what a narrow check would miss
}

TEST_CASE("one site preparation answers every treatment and filter as a fresh search does") {
  // The preparation's lazy parts (professionals', resources' free time) are filled by whichever
  // request comes first: every later request must still get the fresh search's bytes.
  std::size_t bytes = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    const booking::site_availability prep(g.clinic, g.calendar, g.clinic.sites[0], g.request.from, g.request.to);
    for (int filter = 2; filter >= 0; --filter) {
      for (const auto& t : g.clinic.treatments) {
        auto r = g.request;
        r.treatment = t.id;
        if (filter == 1) r.chairs = {g.clinic.sites[0].chairs.back().id};
        if (filter == 2) r.professionals = {g.clinic.professionals.back().id};
        CAPTURE(t.id);
        CAPTURE(filter);
        const std::string fresh = booking::to_json_text(booking::find_availability_compact(g.clinic, g.calendar, r));
        CHECK(booking::to_json_text(booking::find_availability_compact(prep, r)) == fresh);
        bytes += fresh.size();
      }
    }
  }
  CHECK(bytes > 100000);
}

TEST_CASE("a prepared site refuses a request for another site or range") {
  auto g = generate(1);
  const booking::site_availability prep(g.clinic, g.calendar, g.clinic.sites[0], g.request.from, g.request.to);
  auto r = g.request;
  r.to = r.from + 5;
  CHECK_THROWS_WITH_AS(booking::find_availability_compact(prep, r), doctest::Contains("prepared for"), booking::error);
  r = g.request;
  r.site = "elsewhere";
  CHECK_THROWS_WITH_AS(booking::find_availability_compact(prep, r), doctest::Contains("unknown site"), booking::error);
  r = g.request;
  r.treatment = "nothing";
  CHECK_THROWS_WITH_AS(booking::find_availability_compact(prep, r), doctest::Contains("unknown treatment"), booking::error);
}

TEST_CASE("a check on a prepared calendar (booking_index) gives the whole answer of a plain check") {
  int checked = 0, bookable = 0;
  for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
    CAPTURE(seed);
    auto g = generate(seed);
    const booking::booking_index idx(g.clinic, g.calendar);
    booking::zone_calendar zc(booking::find_zone(g.clinic.sites[0].timezone), g.request.from - 1, g.request.to + 1);
    std::vector<booking::minutes_t> grid;
    for (day_number d = g.request.from - 1; d <= g.request.to + 1; ++d) zc.append_grid(d, 30, grid);
    for (const auto& p : g.clinic.professionals)
      for (const auto& t : g.clinic.treatments)
        for (auto start : grid) {
          booking::proposal pr{.site = "s", .professional = p.id, .treatment = t.id, .start = start};
          // A new booking, and a move of an existing one (its own keys are released, it does not collide with itself).
          for (int move = 0; move < 2; ++move) {
            if (move == 1) {
              if (g.calendar.bookings.empty()) continue;
              pr.id = g.calendar.bookings[static_cast<std::size_t>(start / 30) % g.calendar.bookings.size()].id;
            }
            const auto plain = booking::check_booking(g.clinic, g.calendar, pr, g.request.now);
            const auto prepared = booking::check_booking(idx, pr, g.request.now);
            CHECK(booking::dump(booking::to_json(prepared)) == booking::dump(booking::to_json(plain)));
            ++checked;
            bookable += plain.bookable();
          }
        }
  }
  CHECK(bookable > 1000);
  CHECK(checked > bookable);
}
