#include "reports/file_names.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <set>

#include "grader/base/sha256.h"

namespace grader {
namespace {

TEST_CASE("SafeFileIds makes each id a safe file name", "[reports][file_names]") {
  struct Case { std::string id, file_id; };
  const Case cases[] = {
      {"alice", "alice"},
      {"bob.smith-2_x", "bob.smith-2_x"},
      {"a/b", "a_b"},
      {"../../etc/passwd", "___.._etc_passwd"},
      {"..", "__"},
      {".", "_"},
      {".hidden", "_hidden"},
      {"", "_"},
      {std::string("nul\0byte", 8), "nul_byte"},
      {"tab\there\nnewline", "tab_here_newline"},
      {"C:\\Users\\x", "C__Users_x"},
      {"José Müller", "Jos__M_ller"},      // one '_' per character, not per byte
      {"bad\xFFutf8", "bad_utf8"},
      {"con", "_con"},
      {"LPT1.txt", "_LPT1.txt"},
      {"console", "console"},
      {"v1.0.", "v1.0_"},
  };
  for (const Case& c : cases) {
    INFO(c.id);
    CHECK(SafeFileIds({c.id}, nullptr) == std::vector<std::string>{c.file_id});
  }
}

TEST_CASE("SafeFileIds caps long ids with a hash of the full id", "[reports][file_names]") {
  std::string long_id(10000, 'x');
  std::string other = long_id + "y";
  std::vector<std::string> out = SafeFileIds({long_id, other}, nullptr);
  CHECK(out[0].size() == kMaxFileIdBytes);
  CHECK(out[0] == std::string(91, 'x') + "-" + Sha256Hex(long_id).substr(0, 8));
  CHECK(out[1] == std::string(91, 'x') + "-" + Sha256Hex(other).substr(0, 8));
  CHECK(SafeFileIds({std::string(100, 'z')}, nullptr)[0] == std::string(100, 'z'));
}

TEST_CASE("SafeFileIds resolves collisions, ignoring case, and notes every change", "[reports][file_names]") {
  std::vector<std::string> notes;
  std::vector<std::string> out = SafeFileIds({"alice", "a/b", "Alice", "a_b", "ALICE", "alice-2", "", ".."}, &notes);
  CHECK(out == std::vector<std::string>{"alice", "a_b", "Alice-3", "a_b-2", "ALICE-4", "alice-2", "_", "__"});
  CHECK(notes == std::vector<std::string>{
                     "id 'a/b' is written as 'a_b'",
                     "id 'Alice' is written as 'Alice-3' (it collides with 'alice')",
                     "id 'a_b' is written as 'a_b-2' (it collides with 'a/b')",
                     "id 'ALICE' is written as 'ALICE-4' (it collides with 'alice')",
                     "id '' is written as '_'",
                     "id '..' is written as '__'",
                 });
}

TEST_CASE("SafeFileIds gives duplicate ids distinct names and keeps suffixed long ids in the cap", "[reports][file_names]") {
  CHECK(SafeFileIds({"x", "x", "x"}, nullptr) == std::vector<std::string>{"x", "x-2", "x-3"});
  std::string id(100, 'q');
  std::vector<std::string> out = SafeFileIds({id, id}, nullptr);
  CHECK(out[1] == std::string(98, 'q') + "-2");
}

TEST_CASE("SafeFileIds gives 20,000 ids of one safe form the smallest free suffixes", "[reports][file_names]") {
  // Each collider takes the smallest free "-N", skipping names other ids own
  // ("x-3", "X-5"); this used to cost n^2 (47 s for these ids).
  std::vector<std::string> ids = {"x", "x-3", "X-5"};
  for (int k = 0; k < 20000; ++k) ids.push_back("x");
  std::vector<std::string> out = SafeFileIds(ids, nullptr);
  REQUIRE(out.size() == ids.size());
  CHECK(out[3] == "x-2");
  CHECK(out[4] == "x-4");
  CHECK(out[5] == "x-6");
  CHECK(out.back() == "x-20003");
  std::set<std::string> lower;
  for (std::string f : out) {
    for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    lower.insert(f);
  }
  CHECK(lower.size() == out.size());
}

TEST_CASE("QuoteId shows control bytes and cuts long ids", "[reports][file_names]") {
  CHECK(QuoteId(std::string("a\0b\n", 4)) == "'a\\x00b\\x0A'");
  CHECK(QuoteId(std::string(10000, 'x')) == "'" + std::string(60, 'x') + "... (10000 bytes)'");
  std::vector<std::string> notes;
  SafeFileIds({std::string(10000, 'x')}, &notes);
  CHECK(notes.size() == 1);
}

}  // namespace
}  // namespace grader
