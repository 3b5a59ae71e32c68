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

// Results files store the key version: a change of it regrades every
// stored result once. These are the versions of the default keys as of
// commit 562226b (the serialisation of "key version 2"), and must stay.
TEST_CASE("key version: the default keys' versions are pinned", "[key][version]") {
  const std::pair<const char*, const char*> pinned[] = {
      {"cs336-transformer-accounting", "63dad96893ed62b538122bae41456468"},
      {"cs336-adamw-accounting", "01e90bf71ac6c8b0c075656cc9053577"},
      {"eecs182-chinchilla-fermi", "b81350e60af97f850e9a81bfe8201556"},
      {"eecs182-lora", "6032992013fe3b5fe5d304c920466764"},
  };
  for (const auto& [id, version] : pinned) {
    const Problem& p = BuiltinProblems().Get(id);
    INFO(id);
    CHECK(KeyVersion(BuildKey(p, KeyRequest{})) == version);
    // Built eagerly (derivations written), and after a Variant check of
    // other values on this thread, the same.
    CHECK(KeyVersion(BuildKey(p, p.Defaults(), std::nullopt, DerivationMode::kEager)) == version);
    (void)p.Variant(5);
    CHECK(KeyVersion(BuildKey(p, KeyRequest{})) == version);
  }
}

// A variant's key takes over what Problem::Variant's check solved for the
// same values (formula results, bound names, solver results): the key is
// the one built from nothing (eagerly, which takes nothing over).
TEST_CASE("key version: a variant's key equals the one built without Variant's solves", "[key][version]") {
  for (const Problem& p : BuiltinProblems().problems()) {
    for (long variant : {1L, 2L, 17L}) {
      INFO(p.id << " variant " << variant);
      AnswerKey lazy = BuildKey(p, KeyRequest{variant, {}});
      AnswerKey eager = BuildKey(p, ResolveParams(p, KeyRequest{variant, {}}), variant, DerivationMode::kEager);
      CHECK(KeyVersion(lazy) == KeyVersion(eager));
      REQUIRE(lazy.answers.size() == eager.answers.size());
      for (size_t i = 0; i < lazy.answers.size(); ++i) {
        CHECK(lazy.answers[i].formula == eager.answers[i].formula);
        CHECK(lazy.answers[i].steps.get() == eager.answers[i].steps.get());
      }
    }
  }
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
