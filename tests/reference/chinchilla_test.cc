#include <catch2/catch.hpp>

#include "tests/reference/solver_test_util.h"

namespace grader {
namespace {

using testing::Get;
using testing::Run;
using testing::Sig;

TEST_CASE("chinchilla: symbolic optimum with the paper's fit, to 15+ digits", "[chinchilla]") {
  SolverResult r = Run("chinchilla");
  // Exponents are exact ratios of the inputs.
  CHECK(Get(r, "n_opt_exponent") == "14/31");
  CHECK(Get(r, "d_opt_exponent") == "17/31");
  CHECK(Get(r, "l_opt_exponent") == "-119/775");
  // Reference digits from an independent 60-digit computation.
  CHECK(Sig(r, "g", 20) == "1.3447106427725300947");
  CHECK(Sig(r, "n_opt_coeff", 20) == "0.59869509049702056429");
  CHECK(Sig(r, "d_opt_coeff", 20) == "0.27838321929165058281");
  CHECK(Sig(r, "l_opt_coeff", 20) == "1071.3649162406512076");
  CHECK_FALSE(r.Find("n_opt_coeff")->number->is_exact());
  // The official rounded forms: N = 0.6 C^0.45, D = 0.3 C^0.55, L = 1070 C^-0.154 + 1.7.
  CHECK(Sig(r, "n_opt_coeff", 1) == "0.6");
  CHECK(Sig(r, "d_opt_coeff", 1) == "0.3");
  CHECK(Sig(r, "n_opt_exponent", 2) == "0.45");
  CHECK(Sig(r, "d_opt_exponent", 2) == "0.55");
  CHECK(Sig(r, "l_opt_coeff", 3) == "1070");
  CHECK(Sig(r, "l_opt_exponent", 3) == "-0.154");
}

TEST_CASE("chinchilla: the direct fit inverted for N = 1e14 gives C = 1e30 and D = 1.7e15 exactly", "[chinchilla]") {
  SolverResult r = Run("chinchilla");
  CHECK(Get(r, "direct_compute") == "1000000000000000000000000000000");
  CHECK(r.Find("direct_compute")->number->is_exact());
  CHECK(Get(r, "direct_tokens") == "1700000000000000");
  // A non-integer inverse exponent falls back to 50 digits.
  SolverResult frac = Run("chinchilla", {{"direct_exponent", "0.45"}});
  CHECK_FALSE(frac.Find("direct_compute")->number->is_exact());
}

TEST_CASE("chinchilla: the optimum at a budget satisfies C = C0·N·D", "[chinchilla]") {
  SolverResult r = Run("chinchilla", {{"compute", "1e24"}});
  Real n = r.Find("n_opt_at_compute")->number->real(), d = r.Find("d_opt_at_compute")->number->real();
  Real c = 6 * n * d;
  CHECK(RoundSig(FromReal(c), 30) == "1e24");
}

}  // namespace
}  // namespace grader
