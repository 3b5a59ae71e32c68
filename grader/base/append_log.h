// An append-only file of lines that several threads add to, written in large
// buffers: the batch runner's journal of finished submissions, which an
// interrupted run's successor reads to skip what is already graded.
#ifndef GRADER_BASE_APPEND_LOG_H_
#define GRADER_BASE_APPEND_LOG_H_

#include <mutex>
#include <string>
#include <string_view>

namespace grader {

class AppendLog {
 public:
  // Opens `path` for appending, creating it. When a killed run left a torn
  // last line, it is ended first, so new lines always start on their own.
  // Throws grader::Error naming the path when it cannot be opened.
  explicit AppendLog(const std::string& path, size_t buffer_size = 1 << 18);
  ~AppendLog();  // flushes
  AppendLog(const AppendLog&) = delete;
  AppendLog& operator=(const AppendLog&) = delete;

  // Adds `line` and a newline; safe to call from several threads. Lines
  // reach the file when the buffer fills and on Flush().
  void Append(std::string_view line);
  // Writes what is buffered. A failed write (disk full) is remembered, not
  // thrown: the log only saves work for a later run.
  void Flush();
  bool ok() const { return ok_; }

 private:
  void FlushLocked();
  std::mutex mu_;
  std::string buffer_;
  size_t buffer_size_;
  std::string path_;
  int fd_ = -1;
  bool ok_ = true;
};

}  // namespace grader

#endif  // GRADER_BASE_APPEND_LOG_H_
