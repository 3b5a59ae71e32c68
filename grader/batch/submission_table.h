// The submissions of a batch, held compactly: a deferred JSONL line that
// needs nothing of its own but its id (no error, variant, parameters, files
// or text) is kept as {id, file, line, offset, length, model, problem},
// about 64 bytes, instead of a full Submission (about 350 bytes and more in
// its strings), so that a million records plan in tens of megabytes (issue
// 13). So is a deferred response file whose id is its name without the
// extension (a folder's `alice.md`): {id, folder, extension} and its device
// and inode, about 80 bytes (issue 17: a folder of a million files). Every
// other submission (an error, a line with its own variant or parameters, a
// student's folder of files, a roster row's student) is kept whole.
//
//   SubmissionTable t;                 // what the input forms add to
//   t.push_back(std::move(s));         // compacted when it can be
//   t.id(i);                           // without building the submission
//   Submission s = t.Get(i);           // the submission as it was added
//   Submission& full = t.Full(i);      // kept whole from now on (to change it)
//
// Get(i) returns exactly what push_back was given (the same id, source,
// model, problem, offset and length; text empty and metadata null, as a
// deferred line has them), so LoadDeferred reads it as before.
#ifndef GRADER_BATCH_SUBMISSION_TABLE_H_
#define GRADER_BATCH_SUBMISSION_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grader/batch/inputs.h"

namespace grader {

class SubmissionTable {
 public:
  // `compact` false: every submission is kept whole (CollectSubmissions).
  explicit SubmissionTable(bool compact = true) : compact_(compact) {}

  void push_back(Submission s);
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  std::string_view id(size_t i) const;
  // Whether submission i is held compactly (then it has no error, variant
  // or parameters, and is deferred: a JSONL line, or one file).
  bool compact(size_t i) const { return entries_[i].full < 0; }
  // The error of submission i ("" when none, always for a compact one).
  const std::string& error(size_t i) const;
  // Its `problem` ("" = the rubric's).
  std::string_view problem(size_t i) const;

  // Submission i as it was added (a copy).
  Submission Get(size_t i) const;
  // Submission i, kept whole from now on. Not to be called while other
  // threads read the table unless submission i is already whole.
  Submission& Full(size_t i);

  // Keeps the submissions for which keep(i) is true, in order.
  void KeepIf(const std::function<bool(size_t)>& keep);

  // The files submission i reads, as Get(i).files has them, without building
  // it (after ForgetFiles: none, as for a whole submission whose files were
  // checked).
  std::vector<Submission::FileRef> files(size_t i) const;
  // Once the links between submissions are checked: Get(i) has no files.
  void ForgetFiles() { files_forgotten_ = true; }

  // Bytes held by the table, roughly (its entries, the whole submissions and
  // their strings): what a test bounds per record.
  size_t bytes() const;
  // Number of submissions kept whole.
  size_t whole() const { return full_.size(); }

 private:
  // A compact JSONL line has offset >= 0; a compact file has offset
  // -1 - k, with its device and inode at file_keys_[k], `file` its folder
  // and `line` its extension (in strings_).
  struct Entry {
    std::string id;       // of a compact entry ("" for a whole one, whose id is in full_)
    long long offset = 0;  // of the line in its file
    uint32_t length = 0;   // of the line, in bytes
    uint32_t line = 0;     // its line number (source "FILE:LINE")
    uint32_t file = 0;     // in files_
    uint32_t model = 0;    // in strings_ (0: "")
    uint32_t problem = 0;  // in strings_
    int32_t full = -1;     // index in full_, or -1: compact
  };
  struct FileKey {
    unsigned long long dev = 0, ino = 0;
  };
  bool TryCompact(Submission& s, Entry* e);
  bool TryCompactFile(Submission& s, Entry* e);
  // The source (and path) of a compact file entry.
  std::string FilePath(const Entry& e) const;
  uint32_t Intern(std::vector<std::string>* table, std::unordered_map<std::string, uint32_t>* index,
                  const std::string& s);

  bool compact_;
  std::deque<Entry> entries_;  // a deque: no copy of everything while it grows
  std::deque<Submission> full_;
  std::vector<std::string> files_;  // as `source` names them
  std::unordered_map<std::string, uint32_t> file_index_;
  std::vector<std::string> strings_{""};  // models, problems and file extensions
  std::unordered_map<std::string, uint32_t> string_index_{{"", 0}};
  std::vector<FileKey> file_keys_;        // of compact files
  bool files_forgotten_ = false;
};

// CollectSubmissions into a compact table (what a batch plans with).
SubmissionTable CollectSubmissionTable(const std::vector<std::string>& inputs, const BatchInputOptions& options,
                                       std::vector<SkippedEntry>* skipped = nullptr);

// ApplyRoster on a table: only the students the roster lists are kept whole.
void ApplyRoster(const std::string& file, SubmissionTable* subs, std::vector<std::string>* notes,
                 const std::vector<std::string>* columns = nullptr);

}  // namespace grader

#endif  // GRADER_BATCH_SUBMISSION_TABLE_H_
