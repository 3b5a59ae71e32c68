// The OpenAI-compatible chat-completions wire format: what one request and
// one reply are, how a request becomes a JSON body, and how a reply body is
// read. OpenAI, vLLM, the llama.cpp server and Ollama all speak it.
//
//   ChatRequest r;
//   r.endpoint = "http://127.0.0.1:8000/v1";
//   r.model = "m";
//   r.messages = {{"system", "Answer briefly."}, {"user", "2+2?"}};
//   ChatCompletionsUrl(r.endpoint);   // "http://127.0.0.1:8000/v1/chat/completions"
//   ChatRequestBody(r).dump();        // {"messages":[...],"model":"m","temperature":0.0}
//
// Sending is llm_client.h's job; nothing here touches the network.
#ifndef GRADER_LLM_CHAT_H_
#define GRADER_LLM_CHAT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace grader {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct ChatRequest {
  // Base URL ("http://host:8000/v1") or the full ".../chat/completions" URL.
  std::string endpoint;
  std::string model;
  std::vector<ChatMessage> messages;
  double temperature = 0.0;
  int max_tokens = 0;  // 0: not sent, the server's default applies
  // Which of K samples of the same prompt this is. It is part of the cache
  // key (so K samples are K entries) but is not sent; put a "seed" in
  // `extra` to make a server vary its samples reproducibly.
  int sample = 0;
  // More body fields, sent as they are and part of the cache key
  // ({"seed": 3}, {"top_p": 0.9}). Must be a JSON object.
  nlohmann::json extra = nlohmann::json::object();
};

struct ChatResponse {
  std::string content;        // choices[0].message.content
  std::string finish_reason;  // "stop", "length", ...
  long prompt_tokens = 0;     // usage, when the server reports it
  long completion_tokens = 0;
  double latency_ms = 0;      // of the attempt that succeeded (a cache hit keeps the recorded one)
  int attempts = 0;           // HTTP attempts made in this run; 0 for a cache hit
  bool from_cache = false;
  // Empty on success, else one line naming the model and the last failure:
  // "model m: HTTP 500 after 4 attempts". Never contains the API key.
  std::string error;

  bool ok() const { return error.empty(); }
};

// Returns the URL to POST to: `endpoint` itself when it already ends in
// "/chat/completions", else endpoint + "/chat/completions" (one slash),
// before the query when there is one.
std::string ChatCompletionsUrl(const std::string& endpoint);

// The one redaction of URLs: every URL that reaches a file or a message goes
// through it. Returns `url` with its "user:password" part and the value of
// every query parameter named like a secret (key, token, secret, password,
// signature, auth, credential, session) replaced by "[redacted]":
//   RedactUrl("http://u:pw@host/v1?api_key=abc&x=1")   // "http://[redacted]@host/v1?api_key=[redacted]&x=1"
std::string RedactUrl(const std::string& url);

// The secrets RedactUrl removes from `url` (the password, secret query
// values), for scrubbing texts that might repeat them (a server's error).
std::vector<std::string> UrlSecrets(const std::string& url);

// `text` with every secret of `url` (UrlSecrets) of 4 or more bytes
// replaced by "[redacted]" (shorter ones would replace common words).
std::string ScrubUrlSecrets(std::string text, const std::string& url);

// Returns the JSON body of `request`: model, messages, temperature,
// max_tokens when set, then the fields of `extra`.
nlohmann::json ChatRequestBody(const ChatRequest& request);

// Reads a 200 reply body into content, finish_reason and token usage of
// *out. Returns "" on success, else why the body is unusable: "invalid JSON
// in reply" or "reply has no choices[0].message.content".
std::string ParseChatReply(const std::string& body, ChatResponse* out);

// Returns the server's own error message from an error body
// ({"error": {"message": ...}} or {"error": "..."}), else the body's first
// 200 bytes on one line; "" for an empty body.
std::string ServerErrorMessage(const std::string& body);

}  // namespace grader

#endif  // GRADER_LLM_CHAT_H_
