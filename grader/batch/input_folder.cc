// The "folder" input form (a folder of submissions, read entry by entry in
// name order; names starting with '.' are skipped) and the
// "student-folder" form (an entry that is itself a folder: one student's
// .md/.txt/.tex files, joined in name order).
#include <algorithm>
#include <filesystem>

#include "grader/batch/input_form.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

Submission FromFolder(const fs::path& dir, const BatchInputOptions& o) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file(ec) && HasExtension(e.path(), o.extensions) && e.path().filename().string()[0] != '.')
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::string id = PathText(dir.filename());
  if (files.empty()) return Errored(id, PathText(dir), "no .md, .txt or .tex file in the folder");
  Submission s;
  s.id = id;
  s.source = PathText(dir);
  for (const fs::path& f : files) {
    std::string text, error;
    if (!ReadLimited(f, o.max_bytes, &text, &error)) return Errored(id, PathText(f), error);
    std::string why = CheckText(text, o.max_bytes);
    if (!why.empty()) return Errored(id, PathText(f), why);
    s.text += (s.text.empty() ? "" : "\n\n") + text;
    if (s.text.size() > o.max_bytes) return Errored(id, PathText(dir), "larger than the " + std::to_string(o.max_bytes) + "-byte limit together");
  }
  return s;
}

class FolderForm : public InputForm {
 public:
  std::string name() const override { return "folder"; }
  int order() const override { return 10; }
  bool Accepts(const std::string&, bool is_dir) const override { return is_dir; }
  void Collect(const std::string& input, const BatchInputOptions& o, std::vector<Submission>* out) const override {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (const auto& e : fs::directory_iterator(input, ec)) entries.push_back(e);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
      std::string name = e.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (const InputForm* form = InputFormForEntry(e.path(), e.is_directory(ec), o)) {
        form->Collect(e.path().string(), o, out);
      } else if (e.is_regular_file(ec)) {
        out->push_back(Errored(Stem(e.path()), PathText(e.path()),
                               "not a .md, .txt or .tex file (" +
                                   (e.path().extension().empty() ? std::string("no extension")
                                                                 : PathText(e.path().extension())) +
                                   ")"));
      }
    }
  }
};

class StudentFolderForm : public InputForm {
 public:
  std::string name() const override { return "student-folder"; }
  int order() const override { return 20; }
  bool Accepts(const std::string&, bool) const override { return false; }
  bool AcceptsEntry(const fs::path&, bool is_dir, const BatchInputOptions&) const override { return is_dir; }
  void Collect(const std::string& input, const BatchInputOptions& o, std::vector<Submission>* out) const override {
    out->push_back(FromFolder(input, o));
  }
};

const InputFormRegistration kFolder(std::make_unique<FolderForm>());
const InputFormRegistration kStudentFolder(std::make_unique<StudentFolderForm>());

}  // namespace
}  // namespace grader
