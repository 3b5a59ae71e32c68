// `grader grade`: grade one response and print the result, or a batch of
// submissions into an output folder; `grader regrade DIR`: grade a folder's
// batch again after a rubric or key change and say what moved.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "grader/batch/batch.h"
#include "grader/batch/input_form.h"
#include "grader/batch/shard.h"
#include "grader/cli/command.h"
#include "grader/rubric/grade.h"
#include "grader/base/error.h"
#include "reports/report_format.h"
#include "reports/report_record.h"
#include "reports/result_json.h"
#include "reports/result_text.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

struct GradeArgs {
  BatchOptions batch;
  bool json = false;
  bool student_view = false;
  bool no_cache = false;
  std::string cache_dir = ".grader-cache";
  std::string shard;  // --shard K/N as given
  CLI::Option* shard_option = nullptr;
};

// Reads one response, up to the size limit (CheckText then refuses it).
std::string ReadInput(const std::string& path, size_t max_bytes) {
  if (path == "-") return ReadAtMost(std::cin, max_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read '" + path + "'");
  return ReadAtMost(in, max_bytes);
}

int RunGrade(GradeArgs& a) {
  BatchOptions& o = a.batch;
  o.client.cache_dir = a.cache_dir;
  o.client.use_cache = !a.no_cache;
  if (!o.feedback.empty()) ParseFeedbackKinds(o.feedback);  // refused before anything is read
  if (a.shard_option && a.shard_option->count() > 0) {
    o.shard = ParseShard(a.shard);
    if (o.out_dir.empty()) throw Error("--shard " + a.shard + " grades a slice of a batch into a folder: give --out DIR");
  }
  bool single = o.out_dir.empty() && o.inputs.size() == 1 && InputFormFor(o.inputs[0]).single_response();
  if (!single) {
    if (o.out_dir.empty()) throw Error("grading several submissions needs --out DIR");
    BatchReport r = RunBatch(o);
    PrintBatchReport(r, o.out_dir);
    return r.errors > 0 ? kExitFailure : kExitOk;  // 1: some submission could not be graded
  }
  LoadedRubric loaded = LoadRubricWithProblems(o.rubric_path, o.problems_dir);
  const Rubric& rubric = loaded.rubric;
  AnswerKey key = loaded.problem ? BuildKey(*loaded.problem, KeyRequest{o.variant, o.sets}) : KeylessKey(rubric);
  std::string text = ReadInput(o.inputs[0], o.input.max_bytes);
  std::string why = CheckText(text, o.input.max_bytes);
  if (!why.empty()) throw Error(o.inputs[0] + ": " + why, kExitFailure);
  Result r = GradeText(rubric, key, text);
  std::cout << (a.json ? ResultToJson(r, !a.student_view).dump(2) + "\n" : ResultToText(r, !a.student_view));
  return kExitOk;
}

std::function<int()> SetupGrade(CLI::App* app) {
  auto a = std::make_shared<GradeArgs>();
  BatchOptions& o = a->batch;
  app->add_option("--rubric", o.rubric_path, "rubric file (rubrics/*.json)")->required();
  app->add_option("inputs", o.inputs,
                  "a response file, a folder of submissions (one file or sub-folder per student), a JSONL file "
                  "(id, response[, model, problem, variant, params]), or - for standard input")
      ->required();
  app->add_option("--problems", o.problems_dir,
                  "load problem definitions from DIR instead of the built-in ones (default: the built-in ones, "
                  "then problems/ beside the rubric's folder)")
      ->type_name("DIR");
  app->add_option("--out", o.out_dir, "write results.jsonl, grades.csv, feedback/, summary.html here")->type_name("DIR");
  app->add_flag("--json", a->json, "print one response's result as JSON");
  app->add_flag("--student", a->student_view, "hide staff-only items (one response)");
  app->add_option("--set", o.sets, "grade against the key with this parameter, NAME=VALUE (repeatable)");
  app->add_option("--variant", o.variant, "grade against the key of this variant")->check(CLI::NonNegativeNumber);
  app->add_option("--roster", o.roster, "CSV of id[,variant][,PARAM...]: each student's own parameters");
  app->add_option("--overrides", o.overrides, "CSV of id,check,credit[,comment]: human decisions on top");
  app->add_option("-j,--jobs", o.jobs, "parallel workers (default: every core)");
  app->add_flag("-q,--quiet", o.quiet, "no progress line");
  app->add_flag("--gradescope", o.gradescope, "also write gradescope/<id>/results.json");
  app->add_option("--feedback", o.feedback,
                  "which per-student pages to write: a comma-separated list of md (feedback/<id>.md), html "
                  "(feedback/<id>.html) and staff (staff/<id>.html), or all or none. Default: all for a batch of up "
                  "to 5,000 submissions (or a folder whose last run wrote them all), none for a larger one (a note "
                  "says so), so that a large class does not get three files per student unless asked")
      ->type_name("LIST");
  app->add_flag("--force", o.force, "regrade every submission, even unchanged ones");
  a->shard_option =
      app->add_option("--shard", a->shard,
                      "grade only the K-th of N slices (K from 0 to N-1), chosen by a hash of each id, into --out; "
                      "'grader merge' joins the N folders (K/N, e.g. $SLURM_ARRAY_TASK_ID/4 or $JOB_COMPLETION_INDEX/4)")
          ->type_name("K/N");
  app->add_option("--max-bytes", o.input.max_bytes, "largest submission accepted (default 1048576)")
      ->check(CLI::PositiveNumber);
  app->add_flag("--follow-symlinks", o.input.follow_symlinks,
                "read symbolic links in an input folder that lead outside it (default: such a link is an error row)");
  app->add_option("--judge-endpoint", o.judge.endpoint, "OpenAI-compatible endpoint that judges llm items")->type_name("URL");
  app->add_option("--judge-model", o.judge.model, "the judge model");
  app->add_option("--judge-samples", o.judge.samples, "ask the judge K times; the majority decides")->check(CLI::PositiveNumber);
  app->add_option("--concurrency", o.client.concurrency, "judge requests in flight (default 8)")->check(CLI::PositiveNumber);
  app->add_option("--judge-rpm", o.client.requests_per_minute, "at most N judge requests per minute, evenly spaced (default: no limit)")
      ->check(CLI::NonNegativeNumber)->type_name("N");
  app->add_option("--judge-tpm", o.client.tokens_per_minute, "at most N judge tokens per minute (default: no limit)")
      ->check(CLI::NonNegativeNumber)->type_name("N");
  app->add_option("--cache", a->cache_dir, "judge reply cache (default .grader-cache)")->type_name("DIR");
  app->add_flag("--no-cache", a->no_cache, "do not read or write the judge cache");
  app->footer(
      "Examples:\n"
      "  grader grade --rubric rubrics/myt-params.json answer.md\n"
      "  grader grade --rubric rubrics/cs336-transformer-accounting.json submissions/ --out graded --gradescope\n"
      "  grader grade --rubric rubrics/eecs182-lora.json answers.jsonl --out graded --judge-endpoint URL --judge-model M\n"
      "  grader grade --rubric R.json submissions/ --out graded-1 --shard 1/4   # then: grader merge graded-* --out graded");
  return [a] { return RunGrade(*a); };
}

std::function<int()> SetupRegrade(CLI::App* app) {
  auto dir = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto problems = std::make_shared<std::string>();
  auto endpoint = std::make_shared<std::string>();
  app->add_option("dir", *dir, "an output folder of 'grader grade --out'")->required();
  app->add_option("--judge-endpoint", *endpoint,
                  "the judge endpoint, when its URL holds a password or key (run.json keeps it redacted)")
      ->type_name("URL");
  app->add_option("--problems", *problems, "load problem definitions from DIR (default: the folder the run used)")
      ->type_name("DIR");
  app->add_flag("-q,--quiet", *quiet, "no progress line");
  return [dir, quiet, problems, endpoint] {
    fs::path run = fs::path(*dir) / "run.json";
    std::ifstream in(run);
    if (!in) throw Error("'" + run.string() + "' not found: is '" + *dir + "' the output of 'grader grade --out'?");
    nlohmann::json j;
    try {
      in >> j;
    } catch (const std::exception& e) {
      throw Error(run.string() + ": " + e.what());
    }
    // Records are matched by id and by which of that id's records they are
    // (a duplicate id's second record is an error both times, not a change).
    using Key = std::pair<std::string, int>;
    std::map<Key, double> before;
    std::map<std::string, int> seen;
    std::ifstream old(fs::path(*dir) / "results.jsonl");
    std::string line;
    while (std::getline(old, line)) {
      try {
        auto r = nlohmann::json::parse(line);
        std::string id = r.at("id").get<std::string>();
        int nth = seen[id]++;
        if (ParseRecordStatus(r.value("status", "")) == RecordStatus::kGraded) before[{id, nth}] = r["score"].get<double>();
      } catch (const std::exception&) {
      }
    }
    BatchOptions o = OptionsFromJson(j);
    o.out_dir = *dir;
    if (!problems->empty()) o.problems_dir = *problems;
    if (!endpoint->empty()) {
      o.judge.endpoint = *endpoint;
    } else if (o.judge.endpoint.find("[redacted]") != std::string::npos) {
      throw Error(run.string() + ": the judge endpoint '" + o.judge.endpoint +
                  "' had a password or key, which is never stored; give it again with --judge-endpoint URL");
    }
    o.force = true;
    o.quiet = *quiet;
    o.keep_scores = true;  // compared below
    BatchReport r = RunBatch(o);
    size_t moved = 0;
    seen.clear();
    for (const BatchReport::Score& rec : r.scores) {
      auto it = before.find({rec.id, seen[rec.id]++});
      if (it == before.end() && rec.graded) {
        std::cout << rec.id << ": newly graded, " << rec.score << "\n";
        ++moved;
      } else if (it != before.end() && !rec.graded) {
        std::cout << rec.id << ": was " << it->second << ", now an error: " << rec.error << "\n";
        ++moved;
      } else if (it != before.end() && rec.score != it->second) {
        std::ostringstream line_out;
        line_out << rec.id << ": " << it->second << " -> " << rec.score << " (" << (rec.score > it->second ? "+" : "")
                 << rec.score - it->second << ")";
        std::cout << line_out.str() << "\n";
        ++moved;
      }
    }
    std::cout << moved << " of " << r.scores.size() << " submissions changed score\n";
    return static_cast<int>(kExitOk);
  };
}

const CommandRegistration kGrade({"grade", "grade a response, or a batch of submissions into a folder", SetupGrade});
const CommandRegistration kRegrade({"regrade", "grade a batch folder again and print whose score moved", SetupRegrade});

}  // namespace
}  // namespace grader
