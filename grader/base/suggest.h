// "Did you mean ...?" for misspelled names (problems, parameters, commands).
#ifndef GRADER_BASE_SUGGEST_H_
#define GRADER_BASE_SUGGEST_H_

#include <string>
#include <vector>

namespace grader {

// Returns the candidate closest to `name` by edit distance when it is at
// most 2 edits away, else "".
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace grader

#endif  // GRADER_BASE_SUGGEST_H_
