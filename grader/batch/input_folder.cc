// The "folder" input form (a folder of submissions, read entry by entry in
// name order) and the "student-folder" form (an entry that is itself a
// folder: one student's .md/.txt/.tex files, joined in name order).
//
// Every entry is accounted for: it becomes a submission, an error row (a
// FIFO, a device, a link leading out of the input folder, a file of another
// kind), or a skipped entry with the reason (names starting with '.', such
// as .git or .DS_Store; what a student's folder holds besides its answers).
#include <algorithm>
#include <filesystem>

#include "grader/batch/input_form.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

Submission Skipped(const fs::path& path, std::string why) {
  Submission s;
  s.source = PathText(path);
  s.error = std::move(why);
  s.skipped = true;
  return s;
}

const char kHidden[] = "hidden (its name starts with '.')";

void FromFolder(const fs::path& dir, const BatchInputOptions& o, SubmissionTable* out) {
  std::vector<std::pair<fs::path, EntryInfo>> files;
  std::vector<Submission> skipped;
  std::error_code ec;
  std::string id = PathText(dir.filename());
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') {
      skipped.push_back(Skipped(e.path(), kHidden));
      continue;
    }
    EntryInfo info = InspectEntry(e.path(), o);
    if (info.is_dir) {
      skipped.push_back(Skipped(e.path(), "a folder inside a student's folder (only its own files are read)"));
    } else if (!HasExtension(e.path(), o.extensions)) {
      skipped.push_back(Skipped(e.path(), "not a .md, .txt or .tex file"));
    } else if (!info.error.empty()) {
      out->push_back(Errored(id, PathText(e.path()), info.error));
      for (Submission& s : skipped) out->push_back(std::move(s));
      return;
    } else {
      files.emplace_back(e.path(), std::move(info));
    }
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(skipped.begin(), skipped.end(), [](const Submission& a, const Submission& b) { return a.source < b.source; });
  auto finish = [&](Submission s) {
    out->push_back(std::move(s));
    for (Submission& k : skipped) out->push_back(std::move(k));
  };
  if (files.empty()) return finish(Errored(id, PathText(dir), "no .md, .txt or .tex file in the folder"));
  Submission s;
  s.id = id;
  s.source = PathText(dir);
  for (auto& [f, info] : files) {
    std::string text, error;
    if (!ReadLimited(f, o.max_bytes, &text, &error)) return finish(Errored(id, PathText(f), error));
    std::string why = CheckText(text, o.max_bytes);
    if (!why.empty()) return finish(Errored(id, PathText(f), why));
    s.text += (s.text.empty() ? "" : "\n\n") + text;
    if (s.text.size() > o.max_bytes)
      return finish(Errored(id, PathText(dir), "larger than the " + std::to_string(o.max_bytes) + "-byte limit together"));
    s.files.push_back(std::move(info.file));
  }
  finish(std::move(s));
}

class FolderForm : public InputForm {
 public:
  std::string name() const override { return "folder"; }
  int order() const override { return 10; }
  bool Accepts(const std::string&, bool is_dir) const override { return is_dir; }
  void Collect(const std::string& input, const BatchInputOptions& o, SubmissionTable* out) const override {
    std::error_code ec;
    // Entries are read as inside this folder: links may not lead out of it.
    BatchInputOptions inner = o;
    if (inner.root.empty()) {
      fs::path root = fs::canonical(input, ec);
      inner.root = ec ? fs::absolute(input, ec).lexically_normal().string() : root.string();
    }
    // The entries' names only (a directory_entry holds its whole path and
    // its components: about 500 bytes each, half a gigabyte for a folder of
    // a million files), sorted as their paths sort.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(input, ec)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    const fs::path folder(input);
    for (std::string& name : names) {
      const fs::path entry = folder / name;
      if (name.empty() || name[0] == '.') {
        out->push_back(Skipped(entry, kHidden));
      } else {
        EntryInfo info = InspectEntry(entry, inner);
        if (!info.error.empty()) {
          out->push_back(Errored(Stem(entry), PathText(entry), info.error));
        } else if (const InputForm* form = InputFormForEntry(entry, info.is_dir, inner)) {
          form->Collect(entry.string(), inner, out);
        } else {
          out->push_back(Errored(Stem(entry), PathText(entry),
                                 "not a .md, .txt or .tex file (" +
                                     (entry.extension().empty() ? std::string("no extension")
                                                                : PathText(entry.extension())) +
                                     ")"));
        }
      }
      std::string().swap(name);  // given back as the table grows
    }
  }
};

class StudentFolderForm : public InputForm {
 public:
  std::string name() const override { return "student-folder"; }
  int order() const override { return 20; }
  bool Accepts(const std::string&, bool) const override { return false; }
  bool AcceptsEntry(const fs::path&, bool is_dir, const BatchInputOptions&) const override { return is_dir; }
  void Collect(const std::string& input, const BatchInputOptions& o, SubmissionTable* out) const override {
    FromFolder(input, o, out);
  }
};

const InputFormRegistration kFolder(std::make_unique<FolderForm>());
const InputFormRegistration kStudentFolder(std::make_unique<StudentFolderForm>());

}  // namespace
}  // namespace grader
