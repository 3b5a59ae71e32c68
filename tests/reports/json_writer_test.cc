#include "reports/json_writer.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grader/base/utf8.h"
#include "reports/result_json.h"
#include "tests/reports/escape_reference.h"

namespace grader {
namespace {

TEST_CASE("JsonWriter writes compact JSON with commas in the right places", "[reports][json]") {
  JsonWriter w;
  w.BeginObject();
  w.Key("id");
  w.String("alice");
  w.Key("score");
  w.Number(83.39);
  w.Key("n");
  w.Int(-12);
  w.Key("list");
  w.BeginArray();
  w.Int(1);
  w.Null();
  w.Bool(true);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.Key("meta");
  w.Json(nlohmann::ordered_json{{"b", 1}, {"a", "x"}});
  w.EndObject();
  CHECK(w.str() == R"({"id":"alice","score":83.39,"n":-12,"list":[1,null,true,{},[]],"meta":{"b":1,"a":"x"}})");
}

TEST_CASE("JsonWriter escapes strings and repairs invalid UTF-8", "[reports][json]") {
  std::string out;
  AppendJsonString(out, "a\"b\\c\n\t\x01 \xC3\xA9 \xFF end");
  CHECK(out == "\"a\\\"b\\\\c\\n\\t\\u0001 \xC3\xA9 \xEF\xBF\xBD end\"");
  // Whatever the bytes, the text parses back.
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  bytes += "\xE2\x82";  // a cut-off sequence at the end
  out.clear();
  AppendJsonString(out, bytes);
  std::string back = nlohmann::json::parse(out).get<std::string>();
  CHECK(back.substr(0, 128) == bytes.substr(0, 128));
  CHECK(back.size() == 128 + 3 * 130);  // 128 bytes >= 0x80 and the two cut-off bytes: one U+FFFD each
}

TEST_CASE("JsonWriter numbers read back to the same double, non-finite ones are null", "[reports][json]") {
  for (double x : {0.1, 1e-7, 2127057600.0, 4.5133365248e17, -0.65, 1e300}) {
    JsonWriter w;
    w.Number(x);
    CHECK(nlohmann::json::parse(w.str()).get<double>() == x);
  }
  JsonWriter w;
  w.BeginArray();
  w.Number(std::numeric_limits<double>::infinity());
  w.Number(std::numeric_limits<double>::quiet_NaN());
  w.EndArray();
  CHECK(w.str() == "[null,null]");
}

// Strings are copied 16 plain bytes at a time; on long strings with every
// kind of byte at every offset of a block, the result must equal a
// byte-at-a-time escaping, and parse back to the repaired text.
TEST_CASE("AppendJsonString equals a byte-at-a-time escaping on long mixed strings", "[reports][json]") {
  uint64_t state = 424242;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  };
  const std::vector<std::string> pieces = {"\"", "\\", "\n", "\r", "\t", "\x01", "\x1f", "\x7f", "\xc3\xa9",
                                           "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xff", "\xe4\xb8", "\xed\xa0\x80", "<"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const size_t parts = next() % 12;
    for (size_t k = 0; k < parts; ++k) {
      s.append(next() % 40, static_cast<char>('a' + next() % 26));
      s += pieces[next() % pieces.size()];
    }
    s.append(next() % 20, 'z');
    INFO("round " << round << ": " << s.size() << " bytes");
    std::string out = "[";
    AppendJsonString(out, s);
    REQUIRE(out == "[" + testing::JsonStringReference(s));
    REQUIRE(nlohmann::json::parse(out + "]")[0].get<std::string>() == ValidUtf8(s));
  }
}

TEST_CASE("JsonWriter: keys and strings of every length keep their commas and escapes", "[reports][json]") {
  // Short plain strings take a one-append path, long or escaped ones the
  // general one; in arrays, objects and after keys alike.
  const std::string long_plain(60, 'x');
  JsonWriter w;
  w.BeginArray();
  w.String("a");
  w.String(long_plain);
  w.String("q\"uote");
  w.String("");
  w.BeginObject();
  w.Key("k");
  w.String("v");
  w.Key(long_plain);
  w.String("caf\xE9");
  w.Key("t\tab");
  w.Int(1);
  w.Key("");
  w.String(long_plain + "\n");
  w.EndObject();
  w.EndArray();
  CHECK(w.str() == "[\"a\",\"" + long_plain + "\",\"q\\\"uote\",\"\",{\"k\":\"v\",\"" + long_plain +
                       "\":\"caf\xEF\xBF\xBD\",\"t\\tab\":1,\"\":\"" + long_plain + "\\n\"}]");
  CHECK(nlohmann::json::parse(w.str()).size() == 5);
}

TEST_CASE("WriteResultJson: the remembered exact strings of max and scored_max follow each result", "[reports][json]") {
  // max and scored_max are formatted once per value and thread: results
  // that alternate between values must each read their own.
  auto exact_of = [](const Exact& max, const Exact& scored_max) {
    Result r;
    r.max = max;
    r.scored_max = scored_max;
    JsonWriter w;
    WriteResultJson(w, r);
    nlohmann::json j = nlohmann::json::parse(w.str());
    return j["exact"]["max"].get<std::string>() + " " + j["exact"]["scored_max"].get<std::string>();
  };
  CHECK(exact_of(Exact(100), Exact(100)) == "100 100");
  CHECK(exact_of(Exact(100), Exact(7, 3)) == "100 " + ExactString(Exact(7, 3)));
  CHECK(exact_of(Exact(7, 3), Exact(100)) == ExactString(Exact(7, 3)) + " 100");
  CHECK(exact_of(Exact(-7, 3), Exact(7, 3)) == ExactString(Exact(-7, 3)) + " " + ExactString(Exact(7, 3)));
  CHECK(ExactString(Exact(-7, 3)) != ExactString(Exact(7, 3)));
  for (int k = 1; k <= 40; ++k) CHECK(exact_of(Exact(k, 7), Exact(100)) == ExactString(Exact(k, 7)) + " 100");
  CHECK(exact_of(Exact(100), Exact(3, 7)) == "100 " + ExactString(Exact(3, 7)));
}

TEST_CASE("WriteResultJson: an item's remembered members follow the item, not its address", "[reports][json]") {
  // The id/kind/title/part, feedback and visibility members are written
  // once per item; an item changed in place (as a reloaded rubric may
  // reuse an address) and another item must read as themselves.
  Criterion c;
  c.id = "c";
  RubricItem item;
  item.id = "x";
  item.kind = "numeric";
  item.title = "first";
  item.part = "a";
  item.feedback = "fb \"one\"";
  auto write = [&](const RubricItem& it, ItemStatus status, const Exact& credit) {
    Result r;
    CriterionResult& cr = r.criteria.emplace_back();
    cr.criterion = &c;
    ItemResult& ir = cr.items.emplace_back();
    ir.item = &it;
    ir.status = status;
    ir.credit = credit;
    JsonWriter w;
    WriteResultJson(w, r);
    return nlohmann::json::parse(w.str())["criteria"][0]["items"][0];
  };
  nlohmann::json j = write(item, ItemStatus::kFail, Exact(0));
  CHECK(j["id"] == "x");
  CHECK(j["title"] == "first");
  CHECK(j["part"] == "a");
  CHECK(j["feedback"] == "fb \"one\"");
  CHECK(j["visibility"] == "students");
  // Passed: no feedback, the rest as before.
  j = write(item, ItemStatus::kPass, Exact(1));
  CHECK_FALSE(j.contains("feedback"));
  CHECK(j["title"] == "first");
  item.title = "second";
  item.part = "";
  item.feedback = "";
  item.visibility = Visibility::kStaff;
  j = write(item, ItemStatus::kFail, Exact(0));
  CHECK(j["title"] == "second");
  CHECK_FALSE(j.contains("part"));
  CHECK_FALSE(j.contains("feedback"));
  CHECK(j["visibility"] == "staff");
  item.feedback = "now some";
  CHECK(write(item, ItemStatus::kFail, Exact(0))["feedback"] == "now some");
  RubricItem other = item;
  other.id = "y";
  other.kind = "claim";
  j = write(other, ItemStatus::kFail, Exact(0));
  CHECK(j["id"] == "y");
  CHECK(j["kind"] == "claim");
  CHECK(write(item, ItemStatus::kFail, Exact(0))["id"] == "x");
  // The members in their place: id first, status right after the head.
  JsonWriter w;
  Result r;
  CriterionResult& cr = r.criteria.emplace_back();
  cr.criterion = &c;
  ItemResult& ir = cr.items.emplace_back();
  ir.item = &other;
  ir.status = ItemStatus::kPass;
  ir.credit = Exact(1);
  WriteResultJson(w, r);
  CHECK(w.str().find("\"items\":[{\"id\":\"y\",\"kind\":\"claim\",\"title\":\"second\",\"status\":\"pass\",") !=
        std::string::npos);
}

TEST_CASE("JsonWriter: every byte at every place of a short key or string is escaped as byte by byte", "[reports][json]") {
  // Keys and strings of up to 64 bytes are screened and copied 16 bytes at
  // a time (the last block overlapping), shorter than 16 a byte at a time;
  // any byte that needs escaping, or that starts a UTF-8 sequence, must
  // send them to the general path.
  for (size_t len : {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65}) {
    for (size_t at = 0; at < len; at += (len > 17 ? 3 : 1)) {
      for (int b = 0; b < 256; ++b) {
        std::string s(len, 'a');
        s[at] = static_cast<char>(b);
        INFO("len " << len << " at " << at << " byte " << b);
        JsonWriter w;
        w.BeginArray();
        w.String("x");
        w.String(s);
        w.EndArray();
        REQUIRE(w.str() == "[\"x\"," + testing::JsonStringReference(s) + "]");
        JsonWriter k;
        k.BeginObject();
        k.Key("x");
        k.Int(1);
        k.Key(s);
        k.Int(2);
        k.EndObject();
        REQUIRE(k.str() == "{\"x\":1," + testing::JsonStringReference(s) + ":2}");
      }
    }
  }
}

// Millionths writes from k's digits what Number writes (std::to_chars'
// shortest form): compared on every kind of value, each side's bytes.
TEST_CASE("JsonWriter::Millionths writes the same bytes as Number", "[reports][json]") {
  auto both = [](double x) {
    JsonWriter a, b;
    a.BeginArray();
    a.Number(x);
    a.Number(x);
    a.EndArray();
    b.BeginArray();
    b.Millionths(x);
    b.Millionths(x);
    b.EndArray();
    return std::pair<std::string, std::string>(a.str(), b.str());
  };
  std::vector<double> xs = {0, -0.0, 0.5, -0.5, 0.666667, 0.000001, 0.00001, 0.0001, 0.001, 0.0012, 0.000999, 0.01, 0.1,
                            1, 1.5, 100000000.5, 999999999.999999, 1e9, 1e9 + 0.5, 123456.000001, -0.071487, 0.442503,
                            1e8, 1e15, 1e-7, 0.3333333333, 2.0000005, std::numeric_limits<double>::infinity(),
                            std::numeric_limits<double>::quiet_NaN(), 1.0 / 3, 4.0 / 7};
  // ToJsonNumber's roundings of many fractions, and every six-decimal value
  // around the fixed/scientific boundary and the billion.
  for (long long k = -3000; k <= 3000; ++k) xs.push_back(static_cast<double>(k) / 1e6);
  for (long long k = 999000000000000LL - 3000; k < 999000000000000LL + 3000; k += 7) xs.push_back(static_cast<double>(k) / 1e6);
  for (long long k = 999999999000000LL; k < 1000000001000000LL; k += 99991) xs.push_back(static_cast<double>(k) / 1e6);
  unsigned long long r = 88172645463325252ULL;
  for (int i = 0; i < 20000; ++i) {
    r ^= r << 13, r ^= r >> 7, r ^= r << 17;
    const double num = static_cast<double>(r % 2000000000ULL) - 1e9, den = static_cast<double>(1 + (r >> 40) % 997);
    const double d = num / den;
    xs.push_back(std::round(d * 1e6) / 1e6);  // as ToJsonNumber rounds
    xs.push_back(d);                          // and not rounded: through Number
  }
  size_t differ = 0;
  for (double x : xs) {
    auto [number, millionths] = both(x);
    if (number != millionths) {
      INFO(number << " vs " << millionths);
      CHECK(number == millionths);
      if (++differ > 5) break;
    }
  }
  CHECK(differ == 0);
  CHECK(both(0.666667).second == "[0.666667,0.666667]");
  CHECK(both(-0.000001).second == "[-1e-06,-1e-06]");
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

// A result line's "exact" score and normalized score are written from
// machine integers when they fit (result_json.cc); the text must be
// ExactString's, at the edges of that path too: 64-bit numerators and
// denominators, scales whose scaled value just fits or overflows, long runs
// of zeros after the point, signs, and rationals without a decimal.
TEST_CASE("a result's exact texts are ExactString's, fast path or not", "[reports][json]") {
  const Int two64 = Int(1) << 64;
  std::vector<Exact> values = {Exact(0), Exact(1), Exact(-1), Exact(1, 2), Exact(-3, 4), Exact(1, 3), Exact(-2, 3),
                               Exact(83, 100), Exact(5, 6), Exact(1, 1024), Exact(7, 3125), Exact(-1, 1000000),
                               Exact(Int(1) << 62, 1), Exact(-(Int(1) << 62), 1), Exact(two64 - 1, 1),
                               Exact(-(two64 - 1), 1), Exact(two64, 1), Exact(1, two64 - 1), Exact(1, two64),
                               Exact(Int(1), Int(1) << 63), Exact(Int(3), Int(1) << 50), Exact(Int(1), Int(5) << 25),
                               Exact(two64 - 1, Int(1) << 40), Exact(two64 - 1, 5), Exact(Int(1), boost::multiprecision::pow(Int(5), 27)),
                               Exact(Int(1), boost::multiprecision::pow(Int(5), 28)), Exact(-(two64 - 1), 1024)};
  // The largest n whose n * 5^k still fits in 64 bits, and the next one.
  for (unsigned k : {1u, 10u, 20u, 27u}) {
    const Int p = boost::multiprecision::pow(Int(5), k);
    const Int n = (two64 - 1) / p;
    for (const Int& m : {n - 1, n, n + 1}) {
      if (m % 2 == 0) continue;  // in lowest terms over 2^k
      values.push_back(Exact(m, Int(1) << k));
      values.push_back(Exact(-m, Int(1) << k));
    }
  }
  for (const Exact& x : values) {
    Result r;
    r.score = x;
    r.normalized = -x;
    JsonWriter w;
    WriteResultJson(w, r, true);
    const nlohmann::json j = nlohmann::json::parse(w.str());
    INFO(ExactString(x));
    CHECK(j["exact"]["score"] == ExactString(x));
    CHECK(j["exact"]["normalized"] == ExactString(-x));
  }
}

}  // namespace
}  // namespace grader
