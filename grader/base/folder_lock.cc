#include "grader/base/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "grader/base/error.h"

namespace grader {

FolderLock::FolderLock(const std::string& dir) : path_(dir + "/" + kFileName) {
  // A few tries: the holder may remove the file between our open and flock,
  // in which case the lock we got is on a file nobody else will see.
  for (int attempt = 0; attempt < 20; ++attempt) {
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("cannot write '" + path_ + "': " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      char buf[32] = {0};
      ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
      ::close(fd);
      if (err != EWOULDBLOCK) throw Error("cannot lock '" + path_ + "': " + std::strerror(err));
      std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      throw Error("'" + dir + "' is being written by another grader run" + (pid.empty() ? "" : " (pid " + pid + ")") +
                  "; wait for it to finish, or choose another --out folder");
    }
    struct stat held, now;
    if (::fstat(fd, &held) == 0 && ::stat(path_.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
        held.st_dev == now.st_dev) {
      fd_ = fd;
      std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        // The pid is only for the message; the lock holds without it.
      }
      return;
    }
    ::close(fd);  // the file was replaced: lock the new one
  }
  throw Error("cannot lock '" + path_ + "': it keeps being replaced");
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // before the release, so nobody locks a removed file
  ::close(fd_);
}

}  // namespace grader
