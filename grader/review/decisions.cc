#include "grader/review/decisions.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "grader/base/error.h"
#include "grader/base/read_file.h"
#include "grader/base/utf8.h"
#include "grader/batch/inputs.h"
#include "reports/grades_csv.h"
#include "reference/exact.h"

namespace grader {
namespace {

// Valid UTF-8, line breaks and other controls as spaces, at most `limit` bytes.
std::string OneLine(const std::string& text, size_t limit) {
  std::string s = ValidUtf8(text);
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  if (s.size() > limit) s.resize(Utf8CutPoint(s, limit));
  return s;
}

// One CSV cell as overrides.csv holds it: quoted as grades.csv quotes,
// without its spreadsheet-formula guard (LoadOverrides reads cells as they are).
std::string Cell(const std::string& s) { return CsvField(s, false); }

// Holds an exclusive flock on an open descriptor until destroyed.
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { flock(fd_, LOCK_UN); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

void WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error("cannot write '" + path + "': " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
}

}  // namespace

std::string ValidateDecision(const Decision& d) {
  if (d.submission.empty()) return "the submission id is empty";
  if (d.item.empty()) return "the item id is empty";
  if (d.submission.size() > 4096 || d.item.size() > 4096) return "an id is longer than 4096 bytes";
  if (d.credit.size() > 64) return "credit '" + d.credit.substr(0, 64) + "...' is not a number";
  auto credit = ParseExact(d.credit);
  if (!credit || *credit < 0 || *credit > 1) return "credit '" + OneLine(d.credit, 64) + "' must be a number from 0 to 1";
  return "";
}

std::string DecisionLine(const Decision& d) {
  return Cell(d.submission) + "," + Cell(d.item) + "," + Cell(d.credit) + "," + Cell(OneLine(d.comment, kMaxCommentBytes)) +
         "," + Cell(OneLine(d.who, kMaxWhoBytes)) + "," + Cell(OneLine(d.when, 64)) + "\n";
}

void AppendDecisions(const std::string& path, const std::vector<Decision>& decisions) {
  std::string lines;
  for (const Decision& d : decisions) {
    std::string why = ValidateDecision(d);
    if (!why.empty()) throw Error("decision on '" + OneLine(d.submission, 200) + "' / '" + OneLine(d.item, 200) + "': " + why);
    lines += DecisionLine(d);
  }
  if (lines.empty()) return;
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot open '" + path + "' for appending: " + std::strerror(errno));
  try {
    FileLock lock(fd);
    // Under the lock: the file's size and last byte are what this writer
    // appends to (another writer waits for the lock).
    struct stat st {};
    if (fstat(fd, &st) != 0) throw Error("cannot stat '" + path + "': " + std::strerror(errno));
    std::string prefix;
    if (st.st_size == 0) {
      prefix = kDecisionsHeader;
    } else {
      char last = '\n';
      int rfd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (rfd >= 0) {
        if (pread(rfd, &last, 1, st.st_size - 1) != 1) last = '\n';
        close(rfd);
      }
      if (last != '\n' && last != '\r') prefix = "\n";  // end a torn line
    }
    WriteAll(fd, prefix + lines, path);
    if (fsync(fd) != 0) throw Error("cannot sync '" + path + "': " + std::strerror(errno));
  } catch (...) {
    close(fd);
    throw;
  }
  close(fd);
}

std::vector<Decision> ReadDecisions(const std::string& path) {
  std::vector<Decision> out;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 && errno == ENOENT) return out;  // no decision yet
  auto rows = ParseCsv(path, ReadFileOrThrow(path));
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (r == 0 && !row.empty() && row[0] == "id") continue;  // header
    std::string where = path + ":" + std::to_string(r + 1) + ": ";
    if (row.size() < 3) throw Error(where + "expected id,check,credit[,comment[,who,when]]");
    Decision d{row[0], row[1], row[2], row.size() > 3 ? row[3] : "", row.size() > 4 ? row[4] : "",
               row.size() > 5 ? row[5] : "", static_cast<int>(r + 1)};
    std::string why = ValidateDecision(d);
    if (!why.empty()) throw Error(where + why);
    out.push_back(std::move(d));
  }
  return out;
}

std::map<std::pair<std::string, std::string>, Decision> LatestDecisions(const std::vector<Decision>& all) {
  std::map<std::pair<std::string, std::string>, Decision> out;
  for (const Decision& d : all) out[{d.submission, d.item}] = d;
  return out;
}

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace grader
