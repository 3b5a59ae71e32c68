#include "grader/rubric/score.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "grader/base/byte_scan.h"
#include "grader/base/utf8.h"
#include "grader/rubric/small_rational.h"

namespace grader {
namespace {

using small_rational::AddTo;
using small_rational::Less;
using small_rational::OneMinus;
using small_rational::Times;

// Response text enters a result verbatim (evidence quotes, found values) and
// so does a human's override comment; bytes that are not UTF-8 (a Latin-1
// submission) become U+FFFD here, once, so that every report (JSON, HTML,
// CSV) can carry them.
// Replaces `s` only when it holds a byte that is not valid UTF-8: most
// strings are ASCII or valid, and copying each of them cost an allocation.
// From `i` on (every byte before it is ASCII).
void FixUtf8From(std::string& s, size_t i) {
  const size_t n = s.size();
  while (i < n) {
    // Eight ASCII bytes at a time (most of a detail or a quote).
    if (n - i >= 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
    } else if (size_t len = Utf8Length(s, i)) {
      i += len;
    } else {
      s = ValidUtf8(s);
      return;
    }
  }
}

// FixUtf8From(s, 0), with the common case inline: a string of ASCII bytes
// only (most of an outcome's strings), passed over 16 bytes at a time by the
// reports' byte screen (a byte from 0x80 has its high bit set).
inline void FixUtf8(std::string& s) {
  size_t i = 0;
#ifdef __SSE2__
  i = SkipUnflagged(s, 0, [](__m128i block) { return block; });
#endif
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return FixUtf8From(s, i);
}

void MakeValidUtf8(CheckOutcome* o) {
  for (std::string* s : {&o->expected, &o->found, &o->convention, &o->mistake, &o->feedback, &o->detail, &o->review})
    FixUtf8(*s);
  for (std::string& c : o->candidates) FixUtf8(c);
  for (Evidence& e : o->evidence) FixUtf8(e.quote);
}

Exact Clamp(const Exact& x, const Exact& lo, const Exact& hi) { return Less(x, lo) ? lo : (Less(hi, x) ? hi : x); }

// A credit within [0, 1], compared by sign and with CompareOne (a rational
// comparison multiplies out; an item is scored many times per response).
// In place: most credits are within it already, and are not copied.
void ClampCredit(Exact& x) {
  if (x.sign() < 0) x = Exact(0);
  else if (CompareOne(x) > 0) x = Exact(1);
}

}  // namespace

ItemStatus StatusOf(const std::optional<Exact>& credit, bool deduction) {
  if (!credit) return ItemStatus::kUnscored;
  bool full = CompareOne(*credit) >= 0;
  if (deduction) return full ? ItemStatus::kPass : ItemStatus::kApplied;
  if (full) return ItemStatus::kPass;
  if (credit->sign() <= 0) return ItemStatus::kFail;
  return ItemStatus::kPartial;
}

ItemStatus ItemStatusOf(const std::optional<Exact>& credit, bool deduction, const std::string& review, bool overridden) {
  if (!review.empty() && !overridden) return ItemStatus::kReview;
  return StatusOf(credit, deduction);
}

namespace {

struct GroupScore {
  std::optional<Exact> credit;  // over the items that count; nullopt if none
  Exact earned = 0;
  Exact unscored_points = 0;    // points that leave the denominator
};

// What an item adds to its group's sums.
struct ItemShare {
  bool counts;     // in the denominator
  bool earns;      // earns its points
  bool earns_all;  // earns all of its share
};

// Sets r.points from r.max_points and the credit. Full and no credit (most
// items) need no multiplication; r.points is written only when it changes
// (a fresh item's is 0).
ItemShare SetPoints(ItemResult& r, UnscoredPolicy policy) {
  const bool none = !r.credit || r.credit->is_zero(), full = r.credit && CompareOne(*r.credit) == 0;
  if (none) {
    if (!r.points.is_zero()) r.points = Exact();
  } else if (full) {
    r.points = r.max_points;
  } else {
    r.points = Times(r.max_points, *r.credit, false);
  }
  ItemShare s;
  s.counts = r.credit || policy != UnscoredPolicy::kExclude;
  s.earns = (r.credit && !none) || (!r.credit && policy == UnscoredPolicy::kFull);
  s.earns_all = full || (!r.credit && policy == UnscoredPolicy::kFull);
  return s;
}

Exact Ratio(const Int& num, const Int& den) { return Exact(num, den); }
using small_rational::Ratio;

// The end of every path: the credit is earned over counted; with nothing
// counted, full when an item was scored or unscored items count.
void FinishGroup(const std::vector<ItemResult>& items, const Exact& counted, Exact&& earned, UnscoredPolicy policy,
                 GroupScore& g) {
  bool any_scored = std::any_of(items.begin(), items.end(), [](const ItemResult& r) { return r.credit.has_value(); });
  if (counted.sign() > 0) g.credit = Times(earned, counted, true);
  else if (any_scored || policy != UnscoredPolicy::kExclude) g.credit = Exact(1);  // zero-weight items
  g.earned = std::move(earned);
}

// Shares over one denominator `den` (set by ParseRubric; the item's
// numerator is num_of(item)): the sums are of integers, of type N (Int, or
// uint64_t when every numerator and the denominator are small enough that
// no sum can overflow), and only partial credits need rational arithmetic.
template <typename N, typename NumOf>
GroupScore ScoreOverCommonDen(std::vector<ItemResult>& items, const N& den, UnscoredPolicy policy, NumOf num_of) {
  GroupScore g;
  Exact earned;  // the points of partial credits
  N counted_n = 0, earned_n = 0, unscored_n = 0;
  for (ItemResult& r : items) {
    r.max_points = *r.item->share;
    const ItemShare s = SetPoints(r, policy);
    const auto& n = num_of(*r.item);
    if (s.counts) counted_n += n;
    else unscored_n += n;
    if (s.earns_all) earned_n += n;
    else if (s.earns) AddTo(earned, r.points);
  }
  if (unscored_n != 0) g.unscored_points = Ratio(unscored_n, den);
  if (earned.is_zero() && counted_n > 0 && den > 0) {
    // Only whole credits (most groups): earned / counted is
    // earned_n / counted_n, one rational built instead of an addition
    // and a division.
    // No gcd for the common none, all and whole-number cases.
    if (earned_n == 0) g.credit = Exact(0);
    else if (earned_n == counted_n) g.credit = Exact(1);
    else g.credit = Ratio(earned_n, counted_n);
    if (earned_n == 0) g.earned = Exact(0);
    else if (den == 1) g.earned = Exact(earned_n);
    else g.earned = Ratio(earned_n, den);
    return g;
  }
  Exact counted;
  if (counted_n != 0) counted = Ratio(counted_n, den);
  if (earned_n != 0) AddTo(earned, Ratio(earned_n, den));
  FinishGroup(items, counted, std::move(earned), policy, g);
  return g;
}

// The 64-bit path's bounds: a numerator below 2^56 and at most 64 items keep
// every sum below 2^62; the denominator below 2^62 keeps a product in gcd
// arithmetic unneeded (Ratio divides only).
constexpr uint64_t kSmallShare = uint64_t{1} << 56;
constexpr uint64_t kSmallDen = uint64_t{1} << 62;
constexpr size_t kSmallItems = 64;

// x as a uint64_t when 0 <= x < limit.
bool SmallValue(const Int& x, uint64_t limit, uint64_t* out) {
  const auto& b = x.backend();
  static_assert(sizeof(*b.limbs()) == sizeof(uint64_t));
  if (x.sign() < 0 || b.size() != 1 || *b.limbs() >= limit) return false;
  *out = *b.limbs();
  return true;
}

// Shares `points` among `items` by weight, then adds up the credit. Under
// kExclude an unscored item's share leaves the denominator; kZero counts it
// as 0 and kFull as 1.
GroupScore ScoreGroup(std::vector<ItemResult>& items, const Exact& points, UnscoredPolicy policy) {
  bool common = !items.empty() && items.front().item->share && items.front().item->share_den != 0;
  for (const ItemResult& r : items)
    common = common && r.item->share && r.item->share_den == items.front().item->share_den;
  if (common) {
    const Int& den = items.front().item->share_den;
    uint64_t small_den = 0, n = 0;
    bool small = items.size() <= kSmallItems && SmallValue(den, kSmallDen, &small_den);
    for (const ItemResult& r : items) small = small && SmallValue(r.item->share_num, kSmallShare, &n);
    if (small)
      return ScoreOverCommonDen(items, small_den, policy,
                                [](const RubricItem& item) { return *item.share_num.backend().limbs(); });
    return ScoreOverCommonDen(items, den, policy, [](const RubricItem& item) -> const Int& { return item.share_num; });
  }
  // Shares from the weights, added as rationals.
  Exact total_w = 0;
  for (const ItemResult& r : items) total_w += r.item->weight;
  GroupScore g;
  Exact counted = 0, earned = 0;
  for (ItemResult& r : items) {
    if (r.item->share) r.max_points = *r.item->share;
    else r.max_points = total_w == 0 ? Exact(0) : points * r.item->weight / total_w;
    const ItemShare s = SetPoints(r, policy);
    if (s.counts) counted += r.max_points;
    else g.unscored_points += r.max_points;
    if (s.earns_all) earned += r.max_points;
    else if (s.earns) earned += r.points;
  }
  FinishGroup(items, counted, std::move(earned), policy, g);
  return g;
}

}  // namespace

const char* GraderVersion() { return "grader 0.1.0"; }

Result Score(const Rubric& rubric, const std::function<CheckOutcome(const RubricItem&)>& outcome_of,
             const std::vector<Override>& overrides) {
  Result result;
  result.rubric_id = rubric.id;
  result.problem_id = rubric.problem;
  result.max = rubric.points;
  result.rubric_version = rubric.version;
  result.grader_version = GraderVersion();

  // Adds an item's result to `list` (reserved: an ItemResult is large to
  // move). Its outcome is move-assigned: building it in place by emplacing
  // the aggregate's members needs parenthesised aggregate initialisation,
  // which clang 14 (the sanitizer build) does not have.
  auto run = [&](std::vector<ItemResult>& list, const RubricItem& item, bool deduction) -> ItemResult& {
    ItemResult& r = list.emplace_back();
    r.item = &item;
    r.outcome = outcome_of(item);
    MakeValidUtf8(&r.outcome);
    r.credit = r.outcome.credit;
    for (const Override& o : overrides) {
      if (o.item_id != item.id) continue;
      r.credit = o.credit;
      r.overridden = true;
      r.override_comment = ValidUtf8(o.comment);
    }
    if (r.credit) {
      ClampCredit(*r.credit);
      ++result.scored;
    } else {
      ++result.unscored;
    }
    r.status = ItemStatusOf(r.credit, deduction, r.outcome.review, r.overridden);
    if (r.status == ItemStatus::kReview) ++result.review;
    return r;
  };
  // Sums skip zeros (most groups' unscored points, most results' deductions).
  auto add = [](Exact& sum, const Exact& x) {
    if (x.is_zero()) return;
    if (sum.is_zero()) sum = x;
    else AddTo(sum, x);
  };

  Exact earned = 0, unscored_weight = 0;
  bool positive = false;
  result.criteria.reserve(rubric.criteria.size());
  result.checklist.reserve(rubric.checklist.size());
  result.deductions.reserve(rubric.deductions.size());
  for (const Criterion& c : rubric.criteria) {
    positive = true;
    CriterionResult& cr = result.criteria.emplace_back();
    cr.criterion = &c;
    cr.items.reserve(c.items.size());
    for (const RubricItem& item : c.items) run(cr.items, item, false);
    GroupScore g = ScoreGroup(cr.items, c.weight, rubric.unscored);
    cr.credit = g.credit;
    cr.points = g.earned;
    add(earned, g.earned);
    add(unscored_weight, g.unscored_points);
  }
  if (!rubric.checklist.empty()) {
    positive = true;
    for (const RubricItem& item : rubric.checklist) run(result.checklist, item, false);
    GroupScore g = ScoreGroup(result.checklist, rubric.checklist_points, rubric.unscored);
    add(earned, g.earned);
    add(unscored_weight, g.unscored_points);
  }
  Exact base = positive ? Exact(0) : rubric.points;

  std::map<std::string, Exact> charged;  // criterion id -> deductions so far (<= 0)
  Exact deducted = 0;
  for (const Deduction& d : rubric.deductions) {
    ItemResult& r = run(result.deductions, d.item, true);
    if (r.credit && CompareOne(*r.credit) < 0) {
      int times = d.repeatable ? std::clamp(std::max(r.outcome.failures, 1), 1, d.max_count) : 1;
      Exact amount = Times(Times(d.points, OneMinus(*r.credit), false), Exact(times), false);
      if (!d.criterion.empty()) {
        for (const CriterionResult& cr : result.criteria) {
          if (cr.criterion->id != d.criterion || !cr.criterion->deduction_cap) continue;
          Exact room = -*cr.criterion->deduction_cap - charged[d.criterion];  // <= 0
          if (Less(amount, room)) amount = room;
        }
        AddTo(charged[d.criterion], amount);
      }
      r.points = amount;
      r.applications = amount.is_zero() ? 0 : times;
      AddTo(deducted, amount);
    }
    r.max_points = d.points;
  }
  if (!charged.empty())  // looked up, not inserted: most results have no deduction charged to a criterion
    for (CriterionResult& cr : result.criteria)
      if (auto it = charged.find(cr.criterion->id); it != charged.end()) cr.deducted = it->second;

  result.scored_max = rubric.unscored == UnscoredPolicy::kExclude && !unscored_weight.is_zero()
                         ? rubric.points - unscored_weight
                         : rubric.points;
  Exact total = earned;
  add(total, base);
  add(total, deducted);
  result.score = Clamp(total, rubric.floor, rubric.cap);
  result.normalized = result.scored_max.sign() > 0 ? Times(result.score, result.scored_max, true) : Exact(0);
  return result;
}

}  // namespace grader
