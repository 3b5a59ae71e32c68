#include <catch2/catch.hpp>

#include "grader/base/error.h"
#include "tests/reference/solver_test_util.h"

namespace grader {
namespace {

using testing::Get;
using testing::Run;
using testing::Sig;

TEST_CASE("fermi: exact answers for the 100-trillion-parameter estimate (seed 003, 5)", "[fermi]") {
  SolverResult r = Run("fermi");
  struct Row { const char* id; const char* want; };
  const Row rows[] = {
      {"dataset_words", "5000000000000000/7"},
      {"words_per_book", "120000"},
      {"small_model_bytes", "2000000000"},
      {"model_bytes", "200000000000000"},
      {"accelerators_for_weights", "2000"},
      {"weights_rental_usd_per_hour", "3000"},
      {"accelerators_with_optimizer", "8000"},
      {"ssd_usd_per_year", "10000"},
      {"dram_usd_per_year", "800000"},
      {"dram_share_of_fleet", "1/75"},
      {"forward_latency_s", "125/3"},
      {"tokens_per_minute", "1.44"},
      {"reference_tokens_per_minute", "5760/7"},
      {"activation_numbers_per_token", "1179648"},
      {"activation_bytes_per_token", "2359296"},
      {"pflop_day_flops", "86400000000000000000"},
      {"accelerator_hour_flops", "7128000000000000000"},
      {"pflop_day_accelerator_hours", "400/33"},
      {"pflop_day_usd", "200/11"},
      {"reference_training_usd", "728000/11"},
      {"training_accelerator_seconds", "50000000000000000/99"},
      {"training_usd", "62500000000000/297"},
      {"inference_flops", "2000000000000000000"},
      {"inference_usd", "125/297"},
      {"landauer_flop_energy", "0.000000000000000000096"},
      {"landauer_min_power", "0.00019008"},
      {"brain_over_landauer", "312.5"},
      {"carbon_cost_usd", "61824"},
      {"carbon_share_of_training", "0.010304"},
      {"burger_co2_kg", "5.65"},
  };
  for (const Row& row : rows) {
    INFO(row.id);
    CHECK(Get(r, row.id) == row.want);
  }
  CHECK(Sig(r, "training_wall_clock_days", 5) == "194.85");
  CHECK(Sig(r, "tokens_to_recoup", 4) == "8.363e12");
  CHECK(Sig(r, "carbon_price_geometric_mean", 12) == "111.803398875");
  CHECK(Sig(r, "landauer_bit_energy_physical", 6) == "2.87098e-21");
}

TEST_CASE("fermi: every constant is an input", "[fermi]") {
  SolverResult r = Run("fermi", {{"rental_usd_per_hour", "2"}, {"peak_flops", "1e15"}});
  CHECK(Get(r, "pflop_day_accelerator_hours") == "24");
  CHECK(Get(r, "pflop_day_usd") == "48");
  CHECK_THROWS_WITH(Run("fermi", {{"price_usd_per_million_tokens", "0.1"}}),
                    "fermi: serving costs more than the selling price; nothing is recouped");
  CHECK_THROWS_WITH(Run("fermi", {{"peak_flops", "0"}}), "fermi: peak_flops must be positive");
}

}  // namespace
}  // namespace grader
