#include "reports/result_text.h"

#include <sstream>

namespace grader {
namespace {

const char* Mark(ItemStatus status) {
  switch (status) {
    case ItemStatus::kPass: return "✓";
    case ItemStatus::kPartial: return "~";
    case ItemStatus::kUnscored: return "?";
    case ItemStatus::kApplied: return "−";
    case ItemStatus::kReview: return "!";
    case ItemStatus::kFail: break;
  }
  return "✗";
}

// `include_staff` false (the student view): a review item says staff will
// check it, without the reason or the candidates.
void Item(std::ostringstream& out, const ItemResult& r, bool deduction, bool include_staff) {
  const ItemStatus status = r.status;
  const CheckOutcome& o = r.outcome;
  out << "    " << Mark(status) << " " << r.item->id;
  if (deduction) {
    out << "  " << (r.points == 0 ? "0" : ShowPoints(r.points));
    if (r.applications > 1) out << " (" << r.applications << " × " << ShowPoints(r.max_points) << ")";
    else if (r.points == 0) out << " (would be " << ShowPoints(r.max_points) << ")";
  } else {
    out << "  " << (r.credit ? ShowPoints(r.points) : "-") << " / " << ShowPoints(r.max_points);
  }
  if (status == ItemStatus::kUnscored) out << "  unscored";
  if (status == ItemStatus::kReview) out << "  REVIEW (provisional)";
  if (!r.item->title.empty()) out << "  " << r.item->title;
  out << "\n";
  if (!o.found.empty() || !o.expected.empty()) {
    out << "        ";
    if (!o.expected.empty()) out << "expected " << o.expected;
    if (!o.found.empty()) out << (o.expected.empty() ? "" : ", ") << "found \"" << o.found << "\"";
    if (o.relative_error && *o.relative_error != 0) out << " (" << RoundSig(*o.relative_error * 100, 3) << "%)";
    out << "\n";
  }
  for (const Evidence& e : o.evidence) {
    std::string q = e.quote.size() > 100 ? e.quote.substr(0, 97) + "..." : e.quote;
    for (char& c : q)
      if (c == '\n') c = ' ';
    out << "        at " << e.span.Where() << ": \"" << q << "\"\n";
  }
  if (!o.detail.empty()) out << "        " << o.detail << "\n";
  if (!o.convention.empty()) out << "        convention: " << o.convention << "\n";
  if (!o.mistake.empty()) out << "        known mistake: " << o.mistake << "\n";
  if (!o.feedback.empty()) out << "        → " << o.feedback << "\n";
  const ItemStatus decided = StatusOf(r.credit, deduction);  // a review item: by its provisional credit
  if (decided != ItemStatus::kPass && decided != ItemStatus::kUnscored && !r.item->feedback.empty()) out << "        → " << r.item->feedback << "\n";
  if (status == ItemStatus::kReview) {
    if (include_staff) {
      out << "        needs review: " << (o.review.empty() ? "the grader is unsure" : o.review);
      if (!o.candidates.empty()) {
        out << "; candidates:";
        for (size_t i = 0; i < o.candidates.size(); ++i) out << (i ? " | " : " ") << o.candidates[i];
      }
      out << "\n";
    } else {
      out << "        this item will be checked by course staff\n";
    }
  }
  if (r.overridden) out << "        overridden by a grader" << (r.override_comment.empty() ? "" : ": " + r.override_comment) << "\n";
}

}  // namespace

std::string ShowPoints(const Exact& x) {
  std::string s = RoundSig(x, 6);
  if (s.find('e') != std::string::npos) return ExactString(x);
  // At most two decimals.
  size_t dot = s.find('.');
  if (dot != std::string::npos && s.size() - dot > 3) {
    Exact r = x * 100;
    Int n = numerator(r) / denominator(r);
    if ((r - Exact(n)) * 2 >= 1) n += 1;
    if ((r - Exact(n)) * 2 <= -1) n -= 1;
    s = ExactString(Exact(n, 100));
  }
  return s;
}

std::string ResultToText(const Result& result, bool include_staff) {
  std::ostringstream out;
  out << result.rubric_id << ": " << ShowPoints(result.score) << " / " << ShowPoints(result.max);
  out << " (" << RoundSig(result.normalized * 100, 3) << "%";
  if (result.unscored > 0) out << " of the scored " << ShowPoints(result.scored_max) << " points; " << result.unscored << " item"
                               << (result.unscored == 1 ? "" : "s") << " unscored";
  if (result.review > 0) out << "; " << result.review << " item" << (result.review == 1 ? "" : "s") << " need"
                             << (result.review == 1 ? "s" : "") << " review, the score is provisional";
  out << ")\n";
  auto visible = [&](const ItemResult& r) { return include_staff || r.item->visibility == Visibility::kStudents; };
  for (const CriterionResult& cr : result.criteria) {
    if (!include_staff && cr.criterion->visibility == Visibility::kStaff) continue;
    out << "  [" << cr.criterion->id << "] " << cr.criterion->title << "  "
        << (cr.credit ? ShowPoints(cr.points) : "-") << " / " << ShowPoints(cr.criterion->weight) << "\n";
    for (const ItemResult& r : cr.items)
      if (visible(r)) Item(out, r, false, include_staff);
  }
  if (!result.checklist.empty()) {
    out << "  [checklist]\n";
    for (const ItemResult& r : result.checklist)
      if (visible(r)) Item(out, r, false, include_staff);
  }
  if (!result.deductions.empty()) {
    out << "  [deductions]\n";
    for (const ItemResult& r : result.deductions)
      if (visible(r)) Item(out, r, true, include_staff);
  }
  return out.str();
}

}  // namespace grader
