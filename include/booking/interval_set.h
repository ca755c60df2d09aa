// booking::interval_set — sorted, disjoint, right-open integer intervals: the time algebra.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace booking {

/// Minutes since 1970-01-01T00:00Z. Every instant in the engine is one of these.
using minutes_t = std::int64_t;

/// A right-open interval [lo, hi) of minutes. Empty when hi <= lo.
struct interval {
  minutes_t lo = 0;
  minutes_t hi = 0;

  constexpr bool empty() const noexcept { return hi <= lo; }
  constexpr minutes_t length() const noexcept { return empty() ? 0 : hi - lo; }
  constexpr bool contains(minutes_t t) const noexcept { return lo <= t && t < hi; }
  constexpr bool overlaps(interval o) const noexcept { return lo < o.hi && o.lo < hi && !empty() && !o.empty(); }
  friend constexpr bool operator==(interval, interval) = default;
};

/// A set of minutes kept as a flat sorted vector of maximal intervals (no two touch or overlap).
/// Every operation is a linear merge; this is the engine's hot path. `icl_interval_set`
/// (tests/reference/booking/interval_set_icl.h) implements the same interface on Boost.ICL and serves as the test oracle.
///
///   booking::interval_set open{{{540, 780}, {840, 1140}}};   // 09:00–13:00, 14:00–19:00
///   auto starts = open.erode(0, 45);                           // where a 45-minute job fits
class interval_set {
 public:
  interval_set() = default;
  /// Any intervals, in any order, overlapping or empty: they are normalised.
  explicit interval_set(std::vector<interval> v) : v_(std::move(v)) { normalise(); }

  static interval_set single(interval i) {
    interval_set s;
    if (!i.empty()) s.v_.push_back(i);
    return s;
  }

  std::span<const interval> intervals() const& noexcept { return v_; }
  /// On a temporary the intervals are moved out, so `for (auto i : site_open(...).intervals())`
  /// does not iterate over a destroyed set (a view of it would dangle before the loop body runs).
  std::vector<interval> intervals() && noexcept { return std::move(v_); }
  bool empty() const noexcept { return v_.empty(); }
  std::size_t size() const noexcept { return v_.size(); }

  minutes_t measure() const noexcept {
    minutes_t m = 0;
    for (auto i : v_) m += i.hi - i.lo;
    return m;
  }

  /// Adds one interval. Appending in increasing order is amortised O(1).
  void add(interval i) {
    if (i.empty()) return;
    if (v_.empty() || v_.back().hi < i.lo) {
      v_.push_back(i);
      return;
    }
    if (v_.back().lo <= i.lo) {
      v_.back().hi = std::max(v_.back().hi, i.hi);
      return;
    }
    v_.push_back(i);
    normalise();
  }

  bool contains(minutes_t t) const noexcept {
    auto it = std::upper_bound(v_.begin(), v_.end(), t, [](minutes_t x, interval i) { return x < i.lo; });
    return it != v_.begin() && std::prev(it)->contains(t);
  }

  /// True when the whole of `i` lies inside the set (an empty `i` is always contained).
  bool contains(interval i) const noexcept {
    if (i.empty()) return true;
    auto it = std::upper_bound(v_.begin(), v_.end(), i.lo, [](minutes_t x, interval j) { return x < j.lo; });
    return it != v_.begin() && std::prev(it)->lo <= i.lo && i.hi <= std::prev(it)->hi;
  }

  bool intersects(interval i) const noexcept {
    if (i.empty()) return false;
    auto it = std::lower_bound(v_.begin(), v_.end(), i.lo, [](interval j, minutes_t x) { return j.hi <= x; });
    return it != v_.end() && it->lo < i.hi;
  }

  friend interval_set operator|(const interval_set& a, const interval_set& b) {
    interval_set r;
    r.v_.reserve(a.v_.size() + b.v_.size());
    std::merge(a.v_.begin(), a.v_.end(), b.v_.begin(), b.v_.end(), std::back_inserter(r.v_),
               [](interval x, interval y) { return x.lo < y.lo; });
    r.coalesce();
    return r;
  }

  friend interval_set operator&(const interval_set& a, const interval_set& b) {
    interval_set r;
    auto i = a.v_.begin(), j = b.v_.begin();
    while (i != a.v_.end() && j != b.v_.end()) {
      minutes_t lo = std::max(i->lo, j->lo), hi = std::min(i->hi, j->hi);
      if (lo < hi) r.v_.push_back({lo, hi});
      if (i->hi < j->hi) ++i; else ++j;
    }
    return r;
  }

  friend interval_set operator-(const interval_set& a, const interval_set& b) {
    interval_set r;
    auto j = b.v_.begin();
    for (interval i : a.v_) {
      while (j != b.v_.end() && j->hi <= i.lo) ++j;
      minutes_t lo = i.lo;
      for (auto k = j; k != b.v_.end() && k->lo < i.hi; ++k) {
        if (k->lo > lo) r.v_.push_back({lo, k->lo});
        lo = std::max(lo, k->hi);
      }
      if (lo < i.hi) r.v_.push_back({lo, i.hi});
    }
    return r;
  }

  interval_set& operator|=(const interval_set& b) { return *this = *this | b; }
  interval_set& operator&=(const interval_set& b) { return *this = *this & b; }
  interval_set& operator-=(const interval_set& b) { return *this = *this - b; }

  /// The starts s for which [s + offset, s + offset + length) lies inside the set: morphological
  /// erosion. A free interval [a, b) at least `length` long yields starts [a - offset, b - offset - length + 1).
  interval_set erode(minutes_t offset, minutes_t length) const {
    interval_set r;
    for (interval i : v_)
      if (i.hi - i.lo >= length) r.v_.push_back({i.lo - offset, i.hi - offset - length + 1});
    r.coalesce();  // a zero length can make neighbours touch
    return r;
  }

  friend bool operator==(const interval_set&, const interval_set&) = default;

 private:
  void normalise() {
    std::erase_if(v_, [](interval i) { return i.empty(); });
    std::sort(v_.begin(), v_.end(), [](interval x, interval y) { return x.lo < y.lo; });
    coalesce();
  }
  // Sorted by lo, possibly overlapping or touching: merge in place.
  void coalesce() {
    if (v_.empty()) return;
    std::size_t w = 0;
    for (std::size_t r = 1; r < v_.size(); ++r) {
      if (v_[r].lo <= v_[w].hi) v_[w].hi = std::max(v_[w].hi, v_[r].hi);
      else v_[++w] = v_[r];
    }
    v_.resize(w + 1);
  }

  std::vector<interval> v_;
};

}  // namespace booking
