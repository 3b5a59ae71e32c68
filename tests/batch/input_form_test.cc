// The input-form registry: the forms in order, which form reads which
// input, and entries of a submissions folder.
#include "grader/batch/input_form.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/cli_test_util.h"

namespace fs = std::filesystem;
using grader::testing::FreshTempDir;
using grader::testing::WriteFile;

TEST_CASE("input forms: registered in order, one per input", "[batch][inputs]") {
  std::vector<std::string> names;
  for (const grader::InputForm* f : grader::InputForms()) names.push_back(f->name());
  CHECK(names == std::vector<std::string>{"stdin", "folder", "student-folder", "jsonl", "file"});

  fs::path dir = FreshTempDir("input-forms");
  WriteFile(dir / "subs" / "ada.md", "(a) 1\n");
  WriteFile(dir / "answers.jsonl", "{\"id\": \"x\", \"response\": \"(a) 1\"}\n");
  CHECK(grader::InputFormFor("-").name() == "stdin");
  CHECK(grader::InputFormFor((dir / "subs").string()).name() == "folder");
  CHECK(grader::InputFormFor((dir / "answers.jsonl").string()).name() == "jsonl");
  CHECK(grader::InputFormFor((dir / "subs" / "ada.md").string()).name() == "file");
  CHECK(grader::InputFormFor((dir / "not-there.md").string()).name() == "file");
  CHECK(grader::InputFormFor("-").single_response());
  CHECK(grader::InputFormFor((dir / "subs" / "ada.md").string()).single_response());
  CHECK_FALSE(grader::InputFormFor((dir / "answers.jsonl").string()).single_response());
  CHECK_FALSE(grader::InputFormFor((dir / "subs").string()).single_response());

  grader::BatchInputOptions o;
  auto entry = [&](const fs::path& p, bool is_dir) {
    const grader::InputForm* f = grader::InputFormForEntry(p, is_dir, o);
    return f ? f->name() : std::string("none");
  };
  CHECK(entry(dir / "subs", true) == "student-folder");
  CHECK(entry(dir / "x.jsonl", false) == "jsonl");
  CHECK(entry(dir / "x.MD", false) == "file");
  CHECK(entry(dir / "x.tex", false) == "file");
  CHECK(entry(dir / "x.pdf", false) == "none");
}

TEST_CASE("input forms: path text escapes bytes that are not UTF-8", "[batch][inputs]") {
  CHECK(grader::PathText(std::string("caf\xc3\xa9")) == "caf\xc3\xa9");
  CHECK(grader::PathText(std::string("a\xff" "b")) == "a\\xFFb");
  CHECK(grader::Stem(fs::path("dir/alice.md")) == "alice");
  CHECK(grader::HasExtension(fs::path("A.TXT"), {".txt"}));
  CHECK_FALSE(grader::HasExtension(fs::path("a.txt.gz"), {".txt"}));
}
