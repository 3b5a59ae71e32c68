#include "grader/rubric/score.h"

#include <catch2/catch.hpp>
#include <map>

#include "grader/rubric/grade.h"
#include "reference/key.h"
#include "reports/result_json.h"

namespace grader {
namespace {

Result GradeWith(const std::string& rubric_json, const std::string& text) {
  // A Result points at its rubric's items, so each rubric outlives the test.
  static std::map<std::string, Rubric> rubrics;
  auto it = rubrics.find(rubric_json);
  if (it == rubrics.end()) it = rubrics.emplace(rubric_json, ParseRubric("rubrics/t.json", rubric_json)).first;
  const Rubric& r = it->second;
  const Problem& p = BuiltinProblems().Get(r.problem);
  return GradeText(r, BuildKey(p, p.Defaults()), text);
}

// Items: "alpha" and "beta" present or not; "judge" is an llm item (unscored).
const char* kRubric = R"({"id": "t", "problem": "myt-params", "points": 20, "floor": 0, "cap": 20, UNSCORED
  "criteria": [
    {"id": "c1", "weight": 12, "checks": [
      {"id": "a", "kind": "regex", "pattern": "alpha", "weight": 3},
      {"id": "b", "kind": "regex", "pattern": "beta", "weight": 1},
      {"id": "j", "kind": "llm", "criterion": "is clear", "weight": 2}]},
    {"id": "c2", "weight": 4, "deduction_cap": 1, "checks": [{"id": "g", "kind": "regex", "pattern": "gamma"}]}],
  "checklist": {"points": 4, "items": [
    {"id": "k1", "kind": "regex", "pattern": "delta"},
    {"id": "k2", "kind": "llm", "criterion": "is polite"}]},
  "deductions": [
    {"id": "d1", "kind": "regex", "pattern": "bad", "absent": true, "points": -0.5, "charge_to": "c2"},
    {"id": "d2", "kind": "regex", "pattern": "worse", "absent": true, "points": -0.75, "charge_to": "c2"},
    {"id": "d3", "kind": "arithmetic", "points": -2, "repeatable": true, "max_count": 2}]})";

std::string RubricText(const std::string& unscored) {
  std::string t = kRubric;
  t.replace(t.find("UNSCORED"), 8, unscored);
  return t;
}

TEST_CASE("score: criteria, checklist and deductions add up exactly", "[score]") {
  Result r = GradeWith(RubricText(""), "alpha gamma delta");
  // c1: a and b scored (weights 3 and 1), j unscored and excluded: 12 · 3/6 = 6 of 8 scored points.
  // c2: 4. checklist: k1 2 of 2 scored. No deductions.
  CHECK(ExactString(r.score) == "12");
  CHECK(ExactString(r.scored_max) == "14");  // 20 minus j's 4 and k2's 2
  CHECK(ExactString(r.normalized) == "6/7");
  CHECK(r.scored == 7);
  CHECK(r.unscored == 2);
  CHECK(ExactString(*r.criteria[0].credit) == "0.75");
  CHECK(ExactString(r.criteria[0].items[0].max_points) == "6");
  CHECK(ExactString(r.criteria[0].items[2].max_points) == "4");
}

TEST_CASE("score: unscored items can count as zero or as full credit", "[score]") {
  Result zero = GradeWith(RubricText("\"unscored\": \"zero\","), "alpha gamma delta");
  CHECK(ExactString(zero.score) == "12");
  CHECK(ExactString(zero.scored_max) == "20");
  Result full = GradeWith(RubricText("\"unscored\": \"full\","), "alpha gamma delta");
  CHECK(ExactString(full.score) == "18");
  CHECK(ExactString(full.scored_max) == "20");
}

TEST_CASE("score: deductions apply once, repeat up to max_count, and respect a criterion cap", "[score]") {
  // d1 and d2 fire (-1.25) but c2 caps them at -1; d3 fires for each of 3
  // false equations, at most twice: -4.
  Result r = GradeWith(RubricText(""), "alpha beta gamma delta bad worse\n1+1 = 3\n2+2 = 5\n3+3 = 7\n");
  CHECK(ExactString(r.deductions[0].points) == "-0.5");
  CHECK(ExactString(r.deductions[1].points) == "-0.5");  // capped
  CHECK(ExactString(r.deductions[2].points) == "-4");
  CHECK(r.deductions[2].applications == 2);
  CHECK(ExactString(r.criteria[1].deducted) == "-1");
  CHECK(ExactString(r.score) == "9");  // 14 earned - 5
}

TEST_CASE("score: the floor holds", "[score]") {
  Result r = GradeWith(RubricText(""), "bad worse 1+1 = 3 and 2+2 = 5");
  CHECK(ExactString(r.score) == "0");
}

TEST_CASE("score: overrides replace a decision and are marked", "[score]") {
  Rubric rubric = ParseRubric("rubrics/t.json", RubricText(""));
  const Problem& p = BuiltinProblems().Get("myt-params");
  GradeOptions options;
  options.overrides.push_back({"j", Exact(1), "clear enough"});
  Result r = GradeText(rubric, BuildKey(p, p.Defaults()), "alpha gamma delta", options);
  CHECK(r.criteria[0].items[2].overridden);
  CHECK(ExactString(r.score) == "16");  // c1: 12 · 5/6 = 10, c2: 4, checklist: 2
  CHECK(ExactString(r.scored_max) == "18");  // k2 stays unscored
  CHECK(r.unscored == 1);
}

// ParseRubric gives each group's shares one denominator and scoring adds
// their numerators; a rubric without that (share_den 0) adds rationals item
// by item. Both must give the same points everywhere, under every policy,
// with partial credits (from overrides) and unscored items.
TEST_CASE("score: shares over a common denominator add up like rationals", "[score]") {
  const Problem& p = BuiltinProblems().Get("myt-params");
  const AnswerKey key = BuildKey(p, p.Defaults());
  for (const char* policy : {"", "\"unscored\": \"zero\",", "\"unscored\": \"full\","}) {
    for (const char* text : {"alpha gamma delta", "beta", "alpha beta gamma delta bad", ""}) {
      INFO(policy << " | " << text);
      Rubric fast = ParseRubric("rubrics/t.json", RubricText(policy));
      Rubric slow = ParseRubric("rubrics/t.json", RubricText(policy));
      for (Criterion& c : slow.criteria)
        for (RubricItem& item : c.items) item.share_den = 0;
      for (RubricItem& item : slow.checklist) item.share_den = 0;
      GradeOptions options;
      options.overrides.push_back({"b", Exact(1, 3), "a third"});
      options.overrides.push_back({"k1", Exact(2, 7), "two sevenths"});
      Result a = GradeText(fast, key, text, options);
      Result b = GradeText(slow, key, text, options);
      CHECK(ExactString(a.score) == ExactString(b.score));
      CHECK(ExactString(a.scored_max) == ExactString(b.scored_max));
      REQUIRE(a.criteria.size() == b.criteria.size());
      for (size_t i = 0; i < a.criteria.size(); ++i) {
        CHECK(ExactString(a.criteria[i].points) == ExactString(b.criteria[i].points));
        CHECK(a.criteria[i].credit.has_value() == b.criteria[i].credit.has_value());
        if (a.criteria[i].credit) CHECK(ExactString(*a.criteria[i].credit) == ExactString(*b.criteria[i].credit));
        for (size_t k = 0; k < a.criteria[i].items.size(); ++k)
          CHECK(ExactString(a.criteria[i].items[k].points) == ExactString(b.criteria[i].items[k].points));
      }
    }
  }
  // Sums of numerators are of 64-bit integers while every numerator is below
  // 2^56 (score.cc), of Int otherwise: shares scaled by k over a denominator
  // scaled by k (the same shares) give the same points on both sides of that
  // bound, and with numerators beyond 64 bits.
  const Int bound = Int(1) << 56;
  for (const Int& k : {(bound - 1) / 6, bound / 6 + 1, (bound - 1) / 6 - 1, Int(1) << 70}) {
    for (const char* text : {"alpha gamma delta", "beta", "alpha beta gamma delta bad", ""}) {
      INFO(k << " | " << text);
      Rubric plain = ParseRubric("rubrics/t.json", RubricText(""));
      Rubric scaled = ParseRubric("rubrics/t.json", RubricText(""));
      for (Criterion& c : scaled.criteria)
        for (RubricItem& item : c.items) item.share_num *= k, item.share_den *= k;
      for (RubricItem& item : scaled.checklist) item.share_num *= k, item.share_den *= k;
      // The largest numerator is c1's 6 shares: below the bound for the first k.
      CHECK((scaled.criteria[0].items[0].share_num < bound) == (6 * k < bound));
      GradeOptions options;
      options.overrides.push_back({"b", Exact(1, 3), "a third"});
      Result a = GradeText(plain, key, text, options);
      Result b = GradeText(scaled, key, text, options);
      CHECK(ExactString(a.score) == ExactString(b.score));
      CHECK(ExactString(a.scored_max) == ExactString(b.scored_max));
      for (size_t i = 0; i < a.criteria.size(); ++i) {
        CHECK(ExactString(a.criteria[i].points) == ExactString(b.criteria[i].points));
        REQUIRE(a.criteria[i].credit.has_value() == b.criteria[i].credit.has_value());
        if (a.criteria[i].credit) CHECK(ExactString(*a.criteria[i].credit) == ExactString(*b.criteria[i].credit));
      }
    }
  }
  // One case by hand: c1's 12 points are shared 6 (a), 2 (b), 4 (j). a earns
  // 6, b a third of 2, j is unscored and leaves the denominator: 20/3 points
  // of the 8 that count, credit 5/6.
  Rubric rubric = ParseRubric("rubrics/t.json", RubricText(""));
  GradeOptions options;
  options.overrides.push_back({"b", Exact(1, 3), "a third"});
  Result r = GradeText(rubric, key, "alpha", options);
  CHECK(ExactString(r.criteria[0].points) == "20/3");
  CHECK(ExactString(*r.criteria[0].credit) == "5/6");
}

// A Latin-1 submission: its bytes are quoted as evidence, and `grader grade
// --json` and results.jsonl dumped them with nlohmann's strict UTF-8 check,
// which threw (an internal error; a batch aborted).
TEST_CASE("score: response bytes that are not UTF-8 reach the result as U+FFFD", "[score]") {
  const Rubric& rubric = [] () -> const Rubric& {
    static const Rubric r = ParseRubric("rubrics/t.json", R"({"id": "t", "problem": "myt-params", "points": 1,
      "checklist": {"points": 1, "items": [{"id": "k", "kind": "regex", "pattern": "caf."}]}})");
    return r;
  }();
  const Problem& p = BuiltinProblems().Get("myt-params");
  GradeOptions options;
  options.overrides.push_back({"k", Exact(1), "ok \xE9t\xE9"});
  Result r = GradeText(rubric, BuildKey(p, p.Defaults()), "le caf\xE9 noir", options);
  REQUIRE(r.checklist[0].outcome.evidence.size() == 1);
  const Evidence& e = r.checklist[0].outcome.evidence[0];
  CHECK(e.span.begin == 3);
  CHECK(e.span.end == 7);  // the original's four bytes
  CHECK(e.quote == "caf\xEF\xBF\xBD");
  CHECK(r.checklist[0].outcome.found == "caf\xEF\xBF\xBD");
  CHECK(r.checklist[0].override_comment == "ok \xEF\xBF\xBDt\xEF\xBF\xBD");
  std::string json = ResultToJson(r).dump();
  CHECK(json.find("caf\xEF\xBF\xBD") != std::string::npos);
}

// The same, with the bad byte after eight ASCII bytes (read eight at a
// time), in a block's last byte (the only bad one of its string), in the
// tail, and a valid two-byte character kept.
TEST_CASE("score: a non-UTF-8 byte deep in a long quote becomes U+FFFD, valid bytes stay", "[score]") {
  const Rubric& rubric = [] () -> const Rubric& {
    static const Rubric r = ParseRubric("rubrics/t.json", R"({"id": "t", "problem": "myt-params", "points": 2,
      "checklist": {"points": 2, "items": [{"id": "k", "kind": "regex", "pattern": "quoted caf."},
                                           {"id": "m", "kind": "regex", "pattern": "long \\S+ caf. noir and \\S+ d.j"}]}})");
    return r;
  }();
  const Problem& p = BuiltinProblems().Get("myt-params");
  Result r = GradeText(rubric, BuildKey(p, p.Defaults()),
                       "a quoted caf\xE9; a long quoted caf\xE9 noir and long d\xC3\xA9j\xE0", GradeOptions{});
  REQUIRE(r.checklist.size() == 2);
  REQUIRE(r.checklist[0].outcome.evidence.size() == 1);
  CHECK(r.checklist[0].outcome.evidence[0].quote == "quoted caf\xEF\xBF\xBD");
  REQUIRE(r.checklist[1].outcome.evidence.size() == 1);
  CHECK(r.checklist[1].outcome.evidence[0].quote == "long quoted caf\xEF\xBF\xBD noir and long d\xC3\xA9j");
  // `found` is the match as the check copied it: repaired by Score itself.
  CHECK(r.checklist[0].outcome.found == "quoted caf\xEF\xBF\xBD");
  CHECK(r.checklist[1].outcome.found == "long quoted caf\xEF\xBF\xBD noir and long d\xC3\xA9j");
}

// Score repairs what a check returns, screened 16 bytes at a time (short
// strings a byte at a time): outcomes made here (no document between) with
// one bad byte at each place of a block and in the tail, and valid text of
// every width kept as it is.
TEST_CASE("score: each outcome string is repaired wherever its one bad byte lies", "[score]") {
  const Rubric& rubric = [] () -> const Rubric& {
    static const Rubric r = ParseRubric("rubrics/t.json", R"({"id": "t", "problem": "myt-params", "points": 1,
      "checklist": {"points": 1, "items": [{"id": "k", "kind": "regex", "pattern": "x"}]}})");
    return r;
  }();
  const std::string valid = "ascii, caf\xC3\xA9, \xE2\x89\x88, \xF0\x9F\x98\x80 and more ascii text";
  // Lengths below 16 (byte by byte), of whole 16-byte blocks and with an
  // overlapping last block.
  for (size_t len : {1, 2, 7, 15, 16, 17, 31, 32, 33, 40})
  for (size_t at = 0; at < len; ++at) {
    std::string bad(len, 'a');
    bad[at] = '\xE9';
    std::string want = bad.substr(0, at) + "\xEF\xBF\xBD" + bad.substr(at + 1);
    Result r = Score(
        rubric,
        [&](const RubricItem&) {
          CheckOutcome o;
          o.found = bad;
          o.detail = valid + bad;
          o.expected = valid;
          o.candidates = {bad, valid};
          o.evidence.push_back({Span{}, bad});
          return o;
        },
        {});
    INFO("length " << len << " at " << at);
    const CheckOutcome& o = r.checklist[0].outcome;
    CHECK(o.found == want);
    CHECK(o.detail == valid + want);
    CHECK(o.expected == valid);
    CHECK(o.candidates == std::vector<std::string>{want, valid});
    CHECK(o.evidence[0].quote == want);
  }
}

}  // namespace
}  // namespace grader
