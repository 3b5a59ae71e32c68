// The "results" format: out/results.jsonl, one record per line in input
// order (batch_record.h). It is the run's own record: `grader regrade` and
// every other report read it back.
#include "grader/base/atomic_file.h"
#include "reports/report_format.h"

namespace grader {
namespace {

class ResultsStream : public ReportStream {
 public:
  explicit ResultsStream(const std::string& path) : file_(path) {}
  void Add(const GradedEntry& entry, std::string) override {
    file_.Write(entry.line);
    file_.Write("\n");
  }
  void Finish() override { file_.Commit(); }

 private:
  AtomicFileWriter file_;
};

class ResultsJsonl : public ReportFormat {
 public:
  std::string name() const override { return "results"; }
  std::unique_ptr<ReportStream> Open(const ReportContext& c) const override {
    return std::make_unique<ResultsStream>(c.out_dir + "/results.jsonl");
  }
};

const ReportFormatRegistration kResultsJsonl(std::make_unique<ResultsJsonl>());

}  // namespace
}  // namespace grader
