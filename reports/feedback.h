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
// out entirely (with their details, which may reveal the key). Items not
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
