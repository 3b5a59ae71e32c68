// AppendLog: lines from several threads arrive whole, buffered lines reach
// the file on Flush and on destruction, and a torn last line left by a
// killed run is ended before new lines are added.
#include "grader/base/append_log.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "grader/base/error.h"
#include "tests/cli_test_util.h"

namespace {

namespace fs = std::filesystem;
using grader::AppendLog;
using grader::testing::FreshTempDir;
using grader::testing::ReadFile;
using grader::testing::WriteFile;

TEST_CASE("AppendLog keeps lines in the buffer until it fills or is flushed", "[append_log]") {
  fs::path path = FreshTempDir("append-log-buffer") / "log.jsonl";
  AppendLog log(path.string(), 64);
  log.Append("first");
  CHECK(ReadFile(path).empty());
  log.Flush();
  CHECK(ReadFile(path) == "first\n");
  std::string long_line(70, 'x');
  log.Append(long_line);  // past the buffer: written at once
  CHECK(ReadFile(path) == "first\n" + long_line + "\n");
  log.Append("last");
  CHECK(log.ok());
}

TEST_CASE("AppendLog flushes when destroyed and appends to what is there", "[append_log]") {
  fs::path path = FreshTempDir("append-log-reopen") / "log.jsonl";
  { AppendLog(path.string()).Append("one"); }
  { AppendLog(path.string()).Append("two"); }
  CHECK(ReadFile(path) == "one\ntwo\n");
}

TEST_CASE("AppendLog ends a torn last line before adding its own", "[append_log]") {
  fs::path path = FreshTempDir("append-log-torn") / "log.jsonl";
  WriteFile(path, "{\"id\":\"a\"}\n{\"id\":\"b\",\"sco");
  { AppendLog(path.string()).Append("{\"id\":\"c\"}"); }
  CHECK(ReadFile(path) == "{\"id\":\"a\"}\n{\"id\":\"b\",\"sco\n{\"id\":\"c\"}\n");
}

TEST_CASE("AppendLog takes lines from several threads whole", "[append_log]") {
  fs::path path = FreshTempDir("append-log-threads") / "log.jsonl";
  {
    AppendLog log(path.string(), 1000);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&log, t] {
        for (int k = 0; k < 500; ++k) log.Append("thread " + std::to_string(t) + " line " + std::to_string(k));
      });
    for (std::thread& th : threads) th.join();
  }
  std::istringstream in(ReadFile(path));
  std::set<std::string> lines;
  std::string line;
  size_t count = 0;
  while (std::getline(in, line)) {
    lines.insert(line);
    ++count;
  }
  CHECK(count == 2000);
  CHECK(lines.size() == 2000);
  CHECK(lines.count("thread 3 line 499") == 1);
}

TEST_CASE("AppendLog names the file it cannot open", "[append_log]") {
  fs::path path = FreshTempDir("append-log-missing") / "no-such-folder" / "log.jsonl";
  CHECK_THROWS_WITH(AppendLog(path.string()), Catch::Contains("cannot write '" + path.string() + "'"));
}

}  // namespace
