// Hand-built batch records for the renderer tests: small, with every field a
// renderer reads, so the expected outputs can be checked by eye.
#ifndef GRADER_TESTS_REPORTS_REPORT_FIXTURES_H_
#define GRADER_TESTS_REPORTS_REPORT_FIXTURES_H_

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/batch_record.h"
#include "tests/test_seeds.h"

namespace grader::testing {

// A 10-point rubric: (a) 6 points, (b) 4 points, and a staff-only (c).
inline RubricSummary DemoRubric() {
  RubricSummary r;
  r.id = "demo";
  r.title = "Demo homework";
  r.problem = "demo";
  r.points = 10;
  r.criteria = {{"count", "(a) Count the parameters", 6, false},
                {"explain", "(b) Explain", 4, false},
                {"audit", "(c) Staff audit", 0, true}};
  return r;
}

// alice: (a) one pass, one partial with a known mistake and a <script> in the
// evidence; (b) one unscored llm item; a staff-only item; an applied
// deduction. Score 6.5 / 10.
inline Record Alice() {
  return Record::parse(R"json({
  "id": "alice", "file_id": "alice", "source": "subs/alice.md", "status": "graded",
  "score": 6.5, "max": 10, "normalized": 0.65, "scored_max": 8, "unscored": 1,
  "result": {
    "score": 6.5, "max": 10, "normalized": 0.65, "scored_max": 8,
    "rubric": "demo", "problem": "demo", "scored": 4, "unscored": 1,
    "criteria": [
      {"id": "count", "title": "(a) Count the parameters", "part": "a", "weight": 6, "points": 4.5, "credit": 0.75,
       "items": [
         {"id": "total", "kind": "numeric", "title": "total parameters", "part": "a", "status": "pass", "credit": 1,
          "points": 3, "max_points": 3, "expected": "1,024 parameter (within 1%)", "found": "1024",
          "relative_error": 0, "detail": "matches the key within 1%",
          "evidence": [{"quote": "1024", "line": 3, "column": 7, "begin": 40, "end": 44}], "visibility": "students"},
         {"id": "memory", "kind": "numeric", "title": "memory in bytes", "part": "a", "status": "partial",
          "credit": 0.5, "points": 1.5, "max_points": 3, "expected": "4,096 byte (within 1%)",
          "found": "2048 <script>alert(1)</script>", "relative_error": -0.5,
          "mistake": "two bytes per parameter", "feedback": "fp32 takes 4 bytes per parameter.",
          "mistake_feedback": "That is fp16, not fp32.", "detail": "matches the known mistake: two bytes per parameter",
          "evidence": [{"quote": "2048 <script>alert(1)</script>", "line": 5, "column": 1, "begin": 60, "end": 91}],
          "visibility": "students"},
         {"id": "key_leak", "kind": "numeric", "title": "staff check", "part": "a", "status": "fail", "credit": 0,
          "points": 0, "max_points": 0, "expected": "SECRET-KEY-VALUE", "detail": "SECRET-DETAIL",
          "evidence": [], "visibility": "staff"}
       ]},
      {"id": "explain", "title": "(b) Explain", "part": "b", "weight": 4, "points": 2, "credit": null,
       "items": [
         {"id": "why", "kind": "llm", "title": "explains why", "part": "b", "status": "unscored", "credit": null,
          "points": 0, "max_points": 2, "evidence": [], "visibility": "students"},
         {"id": "names", "kind": "claim", "title": "names the component", "part": "b", "status": "pass",
          "credit": 1, "points": 2, "max_points": 2,
          "evidence": [{"quote": "the MLP dominates", "line": 9, "column": 2, "begin": 120, "end": 137}],
          "visibility": "students"}
       ]},
      {"id": "audit", "title": "(c) Staff audit", "part": "c", "weight": 0, "points": 0, "credit": 1,
       "items": [
         {"id": "audit_note", "kind": "regex", "title": "AUDIT-ONLY", "status": "pass", "credit": 1, "points": 0,
          "max_points": 0, "evidence": [], "visibility": "students"}
       ]}
    ],
    "checklist": [],
    "deductions": [
      {"id": "arith", "kind": "arithmetic", "title": "a calculation is wrong", "status": "applied", "credit": 0,
       "points": -1, "deduction": -1, "applied": 1, "found": "1 false",
       "feedback": "Each false equation costs a point.", "detail": "\"2 * 3 = 7\" is false; 2 * 3 = 6",
       "evidence": [{"quote": "2 * 3 = 7", "line": 11, "column": 4, "begin": 150, "end": 159}],
       "visibility": "students", "override": {"credit": 0, "comment": "checked by hand"}},
      {"id": "hidden_ded", "kind": "coverage", "title": "STAFF-DEDUCTION", "status": "pass", "credit": 1,
       "points": 0, "deduction": -2, "applied": 0, "evidence": [], "visibility": "staff"}
    ],
    "versions": {"rubric": "r1", "key": "k1", "grader": "grader 0.1.0"}
  },
  "versions": {"rubric": "r1", "key": "k1", "grader": "grader 0.1.0"}
})json");
}

// A graded record with only the fields the statistics read: `score` out of
// 10, item "total" passing when `pass`, an optional model and mistake.
inline Record Scored(const std::string& id, double score, bool pass, const std::string& model = "",
                     const std::string& mistake = "") {
  Record item = {{"id", "total"}, {"kind", "numeric"}, {"status", pass ? "pass" : "fail"},
                 {"credit", pass ? 1 : 0},  {"points", pass ? 6 : 0},  {"max_points", 6},
                 {"evidence", Record::array()}, {"visibility", "students"}};
  if (!mistake.empty()) item["mistake"] = mistake;
  Record r = {{"id", id}, {"status", "graded"}};
  if (!model.empty()) r["model"] = model;
  r["score"] = score;
  r["max"] = 10;
  r["normalized"] = score / 10;
  r["unscored"] = 0;
  r["result"] = {{"criteria", Record::array({Record{{"id", "count"},
                                                    {"weight", 6},
                                                    {"points", pass ? 6 : 0},
                                                    {"credit", pass ? 1 : 0},
                                                    {"items", Record::array({item})}}})},
                 {"checklist", Record::array()},
                 {"deductions", Record::array()}};
  return r;
}

inline Record ErrorRecord(const std::string& id, const std::string& error, const std::string& model = "") {
  Record r = {{"id", id}};
  if (!model.empty()) r["model"] = model;
  r["status"] = "error";
  r["error"] = error;
  return r;
}

// Returns where `actual` first differs from `expected`, line by line, for a
// failing golden comparison: the line and column, up to two equal lines
// before it for context, and the two differing lines quoted (cut to 160
// bytes around the column; "<end of file>" when one text is shorter).
inline std::string GoldenDiff(const std::string& expected, const std::string& actual) {
  const std::vector<std::string_view> e = Lines(expected), a = Lines(actual);
  size_t line = 0;
  while (line < e.size() && line < a.size() && e[line] == a[line]) ++line;
  std::ostringstream out;
  if (line == e.size() && line == a.size()) {  // same lines: only the final '\n' differs
    out << "the texts differ only in the newline at the end (expected " << expected.size() << " bytes, actual "
        << actual.size() << ")";
    return out.str();
  }
  size_t column = 0;
  if (line < e.size() && line < a.size())
    while (column < e[line].size() && column < a[line].size() && e[line][column] == a[line][column]) ++column;
  auto quote = [&](const std::vector<std::string_view>& lines) -> std::string {
    if (line >= lines.size()) return "<end of file>";
    std::string_view s = lines[line];
    size_t from = column > 80 ? column - 80 : 0;
    std::string shown(s.substr(from, 160));
    return (from > 0 ? "..." : "") + ("\"" + shown + "\"") + (from + 160 < s.size() ? "..." : "");
  };
  auto lines = [](size_t n) { return std::to_string(n) + (n == 1 ? " line" : " lines"); };
  out << "first difference at line " << line + 1 << ", column " << column + 1 << " (expected " << lines(e.size())
      << ", actual " << lines(a.size()) << ")\n";
  for (size_t k = line >= 2 ? line - 2 : 0; k < line; ++k) out << "  " << k + 1 << "  " << e[k].substr(0, 160) << "\n";
  out << "- " << line + 1 << "  " << quote(e) << "   (expected)\n";
  out << "+ " << line + 1 << "  " << quote(a) << "   (actual)";
  return out.str();
}

// Compares `actual` with tests/golden/<name>; GRADER_UPDATE_GOLDEN=1 rewrites
// it. On a mismatch the failing CHECK shows GoldenDiff (and a missing golden
// file is named).
inline bool MatchesGolden(const std::string& name, const std::string& actual) {
  std::string path = std::string(GRADER_SOURCE_DIR) + "/tests/golden/" + name;
  if (const char* update = std::getenv("GRADER_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    UNSCOPED_INFO("golden file " << path << " is missing (GRADER_UPDATE_GOLDEN=1 writes it)");
    return false;
  }
  std::stringstream s;
  s << in.rdbuf();
  if (s.str() == actual) return true;
  UNSCOPED_INFO("output differs from " << path << " (GRADER_UPDATE_GOLDEN=1 accepts it):\n"
                                       << GoldenDiff(s.str(), actual));
  return false;
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_REPORTS_REPORT_FIXTURES_H_
