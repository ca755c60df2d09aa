// Builds a valid clinic and calendar from the fuzz bytes and checks the engine's invariants:
// every slot checks clean with its chair, lies inside the request and the policy window, and is
// sorted; a grid start that checks clean is offered; the slot list, the compact answer's text and
// its slot tables give the same answer.
#include "fuzz_common.h"
#include "../slot_tables.h"

namespace {

struct bytes {
  const std::uint8_t* p;
  std::size_t n;
  int next(int lo, int hi) {  // uniform-ish in [lo, hi]; zeros when exhausted
    int v = n ? *p++ : 0;
    if (n) --n;
    return lo + v % (hi - lo + 1);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bytes b{data, size};
  const char* zones[] = {"America/Santiago", "America/New_York", "Australia/Lord_Howe", "Europe/Madrid", "Asia/Kathmandu"};
  booking::clinic c;
  c.tenant.id = "t";
  c.policies.slot_step_minutes = 5 * b.next(1, 12);
  c.policies.min_notice_minutes = 30 * b.next(0, 4);
  c.policies.max_advance_days = b.next(1, 3);
  booking::site s;
  s.id = "s";
  s.timezone = zones[b.next(0, 4)];
  for (int d = 0; d < 7; ++d) {
    int from = 30 * b.next(0, 40), to = std::min(1440, from + 30 * b.next(1, 30));
    s.hours[d].push_back({from, to});
  }
  for (int i = 0; i < b.next(1, 3); ++i) s.chairs.push_back({"c" + std::to_string(i), {}});
  s.resources.push_back({"x", b.next(1, 2)});
  c.sites.push_back(s);
  booking::treatment t;
  t.id = "t";
  t.buffer_before = 5 * b.next(0, 3);
  t.buffer_after = 5 * b.next(0, 3);
  t.segments.push_back({5 * b.next(1, 12), true, {}});
  if (b.next(0, 1)) t.segments.push_back({5 * b.next(1, 6), b.next(0, 1) == 1, {"x"}});
  c.treatments.push_back(t);
  for (int i = 0; i < b.next(1, 2); ++i) {
    booking::professional p;
    p.id = "p" + std::to_string(i);
    p.treatments = {"t"};
    booking::schedule_entry e{"s", {}};
    for (int d = 0; d < 7; ++d) e.hours[d].push_back({30 * b.next(0, 20), 30 * b.next(21, 48)});
    p.schedule.push_back(e);
    c.professionals.push_back(p);
  }
  const booking::day_number day = *booking::parse_date("2026-03-07") + b.next(0, 250);
  booking::calendar cal;
  for (int i = 0; i < b.next(0, 12); ++i)
    cal.bookings.push_back({"b" + std::to_string(i), "s", "p" + std::to_string(b.next(0, static_cast<int>(c.professionals.size()) - 1)),
                            "c" + std::to_string(b.next(0, static_cast<int>(s.chairs.size()) - 1)), "t",
                            booking::minutes_t{day} * 1440 + 5 * b.next(0, 250) * 2, booking::booking_status::confirmed});
  booking::availability_request r;
  r.site = "s";
  r.treatment = "t";
  r.from = day;
  r.to = day + b.next(0, 1);
  r.now = booking::minutes_t{day} * 1440 - 60 * b.next(0, 30);
  auto slots = booking::find_availability(c, cal, r);
  // The three forms of the answer agree: slots, the compact answer's text, its slot tables.
  const std::string text = booking::to_json_text(slots);
  const auto compact = booking::find_availability_compact(c, cal, r);
  if (booking::to_json_text(compact) != text) std::abort();
  if (test::expand_slot_tables(booking::to_json_tables(compact)).dump() != text) std::abort();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const auto& sl = slots[i];
    if (i && sl.start < slots[i - 1].start) std::abort();
    if (sl.start < r.now + c.policies.min_notice_minutes) std::abort();
    booking::proposal pr{.site = "s", .professional = sl.professional, .chair = sl.chair(), .treatment = "t", .start = sl.start};
    if (!booking::check_booking(c, cal, pr, r.now).bookable()) std::abort();
  }
  // A few grid starts the other way round.
  booking::zone_calendar zc(booking::find_zone(s.timezone), r.from, r.to);
  std::vector<booking::minutes_t> grid;
  zc.append_grid(r.from, c.policies.slot_step_minutes, grid);
  for (std::size_t k = 0; k < grid.size(); k += 7) {
    for (const auto& p : c.professionals) {
      booking::proposal pr{.site = "s", .professional = p.id, .treatment = "t", .start = grid[k]};
      bool clean = booking::check_booking(c, cal, pr, r.now).bookable();
      bool offered = std::any_of(slots.begin(), slots.end(), [&](const booking::slot& x) { return x.start == grid[k] && x.professional == p.id; });
      if (clean != offered) std::abort();
    }
  }
  return 0;
}
