#include "grader/batch/inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "grader/base/error.h"
#include "grader/base/json_source.h"
#include "grader/base/utf8.h"
#include "reference/exact.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

Submission Errored(std::string id, std::string source, std::string error) {
  Submission s;
  s.id = std::move(id);
  s.source = std::move(source);
  s.error = std::move(error);
  return s;
}

// Reads at most `limit + 1` bytes: enough to tell an oversized file.
bool ReadLimited(const fs::path& path, size_t limit, std::string* out, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  // Size the buffer by the file, not the limit: a batch holds many of them.
  // A regular file is read in one call when it has the size fstat gave.
  struct stat st;
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  size_t want = regular ? static_cast<size_t>(std::min<uintmax_t>(static_cast<uintmax_t>(st.st_size), limit) + 1)
                        : (limit == SIZE_MAX ? limit : limit + 1);
  out->clear();
  if (regular) out->resize(want);
  size_t got = 0;
  while (got < want) {
    if (out->size() < want) out->resize(std::min(want, std::max<size_t>(got + (1 << 16), 2 * got)));
    ssize_t n = ::read(fd, out->data() + got, out->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::string("cannot read: ") + std::strerror(errno);
      ::close(fd);
      out->clear();
      return false;
    }
    got += static_cast<size_t>(n);
    if (n == 0 || (regular && got == static_cast<size_t>(st.st_size))) break;
  }
  ::close(fd);
  out->resize(got);
  if (out->capacity() > got + got / 8 + 64) out->shrink_to_fit();
  return true;
}

bool HasExtension(const fs::path& p, const std::vector<std::string>& exts) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(exts.begin(), exts.end(), e) != exts.end();
}

// A path as text for ids, sources and messages. Linux allows any byte in a
// name; bytes that are not UTF-8 are written \xNN, so that every record
// stays valid JSON and different names stay different ids.
std::string Text(const std::string& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size();) {
    auto c = static_cast<unsigned char>(bytes[i]);
    size_t n = c < 0x80 ? 1 : Utf8Length(bytes, i);
    if (n == 0) {
      static const char* kHex = "0123456789ABCDEF";
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      ++i;
    } else {
      out.append(bytes, i, n);
      i += n;
    }
  }
  return out;
}
std::string Text(const fs::path& p) { return Text(p.string()); }

// A cell of a CSV file as a message quotes it: readable (see Text) and at
// most 40 bytes, so a 10 MB cell does not become a 10 MB message.
std::string Cell(const std::string& cell) {
  constexpr size_t kShown = 40;
  if (cell.size() <= kShown) return Text(cell);
  size_t cut = Utf8CutPoint(cell, kShown);  // not inside a character
  return Text(cell.substr(0, cut)) + "... (" + std::to_string(cell.size()) + " bytes)";
}

std::string Stem(const fs::path& p) { return Text(p.stem().string()); }

Submission FromFile(const fs::path& path, const std::string& id, const BatchInputOptions& o) {
  if (o.defer) {
    Submission s;
    s.id = id;
    s.source = Text(path);
    s.path = path.string();
    return s;
  }
  std::string text, error;
  if (!ReadLimited(path, o.max_bytes, &text, &error)) return Errored(id, Text(path), error);
  Submission s;
  s.id = id;
  s.source = Text(path);
  s.error = CheckText(text, o.max_bytes);
  if (s.error.empty()) s.text = std::move(text);
  return s;
}

Submission FromFolder(const fs::path& dir, const BatchInputOptions& o) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file(ec) && HasExtension(e.path(), o.extensions) && e.path().filename().string()[0] != '.')
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::string id = Text(dir.filename());
  if (files.empty()) return Errored(id, Text(dir), "no .md, .txt or .tex file in the folder");
  Submission s;
  s.id = id;
  s.source = Text(dir);
  for (const fs::path& f : files) {
    std::string text, error;
    if (!ReadLimited(f, o.max_bytes, &text, &error)) return Errored(id, Text(f), error);
    std::string why = CheckText(text, o.max_bytes);
    if (!why.empty()) return Errored(id, Text(f), why);
    s.text += (s.text.empty() ? "" : "\n\n") + text;
    if (s.text.size() > o.max_bytes) return Errored(id, Text(dir), "larger than the " + std::to_string(o.max_bytes) + "-byte limit together");
  }
  return s;
}

void FromJsonl(const fs::path& path, const BatchInputOptions& o, std::vector<Submission>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out->push_back(Errored(Stem(path), Text(path), std::string("cannot read: ") + std::strerror(errno)));
    return;
  }
  // A line may hold a response of up to max_bytes, JSON-escaped (up to 6x)
  // plus metadata; longer lines are skipped without being stored.
  const size_t max_line = o.max_bytes * 6 + (1 << 16);
  size_t line_no = 0;
  std::string line;
  while (true) {
    line.clear();
    long long line_start = static_cast<long long>(in.tellg());
    bool too_long = false, got = false;
    char buf[1 << 16];
    while (in.getline(buf, sizeof buf) || in.gcount() > 0) {
      got = true;
      size_t n = static_cast<size_t>(in.gcount());
      bool complete = !in.fail();
      if (complete && n > 0) --n;  // the '\n' counted by gcount
      if (!too_long) {
        if (line.size() + n > max_line) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(buf, n);
        }
      }
      if (complete) break;
      in.clear();  // a partial line: keep reading
      if (in.peek() == EOF) break;
    }
    if (!got) break;
    ++line_no;
    std::string where = Text(path) + ":" + std::to_string(line_no);
    std::string fallback_id = Stem(path) + ":" + std::to_string(line_no);
    if (too_long) {
      out->push_back(Errored(fallback_id, where, "line longer than " + std::to_string(max_line) + " bytes; skipped"));
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (TooDeepAt(line) != std::string::npos) {
      // Parsing is iterative, but a record's metadata is dumped recursively.
      out->push_back(Errored(fallback_id, where, "invalid JSON: nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
      continue;
    }
    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      std::string what = e.what();
      size_t at = what.find("parse error");
      out->push_back(Errored(fallback_id, where, "invalid JSON: " + (at == std::string::npos ? what : what.substr(at))));
      continue;
    } catch (const std::exception& e) {
      out->push_back(Errored(fallback_id, where, std::string("invalid JSON: ") + e.what()));
      continue;
    }
    if (!j.is_object()) {
      out->push_back(Errored(fallback_id, where, "expected a JSON object with \"id\" and \"response\""));
      continue;
    }
    Submission s;
    s.source = where;
    auto str = [&](const char* key) -> std::string {
      if (!j.contains(key)) return "";
      if (j[key].is_string()) return j[key].get<std::string>();
      if (j[key].is_number()) return j[key].dump();
      return "";
    };
    s.id = str("id");
    if (s.id.empty()) {
      out->push_back(Errored(fallback_id, where, "missing \"id\""));
      continue;
    }
    s.model = str("model");
    s.problem = str("problem");
    if (j.contains("variant") && !j["variant"].is_null()) {
      if (!j["variant"].is_number_integer() || j["variant"].get<long long>() < 0) {
        out->push_back(Errored(s.id, where, "\"variant\" must be a whole number"));
        continue;
      }
      s.variant = static_cast<long>(j["variant"].get<long long>());
    }
    if (j.contains("params") || j.contains("set")) {
      const json& p = j.contains("params") ? j["params"] : j["set"];
      if (p.is_object()) {
        for (auto it = p.begin(); it != p.end(); ++it) s.params[it.key()] = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
      }
    }
    static const char* kKnown[] = {"id", "model", "problem", "variant", "params", "set", "response", "error"};
    for (auto it = j.begin(); it != j.end(); ++it)
      if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return it.key() == k; }))
        s.metadata[it.key()] = it.value();
    if (j.contains("error") && !j.contains("response")) {
      s.error = "no response: " + (j["error"].is_string() ? j["error"].get<std::string>() : j["error"].dump());
    } else if (!j.contains("response") || !j["response"].is_string()) {
      s.error = "missing \"response\" (a string)";
    } else {
      s.text = j["response"].get<std::string>();
      s.error = CheckText(s.text, o.max_bytes);
      if (!s.error.empty()) s.text.clear();
      if (s.error.empty() && o.defer && line_start >= 0) {
        s.path = path.string();
        s.offset = line_start;
        s.length = line.size();
        std::string().swap(s.text);
      }
    }
    out->push_back(std::move(s));
  }
}

}  // namespace

void LoadDeferred(Submission* s, const BatchInputOptions& o) {
  if (!s->Deferred()) return;
  std::string path;
  path.swap(s->path);
  if (s->offset < 0) {
    std::string text, error;
    if (!ReadLimited(path, o.max_bytes, &text, &error)) {
      s->error = error;
      return;
    }
    s->error = CheckText(text, o.max_bytes);
    if (s->error.empty()) s->text = std::move(text);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::string line(s->length, '\0');
  in.seekg(s->offset);
  in.read(line.data(), static_cast<std::streamsize>(line.size()));
  try {
    if (!in || static_cast<size_t>(in.gcount()) != line.size()) throw std::runtime_error("short read");
    json j = json::parse(line);
    s->text = j.at("response").get<std::string>();
  } catch (const std::exception&) {
    s->error = "'" + Text(path) + "' changed while the batch ran; grade it again";
    return;
  }
  s->error = CheckText(s->text, o.max_bytes);
  if (!s->error.empty()) s->text.clear();
}

std::string ReadAtMost(std::istream& in, size_t max_bytes) {
  const size_t limit = max_bytes == SIZE_MAX ? max_bytes : max_bytes + 1;
  std::string out;
  char buf[1 << 16];
  while (out.size() < limit) {
    size_t want = std::min(sizeof buf, limit - out.size());
    in.read(buf, static_cast<std::streamsize>(want));
    out.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<size_t>(in.gcount()) < want) break;  // end of input
  }
  return out;
}

std::string CheckText(const std::string& text, size_t max_bytes) {
  if (text.size() > max_bytes)
    return "larger than the " + std::to_string(max_bytes) + "-byte limit (raise it with --max-bytes)";
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return "empty submission";
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f && static_cast<unsigned char>(text[1]) == 0x8b)
    return "binary file (gzip); unpack it first";
  if (text.size() >= 2 && ((static_cast<unsigned char>(text[0]) == 0xff && static_cast<unsigned char>(text[1]) == 0xfe) ||
                           (static_cast<unsigned char>(text[0]) == 0xfe && static_cast<unsigned char>(text[1]) == 0xff)))
    return "UTF-16 text; save it as UTF-8";
  if (text.rfind("%PDF", 0) == 0) return "a PDF file; extract its text first";
  size_t sample = std::min<size_t>(text.size(), 8192), control = 0;
  for (size_t i = 0; i < sample; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) return "binary file (contains NUL bytes)";
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  if (control * 10 > sample) return "binary file (mostly control characters)";
  return "";
}

std::vector<Submission> CollectSubmissions(const std::vector<std::string>& inputs, const BatchInputOptions& o) {
  std::vector<Submission> out;
  for (const std::string& input : inputs) {
    if (input == "-") {
      std::string text = ReadAtMost(std::cin, o.max_bytes);
      Submission s;
      s.id = "stdin";
      s.source = "-";
      s.error = CheckText(text, o.max_bytes);
      if (s.error.empty()) s.text = std::move(text);
      out.push_back(std::move(s));
      continue;
    }
    fs::path p(input);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::directory_entry> entries;
      for (const auto& e : fs::directory_iterator(p, ec)) entries.push_back(e);
      std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
      for (const auto& e : entries) {
        std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        if (e.is_directory(ec)) {
          out.push_back(FromFolder(e.path(), o));
        } else if (e.path().extension() == ".jsonl") {
          FromJsonl(e.path(), o, &out);
        } else if (HasExtension(e.path(), o.extensions)) {
          out.push_back(FromFile(e.path(), Stem(e.path()), o));
        } else if (e.is_regular_file(ec)) {
          out.push_back(Errored(Stem(e.path()), Text(e.path()),
                                "not a .md, .txt or .tex file (" + (e.path().extension().empty() ? std::string("no extension") : Text(e.path().extension())) + ")"));
        }
      }
    } else if (!fs::exists(p, ec)) {
      throw Error("input '" + input + "' does not exist");
    } else if (p.extension() == ".jsonl") {
      FromJsonl(p, o, &out);
    } else {
      out.push_back(FromFile(p, Stem(p), o));
    }
  }
  std::map<std::string, std::string> seen;  // id -> source
  for (Submission& s : out) {
    auto [it, fresh] = seen.emplace(s.id, s.source);
    if (!fresh) {
      s.error = "duplicate id '" + s.id + "': also in " + it->second + " (this one, " + s.source + ", is not graded)";
      s.text.clear();
    }
  }
  return out;
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& file, const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  size_t line = 1, quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      quote_line = line;
      any = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        row.push_back(cell);
        rows.push_back(row);
      }
      row.clear();
      cell.clear();
      any = false;
      ++line;
    } else {
      cell.push_back(c);
      any = true;
    }
  }
  if (quoted) throw Error(file + ":" + std::to_string(quote_line) + ": unterminated quoted cell");
  if (any || !cell.empty()) {
    row.push_back(cell);
    rows.push_back(row);
  }
  // Cells end up in records (parameters, override comments): keep them UTF-8.
  for (auto& r : rows)
    for (std::string& c : r) c = Text(c);
  return rows;
}

static std::string ReadWhole(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read '" + file + "': " + std::strerror(errno));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ApplyRoster(const std::string& file, std::vector<Submission>* subs, std::vector<std::string>* notes) {
  auto rows = ParseCsv(file, ReadWhole(file));
  if (rows.empty() || rows[0].empty() || rows[0][0] != "id")
    throw Error(file + ":1: a roster starts with a header row whose first column is 'id'");
  const auto& header = rows[0];
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < subs->size(); ++i) index[(*subs)[i].id] = i;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.empty() || row[0].empty()) continue;
    auto it = index.find(row[0]);
    if (it == index.end()) {
      if (notes) notes->push_back(file + ":" + std::to_string(r + 1) + ": no submission with id '" + Cell(row[0]) + "'");
      continue;
    }
    Submission& s = (*subs)[it->second];
    for (size_t c = 1; c < header.size() && c < row.size(); ++c) {
      if (row[c].empty()) continue;
      if (header[c] == "variant") {
        auto v = ParseExact(row[c]);
        if (!v || !IsInteger(*v) || *v < 0 || *v > 1000000000)
          throw Error(file + ":" + std::to_string(r + 1) + ": variant '" + Cell(row[c]) + "' is not a whole number");
        s.variant = static_cast<long>(numerator(*v));
      } else {
        s.params[header[c]] = row[c];
      }
    }
  }
}

std::vector<OverrideRow> LoadOverrides(const std::string& file) {
  auto rows = ParseCsv(file, ReadWhole(file));
  std::vector<OverrideRow> out;
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (r == 0 && !row.empty() && row[0] == "id") continue;  // header
    if (row.size() < 3) throw Error(file + ":" + std::to_string(r + 1) + ": expected id,check,credit[,comment]");
    auto credit = ParseExact(row[2]);
    if (!credit || *credit < 0 || *credit > 1)
      throw Error(file + ":" + std::to_string(r + 1) + ": credit '" + Cell(row[2]) + "' must be a number from 0 to 1");
    out.push_back({row[0], row[1], row.size() > 3 ? row[3] : "", row[2]});
  }
  return out;
}

}  // namespace grader
