// The LLM client: sends many chat-completion requests to OpenAI-compatible
// endpoints over libcurl and returns one reply or one error per request.
//
// RunChatBatch drives every transfer from the calling thread with the curl
// multi interface: up to `concurrency` requests in flight, a pool of easy
// handles reused so connections stay open, a timeout per attempt and an
// optional deadline for the whole batch. A request that fails with 429, a
// 5xx, a connection error, a timeout, a truncated body or a body that is
// not a chat reply is tried again after an exponential backoff with
// jitter (at least what `Retry-After` asks, capped), up to `max_attempts`
// in all; then it gets one error line and the rest of the batch goes on.
// Other 4xx replies are not retried.
//
// The API key comes from the first set variable of `api_key_env`
// (GRADER_API_KEY, else OPENAI_API_KEY) and goes only into the
// Authorization header: it is not part of the cache key, and it is scrubbed
// from every error and reply text this client returns.
//
//   ClientOptions options;                 // 8 in flight, 120 s per attempt, 4 attempts
//   options.cache_dir = ".grader-cache";
//   std::vector<ChatResponse> replies = RunChatBatch(requests, options);
//   for (const ChatResponse& r : replies) std::cout << (r.ok() ? r.content : r.error) << "\n";
//   std::cerr << FormatUsage(SummarizeUsage(replies)) << "\n";
#ifndef GRADER_LLM_CLIENT_H_
#define GRADER_LLM_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "grader/llm/chat.h"

namespace grader {

struct ClientOptions {
  int concurrency = 8;                 // requests in flight at once (>= 1)
  long request_timeout_ms = 120000;    // one attempt, connection to last byte
  long connect_timeout_ms = 10000;     // one attempt's connection phase
  long total_timeout_ms = 0;           // the whole batch; 0: no deadline
  int max_attempts = 4;                // first try included (>= 1)
  long backoff_base_ms = 500;          // delay before the 2nd attempt, before jitter
  long backoff_cap_ms = 30000;         // the exponential delay stops growing here
  long retry_after_cap_ms = 60000;     // a longer Retry-After is cut to this
  uint64_t jitter_seed = 0x5eed;       // same seed, same delays: runs are repeatable
  std::string cache_dir;               // "": no cache
  bool use_cache = true;               // false (--no-cache): neither read nor write
  std::vector<std::string> api_key_env = {"GRADER_API_KEY", "OPENAI_API_KEY"};
  // Limits of each endpoint (each chat-completions URL), as providers state
  // them; 0: none. See RateLimiter.
  long requests_per_minute = 0;
  long tokens_per_minute = 0;
};

// Paces one endpoint's requests to stay within its limits: requests start
// evenly spaced, at least 60/RPM seconds apart, and a request's tokens are
// taken from a bucket that holds one minute's worth (TPM) and refills
// continuously, so a run starts at full speed and then settles at the
// limit. A request's tokens are estimated before it is sent (its body's
// bytes / 4, plus max_tokens when set) and corrected when the reply reports
// its usage, so an underestimate delays the requests after it. A request
// larger than the whole bucket waits until the bucket is full.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(long requests_per_minute, long tokens_per_minute);
  // The earliest time, `now` or later, at which a request of `tokens` may start.
  Clock::time_point Ready(Clock::time_point now, long tokens);
  // Records that a request of `tokens` started at `now` (when Ready(now, tokens) <= now).
  void Start(Clock::time_point now, long tokens);
  // A reply reported `actual` tokens for a request estimated at `estimated`.
  void Settle(long estimated, long actual);

 private:
  void Refill(Clock::time_point now);
  long rpm_, tpm_;
  Clock::time_point next_start_{};
  bool started_ = false;
  double tokens_ = 0;  // in the bucket (may be below 0 after an underestimate)
  Clock::time_point refilled_{};
  bool filled_ = false;
};

// The tokens RateLimiter counts for a request whose body is `body_bytes` long.
long EstimateTokens(const ChatRequest& request, size_t body_bytes);

struct BatchProgress {
  size_t done = 0;           // requests with a final reply or error
  size_t total = 0;
  size_t failed = 0;
  size_t cache_hits = 0;
  size_t http_requests = 0;  // attempts sent so far
};

// Called on the batch's thread after each request finishes.
using ProgressCallback = std::function<void(const BatchProgress&)>;

// Sends `requests` and returns their replies in the same order. Never
// throws for a request's failure: each failure is that reply's `error`.
// Cache hits (when options.use_cache and cache_dir are set) cost no HTTP
// request; successful replies are stored. A cache that cannot be written
// costs a rerun, never a result.
std::vector<ChatResponse> RunChatBatch(const std::vector<ChatRequest>& requests, const ClientOptions& options,
                                       const ProgressCallback& progress = nullptr);

// Returns the wait in milliseconds before attempt `failed_attempts` + 1 of
// request `index`: base * 2^(failed_attempts - 1), capped at backoff_cap_ms,
// scaled by a factor in [0.5, 1) drawn from (jitter_seed, index,
// failed_attempts); then raised to `retry_after_s` seconds when the server
// asked for that (-1: it did not), at most retry_after_cap_ms.
long BackoffDelayMs(const ClientOptions& options, size_t index, int failed_attempts, long retry_after_s);

// Returns the value of the first variable of options.api_key_env that is
// set and not empty, or "".
std::string ApiKeyFromEnv(const ClientOptions& options);

// Returns `text` with every occurrence of `secret` replaced by "[redacted]"
// (unchanged when `secret` is empty).
std::string ScrubSecret(std::string text, const std::string& secret);

// What a batch cost. Tokens count the replies fetched in this run; those
// served from the cache are counted apart.
struct UsageSummary {
  size_t replies = 0;
  size_t failed = 0;
  size_t cache_hits = 0;
  long http_requests = 0;
  long retries = 0;           // attempts beyond each request's first
  long prompt_tokens = 0;
  long completion_tokens = 0;
  long cached_tokens = 0;     // prompt + completion tokens of cache hits
};

UsageSummary SummarizeUsage(const std::vector<ChatResponse>& replies);

// One line: "60 replies (58 ok, 2 failed); 64 HTTP requests, 4 retries,
// 0 cache hits; tokens 1234 prompt + 5678 completion (0 more from the cache)".
std::string FormatUsage(const UsageSummary& usage);

}  // namespace grader

#endif  // GRADER_LLM_CLIENT_H_
