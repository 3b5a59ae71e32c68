#include "grader/base/json_error.h"

namespace grader {

size_t JsonErrorOffset(std::string_view text, const nlohmann::json::exception& e) {
  if (const auto* p = dynamic_cast<const nlohmann::json::parse_error*>(&e))
    return std::min<size_t>(p->byte > 0 ? p->byte - 1 : 0, text.size());
  // "number overflow parsing '1e999'": the first such token outside strings.
  std::string what = e.what();
  size_t open = what.find("parsing '");
  if (open == std::string::npos || what.back() != '\'') return 0;
  std::string token = what.substr(open + 9, what.size() - open - 10);
  if (token.empty()) return 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (text.compare(i, token.size(), token) == 0) {
      return i;
    }
  }
  return 0;
}

std::string JsonErrorMessage(const nlohmann::json::exception& e) {
  std::string what = e.what();
  size_t at = what.find("parse error");
  if (at != std::string::npos) return what.substr(at);
  size_t close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace grader
