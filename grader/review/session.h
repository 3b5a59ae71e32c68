// One review session over a graded folder: what `grader review DIR` serves,
// without the HTTP. It reads DIR/run.json (how the folder was graded),
// results.jsonl and DIR/overrides.csv, builds the queue (queue.h), renders
// the pages (page.h), records decisions and regrades in the background.
//
//   ReviewSession s(options);              // throws grader::Error: not a graded folder, a bad overrides.csv
//   std::string html = s.QueuePage();
//   ReviewSession::Reply r = s.Decide(json::parse(body));   // appends to DIR/overrides.csv at once
//   s.WaitForRegrade(r.body["wait_for"]);   // results.jsonl now applies the decision
//
// A decision is appended to DIR/overrides.csv before Decide returns
// (decisions.h: flock, one O_APPEND write, fsync), so a reload or a restart
// loses nothing. The regrade is the batch runner itself (RunBatch, the path
// `grader regrade` takes) with DIR/overrides.csv as --overrides and without
// --force: only the students whose decisions changed are graded again, and
// every output of the folder (results.jsonl, grades.csv, review.csv,
// feedback, summaries) is rewritten atomically. One worker thread runs the
// regrades, coalescing decisions that arrive meanwhile; it holds an
// exclusive flock on DIR/.review.lock while it runs, so two servers on one
// folder regrade in turn. A session notices when another writer changed
// results.jsonl or overrides.csv and reloads them.
#ifndef GRADER_REVIEW_SESSION_H_
#define GRADER_REVIEW_SESSION_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "grader/review/page.h"
#include "grader/review/queue.h"

namespace grader {

struct ReviewOptions {
  std::string dir;                  // a folder written by `grader grade --out`
  std::string bind = "127.0.0.1";   // loopback only unless told otherwise
  int port = 8337;                  // 0: any free port
  std::string who;                  // the name decisions carry when the page gives none ("" = $USER)
  size_t max_body_bytes = 256 * 1024;     // larger request bodies get 413
  size_t max_items_per_decision = 1000;   // one click settles at most this many items
  size_t text_cache_bytes = 32 << 20;     // responses kept in memory for the pages
};

class ReviewSession {
 public:
  explicit ReviewSession(ReviewOptions options);
  ~ReviewSession();  // waits for a running regrade to finish
  ReviewSession(const ReviewSession&) = delete;
  ReviewSession& operator=(const ReviewSession&) = delete;

  struct Reply {
    int status = 200;
    nlohmann::json body;
  };

  std::string QueuePage();
  std::string StudentsPage();
  // nullopt: no submission with this id.
  std::optional<std::string> StudentPage(const std::string& id);
  // {"requested", "completed", "running", "error", "pending", "scores": {id: {"score", "max"}},
  //  "items": [{"submission", "item", "pending", "state"}]}
  nlohmann::json Status();
  // Records one decision on one or more items:
  //   {"items": [{"submission": "alice", "item": "fp32_memory"}, ...], "credit": "0.5",
  //    "comment": "...", "who": "ta1"}
  // 200 {"saved": N, "wait_for": G}: appended; the regrade numbered G applies it.
  // 400 a malformed request or credit, 404 an unknown submission or item,
  // 500 the file cannot be written. Never throws.
  Reply Decide(const nlohmann::json& request);
  // Blocks until regrade `generation` has finished (or the session stops).
  void WaitForRegrade(unsigned long long generation);

  const std::vector<std::string>& notes() const { return notes_; }
  size_t pending() const;
  // How many times a record's line was read again from results.jsonl (a
  // student page, a decision, a first decision on a record); for tests.
  size_t record_reads() const;
  const std::string& overrides_path() const { return overrides_path_; }

 private:
  struct FileStamp {
    long long size = -1, mtime_ns = -1, inode = -1;
    bool operator==(const FileStamp& o) const { return size == o.size && mtime_ns == o.mtime_ns && inode == o.inode; }
  };
  static FileStamp Stamp(const std::string& path);
  void LoadPlan();
  void LoadResultsLocked();
  // Record i of results.jsonl, read again from the file. Throws grader::Error
  // when the file no longer holds it there (another writer replaced it).
  Record RecordAtLocked(size_t i) const;
  // The same, reloading results.jsonl once when it changed under the session;
  // nullopt when the id is gone.
  std::optional<Record> RecordOfLocked(const std::string& id);
  void LoadDecisionsLocked();
  void RebuildLocked();
  void MaybeReloadLocked();
  bool NeedsCatchUpLocked() const;
  PageData PageDataLocked();
  std::vector<CreditChoice> ChoicesFor(const QueueItem& item) const;
  std::optional<std::string> TextOf(const std::string& id);
  void RequestRegradeLocked();
  void Worker();
  void RunRegrade();

  ReviewOptions options_;
  std::string dir_, overrides_path_, run_path_, results_path_;
  std::vector<std::string> notes_;

  // Fixed after construction.
  struct PlanData;
  std::unique_ptr<PlanData> plan_;

  mutable std::mutex mu_;
  // results.jsonl, held small (a parsed record is tens of kilobytes, and a
  // folder may hold a hundred thousand): each record's place in the file and
  // what the pages list of it; its review items and applied overrides when it
  // has any. A page or a decision that needs a whole record reads its line
  // again (RecordAtLocked).
  struct RecordSummary {
    long long offset = 0;
    size_t length = 0;
    StudentScore score;
  };
  std::vector<RecordSummary> records_;
  std::map<size_t, std::vector<QueueItem>> review_items_;  // record -> its review items (RecordItems order)
  std::map<size_t, Record> applied_;                       // record -> its "overrides" array
  // Every item of each record with a decision (not only its review items):
  // kept while loading results.jsonl, or read from the record's line when it
  // is first decided; not read again on every rebuild.
  std::map<size_t, std::vector<QueueItem>> decided_items_;
  mutable size_t record_reads_ = 0;
  std::map<std::string, size_t> record_index_;
  std::vector<std::string> order_;
  std::map<std::pair<std::string, std::string>, Decision> decisions_;
  ReviewQueue queue_;
  FileStamp results_stamp_, decisions_stamp_;

  std::mutex text_mu_;
  std::map<std::string, std::string> text_cache_;
  size_t text_cache_size_ = 0;

  std::condition_variable cv_;
  RegradeState regrade_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace grader

#endif  // GRADER_REVIEW_SESSION_H_
