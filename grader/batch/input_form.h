// Input forms: how one input of `grader grade` becomes submissions. Each
// form is registered, like check kinds and report formats; the first form,
// in order(), that accepts an input reads it:
//
//   stdin (0)           "-": one response from standard input
//   folder (10)         a folder of submissions: each entry is read by the
//                       first form that accepts it as an entry
//   student-folder (20) an entry that is a folder: one student's files, joined
//   jsonl (30)          a .jsonl file: one object per line (id, response, ...)
//   file (40)           any other path: one response file
//
// To add a form, implement InputForm in grader/batch/input_<name>.cc and
// register it there:
//
//   const InputFormRegistration kCsvAnswers(std::make_unique<CsvAnswers>());
//
// A form never throws for a bad submission: it adds one with `error` set
// (Errored) and goes on.
#ifndef GRADER_BATCH_INPUT_FORM_H_
#define GRADER_BATCH_INPUT_FORM_H_

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grader/base/error.h"
#include "grader/batch/inputs.h"
#include "grader/batch/submission_table.h"

namespace grader {

class InputForm {
 public:
  virtual ~InputForm() = default;
  virtual std::string name() const = 0;
  // Forms are tried in ascending order; names break no ties, so orders
  // should differ.
  virtual int order() const = 0;
  // Whether this form reads `input` as given on the command line ("-" or a
  // path; `is_dir` tells whether it is a folder).
  virtual bool Accepts(const std::string& input, bool is_dir) const = 0;
  // Whether it reads `entry`, found inside a folder of submissions.
  virtual bool AcceptsEntry(const std::filesystem::path& entry, bool is_dir, const BatchInputOptions& o) const {
    return false;
  }
  // Adds the submissions of `input` to *out, in order.
  virtual void Collect(const std::string& input, const BatchInputOptions& o, SubmissionTable* out) const = 0;
  // Whether the input is one response, which `grader grade` without --out
  // grades and prints.
  virtual bool single_response() const { return false; }
};

// Registers a form at start-up; a duplicate name aborts with a message.
struct InputFormRegistration {
  explicit InputFormRegistration(std::unique_ptr<InputForm> form);
};

// Every registered form, in order().
std::vector<const InputForm*> InputForms();

// The form that reads `input` (a path need not exist: "file" accepts it).
const InputForm& InputFormFor(const std::string& input);

// The form that reads `entry` of a submissions folder, or nullptr.
const InputForm* InputFormForEntry(const std::filesystem::path& entry, bool is_dir, const BatchInputOptions& o);

// For forms.
// A submission that cannot be graded, and why.
Submission Errored(std::string id, std::string source, std::string error);
// Reads at most `limit + 1` bytes of `path`: enough to tell an oversized
// file. Only a regular file is read (a FIFO would block, a device never
// end). On failure sets *error ("cannot read: ...", "not a regular file (a
// FIFO)") and returns false. The bytes replace *out, in its memory when it
// has room; `fit` gives back what is far beyond the file's size (a string
// kept for long), false keeps it (a buffer used again).
bool ReadLimited(const std::filesystem::path& path, size_t limit, std::string* out, std::string* error,
                 bool fit = true);
// What a path found inside an input folder is, after the checks every entry
// goes through: a symbolic link is followed only when its target stays
// inside `o.root` (or o.follow_symlinks); only folders and regular files are
// read. `error` says why not ("not a regular file (a FIFO)", "a symbolic
// link to '/tmp/x', outside the input folder ...").
struct EntryInfo {
  bool is_dir = false, is_regular = false;
  std::string error;
  Submission::FileRef file;  // for a regular file
};
EntryInfo InspectEntry(const std::filesystem::path& entry, const BatchInputOptions& o);
// "a FIFO", "a socket", "a character device", ... for a file's st_mode.
std::string FileTypeName(unsigned mode);
// Whether `path` is `root` or inside it (both canonical).
bool PathWithin(const std::filesystem::path& path, const std::filesystem::path& root);
// A JSONL object's fields other than those the grader reads (id, model,
// problem, variant, params, set, response, error): a record's metadata.
// Null when there are none.
nlohmann::ordered_json JsonlMetadata(const nlohmann::json& object);
// Whether `p` ends in one of `exts` (".md"), ignoring case.
bool HasExtension(const std::filesystem::path& p, const std::vector<std::string>& exts);
// A path as text for ids, sources and messages: bytes that are not UTF-8
// are written \xNN, so every record stays valid JSON and different names
// stay different ids.
std::string PathText(const std::string& bytes);
std::string PathText(const std::filesystem::path& p);
// The file name without its extension, as PathText.
std::string Stem(const std::filesystem::path& p);

}  // namespace grader

#endif  // GRADER_BATCH_INPUT_FORM_H_
