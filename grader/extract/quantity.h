// Quantities: numbers with their units, as a response writes them.
//
// FindQuantities scans a range of a Document and returns every number it can
// read, with the context that changes its meaning:
//
//   sign and currency   -3   $18.18   \$18   USD 1.5
//   scale words         ~1.4B   175B   1.5k   3.5 million   100 trillion
//   units               8.5 GB   7.92GiB   30%   0.02 \%   12.12 H200-hours
//   fractions           1/40   \frac{1}{40}
//   ranges              40–60 million   2 to 3x   between 50 and 250 USD
//   approximations      ≈ 2.4 MB   ~4 GB   about 6 billion   \approx 14
//
// Values are exact. `value` is the number as written with scale words applied
// (1.4 billion -> 1400000000) but not the unit; `base_value` is in the unit's
// base (8.5 GB -> 8500000000 bytes, 7.92 GiB -> 8503803248.64 bytes).
// `sig_figs` keeps the written precision (8.5 GB has two) for tolerances.
//
//   Document doc("The model needs about 8.5 GB.");
//   auto qs = FindQuantities(doc);
//   // qs[0].text == "8.5 GB", qs[0].unit->symbol == "GB",
//   // ExactString(qs[0].base_value) == "8500000000", qs[0].approx == true
//
// Numbers that are part of a name or a formula are not quantities: H200,
// GPT-2, W_0, x^2, 1756^2 (expression.h reads those).
#ifndef GRADER_EXTRACT_QUANTITY_H_
#define GRADER_EXTRACT_QUANTITY_H_

#include <optional>
#include <string>
#include <vector>

#include "grader/extract/document.h"
#include "reference/exact.h"
#include "reference/units.h"

namespace grader {

struct Quantity {
  Exact value;                 // as written, scale words applied, unit not
  std::optional<Exact> upper;  // for a range: `value` is the low end
  const Unit* unit = nullptr;  // nullptr for a bare number
  Exact base_value;            // value * unit->scale (value if no unit)
  double base_double = 0;      // base_value as a double (inf when too large), for cheap screens
  std::string text;            // verbatim from the original response
  std::string unit_text;       // the unit as written, e.g. "GiB"
  int sig_figs = 0;
  bool approx = false;         // ~, ≈, about, \approx, ...
  bool scientific = false;     // written with an exponent
  Range range;                 // in the normalised text
  Span span;                   // in the original text

  bool is_range() const { return upper.has_value(); }
  // Returns the dimension name ("byte", "FLOP", "1") or "" for bare numbers.
  std::string dimension() const { return unit ? unit->dimension : ""; }
};

// Most quantities read from one response: a solution set holds a few
// thousand numbers; a hostile one of a million "1 " would take ~400 bytes
// per quantity and a numeric check's time per candidate.
inline constexpr size_t kMaxQuantities = 20000;

// Finds the quantities in `scope` (the whole document by default), in order.
// Numbers that cannot be read (exponent out of range, too many digits) are
// skipped with a diagnostic appended to *diagnostics when given; so is the
// rest of the scope after kMaxQuantities.
std::vector<Quantity> FindQuantities(const Document& doc, std::optional<Range> scope = std::nullopt,
                                     std::vector<Diagnostic>* diagnostics = nullptr);

// What follows a number: "%", a scale word ("billion", attached "B", "k",
// "M", "T") and a unit, possibly inside \text{...}.
struct Suffix {
  long scale_exponent = 0;  // 9 for "billion"
  bool has_scale = false;
  const Unit* unit = nullptr;
  std::string unit_text;
  size_t end = 0;           // text offset after the suffix (pos if none)
};

// Reads the suffix of a number that ends at text[pos].
Suffix ReadSuffix(std::string_view text, size_t pos);

}  // namespace grader

#endif  // GRADER_EXTRACT_QUANTITY_H_
