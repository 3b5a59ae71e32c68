#include "grader/rubric/score.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "grader/base/byte_scan.h"
#include "grader/base/utf8.h"

namespace grader {
namespace {

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

Exact Clamp(const Exact& x, const Exact& lo, const Exact& hi) { return x < lo ? lo : (x > hi ? hi : x); }

// A credit within [0, 1], compared by sign and with CompareOne (a rational
// comparison multiplies out; an item is scored many times per response).
Exact ClampCredit(const Exact& x) {
  if (x.sign() < 0) return Exact(0);
  if (CompareOne(x) > 0) return Exact(1);
  return x;
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

// Shares `points` among `items` by weight, then adds up the credit. Under
// kExclude an unscored item's share leaves the denominator; kZero counts it
// as 0 and kFull as 1.
GroupScore ScoreGroup(std::vector<ItemResult>& items, const Exact& points, UnscoredPolicy policy) {
  // Shares over one denominator (set by ParseRubric): the sums are of
  // integers, and only partial credits need rational arithmetic.
  bool common = !items.empty() && items.front().item->share && items.front().item->share_den != 0;
  for (const ItemResult& r : items)
    common = common && r.item->share && r.item->share_den == items.front().item->share_den;
  Exact total_w = 0;
  if (!common)
    for (const ItemResult& r : items) total_w += r.item->weight;
  GroupScore g;
  Exact counted = 0, earned = 0;
  Int counted_n = 0, earned_n = 0, unscored_n = 0;
  for (ItemResult& r : items) {
    if (r.item->share) r.max_points = *r.item->share;
    else r.max_points = total_w == 0 ? Exact(0) : points * r.item->weight / total_w;
    // Full and no credit (most items) need no multiplication.
    const bool none = !r.credit || r.credit->is_zero(), full = r.credit && CompareOne(*r.credit) == 0;
    if (none) r.points = 0;
    else if (full) r.points = r.max_points;
    else r.points = r.max_points * *r.credit;
    const bool counts = r.credit || policy != UnscoredPolicy::kExclude;
    const bool earns = (r.credit && !none) || (!r.credit && policy == UnscoredPolicy::kFull);
    const bool earns_all = full || (!r.credit && policy == UnscoredPolicy::kFull);
    if (common) {
      const Int& n = r.item->share_num;
      if (counts) counted_n += n;
      else unscored_n += n;
      if (earns_all) earned_n += n;
      else if (earns) earned += r.points;
    } else {
      if (counts) counted += r.max_points;
      else g.unscored_points += r.max_points;
      if (earns_all) earned += r.max_points;
      else if (earns) earned += r.points;
    }
  }
  if (common) {
    const Int& den = items.front().item->share_den;
    if (unscored_n != 0) g.unscored_points = Exact(unscored_n, den);
    if (earned.is_zero() && counted_n.sign() > 0 && den.sign() > 0) {
      // Only whole credits (most groups): earned / counted is
      // earned_n / counted_n, one rational built instead of an addition
      // and a division.
      // No gcd for the common none, all and whole-number cases.
      if (earned_n.is_zero()) g.credit = Exact(0);
      else if (earned_n == counted_n) g.credit = Exact(1);
      else g.credit = Exact(earned_n, counted_n);
      if (earned_n.is_zero()) g.earned = Exact(0);
      else if (den == 1) g.earned = Exact(earned_n);
      else g.earned = Exact(earned_n, den);
      return g;
    }
    if (counted_n != 0) counted = Exact(counted_n, den);
    if (earned_n != 0) earned += Exact(earned_n, den);
  }
  bool any_scored = std::any_of(items.begin(), items.end(), [](const ItemResult& r) { return r.credit.has_value(); });
  if (counted.sign() > 0) g.credit = earned / counted;
  else if (any_scored || policy != UnscoredPolicy::kExclude) g.credit = Exact(1);  // zero-weight items
  g.earned = earned;
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
      r.credit = ClampCredit(*r.credit);
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
    else sum += x;
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
      Exact amount = d.points * (1 - *r.credit) * times;
      if (!d.criterion.empty()) {
        for (const CriterionResult& cr : result.criteria) {
          if (cr.criterion->id != d.criterion || !cr.criterion->deduction_cap) continue;
          Exact room = -*cr.criterion->deduction_cap - charged[d.criterion];  // <= 0
          if (amount < room) amount = room;
        }
        charged[d.criterion] += amount;
      }
      r.points = amount;
      r.applications = amount == 0 ? 0 : times;
      deducted += amount;
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
  result.normalized = result.scored_max > 0 ? result.score / result.scored_max : Exact(0);
  return result;
}

}  // namespace grader
