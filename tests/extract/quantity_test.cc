#include "grader/extract/quantity.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/test_seeds.h"

namespace grader {
namespace {

struct Case {
  const char* in;
  const char* text;  // the quantity as quoted
  const char* value;
  const char* unit;  // symbol, "" for none
  const char* base;
  int sig;
  bool approx;
};

TEST_CASE("FindQuantities reads every written form of a number exactly", "[extract][quantity]") {
  const Case cases[] = {
      {"1406092416", "1406092416", "1406092416", "", "1406092416", 10, false},
      {"1,406,092,416 total", "1,406,092,416", "1406092416", "", "1406092416", 10, false},
      {"1 406 092 416", "1 406 092 416", "1406092416", "", "1406092416", 10, false},
      {"1\xE2\x80\x89" "406\xE2\x80\x89" "092", "1\xE2\x80\x89" "406\xE2\x80\x89" "092", "1406092", "", "1406092", 7, false},
      {"1\xC2\xA0" "406", "1\xC2\xA0" "406", "1406", "", "1406", 4, false},
      {"$1{,}406{,}092{,}416$", "1{,}406{,}092{,}416", "1406092416", "", "1406092416", 10, false},
      {"8.5", "8.5", "8.5", "", "8.5", 2, false},
      {"is .5 of it", ".5", "0.5", "", "0.5", 1, false},
      {"x = -3", "-3", "-3", "", "-3", 1, false},
      {"1.4e9", "1.4e9", "1400000000", "", "1400000000", 2, false},
      {"1.4E+09", "1.4E+09", "1400000000", "", "1400000000", 2, false},
      {"1.4 \xC3\x97 10^9", "1.4 \xC3\x97 10^9", "1400000000", "", "1400000000", 2, false},
      {"1.4 x 10^9", "1.4 x 10^9", "1400000000", "", "1400000000", 2, false},
      {"1.4*10**9", "1.4*10**9", "1400000000", "", "1400000000", 2, false},
      {"$1.4 \\times 10^{9}$", "1.4 \\times 10^{9}", "1400000000", "", "1400000000", 2, false},
      {"$1.4\\cdot10^{9}$", "1.4\\cdot10^{9}", "1400000000", "", "1400000000", 2, false},
      {"$10^{30}$", "10^{30}", "1000000000000000000000000000000", "", "1000000000000000000000000000000", 1, false},
      {"1e30", "1e30", "1000000000000000000000000000000", "", "1000000000000000000000000000000", 1, false},
      {"1.4\xC2\xB7" "10\xE2\x81\xB9", "1.4\xC2\xB7" "10\xE2\x81\xB9", "1400000000", "", "1400000000", 2, false},
      {"E = 3 \\times 10^{-21} J", "3 \\times 10^{-21} J", "0.000000000000000000003", "J", "0.000000000000000000003", 1, false},
      {"~1.4B", "1.4B", "1400000000", "", "1400000000", 2, true},
      {"2.13B", "2.13B", "2130000000", "", "2130000000", 3, false},
      {"GPT-3 175B", "175B", "175000000000", "", "175000000000", 3, false},
      {"1.4 billion", "1.4 billion", "1400000000", "", "1400000000", 2, false},
      {"100 trillion parameters", "100 trillion parameters", "100000000000000", "parameter", "100000000000000", 1, false},
      {"1.5k", "1.5k", "1500", "", "1500", 2, false},
      {"3.5 million", "3.5 million", "3500000", "", "3500000", 2, false},
      {"0.15 million tokens", "0.15 million tokens", "150000", "token", "150000", 2, false},
      {"30%", "30%", "30", "%", "0.3", 1, false},
      {"$0.02 \\%$", "0.02 \\%", "0.02", "%", "0.0002", 1, false},
      {"costs $18.18 now", "$18.18", "18.18", "USD", "18.18", 4, false},
      {"\\$18", "\\$18", "18", "USD", "18", 2, false},
      {"USD 1.5", "USD 1.5", "1.5", "USD", "1.5", 2, false},
      {"1/40", "1/40", "0.025", "", "0.025", 1, false},
      {"$\\frac{1}{40}$", "\\frac{1}{40}", "0.025", "", "0.025", 1, false},
      {"$\\boxed{8.5}$", "8.5", "8.5", "", "8.5", 2, false},
      {"8.5 GB", "8.5 GB", "8.5", "GB", "8500000000", 2, false},
      {"8.5GB", "8.5GB", "8.5", "GB", "8500000000", 2, false},
      {"7.92 GiB", "7.92 GiB", "7.92", "GiB", "8504035246.08", 3, false},
      {"4.8 TB/s", "4.8 TB/s", "4.8", "TB/s", "4800000000000", 2, false},
      {"64 bits", "64 bits", "64", "bit", "8", 2, false},
      {"5e14 H200-seconds", "5e14 H200-seconds", "500000000000000", "GPU-s", "500000000000000", 1, false},
      {"12.12 H200-hours", "12.12 H200-hours", "12.12", "GPU-hour", "43632", 4, false},
      {"3640 petaFLOP-days", "3640 petaFLOP-days", "3640", "petaFLOP-day", "314496000000000000000000", 3, false},
      {"1.98 petaFLOP/s", "1.98 petaFLOP/s", "1.98", "PFLOP/s", "1980000000000000", 3, false},
      {"1980 TFLOP/sec", "1980 TFLOP/sec", "1980", "TFLOP/s", "1980000000000000", 3, false},
      {"2e18 FLOPs", "2e18 FLOPs", "2000000000000000000", "FLOP", "2000000000000000000", 1, false},
      {"$1.98 \\text{ petaFLOP/s}$", "1.98 \\text{ petaFLOP/s}", "1.98", "PFLOP/s", "1980000000000000", 3, false},
      {"$62\\text{k USD}$", "62\\text{k USD}", "62000", "USD", "62000", 2, false},
      {"3000 USD/hr", "3000 USD/hr", "3000", "USD/h", "5/6", 1, false},
      {"1.44 tokens per minute", "1.44 tokens per minute", "1.44", "token/min", "0.024", 3, false},
      {"700 trillion words", "700 trillion words", "700000000000000", "word", "700000000000000", 1, false},
      {"400 pages", "400 pages", "400", "page", "400", 1, false},
      {"6 billion books", "6 billion books", "6000000000", "book", "6000000000", 1, false},
      {"41.67 seconds", "41.67 seconds", "41.67", "s", "41.67", 4, false},
      {"33 days", "33 days", "33", "day", "2851200", 2, false},
      {"3 months, 1.5 h", "1.5 h", "1.5", "h", "5400", 2, false},
      {"30 min", "30 min", "30", "min", "1800", 1, false},
      {"700 Watts", "700 Watts", "700", "W", "700", 1, false},
      {"0.7 kilowatt", "0.7 kilowatt", "0.7", "kW", "700", 1, false},
      {"5.6 kg", "5.6 kg", "5.6", "kg", "5.6", 2, false},
      {"552 tCO\xE2\x82\x82", "552 tCO\xE2\x82\x82", "552", "tCO2", "552000", 3, false},
      {"40\xE2\x80\x93" "60 million", "40\xE2\x80\x93" "60 million", "40000000", "", "40000000", 1, false},
      {"2 to 3x", "2 to 3x", "2", "x", "2", 1, false},
      {"\xE2\x89\x88 2.4 MB", "2.4 MB", "2.4", "MB", "2400000", 2, true},
      {"about 6 billion", "6 billion", "6000000000", "", "6000000000", 1, true},
      {"$\\approx 14$ million", "14$ million", "14000000", "", "14000000", 2, true},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    Document doc(c.in);
    std::vector<Diagnostic> diags;
    auto qs = FindQuantities(doc, std::nullopt, &diags);
    CHECK(diags.empty());
    if (std::string(c.in) == "3 months, 1.5 h") qs.erase(qs.begin());
    REQUIRE(qs.size() >= 1);
    const Quantity& q = qs[0];
    CHECK(q.text == c.text);
    CHECK(ExactString(q.value) == c.value);
    CHECK((q.unit ? q.unit->symbol : std::string()) == c.unit);
    CHECK(ExactString(q.base_value) == c.base);
    CHECK(q.sig_figs == c.sig);
    CHECK(q.approx == c.approx);
  }
}

// Found by tests/fuzz/quantity_fuzz: "USD" was read as the unit of 6400 and
// again as the currency of 1600, so the two quantities overlapped.
TEST_CASE("FindQuantities reads a word before a number only when no quantity has taken it", "[extract][quantity]") {
  struct Overlap {
    const char* in;
    std::vector<std::string> texts;
    std::vector<std::string> units;
  };
  const Overlap cases[] = {
      {"3*1600*6400 USD 1600", {"3", "1600", "6400 USD", "1600"}, {"", "", "USD", ""}},
      {"costs 5 USD, USD 1600 later", {"5 USD", "USD 1600"}, {"USD", "USD"}},
      {"pay 12 USD 3", {"12 USD", "3"}, {"USD", ""}},
  };
  for (const Overlap& c : cases) {
    INFO(c.in);
    Document doc(c.in);
    auto qs = FindQuantities(doc);
    REQUIRE(qs.size() == c.texts.size());
    for (size_t i = 0; i < qs.size(); ++i) {
      CHECK(qs[i].text == c.texts[i]);
      CHECK((qs[i].unit ? qs[i].unit->symbol : std::string()) == c.units[i]);
      if (i > 0) CHECK(qs[i].range.begin >= qs[i - 1].range.end);
    }
  }
}

// Found by tests/fuzz/quantity_fuzz: the '$' closing "$5e14$" before a '/'
// was read as a dollar sign, so 5e14 became 5e14 USD, and its text "5e14$"
// read alone was a bare number. "$/h" after a number is still a unit.
TEST_CASE("FindQuantities reads a '$' before a '/' as a unit only when the whole rate is one", "[extract][quantity]") {
  struct Case {
    const char* in;
    const char* text;
    const char* unit;
  };
  const Case cases[] = {
      {"cost $1e30$ FLOP = $5e14$/ H200-seconds", "5e14", ""},
      {"we pay 2 $/h for it", "2 $/h", "USD/h"},
      {"storage at 0.02 $/GB", "0.02 $/GB", "USD/GB"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    Document doc(c.in);
    auto qs = FindQuantities(doc);
    REQUIRE(!qs.empty());
    CHECK(qs.back().text == c.text);
    CHECK((qs.back().unit ? qs.back().unit->symbol : std::string()) == c.unit);
  }
}

// Found by tests/fuzz/quantity_fuzz: in "1.5B(a)" the B was refused as a
// scale (an operator follows) and then read as bytes, so the quantity's text
// "1.5B" read alone (1.5 billion) differed from it in context.
TEST_CASE("FindQuantities leaves a number bare before a scale letter that an operator follows", "[extract][quantity]") {
  struct Case {
    const char* in;
    const char* text;
    const char* value;
    const char* unit;
  };
  const Case cases[] = {
      {"GPT-2 XL has 1.5B(a) parameters", "1.5", "1.5", ""},
      {"it has 2M^2 entries", "2", "2", ""},
      {"with 3k_1 terms", "3", "3", ""},
      {"GPT-2 XL has 1.5B parameters", "1.5B parameters", "1500000000", "parameter"},
      {"weights take 8 GB(fp32)", "8 GB", "8", "GB"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    Document doc(c.in);
    auto qs = FindQuantities(doc);
    REQUIRE(!qs.empty());
    const Quantity& q = qs.back();
    CHECK(q.text == c.text);
    CHECK(ExactString(q.value) == c.value);
    CHECK((q.unit ? q.unit->symbol : std::string()) == c.unit);
  }
}


// FindQuantities writes a quantity's text in place, from the original's own
// bytes when normalisation left the text alone: it is what Document::Quote
// gives for the quantity's span, in every shared text as it is, with CRLF
// line ends (normalised, so quoted by Document::Quote itself), and in texts
// whose quantities touch multi-byte characters.
TEST_CASE("A quantity's text is Document::Quote of its span", "[extract][quantity]") {
  size_t quantities = 0, wrong = 0;
  auto check = [&](const std::string& original) {
    Document doc(original);
    for (const Quantity& q : FindQuantities(doc)) {
      ++quantities;
      if (q.text != doc.Quote(q.span) || q.text.empty()) {
        if (++wrong <= 10) UNSCOPED_INFO(q.text << " != " << doc.Quote(q.span));
      }
    }
  };
  for (const testing::SharedText& file : testing::SharedTexts()) {
    check(file.text);
    std::string crlf;
    for (char c : file.text) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    check(crlf);
  }
  check("\xE2\x89\x88 8.5 GB \xE2\x80\x93 9\xC2\xA0GB, 1\xE2\x80\x89" "406 \xE2\x88\x92" "3 caf\xC3\xA9 7");
  CHECK(wrong == 0);
  CHECK(quantities > 5000);
}

// The range connectors and the operator forms after a number are tried only
// after their first byte: each is still read where it is written.
TEST_CASE("FindQuantities reads spaced dashes as ranges and leaves roots' coefficients and powers' bases", "[extract][quantity]") {
  for (const char* dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {
    for (const std::string& in : {"40 " + std::string(dash) + " 60 GB", "40" + std::string(dash) + "60 GB"}) {
      INFO(in);
      Document doc(in);
      auto qs = FindQuantities(doc);
      REQUIRE(qs.size() == 1);
      CHECK(qs[0].text == in);
      CHECK(ExactString(qs[0].value) == "40");
      REQUIRE(qs[0].is_range());
      CHECK(ExactString(*qs[0].upper) == "60");
      CHECK(qs[0].unit_text == "GB");
    }
  }
  for (const char* in : {"4\\sqrt{2} m", "4 \\sqrt{2} m", "4\xE2\x88\x9A" "2 m", "4**2 m", "4^2 m", "4_2 m"}) {
    INFO(in);
    Document doc(in);
    for (const Quantity& q : FindQuantities(doc)) CHECK(ExactString(q.value) != "4");
  }
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

TEST_CASE("FindQuantities maps a suffix read through LaTeX wrappers and spaces back to the text", "[extract][quantity]") {
  // Each suffix window here is built piece by piece (a wrapper, a LaTeX
  // space or a '$' stops the plain stretch); the quoted text shows where
  // each window character was mapped back to, closing braces included.
  // (Expected texts as the grader at 24ee364 quoted them.)
  const char* text =
      "a $5\\,\\text{GB}$ b\n"
      "c $5 \\mathrm{ms}$ later\n"
      "d $3\\text{ billion}\\,\\text{GB}$ e\n"
      "f $2 \\textrm{GiB}}$ g\n"
      "h $12\\,\\mathrm{H200\\text{-}hours}$\n"
      "i $4~\\text{TB}$ j\n"
      "k $6\\;\\text{tokens}$ per $2\\;\\mathrm{s}$\n"
      "l $9 \\text{ \\% }$\n"
      "m 7 $\\mathrm{kg}$ n\n"
      "o $1.5\\mbox{ million}$ p $8$ GB\n";
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"5\\,\\text{GB}", "GB"},
      {"5 \\mathrm{ms}", "ms"},
      {"3\\text{ billion}\\,\\text{GB}", "GB"},
      {"2 \\textrm{GiB}", "GiB"},
      {"12\\,\\mathrm{H200\\text{-}hours}", "GPU-hour"},
      {"4", ""},
      {"6\\;\\text{tokens}", "token"},
      {"2\\;\\mathrm{s}", "s"},
      {"9 \\text{ \\%", "%"},
      {"7 $\\mathrm{kg}", "kg"},
      {"1.5\\mbox{ million}", ""},
      {"8$ GB", "GB"},
  };
  Document doc(text);
  auto qs = FindQuantities(doc);
  REQUIRE(qs.size() == expected.size());
  for (size_t k = 0; k < qs.size(); ++k) {
    INFO(k);
    CHECK(qs[k].text == expected[k].first);
    CHECK((qs[k].unit ? qs[k].unit->symbol : std::string()) == expected[k].second);
  }
}

}  // namespace
}  // namespace grader
