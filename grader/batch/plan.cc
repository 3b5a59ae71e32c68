#include "grader/batch/plan.h"

#include <algorithm>
#include <unordered_set>

#include "grader/base/error.h"
#include "grader/base/suggest.h"
#include "grader/batch/input_form.h"
#include "grader/batch/shard.h"
#include "grader/rubric/grade.h"
#include "reference/problem.h"
#include "reports/file_names.h"

namespace grader {
namespace {

// The key a submission is graded with: the run's variant and --set, then
// its own (roster or JSONL) variant and parameters.
KeyRequest RequestFor(const Submission& s, const BatchOptions& o) {
  KeyRequest request{s.variant ? *s.variant : o.variant, o.sets};
  for (const auto& [name, value] : s.params) request.sets.push_back(name + "=" + value);
  return request;
}

// The request as a map key: submissions with the same one share a key.
std::string RequestKey(const KeyRequest& r) {
  std::string k = "v" + std::to_string(r.variant);
  for (const std::string& set : r.sets) k += "|" + set;
  return k;
}

KeyEntry MakeKey(const Problem& problem, const KeyRequest& request) {
  KeyEntry e;
  try {
    e.key = BuildKey(problem, request);
    e.version = KeyVersion(e.key);
    e.extract = GradingExtractOptions(e.key);
  } catch (const Error& err) {
    e.error = std::string("parameters: ") + err.what();
  }
  return e;
}

}  // namespace

BatchPlan PlanBatch(const BatchOptions& o) {
  BatchPlan plan;
  LoadedRubric loaded = LoadRubricWithProblems(o.rubric_path, o.problems_dir);
  plan.rubric = std::move(loaded.rubric);
  plan.problems = loaded.problems;
  const Problem* problem = loaded.problem;  // null: a rubric without a key
  plan.judging = !o.judge.endpoint.empty();
  plan.input = o.input;
  // Responses are read by the workers, one at a time, so memory does not
  // grow with the batch; the judge needs them all up front.
  plan.input.defer = !plan.judging;
  SubmissionTable& subs = plan.subs;
  subs = CollectSubmissionTable(o.inputs, plan.input, &plan.skipped);
  // A JSONL file may hold answers to several problems (grader ask --all):
  // grade those of this rubric's problem and leave the others out.
  std::map<std::string, size_t> other_problems;
  const std::string& own = plan.rubric.problem;
  subs.KeepIf([&](size_t i) {
    std::string_view problem = subs.problem(i);
    if (problem.empty() || problem == own) return true;
    ++other_problems[std::string(problem)];
    return false;
  });
  for (const auto& [p, n] : other_problems)
    plan.notes.push_back(std::to_string(n) + " submission" + (n == 1 ? " is" : "s are") + " for problem '" + p +
                         "', not this rubric's; left out");
  if (!o.roster.empty()) {
    std::vector<std::string> columns;
    if (problem)
      for (const Parameter& p : problem->parameters) columns.push_back(p.spec.name);
    ApplyRoster(o.roster, &subs, &plan.notes, &columns);
  }
  if (!o.overrides.empty()) {
    // A decision about a submission or an item that does not exist is a typo:
    // refused, never dropped.
    std::vector<std::string> items;
    for (const RubricItem* item : plan.rubric.AllItems()) items.push_back(item->id);
    // Only the ids the overrides name are looked for: a set of every id
    // would cost memory per submission.
    const std::vector<OverrideRow> rows = LoadOverrides(o.overrides);
    std::unordered_set<std::string> ids;  // named by a row and submitted
    {
      std::unordered_set<std::string> named;
      for (const OverrideRow& row : rows) named.insert(row.id);
      for (size_t i = 0; i < subs.size(); ++i)
        if (auto it = named.find(std::string(subs.id(i))); it != named.end()) ids.insert(*it);
    }
    for (const OverrideRow& row : rows) {
      const std::string where = o.overrides + ":" + std::to_string(row.line) + ": ";
      if (std::find(items.begin(), items.end(), row.check) == items.end()) {
        std::string hint = ClosestName(row.check, items);
        throw Error(where + "no rubric item '" + PathText(row.check) + "' in " + o.rubric_path +
                    (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      if (!ids.count(row.id)) {
        std::vector<std::string> all;
        for (size_t i = 0; i < subs.size(); ++i) all.emplace_back(subs.id(i));
        all.erase(std::unique((std::sort(all.begin(), all.end()), all.begin()), all.end()), all.end());
        std::sort(all.begin(), all.end());
        std::string hint = ClosestName(row.id, all);
        throw Error(where + "no submission with id '" + PathText(row.id) + "'" +
                    (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      plan.overrides[row.id].push_back({row.check, *ParseExact(row.credit), row.comment});
      plan.override_text[row.id] += row.check + "=" + row.credit + ":" + row.comment + ";";
    }
  }

  // File ids are fixed before grading so that every record (and the
  // journal) carries its final form; from the whole plan's ids, so that a
  // shard names its files as a single run does.
  plan.renamed_file_ids = SafeFileIdChanges(subs.size(), [&](size_t i) { return subs.id(i); }, &plan.notes);
  // --shard K/N: keep this shard's slice; keys are built for it only.
  if (o.shard.active()) SliceToShard(&plan, o, problem);

  // Keys, once per distinct parameter set.
  const size_t n = subs.size();
  std::map<std::string, int> key_by_params;
  plan.key_index.assign(n, -1);
  // A compact submission has no variant or parameters of its own: the run's
  // request, whose key is found once.
  const KeyRequest run_request = RequestFor(Submission(), o);
  const std::string run_request_key = RequestKey(run_request);
  for (size_t i = 0; i < n; ++i) {
    const bool compact = subs.compact(i);
    if (!compact && !subs.error(i).empty()) continue;
    KeyRequest request = compact ? run_request : RequestFor(subs.Full(i), o);
    auto [it, fresh] = key_by_params.emplace(compact ? run_request_key : RequestKey(request), static_cast<int>(plan.keys.size()));
    if (fresh) {
      if (problem) {
        plan.keys.push_back(MakeKey(*problem, request));
      } else {
        KeyEntry e;
        e.key = KeylessKey(plan.rubric);
        e.version = KeyVersion(e.key);
        e.extract = GradingExtractOptions(e.key);
        plan.keys.push_back(std::move(e));
      }
    }
    const KeyEntry& key = plan.keys[static_cast<size_t>(it->second)];
    if (!key.error.empty()) subs.Full(i).error = key.error;
    plan.key_index[i] = it->second;
  }

  plan.summary = SummariseRubric(plan.rubric);
  return plan;
}

std::string BatchPlan::FileId(size_t i) const {
  auto it = std::lower_bound(renamed_file_ids.begin(), renamed_file_ids.end(), i,
                             [](const std::pair<size_t, std::string>& r, size_t k) { return r.first < k; });
  if (it != renamed_file_ids.end() && it->first == i) return it->second;
  return std::string(subs.id(i));
}

}  // namespace grader
