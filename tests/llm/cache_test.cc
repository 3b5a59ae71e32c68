// The reply cache: what the key covers, round trips, and corrupt entries.
#include "grader/llm/cache.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "grader/base/sha256.h"
#include "tests/llm/llm_fixture.h"

namespace grader {
namespace {

ChatRequest Request() {
  ChatRequest r;
  r.endpoint = "http://127.0.0.1:9/v1";
  r.model = "m";
  r.messages = {{"user", "How many parameters?"}};
  return r;
}

TEST_CASE("LlmCache key: canonical JSON of everything that decides a reply, never the API key", "[llm][cache]") {
  ChatRequest base = Request();
  CHECK(LlmCache::CanonicalRequest(base) ==
        R"({"extra":{},"format":1,"max_tokens":0,"messages":[{"content":"How many parameters?","role":"user"}],)"
        R"("model":"m","sample":0,"temperature":0.0,"url":"http://127.0.0.1:9/v1/chat/completions"})");
  CHECK(LlmCache::Key(base) == Sha256Hex(LlmCache::CanonicalRequest(base)));
  CHECK(LlmCache::Key(base).size() == 64);

  // The same request through an equivalent endpoint spelling is the same entry.
  ChatRequest slash = base;
  slash.endpoint = "http://127.0.0.1:9/v1/";
  CHECK(LlmCache::Key(slash) == LlmCache::Key(base));

  struct Change {
    const char* what;
    void (*apply)(ChatRequest*);
  };
  const Change changes[] = {
      {"endpoint", [](ChatRequest* r) { r->endpoint = "http://127.0.0.1:10/v1"; }},
      {"model", [](ChatRequest* r) { r->model = "m2"; }},
      {"message", [](ChatRequest* r) { r->messages[0].content += " "; }},
      {"role", [](ChatRequest* r) { r->messages[0].role = "system"; }},
      {"temperature", [](ChatRequest* r) { r->temperature = 0.7; }},
      {"max_tokens", [](ChatRequest* r) { r->max_tokens = 10; }},
      {"sample", [](ChatRequest* r) { r->sample = 1; }},
      {"extra", [](ChatRequest* r) { r->extra["seed"] = 1; }},
  };
  for (const Change& c : changes) {
    INFO(c.what);
    ChatRequest changed = base;
    c.apply(&changed);
    CHECK(LlmCache::Key(changed) != LlmCache::Key(base));
  }

  setenv("GRADER_API_KEY", "sk-test-SECRET", 1);
  std::string with_key = LlmCache::CanonicalRequest(base);
  unsetenv("GRADER_API_KEY");
  CHECK(with_key == LlmCache::CanonicalRequest(base));
  CHECK(with_key.find("SECRET") == std::string::npos);
}

TEST_CASE("LlmCache stores successful replies and reads them back as cache hits", "[llm][cache]") {
  std::string dir = testing::LlmTempDir("cache");
  LlmCache cache(dir);
  ChatRequest r = Request();
  CHECK_FALSE(cache.Load(r).has_value());

  ChatResponse reply;
  reply.content = "2,127,057,600 parameters";
  reply.finish_reason = "stop";
  reply.prompt_tokens = 12;
  reply.completion_tokens = 4;
  reply.latency_ms = 123.5;
  reply.attempts = 2;
  CHECK(cache.Store(r, reply) == "");
  std::string path = cache.PathFor(LlmCache::Key(r));
  CHECK(path == dir + "/" + LlmCache::Key(r).substr(0, 2) + "/" + LlmCache::Key(r) + ".json");
  CHECK(std::filesystem::exists(path));

  std::optional<ChatResponse> hit = cache.Load(r);
  REQUIRE(hit.has_value());
  CHECK(hit->content == "2,127,057,600 parameters");
  CHECK(hit->finish_reason == "stop");
  CHECK(hit->prompt_tokens == 12);
  CHECK(hit->completion_tokens == 4);
  CHECK(hit->latency_ms == 123.5);
  CHECK(hit->attempts == 0);
  CHECK(hit->from_cache);
  CHECK(hit->ok());

  ChatRequest other = r;
  other.sample = 1;
  CHECK_FALSE(cache.Load(other).has_value());

  ChatResponse failed;
  failed.error = "model m: HTTP 500 after 4 attempts";
  CHECK(cache.Store(other, failed) == "not storing a failed reply");
  CHECK_FALSE(std::filesystem::exists(cache.PathFor(LlmCache::Key(other))));
  std::filesystem::remove_all(dir);
}

TEST_CASE("LlmCache treats corrupt or mismatched entries as misses", "[llm][cache]") {
  std::string dir = testing::LlmTempDir("cache-corrupt");
  LlmCache cache(dir);
  ChatRequest r = Request();
  ChatResponse reply;
  reply.content = "ok";
  reply.finish_reason = "stop";
  REQUIRE(cache.Store(r, reply) == "");
  std::string path = cache.PathFor(LlmCache::Key(r));
  std::string good = testing::LlmSlurp(path);

  struct Case {
    const char* what;
    std::string text;
  };
  std::string other_key = good;
  other_key.replace(other_key.find(LlmCache::Key(r)), 64, std::string(64, '0'));
  std::string no_content = good;
  no_content.replace(no_content.find("\"content\""), 9, "\"kontent\"");
  const Case cases[] = {
      {"empty file", ""},
      {"cut short", good.substr(0, good.size() / 2)},
      {"not an object", "[1, 2]"},
      {"another request's entry", other_key},
      {"no content", no_content},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << c.text;
    CHECK_FALSE(cache.Load(r).has_value());
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << good;
  CHECK(cache.Load(r).has_value());
  std::filesystem::remove_all(dir);
}

TEST_CASE("LlmCache::Store reports a folder it cannot write", "[llm][cache]") {
  std::string dir = testing::LlmTempDir("cache-blocked");
  std::ofstream(dir + "/file") << "x";  // a file where the cache folder should be
  LlmCache cache(dir + "/file");
  ChatResponse reply;
  reply.content = "ok";
  std::string error = cache.Store(Request(), reply);
  CHECK(error.rfind("cannot create folder '" + dir + "/file/", 0) == 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grader
