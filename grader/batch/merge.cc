#include "grader/batch/merge.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "grader/base/atomic_file.h"
#include "grader/base/error.h"
#include "grader/base/folder_lock.h"
#include "grader/batch/input_form.h"
#include "grader/batch/ordered_pool.h"
#include "grader/batch/prior_run.h"
#include "grader/batch/shard.h"
#include "grader/rubric/rubric.h"
#include "reports/report_format.h"
#include "reports/report_record.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

std::string Quoted(const std::string& dir) { return "'" + dir + "'"; }

// j[key], or null when absent.
ojson Field(const ojson& j, const std::string& key) {
  auto it = j.find(key);
  return it == j.end() ? ojson() : *it;
}

// Reads a whole file; nullopt when it cannot be opened.
std::optional<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ojson ReadJsonFile(const fs::path& path, const std::string& missing) {
  std::optional<std::string> text = ReadWhole(path);
  if (!text) throw Error(missing);
  try {
    return ojson::parse(*text);
  } catch (const std::exception& e) {
    throw Error(path.string() + ": not valid JSON (" + e.what() + ")");
  }
}

// One shard folder, read and checked on its own.
struct Shard {
  std::string dir;
  ojson run;       // run.json
  ojson manifest;  // shard.json
  ShardSpec spec;
  std::vector<size_t> rows, skipped_rows;
  // results.jsonl's lines (offset, length) and the file, read by workers.
  std::vector<std::pair<long long, size_t>> lines;
  int fd = -1;
  std::unique_ptr<FolderLock> lock;

  Shard() = default;
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;
  ~Shard() {
    if (fd >= 0) ::close(fd);
  }
};

std::unique_ptr<Shard> OpenShard(const std::string& dir) {
  auto s = std::make_unique<Shard>();
  s->dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(Quoted(dir) + " is not a folder (give the --out folders of 'grader grade --shard K/N')");
  s->lock = std::make_unique<FolderLock>(dir);  // no shard run may write it while it is read
  const fs::path root(dir);
  if (fs::exists(root / ".journal.jsonl", ec))
    throw Error(Quoted(dir) + ": its run did not finish (a .journal.jsonl is left); run that shard again with the same command");
  s->run = ReadJsonFile(root / "run.json", Quoted(dir) + " has no run.json: it is not the output of 'grader grade --shard K/N'");
  if (!s->run.is_object() || !s->run.contains("shard"))
    throw Error(Quoted(dir) + " is not a shard's output: it was graded without --shard K/N");
  s->manifest = ReadJsonFile(root / kShardManifest, Quoted(dir) + " has no " + kShardManifest +
                                                        ": it is not the output of 'grader grade --shard K/N'");
  try {
    s->spec = ParseShard(s->run.at("shard").get<std::string>());
    if (s->manifest.at("shard").get<std::string>() != ShardText(s->spec))
      throw Error("run.json says shard " + ShardText(s->spec) + ", " + kShardManifest + " says " +
                  s->manifest.at("shard").get<std::string>());
    s->rows = s->manifest.at("rows").get<std::vector<size_t>>();
    s->skipped_rows = s->manifest.at("skipped_rows").get<std::vector<size_t>>();
    if (s->skipped_rows.size() != s->run.at("skipped").size())
      throw Error("run.json lists " + std::to_string(s->run.at("skipped").size()) + " skipped entries, " +
                  kShardManifest + " " + std::to_string(s->skipped_rows.size()));
  } catch (const Error& e) {
    throw Error(Quoted(dir) + ": " + e.what());
  } catch (const std::exception& e) {
    throw Error(Quoted(dir) + ": damaged run.json or " + kShardManifest + " (" + e.what() + ")");
  }

  // Index results.jsonl: one line per row of shard.json.
  const fs::path results = root / "results.jsonl";
  s->fd = ::open(results.c_str(), O_RDONLY | O_CLOEXEC);
  if (s->fd < 0) throw Error(Quoted(dir) + " has no results.jsonl");
  std::string buffer(1 << 16, '\0');
  long long offset = 0, line_start = 0;
  for (;;) {
    ssize_t got = ::pread(s->fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(results.string() + ": cannot read");
    if (got == 0) break;
    for (ssize_t i = 0; i < got; ++i)
      if (buffer[static_cast<size_t>(i)] == '\n') {
        long long end = offset + i;
        s->lines.emplace_back(line_start, static_cast<size_t>(end - line_start));
        line_start = end + 1;
      }
    offset += got;
  }
  if (line_start != offset) throw Error(results.string() + ": the last line is cut off");
  if (s->lines.size() != s->rows.size())
    throw Error(results.string() + " holds " + std::to_string(s->lines.size()) + " records, but " + kShardManifest +
                " lists " + std::to_string(s->rows.size()) + "; run that shard again");
  return s;
}

// run.json without what differs between the shards of one run.
ojson CommonOptions(const ojson& run) {
  ojson j = run;
  j.erase("shard");
  j.erase("skipped");
  return j;
}

// The first key whose value differs between two objects ("" when none).
std::string FirstDifference(const ojson& a, const ojson& b) {
  for (auto it = a.begin(); it != a.end(); ++it)
    if (!b.contains(it.key()) || b.at(it.key()) != it.value()) return it.key();
  for (auto it = b.begin(); it != b.end(); ++it)
    if (!a.contains(it.key())) return it.key();
  return "";
}

// Refuses shards that do not belong together, naming the folders.
void CheckTogether(const std::vector<std::unique_ptr<Shard>>& shards) {
  const Shard& first = *shards[0];
  const int count = first.spec.count;
  for (const auto& s : shards) {
    const std::string both = Quoted(first.dir) + " and " + Quoted(s->dir);
    if (s->spec.count != count)
      throw Error(Quoted(s->dir) + " is shard " + ShardText(s->spec) + " but " + Quoted(first.dir) + " is shard " +
                  ShardText(first.spec) + ": the shards were cut into different numbers of slices");
    std::string option = FirstDifference(CommonOptions(first.run), CommonOptions(s->run));
    if (!option.empty())
      throw Error(both + " were graded with different options (run.json's \"" + option + "\": " +
                  Field(first.run, option).dump() + " and " + Field(s->run, option).dump() +
                  "); grade every shard with the same command, only K differing");
    auto same = [&](const char* field, const std::string& what) {
      if (Field(first.manifest, field) != Field(s->manifest, field))
        throw Error(both + " were graded with " + what + "; grade every shard again");
    };
    same("plan", "different inputs (submissions added, removed or renamed between the shards' runs)");
    same("sources",
         "the inputs at different paths (records name their source file: run every shard from the same folder "
         "with the same input paths; 'grader regrade' reads them by absolute path, so regrade every shard or none)");
    same("submissions", "different inputs");
    same("skipped_entries", "different inputs");
    same("rubric", "different versions of the rubric");
    same("key", "different versions of the problem (its answer key differs)");
    same("roster", "different versions of the roster");
    same("grader", "different versions of the grader");
  }
  std::vector<const Shard*> by_index(static_cast<size_t>(count), nullptr);
  for (const auto& s : shards) {
    const Shard*& slot = by_index[static_cast<size_t>(s->spec.index)];
    if (slot)
      throw Error(Quoted(slot->dir) + " and " + Quoted(s->dir) + " are both shard " + ShardText(s->spec) +
                  "; give each shard's folder once");
    slot = s.get();
  }
  std::string missing;
  size_t n_missing = 0;
  for (int k = 0; k < count; ++k)
    if (!by_index[static_cast<size_t>(k)]) {
      if (n_missing++ < 5) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(count);
    }
  if (n_missing)
    throw Error(std::string(n_missing == 1 ? "shard " : "shards ") + missing + (n_missing > 5 ? ", ..." : "") +
                (n_missing == 1 ? " is" : " are") + " missing: " + std::to_string(shards.size()) + " of " +
                std::to_string(count) + " folders given (the first, " + Quoted(first.dir) +
                "); give every shard's --out folder");
}

// Whether `out` is one of the shard folders or inside one.
void CheckOutDir(const std::string& out_dir, const std::vector<std::unique_ptr<Shard>>& shards) {
  std::error_code ec;
  fs::file_status st = fs::status(out_dir, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw Error("--out '" + out_dir + "' is a file, not a folder; choose a folder (it is created when missing)");
  fs::path out = fs::weakly_canonical(fs::absolute(out_dir, ec), ec);
  if (ec) return;
  for (const auto& s : shards) {
    fs::path root = fs::canonical(s->dir, ec);
    if (!ec && PathWithin(out, root))
      throw Error("--out '" + out_dir + "' is the shard folder " + Quoted(s->dir) +
                  " or inside it; merge into a folder of its own");
  }
  std::optional<std::string> run = ReadWhole(fs::path(out_dir) / "run.json");
  if (run && run->find("\"shard\"") != std::string::npos) {
    try {
      if (ojson::parse(*run).contains("shard"))
        throw Error("--out '" + out_dir + "' holds a shard's output (its run.json has \"shard\"); merge into another folder");
    } catch (const nlohmann::json::exception&) {
    }
  }
}

// Puts the shard's file `from` at `to` atomically: a hard link under a
// temporary name (AtomicFileWriter's pattern, which RemoveStaleTemps
// clears after a kill) renamed over `to`, so no byte is copied; both names
// stay valid, since the grader only ever replaces a file by renaming
// another over it. Across file systems, or where links are refused, a copy.
// Throws grader::Error naming the file.
void PlaceFile(const fs::path& from, const fs::path& to, const std::string& shard_dir, const std::string& rel) {
  struct stat src, dst;
  if (::stat(from.c_str(), &src) != 0 || !S_ISREG(src.st_mode))
    throw Error(Quoted(shard_dir) + " lacks " + rel + ", which its run wrote; run that shard again");
  if (::stat(to.c_str(), &dst) == 0 && dst.st_dev == src.st_dev && dst.st_ino == src.st_ino) return;  // merged before
  static const std::string pid = std::to_string(getpid());
  static std::atomic<unsigned long long> counter{1ULL << 40};  // apart from AtomicFileWriter's numbers
  const std::string tmp = to.string() + ".tmp." + pid + "." + std::to_string(counter.fetch_add(1));
  int linked = ::link(from.c_str(), tmp.c_str());
  if (linked != 0 && errno == ENOENT) {  // the folder is new
    std::error_code ec;
    fs::create_directories(to.parent_path(), ec);
    linked = ::link(from.c_str(), tmp.c_str());
  }
  if (linked != 0) {
    std::optional<std::string> content = ReadWhole(from);
    if (!content) throw Error(Quoted(shard_dir) + " lacks " + rel + ", which its run wrote; run that shard again");
    WriteFileAtomic(to.string(), *content, false);
    return;
  }
  if (::rename(tmp.c_str(), to.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error("cannot write '" + to.string() + "': " + std::strerror(err));
  }
}

// A record on its way from a worker to the streams.
struct Merged {
  std::string line;
  ReportRecord record;
  std::vector<std::string> prepared;
  std::string failure;  // a damaged line or a per-student file that cannot be copied
};

}  // namespace

BatchReport MergeShards(const MergeOptions& m) {
  if (m.shards.empty()) throw Error("give the shard folders to merge (the --out folders of 'grader grade --shard K/N')");
  if (m.out_dir.empty()) throw Error("--out DIR is required: where the merged output goes");
  // The same folder twice (under one name or two) is refused before its
  // lock is taken twice.
  std::map<std::string, std::string> seen;  // canonical path -> as given
  for (const std::string& dir : m.shards) {
    std::error_code ec;
    fs::path canonical = fs::canonical(dir, ec);
    if (ec) continue;  // OpenShard says what is wrong with it
    auto [it, fresh] = seen.emplace(canonical.string(), dir);
    if (!fresh)
      throw Error(Quoted(it->second) + " and " + Quoted(dir) + " are the same folder; give each shard's folder once");
  }
  std::vector<std::unique_ptr<Shard>> shards;
  for (const std::string& dir : m.shards) shards.push_back(OpenShard(dir));
  CheckTogether(shards);
  CheckOutDir(m.out_dir, shards);

  const Shard& first = *shards[0];
  const size_t total = first.manifest.at("submissions").get<size_t>();
  const size_t skipped_total = first.manifest.at("skipped_entries").get<size_t>();
  // Where each record and skipped entry of the whole plan is: its shard and
  // its place there. Each must be in exactly one shard.
  std::vector<std::pair<uint32_t, uint32_t>> where(total, {UINT32_MAX, 0});
  std::vector<const ojson*> skipped(skipped_total, nullptr);
  for (uint32_t k = 0; k < shards.size(); ++k) {
    const Shard& s = *shards[k];
    for (size_t i = 0; i < s.rows.size(); ++i) {
      size_t row = s.rows[i];
      if (row >= total || where[row].first != UINT32_MAX || (i > 0 && row <= s.rows[i - 1]))
        throw Error(Quoted(s.dir) + ": " + kShardManifest + " lists row " + std::to_string(row) +
                    " out of place (damaged, or edited); run that shard again");
      where[row] = {k, static_cast<uint32_t>(i)};
    }
    for (size_t i = 0; i < s.skipped_rows.size(); ++i) {
      size_t row = s.skipped_rows[i];
      if (row >= skipped_total || skipped[row])
        throw Error(Quoted(s.dir) + ": " + kShardManifest + " lists skipped entry " + std::to_string(row) +
                    " out of place (damaged, or edited); run that shard again");
      skipped[row] = &s.run.at("skipped").at(i);
    }
  }
  for (size_t row = 0; row < total; ++row)
    if (where[row].first == UINT32_MAX)
      throw Error("no shard holds record " + std::to_string(row) + " of " + std::to_string(total) +
                  " (the shards' shard.json files are damaged); run the shards again");
  for (size_t row = 0; row < skipped_total; ++row)
    if (!skipped[row]) throw Error("no shard lists skipped entry " + std::to_string(row) + "; run the shards again");

  // The rubric and roster the reports need, as the shards read them.
  BatchOptions o = OptionsFromJson(first.run);
  if (!m.problems_dir.empty()) o.problems_dir = m.problems_dir;
  LoadedRubric loaded = LoadRubricWithProblems(o.rubric_path, o.problems_dir);
  if (loaded.rubric.version != first.manifest.value("rubric", ""))
    throw Error("the rubric '" + o.rubric_path + "' changed since the shards were graded (" + Quoted(first.dir) +
                "); grade every shard again");
  const RubricSummary summary = SummariseRubric(loaded.rubric);
  ReportOptions report_options;
  report_options.gradescope = o.gradescope;
  if (!o.feedback.empty()) report_options.feedback = ParseFeedbackKinds(o.feedback);
  if (!o.roster.empty()) {
    std::optional<std::string> text = ReadWhole(o.roster);
    if (!text) throw Error("cannot read the roster '" + o.roster + "' that the shards used");
    if (ContentHash(*text) != first.manifest.value("roster", ""))
      throw Error("the roster '" + o.roster + "' changed since the shards were graded; grade every shard again");
    report_options.roster = ParseCsv(o.roster, *text);
  }

  const fs::path dir(m.out_dir);
  std::error_code mkdir_error;
  fs::create_directories(dir, mkdir_error);
  if (mkdir_error) throw Error("cannot create folder '" + m.out_dir + "': " + mkdir_error.message());
  FolderLock lock(dir.string());
  RemoveStaleTemps(dir.string());
  ReportContext context{summary, report_options, dir.string()};
  for (const ojson* e : skipped) context.skipped.emplace_back(e->value("path", ""), e->value("reason", ""));
  const std::vector<const ReportFormat*> formats = WantedReportFormats(report_options);
  std::vector<std::unique_ptr<ReportStream>> streams;
  for (const ReportFormat* f : formats)
    if (auto s = f->Open(context)) streams.push_back(std::move(s));

  // On a worker: read the record back, copy its per-student files from its
  // shard, and prepare it for the streams.
  auto work = [&](size_t row) {
    Merged r;
    const Shard& s = *shards[where[row].first];
    try {
      const auto [offset, length] = s.lines[where[row].second];
      r.line.resize(length);
      size_t got = 0;
      while (got < length) {
        ssize_t n = ::pread(s.fd, r.line.data() + got, length - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Error((fs::path(s.dir) / "results.jsonl").string() + " changed while it was merged");
        got += static_cast<size_t>(n);
      }
      try {
        r.record = ReportFromJson(Record::parse(r.line));
      } catch (const nlohmann::json::exception& e) {
        throw Error((fs::path(s.dir) / "results.jsonl").string() + ": record " + std::to_string(where[row].second + 1) +
                    " is damaged (" + e.what() + ")");
      }
      for (const ReportFormat* f : formats)
        for (const std::string& path : f->WrittenStudentPaths(r.record.file_id, report_options))
          PlaceFile(fs::path(s.dir) / path, dir / path, s.dir, path);
      r.prepared.reserve(streams.size());
      for (const auto& stream : streams) r.prepared.push_back(stream->Prepare(r.record));
    } catch (const std::exception& e) {
      r.failure = e.what();
    }
    return r;
  };

  BatchReport report;
  report.total = total;
  report.skipped = skipped_total;
  auto consume = [&](size_t, Merged&& r) {
    if (!r.failure.empty()) throw Error(r.failure);
    const GradedEntry entry{r.line, r.record};
    for (size_t k = 0; k < streams.size(); ++k) streams[k]->Add(entry, std::move(r.prepared[k]));
    report.Count(r.record, false);  // nothing compares a merge's scores
  };
  int jobs = m.jobs > 0 ? m.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  RunOrdered<Merged>(total, jobs, 64 * static_cast<size_t>(jobs), work, consume, [](size_t) {});

  // The shared outputs, then run.json: the single run's (the shards' options
  // without "shard", every skipped entry in order).
  for (const auto& s : streams) s->Finish();
  ojson run = CommonOptions(first.run);
  ojson all_skipped = ojson::array();
  for (const ojson* e : skipped) all_skipped.push_back(*e);
  run["skipped"] = std::move(all_skipped);
  std::error_code ec;
  fs::remove(dir / kShardManifest, ec);  // a merged folder is whole: no shard.json
  WriteFileAtomic((dir / "run.json").string(), run.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n");
  report.notes.push_back("merged " + std::to_string(shards.size()) + " shards: " + std::to_string(total) +
                         " submissions" + (skipped_total ? " and " + std::to_string(skipped_total) + " skipped entries" : ""));
  return report;
}

}  // namespace grader
