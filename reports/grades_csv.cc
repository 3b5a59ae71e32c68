#include "reports/grades_csv.h"

#include <cmath>
#include <functional>

#include "grader/base/atomic_file.h"
#include "reports/report_format.h"

#include "reports/html.h"
#include "reports/stats.h"

namespace grader {

std::string CsvField(std::string_view text, bool untrusted) {
  // Printable ASCII without a comma or a quote (ids, statuses, most
  // readings), not opening like a formula when untrusted: as it is, which
  // is what the steps below make of it (CleanText keeps these bytes).
  bool plain = !(untrusted && !text.empty() && std::string_view("=+-@").find(text[0]) != std::string_view::npos);
  for (size_t i = 0; plain && i < text.size(); ++i) {
    const unsigned char u = static_cast<unsigned char>(text[i]);
    plain = u >= 0x20 && u < 0x7F && u != ',' && u != '"';
  }
  if (plain) return std::string(text);
  std::string s(text);
  if (untrusted) {
    bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
    // Invalid UTF-8 would make some importers reject the whole file.
    s = CleanText(s);
    if (formula) s = "'" + s;
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {
void ForEachItem(const ReportRecord& r, const std::function<void(const ReportItem&, bool)>& f) {
  for (const ReportCriterion& c : r.criteria)
    for (const ReportItem& item : c.items) f(item, false);
  for (const ReportItem& item : r.checklist) f(item, false);
  for (const ReportItem& item : r.deductions) f(item, true);
}
}  // namespace

double PendingPoints(const ReportRecord& r) {
  double pending = 0;
  ForEachItem(r, [&](const ReportItem& item, bool deduction) {
    if (item.NeedsReview() || ProvisionalStatus(item, deduction) == ItemStatus::kUnscored)
      pending += std::fabs(item.max_points);
  });
  return pending;
}

const char* GradebookStatus(const ReportRecord& r) {
  if (!r.graded()) return "error";
  bool unscored = false, review = false;
  ForEachItem(r, [&](const ReportItem& item, bool deduction) {
    unscored = unscored || ProvisionalStatus(item, deduction) == ItemStatus::kUnscored;
    review = review || item.NeedsReview();
  });
  if (unscored || r.unscored > 0) return "partly unscored";
  if (review || r.review > 0) return "needs review";
  return "graded";
}

std::string GradesCsvHeader(const RubricSummary& rubric) {
  std::string out = "id,total,max,percent";
  for (const RubricSummary::Criterion& c : rubric.criteria) out += "," + CsvField(c.id, false);
  return out + ",unscored,status,error,review,pending\r\n";
}

std::string GradesCsvRow(const ReportRecord& r, const RubricSummary& rubric) {
  bool graded = r.graded();
  std::string out = CsvField(r.id, true);
  out += ",";
  if (graded) out += ShowNumber(r.score);
  out += ",";
  out += graded ? ShowNumber(r.max) : (rubric.points > 0 ? ShowNumber(rubric.points) : "");
  out += ",";
  if (graded) out += ShowNumber(r.normalized * 100);
  for (const RubricSummary::Criterion& c : rubric.criteria) {
    out += ",";
    if (!graded) continue;
    for (const ReportCriterion& cr : r.criteria)
      if (cr.id == c.id && cr.credit) {
        out += ShowNumber(cr.points);
        break;
      }
  }
  out += ",";
  if (graded) out += std::to_string(r.unscored);
  out += "," + CsvField(GradebookStatus(r), true) + "," + CsvField(graded ? "" : r.error, true);
  // Last, so that consumers reading the columns before it by position keep working.
  out += ",";
  if (graded) out += std::to_string(r.review);
  out += ",";
  if (graded) out += ShowNumber(PendingPoints(r));
  return out + "\r\n";
}

std::string GradesCsv(const std::vector<Record>& records, const RubricSummary& rubric) {
  std::string out = GradesCsvHeader(rubric);
  for (const Record& r : records) out += GradesCsvRow(ReportFromJson(r), rubric);
  return out;
}

}  // namespace grader

namespace grader {
namespace {

// The "grades-csv" format: out/grades.csv, a row per submission in input
// order; rows are formatted on the workers.
class GradesCsvStream : public ReportStream {
 public:
  GradesCsvStream(const std::string& path, const RubricSummary& rubric) : file_(path), rubric_(rubric) {
    file_.Write(GradesCsvHeader(rubric_));
  }
  std::string Prepare(const ReportRecord& record) const override { return GradesCsvRow(record, rubric_); }
  void Add(const GradedEntry&, std::string prepared) override { file_.Write(prepared); }
  void Finish() override { file_.Commit(); }

 private:
  AtomicFileWriter file_;
  const RubricSummary& rubric_;
};

class GradesCsvFormat : public ReportFormat {
 public:
  std::string name() const override { return "grades-csv"; }
  std::unique_ptr<ReportStream> Open(const ReportContext& c) const override {
    return std::make_unique<GradesCsvStream>(c.out_dir + "/grades.csv", c.rubric);
  }
};

const ReportFormatRegistration kGradesCsv(std::make_unique<GradesCsvFormat>());

}  // namespace
}  // namespace grader
