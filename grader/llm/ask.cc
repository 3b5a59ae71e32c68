#include "grader/llm/ask.h"

#include <cmath>
#include <set>

#include "grader/base/error.h"
#include "reference/key.h"

namespace grader {

std::string AskPrompt(const std::string& statement, const std::vector<Part>& parts, const std::string& part_id) {
  std::string prompt = statement;
  for (const Part& part : parts) {
    if (!part_id.empty() && part.id != part_id) continue;
    if (!prompt.empty()) prompt += "\n\n";
    prompt += "(" + part.id + ") " + part.title;
    if (!part.statement.empty()) prompt += "\n" + part.statement;
  }
  return prompt;
}

std::vector<AskJob> PlanAsk(const AskOptions& options, const ProblemSet& problems) {
  if (options.samples < 1) throw Error("--samples must be at least 1, got " + std::to_string(options.samples));
  std::set<std::string> seen;
  for (const std::string& model : options.models) {
    if (model.empty()) throw Error("--model needs a name");
    if (!seen.insert(model).second) throw Error("model '" + model + "' is given twice");
  }
  // Build every key first: a bad problem or parameter stops the run before
  // any request is sent.
  struct Asked {
    std::string problem;
    std::vector<std::pair<std::string, std::string>> prompts;  // part ("whole" or id), user message
  };
  std::vector<Asked> asked;
  for (const std::string& id : options.problems) {
    const Problem& problem = problems.Get(id);
    AnswerKey key = BuildKey(problem, KeyRequest{options.variant, options.sets});
    Asked a{problem.id, {}};
    if (options.each_part && !key.parts.empty()) {
      for (const Part& part : key.parts) a.prompts.push_back({part.id, AskPrompt(key.statement, key.parts, part.id)});
    } else {
      a.prompts.push_back({"whole", AskPrompt(key.statement, key.parts, "")});
    }
    asked.push_back(std::move(a));
  }
  long variant = std::max(0L, options.variant);
  std::vector<AskJob> jobs;
  for (const std::string& model : options.models) {
    for (const Asked& a : asked) {
      for (const auto& [part, prompt] : a.prompts) {
        for (int s = 0; s < options.samples; ++s) {
          AskJob job;
          job.id = model + "/" + a.problem + "/v" + std::to_string(variant) + "/" + part + "/s" + std::to_string(s);
          job.model = model;
          job.problem = a.problem;
          job.variant = variant;
          job.part = part;
          job.sample = s;
          ChatRequest& r = job.request;
          r.endpoint = options.endpoint;
          r.model = model;
          if (!options.system_prompt.empty()) r.messages.push_back({"system", options.system_prompt});
          r.messages.push_back({"user", prompt});
          r.temperature = options.temperature;
          r.max_tokens = options.max_tokens;
          r.sample = s;
          if (options.seed >= 0) r.extra["seed"] = options.seed + s;
          jobs.push_back(std::move(job));
        }
      }
    }
  }
  return jobs;
}

nlohmann::ordered_json AnswerLine(const AskJob& job, const std::vector<std::string>& sets, const ChatResponse& reply) {
  nlohmann::ordered_json line = {
      {"id", job.id}, {"model", job.model}, {"problem", job.problem}, {"variant", job.variant}};
  if (!sets.empty()) line["set"] = sets;
  line["part"] = job.part;
  line["sample"] = job.sample;
  if (reply.ok()) {
    line["response"] = reply.content;
    line["finish_reason"] = reply.finish_reason;
  } else {
    line["error"] = reply.error;
  }
  line["latency_ms"] = std::round(reply.latency_ms * 10) / 10;
  line["usage"] = {{"prompt_tokens", reply.prompt_tokens}, {"completion_tokens", reply.completion_tokens}};
  line["attempts"] = reply.attempts;
  line["cached"] = reply.from_cache;
  return line;
}

}  // namespace grader
