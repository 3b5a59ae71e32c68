// Solver "chinchilla": compute-optimal model and data size under
// L = A/N^alpha + B/D^beta + L0 with C = C0·N·D, and the direct-fit laws
// N = kN·C^e, D = kD·C^e inverted for a given N.
//
// Fractional powers are computed at 50 digits (Real); exponents that are
// ratios of the inputs stay exact rationals.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "grader/base/error.h"
#include "reference/solver_util.h"

namespace grader {
namespace {

using detail::AddNumber;
using detail::Steps;
using detail::Pow;
using detail::Step;

// base^exponent: exact when the exponent is an integer, else 50 digits.
Value RaisePow(const Exact& base, const Exact& exponent) {
  if (IsInteger(exponent) && abs(numerator(exponent)) <= 100000)
    return Value(PowInt(base, static_cast<long>(numerator(exponent))));
  return Value::Approx(Pow(ToReal(base), ToReal(exponent)));
}

Value Mul(const Value& a, const Value& b) {
  if (a.is_exact() && b.is_exact()) return Value(a.exact() * b.exact());
  return Value::Approx(a.real() * b.real());
}

// The 50-digit part of a solve: fractional powers of the fit's inputs. It
// reads only alpha, beta, A, B, C0 and the compute budget, which variants
// of a problem draw from short lists, so it is computed once per distinct
// inputs (each costs thousands of 50-digit multiplications) and kept for
// the process, at most kMaxFits of them.
struct Fit {
  // The exponents, exact: a = beta/(alpha+beta), b = alpha/(alpha+beta),
  // l_exp = -alpha·beta/(alpha+beta) (kept with the fit: they follow from
  // its inputs).
  Exact a, b, l_exp;
  Real G, kN, kD, l_coeff, n_at, d_at, l_at;
  // The same as outputs' values (Value::Approx also finds the exact
  // decimal of each: kept with the fit, not redone per solve).
  Value g_value, kn_value, kd_value, l_coeff_value, n_at_value, d_at_value, l_at_value;
};

Fit ComputeFit(const Exact& alpha, const Exact& beta, const Exact& A, const Exact& B, const Exact& C0, const Exact& C,
               const Exact& L0) {
  Fit f;
  f.a = beta / (alpha + beta);
  f.b = alpha / (alpha + beta);
  f.l_exp = -(alpha * beta) / (alpha + beta);
  const Exact &a = f.a, &b = f.b, &l_exp = f.l_exp;
  f.G = Pow(ToReal(alpha * A / (beta * B)), ToReal(1 / (alpha + beta)));
  f.kN = f.G * Pow(ToReal(C0), ToReal(-a));
  f.kD = Pow(ToReal(C0), ToReal(-b)) / f.G;
  f.l_coeff = ToReal(A) * Pow(f.kN, ToReal(-alpha)) + ToReal(B) * Pow(f.kD, ToReal(-beta));
  const Real Cr = ToReal(C);
  f.n_at = f.kN * Pow(Cr, ToReal(a));
  f.d_at = f.kD * Pow(Cr, ToReal(b));
  f.l_at = f.l_coeff * Pow(Cr, ToReal(l_exp)) + ToReal(L0);
  f.g_value = Value::Approx(f.G);
  f.kn_value = Value::Approx(f.kN);
  f.kd_value = Value::Approx(f.kD);
  f.l_coeff_value = Value::Approx(f.l_coeff);
  f.n_at_value = Value::Approx(f.n_at);
  f.d_at_value = Value::Approx(f.d_at);
  f.l_at_value = Value::Approx(f.l_at);
  return f;
}

constexpr size_t kMaxFits = 4096;

// An exact number's bytes for a cache key: sign, limb count and limbs of
// numerator and denominator (equal numbers have equal bytes: rationals are
// kept in lowest terms with a positive denominator).
void AppendBytes(const Exact& x, std::string* out) {
  const auto& num = x.backend().data().numerator();
  const auto& den = x.backend().data().denominator();
  for (const auto* part : {&num, &den}) {
    const auto& b = part->backend();
    out->push_back(part->sign() < 0 ? '-' : '+');
    const unsigned n = b.size();
    out->append(reinterpret_cast<const char*>(&n), sizeof n);
    out->append(reinterpret_cast<const char*>(b.limbs()), n * sizeof(*b.limbs()));
  }
}

// The fit for these inputs, computed once.
std::shared_ptr<const Fit> CachedFit(const Exact& alpha, const Exact& beta, const Exact& A, const Exact& B,
                                     const Exact& C0, const Exact& C, const Exact& L0) {
  static std::mutex mutex;
  static auto* fits = new std::unordered_map<std::string, std::shared_ptr<const Fit>>();
  thread_local std::string key;
  key.clear();
  for (const Exact* x : {&alpha, &beta, &A, &B, &C0, &C, &L0}) AppendBytes(*x, &key);
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = fits->find(key);
    if (it != fits->end()) return it->second;
  }
  auto f = std::make_shared<const Fit>(ComputeFit(alpha, beta, A, B, C0, C, L0));
  std::lock_guard<std::mutex> lock(mutex);
  if (fits->size() >= kMaxFits) fits->clear();
  fits->emplace(key, f);
  return f;
}

class ChinchillaSolver : public Solver {
 public:
  std::string name() const override { return "chinchilla"; }
  std::string description() const override {
    return "Chinchilla compute-optimal N and D (symbolic optimum and direct-fit laws)";
  }
  std::vector<InputSpec> inputs() const override {
    using namespace detail;
    return {
        DecInput("alpha", "0.34", "exponent of N in the loss", "", "0"),
        DecInput("beta", "0.28", "exponent of D in the loss", "", "0"),
        DecInput("A", "406.4", "coefficient of the N term", "", "0"),
        DecInput("B", "410.7", "coefficient of the D term", "", "0"),
        DecInput("L0", "1.69", "irreducible loss", "", "0"),
        DecInput("C0", "6", "FLOPs per parameter per token (C = C0·N·D)", "FLOP", "0"),
        DecInput("compute", "1e24", "a compute budget C at which to evaluate the optimum", "FLOP", "0"),
        DecInput("direct_n_coeff", "0.1", "direct fit: N_opt = direct_n_coeff · C^direct_exponent", "", "0"),
        DecInput("direct_d_coeff", "1.7", "direct fit: D_opt = direct_d_coeff · C^direct_exponent", "", "0"),
        DecInput("direct_exponent", "0.5", "direct fit exponent of C", "", "0"),
        DecInput("target_params", "1e14", "model size N to invert the direct fit for", "parameter", "0"),
    };
  }
  SolverResult Solve(const SolverInputs& in) const override {
    const Exact alpha = in.Number("alpha"), beta = in.Number("beta"), A = in.Number("A"), B = in.Number("B");
    const Exact L0 = in.Number("L0"), C0 = in.Number("C0"), C = in.Number("compute");
    for (const char* name : {"alpha", "beta", "A", "B", "C0", "direct_n_coeff", "direct_d_coeff", "direct_exponent",
                             "target_params", "compute"})
      if (in.Number(name).is_zero()) throw Error(std::string("chinchilla: ") + name + " must be positive");
    SolverResult r(in);
    const std::shared_ptr<const Fit> kept = CachedFit(alpha, beta, A, B, C0, C, L0);
    const Fit& fit = *kept;
    const Exact &a = fit.a, &b = fit.b, &l_exp = fit.l_exp;
    const Real& G = fit.G;
    AddNumber(r, "n_opt_exponent", "a in N_opt = kN·C^a", a, "1", "beta/(alpha+beta)",
              [&] { return Steps{Step("a", "β / (α + β)", Show(beta) + " / " + Show(alpha + beta), a)}; });
    AddNumber(r, "d_opt_exponent", "b in D_opt = kD·C^b", b, "1", "alpha/(alpha+beta)",
              [&] { return Steps{Step("b", "α / (α + β)", Show(alpha) + " / " + Show(alpha + beta), b)}; });
    AddNumber(r, "g", "G = (alpha·A / (beta·B))^(1/(alpha+beta))", fit.g_value, "1",
              "(alpha*A/(beta*B))^(1/(alpha+beta))",
              [&] { return Steps{"minimise A/N^α + B/D^β with N = C/(C0·D): setting dL/dD = 0 gives α·A/N^α = β·B/D^β",
               "so N_opt = G·(C/C0)^a and D_opt = G^-1·(C/C0)^b",
               Step("G", "(α·A / (β·B))^(1/(α+β))",
                    "(" + Show(alpha * A) + " / " + Show(beta * B) + ")^(1/" + Show(alpha + beta) + ")", Value::Approx(G))}; });
    const Real& kN = fit.kN;
    const Real& kD = fit.kD;
    AddNumber(r, "n_opt_coeff", "kN in N_opt = kN·C^a", fit.kn_value, "1", "G*C0^(-a)",
              [&] { return Steps{Step("kN", "G · C0^(−a)", "", Value::Approx(kN))}; });
    AddNumber(r, "d_opt_coeff", "kD in D_opt = kD·C^b", fit.kd_value, "1", "C0^(-b)/G",
              [&] { return Steps{Step("kD", "G^(−1) · C0^(−b)", "", Value::Approx(kD))}; });
    const Real& l_coeff = fit.l_coeff;
    AddNumber(r, "l_opt_exponent", "exponent of C in L_opt(C)", l_exp, "1", "-alpha*beta/(alpha+beta)",
              [&] { return Steps{Step("exponent", "−α·β / (α + β)", "", l_exp)}; });
    AddNumber(r, "l_opt_coeff", "coefficient in L_opt(C) = coeff·C^exponent + L0", fit.l_coeff_value, "1",
              "A*kN^(-alpha)+B*kD^(-beta)",
              [&] { return Steps{Step("coefficient", "A·kN^(−α) + B·kD^(−β)", "", Value::Approx(l_coeff))}; });
    AddNumber(r, "l0", "irreducible loss L0", L0, "1", "L0", [&] { return Steps{"L0 = " + Show(L0)}; });
    const Real& n_at = fit.n_at;
    const Real& d_at = fit.d_at;
    AddNumber(r, "n_opt_at_compute", "N_opt at the given compute", fit.n_at_value, "parameter", "",
              [&] { return Steps{Step("N_opt(C)", "kN · C^a", "", Value::Approx(n_at))}; });
    AddNumber(r, "d_opt_at_compute", "D_opt at the given compute", fit.d_at_value, "token", "",
              [&] { return Steps{Step("D_opt(C)", "kD · C^b", "", Value::Approx(d_at))}; });
    const Real& l_at = fit.l_at;
    AddNumber(r, "l_opt_at_compute", "L_opt at the given compute", fit.l_at_value, "1", "",
              [&] { return Steps{Step("L_opt(C)", "coeff · C^exponent + L0", "", Value::Approx(l_at))}; });

    // Direct fit, inverted: C = (N / kN)^(1/e), D = kD · C^e.
    const Exact kn = in.Number("direct_n_coeff"), kd = in.Number("direct_d_coeff"), e = in.Number("direct_exponent");
    const Exact N = in.Number("target_params");
    Value compute = RaisePow(N / kn, 1 / e);
    AddNumber(r, "direct_compute", "training compute for target_params under the direct fit", compute, "FLOP",
              "(N/direct_n_coeff)^(1/direct_exponent)",
              [&] { return Steps{"N = " + Show(kn) + " · C^" + Show(e) + "  ⇒  C = (N / " + Show(kn) + ")^(1/" + Show(e) + ")",
               Step("C", "(N / kN)^(1/e)", "(" + Show(N) + " / " + Show(kn) + ")^" + Show(1 / e), compute)}; });
    Value tokens = Mul(Value(kd), RaisePow(N / kn, 1));  // C^e = N / kN exactly
    AddNumber(r, "direct_tokens", "training tokens for target_params under the direct fit", tokens, "token",
              "direct_d_coeff*N/direct_n_coeff",
              [&] { return Steps{"C^" + Show(e) + " = N / " + Show(kn) + " exactly",
               Step("D", "kD · C^e = kD · N / kN", Show(kd) + " · " + Show(N) + " / " + Show(kn), tokens)}; });
    return r;
  }
};

const SolverRegistration kRegister(std::make_unique<ChinchillaSolver>());

}  // namespace
}  // namespace grader
