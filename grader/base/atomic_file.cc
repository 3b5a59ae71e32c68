#include "grader/base/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "grader/base/error.h"

namespace grader {

AtomicFileWriter::AtomicFileWriter(std::string path, bool durable) : path_(std::move(path)), durable_(durable) {
  namespace fs = std::filesystem;
  // Unique per process and per writer, so threads never share a temp file.
  static const std::string pid = std::to_string(getpid());
  static std::atomic<unsigned long> counter{0};
  tmp_ = path_ + ".tmp." + pid + "." + std::to_string(counter.fetch_add(1));
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  fs::path target(path_);
  if (fd_ < 0 && (errno == ENOENT || errno == ENOTDIR) && target.has_parent_path()) {
    // The folder does not exist yet (checked only then: a batch writes
    // thousands of files into the same few folders).
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw Error("cannot create folder '" + target.parent_path().string() + "': " + ec.message());
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd_ < 0) throw Error("cannot write '" + path_ + "': " + std::strerror(errno));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void AtomicFileWriter::Write(std::string_view data) {
  // Small pieces (a results line, a CSV row) are gathered into one write.
  if (buffer_.size() + data.size() <= kBufferSize) {
    buffer_.append(data);
    return;
  }
  Flush();
  if (data.size() < kBufferSize) {
    buffer_.append(data);
    return;
  }
  WriteAll(data);
}

void AtomicFileWriter::Flush() {
  if (buffer_.empty()) return;
  WriteAll(buffer_);
  buffer_.clear();
}

void AtomicFileWriter::WriteAll(std::string_view data) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot write '" + path_ + "': " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void AtomicFileWriter::Commit() {
  Flush();
  if ((durable_ && ::fsync(fd_) != 0) || ::close(fd_) != 0) {
    int err = errno;
    fd_ = -1;
    ::unlink(tmp_.c_str());
    throw Error("cannot write '" + path_ + "': " + std::strerror(err));
  }
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp_.c_str());
    throw Error("cannot write '" + path_ + "': " + std::strerror(err));
  }
}

void WriteFileAtomic(const std::string& path, const std::string& content, bool durable) {
  AtomicFileWriter w(path, durable);
  w.WriteAll(content);  // straight from `content`, without the buffer's copy
  w.Commit();
}

}  // namespace grader
