// Fuzz target: the report escapers (reports/html.h, reports/json_writer.h),
// which skip 16-byte blocks of plain text with SSE2 compares.
//
// Invariants, for any bytes:
// - CleanText, HtmlEscape, AppendHtmlEscaped (after a prefix) and
//   AppendJsonString equal their byte-at-a-time readings
//   (tests/reports/escape_reference.h);
// - what they produce is valid UTF-8, HTML output has no raw < > " ' and
//   every & starts an entity, and the JSON string parses back to the text
//   with invalid bytes replaced.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "grader/base/utf8.h"
#include "reports/html.h"
#include "reports/json_writer.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/reports/escape_reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace grader;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string clean = CleanText(text);
  FUZZ_CHECK(clean == testing::CleanReference(text), "CleanText of " + fuzz::Show(text));
  FUZZ_CHECK(ValidUtf8(clean) == clean, "CleanText left invalid UTF-8: " + fuzz::Show(clean));

  const std::string html = HtmlEscape(text);
  FUZZ_CHECK(html == testing::HtmlReference(clean), "HtmlEscape of " + fuzz::Show(text));
  for (size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    FUZZ_CHECK(c != '<' && c != '>' && c != '"' && c != '\'', "raw markup in " + fuzz::Show(html));
    if (c == '&') {
      const size_t semi = html.find(';', i);
      FUZZ_CHECK(semi != std::string::npos && semi - i <= 5, "a bare & in " + fuzz::Show(html));
    }
  }
  std::string appended = "<p>";
  AppendHtmlEscaped(&appended, text);
  FUZZ_CHECK(appended == "<p>" + html, "AppendHtmlEscaped of " + fuzz::Show(text));

  std::string json = "[";
  AppendJsonString(json, text);
  FUZZ_CHECK(json == "[" + testing::JsonStringReference(text), "AppendJsonString of " + fuzz::Show(text));
  json += "]";
  const nlohmann::json back = nlohmann::json::parse(json, nullptr, false);
  FUZZ_CHECK(!back.is_discarded() && back[0].get<std::string>() == ValidUtf8(text),
             "the JSON string does not read back: " + fuzz::Show(json));
  return 0;
}
