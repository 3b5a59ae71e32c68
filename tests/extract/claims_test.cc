#include "grader/extract/claims.h"

#include <catch2/catch.hpp>

namespace grader {
namespace {

TEST_CASE("Claims read subject, predicate and polarity", "[extract][claims]") {
  struct Case { const char* text; const char* subject; const char* predicate; std::vector<std::string> found; };
  const std::vector<Case> cases = {
      {"The FFN dominates the FLOPs.", "FFN|feed-?forward", "dominat", {"+The FFN dominates the FLOPs."}},
      {"Attention is not the largest part.", "attention", "largest", {"-Attention is not the largest part."}},
      {"Attention isn't the largest part.", "attention", "largest", {"-Attention isn't the largest part."}},
      {"Attention doesn't dominate.", "attention", "dominat", {"-Attention doesn't dominate."}},
      {"Attention never dominates.", "attention", "dominat", {"-Attention never dominates."}},
      {"No, the FFN dominates.", "FFN", "dominat", {"+No, the FFN dominates."}},
      {"It is not true that attention dominates.", "attention", "dominat", {"-It is not true that attention dominates."}},
      {"The FFN rather than attention dominates.", "FFN", "dominat", {"+The FFN rather than attention dominates."}},
      {"The FFN rather than attention dominates.", "attention", "dominat", {"-The FFN rather than attention dominates."}},
      {"The FFN dominates; attention does not.", "attention", "dominat|does", {"-attention does not."}},
      {"The FFN is small but attention dominates.", "attention", "dominat", {"+attention dominates."}},
      {"It is not the case that attention never dominates.", "attention", "dominat", {"+It is not the case that attention never dominates."}},
      {"Nothing about it here.", "attention", "dominat", {}},
  };
  for (const Case& c : cases) {
    INFO(c.text << " / " << c.subject);
    Document doc(c.text);
    Claims claims(doc);
    std::vector<std::string> found;
    for (const ClaimMatch& m : claims.Asserts(doc, {0, doc.text().size()}, ClaimQuery(c.subject, c.predicate)))
      found.push_back((m.polarity == Polarity::kAffirmed ? "+" : "-") + m.text);
    CHECK(found == c.found);
  }
}

TEST_CASE("Claims scope and spans", "[extract][claims]") {
  Document doc("(a) Attention is cheap.\n(b) The FFN dominates.\n");
  Claims claims(doc);
  ClaimQuery q("FFN", "dominat");
  CHECK(claims.Asserts(doc, {0, 24}, q).empty());
  auto m = claims.Asserts(doc, {24, doc.text().size()}, q);
  REQUIRE(m.size() == 1);
  CHECK(m[0].span.Where() == "2:1");
}

TEST_CASE("Claims cut clauses at every break word, in any case", "[extract][claims]") {
  // The clause index skips the break regex on sentences with no break word;
  // these must still be cut.
  Document doc("The FFN is small BUT attention dominates. Attention grows, HOWEVER the FFN dominates. "
               "Attention wins WHEREAS the FFN loses. No break here at all.");
  Claims claims(doc);
  std::vector<std::string> clauses;
  for (const Range& r : claims.clauses()) clauses.push_back(std::string(doc.View(r)));
  CHECK(clauses == std::vector<std::string>{"The FFN is small", "attention dominates.", "Attention grows",
                                            "the FFN dominates.", "Attention wins", "the FFN loses.",
                                            "No break here at all."});
}

TEST_CASE("ClaimQuery reports bad patterns", "[extract][claims]") {
  ClaimQuery q("(unclosed", "x");
  CHECK_FALSE(q.ok());
  CHECK(q.error() == "invalid pattern '(unclosed': missing ): (unclosed at '(unclosed'");
}

}  // namespace
}  // namespace grader
