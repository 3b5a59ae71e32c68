// A content-addressed disk cache of chat replies, so that a rerun costs
// nothing and an interrupted run resumes where it stopped.
//
// An entry is named by the SHA-256 of a canonical JSON of everything that
// decides a reply: the chat-completions URL, the model, the messages, the
// sampling parameters (temperature, max_tokens, `extra`) and the sample
// index. The API key is not part of a request and never reaches the cache.
// Entries live in <dir>/<first 2 hex digits>/<64 hex digits>.json, each
// written atomically; a file that does not parse or does not match its name
// is a miss, never an error.
//
//   LlmCache cache(".grader-cache");
//   if (auto hit = cache.Load(request)) use(*hit);   // hit->from_cache == true
//   else cache.Store(request, FetchSomehow(request));
#ifndef GRADER_LLM_CACHE_H_
#define GRADER_LLM_CACHE_H_

#include <optional>
#include <string>

#include "grader/llm/chat.h"

namespace grader {

class LlmCache {
 public:
  explicit LlmCache(std::string dir) : dir_(std::move(dir)) {}

  // Returns the canonical JSON text the key is computed from (sorted keys,
  // no whitespace; a version field so the format can change).
  static std::string CanonicalRequest(const ChatRequest& request);
  // Returns the entry name: SHA-256 hex of CanonicalRequest(request).
  static std::string Key(const ChatRequest& request);
  // Returns the file that holds (or would hold) the entry of `key`.
  std::string PathFor(const std::string& key) const;

  // Returns the stored reply, with from_cache set and attempts 0, or nothing
  // when there is no entry or it is unreadable.
  std::optional<ChatResponse> Load(const ChatRequest& request) const;
  // Stores a successful reply (content, finish reason, usage, latency).
  // Returns "" or why the entry could not be written; failed replies are
  // not stored (returns "not storing a failed reply").
  std::string Store(const ChatRequest& request, const ChatResponse& response) const;

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace grader

#endif  // GRADER_LLM_CACHE_H_
