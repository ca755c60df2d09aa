// booking::icl_interval_set — the same interface as interval_set on Boost.ICL: the reference.
#pragma once

#include <boost/icl/interval_set.hpp>

#include "booking/interval_set.h"

namespace booking {

/// Readable, obviously-correct twin of `interval_set`, used as the oracle of the property tests and
/// as the baseline of the benchmarks. Not on the engine's hot path: a tree per set is 8–21x slower
/// than the flat vector on clinic-sized workloads (see bench/README.md).
class icl_interval_set {
  using icl_interval = boost::icl::right_open_interval<minutes_t>;
  using set_type = boost::icl::interval_set<minutes_t, std::less, icl_interval>;

 public:
  icl_interval_set() = default;
  explicit icl_interval_set(const std::vector<interval>& v) {
    for (auto i : v) add(i);
  }

  void add(interval i) {
    if (!i.empty()) s_.add(icl_interval(i.lo, i.hi));
  }

  std::vector<interval> intervals() const {
    std::vector<interval> r;
    for (const auto& i : s_) r.push_back({i.lower(), i.upper()});
    return r;
  }

  bool contains(minutes_t t) const { return boost::icl::contains(s_, t); }
  bool contains(interval i) const { return i.empty() || boost::icl::contains(s_, icl_interval(i.lo, i.hi)); }
  bool intersects(interval i) const { return !i.empty() && boost::icl::intersects(s_, icl_interval(i.lo, i.hi)); }
  minutes_t measure() const {
    minutes_t m = 0;
    for (const auto& i : s_) m += i.upper() - i.lower();
    return m;
  }

  friend icl_interval_set operator|(icl_interval_set a, const icl_interval_set& b) { a.s_ += b.s_; return a; }
  friend icl_interval_set operator&(icl_interval_set a, const icl_interval_set& b) { a.s_ &= b.s_; return a; }
  friend icl_interval_set operator-(icl_interval_set a, const icl_interval_set& b) { a.s_ -= b.s_; return a; }

  icl_interval_set erode(minutes_t offset, minutes_t length) const {
    icl_interval_set r;
    for (const auto& i : s_)
      if (i.upper() - i.lower() >= length) r.add({i.lower() - offset, i.upper() - offset - length + 1});
    return r;
  }

 private:
  set_type s_;
};

}  // namespace booking
