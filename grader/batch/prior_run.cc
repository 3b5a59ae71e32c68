#include "grader/batch/prior_run.h"

#include <set>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "grader/base/error.h"
#include "grader/base/hash.h"
#include "reports/report_format.h"
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

uint64_t PriorRun::IdHash(const std::string& id) { return Fnv1a64(id); }

void PriorRun::FingerprintHash(const std::string& fingerprint, uint64_t out[2]) {
  const Fnv1aPair h = Fnv1a128(fingerprint);
  out[0] = h.first;
  out[1] = h.second;
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
      if (head.id.empty() || head.fingerprint.empty() || line.size() > UINT32_MAX) continue;
      PriorRecord r;
      r.offset = start;
      r.length = static_cast<uint32_t>(line.size());
      r.file = index;
      r.id = IdHash(head.id);
      FingerprintHash(head.fingerprint, r.fingerprint);
      r.graded = ParseRecordStatus(head.status) == RecordStatus::kGraded;
      records_.push_back(r);
    }
  }
  // One record per id, the last line read (the journal's after results.jsonl's).
  std::stable_sort(records_.begin(), records_.end(),
                   [](const PriorRecord& a, const PriorRecord& b) { return a.id < b.id; });
  size_t kept = 0;
  for (size_t k = 0; k < records_.size(); ++k) {
    if (k + 1 < records_.size() && records_[k + 1].id == records_[k].id) continue;
    records_[kept++] = records_[k];
  }
  records_.resize(kept);
  records_.shrink_to_fit();
}

const PriorRecord* PriorRun::Find(const std::string& id, const std::string& fingerprint) const {
  const uint64_t h = IdHash(id);
  auto it = std::lower_bound(records_.begin(), records_.end(), h,
                             [](const PriorRecord& r, uint64_t key) { return r.id < key; });
  if (it == records_.end() || it->id != h || !it->graded) return nullptr;
  uint64_t f[2];
  FingerprintHash(fingerprint, f);
  if (it->fingerprint[0] != f[0] || it->fingerprint[1] != f[1]) return nullptr;
  return &*it;
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
  // The folder itself and the per-student folders the registered formats
  // write (feedback/, staff/, gradescope/, ...); other folders (a
  // submissions folder below `--out .`) are left alone.
  RemoveTempsIn(dir, false);
  std::set<std::string> folders;
  for (const ReportFormat* f : ReportFormats())
    for (const std::string& path : f->StudentPaths("x"))
      if (size_t slash = path.find('/'); slash != std::string::npos) folders.insert(path.substr(0, slash));
  for (const std::string& sub : folders) RemoveTempsIn(fs::path(dir) / sub, true);
}

}  // namespace grader
