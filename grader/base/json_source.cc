#include "grader/base/json_source.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "grader/base/error.h"
#include "grader/base/json_error.h"
#include "grader/base/text_position.h"

namespace grader {
namespace {

// Rejects nesting deeper than kMaxJsonDepth without recursion.
void CheckDepth(const std::string& file, const std::string& text) {
  size_t at = TooDeepAt(text);
  if (at != std::string::npos)
    throw Error(file + ":" + grader::LineCol(text, at) + ": nesting deeper than " + std::to_string(kMaxJsonDepth) +
                " levels");
}

std::string EscapePointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

// Walks syntactically valid JSON and records the offset of every value.
class OffsetScanner {
 public:
  OffsetScanner(const std::string& text, std::map<std::string, size_t>* out) : t_(text), out_(out) {}
  void Run() {
    SkipSpace();
    Value("");
  }

 private:
  void SkipSpace() {
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
  }
  std::string String() {
    std::string s;
    ++i_;  // opening quote
    while (i_ < t_.size() && t_[i_] != '"') {
      if (t_[i_] == '\\') {
        s.push_back(t_[i_ + 1]);  // good enough for keys: escapes are rare
        i_ += 2;
        continue;
      }
      s.push_back(t_[i_++]);
    }
    ++i_;
    return s;
  }
  void Value(const std::string& pointer) {
    (*out_)[pointer] = i_;
    if (i_ >= t_.size()) return;
    char c = t_[i_];
    if (c == '{') {
      ++i_;
      SkipSpace();
      while (i_ < t_.size() && t_[i_] != '}') {
        std::string key = String();
        SkipSpace();
        ++i_;  // colon
        SkipSpace();
        Value(pointer + "/" + EscapePointerToken(key));
        SkipSpace();
        if (i_ < t_.size() && t_[i_] == ',') ++i_;
        SkipSpace();
      }
      ++i_;
    } else if (c == '[') {
      ++i_;
      SkipSpace();
      size_t index = 0;
      while (i_ < t_.size() && t_[i_] != ']') {
        Value(pointer + "/" + std::to_string(index++));
        SkipSpace();
        if (i_ < t_.size() && t_[i_] == ',') ++i_;
        SkipSpace();
      }
      ++i_;
    } else if (c == '"') {
      String();
    } else {
      while (i_ < t_.size() && t_[i_] != ',' && t_[i_] != '}' && t_[i_] != ']' &&
             !std::isspace(static_cast<unsigned char>(t_[i_])))
        ++i_;
    }
  }

  const std::string& t_;
  std::map<std::string, size_t>* out_;
  size_t i_ = 0;
};

}  // namespace

size_t TooDeepAt(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > max_depth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::string::npos;
}

JsonSource::JsonSource(std::string file, std::string text)
    : file_(std::move(file)), text_(std::move(text)), lines_(text_) {
  CheckDepth(file_, text_);
  try {
    root_ = nlohmann::json::parse(text_);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for "1e999"
    throw Error(file_ + ":" + grader::LineCol(text_, JsonErrorOffset(text_, e)) + ": invalid JSON: " + JsonErrorMessage(e));
  }
  OffsetScanner(text_, &offsets_).Run();
}

std::string JsonSource::LineCol(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = offsets_.find(p);
    if (it != offsets_.end()) return lines_.LineCol(text_, it->second);
    size_t slash = p.rfind('/');
    if (slash == std::string::npos) return "1:1";
    p = p.substr(0, slash);
  }
}

std::string JsonSource::DisplayPath(const std::string& pointer) {
  std::string out;
  size_t i = 0;
  while (i < pointer.size()) {
    size_t next = pointer.find('/', i + 1);
    std::string token = pointer.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
    bool index = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (index) out += "[" + token + "]";
    else out += (out.empty() ? "" : ".") + token;
    if (next == std::string::npos) break;
    i = next;
  }
  return out;
}

void JsonSource::Fail(const std::string& pointer, const std::string& message) const {
  std::string path = DisplayPath(pointer);
  throw Error(file_ + ":" + LineCol(pointer) + ": " + (path.empty() ? "" : path + ": ") + message);
}

}  // namespace grader
