#include "reports/review_csv.h"

#include "grader/base/atomic_file.h"
#include "reports/grades_csv.h"
#include "reports/report_format.h"
#include "reports/stats.h"

namespace grader {
namespace {

// Every text cell gets the formula guard: ids come from the rubric or the
// submission, readings and reasons quote the submission.
std::string Text(const std::string& s) { return CsvField(s, true); }

std::string Row(const std::string& submission, const std::string& criterion, const ReportItem& item, bool deduction) {
  std::string candidates;
  for (const std::string& c : item.candidates) candidates += (candidates.empty() ? "" : " | ") + c;
  std::string out = Text(submission);
  out += "," + Text(criterion);
  out += "," + Text(item.id);
  out += "," + Text(item.kind);
  out += "," + Text(item.part);
  out += "," + Text(StatusName(ProvisionalStatus(item, deduction)));
  out += ",";
  if (item.credit) out += ShowNumber(*item.credit, 4);
  out += "," + Text(item.found);
  out += "," + Text(candidates);
  out += ",";
  if (!item.evidence.empty()) out += std::to_string(item.evidence.front().line);
  out += "," + Text(item.review);
  return out + "\r\n";
}

}  // namespace

std::string ReviewCsvHeader() { return "submission,criterion,item,check_kind,part,status,credit,read,candidates,line,reason\r\n"; }

std::string ReviewCsvRows(const ReportRecord& r) {
  if (!r.graded()) return "";
  std::string out;
  for (const ReportCriterion& c : r.criteria)
    for (const ReportItem& item : c.items)
      if (item.NeedsReview()) out += Row(r.id, c.id, item, false);
  for (const ReportItem& item : r.checklist)
    if (item.NeedsReview()) out += Row(r.id, "checklist", item, false);
  for (const ReportItem& item : r.deductions)
    if (item.NeedsReview()) out += Row(r.id, "deductions", item, true);
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
