// Planning `grader ask`: ids, prompts and the answer lines, without a server.
#include "grader/llm/ask.h"

#include <catch2/catch.hpp>

#include "grader/base/error.h"

namespace grader {
namespace {

AskOptions Options() {
  AskOptions o;
  o.problems = {"myt-params", "eecs182-lora"};
  o.models = {"m1", "m2"};
  o.endpoint = "http://127.0.0.1:9/v1";
  o.samples = 2;
  return o;
}

TEST_CASE("PlanAsk orders jobs by model, problem, part, sample with deterministic ids", "[llm][ask]") {
  std::vector<AskJob> jobs = PlanAsk(Options(), BuiltinProblems());
  std::vector<std::string> ids;
  for (const AskJob& j : jobs) ids.push_back(j.id);
  CHECK(ids == std::vector<std::string>{
                   "m1/myt-params/v0/whole/s0", "m1/myt-params/v0/whole/s1", "m1/eecs182-lora/v0/whole/s0",
                   "m1/eecs182-lora/v0/whole/s1", "m2/myt-params/v0/whole/s0", "m2/myt-params/v0/whole/s1",
                   "m2/eecs182-lora/v0/whole/s0", "m2/eecs182-lora/v0/whole/s1"});
  const AskJob& j = jobs[3];
  CHECK(j.model == "m1");
  CHECK(j.problem == "eecs182-lora");
  CHECK(j.variant == 0);
  CHECK(j.part == "whole");
  CHECK(j.sample == 1);
  CHECK(j.request.model == "m1");
  CHECK(j.request.endpoint == "http://127.0.0.1:9/v1");
  CHECK(j.request.sample == 1);
  CHECK(j.request.temperature == 0.0);
  CHECK(j.request.extra == nlohmann::json::object());
  REQUIRE(j.request.messages.size() == 1);
  CHECK(j.request.messages[0].role == "user");
  // The whole problem: every part follows the statement, parameters filled in.
  const std::string& prompt = jobs[0].request.messages[0].content;
  CHECK(prompt.rfind("MyT is a decoder transformer with L = 57 blocks", 0) == 0);
  CHECK(prompt.find("{num_layers}") == std::string::npos);
  CHECK(prompt.find("\n\n(a) The largest component and its size\nName the component with the most parameters and count "
                    "them.") != std::string::npos);
  CHECK(jobs[2].request.messages[0].content.find("\n\n(d) ") != std::string::npos);
}

TEST_CASE("PlanAsk: --parts each, --variant, --set, --system and --seed", "[llm][ask]") {
  AskOptions o = Options();
  o.models = {"m"};
  o.samples = 1;
  o.each_part = true;
  o.variant = 3;
  o.system_prompt = "Show your work.";
  o.seed = 100;
  o.temperature = 0.7;
  o.max_tokens = 256;
  std::vector<AskJob> jobs = PlanAsk(o, BuiltinProblems());
  REQUIRE(jobs.size() == 5);  // myt-params has one part, eecs182-lora four
  CHECK(jobs[0].id == "m/myt-params/v3/a/s0");
  CHECK(jobs[4].id == "m/eecs182-lora/v3/d/s0");
  const ChatRequest& r = jobs[2].request;
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].role == "system");
  CHECK(r.messages[0].content == "Show your work.");
  CHECK(r.messages[1].content.find("\n\n(b) ") != std::string::npos);
  CHECK(r.messages[1].content.find("\n\n(a) ") == std::string::npos);
  CHECK(r.messages[1].content.find("\n\n(c) ") == std::string::npos);
  CHECK(r.extra == nlohmann::json{{"seed", 100}});
  CHECK(r.temperature == 0.7);
  CHECK(r.max_tokens == 256);

  // A variant's parameters reach the prompt; --set overrides them.
  AskOptions v = Options();
  v.problems = {"myt-params"};
  v.models = {"m"};
  v.samples = 1;
  v.sets = {"num_layers=12"};
  CHECK(PlanAsk(v, BuiltinProblems())[0].request.messages[0].content.rfind(
            "MyT is a decoder transformer with L = 12 blocks", 0) == 0);
}

TEST_CASE("PlanAsk rejects bad input before anything is sent", "[llm][ask]") {
  struct Case {
    void (*change)(AskOptions*);
    std::string error;
  };
  const Case cases[] = {
      {[](AskOptions* o) { o->problems = {"nope"}; }, "unknown problem 'nope' (run 'grader problems' for the list)"},
      {[](AskOptions* o) { o->models = {"a", "b", "a"}; }, "model 'a' is given twice"},
      {[](AskOptions* o) { o->samples = 0; }, "--samples must be at least 1, got 0"},
      {[](AskOptions* o) { o->sets = {"depth=3"}; }, "problem 'myt-params' has no parameter 'depth'"},
  };
  for (const Case& c : cases) {
    AskOptions o = Options();
    c.change(&o);
    try {
      PlanAsk(o, BuiltinProblems());
      FAIL("no error for: " << c.error);
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == c.error);
    }
  }
}

TEST_CASE("AnswerLine: a response or an error, with usage and provenance", "[llm][ask]") {
  AskJob job;
  job.id = "m/myt-params/v0/whole/s1";
  job.model = "m";
  job.problem = "myt-params";
  job.part = "whole";
  job.sample = 1;
  ChatResponse ok;
  ok.content = "The FFN.";
  ok.finish_reason = "stop";
  ok.prompt_tokens = 10;
  ok.completion_tokens = 3;
  ok.latency_ms = 12.345;
  ok.attempts = 2;
  CHECK(AnswerLine(job, {}, ok).dump() ==
        R"({"id":"m/myt-params/v0/whole/s1","model":"m","problem":"myt-params","variant":0,"part":"whole","sample":1,)"
        R"("response":"The FFN.","finish_reason":"stop","latency_ms":12.3,"usage":{"prompt_tokens":10,)"
        R"("completion_tokens":3},"attempts":2,"cached":false})");
  ChatResponse failed;
  failed.error = "model m: HTTP 500 after 4 attempts";
  failed.attempts = 4;
  CHECK(AnswerLine(job, {"num_layers=12"}, failed).dump() ==
        R"({"id":"m/myt-params/v0/whole/s1","model":"m","problem":"myt-params","variant":0,"set":["num_layers=12"],)"
        R"("part":"whole","sample":1,"error":"model m: HTTP 500 after 4 attempts","latency_ms":0.0,)"
        R"("usage":{"prompt_tokens":0,"completion_tokens":0},"attempts":4,"cached":false})");
}

}  // namespace
}  // namespace grader
