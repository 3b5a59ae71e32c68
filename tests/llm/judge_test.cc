// The LLM judge: reading replies, checking quotes, re-asking, majorities,
// against the loopback fixture server.
#include "grader/llm/judge.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/llm/llm_fixture.h"

namespace grader {
namespace {

using testing::LlmFixtureServer;

TEST_CASE("ParseJudgeReply reads the first JSON object, fenced or followed by prose", "[llm][judge]") {
  struct Case {
    std::string text;
    std::string error;
    bool met;
    std::string evidence, explanation;
  };
  const Case cases[] = {
      {R"({"met": true, "evidence": "FFN", "explanation": "says so"})", "", true, "FFN", "says so"},
      {"```json\n{\"met\": false, \"evidence\": \"\", \"explanation\": \"no\"}\n```\nHope this {helps}.", "", false, "",
       "no"},
      {"Verdict: {\"met\": true, \"evidence\": \"a {b} \\\"c\\\"\", \"explanation\": \"x\"} done", "", true,
       "a {b} \"c\"", "x"},
      {"{not json} but {\"met\": true, \"evidence\": \"q\"}", "", true, "q", ""},
      {R"({"met": true, "evidence": "q", "explanation": "e", "confidence": 0.9})", "", true, "q", "e"},
      {"no json at all", "reply has no JSON object", false, "", ""},
      {"{\"met\": true, \"evidence\": \"never closed\"", "reply has no JSON object", false, "", ""},
      {"[1, 2]", "reply has no JSON object", false, "", ""},
      {R"({"met": "yes", "evidence": "q"})", "\"met\" must be true or false", false, "", ""},
      {R"({"evidence": "q"})", "\"met\" must be true or false", false, "", ""},
      {R"({"met": true, "explanation": "e"})", "no \"evidence\" quote", false, "", ""},
      {R"({"met": true, "evidence": 3})", "no \"evidence\" quote", false, "", ""},
      {R"({"met": true, "evidence": "q", "explanation": 5})", "\"explanation\" must be a string", false, "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    JudgeReply reply;
    CHECK(ParseJudgeReply(c.text, &reply) == c.error);
    CHECK(reply.met == c.met);
    CHECK(reply.evidence == c.evidence);
    CHECK(reply.explanation == c.explanation);
  }
}

TEST_CASE("FindQuote matches verbatim up to whitespace and returns the original bytes' span", "[llm][judge]") {
  const std::string response = "The FFN  holds\nmost of the parameters.\nAttention: 4d^2 per block.";
  struct Case {
    std::string quote;
    bool found;
    size_t begin, end;
    std::string quoted;
    int line, col, end_line;
  };
  const Case cases[] = {
      {"FFN holds most", true, 4, 19, "FFN  holds\nmost", 1, 5, 2},
      {"  holds most\n", true, 9, 19, "holds\nmost", 1, 10, 2},
      {"Attention: 4d^2", true, 39, 54, "Attention: 4d^2", 3, 1, 3},
      {"parameters. Attention:", true, 27, 49, "parameters.\nAttention:", 2, 13, 3},
      {"ffn holds most", false, 0, 0, "", 0, 0, 0},  // case matters
      {"FFN holds all", false, 0, 0, "", 0, 0, 0},
      {"   ", false, 0, 0, "", 0, 0, 0},
      {"", false, 0, 0, "", 0, 0, 0},
  };
  for (const Case& c : cases) {
    INFO("quote '" << c.quote << "'");
    std::optional<Span> span = FindQuote(response, c.quote);
    REQUIRE(span.has_value() == c.found);
    if (!c.found) continue;
    CHECK(span->begin == c.begin);
    CHECK(span->end == c.end);
    CHECK(std::string(span->Quote(response)) == c.quoted);
    CHECK(span->line == c.line);
    CHECK(span->col == c.col);
    CHECK(span->end_line == c.end_line);
  }
}

TEST_CASE("CheckJudgeReply: met needs a quote from the response, not met may have none", "[llm][judge]") {
  const std::string response = "Most parameters are in the feed-forward blocks.";
  struct Case {
    JudgeReply reply;
    std::string error;
    bool has_span;
  };
  const Case cases[] = {
      {{true, "feed-forward blocks", "x"}, "", true},
      {{true, "", "x"}, "no \"evidence\" quote", false},
      {{true, "  ", "x"}, "no \"evidence\" quote", false},
      {{true, "attention blocks", "x"}, "the \"evidence\" quote is not in the response", false},
      {{false, "", "nothing relevant"}, "", false},
      {{false, "Most parameters", "wrong part"}, "", true},
      {{false, "embeddings", "x"}, "the \"evidence\" quote is not in the response", false},
  };
  for (const Case& c : cases) {
    INFO(c.reply.met << " '" << c.reply.evidence << "'");
    std::optional<Span> span;
    CHECK(CheckJudgeReply(c.reply, response, &span) == c.error);
    CHECK(span.has_value() == c.has_span);
  }
}

TEST_CASE("JudgePrompt shows the criterion, the reference and the response", "[llm][judge]") {
  JudgeOptions o;
  std::vector<ChatMessage> messages = JudgePrompt({"Names the FFN.", "The FFN dominates.", "feed-forward blocks"}, o);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].role == "system");
  CHECK(messages[0].content == JudgeSystemPrompt());
  CHECK(messages[0].content.find("Reply with only one JSON object") != std::string::npos);
  CHECK(messages[1].role == "user");
  CHECK(messages[1].content ==
        "<criterion>\nNames the FFN.\n</criterion>\n\n<reference>\nfeed-forward blocks\n</reference>\n\n"
        "<response>\nThe FFN dominates.\n</response>");
  o.system_prompt = "custom";
  CHECK(JudgePrompt({"c", "r", ""}, o)[0].content == "custom");
  CHECK(JudgePrompt({"c", "r", ""}, o)[1].content.find("<reference>\n(none given)\n</reference>") != std::string::npos);
}

const std::string kResponse =
    "The feed-forward blocks\nhold  most of the parameters: 2*4*L*D^2 = 1.4 billion.\nAttention is second.";

JudgeItem Item(const std::string& scenario) {
  return {"[[fixture:" + scenario + "]] Names the component with the most parameters.", kResponse,
          "all the feed-forward blocks"};
}

TEST_CASE("JudgeItems: valid verdicts score, invalid ones are re-asked then left unscored", "[llm][judge]") {
  setenv("GRADER_API_KEY", "sk-test-SECRET", 1);
  LlmFixtureServer server;
  JudgeOptions o;
  o.endpoint = server.endpoint();
  o.model = "judge";
  o.max_invalid_retries = 2;
  ClientOptions client;
  client.max_attempts = 2;
  client.backoff_base_ms = 10;
  struct Case {
    std::string scenario;
    VerdictState state;
    std::string agreement;
    std::string evidence;  // the quoted original bytes; "" for none
    std::string explanation;
    int invalid_count;
    int failed_requests;
    std::string reason;
    int server_count;
  };
  const std::string quoted = "The feed-forward blocks\nhold  most of the parameters:";
  const Case cases[] = {
      {"judge-good", VerdictState::kMet, "1/1", quoted, "the response states it", 0, 0, "", 1},
      {"judge-fenced", VerdictState::kMet, "1/1", quoted, "the response states it", 0, 0, "", 1},
      {"judge-notmet", VerdictState::kNotMet, "1/1", "", "the response does not address the criterion", 0, 0, "", 1},
      {"judge-flaky-1", VerdictState::kMet, "1/1", quoted, "the response states it", 1, 0, "", 2},
      {"judge-noquote", VerdictState::kUnscored, "", "", "", 3, 0,
       "no valid verdict in 1 sample (last: no \"evidence\" quote)", 3},
      {"judge-badquote", VerdictState::kUnscored, "", "", "", 3, 0,
       "no valid verdict in 1 sample (last: the \"evidence\" quote is not in the response)", 3},
      {"status-400", VerdictState::kUnscored, "", "", "", 0, 1,
       "no valid verdict in 1 sample (last: model judge: HTTP 400: fixture status 400)", 1},
      {"fail500-9", VerdictState::kUnscored, "", "", "", 0, 1,
       "no valid verdict in 1 sample (last: model judge: HTTP 500 after 2 attempts)", 2},
  };
  std::vector<JudgeItem> items;
  for (const Case& c : cases) items.push_back(Item(c.scenario));
  UsageSummary usage;
  std::vector<JudgeVerdict> verdicts = JudgeItems(items, o, client, &usage);
  REQUIRE(verdicts.size() == std::size(cases));
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    const JudgeVerdict& v = verdicts[i];
    INFO(c.scenario);
    CHECK(VerdictStateName(v.state) == std::string(VerdictStateName(c.state)));
    CHECK(v.samples == 1);
    CHECK(v.agreement == c.agreement);
    CHECK(v.evidence.has_value() == !c.evidence.empty());
    if (v.evidence) CHECK(std::string(v.evidence->Quote(kResponse)) == c.evidence);
    CHECK(v.explanation == c.explanation);
    CHECK(v.invalid_count == c.invalid_count);
    CHECK(v.failed_requests == c.failed_requests);
    CHECK(v.reason == c.reason);
    CHECK(server.Count(c.scenario) == c.server_count);
  }
  CHECK(verdicts[0].evidence->begin == 0);
  CHECK(verdicts[0].evidence->end == 53);
  CHECK(usage.replies == 13);  // one per question asked, re-asks included
  CHECK(usage.http_requests == 14);
  CHECK(usage.failed == 2);
  unsetenv("GRADER_API_KEY");
}

TEST_CASE("JudgeItems: K samples, the majority decides and agreement is reported", "[llm][judge]") {
  LlmFixtureServer server;
  std::string dir = testing::LlmTempDir("judge-cache");
  JudgeOptions o;
  o.endpoint = server.endpoint();
  o.model = "judge";
  o.samples = 3;
  ClientOptions client;
  client.cache_dir = dir;
  struct Case {
    std::string scenario;
    int samples;
    VerdictState state;
    std::string agreement;
    int votes_met, votes_not_met;
    std::string explanation;
    std::string reason;
  };
  const Case cases[] = {
      {"judge-split", 3, VerdictState::kMet, "2/3", 2, 1, "the response states it", ""},
      {"judge-notmet", 3, VerdictState::kNotMet, "3/3", 0, 3, "the response does not address the criterion", ""},
      {"judge-alternate", 3, VerdictState::kMet, "2/3", 2, 1, "the response states it", ""},
  };
  std::vector<JudgeItem> items;
  for (const Case& c : cases) items.push_back(Item(c.scenario));
  std::vector<JudgeVerdict> verdicts = JudgeItems(items, o, client);
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    INFO(c.scenario);
    CHECK(verdicts[i].state == c.state);
    CHECK(verdicts[i].samples == 3);
    CHECK(verdicts[i].valid == 3);
    CHECK(verdicts[i].agreement == c.agreement);
    CHECK(verdicts[i].votes_met == c.votes_met);
    CHECK(verdicts[i].votes_not_met == c.votes_not_met);
    CHECK(verdicts[i].explanation == c.explanation);
    CHECK(verdicts[i].reason == c.reason);
    CHECK(server.Count(c.scenario) == 3);
  }

  // A rerun comes from the cache: the same verdicts, no request.
  std::vector<JudgeVerdict> again = JudgeItems(items, o, client);
  CHECK(server.Stats()["requests"] == 9);
  for (size_t i = 0; i < std::size(cases); ++i) {
    CHECK(again[i].state == verdicts[i].state);
    CHECK(again[i].agreement == verdicts[i].agreement);
  }

  // An even split is no majority.
  o.samples = 2;
  std::vector<JudgeVerdict> tied = JudgeItems({Item("judge-alternate")}, o, client);
  CHECK(tied[0].state == VerdictState::kUnscored);
  CHECK(tied[0].votes_met == 1);
  CHECK(tied[0].votes_not_met == 1);
  CHECK(tied[0].agreement == "");
  CHECK(tied[0].reason == "the judge samples tied 1-1");
  std::filesystem::remove_all(dir);
}

TEST_CASE("JudgeItems without an endpoint leaves every item unscored and sends nothing", "[llm][judge]") {
  JudgeOptions o;  // no endpoint
  o.samples = 3;
  UsageSummary usage;
  std::vector<JudgeVerdict> verdicts = JudgeItems({Item("judge-good"), Item("judge-good")}, o, ClientOptions(), &usage);
  REQUIRE(verdicts.size() == 2);
  for (const JudgeVerdict& v : verdicts) {
    CHECK(v.state == VerdictState::kUnscored);
    CHECK(v.reason == "no judge endpoint");
    CHECK(v.samples == 3);
    CHECK(v.valid == 0);
  }
  CHECK(usage.http_requests == 0);
  CHECK(usage.replies == 0);
}

}  // namespace
}  // namespace grader
