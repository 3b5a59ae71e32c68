// Helpers shared by the check kinds (internal): evidence, scopes,
// tolerances, comparisons of quantities with key values and compiling the
// rubric's RE2 patterns.
#ifndef GRADER_CHECK_CHECK_UTIL_H_
#define GRADER_CHECK_CHECK_UTIL_H_

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grader/check/check.h"
#include "grader/extract/extract.h"
#include "reference/key.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace grader::detail {

// Evidence quoting the original bytes under `span`.
Evidence EvidenceOf(const Extractions& x, const Span& span);

// "part (a)" or "the response".
std::string ScopeName(const std::string& part);

// A numeric tolerance: a value matches when ANY given bound holds.
struct Tolerance {
  std::optional<Exact> rel;       // |f - e| <= rel * |e|
  std::optional<Exact> abs;       // |f - e| <= abs (in the expected value's unit)
                                  // both rel and abs: |f - e| <= abs + rel * |e| (PrairieLearn)
  std::optional<int> sig;         // agrees to `sig` significant figures of e
  std::optional<int> decimals;    // agrees to `decimals` decimal places
  std::optional<Exact> factor;    // max(f/e, e/f) <= factor (same sign)
  bool written = false;           // e rounds to f at f's written precision
  bool exact_only() const { return !rel && !abs && !sig && !decimals && !factor && !written; }
  std::string Describe() const;   // "within 0.5%", "within a factor of 2", "exactly"
  // The bounds as doubles for ClearlyOutside's screen, filled by Prepare()
  // (ReadTolerance calls it): a check compares every candidate number of
  // every submission, and converting the rationals each time cost more
  // than the screen itself. A tolerance changed after Prepare() must be
  // prepared again; one never prepared is converted on each use.
  struct Doubles {
    bool ready = false;
    double rel = 0, abs = 0, factor = 0, sig_scale = 0, decimals_bound = 0;
  } doubles;
  void Prepare();
};

// The words Tolerance::Describe gives for a tolerance object of a rubric
// that was already checked (what the review page labels a partial tier
// with); fields that do not read are left out.
std::string DescribeToleranceJson(const nlohmann::json& tolerance);

// Reads {"rel": ..., "abs": ..., "sig": ..., "decimals": ..., "factor": ..., "written": ...}
// at `field` of the check (absent: exact).
Tolerance ReadTolerance(const CheckSource& src, const nlohmann::json& spec, const std::string& field);

// Whether `found` (written with `found_sig` significant figures) matches
// `expected` under `tol`.
bool Within(const Exact& found, int found_sig, const Exact& expected, const Tolerance& tol);
// The same with both values already converted to double (the cheap screen
// that rules most candidates out before any exact arithmetic).
bool Within(const Exact& found, double found_d, int found_sig, const Exact& expected, double expected_d,
            const Tolerance& tol);

// The screen inside Within(): true when `found` is clearly outside every
// bound of `tol`, by a margin doubles cannot blur (so exact arithmetic
// would say the same).
bool ClearlyOutside(double found, int found_sig, double expected, const Tolerance& tol);

// ClearlyOutside(f, sig, expected, tol) for one expected value and
// tolerance, with what does not depend on f worked out once: a check screens
// every candidate number against the key, its partial bands, conventions
// and mistakes. The same doubles in the same order, so the same answers.
class OutsideScreen {
 public:
  OutsideScreen(double expected, const Tolerance& tol);
  bool operator()(double f, int found_sig) const {
    if (!simple_) return ClearlyOutside(f, found_sig, e_, *tol_);
    if (!std::isfinite(f) || !finite_e_) return false;
    double diff = std::fabs(f - e_), mag = std::max(std::fabs(f), std::fabs(e_));
    return diff > bound_ * 1.0001 + mag * 1e-12;
  }

 private:
  double e_;
  const Tolerance* tol_;
  bool simple_ = false;  // no bound that depends on f (written, factor)
  bool finite_e_ = false;
  double bound_ = 0;
};

// How quantity `q` converts to the key's unit (nullptr: unknown unit): not
// at all (dimensions differ), as its base value (a bare number, a count
// written with a count unit such as "2,000 H200s", or the key unit's scale
// is 1), or as its base value divided by the key unit's scale.
enum class Conversion { kNone, kBase, kDivide };
Conversion ConversionTo(const Quantity& q, const Unit* key_unit);

// The value of quantity `q` expressed in `unit_symbol` (the key's unit), or
// nullopt when the dimensions differ. A bare number is taken as already in
// that unit.
std::optional<Exact> InUnit(const Quantity& q, const std::string& unit_symbol);
// The same with the key's unit looked up (nullptr: unknown unit).
std::optional<Exact> InUnit(const Quantity& q, const Unit* key_unit);

// (found - expected) / expected, or nullopt when expected is 0.
std::optional<Exact> RelativeError(const Exact& found, const Exact& expected);
// RelativeError's shortcut for single-limb parts (nearly every value): the
// same rational from 128-bit integer arithmetic, without Boost's
// normalisation; nullopt when the parts are wider or a sum would overflow
// (RelativeError then takes the general path). Exposed for the tests that
// compare the two.
std::optional<Exact> RelativeErrorFast(const Exact& found, const Exact& expected);

// A readable value with its unit: "2,127,057,600 parameters".
std::string Readable(const Exact& value, const std::string& unit);

// Compiles a pattern of the rubric (RE2 syntax, at most 8 MB of program,
// case-insensitive when asked); src.Fail(field, ...) with RE2's error and
// the offending fragment when it does not compile.
std::unique_ptr<re2::RE2> CompileOrFail(const CheckSource& src, const std::string& field, const std::string& pattern,
                                        bool case_insensitive);

}  // namespace grader::detail

#endif  // GRADER_CHECK_CHECK_UTIL_H_
