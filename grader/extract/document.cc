#include "grader/extract/document.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "grader/base/byte_scan.h"
#include "grader/base/utf8.h"
#include "grader/extract/line_starts.h"

namespace grader {
namespace {

#ifdef __SSE2__
inline __m128i FlagSentenceEnd(__m128i b) {
  return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('.')), _mm_cmpeq_epi8(b, _mm_set1_epi8('?'))),
                      _mm_cmpeq_epi8(b, _mm_set1_epi8('!')));
}
#else
// True when one of the 8 bytes at p is '.', '?' or '!' (a byte equal to c
// is a zero byte of w ^ c: the usual exact zero-byte test).
bool HasSentenceEnd(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  uint64_t w;
  std::memcpy(&w, p, 8);
  auto zero_byte = [&](char c) {
    uint64_t x = w ^ (kOnes * static_cast<unsigned char>(c));
    return (x - kOnes) & ~x & kHigh;
  };
  return (zero_byte('.') | zero_byte('?') | zero_byte('!')) != 0;
}
#endif

size_t Indent(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAbbreviation(std::string_view before) {
  static constexpr std::string_view kAbbrev[] = {"e.g", "i.e", "vs", "al", "etc", "Fig", "Eq", "approx", "resp", "cf", "Dr", "Mr", "Ms", "No"};
  if (before.empty()) return false;
  // Every abbreviation ends in one of these letters.
  char last = before.back();
  if (last != 'g' && last != 'e' && last != 's' && last != 'l' && last != 'c' && last != 'q' && last != 'x' &&
      last != 'p' && last != 'f' && last != 'r' && last != 'o')
    return false;
  for (std::string_view a : kAbbrev) {
    size_t n = a.size();
    if (before.size() >= n && before.substr(before.size() - n) == a &&
        (before.size() == n || !std::isalpha(static_cast<unsigned char>(before[before.size() - n - 1]))))
      return true;
  }
  return false;
}

}  // namespace

namespace {

// A list marker can start only with one of these bytes (ListMarkerLength
// finds none after any other).
bool MayStartMarker(char c) {
  return c == '-' || c == '*' || c == '+' || c == '\xE2' || c == '(' || IsDigit(c) || IsLower(c);
}

// ListMarkerLength with the indentation `i` already measured.
size_t MarkerLengthAt(std::string_view line, size_t i) {
  size_t start = i;
  if (i >= line.size()) return 0;
  auto followed_by_space = [&](size_t j) -> size_t {
    if (j < line.size() && line[j] != ' ' && line[j] != '\t') return 0;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
    return j;
  };
  char c = line[i];
  if (c == '-' || c == '*' || c == '+') {
    if (c == '*' && i + 1 < line.size() && line[i + 1] == '*') return 0;  // bold, not a bullet
    return followed_by_space(i + 1);
  }
  if (line.substr(i, 3) == "\xE2\x80\xA2") return followed_by_space(i + 3);  // •
  bool paren = c == '(';
  if (paren) ++i;
  size_t j = i;
  while (j < line.size() && j - i < 4 && (IsDigit(line[j]) || IsLower(line[j]))) ++j;
  if (j == i || j >= line.size()) return 0;
  // The terminator first: most lines that start with a letter are prose.
  if (paren ? line[j] != ')' : line[j] != '.' && line[j] != ')') return 0;
  std::string_view label = line.substr(i, j - i);
  bool digits = std::all_of(label.begin(), label.end(), IsDigit);
  bool roman = label.find_first_not_of("ivx") == std::string_view::npos;
  if (!digits && !roman && label.size() > 1) return 0;
  if (paren) return line[j] == ')' ? followed_by_space(j + 1) : 0;
  if (line[j] != '.' && line[j] != ')') return 0;
  (void)start;
  return followed_by_space(j + 1);
}

}  // namespace

size_t ListMarkerLength(std::string_view line) { return MarkerLengthAt(line, Indent(line)); }

Document::Document(std::string original) : original_(std::move(original)) {
  Normalise();
  original_lines_ = LineIndex(original_);
  IndexLinesAndUnits();
}

void Document::Normalise() {
  const std::string& s = original_;
  const size_t n = s.size();
  // Fast path: nothing to change.
  size_t first = 0;
  // Eight bytes at a time while none is '\r', NUL or non-ASCII; valid UTF-8
  // sequences are stepped over one by one.
  const char* data = s.data();
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  for (;;) {
#ifdef __SSE2__
    // Sixteen bytes at a time (a byte from 0x80 is negative: flagged too).
    first = SkipUnflagged(s, first, [](__m128i b) {
      return _mm_or_si128(_mm_cmplt_epi8(b, _mm_setzero_si128()),
                          _mm_or_si128(_mm_cmpeq_epi8(b, _mm_setzero_si128()), _mm_cmpeq_epi8(b, _mm_set1_epi8('\r'))));
    });
#endif
    while (first + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, data + first, 8);
      uint64_t cr = w ^ (kOnes * '\r');
      if ((((w - kOnes) & ~w) | ((cr - kOnes) & ~cr) | w) & kHigh) break;
      first += 8;
    }
    if (first >= n) break;
    unsigned char c = static_cast<unsigned char>(s[first]);
    if (c == '\r' || c == 0) break;
    if (c >= 0x80) {
      // The commonest characters (two bytes, or three from E1 to EF but
      // ED) are read here: a lead byte whose every continuation byte may
      // be any from 80 to BF. The rest Utf8Length reads.
      auto cont = [&](size_t k) { return (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80; };
      if (c >= 0xC2 && c <= 0xDF && first + 1 < n && cont(first + 1)) {
        first += 2;
        continue;
      }
      if (c >= 0xE1 && c <= 0xEF && c != 0xED && first + 2 < n && cont(first + 1) && cont(first + 2)) {
        first += 3;
        continue;
      }
      size_t len = Utf8Length(s, first);
      if (len == 0) break;
      first += len;
    } else {
      ++first;
    }
  }
  if (first == n) {
    same_ = true;
    return;
  }
  text_.reserve(n + 16);
  text_.append(s, 0, first);
  size_t nuls = 0, invalid = 0, first_nul = 0, first_invalid = 0;
  for (size_t i = first; i < n;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\r') {
      size_t len = (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      if (len == 2) edits_.push_back({text_.size(), i, 1, 2});
      text_.push_back('\n');
      i += len;
    } else if (c == 0) {
      if (nuls++ == 0) first_nul = i;
      edits_.push_back({text_.size(), i, 0, 1});
      ++i;
    } else if (c >= 0x80) {
      size_t len = Utf8Length(s, i);
      if (len == 0) {
        if (invalid++ == 0) first_invalid = i;
        edits_.push_back({text_.size(), i, 3, 1});
        text_.append("\xEF\xBF\xBD");
        ++i;
      } else {
        text_.append(s, i, len);
        i += len;
      }
    } else {
      text_.push_back(static_cast<char>(c));
      ++i;
    }
  }
  LineIndex index(original_);
  if (nuls)
    diagnostics_.push_back({std::to_string(nuls) + " NUL byte(s) removed", index.MakeSpan(first_nul, first_nul + 1)});
  if (invalid)
    diagnostics_.push_back({std::to_string(invalid) + " invalid UTF-8 byte(s) replaced by U+FFFD",
                            index.MakeSpan(first_invalid, first_invalid + 1)});
}

size_t Document::ToOriginal(size_t offset) const {
  if (edits_.empty()) return std::min(offset, original_.size());
  // Last edit starting at or before `offset`.
  auto it = std::upper_bound(edits_.begin(), edits_.end(), offset,
                             [](size_t x, const Edit& e) { return x < e.norm; });
  if (it == edits_.begin()) return offset;
  const Edit& e = *(it - 1);
  if (offset < e.norm + e.norm_len) return offset == e.norm ? e.orig : e.orig + e.orig_len;
  return std::min(e.orig + e.orig_len + (offset - e.norm - e.norm_len), original_.size());
}

Span Document::MakeSpan(size_t begin, size_t end) const {
  if (edits_.empty()) {  // ToOriginal's first case, for both ends
    const size_t b = std::min(begin, original_.size());
    return original_lines_.MakeSpan(b, end > begin ? std::min(end, original_.size()) : b);
  }
  size_t b = ToOriginal(begin);
  size_t e = end > begin ? ToOriginal(end) : b;
  // An empty edit (a dropped NUL) at `begin` would otherwise put b after e.
  if (e < b) e = b;
  return original_lines_.MakeSpan(b, e);
}

std::string Document::Quote(const Span& span) const {
  std::string_view q = span.Quote(original_);
  if (q.empty()) return std::string();
  // A text that normalisation left as it was is valid UTF-8 throughout (it
  // was read sequence by sequence with the same Utf8Length), so a stretch of
  // it that starts and ends between characters is valid as it stands.
  if (same_) {
    auto inside_character = [&](size_t o) {
      return o < original_.size() && (static_cast<unsigned char>(original_[o]) & 0xC0) == 0x80;
    };
    size_t b = static_cast<size_t>(q.data() - original_.data());
    if (!inside_character(b) && !inside_character(b + q.size())) return std::string(q);
  }
  return ValidUtf8(q);
}

bool Document::InCode(size_t offset) const {
  if (code_blocks_.empty()) return false;  // most responses have no fenced code
  auto it = std::upper_bound(code_blocks_.begin(), code_blocks_.end(), offset,
                             [](size_t o, const Range& r) { return o < r.begin; });
  return it != code_blocks_.begin() && (it - 1)->Contains(offset);
}

void Document::IndexLinesAndUnits() {
  const std::string& t = text();
  // The original's line count (already known) is the normalised text's but
  // for lone CRs, which normalisation turns into line breaks: a reserve hint.
  lines_.reserve(static_cast<size_t>(original_lines_.line_count()));
  size_t pos = 0;
  ForEachNewlineBatch(t, [&](const size_t* at, size_t count) {
    const size_t old = lines_.size();
    lines_.resize(old + count);  // (no capacity check per line)
    Range* out = lines_.data() + old;
    for (size_t k = 0; k < count; ++k) {
      out[k] = {pos, at[k]};
      pos = at[k] + 1;
    }
  });
  lines_.push_back({pos, t.size()});  // the last line (empty after a final '\n')
  // A line before the first tab holds none: no search for one there.
  const void* tab = std::memchr(t.data(), '\t', t.size());
  const size_t first_tab = tab ? static_cast<size_t>(static_cast<const char*>(tab) - t.data()) : t.size();

  // Paragraph-level blocks: a list item, a heading, a table row or a run of
  // lines that wrap into each other.
  std::vector<TextUnit> blocks;
  blocks.reserve(lines_.size());  // at most one block per line
  bool in_code = false;
  size_t code_start = 0;
  TextUnit current;
  bool open = false;
  auto flush = [&] {
    if (open) blocks.push_back(current);
    open = false;
  };
  std::string_view prev;
  for (const Range& line : lines_) {
    std::string_view s = View(line);
    size_t ind = Indent(s);
    std::string_view body = s.substr(ind);
    if (body.size() >= 3 && body[0] == '`' && body[1] == '`' && body[2] == '`') {
      flush();
      if (!in_code) {
        code_start = line.begin;
      } else {
        code_blocks_.push_back({code_start, line.end});
      }
      in_code = !in_code;
      continue;
    }
    // (Blank: nothing but the indentation.)
    if (in_code) {
      if (ind != s.size()) blocks.push_back({line, false, true, line.begin});
      continue;
    }
    if (ind == s.size()) {
      flush();
      prev = {};
      continue;
    }
    bool marker = MayStartMarker(body[0]) && MarkerLengthAt(s, ind) > 0;
    bool standalone = marker || body[0] == '#' || body[0] == '|' ||
                      (line.end > first_tab && s.find('\t', ind) != std::string_view::npos);
    bool joins = open && !standalone && prev.size() > 50 && std::string_view(".:?!;").find(prev.back()) == std::string_view::npos &&
                 IsLower(body[0]);
    if (!joins) {
      flush();
      current = {{line.begin + ind, line.end}, marker, false, line.begin + ind};
      open = true;
    } else {
      current.range.end = line.end;
    }
    prev = s;
  }
  flush();
  if (in_code) code_blocks_.push_back({code_start, t.size()});

  // Sentences inside each block (at least one per block).
  units_.reserve(blocks.size() + blocks.size() / 2);
  for (const TextUnit& b : blocks) {
    if (b.in_code) {
      units_.push_back(b);
      continue;
    }
    size_t start = b.range.begin;
    const char* p = t.data();
    for (size_t i = b.range.begin; i < b.range.end; ++i) {
#ifdef __SSE2__
      // Sixteen bytes at a time while none of them is '.', '?' or '!'.
      i = SkipUnflagged(std::string_view(p, b.range.end), i, FlagSentenceEnd);
      // Fewer than 16 bytes left: the 16 bytes ending at the block's end
      // (they lie inside the text), those before i shifted out.
      if (b.range.end - i < 16 && b.range.end >= 16) {
        const size_t base = b.range.end - 16;
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
                            FlagSentenceEnd(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + base))))) >>
                        (i - base);
        if (mask == 0) break;
        i += static_cast<size_t>(__builtin_ctz(mask));
      }
#else
      // Eight bytes at a time while none of them is '.', '?' or '!'.
      while (i + 8 <= b.range.end && !HasSentenceEnd(p + i)) i += 8;
#endif
      if (i >= b.range.end) break;
      char c = p[i];
      if (c != '.' && c != '?' && c != '!') continue;
      if (i + 1 < b.range.end && (p[i + 1] == ' ' || p[i + 1] == '\n')) {
        std::string_view before(t.data() + start, i - start);
        if (c == '.' && IsAbbreviation(before)) continue;
        if (c == '.' && ListMarkerLength(std::string_view(t.data() + start, i + 2 - start)) == i + 2 - start) continue;
        units_.push_back({{start, i + 1}, b.list_item, false, b.range.begin});
        start = i + 1;
        while (start < b.range.end && (t[start] == ' ' || t[start] == '\n')) ++start;
        i = start - 1;
      }
    }
    if (start < b.range.end) units_.push_back({{start, b.range.end}, b.list_item, false, b.range.begin});
  }
}

}  // namespace grader
