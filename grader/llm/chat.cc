#include "grader/llm/chat.h"

#include <algorithm>
#include <cctype>

namespace grader {

std::string ChatCompletionsUrl(const std::string& endpoint) {
  static const std::string kPath = "/chat/completions";
  // A query ("?api-version=...") stays after the path.
  size_t scheme = endpoint.find("://");
  size_t query = endpoint.find('?', scheme == std::string::npos ? 0 : scheme + 3);
  std::string base = endpoint.substr(0, query), rest = query == std::string::npos ? "" : endpoint.substr(query);
  if (base.size() >= kPath.size() && base.compare(base.size() - kPath.size(), kPath.size(), kPath) == 0) {
    return endpoint;
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + kPath + rest;
}

namespace {

// Where a URL's parts are: the user info ("user:password") and the query.
struct UrlParts {
  size_t host = 0;                         // after "scheme://"
  size_t at = std::string::npos;           // the '@' ending the user info, or npos
  size_t query = std::string::npos;        // the '?', or npos
  size_t query_end = std::string::npos;    // the '#' or the end
};

UrlParts Split(const std::string& url) {
  UrlParts p;
  size_t scheme = url.find("://");
  p.host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t authority_end = url.find_first_of("/?#", p.host);
  size_t at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
  if (at != std::string::npos && at >= p.host) p.at = at;
  p.query = url.find('?', p.host);
  size_t hash = url.find('#', p.host);
  if (p.query != std::string::npos && hash != std::string::npos && hash < p.query) p.query = std::string::npos;
  p.query_end = hash == std::string::npos || (p.query != std::string::npos && hash < p.query) ? url.size() : hash;
  return p;
}

// Whether a query parameter's name says its value is a secret.
bool SecretName(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"key", "token", "secret", "pass", "pwd", "sig", "auth", "cred", "session"})
    if (name.find(word) != std::string::npos) return true;
  return false;
}

// Calls f(value_begin, value_end) for each secret query parameter's value.
template <typename F>
void ForEachSecretValue(const std::string& url, const UrlParts& p, F f) {
  if (p.query == std::string::npos) return;
  size_t i = p.query + 1;
  while (i <= p.query_end && i < url.size()) {
    size_t amp = url.find('&', i);
    size_t end = amp == std::string::npos || amp > p.query_end ? p.query_end : amp;
    size_t eq = url.find('=', i);
    if (eq != std::string::npos && eq < end && SecretName(url.substr(i, eq - i)) && eq + 1 < end) f(eq + 1, end);
    i = end + 1;
  }
}

}  // namespace

std::string RedactUrl(const std::string& url) {
  UrlParts p = Split(url);
  std::string out;
  size_t from = 0;
  if (p.at != std::string::npos) {
    out = url.substr(0, p.host) + "[redacted]";
    from = p.at;
  }
  ForEachSecretValue(url, p, [&](size_t b, size_t e) {
    out.append(url, from, b - from);
    out += "[redacted]";
    from = e;
  });
  out.append(url, from, std::string::npos);
  return out;
}

std::vector<std::string> UrlSecrets(const std::string& url) {
  UrlParts p = Split(url);
  std::vector<std::string> out;
  if (p.at != std::string::npos) {
    std::string info = url.substr(p.host, p.at - p.host);
    size_t colon = info.find(':');
    if (colon != std::string::npos) out.push_back(info.substr(colon + 1));
  }
  ForEachSecretValue(url, p, [&](size_t b, size_t e) { out.push_back(url.substr(b, e - b)); });
  out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
  return out;
}

std::string ScrubUrlSecrets(std::string text, const std::string& url) {
  for (const std::string& secret : UrlSecrets(url))
    for (size_t at = secret.size() < 4 ? std::string::npos : text.find(secret); at != std::string::npos;
         at = text.find(secret, at)) {
      text.replace(at, secret.size(), "[redacted]");
      at += 10;
    }
  return text;
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
