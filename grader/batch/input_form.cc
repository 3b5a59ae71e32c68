#include "grader/batch/input_form.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "grader/base/registry.h"
#include "grader/base/utf8.h"

namespace grader {

namespace fs = std::filesystem;
namespace {

Registry<InputForm>& Forms() {
  static auto* forms = new Registry<InputForm>("input form");
  return *forms;
}

// The forms in order(), sorted once (registration is over before main).
const std::vector<const InputForm*>& Ordered() {
  static const std::vector<const InputForm*> ordered = [] {
    std::vector<const InputForm*> v = Forms().All();
    std::stable_sort(v.begin(), v.end(), [](const InputForm* a, const InputForm* b) { return a->order() < b->order(); });
    return v;
  }();
  return ordered;
}

}  // namespace

InputFormRegistration::InputFormRegistration(std::unique_ptr<InputForm> form) {
  std::string name = form->name();
  Forms().Add(name, std::move(form));
}

std::vector<const InputForm*> InputForms() { return Ordered(); }

const InputForm& InputFormFor(const std::string& input) {
  std::error_code ec;
  bool is_dir = input != "-" && fs::is_directory(input, ec);
  for (const InputForm* f : Ordered())
    if (f->Accepts(input, is_dir)) return *f;
  throw Error("no input form reads '" + input + "'");
}

const InputForm* InputFormForEntry(const fs::path& entry, bool is_dir, const BatchInputOptions& o) {
  for (const InputForm* f : Ordered())
    if (f->AcceptsEntry(entry, is_dir, o)) return f;
  return nullptr;
}

Submission Errored(std::string id, std::string source, std::string error) {
  Submission s;
  s.id = std::move(id);
  s.source = std::move(source);
  s.error = std::move(error);
  return s;
}

// Reads at most `limit + 1` bytes: enough to tell an oversized file.
bool ReadLimited(const fs::path& path, size_t limit, std::string* out, std::string* error, bool fit) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  // Size the buffer by the file, not the limit: a batch holds many of them.
  // A regular file is read in one call when it has the size fstat gave.
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *error = "not a regular file (" + FileTypeName(st.st_mode) + ")";
    ::close(fd);
    return false;
  }
  size_t want = static_cast<size_t>(std::min<uintmax_t>(static_cast<uintmax_t>(st.st_size), limit) + 1);
  // Not cleared first: resizing keeps the bytes already there (to be read
  // over), so a buffer used again is not filled with zeros each time.
  out->resize(want);
  size_t got = 0;
  while (got < want) {
    if (out->size() < want) out->resize(std::min(want, std::max<size_t>(got + (1 << 16), 2 * got)));
    ssize_t n = ::read(fd, out->data() + got, out->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::string("cannot read: ") + std::strerror(errno);
      ::close(fd);
      out->clear();
      return false;
    }
    got += static_cast<size_t>(n);
    if (n == 0 || got == static_cast<size_t>(st.st_size)) break;
  }
  ::close(fd);
  out->resize(got);
  if (fit && out->capacity() > got + got / 8 + 64) out->shrink_to_fit();
  return true;
}

std::string FileTypeName(unsigned mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISREG(mode)) return "a regular file";
  return "an unknown kind of file";
}

bool PathWithin(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty() && std::next(r) == root.end()) break;  // a trailing '/'
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

EntryInfo InspectEntry(const fs::path& entry, const BatchInputOptions& o) {
  EntryInfo info;
  struct stat st;
  if (::lstat(entry.c_str(), &st) != 0) {
    info.error = std::string("cannot read: ") + std::strerror(errno);
    return info;
  }
  if (S_ISLNK(st.st_mode) && !o.root.empty() && !o.follow_symlinks) {
    std::error_code ec;
    fs::path target = fs::canonical(entry, ec);
    if (ec) {
      info.error = ec == std::errc::no_such_file_or_directory
                       ? "a broken symbolic link"
                       : "a symbolic link that cannot be followed (" + ec.message() + ")";
      return info;
    }
    if (!PathWithin(target, o.root)) {
      info.error = "a symbolic link to '" + PathText(target) + "', outside the input folder '" + PathText(o.root) +
                   "' (--follow-symlinks reads it)";
      return info;
    }
  }
  if (S_ISLNK(st.st_mode) && ::stat(entry.c_str(), &st) != 0) {
    info.error = errno == ENOENT ? "a broken symbolic link"
                                 : "a symbolic link that cannot be followed (" + std::string(std::strerror(errno)) + ")";
    return info;
  }
  info.is_dir = S_ISDIR(st.st_mode);
  info.is_regular = S_ISREG(st.st_mode);
  if (!info.is_dir && !info.is_regular) info.error = "not a regular file (" + FileTypeName(st.st_mode) + ")";
  if (info.is_regular) info.file = {static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino), PathText(entry)};
  return info;
}

bool HasExtension(const fs::path& p, const std::vector<std::string>& exts) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(exts.begin(), exts.end(), e) != exts.end();
}

// A path as text for ids, sources and messages. Linux allows any byte in a
// name; bytes that are not UTF-8 are written \xNN, so that every record
// stays valid JSON and different names stay different ids.
std::string PathText(const std::string& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size();) {
    auto c = static_cast<unsigned char>(bytes[i]);
    size_t n = c < 0x80 ? 1 : Utf8Length(bytes, i);
    if (n == 0) {
      static const char* kHex = "0123456789ABCDEF";
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      ++i;
    } else {
      out.append(bytes, i, n);
      i += n;
    }
  }
  return out;
}
std::string PathText(const fs::path& p) { return PathText(p.string()); }

std::string Stem(const fs::path& p) { return PathText(p.stem().string()); }


}  // namespace grader
