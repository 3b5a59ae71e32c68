#include "reference/key.h"

#include <catch2/catch.hpp>

namespace grader {
namespace {

AnswerKey Key(const std::string& problem) {
  const Problem& p = BuiltinProblems().Get(problem);
  return BuildKey(p, p.Defaults());
}

std::string Value(const AnswerKey& key, const std::string& id) {
  const KeyAnswer* a = key.Find(id);
  if (!a) return "<missing " + id + ">";
  return a->number ? a->number->ToString() : a->text;
}

TEST_CASE("key: cs336 transformer accounting answers (seeds 002/004)", "[key]") {
  AnswerKey key = Key("cs336-transformer-accounting");
  CHECK(Value(key, "total_params") == "2127057600");
  CHECK(Value(key, "fp32_bytes") == "8508230400");
  CHECK(Value(key, "forward_flops") == "4513336524800");
  CHECK(Value(key, "largest_flop_component") == "feed-forward");
  CHECK(Value(key, "small_forward_flops") == "349630365696");
  CHECK(Value(key, "medium_forward_flops") == "1033109504000");
  CHECK(Value(key, "large_forward_flops") == "2257754521600");
  CHECK(Value(key, "long_forward_flops") == "149522795724800");
  CHECK(RoundSig(key.Find("long_attention_flop_share")->number->exact(), 4) == "0.6592");
  CHECK(key.Find("total_params")->unit == "parameter");
  // Known mistakes carry their values, feedback and credit.
  const KeyAnswer& total = *key.Find("total_params");
  REQUIRE(total.mistakes.size() == 3);
  CHECK(total.mistakes[0].id == "two_matrix_one_table");
  CHECK(total.mistakes[0].number->ToString() == "1555124800");
  CHECK(ExactString(*total.mistakes[0].credit) == "0.25");
  CHECK(total.mistakes[1].number->ToString() == "2046646400");
  CHECK(total.conventions[0].number->ToString() == "2127056000");
  const KeyAnswer& ffn = *key.Find("ffn_flops_per_layer");
  CHECK(ffn.mistakes[0].number->ToString() == "40960000");
  CHECK(ffn.mistakes[0].steps.front() == "with context_length = 1, ffn = relu");
}

TEST_CASE("key: myt-params answers and formulas (seed 000)", "[key]") {
  AnswerKey key = Key("myt-params");
  CHECK(Value(key, "largest_component") == "feed-forward blocks");
  CHECK(Value(key, "ffn_params") == "1406092416");
  CHECK(Value(key, "attention_params") == "703046208");
  CHECK(key.Find("ffn_params")->formula == "2*4*L*D^2");
  CHECK(key.Find("ffn_params")->mistakes[1].number->ToString() == "351523104");
  CHECK(key.Find("norm_params")->conventions[0].number->ToString() == "100092");
}

TEST_CASE("key: LoRA and soft-prompt formulas take the parameter values", "[key]") {
  AnswerKey lora = Key("eecs182-lora");
  CHECK(lora.Find("lora_bytes")->formula == "4*k*(m+l)");
  CHECK(Value(lora, "lora_bytes") == "262144");
  AnswerKey sp = Key("eecs182-soft-prompt");
  CHECK(sp.Find("trainable_params")->formula == "5*E");
  CHECK(Value(sp, "tf_i") == "True");
  CHECK(Value(sp, "tf_iii") == "False");
  const Problem& p = BuiltinProblems().Get("eecs182-soft-prompt");
  ParamValues v = p.Defaults();
  p.Apply({"prompt_length=8"}, &v);
  CHECK(BuildKey(p, v).Find("trainable_params")->formula == "8*E");
}

TEST_CASE("key: seed-003 official answers are checked, and its slips are recorded", "[key]") {
  AnswerKey key = Key("eecs182-chinchilla-fermi");
  struct Row { const char* id; bool agrees; };
  const Row rows[] = {
      {"n_opt_coeff", true}, {"n_opt_exponent", true}, {"d_opt_coeff", true}, {"d_opt_exponent", true},
      {"l_opt_coeff", true}, {"l_opt_exponent", true}, {"direct_compute", true}, {"direct_tokens", true},
      {"dataset_words", true}, {"dataset_books", true}, {"model_bytes", true}, {"accelerators_for_weights", true},
      {"accelerators_with_optimizer", false}, {"ssd_usd_per_year", true}, {"dram_usd_per_year", true},
      {"dram_share_of_fleet", false}, {"forward_latency_s", true}, {"tokens_per_minute", true},
      {"reference_tokens_per_minute", true}, {"activation_bytes_per_token", true}, {"batch_tokens_inference", true},
      {"batch_tokens_training", true}, {"pflop_day_flops", true}, {"pflop_day_accelerator_hours", true},
      {"pflop_day_usd", true}, {"reference_training_usd", false}, {"training_accelerator_hours", true},
      {"training_usd", true}, {"training_usd_at_utilization", true}, {"rumored_training_usd", true},
      {"rumored_training_usd_at_utilization", false}, {"training_wall_clock_days", true},
      {"inference_flops", true}, {"accelerator_hour_flops", false}, {"inference_usd", false},
      {"tokens_to_recoup", false}, {"essays_to_recoup", false}, {"landauer_flop_energy", true},
      {"landauer_min_power", false}, {"brain_efficiency_over_accelerator", true}, {"carbon_cost_usd", true},
      {"burgers_equivalent", true},
  };
  for (const Row& row : rows) {
    INFO(row.id);
    const KeyAnswer* a = key.Find(row.id);
    REQUIRE(a != nullptr);
    REQUIRE(a->official.has_value());
    CHECK(a->official->agrees == row.agrees);
  }
  // The exact values stay in the key; the official ones are only recorded.
  CHECK(Value(key, "accelerator_hour_flops") == "7128000000000000000");
  CHECK(key.Find("accelerator_hour_flops")->official->written == "1.08e18");
  CHECK(RoundSig(*key.Find("accelerator_hour_flops")->official->relative_error, 3) == "-0.848");
  CHECK(Value(key, "direct_compute") == "1000000000000000000000000000000");
  // Official values belong to the default parameters only.
  const Problem& p = BuiltinProblems().Get("eecs182-chinchilla-fermi");
  ParamValues v = p.Defaults();
  p.Apply({"rental_usd_per_hour=2"}, &v);
  AnswerKey changed = BuildKey(p, v);
  CHECK_FALSE(changed.Find("pflop_day_usd")->official.has_value());
  CHECK(Value(changed, "pflop_day_usd") == "800/33");
}

TEST_CASE("key: significant digits and agreement to the written precision", "[key]") {
  CHECK(SignificantDigits("8.5") == 2);
  CHECK(SignificantDigits("66175.20") == 7);
  CHECK(SignificantDigits("700") == 1);
  CHECK(SignificantDigits("1.40e11") == 3);
  CHECK(SignificantDigits("0.0002") == 1);
  CHECK(AgreesToWrittenPrecision("12.12", Exact(400, 33)));
  CHECK_FALSE(AgreesToWrittenPrecision("66175.20", Exact(728000, 11)));
  CHECK(AgreesToWrittenPrecision("194", Exact(1562500, 8019)));
  CHECK_FALSE(AgreesToWrittenPrecision("2.0e7", Exact(400000000, 33)));
}

TEST_CASE("key: chained computations follow a changed parameter", "[key]") {
  // Training compute comes from the Chinchilla inversion of model_params.
  const Problem& p = BuiltinProblems().Get("eecs182-chinchilla-fermi");
  ParamValues v = p.Defaults();
  p.Apply({"model_params=1e13"}, &v);
  AnswerKey key = BuildKey(p, v);
  CHECK(Value(key, "direct_compute") == "10000000000000000000000000000");
  CHECK(Value(key, "training_accelerator_seconds") == "500000000000000/99");
}


// Formula computations bind a parameter's text once per problem definition
// and thread: two definitions that share a parameter's name and text but
// not its unit each get their own binding, whichever is built first.
TEST_CASE("key: a parameter binds by its own definition's unit", "[key]") {
  auto text = [](const std::string& id, const std::string& unit) {
    return R"({"id": ")" + id + R"(", "title": "Memory",
  "parameters": [{"name": "mem", "type": "decimal", "default": "2", "min": "0", "unit": ")" + unit +
           R"(", "description": "memory", "variant": {"choices": ["2", "3"]}}],
  "computations": [{"id": "bytes", "formula": "mem", "unit": "byte"}],
  "parts": [{"id": "a", "title": "Bytes", "answers": [{"id": "bytes", "from": "bytes", "description": "bytes"}]}]})";
  };
  ProblemSet set;
  set.Add("problems/gb.json", text("gb", "GB"));
  set.Add("problems/gib.json", text("gib", "GiB"));
  const Problem& gb = set.Get("gb");
  const Problem& gib = set.Get("gib");
  for (int round = 0; round < 2; ++round) {
    CHECK(Value(BuildKey(gb, gb.Defaults()), "bytes") == "2000000000");
    CHECK(Value(BuildKey(gib, gib.Defaults()), "bytes") == "2147483648");
    CHECK(Value(BuildKey(gb, KeyRequest{0, {"mem=3"}}), "bytes") == "3000000000");
    CHECK(Value(BuildKey(gib, KeyRequest{0, {"mem=3"}}), "bytes") == "3221225472");
  }
}

}  // namespace
}  // namespace grader
