#include "reports/feedback.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/reports/report_fixtures.h"

namespace grader {
namespace {

using testing::Alice;
using testing::DemoRubric;
using testing::ErrorRecord;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_CASE("FeedbackMarkdown matches the approved file", "[reports][feedback]") {
  CHECK(testing::MatchesGolden("feedback_alice.md", FeedbackMarkdown(Alice(), DemoRubric())));
}

TEST_CASE("FeedbackHtml matches the approved file", "[reports][feedback]") {
  CHECK(testing::MatchesGolden("feedback_alice.html", FeedbackHtml(Alice(), DemoRubric())));
}

TEST_CASE("Feedback hides staff items, staff criteria and their details", "[reports][feedback]") {
  for (const std::string& page : {FeedbackMarkdown(Alice(), DemoRubric()), FeedbackHtml(Alice(), DemoRubric())}) {
    for (const char* secret : {"SECRET-KEY-VALUE", "SECRET-DETAIL", "staff check", "AUDIT-ONLY", "Staff audit",
                               "STAFF-DEDUCTION"}) {
      INFO(secret);
      CHECK_FALSE(Has(page, secret));
    }
    CHECK(Has(page, "explains why"));
    CHECK(Has(page, "Not yet graded"));
    CHECK(Has(page, "checked by hand"));
  }
}

TEST_CASE("Feedback escapes a script found in the submission", "[reports][feedback]") {
  std::string md = FeedbackMarkdown(Alice(), DemoRubric());
  CHECK_FALSE(Has(md, "<script>"));
  CHECK(Has(md, "\"2048 \\<script\\>alert(1)\\</script\\>\""));
  std::string html = FeedbackHtml(Alice(), DemoRubric());
  CHECK_FALSE(Has(html, "<script"));
  CHECK(Has(html, "<li>Quoted from line 5, column 1: <q>2048 &lt;script&gt;alert(1)&lt;/script&gt;</q></li>"));
  Record evil = Alice();
  evil["id"] = "<img src=x onerror=alert(1)>";
  html = FeedbackHtml(evil, DemoRubric());
  CHECK_FALSE(Has(html, "<img"));
  CHECK(Has(html, "<h1>Feedback for &lt;img src=x onerror=alert(1)&gt;</h1>"));
}

TEST_CASE("Feedback for an error record explains the error", "[reports][feedback]") {
  CHECK(FeedbackMarkdown(ErrorRecord("carol", "empty file"), DemoRubric()) ==
        "# Feedback for carol\n\nAssignment: Demo homework\n\n"
        "This submission could not be graded: empty file.\n"
        "No score has been recorded for it; please contact the course staff.\n");
  std::string html = FeedbackHtml(ErrorRecord("carol", "<b>bad</b>"), DemoRubric());
  CHECK(Has(html, "<p class=\"error\">This submission could not be graded: &lt;b&gt;bad&lt;/b&gt;."));
}

TEST_CASE("FeedbackHtml is one self-contained page", "[reports][feedback]") {
  std::string html = FeedbackHtml(Alice(), DemoRubric());
  CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
  for (const char* external : {"<script", "<link", "src=", "http://", "https://", "@import"}) {
    INFO(external);
    CHECK_FALSE(Has(html, external));
  }
  CHECK(html == FeedbackHtml(Alice(), DemoRubric()));
}

}  // namespace
}  // namespace grader
