#include "grader/base/append_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "grader/base/error.h"

namespace grader {

AppendLog::AppendLog(const std::string& path, size_t buffer_size) : buffer_size_(buffer_size), path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error("cannot write '" + path + "': " + std::strerror(errno));
  buffer_.reserve(buffer_size_);
  off_t size = ::lseek(fd_, 0, SEEK_END);
  char last = '\n';
  if (size > 0 && ::pread(fd_, &last, 1, size - 1) == 1 && last != '\n') buffer_.push_back('\n');
}

AppendLog::~AppendLog() {
  Flush();
  if (fd_ >= 0) ::close(fd_);
}

void AppendLog::Append(std::string_view line) {
  std::lock_guard<std::mutex> lock(mu_);
  buffer_.append(line);
  buffer_.push_back('\n');
  if (buffer_.size() >= buffer_size_) FlushLocked();
}

void AppendLog::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  FlushLocked();
}

void AppendLog::FlushLocked() {
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0 && ok_) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok_ = false;
      break;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
}

}  // namespace grader
