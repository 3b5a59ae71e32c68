#include "grader/batch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "grader/atomic_file.h"
#include "grader/grade.h"
#include "reference/error.h"
#include "reference/key_render.h"
#include "reports/feedback.h"
#include "reports/file_names.h"
#include "reports/gradescope.h"
#include "reports/grades_csv.h"
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

// A record of an earlier run: where its line is, and a slim copy.
struct PriorRecord {
  std::string file;
  std::streamoff offset = 0;
  size_t length = 0;
  std::string fingerprint;
  std::string status;
  Record slim;
};

// Drops what the summary and the gradebook do not read (evidence, details,
// metadata), so that a batch's memory stays small per submission.
Record Slim(const Record& full) {
  Record r;
  for (auto it = full.begin(); it != full.end(); ++it) {
    const std::string& k = it.key();
    if (k == "metadata" || k == "source" || k == "content_hash" || k == "params") continue;
    if (k != "result") {
      r[k] = it.value();
      continue;
    }
    Record res;
    for (auto rt = it.value().begin(); rt != it.value().end(); ++rt) {
      if (rt.key() != "criteria" && rt.key() != "checklist" && rt.key() != "deductions") {
        res[rt.key()] = rt.value();
        continue;
      }
      auto slim_item = [](const Record& item) {
        Record out;
        for (const char* f : {"id", "kind", "title", "part", "status", "credit", "points", "max_points", "deduction",
                              "applied", "mistake", "visibility"})
          if (item.contains(f)) out[f] = item[f];
        return out;
      };
      Record list = Record::array();
      for (const Record& entry : rt.value()) {
        if (rt.key() != "criteria") {
          list.push_back(slim_item(entry));
          continue;
        }
        Record c;
        for (auto ct = entry.begin(); ct != entry.end(); ++ct) {
          if (ct.key() != "items") {
            c[ct.key()] = ct.value();
            continue;
          }
          Record items = Record::array();
          for (const Record& item : ct.value()) items.push_back(slim_item(item));
          c["items"] = items;
        }
        list.push_back(c);
      }
      res[rt.key()] = list;
    }
    r["result"] = res;
  }
  return r;
}

std::map<std::string, PriorRecord> LoadPrior(const std::string& dir) {
  std::map<std::string, PriorRecord> prior;
  for (const char* name : {"results.jsonl", ".journal.jsonl"}) {
    std::string file = (fs::path(dir) / name).string();
    std::ifstream in(file, std::ios::binary);
    std::string line;
    while (true) {
      std::streamoff offset = in.tellg();
      if (!std::getline(in, line)) break;
      try {
        Record r = Record::parse(line);
        if (!r.contains("id") || !r["id"].is_string() || !r.contains("fingerprint")) continue;
        PriorRecord p{file, offset, line.size(), r.value("fingerprint", ""), r.value("status", ""), Slim(r)};
        prior[r["id"].get<std::string>()] = std::move(p);
      } catch (const std::exception&) {
        // A torn last line of an interrupted journal: ignore it.
      }
    }
  }
  return prior;
}

std::string ReadAt(const std::string& file, std::streamoff offset, size_t length) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(offset);
  std::string line(length, '\0');
  in.read(line.data(), static_cast<std::streamsize>(length));
  if (static_cast<size_t>(in.gcount()) != length) throw Error("'" + file + "' changed while the batch ran");
  return line;
}

Record BaseRecord(const Submission& s) {
  Record r;
  r["id"] = s.id;
  r["source"] = s.source;
  if (!s.model.empty()) r["model"] = s.model;
  if (!s.problem.empty()) r["problem"] = s.problem;
  if (s.variant) r["variant"] = *s.variant;
  if (!s.params.empty()) r["params"] = s.params;
  if (!s.metadata.empty()) r["metadata"] = s.metadata;
  return r;
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

RubricSummary SummariseRubric(const Rubric& rubric) {
  RubricSummary s;
  s.id = rubric.id;
  s.title = rubric.title;
  s.problem = rubric.problem;
  s.points = std::stod(RoundSig(rubric.points, 15));
  for (const Criterion& c : rubric.criteria)
    s.criteria.push_back({c.id, c.title, std::stod(RoundSig(c.weight, 15)), c.visibility == Visibility::kStaff});
  s.has_checklist = !rubric.checklist.empty();
  return s;
}

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
  std::vector<Submission> subs = CollectSubmissions(o.inputs, o.input);
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
  report.total = subs.size();

  // Keys, once per distinct parameter set.
  std::map<std::string, KeyEntry> keys;
  for (Submission& s : subs) {
    if (!s.error.empty()) continue;
    std::string k = ParamKey(s, o);
    if (!keys.count(k)) keys.emplace(k, MakeKey(problem, s, o));
    if (!keys[k].error.empty()) s.error = keys[k].error;
  }

  // File ids are fixed before grading so that every record (and the
  // journal) carries its final form.
  std::vector<std::string> ids;
  for (const Submission& s : subs) ids.push_back(s.id);
  std::vector<std::string> file_ids = SafeFileIds(ids, &report.notes);
  RubricSummary summary = SummariseRubric(rubric);
  fs::path dir(o.out_dir);
  fs::create_directories(dir);
  auto write_student_files = [&](const Record& full, size_t i) {
    FeedbackPages pages = FeedbackBoth(full, summary);
    WriteFileAtomic((dir / "feedback" / (file_ids[i] + ".md")).string(), pages.markdown, false);
    WriteFileAtomic((dir / "feedback" / (file_ids[i] + ".html")).string(), pages.html, false);
    if (o.gradescope)
      WriteFileAtomic((dir / "gradescope" / file_ids[i] / "results.json").string(), GradescopeJson(full, summary), false);
  };

  // Reuse what an earlier run of this folder already graded.
  std::map<std::string, PriorRecord> prior = o.force ? std::map<std::string, PriorRecord>{} : LoadPrior(o.out_dir);
  std::vector<Record> records(subs.size());                          // slim, for the summary and gradebook
  std::vector<std::pair<std::string, std::streamoff>> where(subs.size());  // file and offset of each full line
  std::vector<size_t> lengths(subs.size(), 0);
  std::vector<std::string> inline_lines(subs.size());                // error records, written from memory
  std::vector<size_t> pending;
  std::vector<std::string> fingerprints(subs.size());
  for (size_t i = 0; i < subs.size(); ++i) {
    const Submission& s = subs[i];
    if (!s.error.empty()) {
      Record r = BaseRecord(s);
      r["file_id"] = file_ids[i];
      r["status"] = "error";
      r["error"] = s.error;
      inline_lines[i] = r.dump();
      records[i] = r;
      continue;
    }
    const KeyEntry& key = keys[ParamKey(s, o)];
    fingerprints[i] = ContentHash(ContentHash(s.text) + "|" + rubric.version + "|" + key.version + "|" +
                                  GraderVersion() + "|" + override_text[s.id] + "|" + JudgeFingerprint(o.judge) +
                                  "|" + file_ids[i] + "|" + (o.gradescope ? "gs" : ""));
    auto it = prior.find(s.id);
    if (it != prior.end() && it->second.fingerprint == fingerprints[i] && it->second.status == "graded") {
      records[i] = it->second.slim;
      where[i] = {it->second.file, it->second.offset};
      lengths[i] = it->second.length;
      if (!fs::exists(dir / "feedback" / (file_ids[i] + ".md")))
        write_student_files(Record::parse(ReadAt(where[i].first, where[i].second, lengths[i])), i);
      ++report.reused;
    } else {
      pending.push_back(i);
    }
  }

  // The judge: every llm item of every pending submission in one batch.
  Verdicts verdicts;
  if (!o.judge.endpoint.empty()) {
    std::vector<JudgeItem> items;
    std::vector<std::pair<size_t, std::string>> where;
    for (size_t i : pending) {
      const KeyEntry& key = keys[ParamKey(subs[i], o)];
      ExtractOptions eo;
      for (const Part& p : key.key.parts) eo.part_ids.push_back(p.id);
      Extractions x = Extract(subs[i].text, eo);
      for (const RubricItem* item : rubric.AllItems()) {
        if (item->kind != "llm") continue;
        Range r = x.PartRange(item->part);
        items.push_back({item->check->JudgeCriterion(), std::string(x.doc.View(r)),
                         item->check->JudgeReference().empty() ? ReferenceFor(key.key, item->part)
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

  // Grade in parallel; results land in input order.
  const std::string journal_path = (dir / ".journal.jsonl").string();
  std::ofstream journal(journal_path, std::ios::app | std::ios::binary);
  journal.seekp(0, std::ios::end);
  std::mutex journal_mu;
  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    while (true) {
      size_t k = next.fetch_add(1);
      if (k >= pending.size()) return;
      size_t i = pending[k];
      const Submission& s = subs[i];
      const KeyEntry& key = keys[ParamKey(s, o)];
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
      Record r = BaseRecord(s);
      r["file_id"] = file_ids[i];
      try {
        Result res = GradeText(rubric, key.key, s.text, go);
        r["content_hash"] = ContentHash(s.text);
        r["fingerprint"] = fingerprints[i];
        r["status"] = "graded";
        r["score"] = JsonNumber(res.score);
        r["max"] = JsonNumber(res.max);
        r["normalized"] = JsonNumber(res.normalized);
        r["scored_max"] = JsonNumber(res.scored_max);
        r["unscored"] = res.unscored;
        r["result"] = ResultToJson(res);
        if (!go.overrides.empty()) {
          ojson list = ojson::array();
          for (const Override& ov2 : go.overrides)
            list.push_back({{"item", ov2.item_id}, {"credit", JsonNumber(ov2.credit)}, {"comment", ov2.comment}});
          r["overrides"] = list;
        }
        r["versions"] = {{"rubric", rubric.version}, {"key", key.version}, {"grader", GraderVersion()}};
      } catch (const std::exception& e) {
        r["status"] = "error";
        r["error"] = std::string("internal error while grading: ") + e.what();
      }
      std::string line = r.dump();
      {
        std::lock_guard<std::mutex> lock(journal_mu);
        where[i] = {journal_path, journal.tellp()};
        lengths[i] = line.size();
        journal << line << "\n";
        journal.flush();
      }
      try {
        write_student_files(r, i);
      } catch (const Error& e) {
        std::lock_guard<std::mutex> lock(journal_mu);
        report.notes.push_back(e.what());
      }
      records[i] = Slim(r);
      std::string().swap(subs[i].text);  // graded: free the response
      done.fetch_add(1);
    }
  };
  int jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<int>(jobs, std::max<size_t>(1, pending.size()));
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);
  bool tty = !o.quiet && isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  if (tty) {
    while (done.load() < pending.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      size_t d = done.load();
      double rate = secs > 0 ? d / secs : 0;
      double eta = rate > 0 ? (pending.size() - d) / rate : 0;
      std::fprintf(stderr, "\rgrading %zu/%zu  %.0f/s  ETA %.0fs   ", d, pending.size(), rate, eta);
    }
    std::fprintf(stderr, "\r%60s\r", "");
  }
  for (std::thread& t : threads) t.join();
  journal.close();

  // The shared outputs, each written atomically; results.jsonl is streamed
  // from the journal and the earlier run's files, in input order.
  for (const Record& r : records) {
    if (r.value("status", "") == "graded") {
      ++report.graded;
      report.unscored_items += r.value("unscored", 0);
    } else {
      ++report.errors;
    }
  }
  {
    AtomicFileWriter results((dir / "results.jsonl").string());
    for (size_t i = 0; i < records.size(); ++i) {
      results.Write(lengths[i] > 0 ? ReadAt(where[i].first, where[i].second, lengths[i]) : inline_lines[i]);
      results.Write("\n");
    }
    results.Commit();
  }
  for (size_t i = 0; i < records.size(); ++i)
    if (!inline_lines[i].empty()) write_student_files(records[i], i);
  WriteFileAtomic((dir / "grades.csv").string(), GradesCsv(records, summary));
  BatchSummary stats = Summarize(records, summary);  // once, for both pages
  WriteFileAtomic((dir / "summary.md").string(), SummaryMarkdown(stats));
  WriteFileAtomic((dir / "summary.html").string(), SummaryHtml(stats));
  WriteFileAtomic((dir / "run.json").string(), OptionsToJson(o).dump(2) + "\n");
  std::error_code ec;
  fs::remove(journal_path, ec);
  report.records = std::move(records);
  return report;
}

}  // namespace grader
