// Final answers: which of a part's numbers the response offers as its answer.
//
// Every quantity gets a weight from the markers around it:
//   +3  inside \boxed{...}, or after "Final answer:" / "Answer:" on its line
//   +2  in **bold**, or on a line that names a total ("total = ...",
//       "total_lm : ... = 2,127,057,600", "... parameters total")
//   +1  on a concluding line ("So ...", "Therefore", "Thus", "Hence",
//       "Overall", "In total", "which gives", "giving us")
//   +1  the result (last side) of a true or rounded equation, -1 of a
//       false one
//   -1  right after "from " ("increase to X from Y": Y is the old value)
// RankAnswers returns the quantities with a positive weight, heaviest first;
// among equals the later one wins (answers come after their working).
#ifndef GRADER_EXTRACT_FINAL_ANSWER_H_
#define GRADER_EXTRACT_FINAL_ANSWER_H_

#include <string>
#include <vector>

#include "grader/extract/document.h"
#include "grader/extract/equation.h"
#include "grader/extract/quantity.h"

namespace grader {

struct FinalAnswer {
  size_t quantity = 0;  // index into the quantities given to RankAnswers
  int weight = 0;
  std::string reasons;  // e.g. "total, equation result"
};

// Ranks the quantities that lie in `scope`.
std::vector<FinalAnswer> RankAnswers(const Document& doc, const std::vector<Quantity>& quantities,
                                     const std::vector<Equation>& equations, Range scope);

}  // namespace grader

#endif  // GRADER_EXTRACT_FINAL_ANSWER_H_
