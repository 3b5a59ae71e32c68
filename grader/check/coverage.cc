// Check kind "coverage": every part of the problem (or the named `parts`)
// answered; credit is the share found. A part counts as answered when it
// holds an answer: a number, a formula (an "=") or a sentence of at least
// three words, besides its heading; a bare "(b)" or "## (b) FLOPs" does not.
//
//   {"id": "all_parts", "kind": "coverage", "parts": ["a", "b", "c"]}
#include "grader/check/check_util.h"
#include "reference/problem.h"

#include <cctype>
#include <string_view>

namespace grader {
namespace {

// The part's text without its heading: a first line that is a Markdown
// heading goes whole; otherwise the label that opens it ("(b)", "b.", "Part
// b:", "**(b)**") goes.
std::string_view WithoutHeading(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
  t.remove_prefix(i);
  if (!t.empty() && t[0] == '#') {
    size_t nl = t.find('\n');
    return nl == std::string_view::npos ? std::string_view() : t.substr(nl + 1);
  }
  auto skip = [&](std::string_view chars) {
    while (!t.empty() && chars.find(t[0]) != std::string_view::npos) t.remove_prefix(1);
  };
  skip("*_ \t");
  if (t.size() >= 4 && (t.substr(0, 4) == "Part" || t.substr(0, 4) == "part")) {
    t.remove_prefix(4);
    skip(" \t");
  }
  skip("(");
  size_t label = 0;
  while (label < t.size() && label < 3 && std::isalnum(static_cast<unsigned char>(t[label]))) ++label;
  if (label > 0 && label < t.size() && std::string_view(").:").find(t[label]) != std::string_view::npos) {
    t.remove_prefix(label + 1);
  } else if (label > 0 && label <= 2 && (label == t.size() || std::isspace(static_cast<unsigned char>(t[label])))) {
    t.remove_prefix(label);
  }
  skip("*_ \t");
  return t;
}

// Whether `text` holds an answer: a digit, an "=" or three words.
bool HoldsAnswer(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isdigit(c) || c == '=') return true;
    bool letter = std::isalpha(c) || c >= 0x80;
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words >= 3;
}

class CoverageCheck : public CompiledCheck {
 public:
  std::vector<std::string> parts;
  CheckOutcome Evaluate(const CheckContext& ctx) const override {
    CheckOutcome o;
    const Extractions& x = *ctx.extractions;
    std::string missing;
    int found = 0;
    for (const std::string& p : parts) {
      if (x.HasPart(p) && HoldsAnswer(WithoutHeading(x.doc.View(x.PartRange(p))))) {
        ++found;
      } else {
        missing += (missing.empty() ? "" : ", ") + p;
        ++o.failures;
      }
    }
    o.expected = std::to_string(parts.size()) + " parts answered";
    o.found = std::to_string(found) + " found";
    o.credit = parts.empty() ? Exact(1) : Exact(found, static_cast<long long>(parts.size()));
    o.detail = missing.empty() ? "every part is answered" : "missing: " + missing;
    return o;
  }
};

class CoverageKind : public CheckKind {
 public:
  std::string name() const override { return "coverage"; }
  std::vector<std::string> fields() const override { return {"parts"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    auto c = std::make_unique<CoverageCheck>();
    c->parts = src.Strings("parts");
    if (c->parts.empty() && src.problem)
      for (const Part& p : src.problem->parts) c->parts.push_back(p.id);
    if (c->parts.empty() && src.problem && src.problem->id.empty())
      src.Fail("parts", "a rubric without a problem names the parts to cover: \"parts\": [\"a\", \"b\"]");
    return c;
  }
};

const CheckKindRegistration kCoverage(std::make_unique<CoverageKind>());

}  // namespace
}  // namespace grader
