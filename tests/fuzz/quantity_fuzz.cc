// Fuzz target: reading numbers (number.h) and quantities (quantity.h).
//
// Invariants, for any input:
// - every quantity's range lies in the text, its span in the response, its
//   text is the spanned bytes, and quantities come in reading order without
//   overlapping;
// - a unit is one of the unit table's entries, and base_value is the value
//   times the unit's scale;
// - an exact value printed by ExactString reads back (ParseExact) to itself;
// - a quantity's own text, read alone, gives the same value, unit and upper
//   end (except the "between 5 and 6" form, whose range needs the word
//   before it);
// - at each digit run, ReadNumber and ScanNumber agree on extent and flags,
//   and the number's own text, read alone, gives the same extent and value.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grader/extract/document.h"
#include "grader/extract/number.h"
#include "grader/extract/quantity.h"
#include "reference/exact.h"
#include "reference/units.h"
#include "tests/fuzz/fuzz_check.h"

namespace grader {
namespace {

using fuzz::Show;

void CheckPrintedReadsBack(const Exact& x, const std::string& what) {
  std::string printed = ExactString(x);
  std::string error;
  auto back = ParseExact(printed, &error);
  FUZZ_CHECK(back && *back == x, what + ": ExactString gives " + Show(printed) + ", which reads back as " +
                                     (back ? ExactString(*back) : "an error: " + error));
}

bool IsTableUnit(const Unit* u) {
  const std::vector<Unit>& all = AllUnits();
  return u >= all.data() && u < all.data() + all.size();
}

void CheckNumbers(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text[i]) || (i > 0 && (IsDigit(text[i - 1]) || text[i - 1] == '.'))) continue;
    NumberToken read, scan;
    bool r = ReadNumber(text, i, &read);
    bool s = ScanNumber(text, i, &scan);
    std::string at = "number at " + std::to_string(i) + " " + Show(std::string_view(text).substr(i, 40));
    FUZZ_CHECK(r && s, at + ": a digit starts no number");
    FUZZ_CHECK(read.begin == i && scan.begin == i && read.end == scan.end && read.end > i && read.end <= text.size(),
               at + ": extents differ or lie outside the text (" + std::to_string(read.end) + " vs " +
                   std::to_string(scan.end) + ")");
    FUZZ_CHECK(read.ok == scan.ok && read.error == scan.error && read.sig_figs == scan.sig_figs &&
                   read.grouped == scan.grouped && read.scientific == scan.scientific &&
                   read.power_of_ten == scan.power_of_ten,
               at + ": ReadNumber and ScanNumber disagree");
    if (!read.ok) {
      FUZZ_CHECK(!read.error.empty(), at + ": refused without a reason");
      continue;
    }
    FUZZ_CHECK(read.sig_figs >= 1, at + ": no significant figures");
    CheckPrintedReadsBack(read.value, at);
    std::string own = text.substr(read.begin, read.end - read.begin);
    NumberToken alone;
    FUZZ_CHECK(ReadNumber(own, 0, &alone) && alone.ok && alone.end == own.size() && alone.value == read.value &&
                   alone.sig_figs == read.sig_figs,
               at + ": its own text " + Show(own) + " reads alone as " +
                   (alone.ok ? ExactString(alone.value) + " over " + std::to_string(alone.end) + " bytes"
                             : "an error: " + alone.error) +
                   ", not " + ExactString(read.value));
    i = read.end - 1;
  }
}

void CheckQuantities(const Document& doc) {
  fuzz::SpanChecker spans(doc);
  std::vector<Diagnostic> diagnostics;
  std::vector<Quantity> qs = FindQuantities(doc, std::nullopt, &diagnostics);
  size_t previous_end = 0;
  for (const Quantity& q : qs) {
    std::string what = "quantity " + Show(q.text);
    spans.RangeSpan(q.range, q.span, what, &q.text);
    FUZZ_CHECK(q.range.begin < q.range.end, what + ": empty");
    FUZZ_CHECK(q.range.begin >= previous_end,
               what + ": starts at " + std::to_string(q.range.begin) + ", inside the quantity before it (ends at " +
                   std::to_string(previous_end) + ")");
    previous_end = q.range.end;
    if (q.unit) {
      FUZZ_CHECK(IsTableUnit(q.unit), what + ": unit is not an entry of the unit table");
      FUZZ_CHECK(FindUnit(q.unit->symbol) == q.unit, what + ": unit symbol '" + q.unit->symbol + "' is not found");
      FUZZ_CHECK(q.base_value == q.value * q.unit->scale, what + ": base value is not value times the unit's scale");
    } else {
      FUZZ_CHECK(q.base_value == q.value, what + ": a bare number's base value differs from its value");
    }
    FUZZ_CHECK(q.sig_figs >= 1, what + ": no significant figures");
    CheckPrintedReadsBack(q.value, what);
    if (q.upper) CheckPrintedReadsBack(*q.upper, what + " (upper end)");

    // Read alone.
    // "between 5 and 6" reads as a range only after "between": context. (In
    // the normalised text: NUL bytes inside the quote hide the " and ".)
    if (doc.text().substr(q.range.begin, q.range.end - q.range.begin).find(" and ") != std::string::npos) continue;
    Document alone(q.text);
    std::vector<Quantity> again = FindQuantities(alone);
    FUZZ_CHECK(!again.empty(), what + ": read alone, its text holds no quantity");
    const Quantity& a = again.front();
    FUZZ_CHECK(a.value == q.value && a.unit == q.unit && a.upper == q.upper && a.text == q.text,
               what + " (" + ExactString(q.value) + (q.unit ? " " + q.unit->symbol : "") +
                   ") reads alone as " + Show(a.text) + " (" + ExactString(a.value) +
                   (a.unit ? " " + a.unit->symbol : "") + ")");
  }
  for (const Diagnostic& d : diagnostics) spans.Span(d.span, "diagnostic '" + d.message + "'");
}

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  grader::Document doc(std::string(reinterpret_cast<const char*>(data), size));
  grader::CheckNumbers(doc.text());
  grader::CheckQuantities(doc);
  return 0;
}
