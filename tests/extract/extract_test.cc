#include "grader/extract/extract.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/test_seeds.h"
#include "tests/test_timing.h"

namespace grader {
namespace {

std::string Seed(const char* name) {
  std::ifstream in(std::string(GRADER_SEEDS_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Quantity& TopAnswer(const Extractions& x, const std::string& part) {
  std::vector<FinalAnswer> answers = x.FinalAnswers(part);
  REQUIRE(!answers.empty());
  return x.quantities[answers[0].quantity];
}

TEST_CASE("Seed 004: part (a) total and total FLOPs", "[extract][seed]") {
  Extractions x = Extract(Seed("004_b14c3983825096cc.txt"), {{"a", "b", "c", "d", "e"}});
  CHECK(x.parts.strategy == "questions");
  CHECK(x.parts.missing.empty());
  const Quantity& a = TopAnswer(x, "a");
  CHECK(ExactString(a.value) == "2127057600");
  CHECK(a.text == "2,127,057,600");
  CHECK(a.span.Where() == "40:58");
  const Quantity& b = TopAnswer(x, "b");
  CHECK(ExactString(b.value) == "4513733017600");
  CHECK(b.text == "4,513,733,017,600");
  CHECK(b.span.Where() == "84:67");
  // The chain that produced it is found and true.
  bool found = false;
  for (const Equation* e : x.EquationsIn("b")) {
    if (e->text.find("62914560000") != std::string::npos) {
      found = true;
      CHECK(e->sides[0].text == "total");
      CHECK(e->sides[1].text == "2 * 1600 * 1024 * 6400 * 2 + 2 * 6400 * 1024 * 1600");
      CHECK(e->truth == Truth::kTrue);
    }
  }
  CHECK(found);
  // Part (e): the new total, not the old one it is compared with.
  CHECK(ExactString(TopAnswer(x, "e").value) == "149529000000000");
  CHECK(x.Asserts("c", "swiglu|ffn", "swiglu").size() == 1);
}

TEST_CASE("Seed 002: total parameters and the FFN equation", "[extract][seed]") {
  Extractions x = Extract(Seed("002_b4d7ad0926eb3fc7.txt"), {{"a", "b"}});
  CHECK(x.parts.strategy == "labels");
  const Quantity& a = TopAnswer(x, "a");
  CHECK(ExactString(a.value) == "1555124800");
  REQUIRE(a.unit);
  CHECK(a.unit->symbol == "parameter");
  CHECK(a.text == "1,555,124,800 parameters");
  const Equation* ffn = nullptr;
  for (const Equation* e : x.EquationsIn("b"))
    if (e->sides.back().text == "40,960,000") ffn = e;
  REQUIRE(ffn);
  CHECK(ffn->sides[0].text == "2 * 2 * 1600 * 6400 * 1");
  CHECK(ffn->truth == Truth::kTrue);
  CHECK(ffn->span.Where() == "72:38");
  // The response's arithmetic slips are caught.
  int false_count = 0;
  for (const Equation& e : x.equations) false_count += e.truth == Truth::kFalse;
  CHECK(false_count == 2);  // 4 * 1,555,124,800 = 3,110,249,600 and 2 * 1024 * 1600 * 1600 = 5,120,000
}

TEST_CASE("Seed 003: Chinchilla's N_opt(C) = 0.6 C^0.45", "[extract][seed]") {
  Extractions x = Extract(Seed("003_3481338b44f4d9e3.txt"));
  const Equation* chinchilla = nullptr;
  for (const Equation& e : x.equations)
    if (e.sides.size() == 2 && e.sides[0].text == "N_{opt}(C)" && e.sides[1].text == "0.6 C^{0.45}") chinchilla = &e;
  REQUIRE(chinchilla);
  auto m = AsMonomial(chinchilla->sides[1].expr);
  REQUIRE(m);
  CHECK(ExactString(m->coefficient) == "0.6");
  REQUIRE(m->powers.count("C"));
  CHECK(ExactString(m->powers.at("C")) == "0.45");
  // Parts are keyed by question and letter.
  const FoundPart* p = x.parts.Find("5b");
  REQUIRE(p);
  CHECK(p->span.Where() == "405:1");
  // 1 petaFLOP-day = ... = 8.64e19 FLOP is true; the 8.5e15 tokens slip is false.
  int true_count = 0, false_count = 0;
  for (const Equation& e : x.equations) {
    if (e.text.find("8.64e19") != std::string::npos) true_count += e.truth == Truth::kTrue;
    if (e.text.find("8.5\\text{e}15$ tokens") != std::string::npos) false_count += e.truth == Truth::kFalse;
  }
  CHECK(true_count == 1);
  CHECK(false_count == 1);
}

TEST_CASE("Extract reads final-answer markers", "[extract][final]") {
  struct Case { const char* text; const char* value; const char* reasons; };
  const Case cases[] = {
      {"We get 3 and 4.\nFinal answer: 12 GB\n", "12", "answer marker"},
      {"Work: 2 + 2 = 4, then $\\boxed{8.5}$ and 9.\n", "8.5", "boxed"},
      {"Some 3 steps.\n**Total: 42 tokens**\n", "42", "bold, total"},
      {"It is 5 or 6.\nSo the answer is 7.\n", "7", "answer marker, conclusion"},
      {"It is 5 or 6.\nThen 7 of them.\nThe answer is 39.\n", "39", "answer marker"},
      {"It is 5 or 6.\n总参数量约 2.13B\n", "2130000000", "total"},
      {"It is 5 or 6.\n答案：12 GB\n", "12", "answer marker"},
      {"It is 5 or 6.\n结果是 40 层\n", "40", "answer marker"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Extractions x = Extract(c.text);
    std::vector<FinalAnswer> a = x.FinalAnswers("");
    REQUIRE(!a.empty());
    CHECK(ExactString(x.quantities[a[0].quantity].value) == c.value);
    CHECK(a[0].reasons == c.reasons);
  }
}

TEST_CASE("section_only reads the problem's section as a whole reading does, and nothing else", "[extract][section]") {
  const std::string text =
      "# Problem (transformer_accounting)\n"
      "(a) The model has 2,127,057,600 parameters, about 8.5 GB.\n"
      "(b) FLOPs: 2 * 3 = 6, so the total is **4.5e12 FLOPs**.\n"
      "# Problem (adamw)\n"
      "AdamW keeps 16 bytes per parameter: 4 * 4 = 16, about 34 GB.\n";
  ExtractOptions o;
  o.parts = {{"a", "", "", {"byte"}}, {"b", "", "", {"FLOP"}}};
  o.names = {"transformer_accounting"};
  const Extractions whole = Extract(text, o);
  o.section_only = true;
  const Extractions read = Extract(text, o);
  REQUIRE(whole.parts.section.how == "heading");
  const size_t section_end = text.find("# Problem (adamw)");
  CHECK(read.parts.section.range.end == whole.parts.section.range.end);
  REQUIRE(whole.quantities.size() == 11);  // 6 in the section, 5 after it
  REQUIRE(read.quantities.size() == 6);
  for (size_t k = 0; k < read.quantities.size(); ++k) {
    CHECK(read.quantities[k].text == whole.quantities[k].text);
    CHECK(read.quantities[k].base_value == whole.quantities[k].base_value);
    CHECK(read.quantities[k].range.end <= section_end);
  }
  REQUIRE(whole.equations.size() == 2);
  REQUIRE(read.equations.size() == 1);
  CHECK(read.equations[0].text == "2 * 3 = 6");
  CHECK(read.equations[0].truth == Truth::kTrue);
  for (const char* part : {"a", "b"}) {
    REQUIRE(read.HasPart(part));
    CHECK(read.PartRange(part).begin == whole.PartRange(part).begin);
    CHECK(read.PartRange(part).end == whole.PartRange(part).end);
  }
  CHECK(TopAnswer(read, "b").text == "4.5e12 FLOPs");
  CHECK(TopAnswer(whole, "b").text == "4.5e12 FLOPs");
  // A text the caps could cut is read whole (here: more than 40,000 bytes).
  std::string big = text;
  while (big.size() <= 2 * kMaxQuantities) big += "filler words without numbers.\n";
  CHECK(Extract(big, o).quantities.size() == 11);
  // So is one with enough relations for kMaxEquations to cut the whole
  // reading: its first 5,000 equations, 100 of them before the section.
  std::string many = "# Problem (adamw)\n";
  for (int k = 0; k < 100; ++k) many += "2 = 2\n";
  many += "# Problem (transformer_accounting)\n(a) 8.5 GB\n(b) 4.5e12 FLOPs\n";
  for (int k = 0; k < 5000; ++k) many += "3 = 3\n";
  REQUIRE(many.size() < 2 * kMaxQuantities);
  const Extractions capped = Extract(many, o);
  REQUIRE(capped.equations.size() == kMaxEquations);
  CHECK(capped.equations.front().text == "2 = 2");
  CHECK(capped.parts.section.how == "heading");
}

TEST_CASE("Extract serialises to JSON", "[extract][json]") {
  Extractions x = Extract("(a) 8.5 GB so 2 * 3 = 6\n(b) none\n", {{"a", "c"}});
  nlohmann::json j = ToJson(x);
  CHECK(j["parts"][0]["id"] == "a");
  CHECK(j["missing_parts"] == nlohmann::json::array({"c"}));
  CHECK(j["quantities"][0]["text"] == "8.5 GB");
  CHECK(j["quantities"][0]["base_value"] == "8500000000");
  CHECK(j["quantities"][0]["span"]["line"] == 1);
  CHECK(j["quantities"][0]["span"]["col"] == 5);
  CHECK(j["equations"][0]["truth"] == "true");
}

// Found by tests/fuzz/grade_fuzz: an equation side quoting a byte that is not
// UTF-8 made `grader extract --json` throw nlohmann's type_error 316.
TEST_CASE("Extract serialises texts that are not UTF-8 with U+FFFD", "[extract][json]") {
  Extractions x = Extract("so $D_{\xAAopt}(C) = 0.3 C^{0.55}$ for 8\xAA GB\n");
  REQUIRE(x.equations.size() == 1);
  CHECK(x.equations[0].sides[0].text == "D_{\xEF\xBF\xBDopt}(C)");  // Document::Quote already repairs it
  nlohmann::json j = ToJson(x);
  CHECK(j["equations"][0]["text"] == "D_{\xEF\xBF\xBDopt}(C) = 0.3 C^{0.55}");
  CHECK(j["equations"][0]["sides"][0]["text"] == "D_{\xEF\xBF\xBDopt}(C)");
  CHECK(j.dump().find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("Hostile input: extraction completes with diagnostics", "[extract][hostile]") {
  auto timed = [](std::string text) {
    auto start = std::chrono::steady_clock::now();
    Extractions x = Extract(std::move(text), {{"a", "b"}});
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 5.0 * testing::kTimeScale);
    return x;
  };
  SECTION("exponent out of range") {
    Extractions x = timed("The answer is 1e999999999 FLOPs and 2 GB.\n");
    REQUIRE(x.diagnostics.size() == 1);
    CHECK(x.diagnostics[0].message == "exponent out of range (|e| <= 1000)");
    CHECK(x.diagnostics[0].span.Where() == "1:15");
    REQUIRE(x.quantities.size() == 1);
    CHECK(x.quantities[0].text == "2 GB");
  }
  SECTION("a 100,000-digit number") {
    Extractions x = timed("n = " + std::string(100000, '7') + " and 5 s\n");
    REQUIRE(x.diagnostics.size() == 1);
    CHECK(x.diagnostics[0].message == "number has 100000 digits (limit 1000)");
    REQUIRE(x.quantities.size() == 1);
    CHECK(x.quantities[0].text == "5 s");
  }
  SECTION("10,000 nested parentheses") {
    // The left side is longer than an equation side may be (see
    // RelationWindows), so no equation is reported; "((1))" at a line start
    // reads as an enumerator, "= 1" as a number.
    Extractions x = timed(std::string(10000, '(') + "1" + std::string(10000, ')') + " = 1\n");
    CHECK(x.equations.empty());
    REQUIRE(x.quantities.size() == 1);
    CHECK(x.quantities[0].span.Where() == "1:20005");
    Extractions y = timed("$" + std::string(300, '(') + "1" + std::string(300, ')') + " = 1$\n");
    CHECK(y.equations.empty());
  }
  SECTION("invalid UTF-8, NUL and CRLF") {
    std::string t = "(a) 8.5 GB\r\n(b) \xC3\x28 12";
    t += '\0';
    t += " MB\r\n";
    Extractions x = timed(t);
    REQUIRE(x.diagnostics.size() == 2);
    CHECK(x.diagnostics[0].message == "1 NUL byte(s) removed");
    CHECK(x.diagnostics[1].message == "1 invalid UTF-8 byte(s) replaced by U+FFFD");
    CHECK(x.parts.parts.size() == 2);
    REQUIRE(x.quantities.size() == 2);
    // The quote is the original bytes, NUL included; the unit is read
    // across it.
    CHECK(x.quantities[1].text == std::string("12\0 MB", 6));
    CHECK(x.quantities[1].unit->symbol == "MB");
    CHECK(x.quantities[1].span.Where() == "2:8");
  }
  SECTION("unbalanced LaTeX") {
    Extractions x = timed("$\\frac{1}{2 = \\left( 3 + \\text{oops $ 4}} = 5 \\right\n");
    CHECK(x.diagnostics.empty());
  }
  SECTION("a several-MB single line") {
    // Numbers and equations are read up to their limits, with a diagnostic
    // each; a million quantities would take ~400 MB.
    std::string line;
    while (line.size() < 5000000) line += "x = 2 * 3 = 6, about 1.4e9 GB or \\frac{1}{40} ((( ";
    Extractions x = timed(line);
    CHECK(x.quantities.size() == kMaxQuantities);
    CHECK(x.equations.size() == kMaxEquations);
    CHECK(x.equations[0].truth == Truth::kTrue);
    REQUIRE(x.diagnostics.size() == 2);
    CHECK(x.diagnostics[0].message == "more than 20000 numbers: the rest are not read");
    // From the next number on: "\\frac{1}{40}" is the last read, then
    // " ((( x = 2 * 3": the diagnostic starts at the 2.
    CHECK(x.quantities.back().text == "\\frac{1}{40}");
    CHECK(x.diagnostics[0].span.begin == x.quantities.back().range.end + 9);
    CHECK(x.doc.text().compare(x.diagnostics[0].span.begin, 5, "2 * 3") == 0);
    CHECK(x.diagnostics[1].message == "more than 5000 equations: the rest are not checked");
    CHECK(x.diagnostics[1].span.begin == x.equations.back().range.end);
  }
  SECTION("the limits leave a response at them alone") {
    std::string text;
    for (size_t i = 0; i < kMaxQuantities; ++i) text += "1 ";
    Extractions x = timed(text);
    CHECK(x.quantities.size() == kMaxQuantities);
    CHECK(x.diagnostics.empty());
  }
  SECTION("a 100 MB line of one repeated character") {
    Extractions x = timed(std::string(100000000, '9'));
    REQUIRE(x.diagnostics.size() == 1);
    CHECK(x.diagnostics[0].message == "number has 100000000 digits (limit 1000)");
  }
}

// FinalAnswers is remembered per part: asking again for the same part gives
// the same list (the same object), each part its own, and every list is what
// RankAnswers gives for that part's range.
TEST_CASE("FinalAnswers: remembered per part, keyed by the part", "[extract]") {
  Extractions x = Extract(Seed("004_b14c3983825096cc.txt"), {{"a", "b", "c", "d", "e"}});
  REQUIRE(x.HasPart("a"));
  REQUIRE(x.HasPart("b"));
  const std::vector<FinalAnswer>& a1 = x.FinalAnswers("a");
  const std::vector<FinalAnswer>& b1 = x.FinalAnswers("b");
  const std::vector<FinalAnswer>& all = x.FinalAnswers("");
  const std::vector<FinalAnswer>& a2 = x.FinalAnswers("a");
  CHECK(&a1 == &a2);
  CHECK(&a1 != &b1);
  auto same = [](const std::vector<FinalAnswer>& u, const std::vector<FinalAnswer>& v) {
    if (u.size() != v.size()) return false;
    for (size_t k = 0; k < u.size(); ++k)
      if (u[k].quantity != v[k].quantity || u[k].weight != v[k].weight || u[k].reasons != v[k].reasons) return false;
    return true;
  };
  for (const char* part : {"a", "b", "c", ""}) {
    INFO(part);
    std::vector<FinalAnswer> fresh = RankAnswers(x.doc, x.quantities, x.equations, x.PartRange(part));
    CHECK(same(x.FinalAnswers(part), fresh));
  }
  REQUIRE(!a1.empty());
  REQUIRE(!b1.empty());
  CHECK(x.quantities[a1.front().quantity].text == "2,127,057,600");
  CHECK(x.quantities[b1.front().quantity].text == "4,513,733,017,600");
  CHECK_FALSE(same(a1, b1));
  CHECK(all.size() > a1.size());
  // An unknown part has no answers, and does not take another part's.
  CHECK(x.FinalAnswers("zz").empty());
  CHECK(x.FinalAnswers("a").size() == a1.size());
}

// Operands() as defined: every side but a chain's last, each of its
// quantities an operand unless it is (nearly) the whole side, the side's
// substance counted in full.
std::vector<bool> NaiveOperands(const Extractions& x) {
  std::vector<bool> naive(x.quantities.size(), false);
  for (const Equation& eq : x.equations)
    for (size_t k = 0; k + 1 < eq.sides.size(); ++k) {
      const EquationSide& side = eq.sides[k];
      if (side.literal) continue;
      size_t substance = 0;
      for (char c : x.doc.View(side.range)) substance += c != ' ' && c != '(' && c != ')' && c != '\\' && c != '$';
      for (const Quantity* q : x.QuantitiesIn(side.range))
        if (q->range.size() + 4 < substance) naive[static_cast<size_t>(q - x.quantities.data())] = true;
    }
  return naive;
}

// Operands(): an operand is a quantity inside a calculation's side that is
// not the whole side; computed once, it equals the reading by QuantitiesIn.
TEST_CASE("Operands: the quantities inside a side that are not the whole side", "[extract]") {
  Extractions x = Extract("The total is 3640 × 8.64e19 ≈ 3.14e23 FLOPs, and \\frac{60}{41.7} = 1.44 here; 7 = 7.");
  const std::vector<bool>& ops = x.Operands();
  REQUIRE(ops.size() == x.quantities.size());
  std::vector<std::string> operands;
  for (size_t k = 0; k < ops.size(); ++k)
    if (ops[k]) operands.push_back(x.quantities[k].text);
  CHECK(operands == std::vector<std::string>{"3640", "8.64e19"});
  CHECK(ops == NaiveOperands(x));
  CHECK(&x.Operands() == &ops);
}

// Operands() counts a side's substance only as far as it decides anything:
// the same answers as the whole count on every writeup of the corpus and
// every seed.
TEST_CASE("Operands: the same as the whole count on the corpus and seeds", "[extract]") {
  size_t texts = 0, operands = 0, whole_sides = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    Extractions x = Extract(text);
    const std::vector<bool> naive = NaiveOperands(x);
    INFO(file.path.string());
    REQUIRE(x.Operands() == naive);
    ++texts;
    for (size_t k = 0; k < naive.size(); ++k) operands += naive[k];
    for (const Equation& eq : x.equations)
      for (size_t k = 0; k + 1 < eq.sides.size(); ++k)
        for (const Quantity* q : x.QuantitiesIn(eq.sides[k].range))
          whole_sides += !eq.sides[k].literal && !naive[static_cast<size_t>(q - x.quantities.data())];
  }
  CHECK(texts >= 20);
  CHECK(operands > 300);  // both answers are common
  CHECK(whole_sides > 100);
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

// RankAnswers screens sentences for its marker words before asking RE2; the
// screen must not lose a match RE2's case folding would find.
TEST_CASE("Final-answer markers are found in any case, Unicode folding included", "[extract][final]") {
  auto reasons = [](const std::string& text) {
    Extractions x = Extract(text);
    std::vector<FinalAnswer> a = x.FinalAnswers("");
    REQUIRE(a.size() == 1);
    return a[0].reasons;
  };
  CHECK(reasons("Some working with no markers.\nFINAL ANSWER 9 bytes") == "answer marker");
  CHECK(reasons("The TOTAL comes to 7 layers.") == "total");
  CHECK(reasons("Therefore we need 12 GPUs.") == "conclusion");
  CHECK(reasons("\xC5\xBF" "o we need 12 GPUs.") == "conclusion");  // U+017F folds to 's'
  CHECK(reasons("\xC5\xBF" "o the TOTAL is 40 layers.") == "total, conclusion");
  CHECK(Extract("We need 12 GPUs for some reason.").FinalAnswers("").empty());
}

// Every answer's weight and reasons, equations' and "from" included (the
// reasons are written only for quantities whose weight makes them answers).
TEST_CASE("Final answers carry every reason in order", "[extract][final]") {
  auto all = [](const std::string& text) {
    Extractions x = Extract(text);
    std::string out;
    for (const FinalAnswer& a : x.FinalAnswers(""))
      out += ExactString(x.quantities[a.quantity].value) + ":" + std::to_string(a.weight) + ":" + a.reasons + "; ";
    return out;
  };
  CHECK(all("It is 5 or 6.\nSo 2 + 2 = 4\n") == "4:2:conclusion, equation result; 2:1:conclusion; 2:1:conclusion; ");
  CHECK(all("The total rose to 12 from 10.\n") == "12:2:total; 10:1:total, previous value; ");
  CHECK(all("Total: 2 + 2 = 5 GB\n") == "2:2:total; 2:2:total; 5:1:total, false equation; ");
  CHECK(all("**Final answer: \\boxed{7}**\n") == "7:5:boxed, bold; ");
}
}  // namespace
}  // namespace grader
