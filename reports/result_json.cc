#include "reports/result_json.h"

#include <cmath>

namespace grader {
namespace {

using ojson = nlohmann::ordered_json;

const char* VisibilityName(Visibility v) { return v == Visibility::kStaff ? "staff" : "students"; }

ojson ItemJson(const ItemResult& r, bool deduction) {
  const RubricItem& item = *r.item;
  const CheckOutcome& o = r.outcome;
  ojson j;
  j["id"] = item.id;
  j["kind"] = item.kind;
  if (!item.title.empty()) j["title"] = item.title;
  if (!item.part.empty()) j["part"] = item.part;
  j["status"] = ItemStatus(r, deduction);
  j["credit"] = r.credit ? JsonNumber(*r.credit) : ojson(nullptr);
  j["points"] = JsonNumber(r.points);
  j[deduction ? "deduction" : "max_points"] = JsonNumber(r.max_points);
  if (deduction) j["applied"] = r.applications;
  if (!o.expected.empty()) j["expected"] = o.expected;
  if (!o.found.empty()) j["found"] = o.found;
  if (o.relative_error) j["relative_error"] = JsonNumber(*o.relative_error);
  if (!o.convention.empty()) j["convention"] = o.convention;
  if (!o.mistake.empty()) j["mistake"] = o.mistake;
  std::string status = j["status"];
  if (status != "pass" && !item.feedback.empty()) j["feedback"] = item.feedback;
  if (!o.feedback.empty()) j["mistake_feedback"] = o.feedback;
  if (!o.detail.empty()) j["detail"] = o.detail;
  ojson ev = ojson::array();
  for (const Evidence& e : o.evidence)
    ev.push_back({{"quote", e.quote}, {"line", e.span.line}, {"column", e.span.col}, {"begin", e.span.begin},
                  {"end", e.span.end}});
  j["evidence"] = ev;
  j["visibility"] = VisibilityName(item.visibility);
  if (r.overridden) j["override"] = {{"credit", r.credit ? JsonNumber(*r.credit) : ojson(nullptr)}, {"comment", r.override_comment}};
  return j;
}

}  // namespace

ojson JsonNumber(const Exact& x) {
  if (IsInteger(x) && abs(numerator(x)) < Int(1) << 53) return static_cast<long long>(numerator(x));
  double d = static_cast<double>(x);
  if (std::fabs(d) < 1e9) return std::round(d * 1e6) / 1e6;  // 6 decimals: n / 10^6 is correctly rounded
  return d;
}

std::string ItemStatus(const ItemResult& r, bool deduction) {
  if (!r.credit) return "unscored";
  if (deduction) return *r.credit >= 1 ? "pass" : "applied";
  if (*r.credit >= 1) return "pass";
  if (*r.credit <= 0) return "fail";
  return "partial";
}

ojson ResultToJson(const Result& result, bool include_staff) {
  ojson j;
  j["score"] = JsonNumber(result.score);
  j["max"] = JsonNumber(result.max);
  j["normalized"] = JsonNumber(result.normalized);
  j["scored_max"] = JsonNumber(result.scored_max);
  j["exact"] = {{"score", ExactString(result.score)}, {"max", ExactString(result.max)},
                {"scored_max", ExactString(result.scored_max)}, {"normalized", ExactString(result.normalized)}};
  j["rubric"] = result.rubric_id;
  j["problem"] = result.problem_id;
  j["scored"] = result.scored;
  j["unscored"] = result.unscored;
  auto visible = [&](const ItemResult& r) { return include_staff || r.item->visibility == Visibility::kStudents; };
  ojson criteria = ojson::array();
  for (const CriterionResult& cr : result.criteria) {
    if (!include_staff && cr.criterion->visibility == Visibility::kStaff) continue;
    ojson c;
    c["id"] = cr.criterion->id;
    if (!cr.criterion->title.empty()) c["title"] = cr.criterion->title;
    if (!cr.criterion->part.empty()) c["part"] = cr.criterion->part;
    c["weight"] = JsonNumber(cr.criterion->weight);
    c["points"] = JsonNumber(cr.points);
    c["credit"] = cr.credit ? JsonNumber(*cr.credit) : ojson(nullptr);
    if (cr.deducted != 0) c["deducted"] = JsonNumber(cr.deducted);
    ojson items = ojson::array();
    for (const ItemResult& r : cr.items)
      if (visible(r)) items.push_back(ItemJson(r, false));
    c["items"] = items;
    criteria.push_back(c);
  }
  j["criteria"] = criteria;
  ojson checklist = ojson::array();
  for (const ItemResult& r : result.checklist)
    if (visible(r)) checklist.push_back(ItemJson(r, false));
  j["checklist"] = checklist;
  ojson deductions = ojson::array();
  for (const ItemResult& r : result.deductions)
    if (visible(r)) deductions.push_back(ItemJson(r, true));
  j["deductions"] = deductions;
  j["versions"] = {{"rubric", result.rubric_version}, {"key", result.key_version}, {"grader", result.grader_version}};
  return j;
}

}  // namespace grader
