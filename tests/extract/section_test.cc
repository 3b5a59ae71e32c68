// Problem sections and the part layouts of real writeups (section.h,
// segment.h). The texts are written here in the shapes real answers take.
#include <catch2/catch.hpp>

#include "grader/extract/quantity.h"
#include "grader/extract/section.h"
#include "grader/extract/segment.h"

namespace grader {
namespace {

std::string Part(const Document& doc, const PartMap& m, const std::string& id) {
  const FoundPart* p = m.Find(id);
  return p ? std::string(doc.View(p->range)) : "<missing>";
}

PartMap Map(const Document& doc, const std::vector<PartSpec>& specs, const std::vector<std::string>& names) {
  return MapParts(doc, specs, names, FindQuantities(doc));
}

std::vector<PartSpec> Ids(std::initializer_list<const char*> ids) {
  std::vector<PartSpec> out;
  for (const char* id : ids) out.push_back({id, "", "", {}});
  return out;
}

TEST_CASE("FindSection takes our problem's heading to the next problem's", "[extract][section]") {
  struct Case { const char* text; const char* section; const char* how; };
  const Case cases[] = {
      {"# Problem `alpha_beta`:\n1. x\n# Problem `gamma_delta`:\n1. y\n", "# Problem `alpha_beta`:\n1. x\n", "heading"},
      {"intro\n== Problem (`alpha_beta`): Alpha (5 points)\n+ x\n== Problem (`gammaDelta`): G\n+ y\n",
       "== Problem (`alpha_beta`): Alpha (5 points)\n+ x\n", "heading"},
      // A heading above ours in level ends it; deeper ones do not.
      {"## 3.1 Costs (alpha_beta)\n### (a) x\ntext\n# 4. Training\nmore\n", "## 3.1 Costs (alpha_beta)\n### (a) x\ntext\n",
       "heading"},
      // A line that is only our name, with a full-width colon.
      {"alpha_beta：\n(a) x\nProblem (gamma_delta):\n1. y\n", "alpha_beta：\n(a) x\n", "heading"},
      // The keywords in any case: "Exercise" starts ours, "Task" the next.
      {"EXERCISE `alpha_beta`\n(a) x\nTask: `gamma_delta`\n(a) y\n", "EXERCISE `alpha_beta`\n(a) x\n", "heading"},
      {"intro\nexercise 2 (alpha_beta)\n(a) x\nPROBLEM 3 (gamma_delta)\n(a) y\n", "exercise 2 (alpha_beta)\n(a) x\n",
       "heading"},
      // Spelled as words, in any case.
      {"### 3.6 Problem (Alpha Beta)\n- (a) x\n", "### 3.6 Problem (Alpha Beta)\n- (a) x\n", "heading"},
      // No heading of ours: the answers before the first other problem.
      {"(a) The first answer is 8.5 GB because every one of the parameters takes four bytes, times two billion "
       "parameters.\n# Problem (gamma_delta)\n(a) y\n",
       "(a) The first answer is 8.5 GB because every one of the parameters takes four bytes, times two billion "
       "parameters.\n",
       "before others"},
      {"# Problem (gamma_delta)\n(a) y\n", "", "none"},
      // No problem headings at all; a heading holding "(a)" is not one.
      {"### **(a) Memory**\n200 TB\n", "### **(a) Memory**\n200 TB\n", "whole"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Document doc(c.text);
    Section s = FindSection(doc, {"alpha_beta"});
    CHECK(doc.View(s.range) == c.section);
    CHECK(s.how == c.how);
  }
  CHECK(NameKey("Transformer_Accounting (5 pts)") == "transformeraccounting5pts");
}

TEST_CASE("MapParts reads numbered parts inside our section only", "[extract][section]") {
  Document doc(
      "# Problem `alpha_beta`:\n1. The model has 2127057600 parameters.\n2. It needs 4.5e12 FLOPs.\n"
      "# Problem `gamma_delta`:\n1. Learning rate 1e-3.\n2. Unrelated 48.\n3. More.\n");
  PartMap m = Map(doc, Ids({"a", "b", "c"}), {"alpha_beta"});
  CHECK(m.strategy == "numbers");
  CHECK(Part(doc, m, "a") == "1. The model has 2127057600 parameters.\n");
  CHECK(Part(doc, m, "b") == "2. It needs 4.5e12 FLOPs.\n");
  CHECK(m.missing == std::vector<std::string>{"c"});
  CHECK(m.parts[0].how == "number");
}

TEST_CASE("MapParts: numbered lists inside lettered parts are items", "[extract][section]") {
  Document doc("(a) Parameters:\n1. embedding\n2. blocks\nTotal 2,127,057,600.\n(b) FLOPs\n1. qkv\n(c) The FFN.\n");
  PartMap m = Map(doc, Ids({"a", "b", "c"}), {});
  CHECK(m.strategy == "labels");
  CHECK(Part(doc, m, "a") == "(a) Parameters:\n1. embedding\n2. blocks\nTotal 2,127,057,600.\n");
  CHECK(Part(doc, m, "b") == "(b) FLOPs\n1. qkv\n");
  CHECK(Part(doc, m, "c") == "(c) The FFN.\n");
}

TEST_CASE("MapParts: Typst's '+' items number the parts", "[extract][section]") {
  Document doc("= Homework\n== Problem (`alpha_beta`)\n+ Count: $ p = 1,635,537,600 $\n  more\n+ FLOPs: 3.5e12\n");
  PartMap m = Map(doc, Ids({"a", "b"}), {"alpha_beta"});
  CHECK(Part(doc, m, "a") == "+ Count: $ p = 1,635,537,600 $\n  more\n");
  CHECK(Part(doc, m, "b") == "+ FLOPs: 3.5e12\n");
}

TEST_CASE("MapParts: the text before the second part's label answers the first", "[extract][section]") {
  Document doc(
      "...so how much memory is needed to load it?\nAnswer: the model has 2,127,057,600 parameters, about 8.5 GB in fp32.\n"
      "### (b)\nQuestion: the FLOPs?\nAnswer: 4.5e12.\n");
  PartMap m = Map(doc, Ids({"a", "b"}), {});
  REQUIRE(m.Find("a"));
  CHECK(m.Find("a")->how == "preamble");
  CHECK(Part(doc, m, "a") ==
        "...so how much memory is needed to load it?\nAnswer: the model has 2,127,057,600 parameters, about 8.5 GB in fp32.\n");
  CHECK(Part(doc, m, "b") == "### (b)\nQuestion: the FLOPs?\nAnswer: 4.5e12.\n");
}

TEST_CASE("MapParts: questions restated as (a)-(c), then answered as a.-c.", "[extract][section]") {
  Document doc("Prompt\n(a) How many parameters?\n(b) How many FLOPs?\n(c) Which part is largest?\nAnswer\n"
               "a. 2127057600 parameters, 8.5 GB\nb. 4.5e12 FLOPs\nc. the FFN\n");
  std::vector<PartSpec> specs = {{"a", "", "", {"byte"}}, {"b", "", "", {"FLOP"}}, {"c", "", "", {}}};
  PartMap m = Map(doc, specs, {});
  CHECK(Part(doc, m, "a") == "a. 2127057600 parameters, 8.5 GB\n");
  CHECK(Part(doc, m, "b") == "b. 4.5e12 FLOPs\n");
  CHECK(Part(doc, m, "c") == "c. the FFN\n");
}

TEST_CASE("MapParts aligns the writer's own letters with the parts by content", "[extract][section]") {
  // The problem's parts are c, e, h; the writer labels them (a)-(c).
  std::vector<PartSpec> specs = {
      {"c", "Compute and data", "How much training compute, and how many tokens?", {"FLOP", "token"}},
      {"e", "Memory of the weights", "How much memory do the weights take, and how many GPUs hold them?", {"byte"}},
      {"h", "Training cost", "What does training cost in dollars?", {"USD"}}};
  Document doc("### (a) Compute and tokens\nC = 1e30 FLOP, D = 1.7e15 tokens.\n"
               "### (b) Memory\n200 TB of weights.\n"
               "### (c) Cost in dollars\nAbout $210 billion.\n");
  PartMap m = Map(doc, specs, {});
  CHECK(m.strategy == "content");
  CHECK(Part(doc, m, "c") == "### (a) Compute and tokens\nC = 1e30 FLOP, D = 1.7e15 tokens.\n");
  CHECK(Part(doc, m, "e") == "### (b) Memory\n200 TB of weights.\n");
  CHECK(Part(doc, m, "h") == "### (c) Cost in dollars\nAbout $210 billion.\n");
  CHECK(m.Find("c")->how == "content");
  CHECK_FALSE(m.Find("c")->unsure);
  // Labels that are the part ids stay labels.
  Document plain("(c) 1e30 FLOP\n(e) 200 TB\n(h) $210 billion\n");
  PartMap p = Map(plain, specs, {});
  CHECK(p.strategy == "labels");
  CHECK(Part(plain, p, "e") == "(e) 200 TB\n");
}

TEST_CASE("MapParts: unlabelled headings between labelled parts are the missing parts", "[extract][section]") {
  Document doc("## Problem (alpha_beta)\n### (a) How many?\n5 GB\n### (b) How fast?\n1e12 FLOPs\n"
               "### Which part needs most?\nThe FFN.\n### Repeat for three sizes?\nsmall, medium\n### (e) Longer context?\n1.5e14\n");
  PartMap m = Map(doc, Ids({"a", "b", "c", "d", "e"}), {"alpha_beta"});
  CHECK(Part(doc, m, "b") == "### (b) How fast?\n1e12 FLOPs\n");
  CHECK(Part(doc, m, "c") == "### Which part needs most?\nThe FFN.\n");
  CHECK(Part(doc, m, "d") == "### Repeat for three sizes?\nsmall, medium\n");
  CHECK(m.Find("c")->how == "restated");
  // One heading for two missing parts: not guessed.
  Document one("### (a) x\n1\n### Something\n2\n### (d) y\n3\n");
  PartMap n = Map(one, Ids({"a", "b", "c", "d"}), {});
  CHECK(n.missing == std::vector<std::string>{"b", "c"});
}

TEST_CASE("MapParts finds nothing in a file that answers only other problems", "[extract][section]") {
  Document doc("# Problem (gamma_delta)\n(a) 16 bytes per parameter\n(b) 3\n");
  PartMap m = Map(doc, Ids({"a", "b"}), {"alpha_beta"});
  CHECK(m.section.how == "none");
  CHECK(m.parts.empty());
  CHECK(m.missing == std::vector<std::string>{"a", "b"});
}

}  // namespace
}  // namespace grader
