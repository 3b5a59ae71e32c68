// The choice check on the ways writeups name the option they pick: the
// subject of "most/dominant/最多", a comparison, the largest share, a
// ranked list; second places, derivations and denials do not win.
#include <catch2/catch.hpp>

#include "grader/rubric/grade.h"

namespace grader {
namespace {

ItemResult Grade(const std::string& problem, const std::string& item, const std::string& text) {
  std::string json = R"({"id": "t", "problem": ")" + problem +
                     R"(", "points": 1, "checklist": {"points": 1, "items": [{"id": "x", )" + item.substr(1) + "]}}";
  static std::map<std::string, std::unique_ptr<Rubric>> keep;  // results point into the rubric
  if (!keep.count(json)) keep[json] = std::make_unique<Rubric>(ParseRubric("t.json", json));
  const Problem& p = BuiltinProblems().Get(problem);
  Result r = GradeText(*keep[json], BuildKey(p, p.Defaults()), text);
  return r.checklist.at(0);
}

// The options of the shipped cs336 item ffn_most_flops (key: feed-forward).
const char* kFlops = R"json({"kind": "choice", "answer": "largest_flop_component",
    "options": {"feed-forward": "feed[\\s-]*forward|FFN|MLP|SwiGLU|W_?[123]",
                "attention projections": "projection|W_?[qkvo]\\b",
                "attention scores and values": "attention|QK|softmax",
                "output projection to vocab": "lm.?head|unembed|vocab|output layer"}})json";

struct Case {
  const char* name;
  const char* text;
  const char* found;  // "" when nothing is picked
  bool credit;
  bool review;
};

void Run(const std::string& problem, const std::string& item, const Case& c) {
  INFO(c.name << "\n" << c.text);
  ItemResult r = Grade(problem, item, c.text);
  INFO("detail: " << r.outcome.detail << "\nreview: " << r.outcome.review);
  CHECK(r.outcome.found == c.found);
  REQUIRE(r.credit);
  CHECK((*r.credit == Exact(1)) == c.credit);
  CHECK(r.outcome.review.empty() == !c.review);
  if (c.review) CHECK(r.outcome.candidates.size() >= 2);
  if (*c.found) {
    CHECK(r.outcome.detail.find(c.found) != std::string::npos);
    CHECK(!r.outcome.evidence.empty());
  }
}

TEST_CASE("choice phrasing: the option named as the largest is the pick", "[choice]") {
  const Case cases[] = {
      {"enumerated answer", "3. FFN needs most FLOPs.", "feed-forward", true, false},
      {"lettered answer", "(c) the mlp parts need most FLOPs.", "feed-forward", true, false},
      {"ffn in blocks", "mlp inside the blocks needs most FLOPs", "feed-forward", true, false},
      {"dominant term after a derivation",
       "Per layer the attention projections cost 8Td^2 and the attention scores 4T^2d, the W_q and W_k terms are "
       "the same size.\nSo the dominant term is the FFN block ($W_1$, $W_2$, $W_3$).",
       "feed-forward", true, false},
      {"second place mention",
       "The FFNs need the most FLOPs by a wide margin, about 60% of the total. The attention layers come next most "
       "significant, at about 35%.",
       "feed-forward", true, false},
      {"table then Chinese conclusion",
       "```\nQKV proj   1.2e12  17.10%\nAttn scores 0.2e12 3.40%\nFFN  4.8e12  68.20%\nLM head 0.3e12 3.70%\n```\n"
       "所以 FFN 占据最多的 FLOPs。",
       "feed-forward", true, false},
      {"Chinese largest source", "计算如上。\nFFN/SwiGLU 是最大的 FLOPs 来源", "feed-forward", true, false},
      {"Chinese runner-up and small share", "在这个设置下，MLP 是最大的计算来源，其次是 attention，lm_head 占比较小。",
       "feed-forward", true, false},
      {"comparison", "Interestingly the MLP uses far more compute than attention!", "feed-forward", true, false},
      {"ranked list with shares",
       "1. SwiGLU feed-forward: 3,000,000,000,000 FLOPs (67.0%)\n2. Attention projections: 750,000,000,000 FLOPs "
       "(16.5%)\n3. Attention scores: 160,000,000,000 FLOPs (3.5%)\n4. LM head: 165,000,000,000 FLOPs (3.6%)",
       "feed-forward", true, false},
      {"over half", "FFN takes over half of all FLOPS", "feed-forward", true, false},
      {"N times of", "the FLOPs of the FFN are about 2 times of the FLOPs of attention", "feed-forward", true, false},
      {"share attached", "2,900,000,000,000 (65.2%) of the multiplies happen in the mlp; projection matmuls do 17%.",
       "feed-forward", true, false},
      {"denied then affirmed elliptically", "attention does not dominate; the FFN does.", "feed-forward", true, false},
      {"not the X", "The FFN dominates the count, not the attention.", "feed-forward", true, false},
      {"rather than", "Rather than attention, the SwiGLU layers take the bulk of the compute.", "feed-forward", true,
       false},
      {"attention named as most (no credit)",
       "The FFN uses 3 matmuls of 2Td d_ff each.\nThe attention scores take the most FLOPs.",
       "attention scores and values", false, false},
      {"attention larger than FFN (no credit)", "attention costs more than the FFN at this length",
       "attention scores and values", false, false},
  };
  for (const Case& c : cases) Run("cs336-transformer-accounting", kFlops, c);
}

TEST_CASE("choice phrasing: close competitors are marked for review", "[choice]") {
  const Case cases[] = {
      {"two named as largest", "The FFN dominates at short context. The attention scores dominate at long context.",
       "feed-forward", true, true},
      {"derivation only", "The FFN costs 6Td d_ff and the attention scores cost 4T^2 d.", "feed-forward", true, true},
      {"a single option named plainly", "FFN.", "feed-forward", true, false},
      {"nothing named", "It depends on the sequence length.", "", false, false},
  };
  for (const Case& c : cases) Run("cs336-transformer-accounting", kFlops, c);
}

TEST_CASE("choice phrasing: direction smallest reads least/cheaper", "[choice]") {
  const char* item = R"json({"kind": "choice", "expected": "LoRA", "direction": "smallest",
      "options": {"LoRA": "LoRA|low.?rank", "full fine-tuning": "full fine.?tuning"}})json";
  const Case cases[] = {
      {"cheaper than", "LoRA is much cheaper than full fine-tuning.", "LoRA", true, false},
      {"fewest", "Full fine-tuning updates every weight; LoRA trains the fewest parameters.", "LoRA", true, false},
      {"more than (the other side is smaller)", "Full fine-tuning needs more memory than LoRA.", "LoRA", true, false},
      {"wrong way round", "Full fine-tuning is the cheapest option.", "full fine-tuning", false, false},
  };
  for (const Case& c : cases) Run("eecs182-lora", item, c);
}

TEST_CASE("choice phrasing: word boundaries next to CJK characters", "[choice]") {
  // RE2's \b is ASCII: a CJK character is a non-word character, so W_q\b
  // matches before 的 and FFN matches inside Chinese text.
  const Case cases[] = {
      {"W_q before a CJK character", "W_q的计算量最大", "attention projections", false, false},
      {"FFN inside Chinese", "前馈层FFN占比最高", "feed-forward", true, false},
  };
  for (const Case& c : cases) Run("cs336-transformer-accounting", kFlops, c);
}

TEST_CASE("choice phrasing: comparison cues in any case, in Chinese, with times and percent", "[choice]") {
  // Each cue is looked for only in clauses that can hold it (its words in
  // any ASCII case, 比, a digit): these must still be read.
  const Case cases[] = {
      {"MORE THAN in capitals", "the MLP uses far MORE compute THAN attention", "feed-forward", true, false},
      {"SMALLER Than, larger side second", "Attention is SMALLER Than the FFN", "feed-forward", true, false},
      {"Exceeds", "The FFN Exceeds attention in FLOPs", "feed-forward", true, false},
      {"SURPASSES", "The MLP SURPASSES attention in FLOPs", "feed-forward", true, false},
      {"比 ... 多", "MLP 比 attention 多", "feed-forward", true, false},
      {"比 ... 少", "attention 比 MLP 少", "feed-forward", true, false},
      {"3 TIMES the", "the FFN takes 3 TIMES the FLOPs of attention", "feed-forward", true, false},
      {"PERCENT shares", "FFN: 60 PERCENT; attention: 30 PERCENT", "feed-forward", true, false},
      {"MORE THAN the other way (no credit)", "attention costs MORE THAN the FFN", "attention scores and values", false,
       false},
  };
  for (const Case& c : cases) Run("cs336-transformer-accounting", kFlops, c);
}

}  // namespace
}  // namespace grader
