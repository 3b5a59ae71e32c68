// The LLM client against the loopback fixture server: answers, retries,
// timeouts, bad bodies, the cache, concurrency and the API key.
#include "grader/llm/client.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "tests/llm/llm_fixture.h"

namespace grader {
namespace {

using testing::LlmFixtureServer;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

ChatRequest Ask(const std::string& endpoint, const std::string& model, const std::string& prompt = "What is 2+2?") {
  ChatRequest r;
  r.endpoint = endpoint;
  r.model = model;
  r.messages = {{"user", prompt}};
  return r;
}

// Fast retries so the suite stays quick; no cache unless a test sets one.
ClientOptions FastOptions() {
  ClientOptions o;
  o.request_timeout_ms = 3000;
  o.max_attempts = 3;
  o.backoff_base_ms = 20;
  o.backoff_cap_ms = 100;
  return o;
}

// Sets an environment variable for one scope.
struct ScopedEnv {
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }
  const char* name_;
};

TEST_CASE("BackoffDelayMs grows exponentially with deterministic jitter and honours Retry-After", "[llm][client]") {
  ClientOptions o;
  o.backoff_base_ms = 100;
  o.backoff_cap_ms = 1000;
  o.retry_after_cap_ms = 5000;
  o.jitter_seed = 42;
  struct Case {
    int failed_attempts;
    long retry_after_s;
    long min_ms, max_ms;  // [min, max)
  };
  const Case cases[] = {
      {1, -1, 50, 100},   {2, -1, 100, 200},  {3, -1, 200, 400},    {4, -1, 400, 800},
      {5, -1, 500, 1000}, {9, -1, 500, 1000}, {1, 1, 1000, 1001},   {4, 2, 2000, 2001},
      {1, 120, 5000, 5001},  // Retry-After beyond the cap is cut to the cap
      {1, 0, 50, 100},       // "Retry-After: 0" asks for no extra wait
  };
  for (const Case& c : cases) {
    INFO("failed attempts " << c.failed_attempts << ", Retry-After " << c.retry_after_s);
    long delay = BackoffDelayMs(o, 7, c.failed_attempts, c.retry_after_s);
    CHECK(delay >= c.min_ms);
    CHECK(delay < c.max_ms);
    CHECK(BackoffDelayMs(o, 7, c.failed_attempts, c.retry_after_s) == delay);  // repeatable
  }
  // The jitter differs between requests and between seeds, so retries spread out.
  std::set<long> delays;
  for (size_t index = 0; index < 8; ++index) delays.insert(BackoffDelayMs(o, index, 3, -1));
  CHECK(delays.size() >= 6);
  ClientOptions other = o;
  other.jitter_seed = 43;
  int differ = 0;
  for (size_t index = 0; index < 8; ++index) differ += BackoffDelayMs(o, index, 3, -1) != BackoffDelayMs(other, index, 3, -1);
  CHECK(differ >= 6);
}

TEST_CASE("ApiKeyFromEnv prefers GRADER_API_KEY, ScrubSecret removes every copy", "[llm][client]") {
  unsetenv("GRADER_API_KEY");
  unsetenv("OPENAI_API_KEY");
  ClientOptions o;
  CHECK(ApiKeyFromEnv(o) == "");
  {
    ScopedEnv openai("OPENAI_API_KEY", "sk-openai");
    CHECK(ApiKeyFromEnv(o) == "sk-openai");
    ScopedEnv grader_key("GRADER_API_KEY", "sk-grader");
    CHECK(ApiKeyFromEnv(o) == "sk-grader");
  }
  {
    ScopedEnv empty("GRADER_API_KEY", "");
    ScopedEnv openai("OPENAI_API_KEY", "sk-openai");
    CHECK(ApiKeyFromEnv(o) == "sk-openai");
  }
  struct Case {
    const char* text;
    const char* secret;
    const char* scrubbed;
  };
  const Case cases[] = {
      {"key sk-1 and sk-1 again", "sk-1", "key [redacted] and [redacted] again"},
      {"no key here", "sk-1", "no key here"},
      {"sk-1sk-1", "sk-1", "[redacted][redacted]"},
      {"anything", "", "anything"},
  };
  for (const Case& c : cases) CHECK(ScrubSecret(c.text, c.secret) == c.scrubbed);
}

TEST_CASE("RunChatBatch returns normal answers in input order, with usage and the key sent", "[llm][client]") {
  ScopedEnv key("GRADER_API_KEY", "sk-test-SECRET");
  LlmFixtureServer server;
  std::vector<ChatRequest> requests = {Ask(server.endpoint(), "m1"), Ask(server.endpoint(), "m2"),
                                       Ask(server.endpoint(), "m3", "Count the parameters of GPT-2 XL")};
  std::vector<ChatResponse> replies = RunChatBatch(requests, FastOptions());
  REQUIRE(replies.size() == 3);
  const char* prefixes[] = {"[m1] answer ", "[m2] answer ", "[m3] answer "};
  const long completion_tokens[] = {17, 17, 20};  // the fixture counts words
  for (size_t i = 0; i < 3; ++i) {
    INFO(i);
    CHECK(replies[i].ok());
    CHECK(replies[i].error == "");
    CHECK(replies[i].content.rfind(prefixes[i], 0) == 0);
    CHECK(replies[i].finish_reason == "stop");
    CHECK(replies[i].attempts == 1);
    CHECK_FALSE(replies[i].from_cache);
    CHECK(replies[i].latency_ms > 0);
    CHECK(replies[i].completion_tokens == completion_tokens[i]);
  }
  CHECK(replies[0].content.find(" to: What is 2+2?\nThe total is ") != std::string::npos);
  CHECK(replies[2].content.find(" to: Count the parameters of GPT-2 XL\n") != std::string::npos);
  CHECK(replies[0].prompt_tokens == 3);
  CHECK(replies[2].prompt_tokens == 6);
  // Same prompt and model, same answer: the fixture is deterministic.
  CHECK(RunChatBatch({requests[0]}, FastOptions())[0].content == replies[0].content);
  nlohmann::json stats = server.Stats();
  CHECK(stats["requests"] == 4);
  CHECK(stats["with_auth"] == 4);
  CHECK(stats["without_auth"] == 0);
}

TEST_CASE("RunChatBatch retries 429, 5xx, timeouts and bad bodies, then reports one error each", "[llm][client]") {
  ScopedEnv key("GRADER_API_KEY", "sk-test-SECRET");
  LlmFixtureServer server;
  ClientOptions o = FastOptions();
  o.request_timeout_ms = 300;
  o.retry_after_cap_ms = 100;  // Retry-After: 1 is honoured up to this cap (the next test waits the full second)
  struct Case {
    std::string endpoint;
    std::string model;
    std::string error;  // "" for success
    int attempts;
    int server_count;   // requests the fixture saw for this scenario
  };
  std::string url = server.endpoint();
  const Case cases[] = {
      {url, "rate429-2", "", 3, 3},
      {url, "rate429-5", "model rate429-5: HTTP 429 after 3 attempts", 3, 3},
      {url, "fail500-2", "", 3, 3},
      {url, "fail500-9", "model fail500-9: HTTP 500 after 3 attempts", 3, 3},
      {url, "status-503", "model status-503: HTTP 503 after 3 attempts", 3, 3},
      {url, "hang-2000", "model hang-2000: timed out (300 ms) after 3 attempts", 3, 3},
      {url, "hang-50", "", 1, 1},
      {url, "truncated-1", "", 2, 2},
      {url, "truncated-9", "model truncated-9: truncated body after 3 attempts", 3, 3},
      {url, "badjson-2", "", 3, 3},
      {url, "badjson-9", "model badjson-9: invalid JSON in reply after 3 attempts", 3, 3},
      // Client errors are final at once.
      {url, "status-401", "model status-401: HTTP 401: fixture status 401", 1, 1},
      {url, "status-404", "model status-404: HTTP 404: fixture status 404", 1, 1},
      {"http://127.0.0.1:1/v1", "nowhere",
       "model nowhere: cannot connect to http://127.0.0.1:1/v1/chat/completions after 3 attempts", 3, 0},
      {url, "fine", "", 1, 1},
  };
  std::vector<ChatRequest> requests;
  for (const Case& c : cases) requests.push_back(Ask(c.endpoint, c.model));
  auto start = std::chrono::steady_clock::now();
  std::vector<ChatResponse> replies = RunChatBatch(requests, o);
  double seconds = SecondsSince(start);
  REQUIRE(replies.size() == std::size(cases));
  nlohmann::json stats = server.Stats();
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    INFO(c.model);
    CHECK(replies[i].error == c.error);
    CHECK(replies[i].ok() == c.error.empty());
    CHECK(replies[i].attempts == c.attempts);
    if (c.error.empty()) CHECK(replies[i].content.rfind("[" + c.model + "] answer ", 0) == 0);
    if (!c.error.empty()) CHECK(replies[i].content == "");
    int seen = stats["by_scenario"].contains(c.model) ? stats["by_scenario"][c.model].get<int>() : 0;
    CHECK(seen == c.server_count);
    CHECK(replies[i].error.find("SECRET") == std::string::npos);
  }
  // Everything ran side by side: three 300 ms timeouts plus short backoffs,
  // not the sum of all the waits.
  CHECK(seconds < 4.0);

  UsageSummary usage = SummarizeUsage(replies);
  CHECK(usage.replies == 15);
  CHECK(usage.failed == 9);
  CHECK(usage.http_requests == 36);
  CHECK(usage.retries == 21);
  CHECK(usage.cache_hits == 0);
}

TEST_CASE("RunChatBatch waits what Retry-After asks before retrying a 429", "[llm][client]") {
  LlmFixtureServer server;
  ClientOptions o = FastOptions();  // retry_after_cap_ms stays at its 60 s default
  auto start = std::chrono::steady_clock::now();
  std::vector<ChatResponse> replies = RunChatBatch({Ask(server.endpoint(), "rate429-1")}, o);
  double seconds = SecondsSince(start);
  CHECK(replies[0].ok());
  CHECK(replies[0].attempts == 2);
  CHECK(seconds >= 1.0);
  CHECK(seconds < 3.0);
  CHECK(server.Count("rate429-1") == 2);
}

TEST_CASE("RunChatBatch: the total timeout fails what is left, in flight or waiting", "[llm][client]") {
  LlmFixtureServer server;
  ClientOptions o = FastOptions();
  o.concurrency = 1;
  o.request_timeout_ms = 5000;
  o.total_timeout_ms = 400;
  auto start = std::chrono::steady_clock::now();
  std::vector<ChatResponse> replies =
      RunChatBatch({Ask(server.endpoint(), "hang-3000"), Ask(server.endpoint(), "fine")}, o);
  CHECK(SecondsSince(start) < 2.5);
  CHECK(replies[0].error == "model hang-3000: total timeout (400 ms) reached after 1 attempt");
  CHECK(replies[1].error == "model fine: total timeout (400 ms) reached before the first attempt");
  CHECK(replies[1].attempts == 0);
}

TEST_CASE("RunChatBatch keeps N requests in flight, reuses connections and reports progress", "[llm][client]") {
  LlmFixtureServer server;
  ClientOptions o = FastOptions();
  o.concurrency = 4;
  std::vector<ChatRequest> requests;
  for (int i = 0; i < 8; ++i) requests.push_back(Ask(server.endpoint(), "hang-300", "question " + std::to_string(i)));
  for (int i = 0; i < 16; ++i) requests.push_back(Ask(server.endpoint(), "quick", "question " + std::to_string(i)));
  std::vector<BatchProgress> seen;
  auto start = std::chrono::steady_clock::now();
  std::vector<ChatResponse> replies = RunChatBatch(requests, o, [&](const BatchProgress& p) { seen.push_back(p); });
  double seconds = SecondsSince(start);
  for (size_t i = 0; i < requests.size(); ++i) {
    INFO(i);
    CHECK(replies[i].ok());
    CHECK(replies[i].content.find(" to: question " + std::to_string(i < 8 ? i : i - 8) + "\n") != std::string::npos);
  }
  // 8 x 300 ms, four at a time: at least 0.6 s; the server saw several at
  // once and never more than four (counted there, so a loaded machine's
  // timing cannot blur it).
  CHECK(seconds >= 0.6);
  REQUIRE(seen.size() == 24);
  for (size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].done == i + 1);
    CHECK(seen[i].total == 24);
  }
  CHECK(seen.back().http_requests == 24);
  CHECK(seen.back().failed == 0);
  nlohmann::json stats = server.Stats();
  CHECK(stats["requests"] == 24);
  CHECK(stats["max_in_flight"].get<int>() <= 4);
  CHECK(stats["max_in_flight"].get<int>() >= 2);
  CHECK(stats["in_flight"] == 0);
  // At most one connection per slot (and one for this GET /stats).
  CHECK(stats["connections"].get<int>() <= 5);
}

TEST_CASE("RunChatBatch caches replies: a rerun sends nothing, --no-cache bypasses, a cut run resumes",
          "[llm][client][cache]") {
  ScopedEnv key("GRADER_API_KEY", "sk-test-SECRET");
  LlmFixtureServer server;
  std::string dir = testing::LlmTempDir("client-cache");
  ClientOptions o = FastOptions();
  o.cache_dir = dir;
  std::vector<ChatRequest> requests;
  for (int s = 0; s < 4; ++s) {
    ChatRequest r = Ask(server.endpoint(), "cached");
    r.sample = s;
    r.extra["seed"] = s;
    requests.push_back(r);
  }
  // An interrupted first run got through half of the requests.
  std::vector<ChatResponse> half = RunChatBatch({requests[0], requests[1]}, o);
  CHECK(server.Count("cached") == 2);
  std::vector<ChatResponse> first = RunChatBatch(requests, o);
  CHECK(server.Count("cached") == 4);
  CHECK(first[0].from_cache);
  CHECK(first[1].from_cache);
  CHECK_FALSE(first[2].from_cache);
  CHECK_FALSE(first[3].from_cache);
  CHECK(first[0].content == half[0].content);
  CHECK(first[0].content != first[2].content);  // the seed varies the samples
  CHECK(testing::LlmFilesUnder(dir).size() == 4);

  std::vector<ChatResponse> again = RunChatBatch(requests, o);
  CHECK(server.Count("cached") == 4);  // zero HTTP requests the second time
  UsageSummary usage = SummarizeUsage(again);
  CHECK(usage.cache_hits == 4);
  CHECK(usage.http_requests == 0);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(again[i].from_cache);
    CHECK(again[i].attempts == 0);
    CHECK(again[i].content == first[i].content);
    CHECK(again[i].prompt_tokens == first[i].prompt_tokens);
  }

  ClientOptions bypass = o;
  bypass.use_cache = false;
  std::vector<ChatResponse> fresh = RunChatBatch(requests, bypass);
  CHECK(server.Count("cached") == 8);
  for (const ChatResponse& r : fresh) CHECK_FALSE(r.from_cache);

  // Failures are not cached: a rerun tries them again.
  RunChatBatch({Ask(server.endpoint(), "status-500")}, o);
  RunChatBatch({Ask(server.endpoint(), "status-500")}, o);
  CHECK(server.Count("status-500") == 6);
  CHECK(testing::LlmFilesUnder(dir).size() == 4);

  for (const std::string& file : testing::LlmFilesUnder(dir)) {
    INFO(file);
    CHECK(testing::LlmSlurp(file).find("SECRET") == std::string::npos);
  }
  CHECK(server.Stats()["without_auth"] == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("FormatUsage: one line of cost", "[llm][client]") {
  std::vector<ChatResponse> replies(4);
  replies[0].attempts = 1;
  replies[0].prompt_tokens = 100;
  replies[0].completion_tokens = 20;
  replies[1].attempts = 3;
  replies[1].prompt_tokens = 100;
  replies[1].completion_tokens = 25;
  replies[2].attempts = 4;
  replies[2].error = "model m: HTTP 500 after 4 attempts";
  replies[3].from_cache = true;
  replies[3].prompt_tokens = 100;
  replies[3].completion_tokens = 30;
  CHECK(FormatUsage(SummarizeUsage(replies)) ==
        "4 replies (3 ok, 1 failed); 8 HTTP requests, 5 retries, 1 cache hits; tokens 200 prompt + 45 completion "
        "(130 more from the cache)");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

using Ms = std::chrono::milliseconds;

TEST_CASE("RateLimiter spaces requests 60/RPM seconds apart", "[llm][client][rate]") {
  RateLimiter limiter(600, 0);  // one request every 100 ms
  auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  CHECK(limiter.Ready(t0, 1000000) == t0);  // no token limit
  limiter.Start(t0, 10);
  CHECK(limiter.Ready(t0, 10) == t0 + Ms(100));
  CHECK(limiter.Ready(t0 + Ms(40), 10) == t0 + Ms(100));
  limiter.Start(t0 + Ms(100), 10);
  CHECK(limiter.Ready(t0 + Ms(150), 10) == t0 + Ms(200));
  // After a pause the next one may start at once.
  CHECK(limiter.Ready(t0 + Ms(5000), 10) == t0 + Ms(5000));
  RateLimiter none(0, 0);
  none.Start(t0, 10);
  CHECK(none.Ready(t0, 10) == t0);
}

TEST_CASE("RateLimiter takes tokens from a minute's bucket and corrects estimates by usage", "[llm][client][rate]") {
  RateLimiter limiter(0, 6000);  // 100 tokens a second, 6000 at most
  auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  CHECK(limiter.Ready(t0, 5000) == t0);  // the bucket starts full
  limiter.Start(t0, 5000);
  CHECK(limiter.Ready(t0, 1000) == t0);
  CHECK(limiter.Ready(t0, 2000) == t0 + Ms(10000));  // 1000 more tokens: 10 s
  CHECK(limiter.Ready(t0 + Ms(4000), 2000) == t0 + Ms(10000));
  // The reply used 500 tokens more than estimated: 5 s more.
  limiter.Settle(5000, 5500);
  CHECK(limiter.Ready(t0 + Ms(4000), 2000) == t0 + Ms(15000));
  // A request larger than the bucket waits until the bucket is full.
  CHECK(limiter.Ready(t0 + Ms(4000), 1000000) == t0 + Ms(55000));  // 900 in it, 5100 to go
  CHECK(EstimateTokens(Ask("http://x/v1", "m"), 400) == 100);
  ChatRequest capped = Ask("http://x/v1", "m");
  capped.max_tokens = 256;
  CHECK(EstimateTokens(capped, 401) == 101 + 256);
}

TEST_CASE("RunChatBatch keeps each endpoint under its requests-per-minute limit", "[llm][client][rate]") {
  LlmFixtureServer server;
  ClientOptions o = FastOptions();
  o.concurrency = 8;
  o.requests_per_minute = 600;  // 100 ms apart
  std::vector<ChatRequest> requests;
  for (int i = 0; i < 6; ++i) requests.push_back(Ask(server.endpoint(), "paced", "question " + std::to_string(i)));
  std::vector<ChatResponse> replies = RunChatBatch(requests, o);
  for (const ChatResponse& r : replies) CHECK(r.ok());
  nlohmann::json stats = server.Stats();
  std::vector<double> arrivals = stats["arrivals"].get<std::vector<double>>();
  REQUIRE(arrivals.size() == 6);
  std::sort(arrivals.begin(), arrivals.end());
  // The client starts them 100 ms apart. An arrival can only be late (a
  // loaded machine delays one request by tens of ms), so each gap is at
  // least 100 ms less the previous request's delay: well above the few ms
  // apart that eight requests at once would arrive. The whole span is at
  // least 500 ms less the first one's delay.
  for (size_t k = 1; k < arrivals.size(); ++k) {
    INFO(k);
    CHECK(arrivals[k] - arrivals[k - 1] >= 0.02);
  }
  CHECK(arrivals.back() - arrivals.front() >= 0.45);
}

}  // namespace
}  // namespace grader
