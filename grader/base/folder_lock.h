// A folder that one process at a time may write: `grader grade --out DIR`
// takes DIR/.lock, and a second run into the same folder is refused with a
// message naming the first one's pid. The lock is an flock(2) on the file,
// so a run that is killed releases it with its last breath; the file itself
// (which holds the pid, for the message) is removed when the lock is let go.
//
//   FolderLock lock("graded");   // throws grader::Error when another run holds it
#ifndef GRADER_BASE_FOLDER_LOCK_H_
#define GRADER_BASE_FOLDER_LOCK_H_

#include <string>

namespace grader {

class FolderLock {
 public:
  // Locks `dir` (which must exist). Throws grader::Error "'DIR' is being
  // written by another grader run (pid N); ..." when it is taken, or naming
  // the system's reason when the lock file cannot be created.
  explicit FolderLock(const std::string& dir);
  ~FolderLock();  // removes the lock file and releases the lock
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  static constexpr const char* kFileName = ".lock";

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace grader

#endif  // GRADER_BASE_FOLDER_LOCK_H_
