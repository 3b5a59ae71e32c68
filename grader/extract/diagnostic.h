// A Diagnostic says that part of a response could not be read, and where.
// Extraction never fails as a whole on hostile input: it reads what it can
// and reports the rest as diagnostics ("number exponent out of range
// (|e| <= 1000)" at 3:14), so a grader can show them beside the result.
#ifndef GRADER_EXTRACT_DIAGNOSTIC_H_
#define GRADER_EXTRACT_DIAGNOSTIC_H_

#include <string>

#include "grader/extract/span.h"

namespace grader {

struct Diagnostic {
  std::string message;  // short, lowercase, quotes the bad value
  Span span;            // where, in the original text
};

}  // namespace grader

#endif  // GRADER_EXTRACT_DIAGNOSTIC_H_
