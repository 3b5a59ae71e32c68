// feedback/<id>.md and feedback/<id>.html: what a student sees about one
// graded submission, per criterion (part): the points earned and lost, the
// quoted evidence with its line and column, and the rubric's feedback.
//
//   # Feedback for alice
//
//   Score: **7.5 / 100** (7.5%)
//
//   ## (a) Trainable parameters and fp32 memory: 7.5 / 30
//
//   - **Partial credit** 3.21 / 12.86: total trainable parameters
//     - Expected: 2,127,057,600 parameter (within 0.1%)
//     - Quoted from line 43, column 41: "1,555,124,800 parameters"
//     - Known mistake: two-matrix feed-forward and a single embedding table
//     - The model uses SwiGLU (three matrices per block) ...
//
// The student view (what a batch writes): staff-only items, and staff-only criteria, are left
// out entirely (with their details, which may reveal the key); their points
// show as one line "Adjustments by course staff: −2" (unless the rubric's
// "reveal" has "adjustments": false), so the sections and that line add up
// to the score to the hundredth (items to their section likewise). Of the
// other items students see only what the rubric reveals (expected value,
// derivation, feedback; rubrics/README.md), never a pattern, a judge's
// criterion or how a check decided; an item whose check found no matching
// answer says so rather than showing the likeliest number. The HTML page
// ends with the response itself (when the record carries it), each
// evidence span highlighted and linked to its item and back; the student's
// variant and parameters head both pages. Items not
// graded yet say so; deductions are listed only when they applied or are
// not graded yet; an error record explains why there is no grade. Every
// text from the submission or rubric is escaped (Markdown or HTML). The
// HTML page is self-contained (inline CSS, no scripts, no external files).
#ifndef GRADER_REPORTS_FEEDBACK_H_
#define GRADER_REPORTS_FEEDBACK_H_

#include <string>

#include "reports/batch_record.h"
#include "reports/report_record.h"

namespace grader {

// Who reads the page. kStudent (the files a batch writes): as above, and a
// review item shows the status its provisional credit stands for plus "This
// item will be checked by course staff.", never the reason or candidates.
// kStaff: staff-only criteria and items too, and a review item is marked
// "Needs review" with a line "Needs review: <reason>; candidates: a | b".
enum class FeedbackAudience { kStudent, kStaff };

// Kinds whose "expected" text is a pattern or a judge's criterion (claim,
// regex, llm, manual, levelled): students never see it, whatever the
// rubric's "reveal" says; the item's title says what it asks.
bool ExpectedIsInternal(const std::string& kind);
// Kinds whose "detail" is about the response itself (arithmetic: its false
// equations; length; coverage: its missing parts) and may reach students;
// any other kind's detail says how the check decided, for staff only.
bool DetailIsForStudents(const std::string& kind);

std::string FeedbackMarkdown(const ReportRecord& record, const RubricSummary& rubric,
                             FeedbackAudience audience = FeedbackAudience::kStudent);
std::string FeedbackHtml(const ReportRecord& record, const RubricSummary& rubric,
                         FeedbackAudience audience = FeedbackAudience::kStudent);
// The same from a results.jsonl record.
std::string FeedbackMarkdown(const Record& record, const RubricSummary& rubric,
                             FeedbackAudience audience = FeedbackAudience::kStudent);
std::string FeedbackHtml(const Record& record, const RubricSummary& rubric,
                         FeedbackAudience audience = FeedbackAudience::kStudent);

// Both pages at once, reading the record once (what the batch runner writes).
struct FeedbackPages {
  std::string markdown;
  std::string html;
};
FeedbackPages FeedbackBoth(const ReportRecord& record, const RubricSummary& rubric,
                           FeedbackAudience audience = FeedbackAudience::kStudent);

}  // namespace grader

#endif  // GRADER_REPORTS_FEEDBACK_H_
