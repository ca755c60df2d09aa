// The clinic model: tenant, sites, chairs, resources, professionals, treatments, policies, bookings.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "booking/interval_set.h"
#include "booking/time.h"

namespace booking {

/// A local wall-clock span [from, to) in minutes after local midnight; to may be 1440 ("24:00").
struct clock_span {
  int from = 0;
  int to = 0;
  friend bool operator==(clock_span, clock_span) = default;
};

/// Opening or working hours for each weekday, Monday first; spans sorted and disjoint.
using week_hours = std::array<std::vector<clock_span>, 7>;

struct chair {
  std::string id;
  std::vector<std::string> tags;

  bool has_tags(const std::vector<std::string>& required) const {
    return std::all_of(required.begin(), required.end(),
                       [&](const std::string& t) { return std::find(tags.begin(), tags.end(), t) != tags.end(); });
  }
};

/// A shared resource (an X-ray unit, a pool of assistants): at most `capacity` bookings use it at once.
struct resource {
  std::string id;
  int capacity = 1;
};

/// Booking rules: the effective values in force for one site and professional (clinic::policies_for).
/// The defaults are the system layer of the configuration (docs/config.md).
struct policies {
  int min_notice_minutes = 0;
  int max_advance_days = 90;
  int slot_step_minutes = 15;
  int cancellation_window_hours = 24;  ///< a cancel or reschedule later than this before the start is late (fee)
  int cancellation_cutoff_hours = 0;   ///< ... and later than this is refused; 0: refused once started
  int claim_granularity_minutes = 5;  ///< bucket size of the claim keys (conflicts.h); tenant-wide
  // Booking limits per professional (0: no limit), counted over the local days (and weeks starting
  // on `week_starts_on`, 0 = Monday) of the site the booking is at; minutes are appointment minutes
  // (treatment::duration, buffers not included). Honoured by availability and check (limit_reached).
  int max_bookings_per_day = 0;
  int max_booked_minutes_per_day = 0;
  int max_bookings_per_week = 0;
  int max_booked_minutes_per_week = 0;
  int week_starts_on = 0;

  friend bool operator==(const policies&, const policies&) = default;
};

/// What one configuration layer (tenant, site, professional) says of one policy: nothing (the
/// layers below decide), a value, or null (back to the system default). RFC 7386 semantics.
struct policy_override {
  enum class kind : unsigned char { inherit, set, reset };
  kind what = kind::inherit;
  int value = 0;

  int apply(int below, int system_default) const {
    return what == kind::set ? value : what == kind::reset ? system_default : below;
  }
};

/// The policy keys one layer sets. Which layer may set which key: docs/config.md.
struct policy_layer {
  policy_override min_notice_minutes, max_advance_days, slot_step_minutes, cancellation_window_hours,
      cancellation_cutoff_hours, claim_granularity_minutes, max_bookings_per_day, max_booked_minutes_per_day,
      max_bookings_per_week, max_booked_minutes_per_week, week_starts_on;

  /// `below` with this layer merged on top.
  policies apply(const policies& below) const;
};

/// The configuration layers a policies object can belong to, shallowest first.
enum class policy_scope { tenant, site, professional };

/// Every policy key, once: its JSON name, its field in `policies` and in `policy_layer`, its range,
/// and the deepest layer that may set it. The parser, the layering and the configuration's system
/// layer all read this table.
struct policy_key {
  std::string_view name;
  int policies::*value;
  policy_override policy_layer::*layer;
  int lo, hi;
  policy_scope deepest;
  /// When set, the JSON value is one of these names and the integer its index (a weekday).
  const std::array<std::string_view, 7>* names = nullptr;
};
inline constexpr policy_key policy_keys[] = {
    {"min_notice_minutes", &policies::min_notice_minutes, &policy_layer::min_notice_minutes, 0, 525600, policy_scope::professional},
    {"max_advance_days", &policies::max_advance_days, &policy_layer::max_advance_days, 1, 3660, policy_scope::professional},
    {"slot_step_minutes", &policies::slot_step_minutes, &policy_layer::slot_step_minutes, 1, 720, policy_scope::site},
    {"cancellation_window_hours", &policies::cancellation_window_hours, &policy_layer::cancellation_window_hours, 0, 8760,
     policy_scope::professional},
    {"cancellation_cutoff_hours", &policies::cancellation_cutoff_hours, &policy_layer::cancellation_cutoff_hours, 0, 8760,
     policy_scope::professional},
    {"claim_granularity_minutes", &policies::claim_granularity_minutes, &policy_layer::claim_granularity_minutes, 1, 60,
     policy_scope::tenant},
    {"max_bookings_per_day", &policies::max_bookings_per_day, &policy_layer::max_bookings_per_day, 0, 1000,
     policy_scope::professional},
    {"max_booked_minutes_per_day", &policies::max_booked_minutes_per_day, &policy_layer::max_booked_minutes_per_day, 0,
     1440, policy_scope::professional},
    {"max_bookings_per_week", &policies::max_bookings_per_week, &policy_layer::max_bookings_per_week, 0, 7000,
     policy_scope::professional},
    {"max_booked_minutes_per_week", &policies::max_booked_minutes_per_week, &policy_layer::max_booked_minutes_per_week, 0,
     10080, policy_scope::professional},
    {"week_starts_on", &policies::week_starts_on, &policy_layer::week_starts_on, 0, 6, policy_scope::site, &weekday_names},
};

inline policies policy_layer::apply(const policies& below) const {
  const policies sys;
  policies p;
  for (const policy_key& k : policy_keys) p.*k.value = (this->*k.layer).apply(below.*k.value, sys.*k.value);
  return p;
}

/// Hours that replace the weekly hours on one local date (a date override), and where they were
/// configured: `index` is the entry's position in its `overrides` list (for provenance pointers).
struct date_hours {
  day_number date = 0;
  std::vector<clock_span> spans;
  std::string site;       ///< for a professional's override: the site these hours are at
  std::size_t index = 0;
};

/// Chair time held for some treatments (a "production block": a surgery chair's mornings kept for
/// surgery) until `release_hours` before each held span starts; from then on any treatment may book
/// it (docs/booking-rules.md, "Reserved chair time"). Only free time is held: a booking already
/// there stays.
struct reservation {
  std::vector<std::string> chairs;      ///< chair ids of the site; empty: every chair
  std::array<bool, 7> days{};           ///< the weekdays it holds (Monday first)
  std::vector<clock_span> hours;        ///< local spans of those days
  std::vector<std::string> treatments;  ///< the treatments the time is held for
  int release_hours = 24;               ///< released this long before the span starts (0: never early)
  std::string reason;

  bool holds(std::string_view chair_id) const {
    return chairs.empty() || std::find(chairs.begin(), chairs.end(), chair_id) != chairs.end();
  }
  bool serves(std::string_view treatment_id) const {
    return std::find(treatments.begin(), treatments.end(), treatment_id) != treatments.end();
  }
};

struct site {
  std::string id;
  std::string name;
  std::string timezone;  ///< IANA name, e.g. "America/Santiago"
  std::string country;   ///< ISO 3166-1 alpha-2, e.g. "CL"
  week_hours hours;
  std::vector<day_number> closures;  ///< sorted local dates on which the site is closed
  std::vector<date_hours> overrides; ///< sorted by date, one per date: these hours replace `hours` on it
  std::vector<chair> chairs;         ///< in configuration order: the order chairs are offered in
  std::vector<resource> resources;
  std::vector<reservation> reservations;  ///< chair time held for some treatments until released
  /// The policy keys the site's configuration sets over the tenant's. Use clinic::policies_for.
  policy_layer policy_overrides;

  bool closed_on(day_number d) const { return std::binary_search(closures.begin(), closures.end(), d); }
  /// The override of local date `d`, or null when the weekly hours apply.
  const date_hours* override_on(day_number d) const {
    auto it = std::lower_bound(overrides.begin(), overrides.end(), d, [](const date_hours& o, day_number x) { return o.date < x; });
    return it != overrides.end() && it->date == d ? &*it : nullptr;
  }
  /// The opening hours of local date `d`: its override, else the weekday's hours (closures apart).
  const std::vector<clock_span>& hours_on(day_number d) const {
    const date_hours* o = override_on(d);
    return o ? o->spans : hours[weekday_of(d)];
  }
  const chair* find_chair(std::string_view id_) const {
    for (const auto& c : chairs) if (c.id == id_) return &c;
    return nullptr;
  }
  const resource* find_resource(std::string_view id_) const {
    for (const auto& r : resources) if (r.id == id_) return &r;
    return nullptr;
  }
};

/// An inclusive range of local dates.
struct date_range {
  day_number from = 0;
  day_number to = 0;
  bool contains(day_number d) const { return from <= d && d <= to; }
};

/// Where and when a professional works: at `site`, these hours on these weekdays.
struct schedule_entry {
  std::string site;
  week_hours hours;
};

struct professional {
  std::string id;
  std::string name;
  std::vector<std::string> treatments;  ///< treatment ids this professional performs
  std::vector<schedule_entry> schedule;
  std::vector<date_range> absences;     ///< local dates (of the site worked at) off work
  std::vector<date_hours> overrides;    ///< sorted by (date, site): these hours replace the schedule's there that date
  policy_layer policy_overrides;        ///< notice, advance and cancellation only (docs/config.md)

  bool performs(std::string_view t) const { return std::find(treatments.begin(), treatments.end(), t) != treatments.end(); }
  bool absent_on(day_number d) const {
    return std::any_of(absences.begin(), absences.end(), [d](const date_range& r) { return r.contains(d); });
  }
  /// The override of local date `d` at site `site_id`, or null when the weekly schedule applies.
  const date_hours* override_on(day_number d, std::string_view site_id) const {
    for (const auto& o : overrides)
      if (o.date == d && o.site == site_id) return &o;
    return nullptr;
  }
};

/// One timed step of a treatment: `minutes` long, needing the professional or not, and the ids of
/// the site resources it uses for its whole length.
struct segment {
  int minutes = 0;
  bool professional = true;
  std::vector<std::string> resources;
};

/// A treatment occupies a chair for buffer_before + segments + buffer_after; the buffers (prep and
/// cleanup) need the chair only.
struct treatment {
  std::string id;
  std::string name;
  int buffer_before = 0;
  int buffer_after = 0;
  std::vector<std::string> chair_tags;  ///< a chair must carry all of these
  std::vector<segment> segments;

  /// Minutes from the start to the end of the last segment (the patient's appointment).
  int duration() const {
    int m = 0;
    for (const auto& s : segments) m += s.minutes;
    return m;
  }
  /// Resource ids used by any segment, each once, in order of first use.
  std::vector<std::string> resource_ids() const {
    std::vector<std::string> r;
    for (const auto& s : segments)
      for (const auto& rid : s.resources)
        if (std::find(r.begin(), r.end(), rid) == r.end()) r.push_back(rid);
    return r;
  }
};

struct tenant {
  std::string id;
  std::string name;
};

/// Display preferences (not used by any rule): resolved per tenant and user by config.h.
struct preferences {
  std::string language = "en";        ///< BCP 47 tag, e.g. "es-CL"
  std::string timezone;               ///< IANA name for showing times; empty: each site's own zone
  std::string time_format = "24h";    ///< "24h" or "12h"
  std::string week_starts_on = "mon";
};

struct clinic {
  booking::tenant tenant;
  booking::policies policies;  ///< the tenant's (system defaults + tenant layer); see policies_for
  booking::preferences preferences;
  std::vector<site> sites;
  std::vector<professional> professionals;
  std::vector<treatment> treatments;

  const site* find_site(std::string_view id) const {
    for (const auto& s : sites) if (s.id == id) return &s;
    return nullptr;
  }
  /// The policies in force for a booking with professional `p` (may be null) at site `s`:
  /// system defaults < tenant < site < professional.
  booking::policies policies_for(const site& s, const professional* p = nullptr) const {
    booking::policies r = s.policy_overrides.apply(policies);
    return p ? p->policy_overrides.apply(r) : r;
  }
  const professional* find_professional(std::string_view id) const {
    for (const auto& p : professionals) if (p.id == id) return &p;
    return nullptr;
  }
  const treatment* find_treatment(std::string_view id) const {
    for (const auto& t : treatments) if (t.id == id) return &t;
    return nullptr;
  }
};

enum class booking_status { pending, confirmed, completed, cancelled, no_show };

inline constexpr std::array<std::string_view, 5> booking_status_names{"pending", "confirmed", "completed",
                                                                      "cancelled", "no_show"};

/// An existing appointment. Every status but `cancelled` occupies its time.
struct appointment {
  std::string id;
  std::string site;
  std::string professional;
  std::string chair;
  std::string treatment;
  minutes_t start = 0;  ///< UTC minute
  booking_status status = booking_status::confirmed;
  std::string patient;  ///< optional: a patient never holds two overlapping bookings (patient_busy)
  /// The claim keys a store wrote for this booking (check_result::claims when it was made), or
  /// empty when unknown. A resource unit is free in a bucket only if no stored booking holds its
  /// key, so stores pass these back (docs/semantics.md, "Claim keys").
  std::vector<std::string> claims;
  /// When the booking was made (UTC minute), when known: lead times (kpi.h) read it.
  std::optional<minutes_t> created_at;

  bool occupies() const noexcept { return status != booking_status::cancelled; }
};

/// An administrative block. With only `site` set it closes the whole site; with `chair` or
/// `resource` (and `site`) it takes that one out; with `professional` it blocks that person at
/// every site (or only at `site` when given).
struct block {
  std::string id;
  std::string site;
  std::string chair;
  std::string resource;
  std::string professional;
  interval span;  ///< UTC [from, to)
  std::string reason;

  bool whole_site() const { return chair.empty() && resource.empty() && professional.empty(); }
};

/// What exists already: bookings and blocks, as loaded from the bookings file.
struct calendar {
  std::vector<appointment> bookings;
  std::vector<block> blocks;
};

/// The time a booking of treatment `t` starting at `start` occupies, per kind of requirement.
struct footprint {
  interval chair;                                          ///< buffers included
  std::vector<interval> professional;                      ///< segments that need the professional
  std::vector<std::pair<std::string, interval>> resources; ///< (resource id, segment)
};

inline footprint footprint_of(const treatment& t, minutes_t start) {
  footprint f;
  f.chair = {start - t.buffer_before, start + t.duration() + t.buffer_after};
  minutes_t at = start;
  for (const auto& s : t.segments) {
    interval w{at, at + s.minutes};
    if (s.professional) {
      if (!f.professional.empty() && f.professional.back().hi == w.lo) f.professional.back().hi = w.hi;
      else f.professional.push_back(w);
    }
    for (const auto& r : s.resources) f.resources.emplace_back(r, w);
    at = w.hi;
  }
  return f;
}

}  // namespace booking
