// The report-format registry: which formats exist, which a run wants, and
// what a format writes for one record.
#include "reports/report_format.h"

#include <catch2/catch.hpp>

#include "reports/feedback.h"
#include "tests/reports/report_fixtures.h"

namespace {

std::vector<std::string> Names(const std::vector<const grader::ReportFormat*>& formats) {
  std::vector<std::string> out;
  for (const grader::ReportFormat* f : formats) out.push_back(f->name());
  return out;
}

const grader::ReportFormat* Format(const std::string& name) {
  for (const grader::ReportFormat* f : grader::ReportFormats())
    if (f->name() == name) return f;
  return nullptr;
}

}  // namespace

// The test binary also holds "tally", registered by added_format_test.cc.
TEST_CASE("report formats: registered by name, chosen by the run's flags", "[reports][formats]") {
  CHECK(Names(grader::ReportFormats()) ==
        std::vector<std::string>{"feedback", "grades-csv", "gradescope", "lms-csv", "results", "review-csv", "summary",
                                 "tally"});
  grader::ReportOptions plain;
  CHECK(Names(grader::WantedReportFormats(plain)) ==
        std::vector<std::string>{"feedback", "grades-csv", "lms-csv", "results", "review-csv", "summary", "tally"});
  grader::ReportOptions gs;
  gs.gradescope = true;
  CHECK(Names(grader::WantedReportFormats(gs)) ==
        std::vector<std::string>{"feedback", "grades-csv", "gradescope", "lms-csv", "results", "review-csv", "summary",
                                 "tally"});
}

TEST_CASE("report formats: per-student paths and files", "[reports][formats]") {
  REQUIRE(Format("feedback"));
  CHECK(Format("feedback")->StudentPaths("ada") ==
        std::vector<std::string>{"feedback/ada.md", "feedback/ada.html", "staff/ada.html"});
  CHECK(Format("gradescope")->StudentPaths("ada") == std::vector<std::string>{"gradescope/ada/results.json"});
  CHECK(Format("results")->StudentPaths("ada").empty());
  CHECK(Format("summary")->StudentPaths("ada").empty());
  // --feedback: which of them a run writes, and the folders it no longer writes.
  grader::ReportOptions html_only;
  html_only.feedback = grader::ParseFeedbackKinds("html");
  CHECK(Format("feedback")->WrittenStudentPaths("ada", html_only) == std::vector<std::string>{"feedback/ada.html"});
  CHECK(Format("feedback")->UnwrittenPaths(html_only) == std::vector<std::string>{"staff"});
  html_only.feedback = grader::ParseFeedbackKinds("none");
  CHECK_FALSE(Format("feedback")->Wanted(html_only));
  CHECK(grader::FeedbackKindsText(grader::ParseFeedbackKinds("staff,md")) == "md,staff");
  CHECK(grader::FeedbackKindsText(grader::ParseFeedbackKinds("all")) == "md,html,staff");
  CHECK(grader::FeedbackKindsText(grader::ParseFeedbackKinds("none")) == "none");
  CHECK_THROWS_WITH(grader::ParseFeedbackKinds("md,,html"),
                    "--feedback: 'md,,html' has an empty name in its list (md, html, staff, or all or none)");

  grader::RubricSummary rubric = grader::testing::DemoRubric();
  grader::ReportRecord rec = grader::ReportError("ada", "ada", "", "empty submission");
  grader::ReportOptions options;
  grader::ReportContext context{rubric, options, "/nowhere"};
  std::vector<grader::OutputFile> files = Format("feedback")->StudentFiles(rec, context);
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == "feedback/ada.md");
  CHECK(files[1].path == "feedback/ada.html");
  CHECK(files[2].path == "staff/ada.html");
  CHECK(files[2].content == grader::FeedbackHtml(rec, rubric, grader::FeedbackAudience::kStaff));
  CHECK_FALSE(files[0].durable);
  CHECK(files[0].content == grader::FeedbackMarkdown(rec, rubric));
  CHECK(files[1].content == grader::FeedbackHtml(rec, rubric));
  CHECK(Format("results")->StudentFiles(rec, context).empty());
}
