#include "grader/extract/quantity.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <numeric>

#include "grader/base/byte_scan.h"
#include "grader/base/utf8.h"
#include "grader/extract/number.h"

namespace grader {
namespace {

#ifndef __SSE2__
// True when one of the 8 bytes at p may start a quantity: a byte from '.'
// to '9' (digits, '.', and '/') or a '\\' (the exact bytewise range test of
// "Bit Twiddling Hacks", hasbetween, and the zero-byte test for '\\').
bool MayStartQuantity(const char* p) {
  constexpr uint64_t k = ~0ULL / 255;  // 0x0101010101010101
  uint64_t w;
  std::memcpy(&w, p, 8);
  const uint64_t low7 = w & (k * 127);
  const uint64_t in_range = (k * (127 + '9' + 1) - low7) & ~w & (low7 + k * (127 - ('.' - 1))) & (k * 128);
  const uint64_t b = w ^ (k * '\\');
  const uint64_t backslash = (b - k) & ~b & (k * 128);
  return (in_range | backslash) != 0;
}
#endif

bool IsWordByte(char c) { return IsAsciiAlpha(c) || IsDigit(c) || c == '_'; }

#ifdef __SSE2__
// Flags the bytes a quantity can start at: digits, '.' and '\\'.
inline __m128i FlagQuantityStart(__m128i b) {
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(b, _mm_set1_epi8('9' + 1)));
  return _mm_or_si128(digit, _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('.')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'))));
}
// Flags the bytes that end the plain stretch of a suffix window.
inline __m128i FlagWindowStop(__m128i b) {
  return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(b, _mm_set1_epi8('$'))),
                      _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('~')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))));
}
#endif

// Whether some symbol or alias of the unit table starts with `first` and
// has `size` bytes (sizes from 31 up share one bit).
bool FindUnitScreenPasses(char first, size_t size) {
  static const std::array<uint32_t, 256> kLengths = [] {
    std::array<uint32_t, 256> t{};
    auto add = [&](const std::string& key) {
      if (!key.empty()) t[static_cast<unsigned char>(key[0])] |= 1u << std::min<size_t>(key.size(), 31);
    };
    for (const Unit& u : AllUnits()) {
      add(u.symbol);
      for (const std::string& a : u.aliases) add(a);
    }
    return t;
  }();
  return (kLengths[static_cast<unsigned char>(first)] >> std::min<size_t>(size, 31)) & 1u;
}

// Whether some symbol or alias of the unit table has the first and last
// bytes and the length of `s` (not empty): a bit per (first, last, length)
// hashed into 2^16 bits (a collision only lets a candidate through).
bool FindUnitEndsPass(std::string_view s) {
  auto key = [](unsigned char first, unsigned char last, size_t size) {
    return (first * 977u + last * 31u + static_cast<unsigned>(std::min<size_t>(size, 63))) & 0xFFFFu;
  };
  static const std::array<uint64_t, 1024> kBits = [&] {
    std::array<uint64_t, 1024> t{};
    auto add = [&](const std::string& k) {
      if (k.empty()) return;
      const unsigned h = key(static_cast<unsigned char>(k[0]), static_cast<unsigned char>(k.back()), k.size());
      t[h >> 6] |= uint64_t{1} << (h & 63);
    };
    for (const Unit& u : AllUnits()) {
      add(u.symbol);
      for (const std::string& a : u.aliases) add(a);
    }
    return t;
  }();
  const unsigned h = key(static_cast<unsigned char>(s[0]), static_cast<unsigned char>(s.back()), s.size());
  return (kBits[h >> 6] >> (h & 63)) & 1u;
}

// FindUnit for a window's candidate, screened first by its first byte and
// length, then by its first and last bytes (most candidates are words no
// unit is spelt as, and a hash lookup costs ~120 instructions).
const Unit* FindUnitScreened(std::string_view s) {
  if (s.empty() || !FindUnitScreenPasses(s[0], s.size()) || !FindUnitEndsPass(s)) return nullptr;
  return FindUnit(s);
}

// value * scale, exactly. Both are nearly always single-limb rationals
// (8.5 GB, 30 %, 12 ms): the product's lowest terms are then found in 64-bit
// arithmetic and written in place (Boost's rational product takes two
// multiprecision gcds, ~1,400 instructions).
Exact TimesScale(const Exact& value, const Exact& scale) {
  const auto& vn = value.backend().data().numerator();
  const auto& vd = value.backend().data().denominator();
  const auto& sn = scale.backend().data().numerator();
  const auto& sd = scale.backend().data().denominator();
  if (vn.backend().size() != 1 || vd.backend().size() != 1 || sn.backend().size() != 1 || sd.backend().size() != 1)
    return value * scale;
  const uint64_t a = *vn.backend().limbs(), d = *vd.backend().limbs();
  const uint64_t k = *sn.backend().limbs(), s = *sd.backend().limbs();
  const uint64_t g1 = std::gcd(a, s), g2 = std::gcd(k, d);  // a/d and k/s are in lowest terms already
  uint64_t num = 0, den = 0;
  if (__builtin_mul_overflow(a / g1, k / g2, &num) || __builtin_mul_overflow(d / g2, s / g1, &den))
    return value * scale;
  Exact product;
  SetLowestTerms(&product, num, num == 0 ? 1 : den, vn.sign() != sn.sign());
  return product;
}

// *to = from, with single-limb parts (nearly every quantity) written in
// place: a rational's own assignment copies or moves two multiprecision
// integers through out-of-line calls.
void AssignExact(Exact* to, const Exact& from) {
  const auto& n = from.backend().data().numerator().backend();
  const auto& d = from.backend().data().denominator().backend();
  if (n.size() == 1 && d.size() == 1) {
    SetLowestTerms(to, *n.limbs(), *d.limbs(), n.sign());
  } else {
    *to = from;
  }
}

// x == 1 without building a rational 1 (comparing with an int does, and
// normalises it).
bool IsOne(const Exact& x) {
  const auto& r = x.backend().data();
  return r.denominator() == 1 && r.numerator() == 1;
}

// A short window of text after a number with LaTeX wrappers (\text{...},
// \mathrm{...}) and LaTeX spaces removed, mapped back to text offsets.
class Window {
 public:
  static constexpr size_t kSize = 40;

  Window(std::string_view text, size_t pos) : text_(text), pos_(pos) {
    size_t limit = std::min(text.size(), pos + kSize + 16);
    // Fast path: no LaTeX, '~' or '$' before the window fills or the line
    // ends, so the window is the text itself (one byte per character, depth
    // 0) and needs no copy.
    size_t plain_end = pos;  // the bytes before it are plain
    {
      size_t stop = std::min(limit, pos + kSize);
      size_t& i = plain_end;
#ifdef __SSE2__
      // Sixteen bytes at a time to the first byte that may stop the plain
      // stretch (a '~' at pos does not; the loop below steps over it).
      i = SkipUnflagged(text.substr(0, stop), i, FlagWindowStop);
#endif
      while (i < stop) {
        char c = text[i];
        if (c == '\\' || c == '$' || (c == '~' && i > pos)) break;
        if (c == '\n') {
          stop = i;
          break;
        }
        ++i;
      }
      if (i == stop) {
        direct_ = true;
        n_ = stop - pos;
        return;
      }
    }
    // The plain bytes before the first one the loop below looks at are
    // copied as they are (depth 0, one byte each; fewer than kSize).
    n_ = 0;
    AddRun(pos, plain_end - pos, 0);
    int open = 0;
    size_t i = plain_end;
    // Bytes with no meaning here, copied as they are, a run at a time; the
    // others are looked at below.
    static constexpr auto kPlain = [] {
      std::array<bool, 256> t{};
      t.fill(true);
      for (unsigned char c : std::string_view("\\}~\n$")) t[c] = false;
      return t;
    }();
    while (i < limit && n_ < kSize) {
      char c = text[i];
      if (kPlain[static_cast<unsigned char>(c)]) {
        const size_t stop = std::min(limit, i + (kSize - n_));
        size_t e = i + 1;
        while (e < stop && kPlain[static_cast<unsigned char>(text[e])]) ++e;
        AddRun(i, e - i, open);
        i = e;
        continue;
      }
      if (c == '\\') {
        bool matched = false;
        static constexpr std::string_view kWraps[] = {"\\text{", "\\mathrm{", "\\textrm{", "\\mbox{", "\\rm{", "\\textnormal{"};
        char c1 = i + 1 < text.size() ? text[i + 1] : '\0';
        for (std::string_view wrap : kWraps) {
          if (c1 != 't' && c1 != 'm' && c1 != 'r') break;  // the wraps' second bytes
          if (StartsWith(text, i, wrap)) {
            i += wrap.size();
            ++open;
            matched = true;
            break;
          }
        }
        if (matched) continue;
        if (i + 1 < limit && (text[i + 1] == ',' || text[i + 1] == ' ' || text[i + 1] == ';')) {
          Push(' ', i, 2, open);
          i += 2;
          continue;
        }
      }
      if (c == '}' && open > 0) {
        --open;
        ++i;
        continue;
      }
      if (c == '~' && i > pos) {  // LaTeX non-breaking space
        Push(' ', i, 1, open);
        ++i;
        continue;
      }
      if (c == '\n') break;
      if (c == '$' && !(i + 1 < limit && text[i + 1] == '/')) {  // a math delimiter
        ++i;
        continue;
      }
      Push(c, i, 1, open);
      ++i;
    }
  }

  std::string_view view() const { return direct_ ? text_.substr(pos_, n_) : std::string_view(w_, n_); }
  // Returns the text offset just past the first `k` window characters,
  // swallowing the closing braces of wrappers still open there.
  size_t TextEnd(size_t k) const {
    if (k == 0 || n_ == 0) return pos_;
    if (direct_) return pos_ + std::min(k, n_);
    k = std::min(k, n_);
    // The piece that holds window character k - 1.
    size_t s = pieces_ - 1;
    while (first_[s] > k - 1) --s;
    size_t end = pos_ + offsets_[s] + (k - 1 - first_[s]) + lengths_[s];
    for (int d = depth_[s]; d > 0 && end < text_.size() && text_[end] == '}'; --d) ++end;
    return end;
  }

 private:
  // The window is kept as pieces: a run of text bytes copied as they are
  // (one window character each), or one character that stands for
  // `len` text bytes ("\\," is one space).
  void AddRun(size_t at, size_t count, int depth) {
    if (count == 0) return;
    std::memcpy(w_ + n_, text_.data() + at, count);
    AddPiece(at, 1, depth);
    n_ += count;
  }
  void Push(char c, size_t at, size_t len, int depth) {
    w_[n_] = c;
    AddPiece(at, len, depth);
    ++n_;
  }
  void AddPiece(size_t at, size_t len, int depth) {
    first_[pieces_] = static_cast<uint8_t>(n_);
    offsets_[pieces_] = static_cast<uint16_t>(at - pos_);
    lengths_[pieces_] = static_cast<uint8_t>(len);
    depth_[pieces_] = static_cast<uint8_t>(std::min(depth, 255));
    ++pieces_;
  }
  std::string_view text_;
  size_t pos_;
  size_t n_ = 0;
  size_t pieces_ = 0;
  bool direct_ = false;  // the window is text_.substr(pos_, n_)
  char w_[kSize];
  // Per piece: its first window character, the text offset (from pos_) of
  // that character, the text bytes each of its characters stands for, and
  // how many wrappers are open there.
  uint8_t first_[kSize];
  uint16_t offsets_[kSize];
  uint8_t lengths_[kSize];
  uint8_t depth_[kSize];
};

struct Scale {
  std::string_view word;
  long exponent;
  bool attached_only;
};
constexpr std::array<Scale, 12> kScales = {{
    {"quadrillion", 15, false}, {"trillion", 12, false}, {"Trillion", 12, false}, {"billion", 9, false},
    {"Billion", 9, false},      {"million", 6, false},   {"Million", 6, false},   {"thousand", 3, false},
    {"bn", 9, true},            {"k", 3, true},          {"M", 6, true},          {"B", 9, true},
}};

// Reads a scale word at w[k] ("billion", or attached "B", "k", "M", "T").
// Returns its length and sets *exponent, or 0.
size_t ReadScale(std::string_view w, size_t k, bool attached, long* exponent) {
  // The first bytes of the scale words (a table: find() on the list is a
  // memchr call per number).
  static constexpr auto kFirst = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("qtTbBmMkG\xE4")) t[c] = true;
    return t;
  }();
  if (k >= w.size() || !kFirst[static_cast<unsigned char>(w[k])]) return 0;
  // Chinese scale characters: 万亿 (1e12), 亿 (1e8), 万 (1e4).
  if (w[k] == '\xE4') {
    if (StartsWith(w, k, "\xE4\xB8\x87\xE4\xBA\xBF")) { *exponent = 12; return 6; }
    if (StartsWith(w, k, "\xE4\xBA\xBF")) { *exponent = 8; return 3; }
    if (StartsWith(w, k, "\xE4\xB8\x87")) { *exponent = 4; return 3; }
    return 0;
  }
  // The scale words with this first byte, in table order (bit x: kScales[x]).
  static constexpr auto kByFirst = [] {
    std::array<uint16_t, 256> t{};
    for (size_t x = 0; x < kScales.size(); ++x) t[static_cast<unsigned char>(kScales[x].word[0])] |= 1u << x;
    return t;
  }();
  for (unsigned bits = kByFirst[static_cast<unsigned char>(w[k])]; bits != 0; bits &= bits - 1) {
    const Scale& s = kScales[static_cast<size_t>(__builtin_ctz(bits))];
    if (s.attached_only && !attached) continue;
    if (!StartsWith(w, k, s.word)) continue;
    size_t end = k + s.word.size();
    if (end < w.size() && IsAsciiAlpha(w[end])) continue;
    if (end < w.size() && (w[end] == '(' || w[end] == '^' || w[end] == '_')) continue;
    *exponent = s.exponent;
    return s.word.size();
  }
  // Attached T and G ("4.5T", "8.5G"), not the first letter of a unit ("TB", "GB", "G/s").
  if (attached && (StartsWith(w, k, "T") || StartsWith(w, k, "G")) &&
      !(k + 1 < w.size() && (IsWordByte(w[k + 1]) || w[k + 1] == '/'))) {
    *exponent = w[k] == 'T' ? 12 : 9;
    return 1;
  }
  return 0;
}

// Characters that may appear inside a unit symbol.
size_t UnitRun(std::string_view w, size_t k) {
  size_t j = k;
  while (j < w.size()) {
    char c = w[j];
    if (IsWordByte(c) || c == '/' || c == '-' || c == '$' || c == '%') {
      ++j;
    } else if (StartsWith(w, j, "\xE2\x82\x82")) {  // ₂
      j += 3;
    } else {
      break;
    }
  }
  while (j > k && (w[j - 1] == '-' || w[j - 1] == '/')) --j;
  return j - k;
}

const Unit* LookupUnit(std::string_view s, bool attached) {
  if (s.empty()) return nullptr;
  if (!attached && s.size() == 1 && std::strchr("dgtmx", s[0])) return nullptr;
  if (const Unit* u = FindUnitScreened(s)) {
    if (!attached && (u->symbol == "x")) return nullptr;
    return u;
  }
  // (A lowercase spelling is looked up only when some unit's spelling has
  // its first byte and length.)
  const char first_lower = s[0] >= 'A' && s[0] <= 'Z' ? static_cast<char>(s[0] - 'A' + 'a') : s[0];
  if (s.size() >= 4 && FindUnitScreenPasses(first_lower, s.size())) {
    std::string lower(s);
    for (char& c : lower)  // ASCII, as std::tolower in the "C" locale the grader runs in
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (const Unit* u = FindUnitScreened(lower)) return u;
  }
  return nullptr;
}

// Reads a unit in the window at w[k]; returns it and sets *len.
const Unit* ReadUnitInWindow(std::string_view w, size_t k, bool attached, size_t* len) {
  if (StartsWith(w, k, "\xC3\x97")) {  // ×
    if (!attached) return nullptr;
    *len = 2;
    static const Unit* const kTimes = FindUnit("x");  // the table does not change
    return kTimes;
  }
  if (k >= w.size() || !(IsAsciiAlpha(w[k]) || w[k] == '$' || w[k] == '%')) return nullptr;
  size_t run = UnitRun(w, k);
  if (run == 0) return nullptr;
  // Two-word units first: "tokens per minute", "kg CO2".
  size_t next = k + run;
  if (next < w.size() && w[next] == ' ') {
    size_t run2 = UnitRun(w, next + 1);
    if (run2 > 0) {
      std::string_view two = w.substr(k, run + 1 + run2);
      if (const Unit* u = FindUnitScreened(two)) {
        *len = two.size();
        return u;
      }
      if (w.substr(next + 1, run2) == "per") {
        size_t run3 = UnitRun(w, next + 5);
        if (run3 > 0) {
          std::string_view three = w.substr(k, run + 5 + run3);
          if (const Unit* u = FindUnitScreened(three)) {
            *len = three.size();
            return u;
          }
        }
      }
    }
  }
  // The whole run, then shorter prefixes cut at '-' or '/'.
  for (size_t cut = run; cut > 0;) {
    std::string_view cand = w.substr(k, cut);
    // A '$' stays in the window only before a '/': "$/h" is a unit, but a
    // '$' alone is a math delimiter ("$5e14$/ H200-seconds").
    if (cand == "$") break;
    if (const Unit* u = LookupUnit(cand, attached)) {
      *len = cut;
      return u;
    }
    size_t p = cand.size() - 1;  // the last '-' or '/'
    while (p > 0 && cand[p] != '-' && cand[p] != '/') --p;
    if (p == 0) break;
    cut = p;
  }
  return nullptr;
}

// Words before a number that make it a label, not a quantity.
bool PrecededByLabelWord(std::string_view text, size_t begin, size_t floor) {
  static constexpr std::string_view kLabels[] = {"Question", "Problem", "Part", "Step", "Figure", "Fig.", "Table",
                                                 "Section", "Exercise", "Chapter", "Equation", "Eq.", "Homework",
                                                 "Lecture", "experiment", "experiments", "Q", "HW"};
  // The labels' last bytes: a word ending otherwise is none of them.
  static constexpr auto kLast = [] {
    std::array<bool, 256> t{};
    for (std::string_view l : kLabels) t[static_cast<unsigned char>(l.back())] = true;
    return t;
  }();
  size_t j = begin;
  while (j > floor && text[j - 1] == ' ') --j;
  if (j == begin || j == floor || !kLast[static_cast<unsigned char>(text[j - 1])]) return false;
  size_t w = j;
  while (w > floor && (IsAsciiAlpha(text[w - 1]) || text[w - 1] == '.')) --w;
  std::string_view word = text.substr(w, j - w);
  if (word.empty()) return false;
  for (std::string_view l : kLabels)
    if (word == l) return true;
  return false;
}

// Bytes stepped over between an approximation marker and its number.
constexpr auto kApproxSkipped = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view(" ${(")) t[c] = true;
  return t;
}();
// The last byte of every approximation marker below.
constexpr auto kApproxLast = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("~\x88\xBCxmtdy.aq")) t[c] = true;
  return t;
}();

// The markers themselves, before text[j] (spaces and '$' stepped over).
[[gnu::noinline]] bool ApproxMarkerBefore(std::string_view text, size_t j, size_t floor) {
  std::string_view before = text.substr(floor, j - floor);
  if (before.size() > 24) before = before.substr(before.size() - 24);
  static constexpr std::string_view kMarkers[] = {
      "~", "\xE2\x89\x88", "\xE2\x88\xBC", "\\approx", "\\sim", "about", "About", "around", "Around", "roughly",
      "Roughly", "approximately", "Approximately", "approx.", "approx", "nearly", "almost", "circa", "ca.",
      "\\simeq", "aroud"};
  for (std::string_view m : kMarkers) {
    size_t n = m.size();
    // (The last bytes first: a whole comparison for each marker cost ~30
    // instructions and nearly all fail on it.)
    if (before.size() < n || before.back() != m.back() || before.compare(before.size() - n, n, m) != 0) continue;
    if (IsAsciiAlpha(m[0]) && before.size() > n && IsAsciiAlpha(before[before.size() - n - 1])) continue;
    return true;
  }
  return false;
}

// Approximation markers just before a number (after spaces and '$'). Most
// numbers have none: the byte before them is screened here, inline.
inline bool PrecededByApprox(std::string_view text, size_t begin, size_t floor) {
  size_t j = begin;
  while (j > floor && kApproxSkipped[static_cast<unsigned char>(text[j - 1])]) --j;
  if (j == floor || !kApproxLast[static_cast<unsigned char>(text[j - 1])]) return false;
  return ApproxMarkerBefore(text, j, floor);
}

// Sets *out to doc.Quote(span) (a Quantity's text, written in place rather
// than built and moved in). A text that normalisation left alone is quoted
// as Document::Quote quotes it: its own bytes when the span starts and ends
// between characters.
void QuoteInto(const Document& doc, const Span& span, std::string* out) {
  const std::string& o = doc.original();
  if (&doc.text() == &o && span.begin < span.end && span.end <= o.size()) {
    auto inside_character = [&](size_t at) {
      return at < o.size() && IsUtf8Continuation(static_cast<unsigned char>(o[at]));
    };
    if (!inside_character(span.begin) && !inside_character(span.end)) {
      out->assign(o.data() + span.begin, span.end - span.begin);
      return;
    }
  }
  *out = doc.Quote(span);
}

// Pandoc's rule: a '$' opens math when a closing '$' follows on the line with
// a non-space before it and no digit after it.
bool OpensMath(std::string_view text, size_t dollar) {
  for (size_t k = dollar + 1; k < text.size() && text[k] != '\n'; ++k) {
    if (text[k] != '$' || text[k - 1] == '\\') continue;
    if (text[k - 1] == ' ') continue;
    if (k + 1 < text.size() && IsDigit(text[k + 1])) continue;
    return true;
  }
  return false;
}

}  // namespace

namespace {

// Whether a suffix may follow a number that ends at text[pos]. Most numbers
// are followed by punctuation, an operator or the end of the line: every
// suffix starts, after plain spaces, with a letter, '%', a LaTeX command, a
// math '$', a '~', a Typst '"' or a non-ASCII byte. (Inline: FindQuantities
// asks before calling ReadSuffix.)
inline bool SuffixMayStart(std::string_view text, size_t pos) {
  static constexpr auto kMayStart = [] {
    std::array<bool, 256> t{};
    for (int c = 0x80; c < 256; ++c) t[c] = true;
    for (unsigned char c : std::string_view("%\\$~\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) t[c] = true;
    return t;
  }();
  const char* p = text.data();
  const size_t n = text.size();
  while (pos < n && p[pos] == ' ') ++pos;
  return pos < n && kMayStart[static_cast<unsigned char>(p[pos])];
}

}  // namespace

Suffix ReadSuffix(std::string_view text, size_t pos) {
  Suffix s;
  s.end = pos;
  if (!SuffixMayStart(text, pos)) return s;
  Window win(text, pos);
  std::string_view w = win.view();
  size_t k = 0;
  auto skip_space = [&](size_t at) {
    while (at < w.size() && w[at] == ' ') ++at;
    return at;
  };
  // Percent.
  size_t p = skip_space(0);
  if (StartsWith(w, p, "%") || StartsWith(w, p, "\\%")) {
    size_t len = w[p] == '%' ? 1 : 2;
    static const Unit* const kPercent = FindUnit("%");  // the table does not change
    s.unit = kPercent;
    s.unit_text = "%";
    s.end = win.TextEnd(p + len);
    return s;
  }
  // Scale word.
  bool attached = !w.empty() && w[0] != ' ';
  long e = 0;
  size_t len = ReadScale(w, attached ? 0 : p, attached, &e);
  if (len) {
    s.has_scale = true;
    s.scale_exponent = e;
    k = (attached ? 0 : p) + len;
    s.end = win.TextEnd(k);
    attached = k < w.size() && w[k] != ' ';
  } else if (attached) {
    // An attached scale letter that ReadScale refused because an operator
    // follows ("1.5B(a)", "2M^2", "3k_1") names something else: neither a
    // scale nor a unit (B is also bytes): the number stays bare.
    static constexpr std::string_view kLetters[] = {"bn", "k", "M", "B", "T", "G"};
    for (std::string_view letter : kLetters)
      if (StartsWith(w, 0, letter) && letter.size() < w.size() &&
          (w[letter.size()] == '(' || w[letter.size()] == '^' || w[letter.size()] == '_'))
        return s;
  }
  // Unit, attached or after one space.
  size_t u = attached ? k : skip_space(k);
  if (u - k > 2 && !s.has_scale) return s;
  size_t ulen = 0;
  // Typst writes a unit as a string: 6.54"GB".
  if (u < w.size() && w[u] == '"') {
    size_t close = w.find('"', u + 1);
    if (close != std::string_view::npos) {
      size_t b = u + 1;
      while (b < close && w[b] == ' ') ++b;
      if (const Unit* unit = ReadUnitInWindow(w.substr(0, close), b, true, &ulen); unit && b + ulen == close) {
        s.unit = unit;
        s.unit_text = std::string(w.substr(b, ulen));
        s.end = win.TextEnd(close + 1);
      }
    }
    return s;
  }
  if (const Unit* unit = ReadUnitInWindow(w, u, u == k, &ulen)) {
    s.unit = unit;
    s.unit_text = std::string(w.substr(u, ulen));
    s.end = win.TextEnd(u + ulen);
  }
  return s;
}

std::vector<Quantity> FindQuantities(const Document& doc, std::optional<Range> scope,
                                     std::vector<Diagnostic>* diagnostics) {
  const std::string& t = doc.text();
  std::string_view text(t);
  Range r = scope.value_or(Range{0, t.size()});
  std::vector<Quantity> out;
  // One token for every number read (ReadNumber resets every field; a token
  // built and destroyed per number costs more than reading a short one).
  NumberToken num, hi;
  // One allocation for the usual density (a number every 30 to 60 bytes of
  // a solution; a Quantity is large and regrowing moves them all); a denser
  // text regrows. Counting the digit runs exactly cost as much as reading a
  // tenth of the numbers.
  out.reserve(std::min(r.size() / 16 + 8, kMaxQuantities));
  size_t i = r.begin;
  // Where the last quantity ends: a currency or sign before a number is read
  // only from text no quantity has taken ("6400 USD 1600": USD is 6400's).
  size_t taken = r.begin;
  // The bytes a quantity can start at (a digit, '.', '\\' of \frac or
  // \sqrt); the rest of the text is stepped over in a tight loop.
  static const auto kStarts = [] {
    std::array<bool, 256> k{};
    for (unsigned char c : std::string_view("0123456789.\\")) k[c] = true;
    return k;
  }();
  while (i < r.end) {
#ifdef __SSE2__
    i = SkipUnflagged(text.substr(0, r.end), i, FlagQuantityStart);
#else
    while (i + 8 <= r.end && !MayStartQuantity(text.data() + i)) i += 8;
#endif
    while (i < r.end && !kStarts[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= r.end) break;
    char c = text[i];
    if (out.size() == kMaxQuantities && (IsDigit(c) || c == '.')) {
      if (diagnostics)
        diagnostics->push_back({"more than " + std::to_string(kMaxQuantities) + " numbers: the rest are not read",
                                doc.MakeSpan(i, r.end)});
      break;
    }
    if (!IsDigit(c) && c != '.' && c != '\\') {
      ++i;
      continue;
    }
    // A root (\sqrt{17}, \sqrt[3]{8}, \sqrt2): its value is irrational and a
    // Quantity holds only exact values, so the argument is not a quantity
    // (reading 17 would be wrong). Skip the argument.
    if (c == '\\' && StartsWith(text, i, "\\sqrt") && !(i + 5 < r.end && IsAsciiAlpha(text[i + 5]))) {
      i += 5;
      if (i < r.end && text[i] == '[') {
        while (i < r.end && text[i] != ']' && text[i] != '\n') ++i;
        if (i < r.end && text[i] == ']') ++i;
      }
      if (i < r.end && text[i] == '{') {
        int depth = 0;
        for (; i < r.end && text[i] != '\n'; ++i) {
          if (text[i] == '{') ++depth;
          if (text[i] == '}' && --depth == 0) { ++i; break; }
        }
      } else {
        while (i < r.end && (IsDigit(text[i]) || text[i] == '.')) ++i;
      }
      taken = std::max(taken, i);
      continue;
    }
    // \frac{1}{40}
    if (c == '\\') {
      size_t f = 0;
      for (std::string_view cmd : {"\\frac{", "\\dfrac{", "\\tfrac{"})
        if (StartsWith(text, i, cmd)) f = cmd.size();
      // \frac13: one-digit arguments without braces.
      for (std::string_view cmd : {"\\frac", "\\dfrac", "\\tfrac"}) {
        size_t d = i + cmd.size();
        if (!f && StartsWith(text, i, cmd) && d + 1 < r.end && IsDigit(text[d]) && IsDigit(text[d + 1]) &&
            text[d + 1] != '0' && !(d + 2 < r.end && IsDigit(text[d + 2]))) {
          Quantity q;
          q.value = q.base_value = Exact(text[d] - '0') / Exact(text[d + 1] - '0');
          q.sig_figs = 1;
          size_t fb = i;
          if (fb > taken && fb > r.begin && text[fb - 1] == '-' &&
              !(fb - 1 > r.begin && (IsWordByte(text[fb - 2]) || text[fb - 2] == ')' || text[fb - 2] == '}'))) {
            --fb;
            q.value = q.base_value = -q.value;
          }
          q.range = {fb, d + 2};
          q.span = doc.MakeSpan(q.range);
          QuoteInto(doc, q.span, &q.text);
          q.base_double = ApproxDouble(q.base_value);
          q.approx = PrecededByApprox(text, fb, r.begin);
          taken = q.range.end;
          out.push_back(std::move(q));
          i = d + 2;
          f = std::string_view::npos;
          break;
        }
      }
      if (f == std::string_view::npos) continue;
      if (!f) {
        ++i;
        continue;
      }
      NumberToken a, b;
      size_t p = i + f;
      if (ReadNumber(text, p, &a) && a.ok && StartsWith(text, a.end, "}{") && ReadNumber(text, a.end + 2, &b) &&
          b.ok && StartsWith(text, b.end, "}") && !b.value.is_zero()) {
        Quantity q;
        q.value = q.base_value = a.value / b.value;
        q.base_double = ApproxDouble(q.base_value);
        q.sig_figs = std::min(a.sig_figs, b.sig_figs);
        q.range = {i, b.end + 1};
        q.span = doc.MakeSpan(q.range);
        QuoteInto(doc, q.span, &q.text);
        // A sign before the fraction: -\frac{1}{3}.
        size_t fb = i;
        if (fb > taken && text[fb - 1] == '-' &&
            !(fb - 1 > r.begin && (IsWordByte(text[fb - 2]) || text[fb - 2] == ')' || text[fb - 2] == '}'))) {
          --fb;
          q.value = q.base_value = -q.value;
          q.range.begin = fb;
          q.span = doc.MakeSpan(q.range);
          QuoteInto(doc, q.span, &q.text);
        }
        q.base_double = ApproxDouble(q.base_value);
        q.approx = PrecededByApprox(text, fb, r.begin);
        taken = q.range.end;
        out.push_back(std::move(q));
        i = b.end + 1;
      } else {
        i += f;
      }
      continue;
    }
    if (c == '.' && !(i + 1 < r.end && IsDigit(text[i + 1]))) {
      ++i;
      continue;
    }
    // Left boundary: not inside a word, a subscript, an exponent or a version.
    char prev = i > r.begin ? text[i - 1] : ' ';
    char prev2 = i > r.begin + 1 ? text[i - 2] : ' ';
    bool skip = IsWordByte(prev) || prev == '^' || (prev == '{' && (prev2 == '^' || prev2 == '_')) ||
                (prev == '.' && (IsWordByte(prev2))) || (prev == '-' && IsAsciiAlpha(prev2)) ||
                (c == '.' && IsDigit(prev));
    if (skip) {
      while (i < r.end && (IsWordByte(text[i]) || text[i] == '.')) ++i;
      continue;
    }
    if (!ReadNumber(text, i, &num)) {
      ++i;
      continue;
    }
    size_t end = std::min(num.end, r.end);
    if (!num.ok) {
      if (diagnostics) diagnostics->push_back({num.error, doc.MakeSpan(num.begin, end)});
      i = std::max(end, i + 1);
      continue;
    }
    // A list enumerator ("1. ", "2) ") at the start of a line, or a label
    // ("Question 5", "Step 1").
    // (Where the line starts matters only before a '.' or ')'.)
    bool at_line_start = false;
    if (end < text.size() && (text[end] == '.' || text[end] == ')')) {
      size_t line_start = i;
      while (line_start > r.begin && (text[line_start - 1] == ' ' || text[line_start - 1] == '(' ||
                                      text[line_start - 1] == '\t' || text[line_start - 1] == '#'))
        --line_start;
      at_line_start = line_start == 0 || text[line_start - 1] == '\n';
    }
    if ((at_line_start && end < text.size() && (text[end] == '.' || text[end] == ')') &&
         (end + 1 >= text.size() || text[end + 1] == ' ' || text[end + 1] == '\n' || IsAsciiAlpha(text[end + 1]))) ||
        (prev == '(' && end < text.size() && text[end] == ')' && at_line_start) ||
        PrecededByLabelWord(text, i, r.begin)) {
      i = end;
      continue;
    }
    // An operand of a power (1756^2) or an indexed name belongs to expressions;
    // so does the coefficient of a root (4\sqrt{2} is not 4).
    // (Each form is tried only after its first byte.)
    const char after = end < text.size() ? text[end] : '\0';
    if (after == '^' || after == '_' || (after == '*' && StartsWith(text, end, "**")) ||
        (after == '\\' && StartsWith(text, end, "\\sqrt")) || (after == ' ' && StartsWith(text, end, " \\sqrt")) ||
        (after == '\xE2' && StartsWith(text, end, "\xE2\x88\x9A"))) {
      i = text[end] == '^' || text[end] == '_' || text[end] == '*' ? end + 1 : end;
      continue;
    }
    // Built in place (a Quantity is large: moving one in costs as much as
    // filling it); the one path below that reads no quantity takes it back.
    Quantity& q = out.emplace_back();
    AssignExact(&q.value, num.value);
    q.sig_figs = num.sig_figs;
    q.scientific = num.scientific;
    size_t begin = i;
    // Fractions 1/40 (but not dates 11/18/2025).
    if (end + 1 < text.size() && text[end] == '/' && IsDigit(text[end + 1]) && !num.grouped) {
      NumberToken den;
      if (ReadNumber(text, end + 1, &den) && den.ok && !den.grouped && !den.value.is_zero()) {
        if (den.end < text.size() && text[den.end] == '/') {
          i = den.end;
          while (i < r.end && (IsDigit(text[i]) || text[i] == '/')) ++i;
          out.pop_back();
          continue;
        }
        q.value = q.value / den.value;  // q.value holds the numerator
        q.sig_figs = std::min(num.sig_figs, den.sig_figs);
        end = den.end;
      }
    }
    // Sign, currency and approximation before the number.
    bool currency = false;
    if (begin > taken && text[begin - 1] == '$') {
      if (begin >= taken + 2 && text[begin - 2] == '\\') {
        currency = true;
        begin -= 2;
      } else if (!OpensMath(text, begin - 1)) {
        currency = true;
        begin -= 1;
      }
    }
    if (!currency && begin >= taken + 4 && text[begin - 1] == ' ' && StartsWith(text, begin - 4, "USD ")) {
      currency = true;
      begin -= 4;
    }
    auto sign_ok = [&](size_t s) {
      char b = s > r.begin ? text[s - 1] : ' ';
      return !(IsWordByte(b) || b == ')' || b == ']' || b == '}');
    };
    if (begin > taken && text[begin - 1] == '-' && sign_ok(begin - 1)) {
      q.value = -q.value;
      begin -= 1;
    } else if (begin >= taken + 3 && text[begin - 1] == '\x92' && StartsWith(text, begin - 3, "\xE2\x88\x92") &&
               sign_ok(begin - 3)) {
      q.value = -q.value;
      begin -= 3;
    }
    q.approx = PrecededByApprox(text, begin, r.begin);

    Suffix sfx;
    sfx.end = end;
    if (SuffixMayStart(text, end)) sfx = ReadSuffix(text, end);
    if (sfx.has_scale) q.value = TimesScale(q.value, PowerOfTen(sfx.scale_exponent));
    if (currency && !sfx.unit) {
      static const Unit* const kUsd = FindUnit("USD");  // the table does not change
      sfx.unit = kUsd;
    }
    end = std::max(end, sfx.end);

    // Ranges: 40–60 million, 2 to 3x, between 50 and 250 USD.
    {
      size_t k = end;
      size_t conn = 0;
      bool to = false;
      // (Every connector starts with a dash, a space or the first byte of – and —.)
      const char c0 = k < text.size() ? text[k] : '\0';
      if (c0 != '\xE2' && c0 != ' ' && c0 != '-') {
        // no range
      } else if (c0 == '\xE2' && (StartsWith(text, k, "\xE2\x80\x93") || StartsWith(text, k, "\xE2\x80\x94"))) {
        conn = 3;
      } else if (c0 == ' ' && k + 1 < text.size() && text[k + 1] == '\xE2' &&
                 (StartsWith(text, k, " \xE2\x80\x93 ") || StartsWith(text, k, " \xE2\x80\x94 "))) {
        conn = 5;
      } else if (k < text.size() && text[k] == '-' && k + 1 < text.size() && IsDigit(text[k + 1]) &&
                 !sfx.unit && !sfx.has_scale) {
        conn = 1;
      } else if (StartsWith(text, k, " to ")) {
        conn = 4;
        to = true;
      } else if (StartsWith(text, k, " and ") && begin >= 8 && text.compare(begin - 8, 8, "between ") == 0) {
        conn = 5;
        to = true;
      }
      size_t h = k + conn;
      if (conn && h < text.size() && text[h] == '$') ++h;
      if (conn && ReadNumber(text, h, &hi) && hi.ok && hi.end <= r.end &&
          !(hi.end < text.size() && (IsAsciiAlpha(text[hi.end]) && text[hi.end] != 'x' && text[hi.end] != 'k' &&
                                     text[hi.end] != 'M' && text[hi.end] != 'B' && text[hi.end] != 'T' &&
                                     text[hi.end] != 'G'))) {
        Suffix hs = ReadSuffix(text, hi.end);
        bool first_bare = !sfx.unit && !sfx.has_scale;
        if (!to || (first_bare && (hs.unit || hs.has_scale))) {
          Exact high = hi.value;
          if (hs.has_scale) high *= PowerOfTen(hs.scale_exponent);
          if (first_bare && hs.has_scale) q.value *= PowerOfTen(hs.scale_exponent);
          if (!sfx.unit) {
            sfx.unit = hs.unit;
            sfx.unit_text = hs.unit_text;
          }
          if (high != q.value) q.upper = high;
          end = std::max(hi.end, hs.end);
        }
      }
    }

    q.unit = sfx.unit;
    // (q.unit_text is empty: a bare number's needs no assignment.)
    if (sfx.unit_text.empty() && currency) q.unit_text = "$";
    else if (!sfx.unit_text.empty()) q.unit_text = std::move(sfx.unit_text);
    if (q.unit && !IsOne(q.unit->scale)) q.base_value = TimesScale(q.value, q.unit->scale);
    else AssignExact(&q.base_value, q.value);
    q.base_double = ApproxDouble(q.base_value);
    q.range = {begin, std::min(end, r.end)};
    q.span = doc.MakeSpan(q.range);
    QuoteInto(doc, q.span, &q.text);
    taken = q.range.end;
    i = std::max(end, i + 1);
  }
  return out;
}

}  // namespace grader
