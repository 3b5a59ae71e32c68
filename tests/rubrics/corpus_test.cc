// The shipped rubrics on ../shared/corpus: 17 real writeups that strangers
// published, every final value read by hand (gold.json). For each writeup
// and each hand-read item: the credit, the exact value the grader read and
// whether it is marked for review. The corpus is read from ../shared, never
// copied here; score.py there measures the same agreement from outside.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grader/rubric/grade.h"

namespace grader {
namespace {

const std::string kCorpus = std::string(GRADER_SOURCE_DIR) + "/../shared/corpus";

std::string ReadCorpusFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + " (the tests read ../shared/corpus beside the project)");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Expect {
  const char* file;
  const char* check;
  const char* credit;  // ExactString of the credit
  const char* found;   // what the grader read, verbatim ("" for nothing)
  bool review;
};

// Written from the grader's decisions and checked against the hand reading
// (gold.json): every credit here equals the credit of a one-line answer
// stating the hand-read value (score.py's measure, 105 of 105).
const Expect kExpected[] = {
      {"cs336_AtomFirst_cs336-assignment1-basics.md", "total_params", "1", "2127057600", false},
      {"cs336_AtomFirst_cs336-assignment1-basics.md", "fp32_memory", "0.5", "7.9 GB", false},
      {"cs336_AtomFirst_cs336-assignment1-basics.md", "forward_flops", "0", "4,352,275,251,200", false},
      {"cs336_AtomFirst_cs336-assignment1-basics.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_AtomFirst_cs336-assignment1-basics.md", "long_total", "0", "48,318,382,080,000", false},
      {"cs336_HanFa_assignment1-basics.md", "total_params", "1", "2127057600", false},
      {"cs336_HanFa_assignment1-basics.md", "fp32_memory", "0", "2.12GBi", false},
      {"cs336_HanFa_assignment1-basics.md", "forward_flops", "0", "4TFLOPs", false},
      {"cs336_HanFa_assignment1-basics.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_HanFa_assignment1-basics.md", "long_total", "0", "16", false},
      {"cs336_ShibukiZero_assignment1-basics.md", "total_params", "1", "2,127,057,600", false},
      {"cs336_ShibukiZero_assignment1-basics.md", "fp32_memory", "1", "8{,}508{,}230{,}400", false},
      {"cs336_ShibukiZero_assignment1-basics.md", "forward_flops", "1", "4,513,336,524,800", false},
      {"cs336_ShibukiZero_assignment1-basics.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_ShibukiZero_assignment1-basics.md", "long_total", "1", "149{,}522{,}795{,}724{,}800", false},
      {"cs336_brandon-snider_cs336-a1.md", "total_params", "0.5", "1,635,537,600", false},
      {"cs336_brandon-snider_cs336-a1.md", "fp32_memory", "0", "6.54\"GB\"", false},
      {"cs336_brandon-snider_cs336-a1.md", "forward_flops", "0", "164,682,137,600", false},
      {"cs336_brandon-snider_cs336-a1.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_brandon-snider_cs336-a1.md", "long_total", "0", "1.33 times 10^14", false},
      {"cs336_unknown_12087149121.md", "total_params", "1", "2127057600", false},
      {"cs336_unknown_12087149121.md", "fp32_memory", "1", "8.5GB", false},
      {"cs336_unknown_12087149121.md", "forward_flops", "1", "4.5TFLOPs", false},
      {"cs336_unknown_12087149121.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_12087149121.md", "long_total", "0", "74.2", false},
      {"cs336_unknown_15213114143_adamw_only_tied.md", "total_params", "0", "", true},
      {"cs336_unknown_15213114143_adamw_only_tied.md", "fp32_memory", "0", "", true},
      {"cs336_unknown_15213114143_adamw_only_tied.md", "forward_flops", "0", "", true},
      {"cs336_unknown_15213114143_adamw_only_tied.md", "ffn_most_flops", "0", "", false},
      {"cs336_unknown_15213114143_adamw_only_tied.md", "long_total", "0", "", true},
      {"cs336_unknown_17680843938_moyujiang.md", "total_params", "0", "8.5G", false},
      {"cs336_unknown_17680843938_moyujiang.md", "fp32_memory", "1", "8.5G", false},
      {"cs336_unknown_17680843938_moyujiang.md", "forward_flops", "1", "4.513T", false},
      {"cs336_unknown_17680843938_moyujiang.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_17680843938_moyujiang.md", "long_total", "1", "149.523T", false},
      {"cs336_unknown_21310684684_tied.md", "total_params", "0.5", "2,046,646,400", false},
      {"cs336_unknown_21310684684_tied.md", "fp32_memory", "0.5", "8.19 GB", false},
      {"cs336_unknown_21310684684_tied.md", "forward_flops", "1", "4.5T", false},
      {"cs336_unknown_21310684684_tied.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_21310684684_tied.md", "long_total", "0", "146T", false},
      {"cs336_unknown_22826655929.md", "total_params", "1", "2127057600", false},
      {"cs336_unknown_22826655929.md", "fp32_memory", "1", "8.5GB", false},
      {"cs336_unknown_22826655929.md", "forward_flops", "1", "4.51 * 1e12", false},
      {"cs336_unknown_22826655929.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_22826655929.md", "long_total", "0", "3", false},
      {"cs336_unknown_37337166215.md", "total_params", "0.25", "1,555,124,800 parameters", false},
      {"cs336_unknown_37337166215.md", "fp32_memory", "0", "1,474,713,600", false},
      {"cs336_unknown_37337166215.md", "forward_flops", "0", "920,292,556,800", false},
      {"cs336_unknown_37337166215.md", "ffn_most_flops", "0", "", false},
      {"cs336_unknown_37337166215.md", "long_total", "0", "", true},
      {"cs336_unknown_4125207527_dff4d.md", "total_params", "0", "1.64B", false},
      {"cs336_unknown_4125207527_dff4d.md", "fp32_memory", "0.5", "6.1GB", false},
      {"cs336_unknown_4125207527_dff4d.md", "forward_flops", "0", "3.51 TFLOPS", false},
      {"cs336_unknown_4125207527_dff4d.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_4125207527_dff4d.md", "long_total", "0", "38.05", false},
      {"cs336_unknown_53083376395_typst_dff4288.md", "total_params", "1", "1640452800", false},
      {"cs336_unknown_53083376395_typst_dff4288.md", "fp32_memory", "1", "6.56GB", false},
      {"cs336_unknown_53083376395_typst_dff4288.md", "forward_flops", "1", "3,516,769,894,400", false},
      {"cs336_unknown_53083376395_typst_dff4288.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_53083376395_typst_dff4288.md", "long_total", "1", "133,577,729,638,400", false},
      {"cs336_unknown_54167949495.md", "total_params", "1", "2,127,057,600 parameters", false},
      {"cs336_unknown_54167949495.md", "fp32_memory", "1", "8.5 GB", false},
      {"cs336_unknown_54167949495.md", "forward_flops", "0", "4.69 trillion", false},
      {"cs336_unknown_54167949495.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_54167949495.md", "long_total", "0", "4689507123200", false},
      {"cs336_unknown_57999332219.md", "total_params", "1", "2,127,057,600", false},
      {"cs336_unknown_57999332219.md", "fp32_memory", "1", "8,508,230,400 bytes", false},
      {"cs336_unknown_57999332219.md", "forward_flops", "1", "4.51 TFLOPs", false},
      {"cs336_unknown_57999332219.md", "ffn_most_flops", "1", "feed-forward", false},
      {"cs336_unknown_57999332219.md", "long_total", "0", "109579599872000", false},
      {"cs336_unknown_58591493841.md", "total_params", "1", "2127057600", false},
      {"cs336_unknown_58591493841.md", "fp32_memory", "1", "8.5GB", false},
      {"cs336_unknown_58591493841.md", "forward_flops", "0", "5TFLOPs", false},
      {"cs336_unknown_58591493841.md", "ffn_most_flops", "1", "feed-forward", true},
      {"cs336_unknown_58591493841.md", "long_total", "0", "", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "compute", "1", "10^{30} \\text{ FLOP}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "tokens", "1", "1.7 \\times 10^{15} \\text{ tokens}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "words", "0.5", "1.21 \\times 10^{15} \\text{ words}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "books", "0.5", "1.01 \\times 10^{10} \\text{ books}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "model_bytes", "1", "200 \\text{ TB}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "gpus", "1", "2000 \\text{ GPUs}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "forward_latency", "1", "41.7 \\text{ seconds}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "tokens_per_minute", "1", "\\frac{60}{41.7}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "pflop_day", "0", "3.14 \\times 10^{23} \\text{ FLOP}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "gpt3_cost", "1", "\\$66,200", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "gpt6_cost", "1", "\\$210 \\text{ billion}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "inference_flops", "1", "2 \\times 10^{18} \\text{ FLOP}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "recoup", "1", "8.33 \\times 10^{12} \\text{ tokens}", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "carbon_cost", "1", "\\$61,824", false},
      {"eecs182_shirley430316_deepseek_en_20251204_001113.md", "burgers", "1", "98,000 \\text{ burgers}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "compute", "1", "10^{30}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "tokens", "1", "1.7 \\times 10^{15}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "words", "0", "500", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "books", "0.5", "10^{10}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "model_bytes", "1", "200 TB", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "gpus", "1", "2000 H200", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "forward_latency", "1", "41.67 seconds", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "tokens_per_minute", "0", "", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "pflop_day", "1", "8.64 \\times 10^{19}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "gpt3_cost", "1", "\\$66,200", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "gpt6_cost", "1", "\\$210 billion", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "inference_flops", "1", "2 \\times 10^{18}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "recoup", "1", "8.333 \\times 10^{12} \\text{ tokens}", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "carbon_cost", "1", "\\$61,800", false},
      {"eecs182_shirley430316_deepseek_cn_20251203_234319.md", "burgers", "1", "97,700 \\text{ burgers}", false},
};

TEST_CASE("corpus: every hand-read item of every real writeup is read as a TA reads it", "[corpus]") {
  nlohmann::json gold = nlohmann::json::parse(ReadCorpusFile(kCorpus + "/gold.json"));
  std::map<std::pair<std::string, std::string>, const Expect*> expected;
  for (const Expect& e : kExpected) expected[{e.file, e.check}] = &e;
  size_t items = 0, review = 0;
  for (const auto& entry : gold) {
    const std::string file = entry["file"].get<std::string>();
    const std::string name = std::filesystem::path(file).filename().string();
    INFO(name);
    static std::map<std::string, std::unique_ptr<Rubric>> rubrics;
    const std::string rubric_id = entry["rubric"].get<std::string>();
    auto& rubric = rubrics[rubric_id];
    if (!rubric) rubric = std::make_unique<Rubric>(LoadRubricFile(std::string(GRADER_SOURCE_DIR) + "/rubrics/" + rubric_id + ".json"));
    KeyRequest request;
    if (entry.contains("set"))
      for (auto it = entry["set"].begin(); it != entry["set"].end(); ++it)
        request.sets.push_back(it.key() + "=" + it.value().get<std::string>());
    AnswerKey key = BuildKey(BuiltinProblems().Get(rubric->problem), request);
    Result r = GradeText(*rubric, key, ReadCorpusFile(kCorpus + "/" + file));
    std::map<std::string, const ItemResult*> by_id;
    for (const CriterionResult& c : r.criteria)
      for (const ItemResult& i : c.items) by_id[i.item->id] = &i;
    for (auto it = entry["items"].begin(); it != entry["items"].end(); ++it) {
      const std::string check = it.value()["check"].get<std::string>();
      INFO(check);
      REQUIRE(by_id.count(check));
      const ItemResult& got = *by_id[check];
      auto e = expected.find({name, check});
      REQUIRE(e != expected.end());
      CHECK((got.credit ? ExactString(*got.credit) : "unscored") == e->second->credit);
      CHECK(got.outcome.found == e->second->found);
      CHECK((got.status == ItemStatus::kReview) == e->second->review);
      // An item the author left unanswered earns nothing.
      if (it.value()["answer"].is_null()) CHECK((got.credit && *got.credit == 0));
      ++items;
      review += got.status == ItemStatus::kReview;
    }
  }
  CHECK(items == 105);
  CHECK(items == std::size(kExpected));
  // Fewer than one item in ten goes to review.
  CHECK(review * 10 < items);
}

}  // namespace
}  // namespace grader
