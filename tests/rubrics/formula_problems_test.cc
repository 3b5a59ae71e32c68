// The three problems written as JSON only (formulas, no new C++): their keys
// digit for digit, and their rubrics on the sample answers in
// problems/examples/.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "grader/rubric/grade.h"

namespace grader {
namespace {

const Rubric& RubricFor(const std::string& problem) {
  static std::map<std::string, Rubric> rubrics;
  auto it = rubrics.find(problem);
  if (it == rubrics.end())
    it = rubrics.emplace(problem, LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/" + problem + ".json")).first;
  return it->second;
}

std::string Example(const std::string& problem, const std::string& name) {
  std::ifstream in(std::string(GRADER_SOURCE_DIR) + "/problems/examples/" + problem + "/" + name);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

AnswerKey DefaultKey(const std::string& problem) {
  const Problem& p = BuiltinProblems().Get(problem);
  return BuildKey(p, p.Defaults());
}

std::string Value(const AnswerKey& key, const std::string& id) {
  const KeyAnswer* a = key.Find(id);
  REQUIRE(a);
  REQUIRE(a->number);
  return a->number->ToString() + " " + a->unit;
}

std::map<std::string, std::string> Alternatives(const std::vector<KeyAlternative>& alts) {
  std::map<std::string, std::string> out;
  for (const KeyAlternative& a : alts) out[a.id] = a.number ? a.number->ToString() : a.text;
  return out;
}

TEST_CASE("formula problems: the KV-cache key is exact", "[formula-problems]") {
  AnswerKey key = DefaultKey("llm-kv-cache");
  CHECK(Value(key, "kv_bytes") == "17179869184 byte");
  CHECK(Value(key, "tokens_fit") == "126838 token");
  CHECK(Alternatives(key.Find("kv_bytes")->mistakes) ==
        std::map<std::string, std::string>{{"keys_only", "8589934592"}, {"gib_as_gb", "16000000000"}});
  CHECK(Alternatives(key.Find("tokens_fit")->conventions) ==
        std::map<std::string, std::string>{{"rounded", "126838.68408203125"}});
  CHECK(Alternatives(key.Find("tokens_fit")->mistakes) ==
        std::map<std::string, std::string>{{"gb_as_gib", "136192"}, {"weights_ignored", "152587"}});
  CHECK(key.Find("tokens_fit")->steps.back() ==
        "tokens_fit = floor(free_bytes / kv_bytes_per_token) = floor((66,500,000,000 byte) / (524,288 byte)) = 126,838 token");
  // --set follows through every formula: an 80-layer, 8192-wide model, 16k tokens.
  const Problem& p = BuiltinProblems().Get("llm-kv-cache");
  AnswerKey big = BuildKey(p, KeyRequest{-1, {"num_layers=80", "d_model=8192", "seq_len=16384"}});
  CHECK(Value(big, "kv_bytes") == "343597383680 byte");
  CHECK(Value(big, "tokens_fit") == "25367 token");
}

TEST_CASE("formula problems: the adamwAccounting key is exact", "[formula-problems]") {
  AnswerKey key = DefaultKey("cs336-adamw-accounting");
  CHECK(Value(key, "act_bytes_per_example") == "15517753344 byte");
  CHECK(key.Find("act_bytes_per_example")->formula == "15517753344*batch_size + 34032921600");
  CHECK(Value(key, "static_bytes") == "34032921600 byte");
  CHECK(Value(key, "max_batch") == "2 1");
  CHECK(Alternatives(key.Find("max_batch")->conventions) == std::map<std::string, std::string>{{"logits_once", "3"}, {"gib", "3"}});
  CHECK(Value(key, "adamw_flops") == "29778806400 FLOP");
  CHECK(Alternatives(key.Find("adamw_flops")->conventions) ==
        std::map<std::string, std::string>{{"per_param_12", "25524691200"}, {"per_param_13", "27651748800"},
                                           {"per_param_15", "31905864000"}, {"per_param_16", "34032921600"}});
  // 400,000 × 3 × 1,024 × 4,513,336,524,800 FLOPs at 247.5 TFLOP/s, in days.
  CHECK(Value(key, "train_days") == "90266730496/348046875 day");
  CHECK(RoundSig(key.Find("train_days")->number->exact(), 6) == "259.352");
  std::map<std::string, std::string> days = Alternatives(key.Find("train_days")->conventions);
  CHECK(RoundSig(*ParseExact(days["six_nd"]), 6) == "250.323");
  CHECK(RoundSig(*ParseExact(days["a100"]), 6) == "6583.56");
}

TEST_CASE("formula problems: the all-reduce key is exact", "[formula-problems]") {
  AnswerKey key = DefaultKey("llm-dp-allreduce");
  CHECK(Value(key, "grad_bytes") == "14000000000 byte");
  CHECK(Value(key, "sent_bytes") == "24500000000 byte");
  CHECK(Value(key, "allreduce_seconds") == "0.49 s");
  CHECK(Alternatives(key.Find("sent_bytes")->mistakes) ==
        std::map<std::string, std::string>{{"one_phase", "12250000000"}, {"naive", "98000000000"}});
  CHECK(Alternatives(key.Find("allreduce_seconds")->mistakes) == std::map<std::string, std::string>{{"bits", "3.92"}});
  const Problem& p = BuiltinProblems().Get("llm-dp-allreduce");
  AnswerKey other = BuildKey(p, KeyRequest{-1, {"num_gpus=64", "num_params=13e9", "link_bandwidth=25"}});
  CHECK(Value(other, "sent_bytes") == "51187500000 byte");
  CHECK(Value(other, "allreduce_seconds") == "2.0475 s");
}

TEST_CASE("formula problems: the sample answers earn the intended credit", "[formula-problems]") {
  struct Case { const char* problem; const char* file; const char* score; };
  const Case cases[] = {
      {"llm-kv-cache", "right.md", "10"},
      {"llm-kv-cache", "no-factor-two.md", "6.25"},
      {"llm-kv-cache", "gib-as-gb.md", "7.5"},
      {"llm-kv-cache", "unanswered.md", "0"},
      {"cs336-adamw-accounting", "right.md", "20"},
      {"cs336-adamw-accounting", "wrong.md", "5.25"},
      {"llm-dp-allreduce", "right.md", "9"},
      {"llm-dp-allreduce", "one-phase.md", "4"},
  };
  for (const Case& c : cases) {
    INFO(c.problem << " " << c.file);
    Result r = GradeText(RubricFor(c.problem), DefaultKey(c.problem), Example(c.problem, c.file));
    CHECK(ExactString(r.score) == c.score);
  }
}

}  // namespace
}  // namespace grader
