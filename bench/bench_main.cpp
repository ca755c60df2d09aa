// Google Benchmark suite: availability (slots and the compact answer) vs the naive bitmap baseline
// across days, chairs, professionals and bookings; conflict checking; the draft simulator; JSON
// parsing; the end-to-end JSON path used by the bindings; flat interval sets vs Boost.ICL. Every workload is seeded, so runs are comparable.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "booking/interval_set_icl.h"
#include "naive.h"
#include "workloads.h"

namespace {

struct parsed {
  bench::workload w;
  booking::clinic clinic;
  booking::calendar calendar;
  booking::availability_request request;
};

using shape_key = std::tuple<int, int, int, int, bool>;

/// Generated and parsed once per shape (verify() fills the cache before anything is timed).
const parsed& get(const bench::shape& sh) {
  static std::map<shape_key, parsed> cache;
  auto key = std::make_tuple(sh.days, sh.chairs, sh.professionals, sh.bookings, sh.per_professional);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  parsed p;
  p.w = bench::make("shape", sh);
  p.clinic = booking::parse_clinic(p.w.clinic);
  p.calendar = booking::parse_calendar(p.w.bookings, p.clinic);
  p.request = booking::parse_availability_request(p.w.request);
  return cache.emplace(key, std::move(p)).first->second;
}

// {days, chairs, professionals, bookings, per_professional}. The base case is the target: a
// month at a 10-chair site with 8 professionals and 500 bookings. One dimension varies at a time.
// Along days the bookings scale with the range (500 a month) and along professionals with their
// number (62.5 each), so that no point is simply fully booked. 5,000 bookings do not fit a 10-chair,
// 8-professional month (about 2,500 45-minute visits can), so the bookings dimension is measured
// twice: 0 to 1,000 around the base case, and 0 / 500 / 5,000 on a 50-chair, 30-professional month.
// Then the largest case and the named "santiago-month" workload (60 bookings per professional, 1
// and 8 professionals).
const std::vector<std::array<int, 5>>& all_shapes() {
  static const std::vector<std::array<int, 5>> v = [] {
    std::vector<std::array<int, 5>> s;
    for (auto [d, n] : {std::pair{1, 17}, {7, 117}, {30, 500}, {90, 1500}}) s.push_back({d, 10, 8, n, 0});
    for (int c : {2, 50}) s.push_back({30, c, 8, 500, 0});
    for (auto [p, n] : {std::pair{2, 125}, {30, 1875}}) s.push_back({30, 10, p, n, 0});
    for (int n : {0, 250, 1000}) s.push_back({30, 10, 8, n, 0});
    for (int n : {0, 500, 5000}) s.push_back({30, 50, 30, n, 0});
    s.push_back({90, 50, 30, 5000, 0});
    s.push_back({30, 10, 1, 60, 1});
    s.push_back({30, 10, 8, 60, 1});
    return s;
  }();
  return v;
}

bench::shape shape_of(const std::array<int, 5>& a) {
  return {.days = a[0], .chairs = a[1], .professionals = a[2], .bookings = a[3], .per_professional = a[4] != 0};
}
bench::shape shape_of(const benchmark::State& st) {
  return shape_of({static_cast<int>(st.range(0)), static_cast<int>(st.range(1)), static_cast<int>(st.range(2)),
                   static_cast<int>(st.range(3)), static_cast<int>(st.range(4))});
}

/// The naive baseline, deliberately broken when BOOKING_BENCH_BREAK_BASELINE is set (one slot
/// dropped), so that scripts/bench.sh --smoke can show that verify() fails on a mismatch.
std::vector<booking::slot> baseline(const parsed& p) {
  auto s = bench::naive_availability(p.clinic, p.calendar, p.request);
  static const bool sabotage = std::getenv("BOOKING_BENCH_BREAK_BASELINE") != nullptr;
  if (sabotage && !s.empty()) s.erase(s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2));
  return s;
}

void verify_simulation();

[[noreturn]] void mismatch(const std::string& what, const std::string& engine, const std::string& naive) {
  std::size_t at = 0;
  while (at < engine.size() && at < naive.size() && engine[at] == naive[at]) ++at;
  const std::size_t from = at > 120 ? at - 120 : 0;
  std::fprintf(stderr,
               "FATAL: the naive baseline disagrees with the engine on %s\n"
               "  first difference at byte %zu of %zu (engine) / %zu (naive)\n"
               "  engine: ...%s\n  naive:  ...%s\n",
               what.c_str(), at, engine.size(), naive.size(), engine.substr(from, 240).c_str(),
               naive.substr(from, 240).c_str());
  std::exit(1);
}

/// Before anything is timed: on every shape the engine and the naive baseline give byte-identical
/// answers, and the answers are not empty (an empty answer would agree with anything); on every
/// named workload the end-to-end JSON path (booking::engine) prints the same bytes as the baseline.
void verify() {
  std::size_t slots = 0;
  for (const auto& a : all_shapes()) {
    const auto& p = get(shape_of(a));
    const std::string what = std::to_string(a[0]) + " days/" + std::to_string(a[1]) + " chairs/" +
                             std::to_string(a[2]) + " pros/" + std::to_string(p.w.placed) + " bookings";
    auto engine = booking::find_availability(p.clinic, p.calendar, p.request);
    auto naive = baseline(p);
    if (engine.empty()) {
      std::fprintf(stderr, "FATAL: no free slot at all on %s: the comparison would prove nothing\n", what.c_str());
      std::exit(1);
    }
    auto e = booking::to_json_text(engine), n = booking::to_json_text(naive);
    if (e != n) mismatch(what, e, n);
    auto c = booking::to_json_text(booking::find_availability_compact(p.clinic, p.calendar, p.request));
    if (c != n) mismatch(what + " (compact answer)", c, n);
    slots += engine.size();
  }
  for (const auto& name : bench::named_workloads()) {
    auto w = bench::named(name);
    booking::engine e(w.clinic, w.bookings);
    parsed p{w, booking::parse_clinic(w.clinic), {}, booking::parse_availability_request(w.request)};
    p.calendar = booking::parse_calendar(w.bookings, p.clinic);
    auto naive = booking::to_json_text(baseline(p));
    auto answer = e.availability(w.request);
    if (answer != naive) mismatch(name + " (JSON path)", answer, naive);
    if (answer.find("\"id\"") == std::string::npos) {
      std::fprintf(stderr, "FATAL: no free slot in %s: the comparison would prove nothing\n", name.c_str());
      std::exit(1);
    }
  }
  verify_simulation();
  std::fprintf(stderr, "verified: the naive baseline and the engine agree on %zu shapes (%zu slots) and %zu named workloads\n",
               all_shapes().size(), slots, bench::named_workloads().size());
}

void counters(benchmark::State& st, const parsed& p, std::size_t slots) {
  st.counters["slots"] = static_cast<double>(slots);
  st.counters["placed"] = static_cast<double>(p.w.placed);
}

/// Times `search` on the state's shape; `count` says how many slots its answer holds.
template <class Search, class Count>
void time_search(benchmark::State& st, Search&& search, Count&& count) {
  const auto& p = get(shape_of(st));
  std::size_t n = 0;
  for (auto _ : st) {
    auto s = search(p);
    n = count(s);
    benchmark::DoNotOptimize(s);
  }
  counters(st, p, n);
}

void BM_availability(benchmark::State& st) {
  time_search(st, [](const auto& p) { return booking::find_availability(p.clinic, p.calendar, p.request); },
              [](const auto& s) { return s.size(); });
}

/// The same search returning the compact answer (what the JSON path and the simulator use): no
/// string or vector per slot.
void BM_availability_compact(benchmark::State& st) {
  time_search(st, [](const auto& p) { return booking::find_availability_compact(p.clinic, p.calendar, p.request); },
              [](const auto& s) { return s.slots.size(); });
}

void BM_naive(benchmark::State& st) {
  time_search(st, [](const auto& p) { return bench::naive_availability(p.clinic, p.calendar, p.request); },
              [](const auto& s) { return s.size(); });
}

void shapes(benchmark::internal::Benchmark* b) {
  for (const auto& a : all_shapes()) b->Args({a[0], a[1], a[2], a[3], a[4]});
  b->ArgNames({"days", "chairs", "pros", "bookings", "per_pro"})->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_availability)->Apply(shapes);
BENCHMARK(BM_availability_compact)->Apply(shapes);
BENCHMARK(BM_naive)->Apply(shapes);

/// End to end through the JSON entry point the bindings call: the clinic parsed once (an engine),
/// the request parsed and the answer printed every call. Python and WASM time exactly this.
void BM_json_path(benchmark::State& st, const std::string& name) {
  auto w = bench::named(name);
  booking::engine e(w.clinic, w.bookings);
  std::size_t bytes = 0;
  for (auto _ : st) {
    auto out = e.availability(w.request);
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  st.counters["answer_bytes"] = static_cast<double>(bytes);
  st.SetLabel(w.name);
}

/// The same query answered as C++ slot objects (std::vector<booking::slot>, a string per id, chair
/// and professional): the request parsed and find_availability called every call. The WASM
/// package's Engine.availability, which returns slot objects, is compared with this.
void BM_slots_path(benchmark::State& st, const std::string& name) {
  auto w = bench::named(name);
  booking::engine e(w.clinic, w.bookings);
  std::size_t slots = 0;
  for (auto _ : st) {
    auto out = booking::find_availability(e.clinic(), e.calendar(), booking::parse_availability_request(w.request));
    slots = out.size();
    benchmark::DoNotOptimize(out);
  }
  st.counters["slots"] = static_cast<double>(slots);
  st.SetLabel(w.name);
}

/// One proposed booking checked against the base case's 500 bookings: a free slot (no conflict)
/// and one on top of an existing booking (every conflict listed).
void BM_check(benchmark::State& st) {
  const auto& p = get(shape_of(all_shapes()[2]));
  booking::proposal pr;
  if (st.range(0) == 0) {
    auto slots = booking::find_availability(p.clinic, p.calendar, p.request);
    pr = *booking::parse_slot_id(slots[slots.size() / 2].id);
    st.SetLabel("free slot");
  } else {
    const auto& b = p.calendar.bookings[p.calendar.bookings.size() / 2];
    pr = *booking::parse_slot_id(booking::slot_id(b.site, b.professional, b.treatment, b.start));
    pr.chair = b.chair;
    st.SetLabel("on an existing booking");
  }
  const bool want_ok = st.range(0) == 0;
  if (booking::check_booking(p.clinic, p.calendar, pr, p.request.now).bookable() != want_ok) {
    st.SkipWithError("the check did not give the expected answer");
    return;
  }
  for (auto _ : st) benchmark::DoNotOptimize(booking::check_booking(p.clinic, p.calendar, pr, p.request.now));
}
BENCHMARK(BM_check)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// The draft simulator (issue target: under 10 ms): 90 days of a 10-chair, 8-professional site with
/// 2,000 bookings; the draft lengthens the treatment's cleanup by 10 minutes and retires one chair,
/// so slots are added nowhere, removed everywhere, and bookings on that chair or too close to the
/// next one break. From parsed inputs (simulate), and end to end as the bindings call it
/// (simulate_json: both clinics, the bookings and the request parsed, the answer printed).
struct simulation_case {
  bench::workload w;
  std::string draft_text, request_text;
  booking::clinic published, draft;
  booking::calendar calendar;
  booking::simulation_request request;
};
const simulation_case& simulation_workload() {
  static const simulation_case k = [] {
    simulation_case c;
    c.w = bench::make("simulate-90d", {.days = 90, .chairs = 10, .professionals = 8, .bookings = 2000});
    auto draft = nlohmann::json::parse(c.w.clinic);
    draft["treatments"][0]["buffer_after"] = 10;
    draft["sites"][0]["chairs"].erase(draft["sites"][0]["chairs"].size() - 1);
    c.draft_text = draft.dump();
    auto request = nlohmann::json::parse(c.w.request);
    c.request_text = nlohmann::json{{"from", request["from"]}, {"to", request["to"]}, {"now", request["now"]}}.dump();
    c.published = booking::parse_clinic(c.w.clinic);
    c.draft = booking::parse_clinic(c.draft_text);
    c.calendar = booking::parse_calendar(c.w.bookings, c.published);
    c.request = booking::simulation_request_from_json(booking::parse_json_text(c.request_text));
    return c;
  }();
  return k;
}
void verify_simulation() {
  // A simulation that changes nothing would time a shortcut.
  const auto& k = simulation_workload();
  const auto sim = booking::simulate(k.published, k.draft, k.calendar, k.request);
  if (sim.before == 0 || sim.removed == 0 || sim.broken.empty()) {
    std::fprintf(stderr, "FATAL: the simulation benchmark's draft changes nothing (before %lld, removed %lld, broken %zu)\n",
                 sim.before, sim.removed, sim.broken.size());
    std::exit(1);
  }
}

void BM_simulate(benchmark::State& st) {
  const auto& k = simulation_workload();
  booking::simulation sim;
  for (auto _ : st) {
    sim = booking::simulate(k.published, k.draft, k.calendar, k.request);
    benchmark::DoNotOptimize(sim);
  }
  st.counters["bookings"] = static_cast<double>(k.w.placed);
  st.counters["before"] = static_cast<double>(sim.before);
  st.counters["removed"] = static_cast<double>(sim.removed);
  st.counters["broken"] = static_cast<double>(sim.broken.size());
  st.SetLabel("90 d, 10 chairs, 8 pros, " + std::to_string(k.w.placed) + " bookings; from parsed inputs");
}
BENCHMARK(BM_simulate)->Unit(benchmark::kMicrosecond);
void BM_simulate_json(benchmark::State& st) {
  const auto& k = simulation_workload();
  std::size_t bytes = 0;
  for (auto _ : st) {
    auto out = booking::simulate_json(k.w.clinic, k.draft_text, k.w.bookings, k.request_text);
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  st.counters["answer_bytes"] = static_cast<double>(bytes);
  st.SetLabel("the same end to end: 3 documents parsed, answer printed");
}
BENCHMARK(BM_simulate_json)->Unit(benchmark::kMicrosecond);

/// The same site and draft with every treatment an administrator's draft touches: the bench
/// treatment and seven more of other lengths, buffers and segment patterns (a professional-free
/// middle segment, a three-segment visit), all performed by every professional; the draft changes
/// the first one's buffer and retires chair c9, as BM_simulate. Arg: how many of the 8 treatments
/// the site has (1, 4, 8), so the growth per treatment is the difference between rows.
struct multi_simulation_case {
  booking::clinic published, draft;
  booking::calendar calendar;
  booking::simulation_request request;
};
const multi_simulation_case& multi_simulation_workload(int treatments) {
  static std::map<int, multi_simulation_case> cases;
  auto it = cases.find(treatments);
  if (it != cases.end()) return it->second;
  const auto& k = simulation_workload();
  using nlohmann::json;
  const json extra = json::array({
      json{{"id", "t30"}, {"segments", json::array({json{{"minutes", 30}}})}},
      json{{"id", "t60"}, {"buffer_before", 10}, {"segments", json::array({json{{"minutes", 60}}})}},
      json{{"id", "t90"}, {"buffer_after", 15}, {"segments", json::array({json{{"minutes", 90}}})}},
      json{{"id", "t20x3"}, {"segments", json::array({json{{"minutes", 20}}, json{{"minutes", 20}, {"professional", false}}, json{{"minutes", 20}}})}},
      json{{"id", "t15"}, {"segments", json::array({json{{"minutes", 15}}})}},
      json{{"id", "t40s"}, {"buffer_before", 5}, {"buffer_after", 5}, {"segments", json::array({json{{"minutes", 10}, {"professional", false}}, json{{"minutes", 30}}})}},
      json{{"id", "t120"}, {"segments", json::array({json{{"minutes", 45}}, json{{"minutes", 30}, {"professional", false}}, json{{"minutes", 45}}})}},
  });
  auto widen = [&](json c) {
    for (int i = 0; i + 1 < treatments; ++i) {
      c["treatments"].push_back(extra[i]);
      for (auto& p : c["professionals"]) p["treatments"].push_back(extra[i]["id"]);
    }
    return c;
  };
  multi_simulation_case m;
  m.published = booking::parse_clinic(widen(json::parse(k.w.clinic)).dump());
  m.draft = booking::parse_clinic(widen(json::parse(k.draft_text)).dump());
  m.calendar = booking::parse_calendar(k.w.bookings, m.published);
  m.request = k.request;
  return cases.emplace(treatments, std::move(m)).first->second;
}
void BM_simulate_all_treatments(benchmark::State& st) {
  const auto& m = multi_simulation_workload(static_cast<int>(st.range(0)));
  booking::simulation sim;
  for (auto _ : st) {
    sim = booking::simulate(m.published, m.draft, m.calendar, m.request);
    benchmark::DoNotOptimize(sim);
  }
  st.counters["before"] = static_cast<double>(sim.before);
  st.counters["removed"] = static_cast<double>(sim.removed);
  st.counters["broken"] = static_cast<double>(sim.broken.size());
  st.SetLabel(std::to_string(st.range(0)) + " treatments; 90 d, 10 chairs, 8 pros; from parsed inputs");
}
BENCHMARK(BM_simulate_all_treatments)->Arg(1)->Arg(4)->Arg(8)->Unit(benchmark::kMicrosecond);

/// What a booking service does per request: engine::check (request parsed, answer printed) on an
/// engine holding the base case's month (500 bookings). Arg as BM_check: a free slot, or one on
/// top of an existing booking.
void BM_check_prepared(benchmark::State& st) {
  const auto& w = get(shape_of(all_shapes()[2])).w;
  const booking::engine e(w.clinic, w.bookings);
  const auto& p = get(shape_of(all_shapes()[2]));
  std::string id;
  std::string chair;
  if (st.range(0) == 0) {
    auto slots = booking::find_availability(p.clinic, p.calendar, p.request);
    id = slots[slots.size() / 2].id;
  } else {
    const auto& b = p.calendar.bookings[p.calendar.bookings.size() / 2];
    id = booking::slot_id(b.site, b.professional, b.treatment, b.start);
    chair = b.chair;
  }
  nlohmann::json req = {{"slot", id}, {"now", "2026-11-30T12:00:00Z"}};
  if (!chair.empty()) req["chair"] = chair;
  const std::string text = req.dump();
  std::string out = e.check(text);
  const bool bookable = out.find("\"conflicts\":[]") != std::string::npos;
  if (bookable != (st.range(0) == 0)) {
    st.SkipWithError(("the check did not give the expected answer: " + out.substr(0, 200)).c_str());
    return;
  }
  for (auto _ : st) {
    out = e.check(text);
    benchmark::DoNotOptimize(out);
  }
  st.SetLabel(st.range(0) == 0 ? "engine::check, free slot" : "engine::check, on an existing booking");
}
BENCHMARK(BM_check_prepared)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// JSON parsing of the largest case: the clinic (50 chairs, 30 professionals) and its 5,000 bookings.
const bench::workload& largest() {
  static const bench::workload w = bench::largest();
  return w;
}
void BM_parse_clinic(benchmark::State& st) {
  const auto& w = largest();
  for (auto _ : st) benchmark::DoNotOptimize(booking::parse_clinic(w.clinic));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * w.clinic.size()));
}
BENCHMARK(BM_parse_clinic)->Unit(benchmark::kMicrosecond);
void BM_parse_bookings(benchmark::State& st) {
  const auto& w = largest();
  const auto c = booking::parse_clinic(w.clinic);
  for (auto _ : st) benchmark::DoNotOptimize(booking::parse_calendar(w.bookings, c));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * w.bookings.size()));
  st.counters["bookings"] = static_cast<double>(w.placed);
}
BENCHMARK(BM_parse_bookings)->Unit(benchmark::kMicrosecond);

/// Issue 17: parsing is linear in the document. Bookings documents of 50k, 100k and 200k bookings
/// (29 MB at 200k) into a calendar, the same as JSON only (parse_json_text), and arrays of 100k to
/// 800k empty objects (2.4 MB at 800k, 381 s with the callback parser in the issue).
const std::string& many_bookings(int n) {
  static std::map<int, std::string> docs;
  auto it = docs.find(n);
  if (it == docs.end()) it = docs.emplace(n, bench::many_bookings(n)).first;
  return it->second;
}
void BM_parse_many_bookings(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  const std::string& text = many_bookings(n);
  const auto c = booking::parse_clinic(largest().clinic);
  if (booking::parse_calendar(text, c).bookings.size() != static_cast<std::size_t>(n)) std::abort();
  for (auto _ : st) benchmark::DoNotOptimize(booking::parse_calendar(text, c));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * text.size()));
  st.counters["bookings"] = n;
}
BENCHMARK(BM_parse_many_bookings)->Arg(50000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);
void BM_parse_json_text_bookings(benchmark::State& st) {
  const std::string& text = many_bookings(static_cast<int>(st.range(0)));
  for (auto _ : st) benchmark::DoNotOptimize(booking::parse_json_text(text));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * text.size()));
}
BENCHMARK(BM_parse_json_text_bookings)->Arg(50000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);
void BM_parse_empty_objects(benchmark::State& st) {
  const std::string text = bench::empty_objects(static_cast<int>(st.range(0)));
  for (auto _ : st) benchmark::DoNotOptimize(booking::parse_json_text(text));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * text.size()));
}
BENCHMARK(BM_parse_empty_objects)->Arg(100000)->Arg(200000)->Arg(400000)->Arg(800000)->Unit(benchmark::kMillisecond);
/// The parser before issue 17, as a reference in the same run: nlohmann's callback parser with the
/// per-object key sets it used. Quadratic (it rescans the enclosing array at every end of object),
/// so only up to 50k empty objects.
void BM_parse_empty_objects_callback_before(benchmark::State& st) {
  const std::string text = bench::empty_objects(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    std::vector<std::set<std::string>> keys;
    benchmark::DoNotOptimize(nlohmann::json::parse(text, [&](int, nlohmann::json::parse_event_t ev, nlohmann::json& v) {
      if (ev == nlohmann::json::parse_event_t::object_start) keys.emplace_back();
      else if (ev == nlohmann::json::parse_event_t::object_end) keys.pop_back();
      else if (ev == nlohmann::json::parse_event_t::key && !keys.back().insert(v.get<std::string>()).second) std::abort();
      return true;
    }));
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * text.size()));
}
BENCHMARK(BM_parse_empty_objects_callback_before)->Arg(12500)->Arg(25000)->Arg(50000)->Unit(benchmark::kMillisecond);

/// Flat sorted vectors against Boost.ICL on the operations availability performs for one
/// professional over a month: open hours minus 60 bookings, then an erosion and an intersection.
template <class Set>
void interval_ops(benchmark::State& st) {
  std::mt19937 rng(7);
  std::vector<booking::interval> open, busy;
  for (int d = 0; d < 30; ++d) {
    booking::minutes_t day = d * 1440;
    open.push_back({day + 540, day + 780});
    open.push_back({day + 840, day + 1140});
  }
  for (int i = 0; i < 60; ++i) {
    booking::minutes_t s = static_cast<booking::minutes_t>(rng() % 30) * 1440 + 540 + static_cast<booking::minutes_t>(rng() % 40) * 15;
    busy.push_back({s, s + 45});
  }
  Set other(open);
  for (auto _ : st) {
    Set o(open), b(busy);
    Set free = o - b;
    Set starts = free.erode(0, 45);
    benchmark::DoNotOptimize(starts & other);
  }
}
void BM_intervals_flat(benchmark::State& st) { interval_ops<booking::interval_set>(st); }
void BM_intervals_icl(benchmark::State& st) { interval_ops<booking::icl_interval_set>(st); }
BENCHMARK(BM_intervals_flat)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_intervals_icl)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  verify();
  for (const auto& name : bench::named_workloads()) {
    benchmark::RegisterBenchmark(("BM_json_path/" + name).c_str(), BM_json_path, name)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_slots_path/" + name).c_str(), BM_slots_path, name)->Unit(benchmark::kMicrosecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
