#include "grader/llm/chat.h"

namespace grader {

std::string ChatCompletionsUrl(const std::string& endpoint) {
  static const std::string kPath = "/chat/completions";
  if (endpoint.size() >= kPath.size() && endpoint.compare(endpoint.size() - kPath.size(), kPath.size(), kPath) == 0) {
    return endpoint;
  }
  std::string base = endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + kPath;
}

std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t path = url.find('/', host);
  size_t at = url.rfind('@', path == std::string::npos ? url.size() : path);
  if (at == std::string::npos || at < host) return url;
  return url.substr(0, host) + url.substr(at + 1);
}

nlohmann::json ChatRequestBody(const ChatRequest& request) {
  nlohmann::json body = nlohmann::json::object();
  body["model"] = request.model;
  nlohmann::json messages = nlohmann::json::array();
  for (const ChatMessage& m : request.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  body["messages"] = std::move(messages);
  body["temperature"] = request.temperature;
  if (request.max_tokens > 0) body["max_tokens"] = request.max_tokens;
  if (request.extra.is_object()) {
    for (const auto& [key, value] : request.extra.items()) body[key] = value;
  }
  return body;
}

std::string ParseChatReply(const std::string& body, ChatResponse* out) {
  nlohmann::json reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) return "invalid JSON in reply";
  const nlohmann::json* content = nullptr;
  const nlohmann::json* choice = nullptr;
  if (reply.is_object() && reply.contains("choices") && reply["choices"].is_array() && !reply["choices"].empty()) {
    choice = &reply["choices"][0];
    if (choice->is_object() && choice->contains("message") && (*choice)["message"].is_object() &&
        (*choice)["message"].contains("content")) {
      content = &(*choice)["message"]["content"];
    }
  }
  // A null content is what servers send for a reply that is all tool calls
  // or was filtered; it is not an answer.
  if (content == nullptr || !content->is_string()) return "reply has no choices[0].message.content";
  out->content = content->get<std::string>();
  out->finish_reason.clear();
  if (choice->contains("finish_reason") && (*choice)["finish_reason"].is_string()) {
    out->finish_reason = (*choice)["finish_reason"].get<std::string>();
  }
  out->prompt_tokens = out->completion_tokens = 0;
  if (reply.contains("usage") && reply["usage"].is_object()) {
    const nlohmann::json& usage = reply["usage"];
    if (usage.contains("prompt_tokens") && usage["prompt_tokens"].is_number_integer()) {
      out->prompt_tokens = usage["prompt_tokens"].get<long>();
    }
    if (usage.contains("completion_tokens") && usage["completion_tokens"].is_number_integer()) {
      out->completion_tokens = usage["completion_tokens"].get<long>();
    }
  }
  return "";
}

std::string ServerErrorMessage(const std::string& body) {
  nlohmann::json reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  std::string message;
  if (!reply.is_discarded() && reply.is_object() && reply.contains("error")) {
    const nlohmann::json& error = reply["error"];
    if (error.is_string()) message = error.get<std::string>();
    if (error.is_object() && error.contains("message") && error["message"].is_string()) {
      message = error["message"].get<std::string>();
    }
  }
  if (message.empty()) message = body.substr(0, 200);
  for (char& c : message) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

}  // namespace grader
