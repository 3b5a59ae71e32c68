#include "grader/batch/prior_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "grader/base/error.h"
#include "reports/report_record.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

// Reads the top-level "id", "fingerprint" and "status" of a record line and
// stops there, without building the record (results lines are long; these
// keys come before "result").
class HeadReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string id, fingerprint, status;
  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t& v) override {
    if (depth_ == 1) {
      if (key_ == "id") id = v;
      else if (key_ == "fingerprint") fingerprint = v;
      else if (key_ == "status") status = v;
    }
    return Value();
  }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override { return Open(); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
  bool Done() const { return !id.empty() && !fingerprint.empty() && !status.empty(); }

 private:
  bool Value() { return !Done(); }
  bool Open() {
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return !Done();
  }
  int depth_ = 0;
  std::string key_;
};

}  // namespace

PriorRun::~PriorRun() {
  for (int fd : fds_)
    if (fd >= 0) ::close(fd);
}

void PriorRun::Load(const std::string& dir) {
  for (const char* name : {"results.jsonl", ".journal.jsonl"}) {
    std::string file = (fs::path(dir) / name).string();
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    names_.push_back(file);
    fds_.push_back(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    int index = static_cast<int>(fds_.size()) - 1;
    std::string line;
    long long offset = 0;
    while (std::getline(in, line)) {
      long long start = offset;
      offset += static_cast<long long>(line.size()) + 1;
      HeadReader head;
      nlohmann::json::sax_parse(line, &head, nlohmann::json::input_format_t::json, false);
      // A torn last line of an interrupted journal has no fingerprint, or
      // fails to parse when it is read back; either way it is graded again.
      if (head.id.empty() || head.fingerprint.empty()) continue;
      records_[head.id] = PriorRecord{index, start, line.size(), head.fingerprint, ParseRecordStatus(head.status) == RecordStatus::kGraded};
    }
  }
}

const PriorRecord* PriorRun::Find(const std::string& id, const std::string& fingerprint) const {
  auto it = records_.find(id);
  if (it == records_.end() || !it->second.graded || it->second.fingerprint != fingerprint) return nullptr;
  return &it->second;
}

std::string PriorRun::Read(const PriorRecord& p) const {
  std::string line(p.length, '\0');
  size_t got = 0;
  while (got < p.length) {
    ssize_t r = ::pread(fds_[p.file], line.data() + got, p.length - got, static_cast<off_t>(p.offset + got));
    if (r <= 0) throw Error("'" + names_[p.file] + "' changed while the batch ran");
    got += static_cast<size_t>(r);
  }
  return line;
}

namespace {

// AtomicFileWriter's temporary names: "<name>.tmp.<pid>.<n>".
bool IsTempName(const std::string& name) {
  size_t at = name.rfind(".tmp.");
  if (at == std::string::npos || at + 5 == name.size()) return false;
  for (size_t i = at + 5; i < name.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(name[i])) && name[i] != '.') return false;
  return true;
}

void RemoveTempsIn(const fs::path& dir, bool recursive) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code kind;
    if (it->is_symlink(kind)) continue;  // never follow a link out of the folder
    if (it->is_directory(kind)) {
      if (recursive) RemoveTempsIn(it->path(), true);
    } else if (IsTempName(it->path().filename().string())) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

}  // namespace

void RemoveStaleTemps(const std::string& dir) {
  // The folder itself and the per-student folders the grader writes; other
  // folders (a submissions folder below `--out .`) are left alone.
  RemoveTempsIn(dir, false);
  for (const char* sub : {"feedback", "staff", "gradescope"}) RemoveTempsIn(fs::path(dir) / sub, true);
}

}  // namespace grader
