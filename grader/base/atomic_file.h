// Writes files atomically: the content goes to a temporary file in the same
// folder, which is renamed over the target, so a reader never sees a
// half-written file and an interrupted write leaves the old one.
#ifndef GRADER_BASE_ATOMIC_FILE_H_
#define GRADER_BASE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

namespace grader {

// Writes `content` to `path` atomically, creating parent folders. With
// `durable`, the data is flushed to disk (fsync) before the rename, so it
// also survives a power loss; per-student files skip that for speed.
// Throws grader::Error naming the path and the system's reason on failure.
void WriteFileAtomic(const std::string& path, const std::string& content, bool durable = true);

// The streaming form: Write() pieces, then Commit() renames the file into
// place. A writer destroyed without Commit() removes its temporary file.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path, bool durable = true);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  void Write(std::string_view data);  // buffered
  void Commit();

 private:
  friend void WriteFileAtomic(const std::string&, const std::string&, bool);
  static constexpr size_t kBufferSize = 1 << 16;
  void Flush();
  void WriteAll(std::string_view data);
  std::string buffer_;
  std::string path_, tmp_;
  int fd_ = -1;
  bool durable_;
};

}  // namespace grader

#endif  // GRADER_BASE_ATOMIC_FILE_H_
