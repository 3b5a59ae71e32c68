// Claims: does a scope of the response assert "<subject> <predicate>", and
// does it affirm or deny it?
//
// The Document's sentences and list items are cut into clauses (at ";",
// " but ", " whereas ", " while ", " however", " although "). A clause
// matches a query when both RE2 patterns (case-insensitive) match in it.
// Negation in the same clause before the end of the predicate flips the
// polarity: "not", "no", "never", "n't", "cannot", "neither", "nor",
// "without", "none"; "rather than", "instead of", "as opposed to" and
// "unlike" negate only a subject that follows them. Two negations cancel.
//
//   Document doc("SwiGLU dominates. Attention is not the largest part.");
//   Claims claims(doc);
//   ClaimQuery q("attention", "largest|dominat");
//   auto m = claims.Asserts(doc, {0, doc.text().size()}, q);
//   // m[0].polarity == Polarity::kNegated, m[0].text == "Attention is not the largest part."
#ifndef GRADER_EXTRACT_CLAIMS_H_
#define GRADER_EXTRACT_CLAIMS_H_

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "grader/extract/document.h"

namespace grader {

namespace claims_internal {
class LiteralScreen;  // claims_internal.h
}

enum class Polarity { kAffirmed, kNegated };

struct ClaimMatch {
  Polarity polarity = Polarity::kAffirmed;
  Range range;       // the clause
  Span span;
  std::string text;  // the clause, verbatim
};

// A compiled subject/predicate pair; compile once, query many responses.
class ClaimQuery {
 public:
  ClaimQuery(std::string_view subject_pattern, std::string_view predicate_pattern);
  bool ok() const { return subject_->ok() && predicate_->ok(); }
  // Returns the first pattern error, quoting the offending fragment.
  std::string error() const;
  const RE2& subject() const { return *subject_; }
  const RE2& predicate() const { return *predicate_; }
  // Literal screens of the two patterns (null when a pattern has none):
  // clauses holding no needle of either are not matched.
  const claims_internal::LiteralScreen* subject_screen() const { return subject_screen_.get(); }
  const claims_internal::LiteralScreen* predicate_screen() const { return predicate_screen_.get(); }

 private:
  std::shared_ptr<RE2> subject_, predicate_;
  std::shared_ptr<const claims_internal::LiteralScreen> subject_screen_, predicate_screen_;
};

class Claims {
 public:
  Claims() = default;
  explicit Claims(const Document& doc);
  // Only the clauses of the sentences that overlap `read`: Asserts over a
  // scope inside `read` finds what it finds with the whole index.
  Claims(const Document& doc, Range read);

  // Returns every clause in `scope` that asserts the query, in order.
  std::vector<ClaimMatch> Asserts(const Document& doc, Range scope, const ClaimQuery& query) const;
  const std::vector<Range>& clauses() const { return clauses_; }

 private:
  std::vector<Range> clauses_;
};

}  // namespace grader

#endif  // GRADER_EXTRACT_CLAIMS_H_
