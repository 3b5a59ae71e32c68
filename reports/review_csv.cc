#include "reports/review_csv.h"

#include "grader/base/atomic_file.h"
#include "reports/grades_csv.h"
#include "reports/report_format.h"
#include "reports/stats.h"

namespace grader {
namespace {

// Every text cell gets the formula guard: ids come from the rubric or the
// submission, readings and reasons quote the submission. Appended after a
// comma (`first` false) or not.
void AppendText(std::string& out, std::string_view s, bool first = false) {
  if (!first) out += ',';
  out += CsvField(s, true);
}

// One row, appended to `out` (no temporary per cell).
void AppendRow(std::string& out, const std::string& submission, const std::string& criterion, const ReportItem& item,
               bool deduction) {
  std::string candidates;
  for (const std::string& c : item.candidates) {
    if (!candidates.empty()) candidates += " | ";
    candidates += c;
  }
  AppendText(out, submission, true);
  AppendText(out, criterion);
  AppendText(out, item.id);
  AppendText(out, item.kind);
  AppendText(out, item.part);
  AppendText(out, StatusName(ProvisionalStatus(item, deduction)));
  out += ',';
  if (item.credit) out += ShowNumber(*item.credit, 4);
  AppendText(out, item.found);
  AppendText(out, candidates);
  out += ',';
  if (!item.evidence.empty()) out += std::to_string(item.evidence.front().line);
  AppendText(out, item.review);
  out += "\r\n";
}

}  // namespace

std::string ReviewCsvHeader() { return "submission,criterion,item,check_kind,part,status,credit,read,candidates,line,reason\r\n"; }

std::string ReviewCsvRows(const ReportRecord& r) {
  if (!r.graded()) return "";
  static const std::string kChecklist = "checklist", kDeductions = "deductions";
  std::string out;
  for (const ReportCriterion& c : r.criteria)
    for (const ReportItem& item : c.items)
      if (item.NeedsReview()) AppendRow(out, r.id, c.id, item, false);
  for (const ReportItem& item : r.checklist)
    if (item.NeedsReview()) AppendRow(out, r.id, kChecklist, item, false);
  for (const ReportItem& item : r.deductions)
    if (item.NeedsReview()) AppendRow(out, r.id, kDeductions, item, true);
  return out;
}

std::string ReviewCsv(const std::vector<Record>& records) {
  std::string out = ReviewCsvHeader();
  for (const Record& r : records) out += ReviewCsvRows(ReportFromJson(r));
  return out;
}

}  // namespace grader

namespace grader {
namespace {

// The "review-csv" format: out/review.csv on every run, rebuilt from every
// record (a reused one too), rows formatted on the workers.
class ReviewCsvStream : public ReportStream {
 public:
  explicit ReviewCsvStream(const std::string& path) : file_(path) { file_.Write(ReviewCsvHeader()); }
  std::string Prepare(const ReportRecord& record) const override { return ReviewCsvRows(record); }
  void Add(const GradedEntry&, std::string prepared) override { file_.Write(prepared); }
  void Finish() override { file_.Commit(); }

 private:
  AtomicFileWriter file_;
};

class ReviewCsvFormat : public ReportFormat {
 public:
  std::string name() const override { return "review-csv"; }
  std::unique_ptr<ReportStream> Open(const ReportContext& c) const override {
    return std::make_unique<ReviewCsvStream>(c.out_dir + "/review.csv");
  }
};

const ReportFormatRegistration kReviewCsv(std::make_unique<ReviewCsvFormat>());

}  // namespace
}  // namespace grader
