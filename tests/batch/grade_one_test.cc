// GradeSubmission and its neighbours, without files or threads.
#include "grader/batch/grade_one.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "grader/rubric/grade.h"
#include "reference/problem.h"

namespace {

const std::string kRubric = std::string(GRADER_SOURCE_DIR) + "/rubrics/cs336-transformer-accounting.json";

}  // namespace

TEST_CASE("grade one: a graded line and its record agree", "[batch][grade-one]") {
  grader::Rubric rubric = grader::LoadRubricFile(kRubric);
  const grader::Problem& problem = grader::BuiltinProblems().Get(rubric.problem);
  grader::KeyEntry key;
  key.key = grader::BuildKey(problem, grader::KeyRequest{});
  key.version = grader::KeyVersion(key.key);
  grader::Submission s;
  s.id = "ada";
  s.source = "subs/ada.md";
  s.text = "(a) The model has 2,127,057,600 parameters.\n";
  std::string hash = grader::ContentHash(s.text), print = "fp";
  std::vector<grader::Override> overrides{{"fp32_memory", grader::Exact(1), "TA: shown in the notebook"}};
  grader::GradedLine g = grader::GradeSubmission(rubric, {s, "ada", key, hash, print, &overrides, nullptr});
  nlohmann::json j = nlohmann::json::parse(g.line);
  CHECK(j["id"] == "ada");
  CHECK(j["source"] == "subs/ada.md");
  CHECK(j["status"] == "graded");
  CHECK(j["fingerprint"] == "fp");
  CHECK(j["content_hash"] == hash);
  CHECK(j["overrides"][0]["item"] == "fp32_memory");
  CHECK(j["versions"]["key"] == key.version);
  CHECK(g.record.id == "ada");
  CHECK(g.record.graded());
  CHECK(g.record.score == j["score"].get<double>());
  CHECK(g.record.score > 0);
}

TEST_CASE("grade one: error lines, fingerprints, the judge's settings", "[batch][grade-one]") {
  grader::Submission s;
  s.id = "ben";
  s.source = "answers.jsonl:3";
  s.model = "m";
  grader::GradedLine g = grader::ErrorSubmission(s, "ben", "empty submission");
  CHECK(g.line == R"({"id":"ben","file_id":"ben","source":"answers.jsonl:3","model":"m","status":"error","error":"empty submission"})");
  CHECK_FALSE(g.record.graded());
  CHECK(g.record.error == "empty submission");

  grader::FingerprintInputs in{"c", "r", "k", "", "no-judge", "ben", false};
  std::string base = grader::SubmissionFingerprint(in);
  CHECK(base.size() == 32);
  // The recorded value: ContentHash of the fields joined by '|' (hashed piece
  // by piece, not joined), whatever the fields hold.
  CHECK(base == grader::ContentHash(std::string("c|r|k|") + grader::GraderVersion() + "||no-judge|ben||"));
  {
    grader::FingerprintInputs full{"0123456789abcdef0123456789abcdef", "rv", "kv", "x=1:;", "judge|m", "ann/1", true,
                                   "{\"id\":\"ann\",\"metadata\":{\"é\":1}}"};
    CHECK(grader::SubmissionFingerprint(full) ==
          grader::ContentHash(full.content_hash + "|rv|kv|" + grader::GraderVersion() + "|x=1:;|judge|m|ann/1|gs|" +
                              full.head));
  }
  in.gradescope = true;
  CHECK(grader::SubmissionFingerprint(in) != base);
  in.gradescope = false;
  in.overrides = "x=1:;";
  CHECK(grader::SubmissionFingerprint(in) != base);

  grader::JudgeOptions judge;
  CHECK(grader::JudgeFingerprint(judge) == "no-judge");
  judge.endpoint = "http://127.0.0.1:9/v1";
  judge.model = "j";
  judge.samples = 3;
  CHECK(grader::JudgeFingerprint(judge) ==
        "http://127.0.0.1:9/v1|j|3|" + std::to_string(judge.max_invalid_retries));
}

TEST_CASE("grade one: extraction options kept with the key give the same line as options made per submission",
          "[batch][grade-one]") {
  grader::Rubric rubric = grader::LoadRubricFile(kRubric);
  const grader::Problem& problem = grader::BuiltinProblems().Get(rubric.problem);
  grader::KeyEntry plain;
  plain.key = grader::BuildKey(problem, grader::KeyRequest{});
  plain.version = grader::KeyVersion(plain.key);
  grader::KeyEntry kept = plain;
  kept.extract = grader::GradingExtractOptions(kept.key);
  REQUIRE(kept.extract->section_only);
  REQUIRE(kept.extract->parts.size() == plain.key.parts.size());
  grader::Submission s;
  s.id = "ada";
  s.text = "## Problem (transformer_accounting)\n\n(a) The model has 2,127,057,600 parameters.\n\n"
           "(b) Forward FLOPs: about 4.5 TFLOPs.\n";
  std::string hash = grader::ContentHash(s.text), print = "fp";
  grader::GradedLine a = grader::GradeSubmission(rubric, {s, "ada", plain, hash, print, nullptr, nullptr});
  grader::GradedLine b = grader::GradeSubmission(rubric, {s, "ada", kept, hash, print, nullptr, nullptr});
  CHECK(a.line == b.line);
  CHECK(a.record.score == b.record.score);
  CHECK(b.record.score > 0);
  // The kept options are the ones read: without the problem's parts, part
  // (a)'s answer is not found in its part and the line differs.
  grader::KeyEntry emptied = kept;
  emptied.extract = grader::ExtractOptions{};
  emptied.extract->section_only = true;
  emptied.extract->part_ids = {"zz"};
  grader::GradedLine c = grader::GradeSubmission(rubric, {s, "ada", emptied, hash, print, nullptr, nullptr});
  CHECK(c.line != a.line);
}
