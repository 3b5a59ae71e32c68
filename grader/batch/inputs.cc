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
#include <tuple>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <functional>
#include <unordered_map>

#include "grader/base/byte_scan.h"
#include "grader/base/error.h"
#include "grader/base/read_file.h"
#include "grader/base/suggest.h"
#include "grader/base/utf8.h"
#include "grader/batch/input_form.h"
#include "grader/batch/submission_table.h"
#include "reference/exact.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A cell of a CSV file as a message quotes it: readable (see Text) and at
// most 40 bytes, so a 10 MB cell does not become a 10 MB message.
std::string Cell(const std::string& cell) {
  constexpr size_t kShown = 40;
  if (cell.size() <= kShown) return PathText(cell);
  size_t cut = Utf8CutPoint(cell, kShown);  // not inside a character
  return PathText(cell.substr(0, cut)) + "... (" + std::to_string(cell.size()) + " bytes)";
}

}  // namespace

void LoadDeferred(Submission* s, const BatchInputOptions& o, std::string* buffer) {
  if (!s->Deferred()) return;
  std::string path = s->DeferredPath();
  std::string().swap(s->path);
  const long long offset = s->offset;
  s->offset = -1;
  if (offset < 0) {
    std::string text, error;
    if (buffer) text.swap(*buffer);
    if (!ReadLimited(path, o.max_bytes, &text, &error, buffer == nullptr)) {
      s->error = error;
      return;
    }
    s->error = CheckText(text, o.max_bytes);
    if (s->error.empty()) s->text = std::move(text);
    return;
  }
  // The line, by offset; the file is opened without blocking and must still
  // be a regular file (it may have been replaced while the batch ran).
  std::string line(s->length, '\0');
  try {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    bool ok = fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    size_t got = 0;
    while (ok && got < line.size()) {
      ssize_t r = ::pread(fd, line.data() + got, line.size() - got, static_cast<off_t>(offset) + static_cast<off_t>(got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) ok = false;
      else got += static_cast<size_t>(r);
    }
    if (fd >= 0) ::close(fd);
    if (!ok) throw std::runtime_error("short read");
    json j = json::parse(line);
    s->text = j.at("response").get<std::string>();
    s->metadata = JsonlMetadata(j);  // left out while the line waited (see input_jsonl.cc)
  } catch (const std::exception&) {
    s->error = "'" + PathText(path) + "' changed while the batch ran; grade it again";
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
  size_t sample = std::min<size_t>(text.size(), 8192), control = 0, i = 0;
#ifdef __SSE2__
  // 16 bytes at a time: most blocks hold no byte below 0x20 but a newline.
  for (; i + 16 <= sample; i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const int low = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(b, _mm_set1_epi8(0x1F)), b));  // b <= 0x1F
    if (low == 0) continue;
    const __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\r'))),
                                         _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\f'))));
    // Only newlines and tabs (most blocks that hold any): no NUL either,
    // which is not allowed; nothing to count.
    const unsigned bad = static_cast<unsigned>(low & ~_mm_movemask_epi8(allowed));
    if (bad == 0) continue;
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_setzero_si128())) != 0) return "binary file (contains NUL bytes)";
    control += static_cast<size_t>(__builtin_popcount(bad));
  }
#endif
  for (; i < sample; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) return "binary file (contains NUL bytes)";
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  if (control * 10 > sample) return "binary file (mostly control characters)";
  return "";
}

namespace {

// Collects into `out`; see CollectSubmissions.
void CollectInto(const std::vector<std::string>& inputs, const BatchInputOptions& o, std::vector<SkippedEntry>* skipped,
                 SubmissionTable* out) {
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input != "-" && !fs::is_directory(input, ec) && !fs::exists(input, ec))
      throw Error("input '" + input + "' does not exist");
    BatchInputOptions top = o;
    top.root.clear();  // a path given on the command line is read as given
    InputFormFor(input).Collect(input, top, out);
  }
  // Entries that are not submissions leave the list, reported.
  SubmissionTable& t = *out;
  t.KeepIf([&](size_t i) {
    if (t.compact(i)) return true;
    const Submission& s = t.Full(i);
    if (!s.skipped) return true;
    if (skipped) skipped->push_back({s.source, s.error});
    return false;
  });
  // Duplicate ids: the indices sorted by id (then index), 4 bytes each,
  // rather than a hash map of every id; the first of a run of equal ids is
  // the one graded.
  const size_t n = t.size();
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return t.id(a) < t.id(b); });
  std::vector<std::pair<uint32_t, uint32_t>> duplicates;  // (later index, first index), few
  for (size_t k = 1, first = 0; k < n; ++k) {
    if (t.id(order[k]) == t.id(order[first])) duplicates.emplace_back(order[k], order[first]);
    else first = k;
  }
  std::vector<uint32_t>().swap(order);
  std::sort(duplicates.begin(), duplicates.end());
  for (const auto& [later, first] : duplicates) {
    Submission& s = t.Full(later);
    if (s.Deferred()) LoadDeferred(&s, o);  // its metadata, for the error row
    s.error = "duplicate id '" + s.id + "': also in " + t.Get(first).source + " (this one, " + s.source +
              ", is not graded)";
    s.text.clear();
    s.path.clear();
    s.offset = -1;
  }
  // Two ids reading one file (a link, a hard link): the later one is not
  // graded. Every file read, as (device, inode, submission, its k-th file),
  // sorted: 24 bytes a file rather than a map of paths (a folder may hold a
  // million files). The first reader of a file, in input order, keeps it.
  struct Read {
    unsigned long long dev, ino;
    uint32_t sub, k;
  };
  std::vector<Read> reads;
  for (size_t i = 0; i < n; ++i) {
    const std::vector<Submission::FileRef> fs = t.files(i);
    for (size_t k = 0; k < fs.size(); ++k)
      reads.push_back({fs[k].dev, fs[k].ino, static_cast<uint32_t>(i), static_cast<uint32_t>(k)});
  }
  std::sort(reads.begin(), reads.end(), [](const Read& a, const Read& b) {
    return std::tie(a.dev, a.ino, a.sub, a.k) < std::tie(b.dev, b.ino, b.sub, b.k);
  });
  std::vector<std::pair<Read, Read>> linked;  // (a later reader, the first), few
  for (size_t k = 1, first = 0; k < reads.size(); ++k) {
    if (reads[k].dev == reads[first].dev && reads[k].ino == reads[first].ino) linked.emplace_back(reads[k], reads[first]);
    else first = k;
  }
  std::vector<Read>().swap(reads);
  std::sort(linked.begin(), linked.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.sub, a.first.k) < std::tie(b.first.sub, b.first.k);
  });
  for (const auto& [later, first] : linked) {
    if (t.id(later.sub) == t.id(first.sub) || !t.error(later.sub).empty()) continue;
    const std::string path = t.files(later.sub)[later.k].path, first_path = t.files(first.sub)[first.k].path;
    Submission& s = t.Full(later.sub);
    s.error = "'" + path + "' is the same file as '" + first_path + "' of '" + std::string(t.id(first.sub)) +
              "' (a link); not graded";
    s.text.clear();
    s.path.clear();
    s.offset = -1;
  }
  for (size_t i = 0; i < n; ++i)
    if (!t.compact(i)) std::vector<Submission::FileRef>().swap(t.Full(i).files);
  t.ForgetFiles();
}

}  // namespace

SubmissionTable CollectSubmissionTable(const std::vector<std::string>& inputs, const BatchInputOptions& o,
                                       std::vector<SkippedEntry>* skipped) {
  SubmissionTable out;
  CollectInto(inputs, o, skipped, &out);
  return out;
}

std::vector<Submission> CollectSubmissions(const std::vector<std::string>& inputs, const BatchInputOptions& o,
                                           std::vector<SkippedEntry>* skipped) {
  SubmissionTable table(/*compact=*/false);
  CollectInto(inputs, o, skipped, &table);
  std::vector<Submission> out;
  out.reserve(table.size());
  for (size_t i = 0; i < table.size(); ++i) out.push_back(std::move(table.Full(i)));
  return out;
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& file, const std::string& text,
                                             std::vector<size_t>* row_lines) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  size_t line = 1, quote_line = 0, row_line = 1;
  if (row_lines) row_lines->clear();
  // A UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first cell.
  const size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (size_t i = start; i < text.size(); ++i) {
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
        if (row_lines) row_lines->push_back(row_line);
      }
      row.clear();
      cell.clear();
      any = false;
      ++line;
      row_line = line;
    } else {
      cell.push_back(c);
      any = true;
    }
  }
  if (quoted) throw Error(file + ":" + std::to_string(quote_line) + ": unterminated quoted cell");
  if (any || !cell.empty()) {
    row.push_back(cell);
    rows.push_back(row);
    if (row_lines) row_lines->push_back(row_line);
  }
  // Cells end up in records (parameters, override comments): keep them UTF-8.
  for (auto& r : rows)
    for (std::string& c : r) c = PathText(c);
  return rows;
}

static std::string ReadWhole(const std::string& file) { return ReadFileOrThrow(file); }

// Columns that identify a student for the gradebook (kept by the LMS
// export) rather than set a parameter.
static bool IsRosterInfoColumn(const std::string& name) {
  static const char* const kInfo[] = {"email", "name", "first_name", "last_name", "sis_id", "sis_user_id",
                                      "login", "username", "section", "student"};
  for (const char* info : kInfo)
    if (name == info) return true;
  return false;
}

// ApplyRoster over `n` submissions: `id(i)` reads one's id, `get(i)` the
// submission to change. Only the roster's ids are indexed (the last
// submission with an id takes its row), so a roster costs its own size,
// not the batch's.
static void ApplyRosterTo(const std::string& file, size_t n, const std::function<std::string_view(size_t)>& id,
                          const std::function<Submission&(size_t)>& get, std::vector<std::string>* notes,
                          const std::vector<std::string>* columns) {
  std::vector<size_t> lines;  // each row's first line in the file (a quoted cell may span lines)
  auto rows = ParseCsv(file, ReadWhole(file), &lines);
  if (rows.empty() || rows[0].empty() || rows[0][0] != "id")
    throw Error(file + ":1: a roster starts with a header row whose first column is 'id'" +
                (rows.empty() || rows[0].empty() ? std::string() : ", not '" + Cell(rows[0][0]) + "'"));
  const auto& header = rows[0];
  for (size_t c = 1; c < header.size(); ++c) {
    if (header[c] == "variant" || IsRosterInfoColumn(header[c])) continue;
    if (header[c].empty()) throw Error(file + ":1: column " + std::to_string(c + 1) + " has no name");
    if (columns && std::find(columns->begin(), columns->end(), header[c]) == columns->end()) {
      std::string hint = ClosestName(header[c], *columns);
      throw Error(file + ":1: column '" + Cell(header[c]) + "' is not a parameter of the problem" +
                  (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                  (columns->empty() ? std::string(" (it has none)") : ""));
    }
  }
  std::unordered_map<std::string, size_t> index;  // roster id -> the last submission with it
  constexpr size_t kNone = static_cast<size_t>(-1);
  for (size_t r = 1; r < rows.size(); ++r)
    if (!rows[r].empty() && !rows[r][0].empty()) index.emplace(rows[r][0], kNone);
  for (size_t i = 0; i < n; ++i) {
    auto it = index.find(std::string(id(i)));
    if (it != index.end()) it->second = i;
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.empty() || row[0].empty()) continue;
    auto it = index.find(row[0]);
    if (it == index.end() || it->second == kNone) {
      if (notes) notes->push_back(file + ":" + std::to_string(lines[r]) + ": no submission with id '" + Cell(row[0]) + "'");
      continue;
    }
    Submission& s = get(it->second);
    for (size_t c = 1; c < header.size() && c < row.size(); ++c) {
      if (row[c].empty()) continue;
      if (header[c] == "variant") {
        auto v = ParseExact(row[c]);
        if (!v || !IsInteger(*v) || *v < 0 || *v > 1000000000)
          throw Error(file + ":" + std::to_string(lines[r]) + ": variant '" + Cell(row[c]) + "' is not a whole number");
        s.variant = static_cast<long>(numerator(*v));
      } else if (!IsRosterInfoColumn(header[c])) {
        s.params[header[c]] = row[c];
      }
    }
  }
}

void ApplyRoster(const std::string& file, std::vector<Submission>* subs, std::vector<std::string>* notes,
                 const std::vector<std::string>* columns) {
  ApplyRosterTo(
      file, subs->size(), [&](size_t i) { return std::string_view((*subs)[i].id); },
      [&](size_t i) -> Submission& { return (*subs)[i]; }, notes, columns);
}

void ApplyRoster(const std::string& file, SubmissionTable* subs, std::vector<std::string>* notes,
                 const std::vector<std::string>* columns) {
  ApplyRosterTo(
      file, subs->size(), [&](size_t i) { return subs->id(i); }, [&](size_t i) -> Submission& { return subs->Full(i); },
      notes, columns);
}

std::vector<OverrideRow> LoadOverrides(const std::string& file) {
  std::vector<size_t> lines;
  auto rows = ParseCsv(file, ReadWhole(file), &lines);
  std::vector<OverrideRow> out;
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (r == 0 && !row.empty() && row[0] == "id") {  // a header: its columns, in this order
      static const std::vector<std::string> kColumns = {"id", "check", "credit", "comment", "who", "when"};
      for (size_t c = 0; c < row.size(); ++c) {
        if (c < kColumns.size() && row[c] == kColumns[c]) continue;
        const std::string where = file + ":" + std::to_string(lines[r]) + ": ";
        const std::string order = " (the columns are id,check,credit[,comment[,who,when]], in this order)";
        if (std::find(kColumns.begin(), kColumns.end(), row[c]) != kColumns.end())
          throw Error(where + "column " + std::to_string(c + 1) + " is '" + Cell(row[c]) + "'" +
                      (c < kColumns.size() ? ", expected '" + kColumns[c] + "'" : std::string()) + order);
        std::string hint = ClosestName(row[c], kColumns);
        throw Error(where + "column '" + Cell(row[c]) + "' is not a column of an overrides file" +
                    (hint.empty() ? std::string() : "; did you mean '" + hint + "'?") + order);
      }
      continue;
    }
    if (row.size() < 3) throw Error(file + ":" + std::to_string(lines[r]) + ": expected id,check,credit[,comment]");
    auto credit = ParseExact(row[2]);
    if (!credit || *credit < 0 || *credit > 1)
      throw Error(file + ":" + std::to_string(lines[r]) + ": credit '" + Cell(row[2]) + "' must be a number from 0 to 1");
    out.push_back({row[0], row[1], row.size() > 3 ? row[3] : "", row[2], lines[r]});
  }
  return out;
}

}  // namespace grader
