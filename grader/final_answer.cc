#include "grader/final_answer.h"

#include <re2/re2.h>

#include <algorithm>

namespace grader {
namespace {

RE2::Options Insensitive() {
  RE2::Options o;
  o.set_case_sensitive(false);
  return o;
}

const RE2& AnswerMarker() {
  static const RE2 kMarker(R"((final answer|\banswer\s*:))", Insensitive());
  return kMarker;
}
const RE2& TotalMarker() {
  static const RE2 kTotal(R"(\btotal)", Insensitive());
  return kTotal;
}
const RE2& Conclusion() {
  static const RE2 kConclusion(
      R"(^[\s>*+-]*(so|therefore|thus|hence|overall|in total|in summary|this gives|which gives|giving us)\b|\b(which gives|giving us|that gives|so the|so we have|so that is)\b)",
      Insensitive());
  return kConclusion;
}

// Returns the line of `doc` holding `offset`.
Range LineOf(const Document& doc, size_t offset) {
  const auto& lines = doc.lines();
  auto it = std::upper_bound(lines.begin(), lines.end(), offset, [](size_t o, const Range& r) { return o < r.begin; });
  return it == lines.begin() ? Range{0, 0} : *(it - 1);
}

// Returns the sentence or list item holding `offset` (its line if none).
Range UnitOf(const Document& doc, size_t offset) {
  const auto& units = doc.units();
  auto it = std::upper_bound(units.begin(), units.end(), offset,
                             [](size_t o, const TextUnit& u) { return o < u.range.begin; });
  if (it != units.begin() && (it - 1)->range.Contains(offset)) return (it - 1)->range;
  return LineOf(doc, offset);
}

// True when `r` lies inside \boxed{...} or **...** on its line.
bool Enclosed(std::string_view line, size_t b, size_t e, std::string_view open, std::string_view close) {
  size_t o = line.rfind(open, b);
  if (o == std::string_view::npos) return false;
  size_t c = line.find(close, std::max(e, o + open.size()));
  if (c == std::string_view::npos) return false;
  // No closing marker between the opening one and the quantity.
  size_t mid = line.find(close, o + open.size());
  return mid >= b || open == "\\boxed{";
}

}  // namespace

std::vector<FinalAnswer> RankAnswers(const Document& doc, const std::vector<Quantity>& quantities,
                                     const std::vector<Equation>& equations, Range scope) {
  std::vector<FinalAnswer> out;
  // Neighbouring quantities usually share a sentence: its "total" test is
  // done once.
  size_t total_ub = 1, total_ue = 0;
  bool total_in_unit = false;
  for (size_t i = 0; i < quantities.size(); ++i) {
    const Quantity& q = quantities[i];
    if (q.range.begin < scope.begin || q.range.end > scope.end) continue;
    Range line = LineOf(doc, q.range.begin);
    std::string_view lv = doc.View(line);
    size_t b = q.range.begin - line.begin, e = std::min(q.range.end, line.end) - line.begin;
    int weight = 0;
    std::string reasons;
    auto add = [&](int w, const char* why) {
      weight += w;
      if (!reasons.empty()) reasons += ", ";
      reasons += why;
    };
    // Markers count within the quantity's sentence (PDF text puts whole
    // paragraphs on one line).
    Range unit = UnitOf(doc, q.range.begin);
    size_t ub = std::max(unit.begin, line.begin), ue = std::min(unit.end, line.end);
    re2::StringPiece before(doc.text().data() + ub, q.range.begin - ub);
    re2::StringPiece whole(doc.text().data() + ub, ue > ub ? ue - ub : 0);
    const bool has_backslash = lv.find('\\') != std::string_view::npos, has_star = lv.find('*') != std::string_view::npos;
    if (has_backslash && Enclosed(lv, b, e, "\\boxed{", "}")) add(3, "boxed");
    else if (RE2::PartialMatch(before, AnswerMarker())) add(3, "answer marker");
    if (has_star && Enclosed(lv, b, e, "**", "**")) add(2, "bold");
    if (ub != total_ub || ue != total_ue) {
      total_ub = ub, total_ue = ue;
      total_in_unit = RE2::PartialMatch(whole, TotalMarker());
    }
    if (total_in_unit) add(2, "total");
    if (RE2::PartialMatch(before, Conclusion())) add(1, "conclusion");
    if (b >= 5 && lv.substr(b - 5, 5) == "from ") add(-1, "previous value");
    (void)e;
    for (const Equation& eq : equations) {
      if (eq.range.end < q.range.begin) continue;
      if (eq.range.begin > q.range.end) break;
      const EquationSide& last = eq.sides.back();
      if (last.range.begin <= q.range.begin && q.range.end <= last.range.end + 1) {
        if (eq.truth == Truth::kTrue || eq.truth == Truth::kRounded) add(1, "equation result");
        if (eq.truth == Truth::kFalse) add(-1, "false equation");
      }
    }
    if (weight > 0) out.push_back({i, weight, reasons});
  }
  std::stable_sort(out.begin(), out.end(), [](const FinalAnswer& a, const FinalAnswer& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.quantity > b.quantity;
  });
  return out;
}

}  // namespace grader
