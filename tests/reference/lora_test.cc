#include <catch2/catch.hpp>

#include "tests/reference/solver_test_util.h"

namespace grader {
namespace {

using testing::Get;
using testing::Run;

TEST_CASE("lora: k(m+l) parameters, 4k(m+l) bytes, against a full m x l update", "[lora]") {
  SolverResult r = Run("lora", {{"m", "1000"}, {"l", "3000"}, {"k", "8"}});
  CHECK(Get(r, "lora_params") == "32000");
  CHECK(Get(r, "lora_bytes") == "128000");
  CHECK(r.Find("lora_bytes")->formula == "4*k*(m+l)");
  CHECK(Get(r, "full_params") == "3000000");
  CHECK(Get(r, "full_bytes") == "12000000");
  CHECK(Get(r, "lora_ratio") == "4/375");  // 32,000 / 3,000,000
}

TEST_CASE("lora: whole-model adapter size follows the adapted matrices", "[lora]") {
  // 32 blocks, d = 4096, adapters on W_q and W_v at rank 8: 32 · 2 · 8 · 8192.
  SolverResult qv = Run("lora");
  CHECK(Get(qv, "model_lora_params") == "4194304");
  CHECK(Get(qv, "model_lora_bytes") == "16777216");
  SolverResult all = Run("lora", {{"adapt_k", "true"}, {"adapt_o", "true"}, {"adapt_ffn", "true"}});
  // per block: 4 · 8 · 8192 + 3 · 8 · (4096 + 11008)
  CHECK(Get(all, "model_lora_params") == std::to_string(32LL * (4 * 8 * 8192 + 3 * 8 * (4096 + 11008))));
}

TEST_CASE("soft_prompt: 5E trainable parameters, outputs 50-71 enter the loss (seed 003, 6)", "[lora]") {
  SolverResult r = Run("soft_prompt", {{"embedding_size", "1024"}});
  CHECK(Get(r, "trainable_params") == "5120");
  CHECK(r.Find("trainable_params")->formula == "5*E");
  CHECK(Get(r, "loss_first_output") == "50");
  CHECK(Get(r, "loss_last_output") == "71");
  CHECK(Get(r, "loss_token_count") == "22");
  CHECK_THROWS_WITH(Run("soft_prompt", {{"answer_position", "90"}}),
                    "soft_prompt: positions must increase: prompt_length < question_end < reasoning_end < "
                    "answer_position < newline_position <= sequence_length");
}

}  // namespace
}  // namespace grader
