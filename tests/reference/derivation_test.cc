// A key's derivations are written when first read (reference/key.h,
// Derivation); the lines must be those an eager build writes from the same
// solves as the numbers, for every shipped problem and several variants.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "grader/base/error.h"

#include "reference/key.h"
#include "reference/key_render.h"

namespace grader {
namespace {

size_t Lines(const AnswerKey& key) {
  size_t n = 0;
  for (const KeyAnswer& a : key.answers) {
    n += a.steps.size();
    for (const KeyAlternative& c : a.conventions) n += c.steps.size();
    for (const KeyAlternative& m : a.mistakes) n += m.steps.size();
  }
  return n;
}

TEST_CASE("key: lazily written derivations equal eagerly written ones", "[key][derivation]") {
  REQUIRE(BuiltinProblems().problems().size() >= 8);
  for (const Problem& p : BuiltinProblems().problems()) {
    for (long variant : {0L, 1L, 7L, 42L}) {
      CAPTURE(p.id, variant);
      ParamValues values = p.Variant(variant);
      AnswerKey eager = BuildKey(p, values, variant, DerivationMode::kEager);
      AnswerKey lazy = BuildKey(p, values, variant, DerivationMode::kLazy);
      REQUIRE(lazy.answers.size() == eager.answers.size());
      REQUIRE_FALSE(lazy.answers.empty());
      // Nothing is written until read.
      for (const KeyAnswer& a : lazy.answers) {
        CHECK_FALSE(a.steps.written());
        for (const KeyAlternative& m : a.mistakes) CHECK_FALSE(m.steps.written());
      }
      for (size_t i = 0; i < eager.answers.size(); ++i) {
        const KeyAnswer& e = eager.answers[i];
        const KeyAnswer& l = lazy.answers[i];
        CAPTURE(e.id);
        CHECK(l.number.has_value() == e.number.has_value());
        if (e.number && l.number) CHECK(l.number->ToString() == e.number->ToString());
        CHECK(l.steps.get() == e.steps.get());
        REQUIRE(l.conventions.size() == e.conventions.size());
        for (size_t k = 0; k < e.conventions.size(); ++k) CHECK(l.conventions[k].steps.get() == e.conventions[k].steps.get());
        REQUIRE(l.mistakes.size() == e.mistakes.size());
        for (size_t k = 0; k < e.mistakes.size(); ++k) CHECK(l.mistakes[k].steps.get() == e.mistakes[k].steps.get());
      }
      CHECK(Lines(eager) > 0);
      CHECK(Lines(lazy) == Lines(eager));
      // The whole key as `grader key --json` and KeyVersion read it.
      CHECK(KeyToJson(lazy).dump() == KeyToJson(eager).dump());
    }
  }
}

TEST_CASE("key: a derivation read from a copy of the key is written once", "[key][derivation]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  AnswerKey key = BuildKey(p, p.Defaults());
  AnswerKey copy = key;
  const KeyAnswer* a = copy.Find("total_params");
  REQUIRE(a);
  CHECK_FALSE(key.Find("total_params")->steps.written());
  CHECK(a->steps.back() == "total = embedding + positional + L · block + final norm + output = 80,411,200 + 0 + "
                           "1,966,233,600 + 1,600 + 80,411,200 = 2,127,057,600");
  CHECK(key.Find("total_params")->steps.written());  // copies share the lines
  const KeyAnswer* ffn = key.Find("ffn_params");
  REQUIRE(ffn);
  REQUIRE_FALSE(ffn->mistakes.empty());
  CHECK(ffn->mistakes[0].steps.front().rfind("with ", 0) == 0);
}

TEST_CASE("key: inconsistent values fail with the same message in both modes", "[key][derivation]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  ParamValues values = p.Defaults();
  p.Apply({"num_heads=7"}, &values);
  CHECK_THROWS_WITH(BuildKey(p, values), "transformer: d_model (1,600) must be divisible by num_heads (7)");
  CHECK_THROWS_WITH(BuildKey(p, values, std::nullopt, DerivationMode::kEager),
                    "transformer: d_model (1,600) must be divisible by num_heads (7)");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("key: a problem records the solver outputs it reads, and a key solves for those", "[key][wanted]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  const Computation* xl = nullptr;
  for (const Computation& c : p.computations)
    if (c.id == "xl") xl = &c;
  REQUIRE(xl);
  REQUIRE(xl->outputs_read);
  const std::vector<std::string>& read = *xl->outputs_read;
  auto has = [&](const std::string& id) { return std::find(read.begin(), read.end(), id) != read.end(); };
  CHECK(has("total_params"));
  CHECK(has("lm_head_flop_share"));
  CHECK_FALSE(has("train_flops_6nd"));  // no answer reads it
  // A convention that changes inputs reads only its own output.
  const AnswerSpec* total = p.FindAnswer("total_params");
  REQUIRE(total);
  REQUIRE_FALSE(total->conventions.empty());
  const Source& tied = total->conventions.back().source;
  REQUIRE(tied.wanted);
  CHECK(*tied.wanted == std::vector<std::string>{"total_params"});

  // A solve for a few outputs holds those, with the numbers of a full solve.
  const Solver* solver = FindSolver("transformer");
  REQUIRE(solver);
  SolverInputs in = BindInputs(*solver, {{"num_layers", "24"}});
  in.set_steps_wanted(false);
  SolverResult all = solver->Solve(in);
  std::vector<std::string> wanted = {"ffn_flop_share", "total_params", "fp32_gib"};
  in.set_wanted(&wanted);
  SolverResult some = solver->Solve(in);
  REQUIRE(some.outputs().size() == 3);
  CHECK_FALSE(some.complete());
  CHECK(all.complete());
  CHECK(all.outputs().size() > 50);
  for (const std::string& id : wanted) {
    REQUIRE(some.Find(id));
    CHECK(some.Find(id)->number->ToString() == all.Find(id)->number->ToString());
  }
  // A constraint is checked whatever is wanted.
  SolverInputs bad = BindInputs(*solver, {{"num_heads", "7"}});
  bad.set_wanted(&wanted);
  CHECK_THROWS_AS(solver->Solve(bad), Error);
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("key: every output of every solver, wanted alone, is there with its full-solve value", "[key][wanted]") {
  REQUIRE(AllSolvers().size() >= 5);
  for (const Solver* solver : AllSolvers()) {
    CAPTURE(solver->name());
    SolverInputs in = BindInputs(*solver, {});
    in.set_steps_wanted(false);
    SolverResult all = solver->Solve(in);
    REQUIRE_FALSE(all.outputs().empty());
    for (const Output& o : all.outputs()) {
      CAPTURE(o.id);
      std::vector<std::string> wanted = {o.id};
      in.set_wanted(&wanted);
      SolverResult one = solver->Solve(in);
      REQUIRE(one.outputs().size() == 1);
      const Output* got = one.Find(o.id);
      REQUIRE(got);
      CHECK(got->number.has_value() == o.number.has_value());
      if (o.number) CHECK(got->number->ToString() == o.number->ToString());
      CHECK(got->text == o.text);
      CHECK(got->unit == o.unit);
      CHECK(got->formula == o.formula);
      CHECK(got->description == o.description);
    }
  }
}

// SolverResult::Wants screens by length and last byte before comparing
// bytes: ids alike in both (or in neither) are told apart all the same.
TEST_CASE("key: Wants tells apart ids of the same length and last byte", "[key][wanted]") {
  const Solver* solver = FindSolver("transformer");
  REQUIRE(solver);
  SolverInputs in = BindInputs(*solver, {});
  std::vector<std::string> wanted = {"fp32_gb", "x"};
  in.set_wanted(&wanted);
  SolverResult r(in);
  CHECK(r.Wants("fp32_gb"));
  CHECK(r.Wants("x"));
  CHECK_FALSE(r.Wants("bf16_gb"));   // same length, same last byte
  CHECK_FALSE(r.Wants("fp32_gc"));   // same length, another last byte
  CHECK_FALSE(r.Wants("fp32_gib"));
  CHECK_FALSE(r.Wants("y"));
  CHECK_FALSE(r.Wants(""));
  std::vector<std::string> with_empty = {"", "fp32_gb"};
  in.set_wanted(&with_empty);
  SolverResult e(in);
  CHECK(e.Wants(""));
  CHECK(e.Wants("fp32_gb"));
  CHECK_FALSE(e.Wants("bf16_gb"));
}

// A FLOP share is built from its two counts in one reduction: the same
// normalised rational as dividing the counts, for inputs whose counts share
// factors, and wanted alone (the solver looks the wanted ids up among its
// FLOP outputs) or with everything.
TEST_CASE("key: transformer shares are the exact ratios of their counts", "[key][wanted]") {
  const Solver* solver = FindSolver("transformer");
  REQUIRE(solver);
  for (const char* vocab : {"50257", "32000", "128000"}) {
    CAPTURE(vocab);
    SolverInputs in = BindInputs(*solver, {{"vocab_size", vocab}, {"context_length", "2048"}, {"d_model", "1280"},
                                           {"num_heads", "20"}, {"d_ff", "5120"}, {"num_layers", "36"}});
    in.set_steps_wanted(false);
    SolverResult all = solver->Solve(in);
    const Exact fwd = all.Find("forward_flops")->number->exact();
    auto ratio = [&](const char* id) { return all.Find(id)->number->exact() / fwd; };
    const std::pair<const char*, Exact> shares[] = {{"lm_head_flop_share", ratio("lm_head_flops")},
                                                    {"ffn_flop_share", ratio("ffn_flops")},
                                                    {"attention_flop_share", ratio("attention_flops")},
                                                    {"qkv_flop_share", ratio("qkv_flops")}};
    for (const auto& [id, expected] : shares) {
      CAPTURE(id);
      std::vector<std::string> wanted = {"total_params", id};
      in.set_wanted(&wanted);
      SolverResult one = solver->Solve(in);
      const Output* got = one.Find(id);
      REQUIRE(got);
      CHECK(numerator(got->number->exact()) == numerator(expected));
      CHECK(denominator(got->number->exact()) == denominator(expected));
      CHECK(all.Find(id)->number->ToString() == got->number->ToString());
    }
  }
}

}  // namespace
}  // namespace grader
