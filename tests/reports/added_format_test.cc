// Adding a report format is one file and one registration: this file
// registers "tally" (a shared tally.txt counting graded and error records)
// in the test binary only, and a batch run in-process writes it beside the
// built-in outputs without any other change.
#include <catch2/catch.hpp>
#include <filesystem>

#include "grader/base/atomic_file.h"
#include "grader/batch/batch.h"
#include "reports/report_format.h"
#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;

class TallyStream : public grader::ReportStream {
 public:
  explicit TallyStream(std::string path) : path_(std::move(path)) {}
  void Add(const grader::GradedEntry& entry, std::string) override { ++(entry.record.graded() ? graded_ : errors_); }
  void Finish() override {
    grader::WriteFileAtomic(path_, "graded " + std::to_string(graded_) + ", errors " + std::to_string(errors_) + "\n");
  }

 private:
  std::string path_;
  int graded_ = 0, errors_ = 0;
};

class Tally : public grader::ReportFormat {
 public:
  std::string name() const override { return "tally"; }
  std::unique_ptr<grader::ReportStream> Open(const grader::ReportContext& c) const override {
    return std::make_unique<TallyStream>(c.out_dir + "/tally.txt");
  }
};

const grader::ReportFormatRegistration kTally(std::make_unique<Tally>());

}  // namespace

TEST_CASE("report formats: a format added in one file is written by a batch", "[reports][formats]") {
  fs::path dir = grader::testing::FreshTempDir("added-format");
  grader::testing::WriteFile(dir / "subs" / "ada.md", "(a) The model has 2,127,057,600 parameters.\n");
  grader::testing::WriteFile(dir / "subs" / "ben.md", "");
  grader::BatchOptions o;
  o.rubric_path = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";
  o.inputs = {(dir / "subs").string()};
  o.out_dir = (dir / "out").string();
  o.quiet = true;
  o.jobs = 2;
  grader::BatchReport r = grader::RunBatch(o);
  CHECK(r.graded == 1);
  CHECK(r.errors == 1);
  CHECK(grader::testing::ReadFile(dir / "out" / "tally.txt") == "graded 1, errors 1\n");
  CHECK(fs::exists(dir / "out" / "results.jsonl"));
  CHECK(fs::exists(dir / "out" / "feedback" / "ada.html"));
}
