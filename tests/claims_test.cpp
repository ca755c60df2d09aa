// Claims: resource units that never collide with stored bookings, moves as a diff, and overlaps in
// imported data (issue 12's defects).
//
//   check_result::claims / take / release / ranges       conflicts.h
//   appointment::claims (what a store wrote)             clinic.h
//   find_overlaps, validate's overlap errors             overlaps.h
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "helpers.h"

using nlohmann::json;

namespace {

/// One site open all day, `people` professionals and chairs (so only the resource can be short),
/// a 30-minute treatment that uses resource "x" of capacity `capacity` throughout. 10-minute grid,
/// 5-minute claim buckets.
booking::clinic resource_clinic(int capacity, int people = 5, int minutes = 30) {
  json c = test::one_site("UTC", "00:00", "24:00", minutes, 10, 0, 0, people);
  c["policies"]["claim_granularity_minutes"] = 5;
  c["sites"][0]["resources"] = json::array({{{"id", "x"}, {"capacity", capacity}}});
  c["treatments"][0]["segments"][0]["resources"] = json::array({"x"});
  json pros = json::array();
  for (int i = 0; i < people; ++i) {
    json p = c["professionals"][0];
    p["id"] = "p" + std::to_string(i);
    pros.push_back(p);
  }
  c["professionals"] = pros;
  return booking::parse_clinic(c.dump());
}

const booking::minutes_t day0 = test::at("2026-03-02T10:00:00Z");
const booking::minutes_t now0 = test::at("2026-03-01T00:00:00Z");

/// A key-value store of claim keys, as DynamoDB or a UNIQUE column holds them.
struct kv_store {
  booking::calendar cal;
  std::map<std::string, std::string> owner;  // key -> booking id

  /// Writes a bookable answer as a store would: every `take` key must be free.
  bool write(const booking::proposal& p, const booking::check_result& r) {
    for (const auto& k : r.release) owner.erase(k);
    for (const auto& k : r.take)
      if (owner.count(k)) return false;
    for (const auto& k : r.take) owner[k] = p.id;
    std::erase_if(cal.bookings, [&](const booking::appointment& a) { return a.id == p.id; });
    booking::appointment a{.id = p.id, .site = "s", .professional = p.professional, .chair = r.chair,
                           .treatment = "t", .start = p.start};
    a.claims = r.claims;
    cal.bookings.push_back(a);
    return true;
  }
  void cancel(const std::string& id) {
    std::erase_if(owner, [&](const auto& kv) { return kv.second == id; });
    std::erase_if(cal.bookings, [&](const booking::appointment& a) { return a.id == id; });
  }
  /// The most bookings using "x" at once during [lo, hi): counted from the starts alone.
  int peak(booking::minutes_t lo, booking::minutes_t hi, int minutes = 30) const {
    int best = 0;
    for (booking::minutes_t t = lo; t < hi; ++t) {
      int n = 0;
      for (const auto& b : cal.bookings) n += b.start <= t && t < b.start + minutes;
      best = std::max(best, n);
    }
    return best;
  }
  std::string free_professional(int people) const {
    for (int i = 0; i < people; ++i) {
      std::string id = "p" + std::to_string(i);
      if (std::none_of(cal.bookings.begin(), cal.bookings.end(), [&](const auto& b) { return b.professional == id; })) return id;
    }
    return "";
  }
};

}  // namespace

TEST_CASE("a capacity-2 resource: a booking that fits gets the unit no stored booking holds") {
  // The reported case: b0 10:00–10:30 holds unit 0; b1 10:20–10:50 saw b0 and holds unit 1; a new
  // booking at 10:40 sees only b1. It used to ask for unit 1 again, so every write failed although
  // one x-ray was free.
  const auto c = resource_clinic(2);
  kv_store store;
  int n = 0;
  for (booking::minutes_t start : {day0, day0 + 20, day0 + 40}) {
    booking::proposal p{.id = "b" + std::to_string(n), .site = "s", .professional = "p" + std::to_string(n), .treatment = "t", .start = start};
    ++n;
    auto r = booking::check_booking(c, store.cal, p, now0);
    REQUIRE(r.bookable());
    CHECK(r.take == r.claims);
    CHECK(r.release.empty());
    CHECK(store.write(p, r));
  }
}

TEST_CASE("every sequence of up to four bookings and cancellations: keys never collide with stored ones, "
          "and two writers who saw room for one always collide") {
  const std::vector<booking::minutes_t> starts{0, 10, 20, 30, 40, 50};
  const int people = 5;
  long checks = 0, pairs = 0;
  for (int capacity = 1; capacity <= 3; ++capacity) {
    const auto c = resource_clinic(capacity, people);
    // An op is a start index (book there) or -1 / -2 (cancel the oldest / newest live booking).
    const int kinds = static_cast<int>(starts.size()) + 2;
    std::function<void(kv_store&, int, int&)> walk = [&](kv_store& store, int depth, int& serial) {
      // Safety at every state: no instant uses more units than there are (independent count).
      REQUIRE(store.peak(day0 - 60, day0 + 120) <= capacity);
      // Two concurrent writers on this state: whenever both are bookable but the resource cannot
      // take both, their keys must share one, so the second write fails.
      for (auto s1 : starts)
        for (auto s2 : starts) {
          booking::proposal a{.id = "w1", .site = "s", .professional = "p8", .treatment = "t", .start = day0 + s1};
          booking::proposal b{.id = "w2", .site = "s", .professional = "p9", .treatment = "t", .start = day0 + s2};
          a.professional = b.professional = "";
          // any two professionals not booked: the resource is the only thing they could share
          std::vector<std::string> idle;
          for (int i = 0; i < people; ++i) {
            std::string id = "p" + std::to_string(i);
            if (std::none_of(store.cal.bookings.begin(), store.cal.bookings.end(), [&](const auto& x) { return x.professional == id; }))
              idle.push_back(id);
          }
          if (idle.size() < 2) continue;
          a.professional = idle[0];
          b.professional = idle[1];
          auto ra = booking::check_booking(c, store.cal, a, now0);
          auto rb = booking::check_booking(c, store.cal, b, now0);
          checks += 2;
          if (!ra.bookable() || !rb.bookable()) continue;
          kv_store both = store;
          both.cal.bookings.push_back({.id = "w1", .site = "s", .professional = a.professional, .chair = "c1", .treatment = "t", .start = a.start});
          both.cal.bookings.push_back({.id = "w2", .site = "s", .professional = b.professional, .chair = "c2", .treatment = "t", .start = b.start});
          const bool room_for_both = both.peak(day0 - 60, day0 + 120) <= capacity;
          std::vector<std::string> shared;
          std::set_intersection(ra.take.begin(), ra.take.end(), rb.take.begin(), rb.take.end(), std::back_inserter(shared));
          const bool share_resource_key = std::any_of(shared.begin(), shared.end(), [](const std::string& k) { return k.find("/resource/") != std::string::npos; });
          if (!room_for_both) {
            ++pairs;
            CHECK_MESSAGE(share_resource_key, "capacity " << capacity << ", starts +" << s1 << " and +" << s2);
          }
        }
      if (depth == 4) return;
      for (int k = 0; k < kinds; ++k) {
        kv_store next = store;
        if (k >= static_cast<int>(starts.size())) {
          if (next.cal.bookings.empty()) continue;
          next.cancel(k == kinds - 2 ? next.cal.bookings.front().id : next.cal.bookings.back().id);
        } else {
          const std::string pro = next.free_professional(people);
          if (pro.empty()) continue;
          booking::proposal p{.id = "b" + std::to_string(serial++), .site = "s", .professional = pro, .treatment = "t",
                              .start = day0 + starts[k]};
          auto r = booking::check_booking(c, next.cal, p, now0);
          ++checks;
          // Bookable exactly when the resource has room (counted without the engine) ...
          const int used = next.peak(p.start, p.start + 30);
          REQUIRE_MESSAGE(r.bookable() == (used < capacity), "capacity " << capacity << ", start +" << starts[k]);
          if (!r.bookable()) continue;
          // ... and then the write never collides with a stored booking's key.
          REQUIRE(next.write(p, r));
        }
        walk(next, depth + 1, serial);
      }
    };
    kv_store empty;
    int serial = 0;
    walk(empty, 0, serial);
  }
  CHECK(pairs > 100);  // the collision property was exercised, not vacuous
  MESSAGE(checks << " checks");
}

TEST_CASE("moving a booking: one diff of keys to release and to take, never colliding with itself") {
  const auto c = resource_clinic(1);
  kv_store store;
  booking::proposal p{.id = "m", .site = "s", .professional = "p0", .treatment = "t", .start = day0};
  auto first = booking::check_booking(c, store.cal, p, now0);
  REQUIRE(store.write(p, first));
  p.start = day0 + 10;  // overlaps its own stored claims (resource, chair and professional)
  auto moved = booking::check_booking(c, store.cal, p, now0);
  REQUIRE(moved.bookable());
  CHECK_FALSE(moved.take.empty());
  CHECK_FALSE(moved.release.empty());
  // claims = (held − release) ∪ take, and take holds nothing already held
  std::set<std::string> held(first.claims.begin(), first.claims.end());
  for (const auto& k : moved.release) CHECK(held.erase(k) == 1);
  for (const auto& k : moved.take) CHECK(held.insert(k).second);
  CHECK(std::vector<std::string>(held.begin(), held.end()) == moved.claims);
  CHECK(store.write(p, moved));
  CHECK(store.owner.size() == moved.claims.size());
}

TEST_CASE("a booking without stored claims is assigned units in start order, so a move's diff is still right") {
  const auto c = resource_clinic(2);
  booking::calendar cal;
  cal.bookings.push_back({.id = "a", .site = "s", .professional = "p0", .chair = "c1", .treatment = "t", .start = day0});
  cal.bookings.push_back({.id = "b", .site = "s", .professional = "p1", .chair = "c2", .treatment = "t", .start = day0 + 10});
  booking::proposal p{.id = "b", .site = "s", .professional = "p1", .treatment = "t", .start = day0 + 20};
  auto r = booking::check_booking(c, cal, p, now0);
  REQUIRE(r.bookable());
  // a came first and holds unit 0 until 10:30; b holds unit 1 while a runs, then unit 0. Moved to
  // 10:20–10:50 it keeps what it holds from 10:20 and takes unit 0 for 10:40 and 10:45.
  auto has = [](const std::vector<std::string>& keys, const std::string& tail) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return k.ends_with(tail); });
  };
  CHECK(has(r.release, "/resource/x/1/20260302T1010Z"));
  CHECK_FALSE(has(r.release, "/resource/x/1/20260302T1020Z"));
  CHECK(has(r.take, "/resource/x/0/20260302T1040Z"));
  CHECK_FALSE(has(r.take, "/resource/x/0/20260302T1030Z"));  // held already
}

TEST_CASE("ranges give the same claims as time ranges, a resource split where its unit changes") {
  const auto c = resource_clinic(2);
  booking::calendar cal;
  cal.bookings.push_back({.id = "a", .site = "s", .professional = "p0", .chair = "c1", .treatment = "t", .start = day0});
  booking::proposal p{.site = "s", .professional = "p1", .treatment = "t", .start = day0 + 20};
  auto r = booking::check_booking(c, cal, p, now0);
  REQUIRE(r.bookable());
  std::vector<booking::claim_range> res;
  for (const auto& x : r.ranges) if (x.kind == "resource") res.push_back(x);
  REQUIRE(res.size() == 2);
  CHECK(res[0].unit == 1);  // a holds unit 0 until 10:30
  CHECK(res[0].span == booking::interval{day0 + 20, day0 + 30});
  CHECK(res[1].unit == 0);
  CHECK(res[1].span == booking::interval{day0 + 30, day0 + 50});
}

TEST_CASE("validate reports each pair of stored bookings that overlap, with both pointers") {
  const std::string clinic = test::read_file("examples/clinic/clinic.json");
  json b = json::parse(test::read_file("examples/clinic/bookings.json"));
  // b1: dra-soto, chair c1, 2026-12-07 10:00 limpieza. A copy on another chair: professional_busy;
  // a copy with another professional on the same chair: chair_busy.
  json twin = b["bookings"][0];
  twin["id"] = "twin";
  twin["chair"] = "c2";
  json same_chair = b["bookings"][0];
  same_chair["id"] = "same-chair";
  same_chair["professional"] = "dr-rojas";
  b["bookings"].push_back(twin);
  b["bookings"].push_back(same_chair);
  const auto v = json::parse(booking::validate_json(clinic, b.dump()));
  CHECK(v["valid"] == false);
  std::set<std::string> seen;
  for (const auto& e : v["errors"]) {
    seen.insert(e["code"].get<std::string>() + " " + e["pointer"].get<std::string>() + " " + e["related"].get<std::string>());
    CHECK(e["document"] == "bookings");
  }
  const auto n = std::to_string(b["bookings"].size() - 2);
  const auto m = std::to_string(b["bookings"].size() - 1);
  CHECK(seen.count("professional_busy /bookings/" + n + " /bookings/0"));
  CHECK(seen.count("chair_busy /bookings/" + m + " /bookings/0"));
  // the example itself holds no overlap
  CHECK(json::parse(booking::validate_json(clinic, test::read_file("examples/clinic/bookings.json")))["valid"] == true);
}

TEST_CASE("find_overlaps counts a resource beyond its capacity, not within it") {
  const auto c = resource_clinic(2);
  booking::calendar cal;
  for (int i = 0; i < 3; ++i)
    cal.bookings.push_back({.id = "r" + std::to_string(i), .site = "s", .professional = "p" + std::to_string(i),
                            .chair = "c" + std::to_string(i + 1), .treatment = "t", .start = day0 + 10 * i});
  auto o = booking::find_overlaps(c, cal);
  REQUIRE(o.size() == 1);  // r0 and r1 fit in two units; r2 is the third at 10:20
  CHECK(o[0].code == "resource_full");
  CHECK(o[0].second == 2);
  cal.bookings.pop_back();
  CHECK(booking::find_overlaps(c, cal).empty());
}
