// Problem definition files compiled into the binary (see
// cmake/embed_problems.cmake), so `grader` needs no data files at run time.
#ifndef GRADER_REFERENCE_BUILTIN_PROBLEMS_H_
#define GRADER_REFERENCE_BUILTIN_PROBLEMS_H_

#include <string>
#include <vector>

namespace grader {

struct EmbeddedFile {
  std::string path;     // relative to the source tree, e.g. "problems/x.json"
  std::string content;
};

// Returns the embedded problem files, sorted by path.
const std::vector<EmbeddedFile>& BuiltinProblemFiles();

}  // namespace grader

#endif  // GRADER_REFERENCE_BUILTIN_PROBLEMS_H_
