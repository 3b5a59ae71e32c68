// KeyVersion (grader/rubric/grade.h): a key's numbers and text and its
// problem definition's hash, without writing its derivations.
#include <catch2/catch.hpp>

#include "grader/rubric/grade.h"
#include "reference/key.h"

namespace grader {
namespace {

TEST_CASE("key version: reads no derivation and follows the numbers", "[key][version]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  REQUIRE(p.definition_hash.size() == 32);
  AnswerKey key = BuildKey(p, KeyRequest{3, {}});
  std::string v = KeyVersion(key);
  CHECK(v.size() == 32);
  for (const KeyAnswer& a : key.answers) {
    CHECK_FALSE(a.steps.written());
    for (const KeyAlternative& m : a.mistakes) CHECK_FALSE(m.steps.written());
  }
  // The same key built eagerly (derivations written) has the same version.
  AnswerKey eager = BuildKey(p, ResolveParams(p, KeyRequest{3, {}}), 3, DerivationMode::kEager);
  CHECK(KeyVersion(eager) == v);
  // Another variant, another parameter value, another version.
  CHECK(KeyVersion(BuildKey(p, KeyRequest{4, {}})) != v);
  CHECK(KeyVersion(BuildKey(p, KeyRequest{3, {"num_layers=16"}})) != KeyVersion(BuildKey(p, KeyRequest{3, {"num_layers=20"}})));
  // A changed number or text changes it.
  AnswerKey changed = key;
  REQUIRE(changed.answers[0].number);
  changed.answers[0].number = Value(Exact(changed.answers[0].number->exact() + 1));
  CHECK(KeyVersion(changed) != v);
  changed = key;
  changed.answers[1].description += " ";
  CHECK(KeyVersion(changed) != v);
  // A changed definition (same numbers) changes it: the derivations may differ.
  changed = key;
  changed.definition_hash[0] = changed.definition_hash[0] == '0' ? '1' : '0';
  CHECK(KeyVersion(changed) != v);
}

TEST_CASE("key version: a key not built from a problem file hashes its derivations", "[key][version]") {
  AnswerKey key;
  key.problem_id = "p";
  KeyAnswer a;
  a.id = "x";
  a.number = Value(Exact(7));
  a.steps = Derivation(std::vector<std::string>{"x = 7"});
  key.answers.push_back(a);
  std::string v = KeyVersion(key);
  key.answers[0].steps = Derivation(std::vector<std::string>{"x = 3 + 4"});
  CHECK(KeyVersion(key) != v);
}

}  // namespace
}  // namespace grader
