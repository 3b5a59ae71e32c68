#include "grader/review/session.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "grader/base/error.h"
#include "grader/base/read_file.h"
#include "grader/batch/batch.h"
#include "grader/batch/plan.h"

namespace grader {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct ReviewSession::PlanData {
  bool ok = false;
  BatchPlan plan;
  std::map<std::string, size_t> sub_index;  // id -> plan.subs
  std::map<std::string, json> specs;        // item id -> rubric JSON
  std::vector<std::string> item_order;
};

namespace {

std::string Slurp(const std::string& path) { return ReadFileOrThrow(path); }

std::string Absolute(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return ec ? p : a.lexically_normal().string();
}

// Holds an exclusive flock on `path` (created) while alive.
class FolderLock {
 public:
  explicit FolderLock(const std::string& path) {
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FolderLock() {
    flock(fd_, LOCK_UN);
    close(fd_);
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

std::string DefaultWho() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "staff";
}

}  // namespace

ReviewSession::ReviewSession(ReviewOptions options) : options_(std::move(options)), plan_(std::make_unique<PlanData>()) {
  if (options_.who.empty()) options_.who = DefaultWho();
  dir_ = Absolute(options_.dir);
  run_path_ = (fs::path(dir_) / "run.json").string();
  results_path_ = (fs::path(dir_) / "results.jsonl").string();
  overrides_path_ = (fs::path(dir_) / "overrides.csv").string();
  if (!fs::is_directory(dir_)) throw Error("'" + options_.dir + "' is not a folder");
  if (!fs::exists(run_path_))
    throw Error("'" + run_path_ + "' not found: is '" + options_.dir + "' the output of 'grader grade --out'?");
  if (!fs::exists(results_path_)) throw Error("'" + results_path_ + "' not found: grade the folder first");

  // The folder may have been graded with another overrides file: its
  // decisions must keep applying once review's file takes over.
  json run;
  try {
    run = json::parse(Slurp(run_path_));
  } catch (const json::exception& e) {
    throw Error(run_path_ + ": " + e.what());
  }
  std::string graded_with = run.value("overrides", "");
  if (!graded_with.empty() && Absolute(graded_with) != overrides_path_) {
    if (fs::exists(overrides_path_))
      throw Error("'" + options_.dir + "' was graded with --overrides '" + graded_with + "', and '" + overrides_path_ +
                  "' exists too: merge them into '" + overrides_path_ + "' and grade again with --overrides '" +
                  overrides_path_ + "'");
    std::error_code ec;
    fs::copy_file(graded_with, overrides_path_, ec);
    if (ec) throw Error("cannot copy the folder's overrides '" + graded_with + "' to '" + overrides_path_ + "': " + ec.message());
    notes_.push_back("copied '" + graded_with + "' (the overrides the folder was graded with) to '" + overrides_path_ +
                     "'; decisions are appended there");
  }
  LoadPlan();
  std::lock_guard<std::mutex> lock(mu_);
  LoadResultsLocked();
  LoadDecisionsLocked();  // throws on a bad overrides.csv: file:line
  RebuildLocked();
  worker_ = std::thread([this] { Worker(); });
  if (NeedsCatchUpLocked()) {
    notes_.push_back("some decisions in overrides.csv are not in results.jsonl yet: regrading");
    RequestRegradeLocked();
  }
}

ReviewSession::~ReviewSession() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ReviewSession::LoadPlan() {
  BatchOptions o;
  try {
    o = OptionsFromJson(json::parse(Slurp(run_path_)));
    o.overrides.clear();  // read by the session itself
    o.out_dir = dir_;
    plan_->plan = PlanBatch(o);
    plan_->ok = true;
    for (size_t i = 0; i < plan_->plan.subs.size(); ++i) plan_->sub_index.emplace(plan_->plan.subs.id(i), i);
    plan_->item_order = RubricItemOrder(plan_->plan.rubric);
  } catch (const std::exception& e) {
    notes_.push_back(std::string("cannot read the run's rubric and submissions again (") + e.what() +
                     "): the pages show no response text and only full and zero credit");
    return;
  }
  try {
    plan_->specs = RubricItemSpecs(json::parse(Slurp(o.rubric_path), nullptr, true, true));
  } catch (const std::exception& e) {
    notes_.push_back(std::string("cannot read the rubric's items: ") + e.what());
  }
}

ReviewSession::FileStamp ReviewSession::Stamp(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {};
  return {static_cast<long long>(st.st_size), static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
          static_cast<long long>(st.st_ino)};
}

void ReviewSession::LoadResultsLocked() {
  results_stamp_ = Stamp(results_path_);
  std::ifstream in(results_path_, std::ios::binary);
  if (!in) throw Error("cannot read '" + results_path_ + "': " + std::strerror(errno));
  std::vector<RecordSummary> records;
  std::map<size_t, std::vector<QueueItem>> review_items;
  std::map<size_t, Record> applied;
  std::map<size_t, std::vector<QueueItem>> decided_items;
  std::set<std::string> decided_ids;
  for (const auto& [key, d] : decisions_) decided_ids.insert(key.first);
  std::vector<std::string> order;
  std::string line;
  size_t bad = 0;
  long long offset = 0;
  while (std::getline(in, line)) {
    const long long start = offset;
    offset += static_cast<long long>(line.size()) + 1;
    if (line.empty()) continue;
    try {
      Record r = Record::parse(line);
      if (!r.is_object() || !r.contains("id") || !r["id"].is_string()) throw std::runtime_error("no id");
      RecordSummary sum;
      sum.offset = start;
      sum.length = line.size();
      sum.score.graded = RecordString(r, "status") == "graded";
      sum.score.score = RecordNumber(r, "score");
      sum.score.max = RecordNumber(r, "max");
      sum.score.review = static_cast<int>(RecordNumber(r, "review"));
      sum.score.error = RecordString(r, "error");
      const size_t i = records.size();
      if (sum.score.graded) {
        std::vector<QueueItem> all = RecordItems(r), items;
        for (const QueueItem& item : all)
          if (item.review) items.push_back(item);
        if (!items.empty()) review_items.emplace(i, std::move(items));
        if (decided_ids.count(RecordString(r, "id"))) decided_items.emplace(i, std::move(all));
      }
      if (auto ov = r.find("overrides"); ov != r.end() && ov->is_array()) applied.emplace(i, *ov);
      order.push_back(r["id"].get<std::string>());
      records.push_back(std::move(sum));
    } catch (const std::exception&) {
      ++bad;
    }
  }
  if (bad) notes_.push_back(results_path_ + ": " + std::to_string(bad) + " unreadable lines skipped");
  records_ = std::move(records);
  review_items_ = std::move(review_items);
  applied_ = std::move(applied);
  decided_items_ = std::move(decided_items);
  order_ = std::move(order);
  record_index_.clear();
  for (size_t i = 0; i < order_.size(); ++i) record_index_.emplace(order_[i], i);
}

Record ReviewSession::RecordAtLocked(size_t i) const {
  const RecordSummary& sum = records_.at(i);
  ++record_reads_;
  std::ifstream in(results_path_, std::ios::binary);
  std::string line(sum.length, '\0');
  if (!in || !in.seekg(sum.offset) || !in.read(line.data(), static_cast<std::streamsize>(sum.length)))
    throw Error("'" + results_path_ + "' changed while it was read");
  Record r = Record::parse(line, nullptr, false);
  if (r.is_discarded() || !r.is_object() || RecordString(r, "id") != order_[i])
    throw Error("'" + results_path_ + "' changed while it was read");
  return r;
}

std::optional<Record> ReviewSession::RecordOfLocked(const std::string& id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto r = record_index_.find(id);
    if (r == record_index_.end()) return std::nullopt;
    try {
      return RecordAtLocked(r->second);
    } catch (const Error&) {
      if (attempt == 1) throw;
      LoadResultsLocked();  // replaced by a regrade since the last look
      RebuildLocked();
    }
  }
  return std::nullopt;
}

void ReviewSession::LoadDecisionsLocked() {
  decisions_stamp_ = Stamp(overrides_path_);
  decisions_ = LatestDecisions(ReadDecisions(overrides_path_));
}

void ReviewSession::RebuildLocked() {
  // Every review item, and every item of a record with a decision (its line
  // read once per load of results.jsonl), in record order as BuildQueue takes them.
  std::set<size_t> decided;
  for (const auto& [key, d] : decisions_)
    if (auto r = record_index_.find(key.first); r != record_index_.end() && records_[r->second].score.graded)
      decided.insert(r->second);
  std::vector<QueueItem> items;
  auto next_review = review_items_.begin();
  auto next_decided = decided.begin();
  while (next_review != review_items_.end() || next_decided != decided.end()) {
    const size_t i = next_decided == decided.end() ? next_review->first
                     : next_review == review_items_.end() ? *next_decided
                                                          : std::min(next_review->first, *next_decided);
    if (next_decided != decided.end() && *next_decided == i) {
      auto known = decided_items_.find(i);
      if (known == decided_items_.end()) {
        try {
          known = decided_items_.emplace(i, RecordItems(RecordAtLocked(i))).first;
        } catch (const Error&) {
          // Replaced under the session: its review items as loaded, until the reload.
        }
      }
      if (known != decided_items_.end()) {
        for (const QueueItem& item : known->second) items.push_back(item);
      } else if (next_review != review_items_.end() && next_review->first == i) {
        for (const QueueItem& item : next_review->second) items.push_back(item);
      }
      ++next_decided;
    } else {
      for (const QueueItem& item : next_review->second) items.push_back(item);
    }
    if (next_review != review_items_.end() && next_review->first == i) ++next_review;
  }
  queue_ = BuildQueueFromItems(std::move(items), plan_->item_order, decisions_);
}

void ReviewSession::MaybeReloadLocked() {
  bool changed = false;
  if (!(Stamp(results_path_) == results_stamp_)) {
    try {
      LoadResultsLocked();
      changed = true;
    } catch (const Error& e) {
      regrade_.error = e.what();
    }
  }
  if (!(Stamp(overrides_path_) == decisions_stamp_)) {
    try {
      LoadDecisionsLocked();
      changed = true;
    } catch (const Error& e) {
      regrade_.error = e.what();
    }
  }
  if (changed) RebuildLocked();
}

bool ReviewSession::NeedsCatchUpLocked() const {
  for (const auto& [key, d] : decisions_) {
    auto r = record_index_.find(key.first);
    if (r == record_index_.end()) continue;  // a decision on a submission no longer in the batch
    bool applied = false;
    if (auto ov = applied_.find(r->second); ov != applied_.end())
      for (const auto& o : ov->second) {
        if (!o.is_object() || RecordString(o, "item") != key.second) continue;
        auto a = ParseExact(RecordString(o, "credit")), b = ParseExact(d.credit);
        applied = a && b && *a == *b && RecordString(o, "comment") == d.comment;
      }
    if (!applied) return true;
  }
  return false;
}

size_t ReviewSession::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.pending;
}

size_t ReviewSession::record_reads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return record_reads_;
}

std::vector<CreditChoice> ReviewSession::ChoicesFor(const QueueItem& item) const {
  const AnswerKey* key = nullptr;
  if (plan_->ok) {
    auto s = plan_->sub_index.find(item.submission);
    if (s != plan_->sub_index.end() && plan_->plan.key_index[s->second] >= 0) key = &plan_->plan.KeyOf(s->second).key;
  }
  auto spec = plan_->specs.find(item.item);
  return CreditChoices(spec == plan_->specs.end() ? json() : spec->second, key, item.deduction);
}

std::optional<std::string> ReviewSession::TextOf(const std::string& id) {
  if (!plan_->ok) return std::nullopt;
  auto s = plan_->sub_index.find(id);
  if (s == plan_->sub_index.end()) return std::nullopt;
  std::lock_guard<std::mutex> lock(text_mu_);
  if (auto c = text_cache_.find(id); c != text_cache_.end()) return c->second;
  Submission copy = plan_->plan.subs.Get(s->second);
  if (copy.error.empty() && copy.Deferred()) LoadDeferred(&copy, plan_->plan.input);
  if (!copy.error.empty() || (copy.text.empty() && copy.source == "-")) return std::nullopt;
  if (text_cache_size_ + copy.text.size() > options_.text_cache_bytes) {
    text_cache_.clear();
    text_cache_size_ = 0;
  }
  text_cache_size_ += copy.text.size();
  text_cache_[id] = copy.text;
  return copy.text;
}

PageData ReviewSession::PageDataLocked() {
  PageData d;
  d.folder = dir_;
  d.who = options_.who;
  d.queue = &queue_;
  d.order = order_;
  for (size_t i = 0; i < records_.size(); ++i) d.scores[order_[i]] = records_[i].score;
  d.regrade = regrade_;
  d.choices = [this](const QueueItem& item) { return ChoicesFor(item); };
  d.text = [this](const std::string& id) { return TextOf(id); };
  return d;
}

std::string ReviewSession::QueuePage() {
  std::lock_guard<std::mutex> lock(mu_);
  MaybeReloadLocked();
  return RenderQueuePage(PageDataLocked());
}

std::string ReviewSession::StudentsPage() {
  std::lock_guard<std::mutex> lock(mu_);
  MaybeReloadLocked();
  return RenderStudentsPage(PageDataLocked());
}

std::optional<std::string> ReviewSession::StudentPage(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  MaybeReloadLocked();
  std::optional<Record> record = RecordOfLocked(id);
  if (!record) return std::nullopt;
  std::vector<QueueItem> items = RecordItems(*record);
  for (QueueItem& item : items)
    if (auto d = decisions_.find({item.submission, item.item}); d != decisions_.end()) item.decision = d->second;
  return RenderStudentPage(PageDataLocked(), id, items);
}

json ReviewSession::Status() {
  std::lock_guard<std::mutex> lock(mu_);
  MaybeReloadLocked();
  json j;
  j["requested"] = regrade_.requested;
  j["completed"] = regrade_.completed;
  j["running"] = regrade_.running;
  j["error"] = regrade_.error;
  j["pending"] = queue_.pending;
  json scores = json::object();
  json items = json::array();
  for (const QueueItem& item : queue_.items) {
    json it;
    it["submission"] = item.submission;
    it["item"] = item.item;
    it["pending"] = item.pending();
    if (item.decision) {
      it["credit"] = item.decision->credit;
      it["who"] = item.decision->who;
      it["when"] = item.decision->when;
    }
    items.push_back(std::move(it));
    if (!scores.contains(item.submission)) {
      const StudentScore& r = records_[record_index_.at(item.submission)].score;
      scores[item.submission] = {{"score", r.score}, {"max", r.max}};
    }
  }
  j["scores"] = std::move(scores);
  j["items"] = std::move(items);
  return j;
}

ReviewSession::Reply ReviewSession::Decide(const json& request) {
  auto bad = [](int status, const std::string& message) { return Reply{status, {{"error", message}}}; };
  if (!request.is_object()) return bad(400, "expected a JSON object {\"items\": [...], \"credit\": ...}");
  for (auto it = request.begin(); it != request.end(); ++it)
    if (it.key() != "items" && it.key() != "credit" && it.key() != "comment" && it.key() != "who")
      return bad(400, "unknown field '" + it.key().substr(0, 64) + "' (items, credit, comment, who)");
  auto items = request.find("items");
  if (items == request.end() || !items->is_array() || items->empty())
    return bad(400, "'items' must be a non-empty list of {\"submission\", \"item\"}");
  if (items->size() > options_.max_items_per_decision)
    return bad(400, "at most " + std::to_string(options_.max_items_per_decision) + " items per decision");
  auto credit = request.find("credit");
  if (credit == request.end() || !(credit->is_string() || credit->is_number()))
    return bad(400, "'credit' must be a number from 0 to 1");
  std::string credit_text = credit->is_string() ? credit->get<std::string>() : credit->dump();
  auto text_field = [&](const char* name, std::string* out) {
    auto f = request.find(name);
    if (f == request.end() || f->is_null()) return true;
    if (!f->is_string()) return false;
    *out = f->get<std::string>();
    return true;
  };
  std::string comment, who;
  if (!text_field("comment", &comment)) return bad(400, "'comment' must be a string");
  if (!text_field("who", &who)) return bad(400, "'who' must be a string");
  if (who.find_first_not_of(" \t") == std::string::npos) who = options_.who;

  std::unique_lock<std::mutex> lock(mu_);
  MaybeReloadLocked();
  std::vector<Decision> decisions;
  std::map<std::string, std::set<std::string>> items_of;  // each submission's item ids, read once
  const std::string when = NowUtc();
  for (const auto& it : *items) {
    if (!it.is_object() || !it.contains("submission") || !it.contains("item") || !it["submission"].is_string() ||
        !it["item"].is_string())
      return bad(400, "each of 'items' must be {\"submission\": \"...\", \"item\": \"...\"}");
    const std::string& sub = it["submission"].get_ref<const std::string&>();
    const std::string& item = it["item"].get_ref<const std::string&>();
    auto known = items_of.find(sub);
    if (known == items_of.end()) {
      std::optional<Record> record;
      try {
        record = RecordOfLocked(sub);
      } catch (const Error& e) {
        return bad(500, e.what());
      }
      if (!record) return bad(404, "no submission with id '" + sub.substr(0, 200) + "'");
      std::set<std::string> ids;
      for (const QueueItem& q : RecordItems(*record)) ids.insert(q.item);
      known = items_of.emplace(sub, std::move(ids)).first;
    }
    const bool found = known->second.count(item) > 0;
    if (!found) return bad(404, "submission '" + sub.substr(0, 200) + "' has no item '" + item.substr(0, 200) + "'");
    Decision d{sub, item, credit_text, comment, who, when, 0};
    std::string why = ValidateDecision(d);
    if (!why.empty()) return bad(400, why);
    decisions.push_back(std::move(d));
  }
  try {
    AppendDecisions(overrides_path_, decisions);
  } catch (const std::exception& e) {
    return bad(500, e.what());
  }
  try {
    LoadDecisionsLocked();
  } catch (const Error& e) {
    regrade_.error = e.what();
    for (const Decision& d : decisions) decisions_[{d.submission, d.item}] = d;
  }
  RebuildLocked();
  RequestRegradeLocked();
  return Reply{200, {{"saved", decisions.size()}, {"wait_for", regrade_.requested}, {"pending", queue_.pending}}};
}

void ReviewSession::RequestRegradeLocked() {
  ++regrade_.requested;
  cv_.notify_all();
}

void ReviewSession::WaitForRegrade(unsigned long long generation) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return stop_ || regrade_.completed >= generation; });
}

void ReviewSession::Worker() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || regrade_.requested > regrade_.completed; });
    if (regrade_.requested <= regrade_.completed) return;  // stopping, nothing left to do
    unsigned long long target = regrade_.requested;
    regrade_.running = true;
    lock.unlock();
    std::string error;
    try {
      RunRegrade();
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    regrade_.running = false;
    regrade_.completed = target;
    regrade_.error = error;
    try {
      LoadResultsLocked();
      RebuildLocked();
    } catch (const std::exception& e) {
      regrade_.error = e.what();
    }
    cv_.notify_all();
    if (stop_ && regrade_.requested <= regrade_.completed) return;
  }
}

void ReviewSession::RunRegrade() {
  FolderLock lock((fs::path(dir_) / ".review.lock").string());
  BatchOptions o = OptionsFromJson(json::parse(Slurp(run_path_)));
  o.out_dir = dir_;
  o.overrides = overrides_path_;
  o.force = false;  // only the students whose decisions changed are graded again
  o.quiet = true;
  o.jobs = 1;
  RunBatch(o);
}

}  // namespace grader
