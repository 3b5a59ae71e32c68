#include "grader/batch/inputs.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "grader/base/error.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("grader-input-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

TEST_CASE("CheckText: what cannot be graded, and why", "[batch]") {
  struct Case { std::string text; const char* why; };
  const Case cases[] = {
      {"The answer is 42.", ""},
      {"", "empty submission"},
      {" \n\t\r\n", "empty submission"},
      {std::string("\x1f\x8b\x08\x00", 4), "binary file (gzip); unpack it first"},
      {std::string("\xff\xfeh\0i\0", 6), "UTF-16 text; save it as UTF-8"},
      {std::string("abc\0def", 7), "binary file (contains NUL bytes)"},
      {"%PDF-1.7 ...", "a PDF file; extract its text first"},
      {std::string(100, '\x01'), "binary file (mostly control characters)"},
      {std::string(2000, 'x'), "larger than the 1000-byte limit (raise it with --max-bytes)"},
  };
  for (const Case& c : cases) {
    INFO(c.why);
    CHECK(CheckText(c.text, 1000) == c.why);
  }
}

TEST_CASE("CheckText: the block screen decides as a byte-at-a-time reading", "[batch]") {
  // The reference: the first 8 KB, a NUL anywhere there, or more than a
  // tenth control bytes other than \n \r \t \f.
  auto reference = [](const std::string& t) -> std::string {
    size_t sample = std::min<size_t>(t.size(), 8192), control = 0;
    for (size_t i = 0; i < sample; ++i) {
      unsigned char c = static_cast<unsigned char>(t[i]);
      if (c == 0) return "binary file (contains NUL bytes)";
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return control * 10 > sample ? "binary file (mostly control characters)" : "";
  };
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  const char pool[] = {'a', ' ', '\n', '\r', '\t', '\f', '\x01', '\x1f', '\x20', '\x7f', '\x80', '\xe2', '\xff', '\x1b'};
  size_t binary = 0, text = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string t = "x";  // not empty, not a known binary header
    const size_t len = next() % 9000;
    const unsigned control_share = next() % 100;  // percent of bytes drawn from the whole pool
    for (size_t i = 0; i < len; ++i)
      t += next() % 100 < control_share ? pool[next() % sizeof pool] : static_cast<char>('a' + next() % 26);
    if (next() % 4 == 0) t[next() % std::min<size_t>(t.size(), 8300)] = '\0';  // NUL, maybe past the sample
    INFO("round " << round << ", " << t.size() << " bytes");
    const std::string want = reference(t);
    REQUIRE(CheckText(t, 1 << 20) == want);
    (want.empty() ? text : binary)++;
  }
  CHECK(binary > 300);  // both answers were drawn often
  CHECK(text > 300);
}

// A batch's worker reads each response into the memory of the one before
// (LoadDeferred's buffer): a shorter file after a longer one, a longer one
// after a shorter one and an empty buffer all read exactly the file, and a
// buffer with room is used in place (no allocation).
TEST_CASE("LoadDeferred: a reused buffer holds exactly the file read into it", "[batch]") {
  fs::path dir = TempDir("load-buffer");
  const std::string long_text = "(a) " + std::string(5000, 'L') + " end\n";
  const std::string short_text = "(a) 42\n";
  const std::string mid_text = "(a) " + std::string(300, 'm') + "\n";
  Write(dir / "long.md", long_text);
  Write(dir / "short.md", short_text);
  Write(dir / "mid.md", mid_text);
  BatchInputOptions o;
  auto load = [&](const std::string& name, std::string* buffer) {
    Submission s;
    s.id = name;
    s.path = (dir / name).string();
    REQUIRE(s.Deferred());
    LoadDeferred(&s, o, buffer);
    REQUIRE(s.error.empty());
    return s;
  };
  std::string buffer;
  Submission a = load("long.md", &buffer);
  CHECK(a.text == long_text);
  CHECK(buffer.empty());  // swapped out of it
  const char* memory = a.text.data();
  buffer.swap(a.text);    // the worker is done with it
  Submission b = load("short.md", &buffer);
  CHECK(b.text == short_text);  // nothing of the longer text left over
  CHECK(b.text.data() == memory);  // read in place
  buffer.swap(b.text);
  Submission c = load("mid.md", &buffer);
  CHECK(c.text == mid_text);
  CHECK(c.text.data() == memory);
  Submission d = load("short.md", nullptr);
  CHECK(d.text == short_text);
  fs::remove_all(dir);
}

TEST_CASE("CollectSubmissions: folders, sub-folders, JSONL, errors and duplicates", "[batch]") {
  fs::path dir = TempDir("collect");
  Write(dir / "subs" / "alice.md", "(a) 42");
  Write(dir / "subs" / "bob.txt", "");
  Write(dir / "subs" / "carol" / "1.md", "part one");
  Write(dir / "subs" / "carol" / "2.tex", "part two");
  Write(dir / "subs" / "notes.pdf", "%PDF");
  Write(dir / "subs" / ".hidden.md", "skip me");
  Write(dir / "llm.jsonl",
        "{\"id\": \"m1\", \"model\": \"x\", \"response\": \"hi\", \"latency_ms\": 12}\n"
        "not json\n"
        "{\"id\": \"alice\", \"response\": \"dup\"}\n"
        "{\"id\": \"m2\", \"error\": \"HTTP 500 after 4 attempts\"}\n"
        "\n"
        "{\"id\": \"m3\", \"variant\": 2, \"params\": {\"d_model\": \"1024\"}, \"response\": \"ok\"}\n"
        "{\"id\": \"deep\", \"response\": \"ok\", \"meta\": " + std::string(65, '[') + std::string(65, ']') + "}\n"
        "{\"id\": \"ok64\", \"response\": \"[[[[ ok\", \"meta\": " + std::string(63, '[') + std::string(63, ']') + "}\n");
  std::vector<Submission> subs = CollectSubmissions({(dir / "subs").string(), (dir / "llm.jsonl").string()}, {});
  std::vector<std::string> ids, errors;
  for (const Submission& s : subs) {
    ids.push_back(s.id);
    errors.push_back(s.error);
  }
  CHECK(ids == std::vector<std::string>{"alice", "bob", "carol", "notes", "m1", "llm:2", "alice", "m2", "m3", "llm:7", "ok64"});
  CHECK(errors[0] == "");
  CHECK(errors[1] == "empty submission");
  CHECK(subs[2].text == "part one\n\npart two");
  CHECK(errors[3] == "not a .md, .txt or .tex file (.pdf)");
  CHECK(subs[4].model == "x");
  CHECK(subs[4].metadata["latency_ms"] == 12);
  CHECK(errors[5] == "invalid JSON: parse error at line 1, column 2: syntax error while parsing value - invalid literal; last read: 'no'");
  CHECK(errors[6] == "duplicate id 'alice': also in " + (dir / "subs" / "alice.md").string() + " (this one, " +
                         (dir / "llm.jsonl").string() + ":3, is not graded)");
  CHECK(errors[7] == "no response: HTTP 500 after 4 attempts");
  CHECK(*subs[8].variant == 2);
  CHECK(subs[8].params.at("d_model") == "1024");
  CHECK(errors[9] == "invalid JSON: nesting deeper than 64 levels");
  CHECK(errors[10] == "");
  CHECK_THROWS_WITH(CollectSubmissions({(dir / "nope").string()}, {}),
                    "input '" + (dir / "nope").string() + "' does not exist");
  fs::remove_all(dir);
}

TEST_CASE("CollectSubmissions: names that are not UTF-8 become ids with hex escapes", "[batch]") {
  fs::path dir = TempDir("names");
  Write(dir / "subs" / "bad\xFFname.md", "(a) 42");
  Write(dir / "subs" / "bad\xFEname.md", "(a) 43");
  Write(dir / "subs" / "caf\xC3\xA9" / "1.md", "(a) 44");
  std::vector<Submission> subs = CollectSubmissions({(dir / "subs").string()}, {});
  REQUIRE(subs.size() == 3);
  CHECK(subs[0].id == "bad\\xFEname");
  CHECK(subs[0].source == (dir / "subs").string() + "/bad\\xFEname.md");
  CHECK(subs[1].id == "bad\\xFFname");
  CHECK(subs[1].error == "");
  CHECK(subs[2].id == "caf\xC3\xA9");  // valid UTF-8 is kept
  fs::remove_all(dir);
}

TEST_CASE("CSV: quoting, rosters and overrides", "[batch]") {
  auto rows = ParseCsv("f.csv", "id,comment\n\"a,b\",\"say \"\"hi\"\"\nthere\"\r\nc,\n");
  CHECK(ParseCsv("f.csv", "x,caf\xC3\xA9 \xFF\n") == std::vector<std::vector<std::string>>{{"x", "caf\xC3\xA9 \\xFF"}});
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == std::vector<std::string>{"a,b", "say \"hi\"\nthere"});
  CHECK(rows[2] == std::vector<std::string>{"c", ""});
  CHECK_THROWS_WITH(ParseCsv("f.csv", "id\n\"open"), "f.csv:2: unterminated quoted cell");
  fs::path dir = TempDir("csv");
  Write(dir / "roster.csv", "id,variant,d_model\nalice,3,\nbob,,1024\nzed,1,\n");
  std::vector<Submission> subs(2);
  subs[0].id = "alice";
  subs[1].id = "bob";
  std::vector<std::string> notes;
  ApplyRoster((dir / "roster.csv").string(), &subs, &notes);
  CHECK(*subs[0].variant == 3);
  CHECK(subs[1].params.at("d_model") == "1024");
  CHECK(notes == std::vector<std::string>{(dir / "roster.csv").string() + ":4: no submission with id 'zed'"});
  // A header's columns are checked: a misspelled one refuses the file (issue 15).
  const std::string order = " (the columns are id,check,credit[,comment[,who,when]], in this order)";
  Write(dir / "over.csv", "id,check,credit,comentt\nalice,clear,1,fine\n");
  CHECK_THROWS_WITH(LoadOverrides((dir / "over.csv").string()),
                    (dir / "over.csv").string() + ":1: column 'comentt' is not a column of an overrides file; "
                                                  "did you mean 'comment'?" + order);
  Write(dir / "over.csv", "id,credit,check\nalice,1,clear\n");
  CHECK_THROWS_WITH(LoadOverrides((dir / "over.csv").string()),
                    (dir / "over.csv").string() + ":1: column 2 is 'credit', expected 'check'" + order);
  Write(dir / "over.csv", "id,check,credit,comment,who,when,who\nalice,clear,1,,ta,now,ta\n");
  CHECK_THROWS_WITH(LoadOverrides((dir / "over.csv").string()),
                    (dir / "over.csv").string() + ":1: column 7 is 'who'" + order);
  Write(dir / "over.csv", "id,check,credit,comment,who,when\nalice,clear,1,ok,ta,2026-12-07\n");
  CHECK(LoadOverrides((dir / "over.csv").string()).size() == 1);
  Write(dir / "over.csv", "id,check,credit,comment\nalice,clear,1,fine\nbob,clear,2,\n");
  CHECK_THROWS_WITH(LoadOverrides((dir / "over.csv").string()),
                    (dir / "over.csv").string() + ":3: credit '2' must be a number from 0 to 1");
  fs::remove_all(dir);
}

// A hostile cell (megabytes of it) is quoted in a message by its first 40
// bytes, cut between characters, and its size.
TEST_CASE("CSV: long cells are shortened in messages", "[batch]") {
  fs::path dir = TempDir("csv-long");
  std::string huge = "\xC3\xA9" + std::string(39, '7') + std::string(1000000, '8');  // é, then digits
  Write(dir / "roster.csv", "id,variant\nalice," + huge + "\n" + std::string(2000, 'z') + ",1\n");
  std::vector<Submission> subs(1);
  subs[0].id = "alice";
  CHECK_THROWS_WITH(ApplyRoster((dir / "roster.csv").string(), &subs, nullptr),
                    (dir / "roster.csv").string() + ":2: variant '\xC3\xA9" + std::string(38, '7') +
                        "... (1000041 bytes)' is not a whole number");
  Write(dir / "roster.csv", "id,variant\n" + std::string(2000, 'z') + ",1\n");
  std::vector<std::string> notes;
  ApplyRoster((dir / "roster.csv").string(), &subs, &notes);
  CHECK(notes == std::vector<std::string>{(dir / "roster.csv").string() + ":2: no submission with id '" +
                                          std::string(40, 'z') + "... (2000 bytes)'"});
  Write(dir / "over.csv", "id,check,credit\nalice,clear," + huge + "\n");
  CHECK_THROWS_WITH(LoadOverrides((dir / "over.csv").string()),
                    (dir / "over.csv").string() + ":2: credit '\xC3\xA9" + std::string(38, '7') +
                        "... (1000041 bytes)' must be a number from 0 to 1");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace grader
