// Submission ids as file names. The batch runner writes feedback/<id>.md and
// gradescope/<id>/results.json; ids come from file names, JSONL fields or
// models' names, so they may hold '/', "..", control characters, be empty,
// very long, or differ only in case (which collide on macOS and Windows).
//
//   std::vector<std::string> notes;
//   SafeFileIds({"alice", "a/b", "Alice", "", ".."}, &notes)
//   // {"alice", "a_b", "Alice-2", "_", "__"}
//   // notes: "id 'a/b' is written as 'a_b'",
//   //        "id 'Alice' is written as 'Alice-2' (it collides with 'alice')", ...
#ifndef GRADER_REPORTS_FILE_NAMES_H_
#define GRADER_REPORTS_FILE_NAMES_H_

#include <functional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace grader {

// The longest file id, in bytes.
inline constexpr size_t kMaxFileIdBytes = 100;

// Returns one file-name-safe id per id, in order. A safe id keeps
// [A-Za-z0-9._-] and writes every other character (a UTF-8 sequence or an
// invalid byte) as '_'; leading dots and a trailing dot become '_', so it
// is never "", "." or "..", never hidden, and survives Windows; Windows device names (CON, NUL, COM1, ...) get a
// '_' prefix. Ids longer than kMaxFileIdBytes are cut and end in '-' and 8
// hex digits of the full id's SHA-256. Ids whose safe forms are equal,
// ignoring ASCII case, keep the first one's form and suffix later ones with
// "-2", "-3", ... (never taking a name another id has on its own).
// Appends to `notes` (if not null) one line per id whose file id differs.
std::vector<std::string> SafeFileIds(const std::vector<std::string>& ids, std::vector<std::string>* notes);

// The same for `n` ids read by `id(i)`, returning only the file ids that
// differ from their id, as (index, file id) in index order, with the same
// notes. Holds 16 bytes per id while it works, rather than copies of every
// id and form, so that a batch of a million ids plans in little memory.
std::vector<std::pair<size_t, std::string>> SafeFileIdChanges(size_t n,
                                                              const std::function<std::string_view(size_t)>& id,
                                                              std::vector<std::string>* notes);

// Returns `id` quoted for a message: printable ASCII, with every other byte,
// backslash and quote as \xNN, cut after 60 bytes with the full length noted.
std::string QuoteId(std::string_view id);

}  // namespace grader

#endif  // GRADER_REPORTS_FILE_NAMES_H_
