#include "reports/report_record.h"

#include "reports/result_json.h"

namespace grader {
namespace {

const Record& Empty() {
  static const Record empty = Record::object();
  return empty;
}

const Record& Array(const Record& j, const char* key) {
  static const Record empty = Record::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}

std::optional<double> Credit(const Record& j) {
  auto it = j.find("credit");
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// An unknown status (an older or hand-edited line) reads as fail, which is
// how the summary, feedback and Gradescope already counted it.
ItemStatus ItemStatusFromJson(const Record& j) {
  return ParseStatus(RecordString(j, "status")).value_or(ItemStatus::kFail);
}

ReportItem ItemFromJson(const Record& j, bool deduction) {
  ReportItem item;
  item.id = RecordString(j, "id");
  item.kind = RecordString(j, "kind");
  item.title = RecordString(j, "title");
  item.part = RecordString(j, "part");
  item.status = ItemStatusFromJson(j);
  item.credit = Credit(j);
  item.points = RecordNumber(j, "points");
  item.max_points = RecordNumber(j, deduction ? "deduction" : "max_points");
  item.applied = static_cast<int>(RecordNumber(j, "applied"));
  item.expected = RecordString(j, "expected");
  item.found = RecordString(j, "found");
  item.convention = RecordString(j, "convention");
  item.mistake = RecordString(j, "mistake");
  item.feedback = RecordString(j, "feedback");
  item.mistake_feedback = RecordString(j, "mistake_feedback");
  item.detail = RecordString(j, "detail");
  for (const Record& e : Array(j, "evidence")) {
    auto offset = [&](const char* key) {
      auto it = e.find(key);
      return it != e.end() && it->is_number_integer() ? it->get<long long>() : -1LL;
    };
    item.evidence.push_back({RecordString(e, "quote"), static_cast<long long>(RecordNumber(e, "line")),
                             static_cast<long long>(RecordNumber(e, "column")), offset("begin"), offset("end")});
  }
  auto guess = j.find("found_guess");
  item.found_is_guess = guess != j.end() && guess->is_boolean() && guess->get<bool>();
  for (const Record& d : Array(j, "derivation"))
    if (d.is_string()) item.derivation.push_back(d.get<std::string>());
  item.staff = RecordString(j, "visibility") == "staff";
  auto ov = j.find("override");
  if (ov != j.end() && ov->is_object()) {
    item.overridden = true;
    item.override_comment = RecordString(*ov, "comment");
  }
  item.review = RecordString(j, "review");
  for (const Record& c : Array(j, "candidates")) item.candidates.push_back(c.is_string() ? c.get<std::string>() : c.dump());
  return item;
}

// Fills `item` (in place in its list: a ReportItem is large to move).
void ItemFromResult(ItemResult& r, bool deduction, ReportItem& item) {
  const RubricItem& it = *r.item;
  CheckOutcome& o = r.outcome;
  item.id = it.id;
  item.kind = it.kind;
  item.title = it.title;
  item.part = it.part;
  item.status = r.status;
  if (r.credit) item.credit = JsonNumberValue(*r.credit);
  item.points = JsonNumberValue(r.points);
  item.max_points = JsonNumberValue(r.max_points);
  item.applied = deduction ? r.applications : 0;
  item.expected = std::move(o.expected);
  item.found = std::move(o.found);
  item.convention = std::move(o.convention);
  item.mistake = std::move(o.mistake);
  const bool lost = StatusOf(r.credit, deduction) != ItemStatus::kPass;  // as result_json.cc
  if (lost) item.feedback = it.feedback;
  item.mistake_feedback = std::move(o.feedback);
  item.detail = std::move(o.detail);
  item.evidence.reserve(o.evidence.size());
  for (Evidence& e : o.evidence)
    item.evidence.push_back({std::move(e.quote), static_cast<long long>(e.span.line), static_cast<long long>(e.span.col),
                             static_cast<long long>(e.span.begin), static_cast<long long>(e.span.end)});
  item.found_is_guess = o.found_is_guess;
  if (lost) item.derivation = std::move(o.derivation);  // as result_json.cc
  item.staff = it.visibility == Visibility::kStaff;
  item.overridden = r.overridden;
  if (r.overridden) item.override_comment = std::move(r.override_comment);
  if (r.status == ItemStatus::kReview) {  // what results.jsonl keeps (result_json.cc)
    item.review = std::move(o.review);
    item.candidates = std::move(o.candidates);
  }
}

}  // namespace

ItemStatus ProvisionalStatus(const ReportItem& item, bool deduction) {
  if (item.status != ItemStatus::kReview) return item.status;
  if (!item.credit) return ItemStatus::kUnscored;
  if (*item.credit >= 1) return ItemStatus::kPass;
  if (deduction) return ItemStatus::kApplied;
  return *item.credit <= 0 ? ItemStatus::kFail : ItemStatus::kPartial;
}

const char* StatusName(RecordStatus status) { return status == RecordStatus::kGraded ? "graded" : "error"; }

std::optional<RecordStatus> ParseRecordStatus(std::string_view name) {
  if (name == "graded") return RecordStatus::kGraded;
  if (name == "error") return RecordStatus::kError;
  return std::nullopt;
}

ReportRecord ReportFromJson(const Record& record) {
  ReportRecord r;
  r.id = RecordString(record, "id");
  r.file_id = RecordString(record, "file_id");
  r.model = RecordString(record, "model");
  r.status = ParseRecordStatus(RecordString(record, "status")).value_or(RecordStatus::kError);
  r.error = RecordString(record, "error");
  r.score = RecordNumber(record, "score");
  r.max = RecordNumber(record, "max");
  r.normalized = RecordNumber(record, "normalized");
  r.scored_max = RecordNumber(record, "scored_max");
  r.unscored = static_cast<int>(RecordNumber(record, "unscored"));
  r.review = static_cast<int>(RecordNumber(record, "review"));
  auto variant = record.find("variant");
  if (variant != record.end() && !variant->is_null()) r.variant = RecordString(record, "variant");
  auto params = record.find("params");
  if (params != record.end() && params->is_object())
    for (auto it = params->begin(); it != params->end(); ++it)
      r.params.emplace_back(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
  auto res = record.find("result");
  const Record& result = res != record.end() && res->is_object() ? *res : Empty();
  for (const Record& c : Array(result, "criteria")) {
    ReportCriterion rc;
    rc.id = RecordString(c, "id");
    rc.title = RecordString(c, "title");
    rc.part = RecordString(c, "part");
    rc.weight = RecordNumber(c, "weight");
    rc.points = RecordNumber(c, "points");
    rc.credit = Credit(c);
    for (const Record& item : Array(c, "items")) rc.items.push_back(ItemFromJson(item, false));
    r.criteria.push_back(std::move(rc));
  }
  for (const Record& item : Array(result, "checklist")) r.checklist.push_back(ItemFromJson(item, false));
  for (const Record& item : Array(result, "deductions")) r.deductions.push_back(ItemFromJson(item, true));
  return r;
}

ReportRecord ReportFromResult(const std::string& id, const std::string& file_id, const std::string& model,
                              Result&& result) {
  ReportRecord r;
  r.id = id;
  r.file_id = file_id;
  r.model = model;
  r.status = RecordStatus::kGraded;
  r.score = JsonNumberValue(result.score);
  r.max = JsonNumberValue(result.max);
  r.normalized = JsonNumberValue(result.normalized);
  r.scored_max = JsonNumberValue(result.scored_max);
  r.unscored = result.unscored;
  r.review = result.review;
  r.criteria.reserve(result.criteria.size());
  for (CriterionResult& cr : result.criteria) {
    ReportCriterion& c = r.criteria.emplace_back();
    c.id = cr.criterion->id;
    c.title = cr.criterion->title;
    c.part = cr.criterion->part;
    c.weight = JsonNumberValue(cr.criterion->weight);
    c.points = JsonNumberValue(cr.points);
    if (cr.credit) c.credit = JsonNumberValue(*cr.credit);
    c.items.reserve(cr.items.size());
    for (ItemResult& item : cr.items) ItemFromResult(item, false, c.items.emplace_back());
  }
  r.checklist.reserve(result.checklist.size());
  for (ItemResult& item : result.checklist) ItemFromResult(item, false, r.checklist.emplace_back());
  r.deductions.reserve(result.deductions.size());
  for (ItemResult& item : result.deductions) ItemFromResult(item, true, r.deductions.emplace_back());
  return r;
}

ReportRecord ReportError(const std::string& id, const std::string& file_id, const std::string& model,
                         const std::string& error) {
  ReportRecord r;
  r.id = id;
  r.file_id = file_id;
  r.model = model;
  r.status = RecordStatus::kError;
  r.error = error;
  return r;
}

}  // namespace grader
