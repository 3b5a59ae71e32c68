#include "grader/rubric/rubric.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "grader/base/error.h"
#include "tests/test_timing.h"

namespace grader {
namespace {

std::string LoadError(const std::string& text) {
  try {
    ParseRubric("rubrics/t.json", text);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

const char* kGood = R"({
  "id": "t", "problem": "myt-params", "points": 10,
  "criteria": [
    {"id": "c1", "part": "a", "weight": 10, "checks": [
      {"id": "n", "kind": "numeric", "answer": "ffn_params", "tolerance": {"rel": "0.01"}}
    ]}
  ]
})";

TEST_CASE("rubric: a good file loads with its items", "[rubric]") {
  Rubric r = ParseRubric("rubrics/t.json", kGood);
  CHECK(r.id == "t");
  CHECK(r.problem == "myt-params");
  CHECK(ExactString(r.points) == "10");
  REQUIRE(r.criteria.size() == 1);
  CHECK(r.criteria[0].items[0].kind == "numeric");
  CHECK(r.criteria[0].items[0].part == "a");
  CHECK(r.criteria[0].items[0].where == "rubrics/t.json:5:7");
  CHECK(r.version.size() == 32);
}

TEST_CASE("rubric: errors name file:line:col and the field's path", "[rubric]") {
  struct Case { std::string from, to, error; };
  const Case cases[] = {
      {"\"rel\": \"0.01\"", "\"rell\": \"0.01\"",
       "rubrics/t.json:5:84: criteria[0].checks[0].tolerance.rell: unknown tolerance 'rell' (rel, abs, sig, decimals, factor, written)"},
      {"\"answer\": \"ffn_params\"", "\"answer\": \"ffn_param\"",
       "rubrics/t.json:5:48: criteria[0].checks[0].answer: problem 'myt-params' has no answer 'ffn_param'; did you mean 'ffn_params'?"},
      {"\"kind\": \"numeric\"", "\"kind\": \"numerc\"",
       "rubrics/t.json:5:27: criteria[0].checks[0].kind: unknown check kind 'numerc'; did you mean 'numeric'?"},
      {"\"part\": \"a\"", "\"part\": \"z\"",
       "rubrics/t.json:4:26: criteria[0].part: problem 'myt-params' has no part 'z' (parts: a)"},
      {"\"points\": 10", "\"points\": 12",
       "rubrics/t.json:2:49: points: is 12 but the criteria weights and checklist points add up to 10"},
      {"\"problem\": \"myt-params\"", "\"problem\": \"myt-param\"",
       "rubrics/t.json:2:25: problem: unknown problem 'myt-param'; did you mean 'myt-params'?"},
      {"\"tolerance\"", "\"tolerence\"",
       "rubrics/t.json:5:75: criteria[0].checks[0].tolerence: unknown field 'tolerence'; did you mean 'tolerance'?"},
      {"\"weight\": 10", "\"weight\": \"ten\"", "rubrics/t.json:4:41: criteria[0].weight: expected a number"},
      {"\"id\": \"t\",", "", "rubrics/t.json:1:1: missing field 'id'"},
  };
  for (const Case& c : cases) {
    std::string text = kGood;
    size_t at = text.find(c.from);
    REQUIRE(at != std::string::npos);
    text.replace(at, c.from.size(), c.to);
    INFO(c.to);
    CHECK(LoadError(text) == c.error);
  }
}

TEST_CASE("rubric: a pattern that does not compile names the item and the fragment", "[rubric]") {
  std::string text = R"({"id": "t", "problem": "myt-params", "points": 1,
  "checklist": {"points": 1, "items": [{"id": "r", "kind": "regex", "pattern": "feed(forward"}]}})";
  CHECK(LoadError(text) ==
        "rubrics/t.json:2:80: checklist.items[0].pattern: pattern of item 'r' does not compile: missing ): feed(forward (at "
        "'feed(forward')");
}

TEST_CASE("rubric: syntax errors and hostile nesting are refused with the place", "[rubric]") {
  CHECK(LoadError("{\n  \"id\": \"t\",\n  \"points\": 1,,\n}") ==
        "rubrics/t.json:3:15: invalid JSON: parse error at line 3, column 15: syntax error while parsing object key - "
        "unexpected ','; expected string literal");
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(LoadError(deep) == "rubrics/t.json:1:65: nesting deeper than 64 levels");
}

// Found by tests/fuzz/rubric_fuzz: a JSON number too large for a double
// ("points": 1e999) escaped as nlohmann's out_of_range (an internal error)
// instead of a located error. A string "1e999" in the same file is not it.
TEST_CASE("rubric: a JSON number too large for a double is refused with its place", "[rubric]") {
  CHECK(LoadError("{\"id\": \"1e999\",\n \"points\": 1e999}") ==
        "rubrics/t.json:2:12: invalid JSON: number overflow parsing '1e999'");
  CHECK(LoadError("[-2E+999]") == "rubrics/t.json:1:2: invalid JSON: number overflow parsing '-2E+999'");
}

// Found while writing tests/fuzz/rubric_fuzz: "floor": "-1e999999" took
// minutes to load (10^999999 built exactly, then printed), and
// "1e-100000" about as long.
TEST_CASE("rubric: a number with a huge exponent is refused at once", "[rubric]") {
  auto start = std::chrono::steady_clock::now();
  CHECK(LoadError(R"({"id": "t", "problem": "myt-params", "points": 10, "floor": "-1e999999",)"
                  R"( "checklist": {"points": 10, "items": [{"id": "k", "kind": "regex", "pattern": "x"}]}})") ==
        "rubrics/t.json:1:61: floor: expected a number: exponent out of range (|e| <= 1000)");
  CHECK(LoadError(R"({"id": "t", "problem": "myt-params", "points": "1e-100000",)"
                  R"( "checklist": {"points": 10, "items": [{"id": "k", "kind": "regex", "pattern": "x"}]}})") ==
        "rubrics/t.json:1:48: points: expected a number: exponent out of range (|e| <= 1000)");
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 1.0 * testing::kTimeScale);
}

TEST_CASE("rubric: deductions must be negative and caps must name a criterion", "[rubric]") {
  std::string base = R"({"id": "t", "problem": "myt-params", "points": 10,
  "criteria": [{"id": "c1", "weight": 10, "checks": [{"id": "n", "kind": "length", "max_words": 10}]}],
  "deductions": [DED]})";
  auto with = [&](const std::string& d) {
    std::string t = base;
    t.replace(t.find("DED"), 3, d);
    return LoadError(t);
  };
  CHECK(with(R"({"id": "d", "kind": "arithmetic", "points": 1})") ==
        "rubrics/t.json:3:62: deductions[0].points: a deduction's points must be negative");
  CHECK(with(R"({"id": "d", "kind": "arithmetic", "points": -1, "charge_to": "c2"})") ==
        "rubrics/t.json:3:79: deductions[0].charge_to: no criterion 'c2'");
  CHECK(with(R"({"id": "n", "kind": "arithmetic", "points": -1})") == "rubrics/t.json:3:25: deductions[0].id: duplicate id 'n'");
  CHECK(with(R"({"id": "d", "kind": "arithmetic", "points": -1, "repeatable": true, "max_count": 3})") == "no error");
}

}  // namespace
}  // namespace grader
