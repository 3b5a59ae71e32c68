#include "reference/problem.h"

#include <catch2/catch.hpp>

#include "grader/base/error.h"

namespace grader {
namespace {

const char* kMinimal = R"({
  "id": "tiny",
  "title": "Tiny",
  "parameters": [
    {"name": "m", "type": "integer", "default": "10", "min": "1", "max": "100", "description": "rows",
     "variant": {"min": "2", "max": "20", "step": "2"}},
    {"name": "k", "type": "integer", "default": "2", "min": "1", "description": "rank", "variant": {"choices": ["1", "2", "4"]}}
  ],
  "computations": [{"id": "c", "solver": "lora", "inputs": {"m": "m", "l": "m", "k": "k"}}],
  "parts": [{"id": "a", "title": "Memory", "answers": [{"id": "bytes", "from": "c.lora_bytes", "description": "bytes"}]}]
})";

std::string AddError(const std::string& text) {
  ProblemSet set;
  try {
    set.Add("problems/bad.json", text);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST_CASE("problem files load and report their parameters", "[problem]") {
  ProblemSet set;
  set.Add("problems/tiny.json", kMinimal);
  const Problem& p = set.Get("tiny");
  CHECK(p.parameters.size() == 2);
  CHECK(p.Defaults() == ParamValues{{"m", "10"}, {"k", "2"}});
  ParamValues v = p.Defaults();
  p.Apply({"m=64", "k=4"}, &v);
  CHECK(v == ParamValues{{"m", "64"}, {"k", "4"}});
}

TEST_CASE("bad parameter assignments name the parameter and the problem", "[problem]") {
  ProblemSet set;
  set.Add("problems/tiny.json", kMinimal);
  const Problem& p = set.Get("tiny");
  ParamValues v = p.Defaults();
  CHECK_THROWS_WITH(p.Apply({"n=3"}, &v), "problem 'tiny' has no parameter 'n'; did you mean 'm'?");
  CHECK_THROWS_WITH(p.Apply({"m=abc"}, &v), "problem 'tiny': m: expected an integer, got 'abc' (expected a number)");
  CHECK_THROWS_WITH(p.Apply({"m=2.5"}, &v), "problem 'tiny': m: expected an integer, got '2.5'");
  CHECK_THROWS_WITH(p.Apply({"m=101"}, &v), "problem 'tiny': m: 101 is above the maximum 100");
  CHECK_THROWS_WITH(p.Apply({"m"}, &v), "expected NAME=VALUE, got 'm'");
  CHECK_THROWS_WITH(set.Get("tiney"), "unknown problem 'tiney'; did you mean 'tiny'? (run 'grader problems' for the list)");
}

TEST_CASE("variants are deterministic and stay inside the declared ranges", "[problem]") {
  ProblemSet set;
  set.Add("problems/tiny.json", kMinimal);
  const Problem& p = set.Get("tiny");
  CHECK(p.Variant(0) == p.Defaults());
  for (long n = 1; n <= 50; ++n) {
    ParamValues v = p.Variant(n);
    CHECK(v == p.Variant(n));
    long m = std::stol(v["m"]);
    CHECK(m >= 2);
    CHECK(m <= 20);
    CHECK(m % 2 == 0);
    CHECK((v["k"] == "1" || v["k"] == "2" || v["k"] == "4"));
  }
  // Same N, same variant on every machine: the draw is pinned here.
  CHECK(BuiltinProblems().Get("cs336-transformer-accounting").Variant(1) ==
        ParamValues{{"vocab_size", "56363"}, {"context_length", "2048"}, {"num_layers", "64"},
                    {"d_model", "1408"}, {"num_heads", "32"}, {"d_ff", "6656"}});
}

TEST_CASE("malformed problem files get file:line:col or the field's path", "[problem]") {
  CHECK(AddError("{\n  \"id\": \"x\",\n  \"title\": \n}") ==
        "problems/bad.json:4:1: invalid JSON: parse error at line 4, column 1: syntax error while parsing value - "
        "unexpected '}'; expected '[', '{', or a literal");
  std::string no_title = kMinimal;
  no_title.replace(no_title.find("\"title\": \"Tiny\","), 16, "");
  CHECK(AddError(no_title) == "problems/bad.json: missing field 'title'");
  std::string bad_solver = kMinimal;
  bad_solver.replace(bad_solver.find("\"lora\""), 6, "\"lorax\"");
  CHECK(AddError(bad_solver) == "problems/bad.json: computations[0]: unknown solver 'lorax'");
  std::string bad_output = kMinimal;
  bad_output.replace(bad_output.find("c.lora_bytes"), 12, "c.lora_byte");
  CHECK(AddError(bad_output) == "problems/bad.json: answer 'bytes': solver 'lora' has no output 'lora_byte'");
  std::string bad_input = kMinimal;
  bad_input.replace(bad_input.find("\"k\": \"k\""), 8, "\"r\": \"k\"");
  CHECK(AddError(bad_input) == "problems/bad.json: computations[0]: solver 'lora' has no input 'r'");
  std::string bad_default = kMinimal;
  bad_default.replace(bad_default.find("\"default\": \"10\""), 15, "\"default\": \"x\"");
  CHECK(AddError(bad_default) ==
        "problems/bad.json: parameters[0]: bad default: m: expected an integer, got 'x' (expected a number)");
}

// The same bug as in rubric files (found by tests/fuzz/rubric_fuzz): a JSON
// number too large for a double escaped as nlohmann's out_of_range.
TEST_CASE("a JSON number too large for a double is an invalid-JSON error with its place", "[problem]") {
  CHECK(AddError("{\n  \"id\": \"x\",\n  \"n\": [1, 1e999]\n}") ==
        "problems/bad.json:3:12: invalid JSON: number overflow parsing '1e999'");
}

TEST_CASE("every shipped problem loads and keys every part", "[problem]") {
  const ProblemSet& set = BuiltinProblems();
  std::vector<std::string> ids;
  for (const Problem& p : set.problems()) ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"cs336-transformer-accounting", "eecs182-chinchilla-fermi", "eecs182-lora",
                                         "eecs182-soft-prompt", "myt-params"});
  for (const Problem& p : set.problems()) {
    INFO(p.id);
    CHECK_FALSE(p.parts.empty());
    for (const Part& part : p.parts) CHECK_FALSE(part.answers.empty());
    for (long n = 1; n <= 5; ++n) CHECK_NOTHROW(p.Variant(n));
  }
}

}  // namespace
}  // namespace grader
