#include "reports/json_writer.h"

#include <catch2/catch.hpp>
#include <limits>

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

}  // namespace
}  // namespace grader
