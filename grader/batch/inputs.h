// Collecting submissions for a batch: folders (one file per student, or one
// sub-folder per student), JSONL files (one object per line with `id` and
// `response`), and `-` for standard input. Bad input never stops the batch:
// an empty, binary, unreadable or oversized submission becomes a
// Submission with `error` set, and the rest is collected.
//
//   BatchInputOptions o;  o.max_bytes = 1 << 20;
//   std::vector<Submission> subs = CollectSubmissions({"subs/", "llm.jsonl"}, o);
#ifndef GRADER_BATCH_INPUTS_H_
#define GRADER_BATCH_INPUTS_H_

#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace grader {

struct Submission {
  std::string id;
  std::string source;        // "subs/alice.md", "llm.jsonl:12", "-"
  std::string text;          // the response, as bytes
  std::string model;         // JSONL `model`
  std::string problem;       // JSONL `problem` ("" = the rubric's)
  std::optional<long> variant;
  std::map<std::string, std::string> params;  // NAME -> VALUE
  nlohmann::ordered_json metadata;  // other JSONL fields (null: none, which costs no allocation)
  std::string error;         // why it cannot be graded; "" when fine
  // Not a submission at all: an entry of an input folder that is left out
  // (hidden, a sub-folder of a student's folder, ...), `error` saying why.
  // Such entries never reach the batch; CollectSubmissions reports them in
  // *skipped.
  bool skipped = false;
  // The files this submission was read from (device, inode, path), so that
  // two ids reading the same file (a link) are reported; cleared once checked.
  struct FileRef {
    unsigned long long dev = 0, ino = 0;
    std::string path;
  };
  std::vector<FileRef> files;
  // Deferred (BatchInputOptions::defer): `text` is read later by
  // LoadDeferred, from `path` (offset < 0: the whole file; else the JSONL
  // line of `length` bytes at `offset`), so a batch never holds every
  // response in memory at once. A JSONL line's `path` is left empty when
  // `source` ("FILE:LINE") already names the file, which saves a copy of
  // the file's name per line.
  std::string path;
  long long offset = -1;
  size_t length = 0;
  bool Deferred() const { return !path.empty() || offset >= 0; }
  // The file a deferred submission is read from.
  std::string DeferredPath() const {
    return !path.empty() || offset < 0 ? path : source.substr(0, source.rfind(':'));
  }
};

struct BatchInputOptions {
  size_t max_bytes = 1 << 20;  // larger submissions are errors
  std::vector<std::string> extensions = {".md", ".txt", ".tex"};
  bool defer = false;  // leave single files' and JSONL responses unread (see Submission::path)
  // Symbolic links inside an input folder are followed only when their
  // target stays inside that folder, unless this is set.
  bool follow_symlinks = false;
  // For forms: the input folder (canonical) that an entry was found in; ""
  // for a path given on the command line, which is read as given.
  std::string root;
};

// An entry of an input folder that is not graded and not an error, and why
// ("hidden (its name starts with '.')").
struct SkippedEntry {
  std::string path, reason;
};

// Collects every submission of `inputs`, in order (folders sorted by name),
// each kept whole (a batch plans with CollectSubmissionTable instead, which
// holds JSONL lines compactly: submission_table.h).
// Duplicate ids: the later one becomes an error naming both sources.
// Two ids whose files are the same file (a link): the later one becomes an
// error naming the first. Entries that are not submissions are added to
// *skipped when given.
std::vector<Submission> CollectSubmissions(const std::vector<std::string>& inputs, const BatchInputOptions& options,
                                           std::vector<SkippedEntry>* skipped = nullptr);

// Reads a deferred submission's text, or sets its `error` (the file is
// gone, changed into something ungradable, ...). Clears `path`. A file's
// text is read into `buffer`'s memory when given (swapped out of it: the
// buffer is left empty), as a batch's worker reads every response into the
// memory of the one before.
void LoadDeferred(Submission* s, const BatchInputOptions& options, std::string* buffer = nullptr);

// Reads `in` up to `max_bytes + 1` bytes: enough to tell an oversized input
// (CheckText) without holding all of it, however much there is.
std::string ReadAtMost(std::istream& in, size_t max_bytes);

// Returns "" when `text` is gradable, else why not ("empty submission",
// "binary file (gzip)", "UTF-16 text; save it as UTF-8", ...).
std::string CheckText(const std::string& text, size_t max_bytes);

// A parsed CSV: rows of cells (RFC 4180 quoting). Throws grader::Error
// "file:line: ..." on an unterminated quote.
// With `row_lines`, each row's first line in the file is added to it (a
// quoted cell may span lines; blank lines are skipped), for messages.
std::vector<std::vector<std::string>> ParseCsv(const std::string& file, const std::string& text,
                                               std::vector<size_t>* row_lines = nullptr);

// Roster: a CSV with a header `id[,variant][,PARAM...]`; sets each listed
// submission's variant and parameters. Unknown ids are reported in *notes.
// Unknown ids are reported in *notes (a class roster lists students who did
// not submit). When `columns` is given, a column other than id and variant
// must be one of them (the problem's parameters): else grader::Error with a
// "did you mean".
void ApplyRoster(const std::string& file, std::vector<Submission>* subs, std::vector<std::string>* notes,
                 const std::vector<std::string>* columns = nullptr);

// A human decision: `id,check,credit,comment` rows.
struct OverrideRow {
  std::string id, check, comment;
  std::string credit;  // exact decimal text, 0..1
  size_t line = 0;     // in the file, for messages
};
std::vector<OverrideRow> LoadOverrides(const std::string& file);

}  // namespace grader

#endif  // GRADER_BATCH_INPUTS_H_
