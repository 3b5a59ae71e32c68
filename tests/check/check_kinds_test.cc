// Each check kind on small responses, through a one-item rubric.
#include <catch2/catch.hpp>

#include "grader/rubric/grade.h"

namespace grader {
namespace {

// Grades `text` with a rubric holding the single check `item` (a JSON
// object without the id) for `problem`, and returns the item's result.
ItemResult One(const std::string& problem, const std::string& item, const std::string& text) {
  std::string json = R"({"id": "t", "problem": ")" + problem + R"(", "points": 1, "checklist": {"points": 1, "items": [{"id": "x", )" +
                     item.substr(1) + "]}}";
  static std::map<std::string, std::unique_ptr<Rubric>> keep;  // results point into the rubric
  keep[json] = std::make_unique<Rubric>(ParseRubric("t.json", json));
  const Problem& p = BuiltinProblems().Get(problem);
  Result r = GradeText(*keep[json], BuildKey(p, p.Defaults()), text);
  return r.checklist.at(0);
}

std::string Credit(const ItemResult& r) { return r.credit ? ExactString(*r.credit) : "unscored"; }

TEST_CASE("numeric: units are converted before comparing", "[kinds]") {
  const std::string check = R"({"kind": "numeric", "answer": "fp32_bytes", "tolerance": {"rel": "0.01"}})";
  struct Case { const char* text; const char* credit; const char* found; };
  const Case cases[] = {
      {"The weights take 8.5 GB.", "1", "8.5 GB"},
      {"That is 7.92 GiB of memory.", "1", "7.92 GiB"},
      {"Memory: 8,508,230,400 bytes", "1", "8,508,230,400 bytes"},
      {"Memory: 8.5e9 bytes", "1", "8.5e9 bytes"},
      {"Memory: 8.5 MB", "0", "8.5 MB"},
      {"It needs 2,127,057,600 parameters.", "0", ""},  // no number with the key's unit or a bare one? bare count differs
  };
  for (const Case& c : cases) {
    INFO(c.text);
    ItemResult r = One("cs336-transformer-accounting", check, c.text);
    CHECK(Credit(r) == c.credit);
    if (*c.found) CHECK(r.outcome.found == c.found);
  }
}

TEST_CASE("numeric: factor tolerances and partial tiers for Fermi estimates", "[kinds]") {
  const std::string check = R"({"kind": "numeric", "answer": "accelerators_for_weights", "tolerance": {"factor": "2"},
                                "partial": [{"tolerance": {"factor": "10"}, "credit": "0.25"}]})";
  CHECK(Credit(One("eecs182-chinchilla-fermi", check, "(e) About 3,000 GPUs.")) == "1");
  CHECK(Credit(One("eecs182-chinchilla-fermi", check, "(e) About 500 GPUs.")) == "0.25");
  CHECK(Credit(One("eecs182-chinchilla-fermi", check, "(e) About 50 GPUs.")) == "0");
}

TEST_CASE("numeric: conventions are named, known mistakes carry their feedback", "[kinds]") {
  const std::string check = R"({"kind": "numeric", "answer": "total_params", "tolerance": {"rel": "0.0001"}})";
  // Exact comparison: 2,127,056,000 is the final-norm-less count, not a rounding.
  ItemResult conv = One("cs336-transformer-accounting", R"({"kind": "numeric", "answer": "total_params"})",
                        "Total: 2,127,056,000 parameters.");
  CHECK(Credit(conv) == "1");
  CHECK(conv.outcome.convention == "final norm left out");
  ItemResult tied = One("cs336-transformer-accounting", check, "Total: 2,046,646,400 parameters.");
  CHECK(Credit(tied) == "0.5");
  CHECK(tied.outcome.mistake == "output projection left out");
  CHECK(tied.outcome.feedback == "The output projection to the vocabulary is its own vocab_size x d_model matrix.");
}

TEST_CASE("formula: commuted, expanded and LaTeX forms are equivalent", "[kinds]") {
  const std::string check = R"({"kind": "formula", "answer": "lora_bytes", "aliases": {"l": ["\\ell"]}})";
  for (const char* text : {"It takes $4k(m+l)$ bytes.", "It takes $4km + 4kl$ bytes.", "Memory = (m + l) * k * 4 bytes",
                           "$4 k (m + \\ell)$ bytes"}) {
    INFO(text);
    CHECK(Credit(One("eecs182-lora", check, std::string("(d) ") + text)) == "1");
  }
  for (const char* text : {"It takes $2k(m+l)$ bytes.", "It takes $4mk$ bytes.", "It takes $4ml$ bytes."}) {
    INFO(text);
    CHECK(Credit(One("eecs182-lora", check, std::string("(d) ") + text)) == "0");
  }
}

TEST_CASE("formula: plain-text products as people type them", "[kinds]") {
  const std::string check = R"({"kind": "formula", "answer": "ffn_params"})";
  for (const char* text : {"The count is 8·L·D² parameters.", "The count is 8 L D^2 parameters.", "The count is 2·4·L·D².",
                           "It is 8 × L × D².", "The count is $8LD^2$."}) {
    INFO(text);
    ItemResult r = One("myt-params", check, std::string("(a) ") + text);
    CHECK(Credit(r) == "1");
  }
  CHECK(One("myt-params", check, "(a) The count is 8·L·D² parameters.").outcome.found == "8·L·D²");
  for (const char* text : {"The count is 4 L D^2 in a layer.", "It is 8 L D squared."}) {
    INFO(text);
    CHECK(Credit(One("myt-params", check, std::string("(a) ") + text)) == "0");
  }
}

TEST_CASE("numeric: operands, other answers and lost parts", "[kinds]") {
  const std::string pfday = R"({"kind": "numeric", "answer": "pflop_day_flops", "tolerance": {"rel": "0.05"}})";
  // 8.64e19 only as a factor of another calculation: an intermediate.
  ItemResult operand = One("eecs182-chinchilla-fermi", pfday,
                           "(h) GPT-3: 3640 petaFLOP-days = \\( 3640 \\times 8.64 \\times 10^{19} \\approx 3.14 \\times 10^{23} \\) FLOP.");
  CHECK(Credit(operand) == "0");
  // Stated as its own result, it counts.
  ItemResult stated = One("eecs182-chinchilla-fermi", pfday, "(h) 1 petaFLOP-day = \\( 8.64 \\times 10^{19} \\) FLOP.");
  CHECK(Credit(stated) == "1");
  CHECK(stated.outcome.found == "8.64 \\times 10^{19}");
  // A bare number that is another part's answer (the token count of part c)
  // earns no partial credit for the word count.
  const std::string words = R"({"kind": "numeric", "answer": "dataset_words", "tolerance": {"rel": "0.05"},
                                "partial": [{"tolerance": {"factor": "2"}, "credit": "0.5"}]})";
  CHECK(Credit(One("eecs182-chinchilla-fermi", words, "(d) The data set is \\( 1.7 \\times 10^{15} \\) tokens.")) == "0");
  CHECK(Credit(One("eecs182-chinchilla-fermi", words, "(d) About 1.0e15 words.")) == "0.5");
  // A part that is not there: the key's value elsewhere earns its credit, for review.
  const std::string total = R"({"kind": "numeric", "answer": "total_params", "part": "a"})";
  ItemResult lost = One("cs336-transformer-accounting", total, "(b) 4.5e12 FLOPs\n(c) The FFN. Also 2,127,057,600 parameters.");
  CHECK(Credit(lost) == "1");
  CHECK(lost.outcome.review == "part (a) was not found; this number was found elsewhere in the answer");
  ItemResult none = One("cs336-transformer-accounting", total, "# Problem (adamwAccounting)\n(a) 16 bytes per parameter\n");
  CHECK(Credit(none) == "0");
  CHECK(none.outcome.review == "the answer has no section for this problem: its problem headings name other problems");
  // The answer marked as final disagrees with the number that matches.
  ItemResult competing =
      One("cs336-transformer-accounting", R"({"kind": "numeric", "answer": "fp32_bytes", "part": "a", "tolerance": {"rel": "0.02"}})",
          "(a) 2,127,057,600 x 4 = 8,508,230,400 bytes.\n**Final answer: 4.2 GB**\n(b) x\n");
  CHECK(Credit(competing) == "1");
  CHECK(competing.outcome.review == "the answer marked as final (4.2 GB) is not the number that earned the credit (8,508,230,400 bytes)");
  CHECK(competing.outcome.candidates == std::vector<std::string>{"4.2 GB", "8,508,230,400 bytes"});
  // The part's final answer is another item's (the total), or this one rounded: no competition.
  const std::string ffn = R"({"kind": "numeric", "answer": "ffn_flops_per_layer", "part": "b", "tolerance": {"rel": "0.01"}})";
  ItemResult per_layer = One("cs336-transformer-accounting", ffn,
                             "(a) x\n(b) ffn: 62,914,560,000 FLOPs per block\n**Total: 4,513,336,524,800 FLOPs**\n");
  CHECK(Credit(per_layer) == "1");
  CHECK(per_layer.outcome.review.empty());
  // Outside a missing part, a bare number is no reading (a token count of 7707 is not 10,000 USD).
  const std::string ssd = R"({"kind": "numeric", "answer": "ssd_usd_per_year", "part": "f", "tolerance": {"factor": "1.5"}})";
  ItemResult bare = One("eecs182-chinchilla-fermi", ssd, "(e) 200 TB\n(g) 41.7 s\nTotal Tokens: 7707\n");
  CHECK(Credit(bare) == "0");
  CHECK(bare.outcome.review == "part (f) was not found; no number in the rest of the answer matches the key");
}

TEST_CASE("claim: polarity follows negation in the clause", "[kinds]") {
  const std::string check = R"({"kind": "claim", "subject": "attention", "predicate": "most|largest"})";
  CHECK(Credit(One("myt-params", check, "The attention blocks hold the most parameters.")) == "1");
  ItemResult denied = One("myt-params", check, "The attention blocks do not hold the most parameters.");
  CHECK(Credit(denied) == "0");
  CHECK(denied.outcome.detail == "the response denies the opposite");
  const std::string deny = R"({"kind": "claim", "subject": "attention", "predicate": "most|largest", "polarity": "denied"})";
  CHECK(Credit(One("myt-params", deny, "Attention isn't the largest part.")) == "1");
}

TEST_CASE("regex, length and coverage", "[kinds]") {
  CHECK(Credit(One("myt-params", R"({"kind": "regex", "pattern": "\\bReLU\\b"})", "uses a ReLU")) == "1");
  CHECK(Credit(One("myt-params", R"({"kind": "regex", "pattern": "bias", "absent": true})", "no bias here")) == "0");
  ItemResult len = One("myt-params", R"({"kind": "length", "max_words": 3})", "one two three four");
  CHECK(Credit(len) == "0");
  CHECK(len.outcome.found == "4 words");
  ItemResult cov = One("cs336-transformer-accounting", R"({"kind": "coverage"})", "(a) 42\n(b) x = y\n(e) It grows quadratically.\n");
  CHECK(Credit(cov) == "0.6");
  CHECK(cov.outcome.detail == "missing: c, d");
}

TEST_CASE("carried: a later step right for the response's own earlier value", "[kinds]") {
  const std::string check = R"({"kind": "carried", "answer": "fp32_bytes", "from": "total_params", "credit": "0.5"})";
  ItemResult carried =
      One("cs336-transformer-accounting", check, "(a) Total: 1,555,124,800 parameters, so memory is 6,220,499,200 bytes.");
  CHECK(Credit(carried) == "0.5");
  CHECK(carried.outcome.detail == "the later step is right for the response's own earlier value");
  ItemResult wrong =
      One("cs336-transformer-accounting", check, "(a) Total: 1,555,124,800 parameters, so memory is 3,110,249,600 bytes.");
  CHECK(Credit(wrong) == "0");
}

TEST_CASE("power_law: coefficient and exponent of a written law", "[kinds]") {
  const std::string check = R"({"kind": "power_law", "coefficient": "n_opt_coeff", "exponent": "n_opt_exponent",
                                "variable": "C", "lhs": "N", "tolerance": {"rel": "0.1"}, "exponent_tolerance": {"abs": "0.01"}})";
  CHECK(Credit(One("eecs182-chinchilla-fermi", check, "(b) $N_{opt}(C) = 0.6 C^{0.45}$")) == "1");
  CHECK(Credit(One("eecs182-chinchilla-fermi", check, "(b) $N_{opt}(C) = 0.6 C^{0.55}$")) == "0.5");
  CHECK(Credit(One("eecs182-chinchilla-fermi", check, "(b) $D_{opt}(C) = 0.6 C^{0.45}$")) == "0");
}

TEST_CASE("choice: paraphrases and True/False", "[kinds]") {
  const std::string check = R"({"kind": "choice", "answer": "tf_iii", "options": {"True": "\\btrue\\b", "False": "\\bfalse\\b"}})";
  CHECK(Credit(One("eecs182-soft-prompt", check, "(c)\n(iii) False, it may overfit.")) == "1");
  CHECK(Credit(One("eecs182-soft-prompt", check, "(c)\n(iii) True.")) == "0");
  CHECK(Credit(One("eecs182-soft-prompt", check, "(c)\n(iii) It depends.")) == "0");
}

// The options are searched as one alternation; the pick must be the one a
// search option by option gives: the earliest mention, at equal starts the
// first option (options of an object come in key order), whatever capturing
// groups the patterns hold.
TEST_CASE("choice: the earliest mention is the pick, ties go to the first option", "[kinds]") {
  const std::string check = R"json({"kind": "choice", "expected": "B",
      "options": {"A": "feed(-| )?(forward)", "B": "(attention|attn)", "C": "forward", "D": "feed"}})json";
  struct Case { const char* text; const char* found; const char* quote; const char* credit; };
  const Case cases[] = {
      {"the attention and feed-forward", "B", "attention", "1"},
      {"Feed-forward first, then attention", "A", "Feed-forward", "0"},
      {"forward pass then attn", "C", "forward", "0"},
      {"a feed of data, then the attn", "D", "feed", "0"},
      {"nothing here", "", "", "0"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    ItemResult r = One("myt-params", check, c.text);
    CHECK(Credit(r) == c.credit);
    CHECK(r.outcome.found == c.found);
    if (*c.quote) {
      REQUIRE(r.outcome.evidence.size() == 1);
      CHECK(r.outcome.evidence[0].quote == c.quote);
    }
  }
}

TEST_CASE("llm items stay unscored without a judge", "[kinds]") {
  ItemResult r = One("myt-params", R"({"kind": "llm", "criterion": "is clear"})", "anything");
  CHECK(Credit(r) == "unscored");
  CHECK(r.outcome.detail == "llm item: no judge configured (--judge-endpoint), left unscored");
}

}  // namespace
}  // namespace grader
