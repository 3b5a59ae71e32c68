// The outputs of a batch, each a registered format: results.jsonl, grades.csv, review.csv,
// feedback pages, Gradescope results, the summary. The batch runner knows
// none of them by name; it asks the registry which formats a run wants and
// hands each graded submission to them.
//
// To add a format, write one file, reports/<name>.cc, that implements
// ReportFormat and registers it:
//
//   class ScoresTsv : public ReportFormat {
//    public:
//     std::string name() const override { return "scores-tsv"; }
//     std::unique_ptr<ReportStream> Open(const ReportContext& c) const override {
//       return std::make_unique<TsvStream>(c.out_dir + "/scores.tsv");
//     }
//   };
//   const ReportFormatRegistration kScoresTsv(std::make_unique<ScoresTsv>());
//
// A format writes per-student files (StudentFiles: called on the worker
// that graded the submission, in any order, so it must not keep state), a
// shared file built from every record in input order (Open: one stream per
// run, fed on the runner's main thread), or both. Shared files are
// committed atomically when the run ends; nothing is written for a run that
// fails.
#ifndef GRADER_REPORTS_REPORT_FORMAT_H_
#define GRADER_REPORTS_REPORT_FORMAT_H_

#include <memory>
#include <string>
#include <vector>

#include "reports/batch_record.h"
#include "reports/report_record.h"

namespace grader {

// What the formats of one run may depend on: the flags that choose
// formats (the CLI's flags as they are), the rubric, the output folder.
// Which per-student feedback files a run writes (--feedback): the student's
// Markdown and HTML pages (feedback/<id>.md, .html) and the staff page
// (staff/<id>.html). A class of 100,000 need not get 300,000 files.
struct FeedbackKinds {
  bool md = true, html = true, staff = true;
  bool any() const { return md || html || staff; }
  bool all() const { return md && html && staff; }
};
// Reads --feedback's value: a comma-separated list of md, html and staff,
// or "all" or "none". Throws grader::Error naming what is wrong.
FeedbackKinds ParseFeedbackKinds(const std::string& list);
// The canonical text of `kinds` ("md,html,staff", "html", "none").
std::string FeedbackKindsText(const FeedbackKinds& kinds);
// Without --feedback, a batch of at most this many submissions gets every
// per-student page and a larger one none (a note says how to ask for them),
// so that a 100,000-student run does not create 300,000 files unless asked;
// a folder whose earlier run wrote every page keeps getting them (see
// RunBatch).
inline constexpr size_t kPagesByDefaultUpTo = 5000;

struct ReportOptions {
  bool gradescope = false;  // --gradescope
  FeedbackKinds feedback;   // --feedback
  // The roster's rows (--roster), header first, as read (empty without one):
  // the LMS export keeps its columns (email, name, ...).
  std::vector<std::vector<std::string>> roster;
};

struct ReportContext {
  const RubricSummary& rubric;
  const ReportOptions& options;
  std::string out_dir;
  // Entries of the input folders left out, and why (path, reason).
  std::vector<std::pair<std::string, std::string>> skipped = {};
};

// A file to write, its path relative to the output folder.
struct OutputFile {
  std::string path;
  std::string content;
  bool durable = true;  // fsync before the rename (per-student files skip it)
};

// One graded submission as a stream sees it: the results.jsonl line and
// the record the reports read.
struct GradedEntry {
  const std::string& line;
  const ReportRecord& record;
};

// A shared output of one run, fed every submission in input order.
class ReportStream {
 public:
  virtual ~ReportStream() = default;
  // Work for one record that may run on the worker that graded it, before
  // Add (e.g. formatting a CSV row). Must not touch the stream's state.
  // Returns what Add receives as `prepared`.
  virtual std::string Prepare(const ReportRecord& record) const { return ""; }
  virtual void Add(const GradedEntry& entry, std::string prepared) = 0;
  // Commits the stream's files (atomically). Not called when the run fails.
  virtual void Finish() = 0;
};

class ReportFormat {
 public:
  virtual ~ReportFormat() = default;
  // A short name ("results", "grades-csv", "feedback", ...), unique.
  virtual std::string name() const = 0;
  // Whether a run with these options writes this format (default: always).
  virtual bool Wanted(const ReportOptions& options) const { return true; }
  // The files and folders of the output folder (relative, top level) that
  // this format alone writes. A run that does not want the format removes
  // them, so a rerun without --gradescope leaves no stale gradescope/.
  virtual std::vector<std::string> OwnedPaths() const { return {}; }
  // Of a format that is wanted: the top-level folders it writes with other
  // options but not with these (staff/ under --feedback md,html), which a
  // run removes like OwnedPaths.
  virtual std::vector<std::string> UnwrittenPaths(const ReportOptions& options) const { return {}; }
  // The per-student files' paths for `file_id`, relative to the output
  // folder, in the order StudentFiles returns them (empty: none).
  virtual std::vector<std::string> StudentPaths(const std::string& file_id) const { return {}; }
  // The ones a run with `options` writes (default: all of StudentPaths).
  virtual std::vector<std::string> WrittenStudentPaths(const std::string& file_id, const ReportOptions& options) const {
    return StudentPaths(file_id);
  }
  // The per-student files of one record. Called concurrently.
  virtual std::vector<OutputFile> StudentFiles(const ReportRecord& record, const ReportContext& context) const {
    return {};
  }
  // The shared output of one run, or nullptr when the format has none.
  virtual std::unique_ptr<ReportStream> Open(const ReportContext& context) const { return nullptr; }
};

// Registers a format at start-up; a duplicate name aborts with a message.
struct ReportFormatRegistration {
  explicit ReportFormatRegistration(std::unique_ptr<ReportFormat> format);
};

// Every registered format, in name order (so runs do not depend on link order).
std::vector<const ReportFormat*> ReportFormats();

// The formats a run with `options` writes.
std::vector<const ReportFormat*> WantedReportFormats(const ReportOptions& options);

}  // namespace grader

#endif  // GRADER_REPORTS_REPORT_FORMAT_H_
