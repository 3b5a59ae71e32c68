#include "grader/llm/cache.h"

#include <fstream>
#include <sstream>

#include "grader/base/atomic_file.h"
#include "grader/base/sha256.h"
#include "grader/base/error.h"

namespace grader {
namespace {

constexpr int kFormat = 1;

}  // namespace

std::string LlmCache::CanonicalRequest(const ChatRequest& request) {
  // nlohmann::json (not ordered_json) keeps object keys sorted, so equal
  // requests always dump to equal text.
  nlohmann::json messages = nlohmann::json::array();
  for (const ChatMessage& m : request.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  nlohmann::json canonical = {
      {"format", kFormat},
      {"url", ChatCompletionsUrl(request.endpoint)},
      {"model", request.model},
      {"messages", std::move(messages)},
      {"temperature", request.temperature},
      {"max_tokens", request.max_tokens},
      {"sample", request.sample},
      {"extra", request.extra.is_object() ? request.extra : nlohmann::json::object()},
  };
  return canonical.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string LlmCache::Key(const ChatRequest& request) { return Sha256Hex(CanonicalRequest(request)); }

std::string LlmCache::PathFor(const std::string& key) const {
  return dir_ + "/" + key.substr(0, 2) + "/" + key + ".json";
}

std::optional<ChatResponse> LlmCache::Load(const ChatRequest& request) const {
  std::string key = Key(request);
  std::ifstream in(PathFor(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json entry = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (entry.is_discarded() || !entry.is_object()) return std::nullopt;
  auto str = [&](const char* name) { return entry.contains(name) && entry[name].is_string(); };
  auto num = [&](const char* name) { return entry.contains(name) && entry[name].is_number(); };
  if (!str("key") || entry["key"] != key || !str("content") || !str("finish_reason") || !num("prompt_tokens") ||
      !num("completion_tokens") || !num("latency_ms")) {
    return std::nullopt;
  }
  ChatResponse response;
  response.content = entry["content"].get<std::string>();
  response.finish_reason = entry["finish_reason"].get<std::string>();
  response.prompt_tokens = entry["prompt_tokens"].get<long>();
  response.completion_tokens = entry["completion_tokens"].get<long>();
  response.latency_ms = entry["latency_ms"].get<double>();
  response.from_cache = true;
  return response;
}

std::string LlmCache::Store(const ChatRequest& request, const ChatResponse& response) const {
  if (!response.ok()) return "not storing a failed reply";
  std::string key = Key(request);
  nlohmann::ordered_json entry = {
      {"key", key},
      {"model", request.model},
      {"sample", request.sample},
      {"content", response.content},
      {"finish_reason", response.finish_reason},
      {"prompt_tokens", response.prompt_tokens},
      {"completion_tokens", response.completion_tokens},
      {"latency_ms", response.latency_ms},
  };
  try {
    WriteFileAtomic(PathFor(key), entry.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace grader
