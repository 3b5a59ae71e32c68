// The "lms-csv" format: out/gradebook.csv, a gradebook to import into an LMS
// (Canvas's or Moodle's CSV import: one row per student, the student's
// identifying columns first, then one column of points named after the
// assignment).
//
//   id,email,variant,Transformer accounting,max,percent,status,pending
//   alice,alice@uni.edu,3,83.39,100,83.39,graded,0
//   bob,bob@uni.edu,,,100,,error,
//   carol,carol@uni.edu,,,100,,missing,
//
// With a roster (--roster) every roster column is kept, in the roster's
// order, and a roster student without a submission gets a row with status
// "missing" (after the others, in roster order); without one the only
// identifying column is `id`. status and pending are grades.csv's
// (GradebookStatus, PendingPoints): an LMS import usually ignores columns it
// does not map, and a TA sees which points are not final. Fields are
// grades.csv's (CsvField; text from submissions and the roster with the
// formula guard), CRLF line ends.
#include <map>
#include <set>

#include "grader/base/atomic_file.h"
#include "reports/grades_csv.h"
#include "reports/report_format.h"
#include "reports/stats.h"

namespace grader {
namespace {

class LmsCsvStream : public ReportStream {
 public:
  LmsCsvStream(const std::string& path, const RubricSummary& rubric, const std::vector<std::vector<std::string>>& roster)
      : file_(path), rubric_(rubric) {
    if (!roster.empty()) header_ = roster[0];
    if (header_.empty()) header_ = {"id"};
    for (size_t r = 1; r < roster.size(); ++r)
      if (!roster[r].empty() && !roster[r][0].empty() && rows_.emplace(roster[r][0], roster[r]).second)
        order_.push_back(roster[r][0]);
    std::string line;
    for (size_t c = 0; c < header_.size(); ++c) line += (c ? "," : "") + CsvField(header_[c], true);
    line += "," + CsvField(rubric.title.empty() ? rubric.id : rubric.title, true) + ",max,percent,status,pending\r\n";
    file_.Write(line);
  }
  std::string Prepare(const ReportRecord& r) const override {
    std::string out;
    const bool graded = r.graded();
    out += ",";
    if (graded) out += ShowNumber(r.score);
    out += ",";
    out += graded ? ShowNumber(r.max) : (rubric_.points > 0 ? ShowNumber(rubric_.points) : "");
    out += ",";
    if (graded) out += ShowNumber(r.normalized * 100);
    out += "," + CsvField(GradebookStatus(r), false) + ",";
    if (graded) out += ShowNumber(PendingPoints(r));
    return out + "\r\n";
  }
  void Add(const GradedEntry& entry, std::string prepared) override {
    const std::string& id = entry.record.id;
    // Only the roster's students are remembered (for the missing rows):
    // a run of a million records without a roster holds no id here.
    if (rows_.count(id)) seen_.insert(id);
    file_.Write(Identity(id) + prepared);
  }
  void Finish() override {
    for (const std::string& id : order_)
      if (!seen_.count(id))
        file_.Write(Identity(id) + ",," + (rubric_.points > 0 ? ShowNumber(rubric_.points) : "") + ",,missing,\r\n");
    file_.Commit();
  }

 private:
  // The identifying columns of `id`: its roster row, or the id alone.
  std::string Identity(const std::string& id) const {
    auto it = rows_.find(id);
    std::string out;
    for (size_t c = 0; c < header_.size(); ++c) {
      std::string cell = c == 0 ? id : it != rows_.end() && c < it->second.size() ? it->second[c] : "";
      out += (c ? "," : "") + CsvField(cell, true);
    }
    return out;
  }

  AtomicFileWriter file_;
  const RubricSummary& rubric_;
  std::vector<std::string> header_;
  std::map<std::string, std::vector<std::string>> rows_;
  std::vector<std::string> order_;
  std::set<std::string> seen_;  // roster ids that have a record
};

class LmsCsvFormat : public ReportFormat {
 public:
  std::string name() const override { return "lms-csv"; }
  std::unique_ptr<ReportStream> Open(const ReportContext& c) const override {
    return std::make_unique<LmsCsvStream>(c.out_dir + "/gradebook.csv", c.rubric, c.options.roster);
  }
};

const ReportFormatRegistration kLmsCsv(std::make_unique<LmsCsvFormat>());

}  // namespace
}  // namespace grader
