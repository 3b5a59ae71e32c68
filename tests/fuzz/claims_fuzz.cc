// Fuzz target: claim matching (claims.h).
//
// The input is a response. If its first line holds a tab, the line is a
// fuzzed query instead ("subject<TAB>predicate") and the rest is the
// response; the claim queries of the shipped rubrics are always asked too.
//
// Invariants, for any input:
// - clauses lie in the text, in order, without overlapping, and are never
//   empty or inside a code block;
// - a match is one of the clauses, meets the scope asked, comes in order,
//   its span lies in the response and its text is the spanned bytes; both
//   patterns match inside it;
// - asking twice, or through a second Claims built from the same document,
//   gives the same matches with the same polarity;
// - asking per part gives exactly the whole-text matches that meet the part.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "grader/extract/claims.h"
#include "grader/extract/document.h"
#include "grader/extract/segment.h"
#include "tests/fuzz/fuzz_check.h"

namespace grader {
namespace {

using fuzz::Show;

// Subject/predicate pairs of the claim checks in rubrics/*.json.
const std::vector<ClaimQuery>& RubricQueries() {
  static const std::vector<ClaimQuery> kQueries = {
      {R"(Q\s*K|QK\^?T|query.*key|scores?|dot.?product)", R"(2|flop|matmul|multipl|@|×|\*)"},
      {R"(feed[\s-]*forward|FFN|MLP|SwiGLU)", R"(increas|grow|rise|larger share|more of|dominat)"},
      {R"(rank|\bk\b)", R"(increas|rais|larger|higher|bigger|grow)"},
      {R"(gradient|update|learn|train)", R"(zero|vanish|never|no |not|stuck|0\b)"},
      {R"(AB|product|update|adaptation|W_?0|pretrained|initial)", R"(non.?zero|not zero|away|differ|shift|disturb|destroy|random|far)"},
      {R"(LoRA|adapter|low.?rank|A and B|k\(m)", R"(less|smaller|fewer|much|cheaper|saves|reduc)"},
      {R"(question|prompt)", R"(not|exclud|no (need|point|ground)|don.t|skip|ignor|no target)"},
      {R"(model|weights|everything|rest|other)", R"(frozen|fixed|not (trained|updated)|unchanged)"},
      {R"(feed[\s-]*forward|FFN|MLP|attention|embedding|norm)", R"(because|since|as they|due to|require|need|each with|per (block|layer)|scal)"},
  };
  return kQueries;
}

std::string At(const Range& r) { return "[" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ")"; }

bool Same(const std::vector<ClaimMatch>& a, const std::vector<ClaimMatch>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].polarity != b[i].polarity || a[i].range.begin != b[i].range.begin || a[i].range.end != b[i].range.end ||
        a[i].text != b[i].text)
      return false;
  return true;
}

void CheckQuery(const Document& doc, const fuzz::SpanChecker& spans, const Claims& claims, const Claims& claims2,
                const PartMap& parts, const ClaimQuery& q) {
  if (!q.ok()) {
    FUZZ_CHECK(!q.error().empty(), "a bad pattern without an error");
    FUZZ_CHECK(claims.Asserts(doc, {0, doc.text().size()}, q).empty(), "a bad pattern matched");
    return;
  }
  std::string what = "query " + Show(q.subject().pattern()) + " / " + Show(q.predicate().pattern());
  Range whole{0, doc.text().size()};
  std::vector<ClaimMatch> all = claims.Asserts(doc, whole, q);
  FUZZ_CHECK(Same(all, claims.Asserts(doc, whole, q)), what + ": asking twice differs");
  FUZZ_CHECK(Same(all, claims2.Asserts(doc, whole, q)), what + ": a second Claims of the same document differs");
  size_t previous = 0;
  for (const ClaimMatch& m : all) {
    std::string at = what + ", match " + At(m.range) + " " + Show(m.text);
    spans.RangeSpan(m.range, m.span, at, &m.text);
    FUZZ_CHECK(std::find_if(claims.clauses().begin(), claims.clauses().end(), [&](const Range& c) {
                 return c.begin == m.range.begin && c.end == m.range.end;
               }) != claims.clauses().end(),
               at + ": not a clause");
    FUZZ_CHECK(m.range.begin >= previous, at + ": out of order");
    previous = m.range.end;
    re2::StringPiece clause(doc.text().data() + m.range.begin, m.range.size());
    FUZZ_CHECK(RE2::PartialMatch(clause, q.subject()) && RE2::PartialMatch(clause, q.predicate()),
               at + ": a pattern does not match in the clause");
  }
  // Per part: the whole-text matches that meet the part.
  for (const FoundPart& p : parts.parts) {
    std::vector<ClaimMatch> in = claims.Asserts(doc, p.range, q);
    std::vector<ClaimMatch> want;
    for (const ClaimMatch& m : all)
      if (m.range.end > p.range.begin && m.range.begin < p.range.end) want.push_back(m);
    FUZZ_CHECK(Same(in, want), what + ": part '" + p.id + "' " + At(p.range) + " has " + std::to_string(in.size()) +
                                   " matches, the whole text " + std::to_string(want.size()) + " there");
  }
}

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace grader;
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string subject, predicate;
  size_t eol = input.find('\n');
  size_t tab = input.find('\t');
  bool fuzzed_query = tab != std::string::npos && tab < eol && eol != std::string::npos && eol < 200;
  if (fuzzed_query) {
    subject = input.substr(0, tab);
    predicate = input.substr(tab + 1, eol - tab - 1);
    input.erase(0, eol + 1);
  }
  Document doc(input);
  fuzz::SpanChecker spans(doc);
  Claims claims(doc), claims2(doc);
  size_t previous = 0;
  for (const Range& c : claims.clauses()) {
    spans.Range(c, "clause " + At(c));
    FUZZ_CHECK(c.begin >= previous && c.begin < c.end, "clause " + At(c) + " is empty or overlaps the one before it");
    FUZZ_CHECK(!doc.InCode(c.begin), "clause " + At(c) + " is inside a code block");
    previous = c.end;
  }
  PartMap parts = MapParts(doc, {"a", "b", "c", "d", "e"});
  for (const ClaimQuery& q : RubricQueries()) CheckQuery(doc, spans, claims, claims2, parts, q);
  if (fuzzed_query) CheckQuery(doc, spans, claims, claims2, parts, ClaimQuery(subject, predicate));
  return 0;
}
