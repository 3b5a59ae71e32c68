// Collecting answers from models: the requests `grader ask` sends and the
// JSONL lines it writes, which `grader grade` reads back.
//
// Every (model, problem, part, sample) is one request. The prompt is the
// problem's statement with the parameters of the chosen variant filled in,
// followed by every part ("whole") or by the one part asked ("each"). Ids
// are deterministic, so reruns line up and the cache can resume:
//
//   <model>/<problem>/v<variant>/<part or "whole">/s<sample>
//
//   AskOptions o;
//   o.problems = {"myt-params"};
//   o.models = {"m1", "m2"};
//   o.endpoint = "http://127.0.0.1:8000/v1";
//   o.samples = 2;
//   std::vector<AskJob> jobs = PlanAsk(o, BuiltinProblems());   // 4 jobs
//   jobs[0].id == "m1/myt-params/v0/whole/s0"
#ifndef GRADER_LLM_ASK_H_
#define GRADER_LLM_ASK_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grader/llm/chat.h"
#include "reference/problem.h"

namespace grader {

struct AskOptions {
  std::vector<std::string> problems;  // problem ids, in order
  long variant = -1;                  // -1: the defaults (reported as variant 0)
  std::vector<std::string> sets;      // NAME=VALUE overrides, applied to every problem
  std::string endpoint;
  std::vector<std::string> models;    // in order; no duplicates
  int samples = 1;
  double temperature = 0.0;
  int max_tokens = 0;                 // 0: the server's default
  long seed = -1;                     // >= 0: send "seed": seed + sample
  std::string system_prompt;          // "": no system message
  bool each_part = false;             // false: the whole problem in one request
};

// One request and what its answer line says about it.
struct AskJob {
  std::string id;
  std::string model;
  std::string problem;
  long variant = 0;
  std::string part;  // a part id, or "whole"
  int sample = 0;
  ChatRequest request;
};

// Returns the jobs of `options`, ordered by model, problem, part, sample.
// Throws grader::Error for an unknown problem or parameter, a bad --set
// value, duplicate models, or samples < 1.
std::vector<AskJob> PlanAsk(const AskOptions& options, const ProblemSet& problems);

// Returns the user message for one problem: the statement, then each part
// as "(id) title\nstatement", or only part `part_id` when it is not empty.
std::string AskPrompt(const std::string& statement, const std::vector<Part>& parts, const std::string& part_id);

// Returns the answer line of `job`: id, model, problem, variant, [set],
// part, sample, then either response and finish_reason or error, then
// latency_ms, usage {prompt_tokens, completion_tokens}, attempts, cached.
nlohmann::ordered_json AnswerLine(const AskJob& job, const std::vector<std::string>& sets, const ChatResponse& reply);

}  // namespace grader

#endif  // GRADER_LLM_ASK_H_
