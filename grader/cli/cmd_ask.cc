// `grader ask`: send problems to models over an OpenAI-compatible endpoint
// and write their answers as JSONL for `grader grade`.
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "grader/base/atomic_file.h"
#include "grader/base/read_file.h"
#include "grader/cli/command.h"
#include "grader/llm/ask.h"
#include "grader/llm/client.h"
#include "grader/base/error.h"

namespace grader {
namespace {

struct AskCommandOptions {
  AskOptions ask;
  bool all = false;
  std::string problems_dir;
  std::string system_file;
  std::string parts = "whole";
  int concurrency = 8;
  long rpm = 0, tpm = 0;
  double timeout_s = 120;
  double total_timeout_s = 0;
  int attempts = 4;
  bool no_cache = false;
  std::string cache_dir = ".grader-cache";
  std::string out;
};


int RunAsk(AskCommandOptions o) {
  if (o.ask.endpoint.empty()) {
    throw Error("grader ask needs --endpoint URL (an OpenAI-compatible chat-completions endpoint)");
  }
  if (o.ask.models.empty()) throw Error("grader ask needs at least one --model");
  if (o.out.empty()) throw Error("grader ask needs --out FILE");
  if (o.all == !o.ask.problems.empty()) throw Error("name problems with --problem or give --all");
  if (o.concurrency < 1) throw Error("--concurrency must be at least 1");
  if (o.attempts < 1) throw Error("--attempts must be at least 1");
  if (!(o.timeout_s > 0)) throw Error("--timeout must be positive");
  o.ask.each_part = o.parts == "each";
  if (!o.system_file.empty()) o.ask.system_prompt = ReadFileOrThrow(o.system_file, "system prompt");

  ProblemSet loaded;
  if (!o.problems_dir.empty()) loaded = LoadProblemDir(o.problems_dir);
  const ProblemSet& set = o.problems_dir.empty() ? BuiltinProblems() : loaded;
  if (o.all) {
    for (const Problem& p : set.problems()) o.ask.problems.push_back(p.id);
  }
  std::vector<AskJob> jobs = PlanAsk(o.ask, set);

  ClientOptions client;
  client.concurrency = o.concurrency;
  client.requests_per_minute = o.rpm;
  client.tokens_per_minute = o.tpm;
  client.request_timeout_ms = std::lround(o.timeout_s * 1000);
  client.total_timeout_ms = std::lround(o.total_timeout_s * 1000);
  client.max_attempts = o.attempts;
  client.cache_dir = o.cache_dir;
  client.use_cache = !o.no_cache;

  std::vector<ChatRequest> requests;
  for (const AskJob& job : jobs) requests.push_back(job.request);
  bool tty = isatty(STDERR_FILENO) == 1;
  ProgressCallback progress;
  if (tty) {
    progress = [](const BatchProgress& p) {
      std::cerr << "\rask: " << p.done << "/" << p.total << " done, " << p.failed << " failed, " << p.cache_hits
                << " cached, " << p.http_requests << " HTTP requests" << std::flush;
    };
  }
  std::vector<ChatResponse> replies = RunChatBatch(requests, client, progress);
  if (tty) std::cerr << "\n";

  std::string text;
  for (size_t i = 0; i < jobs.size(); ++i) {
    text += AnswerLine(jobs[i], o.ask.sets, replies[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += "\n";
    if (!replies[i].ok()) std::cerr << "grader: warning: " << jobs[i].id << ": " << replies[i].error << "\n";
  }
  WriteFileAtomic(o.out, text);
  UsageSummary usage = SummarizeUsage(replies);
  std::cout << "wrote " << o.out << ": " << jobs.size() << (jobs.size() == 1 ? " answer" : " answers") << " from " << o.ask.models.size()
            << (o.ask.models.size() == 1 ? " model" : " models") << "\n"
            << "usage: " << FormatUsage(usage) << "\n";
  if (!jobs.empty() && usage.failed == jobs.size()) {
    std::cerr << "grader: error: every request failed\n";
    return kExitFailure;
  }
  return kExitOk;
}

std::function<int()> SetupAsk(CLI::App* app) {
  auto o = std::make_shared<AskCommandOptions>();
  app->add_option("--problem", o->ask.problems, "problem id (repeatable; see 'grader problems')");
  app->add_flag("--all", o->all, "ask every problem");
  app->add_option("--problems", o->problems_dir, "load problem definitions from DIR instead of the built-in ones")
      ->type_name("DIR");
  app->add_option("--variant", o->ask.variant, "parameters of variant N (0 = defaults)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--set", o->ask.sets, "override a parameter, NAME=VALUE (repeatable)")->type_name("NAME=VALUE");
  app->add_option("--endpoint", o->ask.endpoint, "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1")
      ->type_name("URL");
  app->add_option("--model", o->ask.models, "model name (repeatable: one comparison column each)");
  app->add_option("--samples", o->ask.samples, "answers per prompt (default 1)")->check(CLI::PositiveNumber);
  app->add_option("--temperature", o->ask.temperature, "sampling temperature (default 0)");
  app->add_option("--max-tokens", o->ask.max_tokens, "completion token limit (default: the server's)");
  app->add_option("--seed", o->ask.seed, "send \"seed\": SEED + sample index, for reproducible samples");
  app->add_option("--system", o->system_file, "system prompt from FILE")->type_name("FILE");
  app->add_option("--parts", o->parts, "whole: one request per problem; each: one per part (default whole)")
      ->check(CLI::IsMember({"whole", "each"}));
  app->add_option("--concurrency", o->concurrency, "requests in flight at once (default 8)");
  app->add_option("--rpm", o->rpm, "at most N requests per minute to each endpoint, evenly spaced (default: no limit)")
      ->check(CLI::NonNegativeNumber)->type_name("N");
  app->add_option("--tpm", o->tpm, "at most N tokens per minute to each endpoint (prompt bytes/4 + max tokens, corrected by the reply's usage; default: no limit)")
      ->check(CLI::NonNegativeNumber)->type_name("N");
  app->add_option("--timeout", o->timeout_s, "seconds per attempt (default 120)");
  app->add_option("--total-timeout", o->total_timeout_s, "seconds for the whole run (default: none)");
  app->add_option("--attempts", o->attempts, "attempts per request, the first included (default 4)");
  app->add_flag("--no-cache", o->no_cache, "neither read nor write the reply cache");
  app->add_option("--cache", o->cache_dir, "reply cache folder (default .grader-cache)")->type_name("DIR");
  app->add_option("--out", o->out, "answers file to write (JSONL, one answer per line)")->type_name("FILE");
  app->footer(
      "The API key is read from GRADER_API_KEY, else OPENAI_API_KEY; it is sent only in the\n"
      "Authorization header and never written anywhere.\n\n"
      "Examples:\n"
      "  grader ask --problem myt-params --endpoint http://127.0.0.1:8000/v1 --model m --out answers.jsonl\n"
      "  grader ask --all --variant 3 --endpoint $URL --model a --model b --samples 4 --temperature 0.7 \\\n"
      "      --parts each --out answers.jsonl");
  return [o] { return RunAsk(*o); };
}

const CommandRegistration kAsk({"ask", "send problems to LLMs and collect their answers as JSONL", SetupAsk});

}  // namespace
}  // namespace grader
