// A parsed JSON document that remembers where each value stands in its
// file, so that errors about a field can say `file:line:col` and the field's
// path.
//
//   JsonSource src("rubrics/x.json", text);   // throws on bad syntax
//   src.Fail("/criteria/0/weight", "expected a number");
//   // grader::Error "rubrics/x.json:7:17: criteria[0].weight: expected a number"
//
// Nesting deeper than kMaxJsonDepth is refused before parsing, so hostile
// files cannot exhaust the stack.
#ifndef GRADER_BASE_JSON_SOURCE_H_
#define GRADER_BASE_JSON_SOURCE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "grader/base/text_position.h"

namespace grader {

inline constexpr int kMaxJsonDepth = 64;

// Returns the offset of the first bracket that nests deeper than `max_depth`
// in `text` (brackets inside strings do not count), or std::string::npos.
// Reads the text once without recursion; call it before parsing untrusted
// JSON, whose values would later be dumped and destroyed recursively.
size_t TooDeepAt(std::string_view text, int max_depth = kMaxJsonDepth);

class JsonSource {
 public:
  // Parses `text`. Throws grader::Error "file:line:col: message" on a syntax
  // error or too deep nesting.
  JsonSource(std::string file, std::string text);

  const nlohmann::json& root() const { return root_; }
  const std::string& file() const { return file_; }

  // Returns "line:col" of the value at the JSON pointer (e.g.
  // "/criteria/0/weight"), or of its nearest ancestor that exists.
  std::string LineCol(const std::string& pointer) const;

  // Throws grader::Error "file:line:col: path: message" for the value at
  // `pointer`; the path is shown as criteria[0].weight.
  [[noreturn]] void Fail(const std::string& pointer, const std::string& message) const;

  // "criteria[0].weight" for "/criteria/0/weight".
  static std::string DisplayPath(const std::string& pointer);

 private:
  std::string file_;
  std::string text_;
  nlohmann::json root_;
  std::map<std::string, size_t> offsets_;  // JSON pointer -> byte offset of the value
  LineColIndex lines_;                     // built once: LineCol stays fast for 600k items
};

}  // namespace grader

#endif  // GRADER_BASE_JSON_SOURCE_H_
