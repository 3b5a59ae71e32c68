// Issue 15: feedback a TA can send and a gradebook a TA can trust. End to end
// on the real writeups of ../shared/corpus (read in place), and unit by unit
// on hand-built records.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "grader/rubric/grade.h"
#include "grader/rubric/rubric.h"
#include "reference/problem.h"
#include "reports/feedback.h"
#include "reports/gradescope.h"
#include "reports/grades_csv.h"
#include "reports/html.h"
#include "reports/report_format.h"
#include "reports/stats.h"
#include "reports/summary.h"
#include "reports/summary_html.h"
#include "reports/summary_md.h"
#include "tests/cli_test_util.h"
#include "tests/reports/report_fixtures.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::WriteFile;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string Unescape(std::string s) {
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  }
  return s;
}

std::vector<std::string> CsvCells(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// "12.5" or "−2" / "-2" / "+1" in hundredths.
long long ParseCents(std::string s) {
  const std::string minus = "\xE2\x88\x92";
  bool negative = false;
  if (s.rfind(minus, 0) == 0) negative = true, s = s.substr(minus.size());
  else if (!s.empty() && (s[0] == '-' || s[0] == '+')) negative = s[0] == '-', s = s.substr(1);
  long long c = Cents(std::stod(s));
  return negative ? -c : c;
}

// The score a student Markdown page shows, and the sum of what it lists:
// the sections' points, the deductions and the adjustments line.
std::pair<long long, long long> PageTotals(const std::string& md) {
  long long score = -1, sum = 0;
  bool in_deductions = false;
  std::smatch m;
  for (const std::string& line : Lines(md)) {
    if (std::regex_search(line, m, std::regex(R"(^Score: \*\*([0-9.]+) / )"))) score = ParseCents(m[1]);
    if (line == "## Deductions") {
      in_deductions = true;
      continue;
    }
    if (std::regex_search(line, m, std::regex(R"(^## .*: ([0-9.]+) / [0-9.]+( so far)?$)"))) {
      in_deductions = false;
      sum += ParseCents(m[1]);
    }
    if (in_deductions && std::regex_search(line, m, std::regex(R"(^- \*\*Deducted\*\* (-[0-9.]+): )")))
      sum += ParseCents(m[1]);
    if (std::regex_search(line, m, std::regex("^(Adjustments by course staff|Kept within the rubric's limits): (.*)$")))
      sum += ParseCents(m[2]);
  }
  return {score, sum};
}

std::vector<fs::path> CorpusCs336() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(std::string(GRADER_SOURCE_DIR) + "/../shared/corpus/writeups"))
    if (e.path().filename().string().rfind("cs336_", 0) == 0) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("Corpus batch: student pages hide internals, highlight exact evidence, and every output agrees",
          "[reports][issue15][corpus]") {
  std::vector<fs::path> files = CorpusCs336();
  REQUIRE(files.size() == 15);
  fs::path dir = testing::FreshTempDir("issue15-corpus");
  std::string roster = "id,email\n";
  std::string args = "grade --rubric " + std::string(GRADER_SOURCE_DIR) +
                     "/rubrics/cs336-transformer-accounting.json --out " + (dir / "out").string() +
                     " --gradescope --roster " + (dir / "roster.csv").string();
  for (const fs::path& f : files) {
    args += " " + f.string();
    roster += f.stem().string() + "," + f.stem().string().substr(0, 12) + "@uni.edu\n";
  }
  roster += "nobody,nobody@uni.edu\n";
  WriteFile(dir / "roster.csv", roster);
  testing::CliRun run = testing::RunGrader(args);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  fs::path out = dir / "out";

  // grades.csv: id -> its row.
  std::map<std::string, std::vector<std::string>> grades;
  std::vector<std::string> header;
  for (const std::string& line : Lines(ReadFile(out / "grades.csv"))) {
    if (header.empty()) header = CsvCells(line);
    else grades[CsvCells(line)[0]] = CsvCells(line);
  }
  REQUIRE(header.back() == "pending");
  const size_t status_col = std::find(header.begin(), header.end(), "status") - header.begin();

  // The rubric's key derivation steps, none of which a student page shows.
  Rubric rubric = LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
  const Problem& problem = BuiltinProblems().Get(rubric.problem);
  AnswerKey key = BuildKey(problem, problem.Defaults());
  std::vector<std::string> steps;
  for (const KeyAnswer& a : key.answers)
    for (const std::string& s : a.steps) steps.push_back(s);
  REQUIRE(steps.size() > 10);

  int pages = 0, marks_checked = 0, guesses = 0, with_marks = 0;
  std::set<std::string> statuses;
  for (const std::string& line : Lines(ReadFile(out / "results.jsonl"))) {
    Record rec = Record::parse(line);
    const std::string id = rec["id"], file_id = rec["file_id"];
    INFO(id);
    REQUIRE(rec["status"] == "graded");
    const double score = rec["score"];
    const std::string shown = ShowNumber(score);
    // results.jsonl, grades.csv, Gradescope and the student page agree to the hundredth.
    REQUIRE(grades.count(id));
    CHECK(grades[id][1] == shown);
    const int review = rec.value("review", 0), unscored = rec.value("unscored", 0);
    CHECK(grades[id][status_col] == (unscored ? "partly unscored" : review ? "needs review" : "graded"));
    statuses.insert(grades[id][status_col]);
    nlohmann::json gs = nlohmann::json::parse(ReadFile(out / "gradescope" / file_id / "results.json"));
    CHECK(Cents(gs["score"].get<double>()) == Cents(score));
    long long max_sum = 0, score_sum = 0;
    for (const auto& t : gs["tests"]) {
      max_sum += Cents(t["max_score"].get<double>());
      if (t.contains("score")) score_sum += Cents(t["score"].get<double>());
      if (t["visibility"] == "visible") {
        const std::string output = t["output"];
        CHECK_FALSE(Has(output, "asserts:"));
        CHECK_FALSE(Has(output, "likeliest"));
        CHECK_FALSE(Has(output, "Derivation"));
      }
    }
    CHECK(max_sum == 10000);  // exactly 100
    CHECK(score_sum == Cents(score));

    const std::string md = ReadFile(out / "feedback" / (file_id + ".md"));
    auto [page_score, page_sum] = PageTotals(md);
    CHECK(page_score == Cents(score));
    CHECK(page_sum == page_score);
    const std::string html = ReadFile(out / "feedback" / (file_id + ".html"));
    for (const std::string& page : {md, html}) {
      for (const char* internal : {"asserts:", "denies:", "present: /", "absent: /", "likeliest", "Likeliest",
                                   "Derivation", "\\s*", "matches the key", "the response picks", "diagnostic"}) {
        INFO(internal);
        CHECK_FALSE(Has(page, internal));
      }
    }
    for (const std::string& step : steps) CHECK_FALSE(Has(html, HtmlEscape(step)));
    guesses += Has(md, "No answer matching the question was found in part (");

    // Evidence quotes of the items students see.
    std::set<std::string> quotes;
    auto collect = [&](const Record& item) {
      if (item.value("visibility", "") == "staff" || item.value("found_guess", false)) return;
      for (const auto& e : item["evidence"]) quotes.insert(CleanText(e["quote"].get<std::string>()));
    };
    for (const auto& c : rec["result"]["criteria"])
      for (const auto& item : c["items"]) collect(item);
    for (const auto& item : rec["result"]["deductions"]) collect(item);
    // Every highlight is the exact text of an evidence quote, and links to
    // an item that links back.
    std::regex mark(R"re(<mark id="(ev-[0-9]+)"><a href="#(item-[0-9]+)" title="[^"]*">([^<]*)</a></mark>)re");
    int marks = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), mark); it != std::sregex_iterator(); ++it) {
      ++marks;
      const std::string text = Unescape((*it)[3]);
      CHECK(quotes.count(text) == 1);
      CHECK(Has(html, "id=\"" + (*it)[2].str() + "\""));
      CHECK(Has(html, "<a href=\"#" + (*it)[1].str() + "\"><q>"));
    }
    CHECK(Has(html, "<h2>Your response</h2>"));
    // The staff page beside it: the same response, every item.
    const std::string staff_html = ReadFile(out / "staff" / (file_id + ".html"));
    CHECK(Has(staff_html, "<h2>Your response</h2>"));
    CHECK(Has(staff_html, "diagnostic (not asked, no points)"));
    with_marks += marks > 0;
    marks_checked += marks;
    ++pages;

    // The staff page keeps everything.
    ReportRecord r = ReportFromJson(rec);
    const std::string staff = FeedbackMarkdown(r, SummariseRubric(rubric), FeedbackAudience::kStaff);
    CHECK(Has(staff, "diagnostic (not asked, no points)"));
    CHECK(Has(staff, "Derivation: "));
  }
  CHECK(pages == 15);
  CHECK(marks_checked > 80);
  CHECK(with_marks >= 13);  // one writeup answers only the AdamW problem
  CHECK(statuses == std::set<std::string>{"graded", "needs review"});
  CHECK(guesses > 0);

  // The LMS export keeps the roster's columns, and lists who has no submission.
  std::vector<std::string> lms = Lines(ReadFile(out / "gradebook.csv"));
  REQUIRE(lms.size() == 17);
  CHECK(lms[0] == "id,email,Transformer accounting (CS336 assignment 1),max,percent,status,pending\r");
  CHECK(lms[16] == "nobody,nobody@uni.edu,,100,,missing,\r");
  std::vector<std::string> first = CsvCells(lms[1]);
  CHECK(first[1] == first[0].substr(0, 12) + "@uni.edu");
  CHECK(first[2] == grades[first[0]][1]);

  // The summary lists every student with a link, and who lost each item.
  const std::string summary = ReadFile(out / "summary.html");
  for (const fs::path& f : files)
    CHECK(Has(summary, "<a href=\"feedback/" + f.stem().string() + ".html\">" + f.stem().string() + "</a>"));
  CHECK(Has(summary, "<h2>Students</h2>"));
  CHECK(Has(summary, "<a href=\"staff/" + files[0].stem().string() + ".html\">staff</a>"));
  CHECK(Has(summary, "common wrong values"));
}

TEST_CASE("reveal: rubric and item settings, checked like every other field", "[rubric][issue15]") {
  auto load = [](const std::string& reveal_top, const std::string& reveal_item) {
    return ParseRubric("rubrics/t.json", R"({"id": "t", "problem": "myt-params", "points": 10)" + reveal_top +
                                             R"(, "criteria": [{"id": "c1", "part": "a", "weight": 10, "checks": [
  {"id": "n", "kind": "numeric", "answer": "ffn_params")" + reveal_item + R"(}]}]})");
  };
  auto error = [&](const std::string& top, const std::string& item) -> std::string {
    try {
      load(top, item);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  };
  Rubric defaults = load("", "");
  const RubricItem& d = defaults.criteria[0].items[0];
  CHECK(d.reveal.expected);
  CHECK_FALSE(d.reveal.derivation);
  CHECK(d.reveal.feedback);
  CHECK(defaults.reveal_adjustments);
  Rubric set = load(R"(, "reveal": {"derivation": true, "adjustments": false})", R"(, "reveal": {"expected": false})");
  const RubricItem& s = set.criteria[0].items[0];
  CHECK_FALSE(s.reveal.expected);
  CHECK(s.reveal.derivation);  // inherited from the rubric
  CHECK(s.reveal.feedback);
  CHECK_FALSE(set.reveal_adjustments);
  RubricSummary summary = SummariseRubric(set);
  CHECK_FALSE(summary.reveal_adjustments);
  CHECK_FALSE(summary.FindItem("n").expected);
  CHECK(summary.FindItem("n").kind == "numeric");

  CHECK(error(R"(, "reveal": {"derivaton": true})", "") ==
        "rubrics/t.json:1:76: reveal.derivaton: unknown field 'derivaton'; did you mean 'derivation'?");
  CHECK(Has(error(R"(, "reveal": {"expected": "yes"})", ""), "reveal.expected: expected true or false"));
  CHECK(Has(error(R"(, "reveal": true)", ""), "reveal: expected an object"));
  CHECK(Has(error("", R"(, "reveal": {"adjustments": false})"),
            "criteria[0].checks[0].reveal.adjustments: unknown field 'adjustments'"));
}

// A record with one numeric item whose check found no matching number.
Record Guess() {
  return Record::parse(R"json({"id": "gus", "file_id": "gus", "status": "graded", "score": 0, "max": 10,
    "normalized": 0, "scored_max": 10, "unscored": 0, "variant": 3, "params": {"d_model": "1024"},
    "result": {"criteria": [{"id": "count", "title": "(a) Count", "part": "a", "weight": 10, "points": 0, "credit": 0,
      "items": [{"id": "total", "kind": "numeric", "title": "total parameters", "part": "a", "status": "fail",
        "credit": 0, "points": 0, "max_points": 6, "expected": "2,048 parameter (within 1%)", "found": "1600",
        "found_guess": true, "detail": "no number in part (a) matches the key; the likeliest answer is shown",
        "derivation": ["total = 2 * 1024 = 2,048"], "feedback": "Count both matrices.",
        "evidence": [{"quote": "1600", "line": 2, "column": 5, "begin": 10, "end": 14}], "visibility": "students"},
       {"id": "says", "kind": "claim", "title": "names the matrices", "part": "a", "status": "fail", "credit": 0,
        "points": 0, "max_points": 4, "expected": "asserts: (Q\\s*K|QK\\^?T)", "detail": "no sentence in part (a) says it",
        "evidence": [], "visibility": "students"}]}], "checklist": [], "deductions": []}})json");
}

TEST_CASE("Feedback: no guess shown as the answer, no pattern, derivation only when revealed", "[reports][issue15]") {
  RubricSummary rubric = testing::DemoRubric();
  const std::string student = FeedbackMarkdown(Guess(), rubric);
  CHECK(Has(student, "Your parameters: variant 3; d\\_model = 1024"));
  CHECK(Has(student, "  - No answer matching the question was found in part (a).\n"));
  CHECK_FALSE(Has(student, "1600"));
  CHECK_FALSE(Has(student, "likeliest"));
  CHECK(Has(student, "  - Expected: 2,048 parameter (within 1%)\n"));
  CHECK_FALSE(Has(student, "asserts"));
  CHECK_FALSE(Has(student, "no sentence"));
  CHECK_FALSE(Has(student, "2 \\* 1024"));
  CHECK(Has(student, "Count both matrices."));
  const std::string staff = FeedbackMarkdown(Guess(), rubric, FeedbackAudience::kStaff);
  CHECK(Has(staff, "  - Likeliest reading (matches nothing): 1600\n"));
  CHECK(Has(staff, "  - Derivation: total = 2 \\* 1024 = 2,048\n"));
  CHECK(Has(staff, "  - Expected: asserts: (Q\\\\s\\*K\\|QK\\\\^?T)\n"));
  // The rubric's choices: the derivation revealed, the expected value and feedback not.
  rubric.items = {{"total", "numeric", false, true, false}};
  const std::string chosen = FeedbackMarkdown(Guess(), rubric);
  CHECK(Has(chosen, "  - Derivation: total = 2 \\* 1024 = 2,048\n"));
  CHECK_FALSE(Has(chosen, "Expected: 2,048"));
  CHECK_FALSE(Has(chosen, "Count both matrices."));
  // Gradescope's visible test says the same.
  const std::string gs = GradescopeJson(Guess(), testing::DemoRubric());
  CHECK(Has(gs, "No answer matching the question was found in part (a)."));
  CHECK_FALSE(Has(gs, "1600"));
  CHECK_FALSE(Has(gs, "asserts"));
}

// Points of a staff-only deduction and a staff-only criterion.
Record WithStaffPoints() {
  return Record::parse(R"json({"id": "sam", "file_id": "sam", "status": "graded", "score": 7.71, "max": 10,
    "normalized": 0.771, "scored_max": 10, "unscored": 0,
    "result": {"criteria": [
      {"id": "count", "title": "(a) Count", "part": "a", "weight": 6, "points": 5.714286, "credit": 0.952381,
       "items": [
        {"id": "x1", "kind": "numeric", "title": "first", "status": "pass", "credit": 1, "points": 2.857143, "max_points": 2.857143, "evidence": [], "visibility": "students"},
        {"id": "x2", "kind": "numeric", "title": "second", "status": "pass", "credit": 1, "points": 2.857143, "max_points": 2.857143, "evidence": [], "visibility": "students"},
        {"id": "x3", "kind": "numeric", "title": "third", "status": "fail", "credit": 0, "points": 0, "max_points": 0.285714, "evidence": [], "visibility": "students"}]},
      {"id": "explain", "title": "(b) Explain", "part": "b", "weight": 4, "points": 4, "credit": 1,
       "items": [{"id": "y", "kind": "length", "title": "long enough", "status": "pass", "credit": 1, "points": 4, "max_points": 4, "evidence": [], "visibility": "students"}]}],
     "checklist": [],
     "deductions": [{"id": "hidden", "kind": "coverage", "title": "STAFF-ONLY", "status": "applied", "credit": 0,
       "points": -2, "deduction": -2, "applied": 1, "evidence": [], "visibility": "staff"}]}})json");
}

TEST_CASE("Feedback: staff-only points show as one adjustments line, and the page adds up", "[reports][issue15]") {
  RubricSummary rubric = testing::DemoRubric();
  const std::string md = FeedbackMarkdown(WithStaffPoints(), rubric);
  CHECK_FALSE(Has(md, "STAFF-ONLY"));
  // The visible items are worth 9.714286 and staff took 2: 7.714286, shown
  // as 7.71. Items at full credit show their max (2.86, the sevenths' max
  // points split to add up to 6), so the hundredth that rounding left over
  // goes to the adjustments line.
  CHECK(Has(md, "\nAdjustments by course staff: \xE2\x88\x92" "2.01\n"));
  CHECK(Has(md, "## (a) Count: 5.72 / 6\n"));
  // Items add up to their section, and their max points to its weight.
  CHECK(Has(md, "- **Earned** 2.86 / 2.86: first\n"));
  CHECK(Has(md, "- **Earned** 2.86 / 2.86: second\n"));
  CHECK(Has(md, "- **Lost** 0 / 0.28: third\n"));
  auto [score, sum] = PageTotals(md);
  CHECK(score == 771);
  CHECK(sum == 771);
  CHECK(Has(FeedbackHtml(WithStaffPoints(), rubric), "<p class=\"adjust\">Adjustments by course staff: \xE2\x88\x92" "2.01</p>"));
  rubric.reveal_adjustments = false;
  CHECK_FALSE(Has(FeedbackMarkdown(WithStaffPoints(), rubric), "Adjustments"));
  // Staff see the deduction itself, not a line.
  const std::string staff = FeedbackMarkdown(WithStaffPoints(), testing::DemoRubric(), FeedbackAudience::kStaff);
  CHECK(Has(staff, "- **Deducted** -2: STAFF-ONLY\n"));
  CHECK_FALSE(Has(staff, "Adjustments by course staff"));
}

TEST_CASE("Gradescope: max_scores add up to the total exactly", "[reports][issue15]") {
  nlohmann::json gs = nlohmann::json::parse(GradescopeJson(WithStaffPoints(), testing::DemoRubric()));
  std::vector<double> maxes;
  long long sum = 0;
  for (const auto& t : gs["tests"]) {
    maxes.push_back(t["max_score"].get<double>());
    sum += Cents(t["max_score"].get<double>());
  }
  CHECK(maxes == std::vector<double>{2.86, 2.86, 0.28, 4, 0});
  CHECK(sum == 1000);
  CHECK(gs["score"].get<double>() == 7.71);
}

TEST_CASE("SplitCents: rounded parts that add up to the total", "[reports][issue15]") {
  CHECK(SplitCents({10.0 / 3, 10.0 / 3, 10.0 / 3}, 1000) == std::vector<long long>{334, 333, 333});
  CHECK(SplitCents({100.0 / 7, 100.0 / 7, 100.0 / 7, 100.0 / 7, 100.0 / 7, 100.0 / 7, 100.0 / 7}, 10000) ==
        std::vector<long long>{1428, 1428, 1428, 1429, 1429, 1429, 1429});
  CHECK(SplitCents({1.005, -2.5}, -150) == std::vector<long long>{100, -250});
  CHECK(SplitCents({}, 0).empty());
  CHECK(ShowCents(-200) == "-2");
  CHECK(ShowCents(1234) == "12.34");
}

TEST_CASE("grades.csv says what is final: status and pending points", "[reports][issue15]") {
  RubricSummary rubric = testing::DemoRubric();
  // alice: an unscored llm item worth 2.
  CHECK(GradebookStatus(ReportFromJson(testing::Alice())) == std::string("partly unscored"));
  CHECK(PendingPoints(ReportFromJson(testing::Alice())) == 2);
  CHECK(GradesCsvRow(ReportFromJson(testing::Alice()), rubric) == "alice,6.5,10,65,4.5,,0,1,partly unscored,,0,2\r\n");
  Record reviewed = WithStaffPoints();
  reviewed["result"]["criteria"][1]["items"][0]["status"] = "review";
  CHECK(GradebookStatus(ReportFromJson(reviewed)) == std::string("needs review"));
  CHECK(PendingPoints(ReportFromJson(reviewed)) == 4);
  CHECK(GradebookStatus(ReportFromJson(WithStaffPoints())) == std::string("graded"));
  CHECK(PendingPoints(ReportFromJson(WithStaffPoints())) == 0);
  CHECK(GradebookStatus(ReportFromJson(testing::ErrorRecord("e", "empty file"))) == std::string("error"));
  CHECK(GradesCsvHeader(rubric) == "id,total,max,percent,count,explain,audit,unscored,status,error,review,pending\r\n");
}

TEST_CASE("Summary: students with status and links, and who lost each item with their values", "[reports][issue15]") {
  std::vector<Record> records;
  for (int i = 0; i < 25; ++i) {
    Record r = testing::Scored("s" + std::to_string(i), i % 2 ? 10 : 4, i % 2 == 1);
    r["file_id"] = "s" + std::to_string(i);
    auto& item = r["result"]["criteria"][0]["items"][0];
    if (i % 2 == 0) item["found"] = i % 4 == 0 ? "1600" : "2048";
    if (i == 2) item["found_guess"] = true;
    records.push_back(r);
  }
  records.push_back(testing::ErrorRecord("bad", "empty file"));
  BatchSummary s = Summarize(records, testing::DemoRubric());
  REQUIRE(s.students.size() == 26);
  CHECK(s.students[1].id == "s1");
  CHECK(s.students[1].status == "graded");
  CHECK(s.students[25].status == "error");
  REQUIRE(s.items.size() == 1);
  const BatchSummary::ItemStat& item = s.items[0];
  CHECK(item.Lost() == 13);
  REQUIRE(item.losers.size() == 13);
  CHECK(item.losers[0] == "s0");
  CHECK(item.losers[1] == "s2");
  REQUIRE(item.wrong_values.size() == 3);
  CHECK(item.wrong_values[0] == std::make_pair(std::string("1600"), 7));
  CHECK(item.wrong_values[1] == std::make_pair(std::string("2048"), 5));
  CHECK(item.wrong_values[2] == std::make_pair(std::string("(no matching answer)"), 1));
  const std::string html = SummaryHtml(records, testing::DemoRubric());
  CHECK(Has(html, "<tr><td><a href=\"feedback/s1.html\">s1</a></td><td class=\"n\">10 / 10</td><td>graded</td><td class=\"n\">0</td><td><a href=\"staff/s1.html\">staff</a></td></tr>"));
  CHECK(Has(html, "<a href=\"feedback/s0.html\">s0</a>, <a href=\"feedback/s2.html\">s2</a>"));
  CHECK(Has(html, "<q>1600</q> &times;7<br><q>2048</q> &times;5"));
  const std::string md = SummaryMarkdown(records, testing::DemoRubric());
  CHECK(Has(md, "| [s1](feedback/s1.md) | 10 / 10 | graded | 0 |\n"));
}

TEST_CASE("Coverage: a bare heading is no answer", "[check][issue15]") {
  Rubric r = ParseRubric("rubrics/cov.json", R"({"id": "cov", "points": 2, "criteria": [{"id": "c", "weight": 2,
    "checks": [{"id": "all", "kind": "coverage", "parts": ["a", "b", "c", "d"]}]}]})");
  AnswerKey key = KeylessKey(r);
  auto found = [&](const std::string& text) { return GradeText(r, key, text).criteria[0].items[0].outcome.found; };
  CHECK(found("(a) 42 parameters.\n\n(b)\n\n(c) The feed-forward layers dominate the cost.\n\n## (d) FLOPs\n") ==
        "2 found");
  CHECK(found("(a) 42\n\n(b) x = 2y\n\n(c) It grows quadratically.\n\n## (d) FLOPs\n\nAbout 4.5e12.\n") == "4 found");
}

TEST_CASE("cs336 rubric: the feed-forward count part (a) never asks is a staff-only diagnostic", "[rubric][issue15]") {
  Rubric r = LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json");
  const Criterion& a = r.criteria[0];
  REQUIRE(a.items[1].id == "ffn_params");
  CHECK(a.items[1].visibility == Visibility::kStaff);
  CHECK(ExactString(*a.items[1].share) == "0");
  CHECK(ExactString(*a.items[0].share) == "15");  // total_params: 3 of 6 weights of 30 points
  // The shipped model answer earns every point (95.71 when it was graded on
  // the feed-forward count).
  const Problem& p = BuiltinProblems().Get(r.problem);
  AnswerKey key = BuildKey(p, p.Defaults());
  Result res = GradeText(
      r, key, ReadFile(std::string(GRADER_SOURCE_DIR) + "/problems/examples/cs336-transformer-accounting/ada.md"));
  CHECK(ExactString(res.criteria[0].points) == "30");
  CHECK(ExactString(res.score) == "100");
}

}  // namespace
}  // namespace grader

namespace grader {

TEST_CASE("Summary: a large batch lists its first students and errors, and points to the files with all of them",
          "[reports][issue13]") {
  // The builder keeps no row beyond kStudentsShown (memory flat in the
  // batch's size); counts and statistics still cover every record.
  SummaryBuilder b(testing::DemoRubric());
  const size_t n = kStudentsShown + 3;
  for (size_t i = 0; i < n; ++i) b.Add(ReportError("e" + std::to_string(i), "e" + std::to_string(i), "", "empty file"));
  BatchSummary s = b.Finish();
  CHECK(s.records == static_cast<int>(n));
  CHECK(s.errors == static_cast<int>(n));
  REQUIRE(s.students.size() == kStudentsShown);
  REQUIRE(s.error_rows.size() == kErrorsShown);
  CHECK(s.students.back().id == "e" + std::to_string(kStudentsShown - 1));
  std::string md = SummaryMarkdown(s), html = SummaryHtml(s);
  CHECK(md.find("\nand 3 more (grades.csv lists every submission).\n") != std::string::npos);
  CHECK(md.find("\nand 3 more (results.jsonl has every error).\n") != std::string::npos);
  CHECK(html.find("<p>and 3 more (<code>grades.csv</code> lists every submission).</p>\n") != std::string::npos);
  CHECK(html.find("<p>and 3 more (<code>results.jsonl</code> has every error).</p>\n") != std::string::npos);
  // At the limit, nothing is added.
  SummaryBuilder small(testing::DemoRubric());
  for (size_t i = 0; i < kStudentsShown; ++i) small.Add(ReportError("e" + std::to_string(i), "e", "", "x"));
  CHECK(SummaryMarkdown(small.Finish()).find(" more (") == std::string::npos);
}

}  // namespace grader
