#include <catch2/catch.hpp>

#include "grader/base/error.h"
#include "tests/reference/solver_test_util.h"

namespace grader {
namespace {

using testing::Get;
using testing::Run;

TEST_CASE("transformer: GPT-2 XL with SwiGLU, RoPE, RMSNorm, untied (seeds 002/004)", "[transformer]") {
  SolverResult r = Run("transformer");  // the defaults are the GPT-2 XL configuration
  struct Row { const char* id; const char* want; };
  const Row rows[] = {
      {"embedding_params", "80411200"},      {"positional_params", "0"},
      {"attention_params", "491520000"},     {"ffn_params", "1474560000"},
      {"norm_params", "155200"},             {"output_params", "80411200"},
      {"block_params_per_layer", "40963200"},{"total_params", "2127057600"},
      {"fp32_bytes", "8508230400"},          {"bf16_bytes", "4254115200"},
      {"int8_bytes", "2127057600"},          {"fp32_gb", "8.5082304"},
      {"fp32_gib", "7.9239070415496826171875"},
      {"qkv_flops_per_layer", "15728640000"},{"attn_scores_flops_per_layer", "3355443200"},
      {"attn_values_flops_per_layer", "3355443200"}, {"out_proj_flops_per_layer", "5242880000"},
      {"ffn_flops_per_layer", "62914560000"},{"flops_per_layer", "90596966400"},
      {"lm_head_flops", "164682137600"},     {"forward_flops", "4513336524800"},
      {"ffn_flop_share", "921600/1377361"},  {"lm_head_flop_share", "50257/1377361"},
      {"backward_flops", "9026673049600"},   {"train_step_flops", "13540009574400"},
      {"train_flops_6nd", "1276234560000000000000"},
      {"adamw_moment_bytes", "17016460800"},
      {"largest_flop_component", "feed-forward"}, {"largest_param_component", "feed-forward blocks"},
  };
  for (const Row& row : rows) {
    INFO(row.id);
    CHECK(Get(r, row.id) == row.want);
  }
}

TEST_CASE("transformer: the seed-002 mistake (two FFN matrices, one table) gives 1,555,124,800", "[transformer]") {
  SolverResult r = Run("transformer", {{"ffn", "relu"}, {"tie_embeddings", "true"}, {"final_norm", "false"}});
  CHECK(Get(r, "total_params") == "1555124800");
  CHECK(Get(r, "block_params_per_layer") == "30723200");
  // One token through two FFN matrices: the equation seed 002 writes.
  CHECK(Get(Run("transformer", {{"ffn", "relu"}, {"context_length", "1"}}), "ffn_flops_per_layer") == "40960000");
}

TEST_CASE("transformer: MyT (seed 000) puts most parameters in the feed-forward blocks", "[transformer]") {
  SolverResult r = Run("transformer", {{"vocab_size", "63257"}, {"context_length", "2800"}, {"num_layers", "57"},
                                       {"d_model", "1756"}, {"num_heads", "439"}, {"d_ff", "7024"},
                                       {"ffn", "relu"}, {"positions", "learned"}});
  CHECK(Get(r, "ffn_params") == "1406092416");
  CHECK(Get(r, "attention_params") == "703046208");
  CHECK(Get(r, "embedding_params") == "111079292");
  CHECK(Get(r, "positional_params") == "4916800");
  CHECK(Get(r, "largest_param_component") == "feed-forward blocks");
}

TEST_CASE("transformer: LayerNorm, biases, learned positions, GELU by hand", "[transformer]") {
  SolverResult r = Run("transformer", {{"vocab_size", "10"}, {"context_length", "4"}, {"num_layers", "2"},
                                       {"d_model", "4"}, {"num_heads", "2"}, {"d_ff", "8"}, {"ffn", "gelu"},
                                       {"norm", "layernorm"}, {"positions", "learned"}, {"bias", "true"}});
  CHECK(Get(r, "embedding_params") == "40");
  CHECK(Get(r, "positional_params") == "16");
  CHECK(Get(r, "attention_params") == "160");   // 2 · (4·16 + 4·4)
  CHECK(Get(r, "ffn_params") == "152");         // 2 · (2·4·8 + 8 + 4)
  CHECK(Get(r, "norm_params") == "40");         // 2·2·8 + 8
  CHECK(Get(r, "output_params") == "50");       // 4·10 + 10
  CHECK(Get(r, "total_params") == "458");
  CHECK(Get(Run("transformer", {{"tie_embeddings", "true"}}), "output_params") == "0");
}

TEST_CASE("transformer: huge configurations stay digit-exact", "[transformer][exact]") {
  SolverResult r = Run("transformer", {{"num_layers", "1000000"}, {"d_model", "1000000"}, {"num_heads", "1"},
                                       {"d_ff", "4000000"}});
  CHECK(Get(r, "total_params") == "16000002100515000000");
  CHECK(Get(r, "forward_flops") == "32772194406926336000000");
  SolverResult big = Run("transformer", {{"num_layers", "1000000000"}, {"d_model", "1000000000"}, {"num_heads", "1"},
                                         {"d_ff", "4000000000"}, {"context_length", "2048"}});
  CHECK(Get(big, "total_params") == "16000000002000100515000000000");
  CHECK(Get(big, "forward_flops") == "65536016777216205852672000000000");  // 6.5e31, every digit
}

TEST_CASE("transformer: inconsistent inputs are rejected with the reason", "[transformer]") {
  CHECK_THROWS_WITH(Run("transformer", {{"d_model", "1001"}}),
                    "transformer: d_model (1,001) must be divisible by num_heads (25)");
  CHECK_THROWS_WITH(Run("transformer", {{"num_layers", "0"}}),
                    "solver 'transformer': num_layers: 0 is below the minimum 1");
  CHECK_THROWS_WITH(Run("transformer", {{"ffn", "moe"}}),
                    "solver 'transformer': ffn: 'moe' is not one of swiglu, relu, gelu");
  CHECK_THROWS_WITH(Run("transformer", {{"layers", "3"}}), "solver 'transformer' has no input 'layers'");
}

}  // namespace
}  // namespace grader
