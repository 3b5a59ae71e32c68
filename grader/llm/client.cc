#include "grader/llm/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "grader/base/random.h"
#include "grader/llm/cache.h"

namespace grader {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxReplyBytes = 64 << 20;  // a reply larger than this is not a chat reply

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Attempts(int n) { return std::to_string(n) + (n == 1 ? " attempt" : " attempts"); }

long MsBetween(Clock::time_point from, Clock::time_point to) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count());
}

// One in-flight transfer. The easy handle outlives the request it carries:
// the next request reuses it (and the multi handle's open connections).
struct Slot {
  CURL* easy = nullptr;
  size_t index = 0;
  bool busy = false;
  std::string body;   // the request body; libcurl reads it in place
  std::string reply;
  bool reply_too_large = false;
  char error_buffer[CURL_ERROR_SIZE] = {};
  Clock::time_point started;
};

size_t WriteReply(char* data, size_t size, size_t count, void* user) {
  Slot* slot = static_cast<Slot*>(user);
  size_t n = size * count;
  if (slot->reply.size() + n > kMaxReplyBytes) {
    slot->reply_too_large = true;
    return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
  }
  slot->reply.append(data, n);
  return n;
}

// What one attempt came to.
struct Attempt {
  enum Kind { kOk, kRetry, kFail } kind = kFail;
  std::string error;       // why, without the "model m: " prefix
  long retry_after_s = -1;
};

Attempt Classify(const ClientOptions& options, const Slot& slot, CURLcode code, const std::string& url,
                 ChatResponse* out) {
  Attempt a;
  if (code != CURLE_OK) {
    a.kind = Attempt::kRetry;
    switch (code) {
      case CURLE_OPERATION_TIMEDOUT:
        a.error = "timed out (" + std::to_string(options.request_timeout_ms) + " ms)";
        break;
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
        a.error = "cannot connect to " + RedactUrl(url);
        break;
      case CURLE_PARTIAL_FILE:
        a.error = "truncated body";
        break;
      case CURLE_GOT_NOTHING:
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
        a.error = "connection lost (" + std::string(curl_easy_strerror(code)) + ")";
        break;
      case CURLE_WRITE_ERROR:
        if (slot.reply_too_large) {
          a.kind = Attempt::kFail;
          a.error = "reply larger than " + std::to_string(kMaxReplyBytes >> 20) + " MiB";
          break;
        }
        [[fallthrough]];
      default:
        a.kind = Attempt::kFail;
        a.error = slot.error_buffer[0] != '\0' ? slot.error_buffer : curl_easy_strerror(code);
        break;
    }
    return a;
  }
  long status = 0;
  curl_easy_getinfo(slot.easy, CURLINFO_RESPONSE_CODE, &status);
  if (status == 200) {
    std::string why = ParseChatReply(slot.reply, out);
    if (why.empty()) {
      a.kind = Attempt::kOk;
    } else {
      a.kind = Attempt::kRetry;
      a.error = why;
    }
    return a;
  }
  a.error = "HTTP " + std::to_string(status);
  if (status == 408 || status == 429 || status >= 500) {
    a.kind = Attempt::kRetry;
    curl_off_t retry_after = -1;
    if (curl_easy_getinfo(slot.easy, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
      a.retry_after_s = static_cast<long>(retry_after);
    }
  } else {
    a.kind = Attempt::kFail;
    std::string message = ServerErrorMessage(slot.reply);
    if (!message.empty()) a.error += ": " + message;
  }
  return a;
}

class Batch {
 public:
  Batch(const std::vector<ChatRequest>& requests, const ClientOptions& options, const ProgressCallback& progress)
      : requests_(requests), options_(options), progress_(progress), replies_(requests.size()),
        attempts_(requests.size(), 0), cache_(options.cache_dir) {
    use_cache_ = options.use_cache && !options.cache_dir.empty();
    api_key_ = ApiKeyFromEnv(options);
    state_.total = requests.size();
  }

  std::vector<ChatResponse> Run() {
    Clock::time_point start = Clock::now();
    for (size_t i = 0; i < requests_.size(); ++i) {
      if (use_cache_) {
        if (std::optional<ChatResponse> hit = cache_.Load(requests_[i])) {
          ++state_.cache_hits;
          Finish(i, std::move(*hit));
          continue;
        }
      }
      Enqueue(start, i);
    }
    if (waiting_ > 0) Transfer(start);
    return std::move(replies_);
  }

 private:
  void Transfer(Clock::time_point start) {
    GlobalInit();
    multi_ = curl_multi_init();
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    headers_ = curl_slist_append(headers_, "Accept: application/json");
    headers_ = curl_slist_append(headers_, "Expect:");  // no 100-continue round trip for long prompts
    if (!api_key_.empty()) headers_ = curl_slist_append(headers_, ("Authorization: Bearer " + api_key_).c_str());
    size_t pool = std::min(waiting_, static_cast<size_t>(std::max(1, options_.concurrency)));
    slots_.resize(pool);
    for (Slot& slot : slots_) slot.easy = curl_easy_init();

    std::optional<Clock::time_point> deadline;
    if (options_.total_timeout_ms > 0) deadline = start + std::chrono::milliseconds(options_.total_timeout_ms);
    size_t in_flight = 0;
    while (in_flight > 0 || waiting_ > 0) {
      Clock::time_point now = Clock::now();
      if (deadline && now >= *deadline) {
        FailEverything();
        break;
      }
      for (Slot& slot : slots_) {
        if (slot.busy) continue;
        std::optional<size_t> index = TakeDue(now);
        if (!index) break;
        Start(&slot, *index);
        ++in_flight;
      }
      int running = 0;
      curl_multi_perform(multi_, &running);
      int left = 0;
      while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
        if (message->msg != CURLMSG_DONE) continue;
        Slot* slot = nullptr;
        curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&slot));
        CURLcode code = message->data.result;
        curl_multi_remove_handle(multi_, slot->easy);  // invalidates `message`
        slot->busy = false;
        --in_flight;
        Done(slot, code);
      }
      if (in_flight == 0 && waiting_ == 0) break;
      // Sleep until a transfer has news, a retry is due, or the deadline.
      now = Clock::now();
      long wait_ms = 1000;
      if (waiting_ > 0 && in_flight < slots_.size()) {
        if (std::optional<Clock::time_point> wake = NextWake(now))
          wait_ms = std::min(wait_ms, std::max(0L, MsBetween(now, *wake) + 1));
      }
      if (deadline) wait_ms = std::min(wait_ms, std::max(0L, MsBetween(now, *deadline) + 1));
      if (wait_ms > 0) curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait_ms), nullptr);
    }
    for (Slot& slot : slots_) {
      if (slot.busy) curl_multi_remove_handle(multi_, slot.easy);
      curl_easy_cleanup(slot.easy);
    }
    curl_multi_cleanup(multi_);
    curl_slist_free_all(headers_);
  }

  void Start(Slot* slot, size_t index) {
    const ChatRequest& request = requests_[index];
    slot->index = index;
    slot->busy = true;
    slot->reply.clear();
    slot->reply_too_large = false;
    slot->error_buffer[0] = '\0';
    slot->body = BodyOf(index);
    CURL* easy = slot->easy;
    curl_easy_setopt(easy, CURLOPT_URL, ChatCompletionsUrl(request.endpoint).c_str());
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, slot->body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(slot->body.size()));
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "grader/0.1");
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, WriteReply);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, slot);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, slot->error_buffer);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, slot);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, options_.request_timeout_ms);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min(options_.connect_timeout_ms, options_.request_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect must not carry the key elsewhere
    slot->started = Clock::now();
    ++attempts_[index];
    ++state_.http_requests;
    curl_multi_add_handle(multi_, easy);
  }

  void Done(Slot* slot, CURLcode code) {
    size_t index = slot->index;
    const ChatRequest& request = requests_[index];
    ChatResponse reply;
    Attempt attempt = Classify(options_, *slot, code, ChatCompletionsUrl(request.endpoint), &reply);
    reply.attempts = attempts_[index];
    if (RateLimiter* limiter = LimiterFor(index); limiter && attempt.kind == Attempt::kOk &&
                                                   reply.prompt_tokens + reply.completion_tokens > 0)
      limiter->Settle(Estimate(index), reply.prompt_tokens + reply.completion_tokens);
    if (attempt.kind == Attempt::kOk) {
      reply.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - slot->started).count();
      reply.content = ScrubSecret(std::move(reply.content), api_key_);
      if (use_cache_) cache_.Store(request, reply);
      Finish(index, std::move(reply));
      return;
    }
    if (attempt.kind == Attempt::kRetry && attempts_[index] < options_.max_attempts) {
      long delay = BackoffDelayMs(options_, index, attempts_[index], attempt.retry_after_s);
      Enqueue(Clock::now() + std::chrono::milliseconds(delay), index);
      return;
    }
    std::string error = "model " + request.model + ": " + attempt.error;
    if (attempt.kind == Attempt::kRetry) error += " after " + Attempts(attempts_[index]);
    reply.content.clear();
    reply.error = ScrubSecret(ScrubUrlSecrets(std::move(error), request.endpoint), api_key_);
    Finish(index, std::move(reply));
  }

  // The batch deadline passed: whatever has no reply yet fails.
  void FailEverything() {
    std::string why = "total timeout (" + std::to_string(options_.total_timeout_ms) + " ms) reached";
    auto fail = [&](size_t index) {
      ChatResponse reply;
      reply.attempts = attempts_[index];
      std::string when = attempts_[index] == 0 ? " before the first attempt" : " after " + Attempts(attempts_[index]);
      reply.error = ScrubSecret(
          ScrubUrlSecrets("model " + requests_[index].model + ": " + why + when, requests_[index].endpoint), api_key_);
      Finish(index, std::move(reply));
    };
    for (Slot& slot : slots_) {
      if (!slot.busy) continue;
      curl_multi_remove_handle(multi_, slot.easy);
      slot.busy = false;
      fail(slot.index);
    }
    std::vector<size_t> rest;
    for (Queue& q : queues_) {
      for (const auto& [when, index] : q.items) rest.push_back(index);
      q.items.clear();
    }
    waiting_ = 0;
    std::sort(rest.begin(), rest.end());
    for (size_t index : rest) fail(index);
  }

  // The request's body as sent (also what its token estimate counts).
  std::string BodyOf(size_t index) const {
    return ChatRequestBody(requests_[index]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  // Puts a request in its endpoint's queue, to start at `when` or later.
  void Enqueue(Clock::time_point when, size_t index) {
    if (endpoint_of_.empty()) {
      // Each request's endpoint (by chat-completions URL), once.
      std::map<std::string, size_t> ids;
      endpoint_of_.resize(requests_.size());
      for (size_t i = 0; i < requests_.size(); ++i) {
        auto [it, added] = ids.emplace(ChatCompletionsUrl(requests_[i].endpoint), ids.size());
        endpoint_of_[i] = it->second;
      }
      queues_.resize(ids.size());
      bool limited = options_.requests_per_minute > 0 || options_.tokens_per_minute > 0;
      for (Queue& q : queues_)
        if (limited) q.limiter = std::make_unique<RateLimiter>(options_.requests_per_minute, options_.tokens_per_minute);
      estimate_.assign(requests_.size(), -1);
    }
    queues_[endpoint_of_[index]].items.insert({when, index});
    ++waiting_;
  }

  long Estimate(size_t index) {
    if (estimate_[index] < 0) estimate_[index] = EstimateTokens(requests_[index], BodyOf(index).size());
    return estimate_[index];
  }

  // Takes the request to start now: of the endpoints whose first request is
  // due and whose limits let it start, the one due earliest (then first in
  // input order); its endpoint's limiter takes its estimate (Estimate()).
  std::optional<size_t> TakeDue(Clock::time_point now) {
    Queue* best = nullptr;
    for (Queue& q : queues_) {
      if (q.items.empty() || q.items.begin()->first > now) continue;
      if (q.limiter && q.limiter->Ready(now, Estimate(q.items.begin()->second)) > now) continue;
      if (!best || *q.items.begin() < *best->items.begin()) best = &q;
    }
    if (!best) return std::nullopt;
    size_t index = best->items.begin()->second;
    best->items.erase(best->items.begin());
    --waiting_;
    if (best->limiter) best->limiter->Start(now, Estimate(index));
    return index;
  }

  // When a waiting request could start next: its queue's first time, or
  // later when the endpoint's limits say so.
  std::optional<Clock::time_point> NextWake(Clock::time_point now) {
    std::optional<Clock::time_point> wake;
    for (Queue& q : queues_) {
      if (q.items.empty()) continue;
      Clock::time_point t = std::max(now, q.items.begin()->first);
      if (q.limiter) t = q.limiter->Ready(t, Estimate(q.items.begin()->second));
      if (!wake || t < *wake) wake = t;
    }
    return wake;
  }

  // The limiter of the request's endpoint, or null when no limit is set.
  RateLimiter* LimiterFor(size_t index) {
    if (endpoint_of_.empty()) return nullptr;
    return queues_[endpoint_of_[index]].limiter.get();
  }

  void Finish(size_t index, ChatResponse reply) {
    if (!reply.ok()) ++state_.failed;
    ++state_.done;
    replies_[index] = std::move(reply);
    if (progress_) progress_(state_);
  }

  const std::vector<ChatRequest>& requests_;
  const ClientOptions& options_;
  const ProgressCallback& progress_;
  std::vector<ChatResponse> replies_;
  std::vector<int> attempts_;
  LlmCache cache_;
  bool use_cache_ = false;
  std::string api_key_;
  BatchProgress state_;
  // Requests waiting for their first attempt or a retry, one queue per
  // endpoint (chat-completions URL), by the earliest time each may start,
  // then by input order; with the endpoint's limits when any are set.
  struct Queue {
    std::set<std::pair<Clock::time_point, size_t>> items;
    std::unique_ptr<RateLimiter> limiter;
  };
  std::vector<Queue> queues_;
  std::vector<size_t> endpoint_of_;  // by request
  std::vector<long> estimate_;       // tokens, by request; -1: not yet estimated
  size_t waiting_ = 0;               // requests in all queues
  std::vector<Slot> slots_;
  CURLM* multi_ = nullptr;
  curl_slist* headers_ = nullptr;
};

}  // namespace

std::vector<ChatResponse> RunChatBatch(const std::vector<ChatRequest>& requests, const ClientOptions& options,
                                       const ProgressCallback& progress) {
  return Batch(requests, options, progress).Run();
}

RateLimiter::RateLimiter(long requests_per_minute, long tokens_per_minute)
    : rpm_(std::max(0L, requests_per_minute)), tpm_(std::max(0L, tokens_per_minute)) {}

void RateLimiter::Refill(Clock::time_point now) {
  if (tpm_ <= 0) return;
  if (!filled_) {
    tokens_ = static_cast<double>(tpm_);
    refilled_ = now;
    filled_ = true;
    return;
  }
  if (now <= refilled_) return;
  double ms = std::chrono::duration<double, std::milli>(now - refilled_).count();
  tokens_ = std::min(static_cast<double>(tpm_), tokens_ + ms * static_cast<double>(tpm_) / 60000.0);
  refilled_ = now;
}

RateLimiter::Clock::time_point RateLimiter::Ready(Clock::time_point now, long tokens) {
  Clock::time_point ready = now;
  if (rpm_ > 0 && started_ && next_start_ > ready) ready = next_start_;
  if (tpm_ > 0) {
    Refill(now);
    double need = std::min(static_cast<double>(std::max(0L, tokens)), static_cast<double>(tpm_));
    if (tokens_ < need) {
      double ms = (need - tokens_) * 60000.0 / static_cast<double>(tpm_);
      Clock::time_point refilled = now + std::chrono::microseconds(static_cast<long long>(std::ceil(ms * 1000.0)));
      if (refilled > ready) ready = refilled;
    }
  }
  return ready;
}

void RateLimiter::Start(Clock::time_point now, long tokens) {
  if (rpm_ > 0) {
    Clock::time_point from = started_ && next_start_ > now ? next_start_ : now;
    next_start_ = from + std::chrono::microseconds(60000000LL / rpm_);
    started_ = true;
  }
  if (tpm_ > 0) {
    Refill(now);
    tokens_ -= static_cast<double>(std::max(0L, tokens));
  }
}

void RateLimiter::Settle(long estimated, long actual) {
  if (tpm_ > 0) tokens_ -= static_cast<double>(actual - estimated);
}

long EstimateTokens(const ChatRequest& request, size_t body_bytes) {
  return static_cast<long>((body_bytes + 3) / 4) + std::max(0, request.max_tokens);
}

long BackoffDelayMs(const ClientOptions& options, size_t index, int failed_attempts, long retry_after_s) {
  long exponential = std::max(0L, options.backoff_base_ms);
  for (int i = 1; i < failed_attempts && exponential < options.backoff_cap_ms; ++i) exponential *= 2;
  exponential = std::min(exponential, options.backoff_cap_ms);
  uint64_t draw = SplitMix64Hash(options.jitter_seed ^ SplitMix64Hash(index * 0x100000001b3ULL + failed_attempts));
  double factor = 0.5 + 0.5 * static_cast<double>(draw >> 11) / static_cast<double>(1ULL << 53);
  long delay = static_cast<long>(exponential * factor);
  if (retry_after_s >= 0) delay = std::max(delay, std::min(retry_after_s * 1000, options.retry_after_cap_ms));
  return delay;
}

std::string ApiKeyFromEnv(const ClientOptions& options) {
  for (const std::string& name : options.api_key_env) {
    const char* value = std::getenv(name.c_str());
    if (value != nullptr && value[0] != '\0') return value;
  }
  return "";
}

std::string ScrubSecret(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[redacted]");
    at += 10;
  }
  return text;
}

UsageSummary SummarizeUsage(const std::vector<ChatResponse>& replies) {
  UsageSummary u;
  for (const ChatResponse& r : replies) {
    ++u.replies;
    if (!r.ok()) ++u.failed;
    u.http_requests += r.attempts;
    u.retries += std::max(0, r.attempts - 1);
    if (r.from_cache) {
      ++u.cache_hits;
      u.cached_tokens += r.prompt_tokens + r.completion_tokens;
    } else {
      u.prompt_tokens += r.prompt_tokens;
      u.completion_tokens += r.completion_tokens;
    }
  }
  return u;
}

std::string FormatUsage(const UsageSummary& u) {
  auto n = [](long v) { return std::to_string(v); };
  return n(u.replies) + (u.replies == 1 ? " reply (" : " replies (") + n(u.replies - u.failed) + " ok, " +
         n(u.failed) + " failed); " + n(u.http_requests) + " HTTP requests, " + n(u.retries) + " retries, " +
         n(u.cache_hits) + " cache hits; tokens " + n(u.prompt_tokens) + " prompt + " + n(u.completion_tokens) +
         " completion (" + n(u.cached_tokens) + " more from the cache)";
}

}  // namespace grader
