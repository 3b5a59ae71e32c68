// The "file" input form: one response file (a path given on the command
// line, or a .md/.txt/.tex entry of a submissions folder). Its id is the
// file name without its extension.
#include <algorithm>
#include <filesystem>

#include "grader/batch/input_form.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

Submission FromFile(const fs::path& path, const std::string& id, const BatchInputOptions& o) {
  EntryInfo info = InspectEntry(path, o);
  if (!info.error.empty()) return Errored(id, PathText(path), info.error);
  if (info.is_dir) return Errored(id, PathText(path), "a folder");
  if (o.defer) {
    Submission s;
    s.id = id;
    s.source = PathText(path);
    s.path = path.string();
    s.files.push_back(std::move(info.file));
    return s;
  }
  std::string text, error;
  if (!ReadLimited(path, o.max_bytes, &text, &error)) return Errored(id, PathText(path), error);
  Submission s;
  s.id = id;
  s.source = PathText(path);
  s.files.push_back(std::move(info.file));
  s.error = CheckText(text, o.max_bytes);
  if (s.error.empty()) s.text = std::move(text);
  return s;
}

class FileForm : public InputForm {
 public:
  std::string name() const override { return "file"; }
  int order() const override { return 40; }
  bool Accepts(const std::string&, bool) const override { return true; }
  bool AcceptsEntry(const fs::path& entry, bool, const BatchInputOptions& o) const override {
    return HasExtension(entry, o.extensions);
  }
  void Collect(const std::string& input, const BatchInputOptions& o, SubmissionTable* out) const override {
    fs::path p(input);
    out->push_back(FromFile(p, Stem(p), o));
  }
  bool single_response() const override { return true; }
};

const InputFormRegistration kFile(std::make_unique<FileForm>());

}  // namespace
}  // namespace grader
