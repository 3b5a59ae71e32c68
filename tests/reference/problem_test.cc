#include "reference/problem.h"

#include <catch2/catch.hpp>

#include "grader/base/error.h"
#include "reference/builtin_problems.h"
#include "reference/key.h"

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
  CHECK(AddError(no_title) == "problems/bad.json:1:1: missing field 'title'");
  std::string bad_solver = kMinimal;
  bad_solver.replace(bad_solver.find("\"lora\""), 6, "\"lorax\"");
  CHECK(AddError(bad_solver) == "problems/bad.json:9:42: computations[0].solver: unknown solver 'lorax'; did you mean 'lora'? (grader solvers lists them)");
  std::string bad_output = kMinimal;
  bad_output.replace(bad_output.find("c.lora_bytes"), 12, "c.lora_byte");
  CHECK(AddError(bad_output) == "problems/bad.json: answer 'bytes': solver 'lora' has no output 'lora_byte'; did you mean 'lora_bytes'? "
        "(outputs: lora_params, lora_bytes, full_params, full_bytes, lora_ratio, model_lora_params, model_lora_bytes)");
  std::string bad_input = kMinimal;
  bad_input.replace(bad_input.find("\"k\": \"k\""), 8, "\"r\": \"k\"");
  CHECK(AddError(bad_input) == "problems/bad.json:9:86: computations[0].inputs.r: solver 'lora' has no input 'r'; did you mean 'm'?");
  std::string bad_default = kMinimal;
  bad_default.replace(bad_default.find("\"default\": \"10\""), 15, "\"default\": \"x\"");
  CHECK(AddError(bad_default) ==
        "problems/bad.json:5:49: parameters[0].default: bad default: m: expected an integer, got 'x' (expected a number)");
}

// A problem with formula computations, literal answers and a mistake of its
// own formula, in the shape course staff write without C++.
const char* kFormulas = R"({
  "id": "f",
  "title": "Formulas",
  "parameters": [
    {"name": "n", "type": "integer", "default": "6", "min": "1", "description": "count", "variant": {"choices": ["3", "6"]}},
    {"name": "size", "type": "decimal", "default": "1.5", "unit": "GB", "description": "size of one"},
    {"name": "rate", "type": "decimal", "default": "2", "unit": "GB/s", "description": "bandwidth"}
  ],
  "computations": [
    {"id": "total", "formula": "n*size", "unit": "byte"},
    {"id": "seconds", "formula": "total / rate", "unit": "s"},
    {"id": "third", "formula": "total/7", "unit": "byte"}
  ],
  "parts": [{"id": "a", "title": "T", "answers": [
    {"id": "total", "from": "total", "description": "bytes",
     "conventions": [{"id": "seven", "label": "seven of them", "set": {"n": "7"}}],
     "mistakes": [{"id": "gib", "label": "GiB for GB", "formula": "n*size/10^9*2^30", "credit": "0.5"}]},
    {"id": "seconds", "from": "seconds", "description": "time"},
    {"id": "third", "from": "third", "description": "a third"},
    {"id": "given", "value": "1234.5", "unit": "byte", "description": "a literal"},
    {"id": "word", "text": "True", "options": ["True", "False"], "description": "a fixed text"}
  ]}]
})";

TEST_CASE("problem files: formula computations, literal answers and variants", "[problem]") {
  ProblemSet set;
  set.Add("problems/f.json", kFormulas);
  const Problem& p = set.Get("f");
  AnswerKey key = BuildKey(p, p.Defaults());
  const KeyAnswer* total = key.Find("total");
  REQUIRE(total);
  CHECK(total->number->exact() == Exact(9000000000));
  CHECK(total->unit == "byte");
  CHECK(total->steps == std::vector<std::string>{"total = n*size = 6*1.5 GB = 9,000,000,000 byte"});
  REQUIRE(total->conventions.size() == 1);
  CHECK(total->conventions[0].number->exact() == Exact(10500000000));
  REQUIRE(total->mistakes.size() == 1);
  CHECK(total->mistakes[0].number->exact() == Exact(9663676416));
  CHECK(*total->mistakes[0].credit == Exact(1, 2));
  const KeyAnswer* seconds = key.Find("seconds");
  CHECK(seconds->number->exact() == Exact(9, 2));
  CHECK(seconds->unit == "s");
  CHECK(seconds->steps.back() == "seconds = total / rate = (9,000,000,000 byte) / 2 GB/s = 4.5 s");
  CHECK(key.Find("third")->number->exact() == Exact(9000000000, 7));
  CHECK(ExactString(key.Find("third")->number->exact()) == "9000000000/7");
  CHECK(key.Find("given")->number->exact() == Exact(12345, 10));
  CHECK(key.Find("given")->unit == "byte");
  CHECK(key.Find("word")->text == "True");
  // Variants follow: n = 3 halves every value.
  for (long v = 1; v <= 6; ++v) {
    ParamValues values = p.Variant(v);
    AnswerKey k = BuildKey(p, values);
    CHECK(k.Find("total")->number->exact() == Exact(std::stol(values["n"])) * Exact(1500000000));
  }
}

TEST_CASE("problem files are checked strictly: unknown fields, names and units", "[problem]") {
  auto with = [](const std::string& from, const std::string& to) {
    std::string text = kFormulas;
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return AddError(text);
  };
  CHECK(with("\"title\": \"Formulas\"", "\"titel\": \"Formulas\"") ==
        "problems/bad.json:3:12: titel: unknown field 'titel'; did you mean 'title'?");
  CHECK(with("\"unit\": \"GB/s\"", "\"units\": \"GB/s\"") ==
        "problems/bad.json:7:66: parameters[2].units: unknown field 'units'; did you mean 'unit'?");
  CHECK(with("\"credit\": \"0.5\"", "\"credits\": \"0.5\"") ==
        "problems/bad.json:17:98: parts[0].answers[0].mistakes[0].credits: unknown field 'credits'; did you mean 'credit'?");
  CHECK(with("n*size\", \"unit\": \"byte\"", "n*sise\", \"unit\": \"byte\"") ==
        "problems/bad.json:10:35: computations[0].formula: unknown name 'sise'; did you mean 'size'?");
  CHECK(with("total / rate", "total + rate") ==
        "problems/bad.json:11:35: computations[1].formula: formula 'total + rate': cannot add byte and byte/s");
  CHECK(with("\"formula\": \"total / rate\", \"unit\": \"s\"", "\"formula\": \"total / rate\", \"unit\": \"byte\"") ==
        "problems/bad.json:11:35: computations[1].formula: formula 'total / rate' gives s, not byte (byte)");
  CHECK(with("n*size\"", "n*size)\"") == "problems/bad.json:10:39: computations[0].formula: unbalanced ')'");
  CHECK(with("\"unit\": \"byte\"}", "\"unit\": \"bytez\"}") ==
        "problems/bad.json:10:50: computations[0].unit: unknown unit 'bytez'");
  CHECK(with("\"set\": {\"n\": \"7\"}", "\"set\": {\"m\": \"7\"}") ==
        "problems/bad.json:16:77: parts[0].answers[0].conventions[0].set.m: computation 'total' is a formula: 'set' "
        "changes parameters, and there is no parameter 'm'; did you mean 'n'?");
  CHECK(with("\"from\": \"seconds\"", "\"from\": \"second\"") ==
        "problems/bad.json:18:31: parts[0].answers[1].from: unknown computation 'second'; did you mean 'seconds'?");
  CHECK(with("\"value\": \"1234.5\"", "\"value\": \"12x\"") ==
        "problems/bad.json:20:30: parts[0].answers[3].value: '12x' is not a number (unexpected character 'x')");
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
  CHECK(ids == std::vector<std::string>{"cs336-adamw-accounting", "cs336-transformer-accounting", "eecs182-chinchilla-fermi",
                                         "eecs182-lora", "eecs182-soft-prompt", "llm-dp-allreduce", "llm-kv-cache",
                                         "myt-params"});
  for (const Problem& p : set.problems()) {
    INFO(p.id);
    CHECK_FALSE(p.parts.empty());
    for (const Part& part : p.parts) CHECK_FALSE(part.answers.empty());
    for (long n = 1; n <= 5; ++n) CHECK_NOTHROW(p.Variant(n));
  }
}

// BuiltinProblems() skips the default-key check that ProblemSet::Add makes
// for a TA's files; this test makes it instead, file by file, so a shipped
// problem whose formula units disagree still fails with the file named.
TEST_CASE("every shipped problem passes the load-time key check a TA's file gets", "[problem]") {
  for (const EmbeddedFile& f : BuiltinProblemFiles()) {
    INFO(f.path);
    ProblemSet checked;
    CHECK_NOTHROW(checked.Add(f.path, f.content));
  }
}

}  // namespace
}  // namespace grader
