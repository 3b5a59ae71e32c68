// A TA's decisions on review items, kept in DIR/overrides.csv: the file
// `grader grade --overrides` reads (id,check,credit[,comment]), with two more
// columns saying who decided and when. The reader of --overrides
// (LoadOverrides) ignores columns after the comment, and a later row for the
// same id and check wins, so a changed mind is a new line, never an edit.
//
//   id,check,credit,comment,who,when
//   alice,fp32_memory,0.5,"read 7.92 GiB, not GB",ta1,2025-01-31T12:00:00Z
//
//   AppendDecisions("graded/overrides.csv", {{"alice", "fp32_memory", "0.5", "", "ta1", NowUtc()}});
//   std::vector<Decision> all = ReadDecisions("graded/overrides.csv");  // in file order
//
// Appends are safe with several writers (threads of one server, two
// servers on the same folder): each call takes an exclusive flock on the
// file and writes all its lines with one write() on an O_APPEND descriptor,
// then fsyncs, so lines never interleave or tear and nothing is overwritten.
#ifndef GRADER_REVIEW_DECISIONS_H_
#define GRADER_REVIEW_DECISIONS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace grader {

struct Decision {
  std::string submission;  // the record's id (column id)
  std::string item;        // the rubric item id (column check)
  std::string credit;      // exact decimal or p/q text, 0..1
  std::string comment;
  std::string who;
  std::string when;        // ISO 8601, UTC
  int line = 0;            // where ReadDecisions found it (1-based)
};

inline constexpr const char* kDecisionsHeader = "id,check,credit,comment,who,when\n";
// Longest comment and name kept; longer ones are cut at a UTF-8 boundary.
inline constexpr size_t kMaxCommentBytes = 2000;
inline constexpr size_t kMaxWhoBytes = 100;

// Returns "" when `d` can be written (known-good credit 0..1, non-empty id
// and check), else why not ("credit '2' must be a number from 0 to 1").
std::string ValidateDecision(const Decision& d);

// One CSV line for `d`, ending in "\n": RFC 4180 quoting where a cell holds
// , " CR or LF; comment and who are made valid UTF-8, their line breaks
// become spaces and they are cut to their limits. Ids are written as they
// are (no spreadsheet guard: LoadOverrides must read them back unchanged).
std::string DecisionLine(const Decision& d);

// Appends `decisions` to `path` (created with the header when missing or
// empty; a torn last line from a killed writer is ended first). Throws
// grader::Error naming the path when it cannot be written, or naming the
// decision when one is invalid (nothing is written then).
void AppendDecisions(const std::string& path, const std::vector<Decision>& decisions);

// Every decision in `path`, in file order ([] when it does not exist).
// Throws grader::Error "path:line: ..." for a row LoadOverrides would refuse.
std::vector<Decision> ReadDecisions(const std::string& path);

// The last decision for each (submission, item).
std::map<std::pair<std::string, std::string>, Decision> LatestDecisions(const std::vector<Decision>& all);

// The current time as 2025-01-31T12:00:00Z.
std::string NowUtc();

}  // namespace grader

#endif  // GRADER_REVIEW_DECISIONS_H_
