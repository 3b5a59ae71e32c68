// The chat-completions wire format: URLs, request bodies, reply parsing.
#include "grader/llm/chat.h"

#include <catch2/catch.hpp>

namespace grader {
namespace {

TEST_CASE("ChatCompletionsUrl appends the path once, RedactUrl drops credentials", "[llm][chat]") {
  struct Case {
    const char* endpoint;
    const char* url;
  };
  const Case cases[] = {
      {"http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/chat/completions"},
      {"http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1/chat/completions"},
      {"http://h/v1/chat/completions", "http://h/v1/chat/completions"},
      {"https://api.example.com", "https://api.example.com/chat/completions"},
  };
  for (const Case& c : cases) CHECK(ChatCompletionsUrl(c.endpoint) == c.url);
  CHECK(RedactUrl("http://user:pw@host:8/v1/chat/completions") == "http://[redacted]@host:8/v1/chat/completions");
  CHECK(RedactUrl("https://h/v1?api_key=abc&api-version=2024&Token=x#frag") ==
        "https://h/v1?api_key=[redacted]&api-version=2024&Token=[redacted]#frag");
  CHECK(RedactUrl("http://u:p@h/v1?sig=1&access_token=2") == "http://[redacted]@h/v1?sig=[redacted]&access_token=[redacted]");
  CHECK(UrlSecrets("http://u:pw@h/v1?key=k1&x=2") == std::vector<std::string>{"pw", "k1"});
  CHECK(ScrubUrlSecrets("HTTP 401: bad password hunter22 for ?key=longkey9", "http://u:hunter22@h/v1?key=longkey9") ==
        "HTTP 401: bad password [redacted] for ?key=[redacted]");
  CHECK(ChatCompletionsUrl("http://h/v1?api-version=2") == "http://h/v1/chat/completions?api-version=2");
  CHECK(RedactUrl("http://host:8/v1/a@b") == "http://host:8/v1/a@b");
  CHECK(RedactUrl("http://host:8/v1") == "http://host:8/v1");
}

TEST_CASE("ChatRequestBody sends model, messages, sampling and extra fields", "[llm][chat]") {
  ChatRequest r;
  r.endpoint = "http://x/v1";
  r.model = "m";
  r.messages = {{"system", "be brief"}, {"user", "2+2?"}};
  r.temperature = 0.5;
  r.sample = 3;  // not sent
  CHECK(ChatRequestBody(r).dump() ==
        R"({"messages":[{"content":"be brief","role":"system"},{"content":"2+2?","role":"user"}],"model":"m","temperature":0.5})");
  r.max_tokens = 64;
  r.extra["seed"] = 7;
  CHECK(ChatRequestBody(r).dump() ==
        R"({"max_tokens":64,"messages":[{"content":"be brief","role":"system"},{"content":"2+2?","role":"user"}],"model":"m","seed":7,"temperature":0.5})");
}

TEST_CASE("ParseChatReply reads content, finish reason and usage, or says why not", "[llm][chat]") {
  struct Case {
    const char* body;
    const char* error;
    const char* content;
    const char* finish;
    long prompt, completion;
  };
  const Case cases[] = {
      {R"({"choices":[{"message":{"role":"assistant","content":"4"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1}})",
       "", "4", "stop", 9, 1},
      {R"({"choices":[{"message":{"content":"long"},"finish_reason":"length"}]})", "", "long", "length", 0, 0},
      {R"({"choices":[{"message":{"content":""}}]})", "", "", "", 0, 0},
      {R"({"choices":[{"message":{"content":null},"finish_reason":"tool_calls"}]})",
       "reply has no choices[0].message.content", "", "", 0, 0},
      {R"({"choices":[]})", "reply has no choices[0].message.content", "", "", 0, 0},
      {R"({"error":{"message":"x"}})", "reply has no choices[0].message.content", "", "", 0, 0},
      {R"({"choices":[{"message":{"content":"cut)", "invalid JSON in reply", "", "", 0, 0},
      {"", "invalid JSON in reply", "", "", 0, 0},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    ChatResponse out;
    CHECK(ParseChatReply(c.body, &out) == c.error);
    CHECK(out.content == c.content);
    CHECK(out.finish_reason == c.finish);
    CHECK(out.prompt_tokens == c.prompt);
    CHECK(out.completion_tokens == c.completion);
  }
}

TEST_CASE("ServerErrorMessage prefers the server's message and keeps it on one line", "[llm][chat]") {
  CHECK(ServerErrorMessage(R"({"error":{"message":"model 'x' not found","type":"invalid_request_error"}})") ==
        "model 'x' not found");
  CHECK(ServerErrorMessage(R"({"error":"bad key"})") == "bad key");
  CHECK(ServerErrorMessage("Bad Gateway\n") == "Bad Gateway");
  CHECK(ServerErrorMessage(std::string(300, 'z')) == std::string(200, 'z'));
  CHECK(ServerErrorMessage("") == "");
}

}  // namespace
}  // namespace grader
