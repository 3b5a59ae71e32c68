// The 64-bit fast paths of number and quantity reading give exactly what
// the multiprecision paths give: ReadNumber's value is compared with
// ParseExact of the same digits written plainly (an independent exact
// reader), on both sides of every boundary of the fast paths (18/19/20
// significant digits, 2^64, 19/20 decimals, exponents that leave 64 bits),
// with separators, and again after the per-thread caches have been
// churned; FindQuantities' unit and scale products are checked against
// values worked out by hand.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "grader/extract/number.h"
#include "grader/extract/quantity.h"
#include "reference/exact.h"
#include "tests/test_seeds.h"

namespace grader {
namespace {

struct NumberCase {
  const char* in;     // what a response writes
  const char* plain;  // the same number for ParseExact
  int sig;
};

void CheckNumber(const NumberCase& c) {
  INFO(c.in);
  NumberToken t, s;
  REQUIRE(ReadNumber(c.in, 0, &t));
  REQUIRE(ScanNumber(c.in, 0, &s));
  REQUIRE(t.ok);
  CHECK(t.end == std::string(c.in).size());
  CHECK(s.end == t.end);
  CHECK(t.sig_figs == c.sig);
  CHECK(s.sig_figs == c.sig);
  std::string error;
  auto expected = ParseExact(c.plain, &error);
  REQUIRE(expected);
  CHECK(ExactString(t.value) == ExactString(*expected));
  CHECK(t.value == *expected);
}

const NumberCase kBoundaries[] = {
    // Integers around 18, 19 and 20 significant digits and 2^64.
    {"123456789012345678", "123456789012345678", 18},
    {"1234567890123456789", "1234567890123456789", 19},
    {"12345678901234567890", "12345678901234567890", 19},  // trailing zero of an integer
    {"12345678901234567891", "12345678901234567891", 20},
    {"18446744073709551615", "18446744073709551615", 20},  // 2^64 - 1
    {"18446744073709551616", "18446744073709551616", 20},  // 2^64
    {"99999999999999999999", "99999999999999999999", 20},
    {"999999999999999999", "999999999999999999", 18},
    {"000000000000000000000000123", "123", 3},  // leading zeros are not significant
    {"100000000000000000000", "100000000000000000000", 1},
    {"123456789012345678901234567890123", "123456789012345678901234567890123", 33},
    // Decimals around 19 and 20 places, and past them.
    {"0.1234567890123456789", "0.1234567890123456789", 19},
    {"0.12345678901234567891", "0.12345678901234567891", 20},
    {"0.0000000000000000001", "0.0000000000000000001", 1},
    {"0.00000000000000000001", "0.00000000000000000001", 1},
    {"0.000000000000000000000000123", "0.000000000000000000000000123", 3},
    {"123456789.123456789", "123456789.123456789", 18},
    {"1234567890.123456789", "1234567890.123456789", 19},
    {"8.50", "8.5", 3},
    {"0.0", "0", 1},
    {"000.000", "0", 1},
    // Exponents that keep or leave 64 bits.
    {"1.5e18", "1.5e18", 2},
    {"1.5e19", "1.5e19", 2},
    {"1.5e20", "1.5e20", 2},
    {"9.99e18", "9.99e18", 3},
    {"123456789012345678e1", "1234567890123456780", 18},
    {"123456789012345678e2", "12345678901234567800", 18},
    {"1.5e-18", "1.5e-18", 2},
    {"1.5e-19", "1.5e-19", 2},
    {"1.5e-20", "1.5e-20", 2},
    {"1.8446744073709551615e19", "18446744073709551615", 20},
    {"2.5 \\times 10^{-30}", "2.5e-30", 2},
    {"7e1000", "7e1000", 1},
    // Thousands separators and digit groups past 64 bits.
    {"1,234,567,890,123,456,789,012", "1234567890123456789012", 22},
    {"18{,}446{,}744{,}073{,}709{,}551{,}616", "18446744073709551616", 20},
    {"1 234 567 890 123 456 789", "1234567890123456789", 19},
    {"1.495\xE2\x80\x89" "227\xE2\x80\x89" "957\xE2\x80\x89" "123\xE2\x80\x89" "456\xE2\x80\x89" "789\xE2\x80\x89" "012",
     "1.495227957123456789012", 22},
};

TEST_CASE("ReadNumber's 64-bit paths equal an exact reading on every boundary", "[extract][number]") {
  for (const NumberCase& c : kBoundaries) CheckNumber(c);
}

TEST_CASE("ReadNumber gives exact values again after its kept decimals are replaced", "[extract][number]") {
  // Thousands of distinct decimals collide in the per-thread table; every
  // one, read again later, must still be its own value.
  std::vector<std::string> numbers;
  for (int k = 1; k <= 3000; ++k) {
    numbers.push_back(std::to_string(k / 100) + "." + std::to_string(k % 100 + 100).substr(1));
    numbers.push_back("0.000" + std::to_string(k));
  }
  for (int round = 0; round < 2; ++round)
    for (const std::string& n : numbers) {
      NumberToken t;
      REQUIRE(ReadNumber(n, 0, &t));
      REQUIRE(t.ok);
      auto expected = ParseExact(n);
      REQUIRE(expected);
      INFO(n);
      CHECK(t.value == *expected);
    }
}

TEST_CASE("ReadNumber refuses hostile mantissas and exponents as before", "[extract][number]") {
  std::string thousand(1000, '7'), too_long(1001, '7');
  NumberToken t;
  REQUIRE(ReadNumber(thousand, 0, &t));
  CHECK(t.ok);
  CHECK(t.sig_figs == 1000);
  CHECK(ExactString(t.value) == thousand);
  REQUIRE(ReadNumber(too_long, 0, &t));
  CHECK_FALSE(t.ok);
  CHECK(t.error == "number has 1001 digits (limit 1000)");
  CHECK(t.end == too_long.size());
  REQUIRE(ReadNumber("1.5e1001", 0, &t));
  CHECK_FALSE(t.ok);
  CHECK(t.error == "exponent out of range (|e| <= 1000)");
  // A thousand digits in groups: refused by count, not read.
  std::string grouped = "1";
  for (int g = 0; g < 400; ++g) grouped += ",000";
  REQUIRE(ReadNumber(grouped, 0, &t));
  CHECK_FALSE(t.ok);
  CHECK(t.end == grouped.size());
}

// Every field of two readings, equal.
bool SameToken(const NumberToken& a, const NumberToken& b) {
  return a.begin == b.begin && a.end == b.end && a.ok == b.ok && a.error == b.error && a.value == b.value &&
         ExactString(a.value) == ExactString(b.value) && a.sig_figs == b.sig_figs && a.grouped == b.grouped &&
         a.scientific == b.scientific && a.power_of_ten == b.power_of_ten;
}

struct Agreement {
  size_t read = 0;  // positions where a number starts
  size_t plain = 0;  // of them, numbers the fast path can take (no separator or exponent: ends at a plain byte)
  std::vector<std::string> wrong;
};

// ReadNumber and ScanNumber against ReadNumberGeneral at every position of
// `text` (tokens reused, as callers reuse them).
void Compare(std::string_view text, Agreement* a) {
  NumberToken fast, scan, general;
  for (size_t p = 0; p < text.size(); ++p) {
    bool g = ReadNumberGeneral(text, p, &general);
    bool f = ReadNumber(text, p, &fast);
    bool s = ScanNumber(text, p, &scan);
    if (g != f || g != s) {
      a->wrong.push_back(std::string(text.substr(p, 40)));
      continue;
    }
    if (!g) continue;
    ++a->read;
    if (general.ok && !general.grouped && !general.scientific && general.end - p <= 19) ++a->plain;
    NumberToken scan_expected = general;
    scan_expected.value = 0;
    if (!SameToken(fast, general) || !SameToken(scan, scan_expected))
      a->wrong.push_back(std::string(text.substr(p, 40)));
  }
}

TEST_CASE("ReadNumber's plain-number path reads every number of the corpus and seeds as the general path does",
          "[extract][number]") {
  Agreement a;
  size_t files = 0;
  for (const testing::SharedText& file : testing::SharedTexts()) {
    const std::string& text = file.text;
    ++files;
    Compare(text, &a);
    // Each line alone too: numbers that end where the text ends.
    for (std::string_view line : testing::Lines(text)) Compare(line, &a);
  }
  CHECK(files >= 20);
  for (size_t k = 0; k < a.wrong.size() && k < 20; ++k) UNSCOPED_INFO(a.wrong[k]);
  CHECK(a.wrong.empty());
  CHECK(a.read > 20000);          // (every position in a number counts)
  CHECK(a.plain > a.read / 2);    // most are plain: the fast path is the one compared
}

TEST_CASE("ReadNumber's plain-number path agrees with the general path before every follower", "[extract][number]") {
  const char* numbers[] = {"0", "7", "10", "100", "1000", "123", "0.5", "8.50", "1.234", "000", "007.0", ".5",
                           "123456789012345678", "1234567890123456789", "12.345678901234567", "1.2345678901234567890",
                           "0.000000000000000001", "99999999999999999.9", "1.0000000000000000", "12345",
                           "1,234", "12,345,678", "123,456.5", "1,000,000", "0,000", "999,999,999,999,999,999",
                           "1,234,567,890,123,456,789", "10,000", "1,23", "1,2345", "1,234,56", "1,234.567"};
  const char* followers[] = {"", " ", "  ", ".", ". ", ".x", ",", ", 5", ",5 GB", ",50 GB", ",5", ",500", " 000 000",
                             " 000", " 123 456", " 12", "e9", "E-3", "e+4", "e", "em", "^2", "^{3}", "**2",
                             "\xC2\xB2", "\xE2\x81\xB9", " x 10^3", "x10^3", "X 10^2", " \xC3\x97 10^3",
                             "\xC3\x97" "10", " \\times 10^{9}", "\\times10^9", "\\,000", "\\,", "{,}000",
                             ",\\!000", "\xE2\x80\x89" "000", "\xE2\x80\xAF" "000", "\xC2\xA0" "000",
                             " times 10^4", " t", "times 10^4", " GB", "GB", "~10^3", "~GB", "~ x 10^2",
                             "*10**3", " * 1e12", "*1e5", "\\cdot 10^2", "\\cdots", "\xC2\xB7" "10\xE2\x81\xB9",
                             "\xE2\x8B\x85" "10^2", "\\text{e}15", "\\mathrm{e}3", "\\%", "/3", "-5", ")",
                             "%", "\n", "a", "\t5", "  x 10^2", " ~ 10", " \\, 10", "$", "}", "\xE4\xB8\x87",
                             " * d", "*d", " * 2", " x 2", "x 3", " tokens", " times", " times x", "*  10^2",
                             "* ~10^2", "x\\,10^2", "* \xE2\x80\x89" "10^2", " *10", "**9", "x 1e5", "x 1.5",
                             " X 1E3", "*\xC2\xA0" "10^3", " * 10", " x 10", "x 11", "* 1", ",234", ",234,567", ",2345", ",23 GB",
                             ",234.5", ",\\!234", ",234 567", ",234e3", ",234 x 10^2",
                             // Followers that PlainEnd looks past their first byte at.
                             ",x", ", ", ",\\", ",\\!", ",\\,", "{", "{x", "{,}", "{,}5", "\\", "\\%", "\\)", "\\]",
                             "\\right)", "\\\\", "\\t", "\\text{ GB}", "\\text{e}5", "\\text{e}", "\\textrm{e}5",
                             "\\times", "\\timesx", "\\c", "\\cdot10^3", "\\cdotp", "\\m", "\\mathrm{e}2",
                             "\\mathrm{GB}", "\\;10", "\\ \\times 10^2", "\\!", " \\", " \\text{GB}", " \\times 10^3",
                             " \\cdot 10", " \\,\\times 10^2", " \\; x 10^2", " \\ 10", " \\! 10^2", " \\t", " \\c",
                             "^", "^x", "^{", "e+", "e-", "e+x", "eggs", "E5", "E", "Ex", "\xE2\x80\x93" "5",
                             "\xE2\x80\x94", "\xE2\x80", "\xE2", "\xE2\x81", "\xE2\x81\xBB\xC2\xB9", "\xE2\x81\xB0",
                             "\xE2\x8B\x85" "10", "\xE2\x8B", "\xE2\x88\x92" "1", "\xC2", "\xC2\xB0" "C",
                             "\xC2\xB9", "\xC2\xB3", "\xC2\xB7", "\xC2\xA0" "x 10^3", "\xC3", "\xC3\xA9",
                             "\xC3\x97", "~", "~x", "~\\times 10^2"};
  const char* before[] = {"", "(", "[", "x ", ",", "."};
  Agreement a;
  for (const char* b : before)
    for (const char* n : numbers)
      for (const char* f : followers) Compare(std::string(b) + n + f, &a);
  for (size_t k = 0; k < a.wrong.size() && k < 20; ++k) UNSCOPED_INFO(a.wrong[k]);
  CHECK(a.wrong.empty());
  CHECK(a.read > 5000);
}

struct ProductCase {
  const char* in;
  const char* value;
  const char* base;
};

TEST_CASE("FindQuantities' unit and scale products are exact on and off the 64-bit path", "[extract][quantity]") {
  const ProductCase cases[] = {
      {"8.5 GB", "8.5", "8500000000"},
      {"-0.5 GB", "-0.5", "-500000000"},
      {"0 GB", "0", "0"},
      {"30%", "30", "0.3"},
      {"33.3%", "33.3", "0.333"},
      {"12.5 ms", "12.5", "0.0125"},
      {"-12 ms", "-12", "-0.012"},
      {"2.5 USD/hr", "2.5", "1/1440"},
      {"7/3 h", "7/3", "8400"},
      {"18446744073709551615 GB", "18446744073709551615", "18446744073709551615000000000"},
      {"18446744073709551616 GB", "18446744073709551616", "18446744073709551616000000000"},
      {"0.00000000000000000001 TB", "0.00000000000000000001", "0.00000001"},
      {"1.5 billion GB", "1500000000", "1500000000000000000"},
      {"20 trillion TB", "20000000000000", "20000000000000000000000000"},
      {"3 ms and 3 ms", "3", "0.003"},
  };
  for (const ProductCase& c : cases) {
    INFO(c.in);
    Document doc(c.in);
    auto qs = FindQuantities(doc);
    REQUIRE_FALSE(qs.empty());
    for (const Quantity& q : qs) {
      CHECK(ExactString(q.value) == c.value);
      CHECK(ExactString(q.base_value) == c.base);
    }
  }
}

}  // namespace
}  // namespace grader
