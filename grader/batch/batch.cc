#include "grader/batch/batch.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "grader/base/append_log.h"
#include "grader/base/atomic_file.h"
#include "grader/rubric/grade.h"
#include "grader/base/error.h"
#include "reference/key_render.h"
#include "reports/feedback.h"
#include "reports/file_names.h"
#include "reports/gradescope.h"
#include "reports/grades_csv.h"
#include "reports/json_writer.h"
#include "reports/report_record.h"
#include "reports/result_json.h"
#include "reports/summary.h"
#include "reports/summary_html.h"
#include "reports/summary_md.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

// The answer key of one parameter set, built once and shared.
struct KeyEntry {
  AnswerKey key;
  std::string version;
  std::string error;  // bad parameters for this submission
};

std::string ParamKey(const Submission& s, const BatchOptions& o) {
  std::string k = "v" + std::to_string(s.variant ? *s.variant : o.variant);
  for (const std::string& set : o.sets) k += "|" + set;
  for (const auto& [name, value] : s.params) k += "|" + name + "=" + value;
  return k;
}

KeyEntry MakeKey(const Problem& problem, const Submission& s, const BatchOptions& o) {
  KeyEntry e;
  try {
    long variant = s.variant ? *s.variant : o.variant;
    ParamValues values = variant >= 0 ? problem.Variant(variant) : problem.Defaults();
    problem.Apply(o.sets, &values);
    std::vector<std::string> own;
    for (const auto& [name, value] : s.params) own.push_back(name + "=" + value);
    problem.Apply(own, &values);
    e.key = BuildKey(problem, values, variant >= 0 ? std::optional<long>(variant) : std::nullopt);
    e.version = KeyVersion(e.key);
  } catch (const Error& err) {
    e.error = std::string("parameters: ") + err.what();
  }
  return e;
}

std::string JudgeFingerprint(const JudgeOptions& j) {
  if (j.endpoint.empty()) return "no-judge";
  return j.endpoint + "|" + j.model + "|" + std::to_string(j.samples) + "|" + std::to_string(j.max_invalid_retries);
}

// A record of an earlier run: where its line is, and what decides reuse.
struct PriorRecord {
  int file = 0;  // index into PriorFiles
  long long offset = 0;
  size_t length = 0;
  std::string fingerprint;
  bool graded = false;
};

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

// The files of an earlier run, open for reading lines by offset.
class PriorFiles {
 public:
  PriorFiles() = default;
  PriorFiles(const PriorFiles&) = delete;
  PriorFiles& operator=(const PriorFiles&) = delete;
  ~PriorFiles() {
    for (int fd : fds_)
      if (fd >= 0) ::close(fd);
  }
  int Add(const std::string& path) {
    names_.push_back(path);
    fds_.push_back(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    return static_cast<int>(fds_.size()) - 1;
  }
  // The line at the record's offset; throws when the file changed under us.
  std::string Read(const PriorRecord& p) const {
    std::string line(p.length, '\0');
    size_t got = 0;
    while (got < p.length) {
      ssize_t r = ::pread(fds_[p.file], line.data() + got, p.length - got, static_cast<off_t>(p.offset + got));
      if (r <= 0) throw Error("'" + names_[p.file] + "' changed while the batch ran");
      got += static_cast<size_t>(r);
    }
    return line;
  }

 private:
  std::vector<std::string> names_;
  std::vector<int> fds_;
};

std::unordered_map<std::string, PriorRecord> LoadPrior(const std::string& dir, PriorFiles* files) {
  std::unordered_map<std::string, PriorRecord> prior;
  for (const char* name : {"results.jsonl", ".journal.jsonl"}) {
    std::string file = (fs::path(dir) / name).string();
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    int index = files->Add(file);
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
      prior[head.id] = PriorRecord{index, start, line.size(), head.fingerprint, head.status == "graded"};
    }
  }
  return prior;
}

// Temp files left by a run that was killed (AtomicFileWriter's names).
void RemoveStaleTemps(const fs::path& dir) {
  std::error_code ec;
  for (const fs::path& d : {dir, dir / "feedback"})
    for (const auto& e : fs::directory_iterator(d, ec))
      if (e.path().filename().string().find(".tmp.") != std::string::npos) fs::remove(e.path(), ec);
  for (const auto& e : fs::recursive_directory_iterator(dir / "gradescope", ec))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) fs::remove(e.path(), ec);
}

void WriteBase(JsonWriter& w, const Submission& s, const std::string& file_id) {
  w.Key("id");
  w.String(s.id);
  w.Key("file_id");
  w.String(file_id);
  w.Key("source");
  w.String(s.source);
  if (!s.model.empty()) {
    w.Key("model");
    w.String(s.model);
  }
  if (!s.problem.empty()) {
    w.Key("problem");
    w.String(s.problem);
  }
  if (s.variant) {
    w.Key("variant");
    w.Int(*s.variant);
  }
  if (!s.params.empty()) {
    w.Key("params");
    w.BeginObject();
    for (const auto& [name, value] : s.params) {
      w.Key(name);
      w.String(value);
    }
    w.EndObject();
  }
  if (!s.metadata.empty()) {
    w.Key("metadata");
    w.Json(s.metadata);
  }
}

std::string ErrorLine(const Submission& s, const std::string& file_id, const std::string& error) {
  JsonWriter w;
  w.BeginObject();
  WriteBase(w, s, file_id);
  w.Key("status");
  w.String("error");
  w.Key("error");
  w.String(error);
  w.EndObject();
  return w.Take();
}

void Number(JsonWriter& w, const char* key, const Exact& x) {
  w.Key(key);
  WriteJsonNumber(w, x);
}

// The judge's verdicts, by submission index and item id.
using Verdicts = std::map<std::pair<size_t, std::string>, JudgeVerdict>;

std::string ReferenceFor(const AnswerKey& key, const std::string& part) {
  std::string ref;
  for (const KeyAnswer& a : key.answers) {
    if (!part.empty() && a.part != part) continue;
    std::string v = a.number ? DisplayValue(*a.number, a.unit) : (a.text.empty() ? a.formula : a.text);
    ref += (ref.empty() ? "" : "; ") + a.description + ": " + v;
    if (ref.size() > 2000) break;
  }
  return ref;
}

}  // namespace

nlohmann::ordered_json OptionsToJson(const BatchOptions& o) {
  ojson j;
  j["rubric"] = o.rubric_path;
  j["inputs"] = o.inputs;
  j["gradescope"] = o.gradescope;
  j["roster"] = o.roster;
  j["overrides"] = o.overrides;
  j["set"] = o.sets;
  j["variant"] = o.variant;
  j["max_bytes"] = o.input.max_bytes;
  j["judge_endpoint"] = o.judge.endpoint;
  j["judge_model"] = o.judge.model;
  j["judge_samples"] = o.judge.samples;
  return j;
}

BatchOptions OptionsFromJson(const nlohmann::json& j) {
  BatchOptions o;
  o.rubric_path = j.value("rubric", "");
  o.inputs = j.value("inputs", std::vector<std::string>{});
  o.gradescope = j.value("gradescope", false);
  o.roster = j.value("roster", "");
  o.overrides = j.value("overrides", "");
  o.sets = j.value("set", std::vector<std::string>{});
  o.variant = j.value("variant", -1L);
  o.input.max_bytes = j.value("max_bytes", static_cast<size_t>(1 << 20));
  o.judge.endpoint = j.value("judge_endpoint", "");
  o.judge.model = j.value("judge_model", "");
  o.judge.samples = j.value("judge_samples", 1);
  return o;
}

BatchReport RunBatch(const BatchOptions& o) {
  if (o.out_dir.empty()) throw Error("--out DIR is required to grade a batch");
  Rubric rubric = LoadRubricFile(o.rubric_path);
  const Problem& problem = BuiltinProblems().Get(rubric.problem);
  BatchReport report;
  const bool judging = !o.judge.endpoint.empty();
  BatchInputOptions input = o.input;
  // Responses are read by the workers, one at a time, so memory does not
  // grow with the batch; the judge needs them all up front.
  input.defer = !judging;
  std::vector<Submission> subs = CollectSubmissions(o.inputs, input);
  // A JSONL file may hold answers to several problems (grader ask --all):
  // grade those of this rubric's problem and leave the others out.
  std::map<std::string, size_t> other_problems;
  subs.erase(std::remove_if(subs.begin(), subs.end(),
                            [&](const Submission& s) {
                              if (s.problem.empty() || s.problem == rubric.problem) return false;
                              ++other_problems[s.problem];
                              return true;
                            }),
             subs.end());
  for (const auto& [p, n] : other_problems)
    report.notes.push_back(std::to_string(n) + " submission" + (n == 1 ? " is" : "s are") + " for problem '" + p +
                           "', not this rubric's; left out");
  if (!o.roster.empty()) ApplyRoster(o.roster, &subs, &report.notes);
  std::map<std::string, std::vector<Override>> overrides;
  std::map<std::string, std::string> override_text;  // id -> canonical text, for fingerprints
  if (!o.overrides.empty()) {
    for (const OverrideRow& row : LoadOverrides(o.overrides)) {
      overrides[row.id].push_back({row.check, *ParseExact(row.credit), row.comment});
      override_text[row.id] += row.check + "=" + row.credit + ":" + row.comment + ";";
    }
  }
  const size_t n = subs.size();
  report.total = n;

  // Keys, once per distinct parameter set.
  std::map<std::string, KeyEntry> keys;
  std::vector<const KeyEntry*> key_of(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    Submission& s = subs[i];
    if (!s.error.empty()) continue;
    std::string k = ParamKey(s, o);
    auto it = keys.find(k);
    if (it == keys.end()) it = keys.emplace(k, MakeKey(problem, s, o)).first;
    if (!it->second.error.empty()) s.error = it->second.error;
    key_of[i] = &it->second;
  }

  // File ids are fixed before grading so that every record (and the
  // journal) carries its final form.
  std::vector<std::string> ids;
  ids.reserve(n);
  for (const Submission& s : subs) ids.push_back(s.id);
  std::vector<std::string> file_ids = SafeFileIds(ids, &report.notes);
  std::vector<std::string>().swap(ids);
  RubricSummary summary = SummariseRubric(rubric);
  fs::path dir(o.out_dir);
  fs::create_directories(dir);
  RemoveStaleTemps(dir);
  std::mutex notes_mu;
  auto write_student_files = [&](const ReportRecord& rec, size_t i) {
    try {
      FeedbackPages pages = FeedbackBoth(rec, summary);
      WriteFileAtomic((dir / "feedback" / (file_ids[i] + ".md")).string(), pages.markdown, false);
      WriteFileAtomic((dir / "feedback" / (file_ids[i] + ".html")).string(), pages.html, false);
      if (o.gradescope)
        WriteFileAtomic((dir / "gradescope" / file_ids[i] / "results.json").string(), GradescopeJson(rec, summary), false);
    } catch (const Error& e) {
      std::lock_guard<std::mutex> lock(notes_mu);
      report.notes.push_back(e.what());
    }
  };

  // What an earlier run of this folder already graded.
  PriorFiles prior_files;
  std::unordered_map<std::string, PriorRecord> prior;
  if (!o.force) prior = LoadPrior(o.out_dir, &prior_files);
  const std::string judge_print = JudgeFingerprint(o.judge);

  // Reads a submission and decides whether an earlier record can be reused.
  std::vector<std::string> fingerprints(n), content_hashes(n);
  std::vector<const PriorRecord*> reuse(n, nullptr);
  auto prepare = [&](size_t i) {
    Submission& s = subs[i];
    if (s.error.empty()) LoadDeferred(&s, input);
    if (!s.error.empty()) return;
    content_hashes[i] = ContentHash(s.text);
    fingerprints[i] = ContentHash(content_hashes[i] + "|" + rubric.version + "|" + key_of[i]->version + "|" +
                                  GraderVersion() + "|" +
                                  (override_text.count(s.id) ? override_text.at(s.id) : std::string()) + "|" +
                                  judge_print + "|" + file_ids[i] + "|" + (o.gradescope ? "gs" : ""));
    auto it = prior.find(s.id);
    if (it != prior.end() && it->second.graded && it->second.fingerprint == fingerprints[i]) reuse[i] = &it->second;
  };

  // The judge: every llm item of every submission to grade, in one batch.
  Verdicts verdicts;
  if (judging) {
    std::vector<JudgeItem> items;
    std::vector<std::pair<size_t, std::string>> where;
    for (size_t i = 0; i < n; ++i) {
      prepare(i);
      if (!subs[i].error.empty() || reuse[i]) continue;
      const AnswerKey& key = key_of[i]->key;
      ExtractOptions eo;
      for (const Part& p : key.parts) eo.part_ids.push_back(p.id);
      Extractions x = Extract(subs[i].text, eo);
      for (const RubricItem* item : rubric.AllItems()) {
        if (item->kind != "llm") continue;
        Range r = x.PartRange(item->part);
        items.push_back({item->check->JudgeCriterion(), std::string(x.doc.View(r)),
                         item->check->JudgeReference().empty() ? ReferenceFor(key, item->part)
                                                               : item->check->JudgeReference()});
        where.emplace_back(i, item->id);
      }
    }
    if (!items.empty()) {
      UsageSummary usage;
      std::vector<JudgeVerdict> v = JudgeItems(items, o.judge, o.client, &usage);
      for (size_t k = 0; k < v.size(); ++k) verdicts[where[k]] = v[k];
      report.notes.push_back("judge: " + FormatUsage(usage));
    }
  }

  // Grades one submission: the results.jsonl line and what the reports read.
  auto grade = [&](size_t i, std::string* line, ReportRecord* rec) {
    const Submission& s = subs[i];
    const KeyEntry& key = *key_of[i];
    GradeOptions go;
    go.key_version = key.version;
    auto ov = overrides.find(s.id);
    if (ov != overrides.end()) go.overrides = ov->second;
    if (!verdicts.empty()) {
      go.judge = [&, i](const RubricItem& item, const CheckContext& ctx) {
        CheckOutcome out = item.check->Evaluate(ctx);
        auto it = verdicts.find({i, item.id});
        if (it == verdicts.end()) return out;
        const JudgeVerdict& v = it->second;
        if (v.state == VerdictState::kUnscored) {
          out.detail = "judge: left unscored (" + v.reason + ")";
          return out;
        }
        out.credit = Exact(v.state == VerdictState::kMet ? 1 : 0);
        out.detail = std::string("judge: ") + VerdictStateName(v.state) + (v.agreement.empty() ? "" : " (" + v.agreement + ")") +
                     (v.explanation.empty() ? "" : ": " + v.explanation);
        if (v.evidence) {
          Range r = ctx.extractions->PartRange(item.part);
          Span sp = ctx.extractions->doc.MakeSpan(r.begin + v.evidence->begin, r.begin + v.evidence->end);
          out.evidence.push_back({sp, std::string(ctx.extractions->doc.Quote(sp))});
        }
        return out;
      };
    }
    Result res;
    try {
      res = GradeText(rubric, key.key, s.text, go);
    } catch (const std::exception& e) {
      std::string why = std::string("internal error while grading: ") + e.what();
      *line = ErrorLine(s, file_ids[i], why);
      *rec = ReportError(s.id, file_ids[i], s.model, why);
      return;
    }
    JsonWriter w;
    w.BeginObject();
    WriteBase(w, s, file_ids[i]);
    w.Key("content_hash");
    w.String(content_hashes[i]);
    w.Key("fingerprint");
    w.String(fingerprints[i]);
    w.Key("status");
    w.String("graded");
    Number(w, "score", res.score);
    Number(w, "max", res.max);
    Number(w, "normalized", res.normalized);
    Number(w, "scored_max", res.scored_max);
    w.Key("unscored");
    w.Int(res.unscored);
    w.Key("result");
    WriteResultJson(w, res);
    if (!go.overrides.empty()) {
      w.Key("overrides");
      w.BeginArray();
      for (const Override& ov2 : go.overrides) {
        w.BeginObject();
        w.Key("item");
        w.String(ov2.item_id);
        Number(w, "credit", ov2.credit);
        w.Key("comment");
        w.String(ov2.comment);
        w.EndObject();
      }
      w.EndArray();
    }
    w.Key("versions");
    WriteVersions(w, res);
    w.EndObject();
    *line = w.Take();
    *rec = ReportFromResult(s.id, file_ids[i], s.model, std::move(res));
  };

  // Workers take submissions in input order and hand each finished one to
  // the main thread, which writes results.jsonl, grades.csv and the summary
  // in input order as soon as every earlier submission is done. Workers stay
  // at most `window` submissions ahead, so memory stays bounded however
  // large the batch is.
  struct Slot {
    bool ready = false;
    std::string line;
    std::string csv_row;
    ReportRecord rec;
  };
  int jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(1, n))));
  const size_t window = 64 * static_cast<size_t>(jobs);
  std::vector<Slot> slots(window);  // submission i lives in slots[i % window]
  const size_t batch = window / 2;  // how many results the main thread waits for
  std::mutex mu;
  std::condition_variable slot_ready, slot_free;
  // Who sleeps (guarded by mu), so that nobody is woken for nothing: one
  // wake-up per submission costs more than grading some of them.
  size_t main_waits_for = static_cast<size_t>(-1);
  int workers_waiting = 0;
  size_t committed = 0;  // submissions written out (guarded by mu)
  std::atomic<size_t> next{0}, reused_now{0};
  const std::string journal_path = (dir / ".journal.jsonl").string();
  // Buffered: a run killed midway loses at most the last buffer's worth of
  // records, which the rerun grades again.
  AppendLog journal(journal_path);

  auto process = [&](size_t i, Slot* slot) {
    Submission& s = subs[i];
    if (!judging) prepare(i);
    if (!s.error.empty()) {
      slot->line = ErrorLine(s, file_ids[i], s.error);
      slot->rec = ReportError(s.id, file_ids[i], s.model, s.error);
      write_student_files(slot->rec, i);
      return;
    }
    if (reuse[i]) {
      try {
        slot->line = prior_files.Read(*reuse[i]);
        slot->rec = ReportFromJson(Record::parse(slot->line));
        if (!fs::exists(dir / "feedback" / (file_ids[i] + ".md"))) write_student_files(slot->rec, i);
        reused_now.fetch_add(1);
        return;
      } catch (const std::exception&) {
        // The earlier line is unreadable after all: grade again.
      }
    }
    grade(i, &slot->line, &slot->rec);
    journal.Append(slot->line);
    write_student_files(slot->rec, i);
  };
  auto worker = [&] {
    while (true) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      {
        std::unique_lock<std::mutex> lock(mu);
        if (i >= committed + window) {
          ++workers_waiting;
          slot_free.wait(lock, [&] { return i < committed + window; });
          --workers_waiting;
        }
      }
      Slot& slot = slots[i % window];
      Slot local;
      try {
        process(i, &local);
      } catch (const std::exception& e) {
        local.line = ErrorLine(subs[i], file_ids[i], std::string("internal error: ") + e.what());
        local.rec = ReportError(subs[i].id, file_ids[i], subs[i].model, std::string("internal error: ") + e.what());
      }
      std::string().swap(subs[i].text);  // done: free the response
      local.csv_row = GradesCsvRow(local.rec, summary);
      bool wake = false;
      {
        std::lock_guard<std::mutex> lock(mu);
        slot.line = std::move(local.line);
        slot.csv_row = std::move(local.csv_row);
        slot.rec = std::move(local.rec);
        slot.ready = true;
        wake = i >= main_waits_for;
      }
      if (wake) slot_ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);

  AtomicFileWriter results((dir / "results.jsonl").string());
  AtomicFileWriter csv((dir / "grades.csv").string());
  csv.Write(GradesCsvHeader(summary));
  SummaryBuilder stats(summary);
  bool tty = !o.quiet && isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  for (size_t i = 0; i < n; ++i) {
    Slot& slot = slots[i % window];
    Slot taken;
    auto progress = [&] {
      auto now = std::chrono::steady_clock::now();
      if (!tty || now - last_progress < std::chrono::milliseconds(200)) return;
      last_progress = now;
      double secs = std::chrono::duration<double>(now - start).count();
      double rate = secs > 0 ? i / secs : 0;
      double eta = rate > 0 ? (n - i) / rate : 0;
      std::fprintf(stderr, "\rgrading %zu/%zu  %.0f/s  ETA %.0fs   ", i, n, rate, eta);
    };
    bool wake = false;
    {
      std::unique_lock<std::mutex> lock(mu);
      if (!slot.ready) {
        // Sleep until a run of results is ready, not just the next one:
        // waking the main thread costs as much as writing many lines.
        main_waits_for = std::min(i + batch, n - 1);
        while (!slot.ready) {
          slot_ready.wait_for(lock, std::chrono::milliseconds(200));
          progress();
          main_waits_for = i;  // woken early or out of order: wait for this one
        }
        main_waits_for = static_cast<size_t>(-1);
      }
      taken.line = std::move(slot.line);
      taken.csv_row = std::move(slot.csv_row);
      taken.rec = std::move(slot.rec);
      slot = Slot();
      ++committed;
      wake = workers_waiting > 0;
    }
    if (wake) slot_free.notify_all();
    if (i % 64 == 0) progress();
    results.Write(taken.line);
    results.Write("\n");
    csv.Write(taken.csv_row);
    stats.Add(taken.rec);
    if (taken.rec.graded()) {
      ++report.graded;
      report.unscored_items += static_cast<size_t>(taken.rec.unscored);
    } else {
      ++report.errors;
    }
    report.scores.push_back({taken.rec.id, taken.rec.graded(), taken.rec.score, taken.rec.error});
  }
  for (std::thread& t : threads) t.join();
  if (tty) std::fprintf(stderr, "\r%60s\r", "");
  journal.Flush();
  report.reused = reused_now.load();

  // The shared outputs, each committed atomically.
  results.Commit();
  csv.Commit();
  BatchSummary batch_summary = stats.Finish();
  WriteFileAtomic((dir / "summary.md").string(), SummaryMarkdown(batch_summary));
  WriteFileAtomic((dir / "summary.html").string(), SummaryHtml(batch_summary));
  WriteFileAtomic((dir / "run.json").string(), OptionsToJson(o).dump(2) + "\n");
  std::error_code ec;
  fs::remove(journal_path, ec);
  return report;
}

}  // namespace grader
