#include "reports/summary.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>

#include "reports/summary_html.h"
#include "reports/summary_md.h"
#include "tests/reports/report_fixtures.h"

namespace grader {
namespace {

using testing::Alice;
using testing::DemoRubric;
using testing::ErrorRecord;
using testing::Scored;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Two models, a known mistake, an error, and alice (no model).
std::vector<Record> Batch() {
  return {Scored("m1-a", 2, false, "model-one", "two bytes per parameter"),
          Scored("m1-b", 6, true, "model-one"),
          Scored("m1-c", 10, true, "model-one"),
          Scored("m2-a", 4, false, "model-two", "two bytes per parameter"),
          Scored("m2-b", 0, false, "model-two", "forgot the embeddings"),
          ErrorRecord("m2-c", "model refused | <script>", "model-two"),
          Alice()};
}

TEST_CASE("Summarize: exact statistics for a small batch", "[reports][summary]") {
  BatchSummary s = Summarize(Batch(), DemoRubric());
  CHECK(s.records == 7);
  CHECK(s.graded == 6);
  CHECK(s.errors == 1);
  CHECK(s.mean == Approx(28.5 / 6).epsilon(1e-12));  // 2 + 6 + 10 + 4 + 0 + 6.5
  CHECK(s.median == 5);
  CHECK(s.min == 0);
  CHECK(s.top == 10);
  CHECK(s.histogram == std::vector<int>{1, 0, 1, 0, 1, 0, 2, 0, 0, 1});
  REQUIRE(s.criteria.size() == 3);
  CHECK(s.criteria[0].scored == 6);
  CHECK(s.criteria[0].mean_points == Approx(16.5 / 6).epsilon(1e-12));  // 0 6 6 0 0 4.5
  CHECK(s.criteria[1].scored == 0);  // alice's (b) is unscored
  REQUIRE(s.items.size() >= 1);
  CHECK(s.items[0].id == "total");
  CHECK(s.items[0].pass == 3);
  CHECK(s.items[0].fail == 3);
  REQUIRE(s.mistakes.size() == 3);
  CHECK(s.mistakes[0].label == "two bytes per parameter");
  CHECK(s.mistakes[0].count == 2);
  CHECK(s.mistakes[1].label == "forgot the embeddings");
  CHECK(s.mistakes[2].item == "memory");
  CHECK(s.with_unscored == 1);
  CHECK(s.unscored_items == 1);
  REQUIRE(s.error_rows.size() == 1);
  CHECK(s.error_rows[0].id == "m2-c");
}

TEST_CASE("Summarize: a table per model with a stable bootstrap interval", "[reports][summary]") {
  BatchSummary s = Summarize(Batch(), DemoRubric());
  REQUIRE(s.models.size() == 3);
  CHECK(s.models[0].name == "(none)");
  CHECK(s.models[1].name == "model-one");
  CHECK(s.models[1].graded == 3);
  CHECK(s.models[1].mean == 6);
  // {2, 6, 10}: all-2 and all-10 resamples each have chance 1/27 > 2.5%.
  CHECK(s.models[1].ci.low == 2);
  CHECK(s.models[1].ci.high == 10);
  CHECK(s.models[2].name == "model-two");
  CHECK(s.models[2].graded == 2);
  CHECK(s.models[2].errors == 1);
  CHECK(s.models[2].ci.low == 0);
  CHECK(s.models[2].ci.high == 4);
  CHECK(s.models[1].pass[0] == 2);
  CHECK(s.models[1].scored[0] == 3);
  // The interval of a model does not depend on the other models in the batch.
  std::vector<Record> batch = Batch();
  std::vector<Record> alone(batch.begin(), batch.begin() + 3);
  CHECK(Summarize(alone, DemoRubric()).models[0].ci.low == s.models[1].ci.low);
  CHECK(Summarize(alone, DemoRubric()).models[0].ci.high == s.models[1].ci.high);
  // No model anywhere: no model table.
  CHECK(Summarize({Alice()}, DemoRubric()).models.empty());
}

TEST_CASE("SummaryMarkdown matches the approved file", "[reports][summary]") {
  CHECK(testing::MatchesGolden("summary.md", SummaryMarkdown(Batch(), DemoRubric())));
}

TEST_CASE("SummaryHtml is self-contained, escaped and deterministic", "[reports][summary]") {
  std::string html = SummaryHtml(Batch(), DemoRubric());
  CHECK(html == SummaryHtml(Batch(), DemoRubric()));
  CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
  for (const char* external : {"<script", "<link", "src=", "https://", "@import", "<img"}) {
    INFO(external);
    CHECK_FALSE(Has(html, external));
  }
  CHECK(Has(html, "<td>model refused | &lt;script&gt;</td>"));
  CHECK(Has(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 240\""));
  CHECK(Has(html, "aria-label=\"mean score per model with 95% intervals\""));
}

TEST_CASE("HistogramSvg draws one bar per bin with its count", "[reports][summary]") {
  std::string svg = HistogramSvg({1, 0, 2}, 30);
  CHECK(Has(svg, "<rect x=\"42\" y=\"110\" width=\"192.7\" height=\"90\" fill=\"#1565c0\"><title>0-10: 1</title></rect>"));
  CHECK(Has(svg, "<title>10-20: 0</title>"));
  CHECK(Has(svg, "<rect x=\"435.3\" y=\"20\" width=\"192.7\" height=\"180\" fill=\"#1565c0\"><title>20-30: 2</title>"));
}

TEST_CASE("Summaries of an empty batch", "[reports][summary]") {
  BatchSummary s = Summarize({}, DemoRubric());
  CHECK(s.graded == 0);
  CHECK(s.histogram == std::vector<int>(10, 0));
  CHECK(Has(SummaryMarkdown({}, DemoRubric()), "| graded | none |"));
  CHECK(Has(SummaryHtml({}, DemoRubric()), "<p>None.</p>"));
}

}  // namespace
}  // namespace grader
