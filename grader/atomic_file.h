// Writes files atomically: the content goes to a temporary file in the same
// folder, which is flushed and renamed over the target, so a reader never
// sees a half-written file and an interrupted write leaves the old one.
#ifndef GRADER_GRADER_ATOMIC_FILE_H_
#define GRADER_GRADER_ATOMIC_FILE_H_

#include <string>

namespace grader {

// Writes `content` to `path` atomically, creating parent folders. Throws
// grader::Error naming the path and the system's reason on failure.
void WriteFileAtomic(const std::string& path, const std::string& content);

}  // namespace grader

#endif  // GRADER_GRADER_ATOMIC_FILE_H_
