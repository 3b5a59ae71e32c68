#include "grader/batch/submission_table.h"

#include <limits>
#include <utility>

namespace grader {

uint32_t SubmissionTable::Intern(std::vector<std::string>* table, std::unordered_map<std::string, uint32_t>* index,
                                 const std::string& s) {
  auto [it, fresh] = index->emplace(s, static_cast<uint32_t>(table->size()));
  if (fresh) table->push_back(s);
  return it->second;
}

// A deferred JSONL line whose source is "FILE:LINE" (the file named by its
// source, not by `path`), with nothing else of its own.
bool SubmissionTable::TryCompact(Submission& s, Entry* e) {
  if (!compact_ || s.offset < 0 || !s.path.empty() || !s.error.empty() || s.skipped || !s.text.empty() ||
      s.variant || !s.params.empty() || !s.metadata.is_null() || !s.files.empty() ||
      s.length > std::numeric_limits<uint32_t>::max())
    return false;
  const size_t colon = s.source.rfind(':');
  if (colon == std::string::npos || colon + 1 >= s.source.size()) return false;
  unsigned long long line = 0;
  for (size_t k = colon + 1; k < s.source.size(); ++k) {
    char c = s.source[k];
    if (c < '0' || c > '9' || line > std::numeric_limits<uint32_t>::max() / 10) return false;
    line = line * 10 + static_cast<unsigned>(c - '0');
  }
  if (line > std::numeric_limits<uint32_t>::max() ||
      std::to_string(line).size() != s.source.size() - colon - 1)  // "007" would not come back
    return false;
  // The last file again, most of the time: no lookup, no copy of its name.
  std::string_view file(s.source.data(), colon);
  if (!files_.empty() && files_.back() == file) {
    e->file = static_cast<uint32_t>(files_.size() - 1);
  } else {
    e->file = Intern(&files_, &file_index_, std::string(file));
  }
  e->id = std::move(s.id);
  e->offset = s.offset;
  e->length = static_cast<uint32_t>(s.length);
  e->line = static_cast<uint32_t>(line);
  e->model = Intern(&strings_, &string_index_, s.model);
  e->problem = Intern(&strings_, &string_index_, s.problem);
  return true;
}

// A deferred whole file read from where its source says ("DIR/NAME.EXT",
// the path as given and as text), whose id is NAME, with one file and
// nothing else of its own: what a folder of response files is made of.
bool SubmissionTable::TryCompactFile(Submission& s, Entry* e) {
  if (!compact_ || s.offset >= 0 || s.path.empty() || s.path != s.source || s.files.size() != 1 ||
      s.files[0].path != s.source || !s.error.empty() || s.skipped || !s.text.empty() || s.variant ||
      !s.params.empty() || !s.metadata.is_null() || !s.model.empty() || !s.problem.empty() || s.length != 0 ||
      s.id.empty() || file_keys_.size() >= static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return false;
  const size_t slash = s.source.rfind('/');
  if (slash == std::string::npos) return false;
  const std::string_view name = std::string_view(s.source).substr(slash + 1);
  if (name.compare(0, s.id.size(), s.id) != 0) return false;
  const std::string_view dir = std::string_view(s.source).substr(0, slash);
  if (!files_.empty() && files_.back() == dir) {
    e->file = static_cast<uint32_t>(files_.size() - 1);
  } else {
    e->file = Intern(&files_, &file_index_, std::string(dir));
  }
  e->line = Intern(&strings_, &string_index_, std::string(name.substr(s.id.size())));
  e->offset = -1 - static_cast<long long>(file_keys_.size());
  file_keys_.push_back({s.files[0].dev, s.files[0].ino});
  e->id = std::move(s.id);
  return true;
}

std::string SubmissionTable::FilePath(const Entry& e) const { return files_[e.file] + "/" + e.id + strings_[e.line]; }

std::vector<Submission::FileRef> SubmissionTable::files(size_t i) const {
  const Entry& e = entries_[i];
  if (e.full >= 0) return full_[static_cast<size_t>(e.full)].files;
  if (e.offset >= 0 || files_forgotten_) return {};
  const FileKey& k = file_keys_[static_cast<size_t>(-1 - e.offset)];
  return {{k.dev, k.ino, FilePath(e)}};
}

void SubmissionTable::push_back(Submission s) {
  Entry e;
  if (!TryCompact(s, &e) && !TryCompactFile(s, &e)) {
    e.full = static_cast<int32_t>(full_.size());
    full_.push_back(std::move(s));
  }
  entries_.push_back(std::move(e));
}

std::string_view SubmissionTable::id(size_t i) const {
  const Entry& e = entries_[i];
  return e.full < 0 ? std::string_view(e.id) : std::string_view(full_[static_cast<size_t>(e.full)].id);
}

const std::string& SubmissionTable::error(size_t i) const {
  static const std::string kNone;
  const Entry& e = entries_[i];
  return e.full < 0 ? kNone : full_[static_cast<size_t>(e.full)].error;
}

std::string_view SubmissionTable::problem(size_t i) const {
  const Entry& e = entries_[i];
  return e.full < 0 ? std::string_view(strings_[e.problem]) : std::string_view(full_[static_cast<size_t>(e.full)].problem);
}

Submission SubmissionTable::Get(size_t i) const {
  const Entry& e = entries_[i];
  if (e.full >= 0) return full_[static_cast<size_t>(e.full)];
  Submission s;
  s.id = e.id;
  if (e.offset < 0) {  // a file
    s.source = FilePath(e);
    s.path = s.source;
    s.files = files(i);
    return s;
  }
  s.source = files_[e.file] + ":" + std::to_string(e.line);
  s.model = strings_[e.model];
  s.problem = strings_[e.problem];
  s.offset = e.offset;
  s.length = e.length;
  return s;
}

Submission& SubmissionTable::Full(size_t i) {
  Entry& e = entries_[i];
  if (e.full < 0) {
    Submission s = Get(i);
    std::string().swap(e.id);
    e.full = static_cast<int32_t>(full_.size());
    full_.push_back(std::move(s));
  }
  return full_[static_cast<size_t>(e.full)];
}

void SubmissionTable::KeepIf(const std::function<bool(size_t)>& keep) {
  std::deque<Submission> full;
  size_t kept = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!keep(i)) continue;
    Entry& e = entries_[i];
    if (e.full >= 0) {
      full.push_back(std::move(full_[static_cast<size_t>(e.full)]));
      e.full = static_cast<int32_t>(full.size() - 1);
    }
    if (kept != i) entries_[kept] = std::move(e);
    ++kept;
  }
  entries_.resize(kept);
  entries_.shrink_to_fit();
  full_ = std::move(full);
}

size_t SubmissionTable::bytes() const {
  auto heap = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  size_t n = entries_.size() * sizeof(Entry);
  for (const Entry& e : entries_) n += heap(e.id);
  for (const Submission& s : full_) {
    n += sizeof(Submission) + heap(s.id) + heap(s.source) + heap(s.text) + heap(s.model) + heap(s.problem) +
         heap(s.error) + heap(s.path);
    for (const auto& [k, v] : s.params) n += 64 + heap(k) + heap(v);
  }
  for (const std::string& f : files_) n += sizeof(f) + heap(f);
  for (const std::string& f : strings_) n += sizeof(f) + heap(f);
  n += file_keys_.capacity() * sizeof(FileKey);
  return n;
}

}  // namespace grader
