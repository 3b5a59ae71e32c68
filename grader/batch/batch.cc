#include "grader/batch/batch.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "grader/base/append_log.h"
#include "grader/base/atomic_file.h"
#include "grader/base/error.h"
#include "grader/base/folder_lock.h"
#include "grader/base/interrupt.h"
#include "grader/base/read_file.h"
#include "grader/batch/input_form.h"
#include "grader/batch/grade_one.h"
#include "grader/batch/ordered_pool.h"
#include "grader/batch/plan.h"
#include "grader/batch/prior_run.h"
#include "grader/batch/progress.h"
#include "grader/batch/shard.h"
#include "grader/llm/chat.h"
#include "grader/rubric/grade.h"
#include "reports/report_format.h"
#include "reports/report_record.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

// A submission as the main thread receives it from a worker.
struct Finished {
  GradedLine graded;
  std::vector<std::string> prepared;  // one per stream (ReportStream::Prepare)
};

}  // namespace

nlohmann::ordered_json OptionsToJson(const BatchOptions& o) {
  ojson j;
  auto absolute = [](const std::string& path) {
    if (path.empty() || path == "-") return path;
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
  };
  j["rubric"] = absolute(o.rubric_path);
  if (!o.problems_dir.empty()) j["problems"] = absolute(o.problems_dir);
  std::vector<std::string> inputs;
  for (const std::string& in : o.inputs) inputs.push_back(absolute(in));
  j["inputs"] = inputs;
  j["gradescope"] = o.gradescope;
  // Only when not every page is written, so earlier folders' run.json stays as it was.
  if (!o.feedback.empty() && !ParseFeedbackKinds(o.feedback).all()) j["feedback"] = FeedbackKindsText(ParseFeedbackKinds(o.feedback));
  j["roster"] = absolute(o.roster);
  j["overrides"] = absolute(o.overrides);
  j["set"] = o.sets;
  j["variant"] = o.variant;
  j["max_bytes"] = o.input.max_bytes;
  j["follow_symlinks"] = o.input.follow_symlinks;
  j["judge_endpoint"] = RedactUrl(o.judge.endpoint);  // a password in it is never written
  j["judge_model"] = o.judge.model;
  j["judge_samples"] = o.judge.samples;
  if (o.shard.active()) j["shard"] = ShardText(o.shard);  // last: a merge drops it (merge.h)
  return j;
}

BatchOptions OptionsFromJson(const nlohmann::json& j) {
  BatchOptions o;
  o.rubric_path = j.value("rubric", "");
  o.problems_dir = j.value("problems", "");
  o.inputs = j.value("inputs", std::vector<std::string>{});
  o.gradescope = j.value("gradescope", false);
  o.feedback = j.value("feedback", "");
  o.roster = j.value("roster", "");
  o.overrides = j.value("overrides", "");
  o.sets = j.value("set", std::vector<std::string>{});
  o.variant = j.value("variant", -1L);
  o.input.max_bytes = j.value("max_bytes", static_cast<size_t>(1 << 20));
  o.input.follow_symlinks = j.value("follow_symlinks", false);
  o.judge.endpoint = j.value("judge_endpoint", "");
  o.judge.model = j.value("judge_model", "");
  o.judge.samples = j.value("judge_samples", 1);
  if (j.contains("shard")) o.shard = ParseShard(j.value("shard", ""));
  return o;
}

namespace {

// The output folder must be a folder (or not exist yet) and must not lie
// inside an input folder, whose next run would read it as a student.
void CheckOutDir(const BatchOptions& o) {
  std::error_code ec;
  fs::file_status st = fs::status(o.out_dir, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw Error("--out '" + o.out_dir + "' is a file, not a folder; choose a folder (it is created when missing)");
  fs::path out = fs::weakly_canonical(fs::absolute(o.out_dir, ec), ec);
  if (ec) return;
  for (const std::string& input : o.inputs) {
    if (input == "-" || !fs::is_directory(input, ec)) continue;
    fs::path root = fs::canonical(input, ec);
    if (!ec && PathWithin(out, root))
      throw Error("--out '" + o.out_dir + "' is inside the input folder '" + input +
                  "': its files would be graded as submissions; choose a folder outside it");
  }
}

// Whether the file at `path` holds exactly `content`.
bool SameContent(const fs::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st;
  bool same = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) == content.size();
  std::string have(same ? content.size() : 0, '\0');
  size_t got = 0;
  while (same && got < have.size()) {
    ssize_t r = ::pread(fd, have.data() + got, have.size() - got, static_cast<off_t>(got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) same = false;
    else got += static_cast<size_t>(r);
  }
  ::close(fd);
  return same && have == content;
}

}  // namespace

void BatchReport::Count(const ReportRecord& rec, bool keep_score) {
  if (rec.graded()) {
    ++graded;
    unscored_items += static_cast<size_t>(rec.unscored);
    review_items += static_cast<size_t>(rec.review);
  } else {
    ++errors;
  }
  if (keep_score) scores.push_back({rec.id, rec.graded(), rec.score, rec.error});
}

namespace {

// A worker's response buffer: the memory of its last submission's text,
// which the next response is read into (LoadDeferred), instead of a
// response-sized allocation, zero fill and free per submission. At most
// kSpareTextBytes are kept per thread.
constexpr size_t kSpareTextBytes = size_t{1} << 20;
std::string& SpareText() {
  thread_local std::string spare;
  return spare;
}
// Done with `text`: its memory becomes the spare (or is freed).
void ReleaseText(std::string& text) {
  if (text.capacity() <= kSpareTextBytes && text.capacity() > SpareText().capacity()) SpareText().swap(text);
  std::string().swap(text);
}

}  // namespace

BatchReport RunBatch(const BatchOptions& o) {
  if (o.out_dir.empty()) throw Error("--out DIR is required to grade a batch");
  CheckOutDir(o);
  BatchPlan plan = PlanBatch(o);
  // Planning's transient memory (the JSON of every line, sorting ids) is
  // given back, so that the run's peak is the plan's size, not its making's.
  malloc_trim(0);
  const size_t n = plan.size();
  BatchReport report;
  report.total = n;
  report.notes = plan.notes;
  report.skipped = plan.skipped.size();
  SubmissionTable& subs = plan.subs;

  fs::path dir(o.out_dir);
  std::error_code mkdir_error;
  fs::create_directories(dir, mkdir_error);
  if (mkdir_error) throw Error("cannot create folder '" + o.out_dir + "': " + mkdir_error.message());
  FolderLock lock(dir.string());  // one run at a time into a folder
  RemoveStaleTemps(dir.string());
  // The pages this run writes: as --feedback says; without it, every page
  // for a batch of up to kPagesByDefaultUpTo submissions (the whole batch's
  // count, so that shards decide alike) or for a folder whose earlier run
  // wrote every page (its pages are not removed from under its users), and
  // none otherwise. run.json records the choice, so a rerun and a merge
  // keep it.
  BatchOptions effective = o;
  if (effective.feedback.empty()) {
    const size_t whole = o.shard.active() ? plan.shard.total : n;
    bool earlier_wrote_all = false;
    std::error_code exists_error;
    if (fs::exists(dir / "run.json", exists_error)) {
      try {
        const ojson earlier = ojson::parse(ReadFileOrThrow((dir / "run.json").string()));
        earlier_wrote_all = earlier.is_object() && !earlier.contains("feedback");
      } catch (const std::exception&) {
        // An unreadable run.json is no earlier run's choice.
      }
    }
    if (whole > kPagesByDefaultUpTo && !earlier_wrote_all) {
      effective.feedback = "none";
      report.notes.push_back(std::to_string(whole) + " submissions: no per-student pages were written (a batch of more than " +
                             std::to_string(kPagesByDefaultUpTo) +
                             " gets them only when asked: --feedback all, or a list of md, html and staff); "
                             "results.jsonl, grades.csv, the summary and 'grader review' cover every submission");
    }
  }
  ReportOptions report_options;
  report_options.gradescope = o.gradescope;
  if (!effective.feedback.empty()) report_options.feedback = ParseFeedbackKinds(effective.feedback);
  if (!o.roster.empty()) {  // for the LMS export's columns (PlanBatch read it already)
    report_options.roster = ParseCsv(o.roster, ReadFileOrThrow(o.roster, "roster"));
  }
  ReportContext context{plan.summary, report_options, dir.string()};
  for (const SkippedEntry& e : plan.skipped) context.skipped.emplace_back(e.path, e.reason);
  const std::vector<const ReportFormat*> formats = WantedReportFormats(report_options);

  // A write that fails (disk full, file too large, I/O error) ends the run:
  // the first failure is kept, workers stop taking submissions, and the main
  // thread throws it; earlier outputs stay as they were.
  std::mutex failure_mu;
  std::string failure;
  std::atomic<bool> failed{false};
  // Writes a record's per-student files; with `only_changed`, only those
  // whose content on disk differs (a reused record whose files a killed run
  // left missing or stale).
  auto write_student_files = [&](const ReportRecord& rec, bool only_changed) {
    try {
      for (const ReportFormat* f : formats)
        for (const OutputFile& file : f->StudentFiles(rec, context))
          if (!only_changed || !SameContent(dir / file.path, file.content))
            WriteFileAtomic((dir / file.path).string(), file.content, file.durable);
    } catch (const Error& e) {
      std::lock_guard<std::mutex> lock(failure_mu);
      if (failure.empty()) failure = e.what();
      failed.store(true);
    }
  };

  // What an earlier run of this folder already graded.
  PriorRun prior;
  if (!o.force) prior.Load(o.out_dir);
  const std::string judge_print = JudgeFingerprint(o.judge);

  // Reads a submission and decides whether an earlier record can be reused.
  // Kept per submission only while the judge needs every one up front;
  // otherwise a worker prepares its submission and forgets it, so memory
  // does not grow by two hashes per submission.
  struct Prepared {
    std::string content_hash, fingerprint;
    const PriorRecord* reuse = nullptr;
  };
  auto prepare = [&](size_t i, Submission& s, const std::string& file_id) {
    Prepared p;
    if (s.error.empty()) LoadDeferred(&s, plan.input, &SpareText());
    if (!s.error.empty()) return p;
    p.content_hash = ContentHash(s.text);
    auto ov = plan.override_text.find(s.id);
    p.fingerprint = SubmissionFingerprint({p.content_hash, plan.rubric.version, plan.KeyOf(i).version,
                                           ov == plan.override_text.end() ? std::string() : ov->second, judge_print,
                                           file_id, o.gradescope, SubmissionHead(s, file_id)});
    p.reuse = prior.Find(s.id, p.fingerprint);
    return p;
  };
  std::vector<Prepared> prepared_all;  // judging only

  // The judge: every llm item of every submission to grade, in one batch.
  std::vector<ItemVerdicts> verdicts;
  if (plan.judging) {
    std::vector<JudgeItem> items;
    std::vector<std::pair<size_t, std::string>> where;
    prepared_all.resize(n);
    for (size_t i = 0; i < n; ++i) {
      Submission& s = subs.Full(i);  // the judge holds every response anyway (none is deferred)
      prepared_all[i] = prepare(i, s, plan.FileId(i));
      if (!s.error.empty() || prepared_all[i].reuse) continue;
      const AnswerKey& key = plan.KeyOf(i).key;
      Extractions x = Extract(s.text, ExtractOptionsFor(key));
      for (const RubricItem* item : plan.rubric.AllItems()) {
        if (item->kind != "llm") continue;
        Range r = x.PartRange(item->part);
        items.push_back({item->check->JudgeCriterion(), std::string(x.doc.View(r)),
                         item->check->JudgeReference().empty() ? JudgeReferenceFor(key, item->part)
                                                               : item->check->JudgeReference()});
        where.emplace_back(i, item->id);
      }
    }
    if (!items.empty()) {
      UsageSummary usage;
      std::vector<JudgeVerdict> v = JudgeItems(items, o.judge, o.client, &usage);
      verdicts.resize(n);
      for (size_t k = 0; k < v.size(); ++k) verdicts[where[k].first][where[k].second] = v[k];
      report.notes.push_back("judge: " + FormatUsage(usage));
    }
  }

  // From here on, Ctrl-C (or SIGTERM) stops the run between submissions:
  // what was graded is journaled, the shared outputs are not committed, no
  // temporary file is left, and the message says how to resume. (During the
  // judge's requests above it ends the process; the client's cache keeps
  // every answer received.)
  StopOnInterrupt stop;
  std::atomic<size_t> graded_now{0};

  // Buffered: a run killed midway loses at most the last buffer's worth of
  // records, which the rerun grades again.
  const std::string journal_path = (dir / ".journal.jsonl").string();
  AppendLog journal(journal_path);
  std::vector<std::unique_ptr<ReportStream>> streams;
  for (const ReportFormat* f : formats)
    if (auto s = f->Open(context)) streams.push_back(std::move(s));

  // One submission, on a worker: its line and record, its student files,
  // and what the streams prepare from it.
  std::atomic<size_t> reused_now{0};
  auto process = [&](size_t i, Submission& s, const std::string& file_id) -> GradedLine {
    const Prepared p = plan.judging ? std::move(prepared_all[i]) : prepare(i, s, file_id);
    if (!s.error.empty()) {
      GradedLine g = ErrorSubmission(s, file_id, s.error);
      write_student_files(g.record, true);
      return g;
    }
    if (p.reuse) {
      try {
        GradedLine g;
        g.line = prior.Read(*p.reuse);
        g.record = ReportFromJson(Record::parse(g.line));
        g.record.text = s.text;  // the feedback page shows the response
        write_student_files(g.record, true);
        std::string().swap(g.record.text);
        reused_now.fetch_add(1);
        return g;
      } catch (const std::exception&) {
        // The earlier line is unreadable after all: grade again.
      }
    }
    auto ov = plan.overrides.find(s.id);
    SubmissionJob job{s,
                      file_id,
                      plan.KeyOf(i),
                      p.content_hash,
                      p.fingerprint,
                      ov == plan.overrides.end() ? nullptr : &ov->second,
                      verdicts.empty() ? nullptr : &verdicts[i]};
    GradedLine g = GradeSubmission(plan.rubric, job);
    journal.Append(g.line);
    graded_now.fetch_add(1);
    // The feedback page shows the response; moved, not copied: `s` is done
    // with (work frees its text next).
    g.record.text = std::move(s.text);
    write_student_files(g.record, false);
    ReleaseText(g.record.text);
    return g;
  };
  auto work = [&](size_t i) {
    Finished f;
    if (failed.load() || StopOnInterrupt::Requested()) return f;  // the run is ending: take no more work
    // The submission is built from the plan's compact table for the time it
    // is graded (the judge's were kept whole, with their responses).
    Submission local;
    Submission& s = plan.judging ? subs.Full(i) : (local = subs.Get(i));
    const std::string file_id = plan.FileId(i);
    try {
      f.graded = process(i, s, file_id);
    } catch (const std::exception& e) {
      f.graded = ErrorSubmission(s, file_id, std::string("internal error: ") + e.what());
    }
    std::string().swap(s.text);  // done: free the response
    f.prepared.reserve(streams.size());
    for (const auto& s : streams) f.prepared.push_back(s->Prepare(f.graded.record));
    return f;
  };

  ProgressLine progress(!o.quiet && isatty(STDERR_FILENO), n);
  auto interrupted = [&](size_t done) {
    const int sig = StopOnInterrupt::Requested();
    const size_t graded = graded_now.load(), reused = reused_now.load();
    std::string m = std::string(sig == SIGTERM ? "stopped by SIGTERM" : "interrupted (Ctrl-C)") + " after " +
                    std::to_string(done) + " of " + std::to_string(n) + " submissions";
    m += "; saved: " + std::to_string(graded) + " newly graded in '" + journal_path + "'";
    if (reused) m += ", " + std::to_string(reused) + " kept from the earlier run";
    m += "; results.jsonl, grades.csv and the summary were not rewritten (they are as before this run) and no "
         "temporary file is left. To resume, run the same command again: submissions already graded are not "
         "graded again";
    return Error(m, kExitInterrupted);
  };
  auto consume = [&](size_t i, Finished&& f) {
    if (failed.load()) {
      std::lock_guard<std::mutex> lock(failure_mu);
      throw Error(failure);
    }
    if (StopOnInterrupt::Requested()) throw interrupted(i);
    if (i % 64 == 0) progress.Update(i);
    const GradedEntry entry{f.graded.line, f.graded.record};
    for (size_t k = 0; k < streams.size(); ++k) streams[k]->Add(entry, std::move(f.prepared[k]));
    report.Count(f.graded.record, o.keep_scores);
  };
  int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  try {
    RunOrdered<Finished>(n, jobs, 64 * static_cast<size_t>(jobs), work, consume,
                         [&](size_t done) { progress.Update(done); });
  } catch (...) {
    progress.Clear();
    journal.Flush();  // what was graded is kept for the rerun
    throw;
  }
  progress.Clear();
  journal.Flush();
  if (failed.load()) throw Error(failure);  // a student file of the last submissions
  if (StopOnInterrupt::Requested()) throw interrupted(n);
  report.reused = reused_now.load();

  // The shared outputs, each committed atomically.
  for (const auto& s : streams) s->Finish();
  ojson run = OptionsToJson(effective);
  // Every entry of the input folders is accounted for: graded, an error row
  // (results.jsonl), or skipped and why (here).
  ojson skipped = ojson::array();
  for (const SkippedEntry& e : plan.skipped) skipped.push_back({{"path", e.path}, {"reason", e.reason}});
  run["skipped"] = std::move(skipped);
  WriteShardManifest(dir.string(), effective, plan);
  WriteFileAtomic((dir / "run.json").string(), run.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n");
  std::error_code ec;
  fs::remove(journal_path, ec);
  // Outputs of formats an earlier run wrote and this one was not asked for
  // (a rerun without --gradescope): removed, so nothing stale is left.
  for (const ReportFormat* f : ReportFormats()) {
    const bool wanted = std::find(formats.begin(), formats.end(), f) != formats.end();
    for (const std::string& owned : wanted ? f->UnwrittenPaths(report_options) : f->OwnedPaths()) {
      if (!fs::exists(fs::symlink_status(dir / owned, ec))) continue;
      fs::remove_all(dir / owned, ec);
      report.notes.push_back(ec ? "could not remove '" + (dir / owned).string() + "' (" + f->name() +
                                      " output of an earlier run): " + ec.message()
                                : "removed '" + (dir / owned).string() + "': " + f->name() +
                                      " output of an earlier run, not asked for this time");
    }
  }
  return report;
}

}  // namespace grader
