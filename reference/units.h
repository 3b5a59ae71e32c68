// Units of measure: a table of unit symbols, each with a dimension and an
// exact scale to that dimension's base unit.
//
// Answer keys name their unit by symbol ("byte", "FLOP", "USD"); the grader
// converts a student's "8.5 GB" or "7.92 GiB" to the base unit before
// comparing. Decimal and binary prefixes differ: GB is 10^9 bytes, GiB 2^30.
//
//   const Unit* gb = FindUnit("GB");      // dimension "byte", scale 10^9
//   ConvertToBase(Exact(85, 10), *gb)     // 8500000000
//
// To add a unit, add a row to the table in units.cc (symbol, dimension,
// scale, aliases). Dimensions are plain names; two quantities compare only
// when their dimensions are equal.
#ifndef GRADER_REFERENCE_UNITS_H_
#define GRADER_REFERENCE_UNITS_H_

#include <string>
#include <string_view>
#include <vector>

#include "reference/exact.h"

namespace grader {

struct Unit {
  std::string symbol;     // canonical symbol, e.g. "GiB"
  std::string dimension;  // base dimension, e.g. "byte"
  Exact scale;            // value of one unit in the dimension's base unit
  std::string name;       // human name, e.g. "gibibyte"
  std::vector<std::string> aliases;  // other spellings, matched case-sensitively
};

// Returns every known unit, in table order.
const std::vector<Unit>& AllUnits();

// Returns the unit with this symbol or alias, or nullptr.
const Unit* FindUnit(std::string_view symbol_or_alias);

// Returns value * unit.scale: the value in the dimension's base unit.
Exact ConvertToBase(const Exact& value, const Unit& unit);

}  // namespace grader

#endif  // GRADER_REFERENCE_UNITS_H_
