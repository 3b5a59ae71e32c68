#include "grader/extract/equation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>

#include "grader/base/utf8.h"
#include "grader/extract/number.h"
#include "grader/extract/quantity.h"

namespace grader {
namespace {

// How a token of a line takes part in an equation.
enum class Role { kNumber, kMaterial, kOpen, kClose, kNeutral, kRelation, kWord, kSeparator };

struct LineToken {
  Role role;
  size_t begin, end;
  bool approx_rel = false;  // ≈, \approx
};

// t.substr(pos, n) without its check for pos past the end (which throws;
// here pos is clamped as n is): string_view's substr is not inlined, and it
// is called for every word, command and side.
inline std::string_view Sub(std::string_view t, size_t pos, size_t n = std::string_view::npos) {
  pos = std::min(pos, t.size());
  return std::string_view(t.data() + pos, std::min(n, t.size() - pos));
}

bool IsWordByte(char c) { return IsAsciiAlpha(c) || IsDigit(c) || c == '_'; }

// ASCII letters and digits, by byte.
constexpr auto kAlnum = [] {
  std::array<bool, 256> a{};
  for (int c = 0; c < 256; ++c) a[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return a;
}();
bool IsAlnum(char c) { return kAlnum[static_cast<unsigned char>(c)]; }


// Splits one line into classified tokens, written to `buf` (kept from
// call to call; `scratch` too); returns them, and in *first_relation the
// index of the first relation token (or their count when there is none). The tokenizer's only state is where it is, so
// the tokens it gives are a prefix of those of the whole line: it stops after
// the first word or separator that begins at or after `tail` (no relation
// starts there or later, and a chain's last side ends at such a token: the
// tokens after it are never read). A `tail` of `end` reads the whole line.
std::span<const LineToken> Tokenize(std::string_view t, size_t begin, size_t end, size_t tail,
                                    std::vector<LineToken>* buf, NumberToken* scratch, int* first_relation) {
  // Every space is a token of its own: one per byte bounds the count, and
  // the buffer is written without checks.
  if (buf->size() < end - begin + 1) buf->resize(end - begin + 1);
  LineToken* out = buf->data();
  size_t n = 0;
  size_t i = begin;
  NumberToken& num = *scratch;  // reused: ScanNumber resets it
  int first = -1;
  auto push = [&](Role r, size_t b, size_t e, bool approx = false) {
    out[n++] = {r, b, e, approx};
    i = e;
  };
  auto push_relation = [&](size_t b, size_t e, bool approx) {
    if (first < 0) first = static_cast<int>(n);
    push(Role::kRelation, b, e, approx);
  };
  while (i < end) {
    // (i > tail whenever the last token begins at or after it.)
    if (i > tail && (out[n - 1].role == Role::kWord || out[n - 1].role == Role::kSeparator) &&
        out[n - 1].begin >= tail)
      break;
    char c = t[i];
    // "8186585600 bytes ~ 8.2 GB": a tilde between spaces means "about", a
    // relation like ≈; glued ("10~GB", "~4 GB") it is LaTeX's space or an
    // approximation marker of the number after it.
    if (c == '~' && i > begin && i + 1 < end && (t[i - 1] == ' ' || t[i - 1] == '\t') && t[i + 1] == ' ') {
      push_relation(i, i + 1, true);
      continue;
    }
    if (c == ' ' || c == '\t' || c == '$' || c == '~') {
      push(Role::kNeutral, i, i + 1);
      continue;
    }
    if (IsDigit(c) || (c == '.' && i + 1 < end && IsDigit(t[i + 1]))) {
      bool glued = i > begin && (IsAsciiAlpha(t[i - 1]) || t[i - 1] == '_');
      ScanNumber(Sub(t, 0, end), i, &num);  // the extent only: no value needed
      size_t e = std::max(num.end, i + 1);
      if (glued) {  // W1, fp32: part of a name
        while (e < end && IsWordByte(t[e])) ++e;
        push(Role::kMaterial, i, e);
        continue;
      }
      if (num.ok) {
        Suffix s = ReadSuffix(Sub(t, 0, end), num.end);
        bool blocked = s.end < end && (t[s.end] == '^' || t[s.end] == '_' || t[s.end] == '(');
        if ((s.unit || s.has_scale) && !blocked && !(s.unit && s.unit->symbol == "x")) e = s.end;
      }
      // An exponent or index (X^0, W_{1}) is part of a formula, not a number.
      bool script = i > begin && (t[i - 1] == '^' || t[i - 1] == '_' ||
                                  (t[i - 1] == '{' && i > begin + 1 && (t[i - 2] == '^' || t[i - 2] == '_')));
      push(script ? Role::kMaterial : Role::kNumber, i, e);
      continue;
    }
    if (IsAsciiAlpha(c)) {
      size_t e = i;
      while (e < end && IsAlnum(t[e])) ++e;
      std::string_view w = Sub(t, i, e - i);
      bool subscript = false;
      while (e + 1 < end && t[e] == '_') {
        subscript = true;
        if (t[e + 1] == '{') {  // N_{opt}: swallow a braced subscript
          size_t close = t.find('}', e);
          if (close == std::string_view::npos || close >= end || close - e > 40) break;
          e = close + 1;
        } else if (IsWordByte(t[e + 1])) {
          ++e;
          while (e < end && IsAlnum(t[e])) ++e;
        } else {
          break;
        }
      }
      bool mathy = w.size() == 1 || subscript ||
                   // (first letters before the comparisons, which are out of line)
                   (w[0] == 's' && w == "sqrt") || (w[0] == 'l' && (w == "log" || w == "ln")) ||
                   (w[0] == 'e' && w == "exp") ||
                   std::any_of(w.begin(), w.end(), [](char ch) { return IsDigit(ch); });
      push(mathy ? Role::kMaterial : Role::kWord, i, e);
      continue;
    }
    if (c == '\\') {
      size_t e = i + 1;
      while (e < end && IsAsciiAlpha(t[e])) ++e;
      std::string_view cmd = Sub(t, i + 1, e - i - 1);
      if (cmd.empty()) {
        if (StartsWith(t, i, "\\\\")) {
          push(Role::kSeparator, i, i + 2);
        } else if (i + 1 < end && (t[i + 1] == ',' || t[i + 1] == ';' || t[i + 1] == '!' || t[i + 1] == ' ')) {
          push(Role::kNeutral, i, i + 2);
        } else if (i + 1 < end && (t[i + 1] == '{')) {
          push(Role::kOpen, i, i + 2);
        } else if (i + 1 < end && (t[i + 1] == '}')) {
          push(Role::kClose, i, i + 2);
        } else if (i + 1 < end && (t[i + 1] == '%' || t[i + 1] == '$')) {
          push(Role::kMaterial, i, i + 2);
        } else {
          push(Role::kSeparator, i, i + 1);
        }
        continue;
      }
      if (cmd == "approx" || cmd == "simeq" || cmd == "approxeq") {
        push_relation(i, e, true);
      } else if (cmd == "times" || cmd == "cdot" || cmd == "div" || cmd == "frac" || cmd == "dfrac" ||
                 cmd == "tfrac" || cmd == "sqrt" || cmd == "ln" || cmd == "log" || cmd == "exp" || cmd == "ast") {
        push(Role::kMaterial, i, e);
      } else if (cmd == "left" || cmd == "right" || cmd == "big" || cmd == "Big" || cmd == "bigl" ||
                 cmd == "bigr" || cmd == "Bigl" || cmd == "Bigr" || cmd == "displaystyle") {
        push(Role::kNeutral, i, e);
      } else if (cmd == "mathbf" || cmd == "mathrm" || cmd == "boldsymbol" || cmd == "mathit" || cmd == "bm" ||
                 cmd == "text" || cmd == "textrm" || cmd == "operatorname" || cmd == "mathcal") {
        size_t close = t.find('}', e);
        bool text_word = cmd == "text" || cmd == "textrm";
        if (e < end && t[e] == '{' && close != std::string_view::npos && close < end && close - e < 40) {
          push(text_word ? Role::kWord : Role::kMaterial, i, close + 1);
        } else {
          push(Role::kSeparator, i, e);
        }
      } else if (cmd == "begin" || cmd == "end") {
        size_t close = t.find('}', e);
        push(Role::kSeparator, i, close != std::string_view::npos && close < end ? close + 1 : e);
      } else if (cmd == "quad" || cmd == "qquad" || cmd == "text" || cmd == "in" || cmd == "le" || cmd == "ge" ||
                 cmd == "leq" || cmd == "geq" || cmd == "to" || cmd == "Rightarrow" || cmd == "implies" ||
                 cmd == "rightarrow" || cmd == "neq" || cmd == "ne" || cmd == "sim" || cmd == "propto" ||
                 cmd == "sum" || cmd == "prod" || cmd == "min" || cmd == "max" || cmd == "cases" || cmd == "boxed") {
        push(Role::kSeparator, i, e);
      } else {
        push(Role::kMaterial, i, e);  // \alpha, \ell, ...
      }
      continue;
    }
    switch (c) {
      case '=':
        if (i + 1 < end && t[i + 1] == '>') {
          push(Role::kSeparator, i, i + 2);
        } else {
          size_t e = i + 1;
          while (e < end && t[e] == '=') ++e;
          push_relation(i, e, false);
        }
        continue;
      case '+': case '*': case '/': case '^': case '_':
        push(Role::kMaterial, i, i + 1);
        continue;
      case '-':
        push(i + 1 < end && t[i + 1] == '>' ? Role::kSeparator : Role::kMaterial, i, i + (i + 1 < end && t[i + 1] == '>' ? 2 : 1));
        continue;
      case '(': case '[': case '{':
        push(Role::kOpen, i, i + 1);
        continue;
      case ')': case ']': case '}':
        push(Role::kClose, i, i + 1);
        continue;
      case '.':
        push(Role::kSeparator, i, i + 1);
        continue;
      case '%':
        push(Role::kMaterial, i, i + 1);
        continue;
      default:
        break;
    }
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      size_t len = Utf8Length(t, i);  // `t` is normalised: valid UTF-8
      len = std::min(len ? len : 1, end - i);
      std::string_view ch = Sub(t, i, len);
      size_t sl = 0;
      if (ch == "\xE2\x89\x88") {  // ≈
        push_relation(i, i + len, true);
      } else if (ch == "\xC3\x97" || ch == "\xC2\xB7" || ch == "\xE2\x8B\x85" || ch == "\xC3\xB7" ||
                 ch == "\xE2\x88\x92" || SuperscriptDigit(t, i, &sl) != -1 || u == 0xCE || u == 0xCF ||
                 ch == "\xE2\x84\x93") {
        push(Role::kMaterial, i, i + len);
      } else if (ch == "\xE2\x80\x89" || ch == "\xC2\xA0") {
        push(Role::kNeutral, i, i + len);
      } else {
        push(Role::kSeparator, i, i + len);
      }
      continue;
    }
    push(Role::kSeparator, i, i + 1);  // , ; : & | < > ! ? ...
  }
  *first_relation = first < 0 ? static_cast<int>(n) : first;
  return {out, n};
}

bool IsSideRole(Role r) {
  return r == Role::kNumber || r == Role::kMaterial || r == Role::kOpen || r == Role::kClose || r == Role::kNeutral;
}

// Token index range [first, last] of a side, or first > last when empty.
struct SideTokens {
  int first = 1, last = 0;
  bool has_number = false;
  // Found by LeftSide and RightSide over [first, last], for TrimFast:
  // whether a bracket and a number are there.
  bool brackets = false, number = false;
};

SideTokens LeftSide(std::span<const LineToken> toks, int rel) {
  SideTokens s;
  int depth = 0;
  int k = rel - 1;
  for (; k >= 0 && IsSideRole(toks[k].role); --k) {
    Role r = toks[k].role;
    if (r == Role::kClose) ++depth;
    if (r == Role::kOpen) {
      if (depth == 0) break;
      --depth;
    }
    s.brackets = s.brackets || r == Role::kOpen || r == Role::kClose;
    s.number = s.number || r == Role::kNumber;
  }
  s.first = k + 1;
  s.last = rel - 1;
  // Only a bare word next to the relation: a label such as "total =".
  auto trimmed_empty = [&] {
    for (int j = s.first; j <= s.last; ++j)
      if (toks[j].role != Role::kNeutral) return false;
    return true;
  };
  if (trimmed_empty() && k >= 0 && toks[k].role == Role::kWord) s.first = k;
  return s;
}

SideTokens RightSide(std::span<const LineToken> toks, int rel) {
  SideTokens s;
  int depth = 0;
  int k = rel + 1;
  int n = static_cast<int>(toks.size());
  for (; k < n && IsSideRole(toks[k].role); ++k) {
    Role r = toks[k].role;
    if (r == Role::kOpen) ++depth;
    if (r == Role::kClose) {
      if (depth == 0) break;
      --depth;
    }
    s.brackets = s.brackets || r == Role::kOpen || r == Role::kClose;
    s.number = s.number || r == Role::kNumber;
  }
  s.first = rel + 1;
  s.last = k - 1;
  return s;
}

void Trim(std::span<const LineToken> toks, SideTokens* s) {
  // Keep the balanced part: drop through an unmatched closing bracket at the
  // front ("1,600] = ...") and from an unmatched opening one at the back.
  int depth = 0;
  for (int j = s->first; j <= s->last; ++j) {
    if (toks[j].role == Role::kOpen) ++depth;
    if (toks[j].role == Role::kClose && --depth < 0) {
      s->first = j + 1;
      depth = 0;
    }
  }
  depth = 0;
  for (int j = s->last; j >= s->first; --j) {
    if (toks[j].role == Role::kClose) ++depth;
    if (toks[j].role == Role::kOpen && --depth < 0) {
      s->last = j - 1;
      depth = 0;
    }
  }
  while (s->first <= s->last && toks[s->first].role == Role::kNeutral) ++s->first;
  while (s->last >= s->first && toks[s->last].role == Role::kNeutral) --s->last;
  s->has_number = false;
  for (int j = s->first; j <= s->last; ++j)
    if (toks[j].role == Role::kNumber) s->has_number = true;
}

// Trim for a side without brackets (most sides): LeftSide or RightSide,
// walking the side, found that there are none and whether a number is
// there (LeftSide's label, a word, is neither; neutral tokens, all that the
// trimming drops then, are no numbers); sides with brackets go to Trim.
void TrimFast(std::span<const LineToken> toks, SideTokens* s) {
  if (s->brackets) return Trim(toks, s);
  while (s->first <= s->last && toks[s->first].role == Role::kNeutral) ++s->first;
  while (s->last >= s->first && toks[s->last].role == Role::kNeutral) --s->last;
  s->has_number = s->number;
}

// The starts of one pattern ('=', ≈ or \approx) in t[0, end), in
// increasing order (a match may run past `end`): one memchr per occurrence
// of its first byte, however many lines are asked about. Asked with `from`
// never decreasing.
class MatchStream {
 public:
  MatchStream(std::string_view t, std::string_view pattern, size_t end) : t_(t), pattern_(pattern), end_(end) {}
  // Returns the first match starting at or after `from`, or `end` if none.
  size_t At(size_t from) {
    if (known_ && next_ >= from) return next_;
    return Search(from);
  }

 private:
  size_t Search(size_t from) {
    known_ = true;
    const char* base = t_.data();
    while (from < end_) {
      const void* p = std::memchr(base + from, pattern_[0], end_ - from);
      if (!p) break;
      size_t i = static_cast<size_t>(static_cast<const char*>(p) - base);
      if (pattern_.size() == 1 || t_.compare(i, pattern_.size(), pattern_) == 0) return next_ = i;
      from = i + 1;
    }
    return next_ = end_;
  }

  std::string_view t_;
  std::string_view pattern_;
  size_t end_;
  size_t next_ = 0;
  bool known_ = false;
};

// The three relation patterns of a scope, as streams.
struct RelationStreams {
  RelationStreams(std::string_view t, size_t end)
      : eq(t, "=", end), approx(t, "\xE2\x89\x88", end), latex(t, "\\approx", end) {}
  // Where the first relation at or after `from` starts, or the end.
  size_t Next(size_t from) { return std::min(eq.At(from), std::min(approx.At(from), latex.At(from))); }
  MatchStream eq, approx, latex;
};

// Where relations ('=', ≈, \approx) start in a line t[b, e) (a match may
// run past e), in order, into *out; returns whether the line holds one
// whole. The streams are shared by the lines, which come in order.
bool FindRelations(size_t b, size_t e, RelationStreams* rs, std::vector<size_t>* out) {
  out->clear();
  for (size_t i = rs->eq.At(b); i < e; i = rs->eq.At(i + 1)) out->push_back(i);
  bool whole = !out->empty();
  size_t plain = out->size();
  for (size_t i = rs->approx.At(b); i < e; i = rs->approx.At(i + 1)) {
    out->push_back(i);
    whole = whole || i + 3 <= e;
  }
  for (size_t i = rs->latex.At(b); i < e; i = rs->latex.At(i + 1)) {
    out->push_back(i);
    whole = whole || i + 7 <= e;
  }
  if (out->size() > plain && plain > 0) std::sort(out->begin(), out->end());
  else if (out->size() > plain + 1) std::sort(out->begin() + plain, out->end());
  return whole;
}

// Whether `s` holds an ASCII digit: eight bytes at a time (a byte is a
// digit when its high bit is clear and its low seven bits are in '0'..'9';
// the additions carry into no neighbouring byte).
bool HasDigit(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kLow7 = 0x7F7F7F7F7F7F7F7FULL, kHigh = 0x8080808080808080ULL;
  const char* p = s.data();
  size_t n = s.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, p + i, 8);
    uint64_t low = x & kLow7;
    uint64_t at_least_0 = low + kOnes * (0x80 - '0');      // high bit: low >= '0'
    uint64_t past_9 = low + kOnes * (0x80 - ('9' + 1));    // high bit: low > '9'
    if ((at_least_0 & ~past_9 & ~x & kHigh) != 0) return true;
  }
  for (; i < n; ++i)
    if (IsDigit(p[i])) return true;
  return false;
}

// The stretches of a line t[b, e) worth tokenising: kReach bytes either
// side of each relation (at `relations`, in order), merged and cut at
// spaces. Long LaTeX paragraphs with one '=' are then not tokenised whole; a
// side longer than kReach is cut.
void RelationWindows(std::string_view t, size_t b, size_t e, const std::vector<size_t>& relations,
                     std::vector<Range>* windows) {
  constexpr size_t kReach = 320;
  std::vector<Range>& out = *windows;
  out.clear();
  for (size_t i : relations) {
    size_t wb = i > b + kReach ? i - kReach : b;
    size_t we = std::min(e, i + kReach);
    if (!out.empty() && wb <= out.back().end) {
      out.back().end = we;
    } else {
      out.push_back({wb, we});
    }
  }
  for (Range& w : out) {
    if (w.begin > b) {
      size_t sp = t.find(' ', w.begin);
      if (sp != std::string_view::npos && sp < w.end) w.begin = sp + 1;
    }
    if (w.end < e) {
      size_t sp = t.rfind(' ', w.end);
      if (sp != std::string_view::npos && sp > w.begin) w.end = sp;
    }
  }
}

// Where a relation token may start last in t[b, e), plus one: after the last
// '=', '~', ≈ byte or backslash of \approx, \approxeq or \simeq (every
// relation Tokenize makes starts with one of them; any such byte counts,
// whether or not it becomes a relation). Returns `b` when there is none.
// `relations` are where '=', ≈ and \approx start in the line (FindRelations,
// in order); the rest ('~', \simeq) is searched for after the last of them.
size_t RelationTail(std::string_view t, size_t b, size_t e, const std::vector<size_t>& relations) {
  size_t tail = b;
  for (auto it = relations.rbegin(); it != relations.rend(); ++it) {
    if (*it < e) {
      if (*it >= b) tail = *it + 1;
      break;
    }
  }
  const char* base = t.data();
  for (const void* p; tail < e && (p = std::memchr(base + tail, '~', e - tail)) != nullptr;)
    tail = static_cast<size_t>(static_cast<const char*>(p) - base) + 1;
  for (size_t j = tail; j < e;) {
    const void* p = std::memchr(base + j, '\\', e - j);
    if (!p) break;
    j = static_cast<size_t>(static_cast<const char*>(p) - base);
    if (StartsWith(t, j, "\\simeq")) tail = j + 1;
    ++j;
  }
  return tail;
}

// An upper bound of Digits() in reference/expression_tree.cc (decimal
// digits of numerator and denominator together) from the limbs they use.
long DigitsBound(const Exact& x) {
  const auto& r = x.backend().data();
  size_t limbs = r.numerator().backend().size() + r.denominator().backend().size();
  return static_cast<long>(limbs * sizeof(boost::multiprecision::limb_type) * 8) * 30103 / 100000 + 2;
}

// x as a machine integer, when it is an integer below 2^62 in magnitude.
bool SmallInteger(const Exact& x, int64_t* out) {
  const auto& r = x.backend().data();
  const auto& num = r.numerator().backend();
  const auto& den = r.denominator().backend();
  if (den.size() != 1 || den.limbs()[0] != 1 || num.size() != 1) return false;
  boost::multiprecision::limb_type m = num.limbs()[0];
  if (m >= (boost::multiprecision::limb_type(1) << 62)) return false;
  *out = num.sign() ? -static_cast<int64_t>(m) : static_cast<int64_t>(m);
  return true;
}

// The value of a tree of small integers combined by + - * /, ^ in 64 bits.
// Returns false when a number is not such an integer, a quotient has a
// remainder, a result overflows, or a node is anything else (the caller
// then computes with rationals). Whatever it computes is the exact value.
bool IntegerValue(const std::vector<ExprNode>& nodes, int root, int64_t* out) {
  constexpr size_t kMaxNodes = 64;
  if (nodes.size() > kMaxNodes) return false;
  int64_t v[kMaxNodes];
  for (size_t i = 0; i < nodes.size(); ++i) {
    const ExprNode& n = nodes[i];
    int64_t a = n.lhs >= 0 ? v[n.lhs] : 0, b = n.rhs >= 0 ? v[n.rhs] : 0;
    switch (n.kind) {
      case ExprKind::kNumber:
        if (!SmallInteger(n.number, &v[i])) return false;
        break;
      case ExprKind::kNeg:
        if (__builtin_sub_overflow(int64_t{0}, a, &v[i])) return false;
        break;
      case ExprKind::kAdd:
        if (__builtin_add_overflow(a, b, &v[i])) return false;
        break;
      case ExprKind::kSub:
        if (__builtin_sub_overflow(a, b, &v[i])) return false;
        break;
      case ExprKind::kMul:
        if (__builtin_mul_overflow(a, b, &v[i])) return false;
        break;
      case ExprKind::kDiv:
        if (b == 0 || (b == -1 && a == INT64_MIN) || a % b != 0) return false;
        v[i] = a / b;
        break;
      case ExprKind::kPow: {
        if (a == 0 || b < 0 || b > 64) return false;
        int64_t p = 1;
        for (int64_t k = 0; k < b; ++k)
          if (__builtin_mul_overflow(p, a, &p)) return false;
        v[i] = p;
        break;
      }
      default:
        return false;
    }
  }
  *out = v[root];
  return true;
}

// Evaluate(tree).value for a tree without bindings, computed directly for
// the common trees: numbers combined by + - * / and integer powers whose
// results are far below kMaxResultDigits. Anything else (calls, fractional
// powers, numbers near the limit) goes to Evaluate itself, so the value is
// always Evaluate's.
std::optional<Value> SideValue(const ExprTree& tree) {
  if (!tree.ok()) return std::nullopt;
  const std::vector<ExprNode>& nodes = tree.nodes;
  if (nodes.size() == 1 && nodes[0].kind == ExprKind::kNumber) return Value(nodes[0].number);
  for (const ExprNode& n : nodes) {
    // Without bindings a variable fails the evaluation: no value.
    if (n.kind == ExprKind::kVariable) return std::nullopt;
    if (n.kind == ExprKind::kCall) return Evaluate(tree).value;
  }
  if (int64_t x; IntegerValue(nodes, tree.root, &x)) return Value(static_cast<long long>(x));
  // Values per node, kept per thread; the buffer of a long side (whose
  // numbers may have thousands of digits) is given back when it is done.
  thread_local std::vector<Exact> v;
  struct Release {
    ~Release() {
      if (v.size() > 256) std::vector<Exact>().swap(v);
    }
  } release;
  v.resize(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const ExprNode& n = nodes[i];
    const Exact* a = n.lhs >= 0 ? &v[n.lhs] : nullptr;
    const Exact* b = n.rhs >= 0 ? &v[n.rhs] : nullptr;
    bool binary = n.kind == ExprKind::kAdd || n.kind == ExprKind::kSub || n.kind == ExprKind::kMul ||
                  n.kind == ExprKind::kDiv;
    if (binary && DigitsBound(*a) + DigitsBound(*b) > kMaxResultDigits) return Evaluate(tree).value;
    switch (n.kind) {
      case ExprKind::kNumber: v[i] = n.number; break;
      case ExprKind::kNeg: v[i] = -*a; break;
      case ExprKind::kAdd:
        if (IsInteger(*a) && IsInteger(*b)) {
          v[i] = Exact(Int(numerator(*a) + numerator(*b)));
        } else {
          v[i] = *a + *b;
        }
        break;
      case ExprKind::kSub: v[i] = *a - *b; break;
      case ExprKind::kMul:
        if (IsInteger(*a) && IsInteger(*b)) {  // no gcd needed
          v[i] = Exact(Int(numerator(*a) * numerator(*b)));
        } else {
          v[i] = *a * *b;
        }
        break;
      case ExprKind::kDiv:
        if (b->is_zero()) return std::nullopt;  // division by zero
        v[i] = *a / *b;
        break;
      case ExprKind::kPow: {
        if (!IsInteger(*b) || a->is_zero()) return Evaluate(tree).value;
        const Int& e = numerator(*b);
        if (e > 64 || e < -64) return Evaluate(tree).value;
        long k = static_cast<long>(e);
        if (DigitsBound(*a) * std::abs(k) > kMaxResultDigits) return Evaluate(tree).value;
        v[i] = PowInt(*a, k);
        break;
      }
      default: return Evaluate(tree).value;
    }
  }
  return Value(v[tree.root]);
}

}  // namespace

const char* TruthName(Truth t) {
  switch (t) {
    case Truth::kTrue: return "true";
    case Truth::kRounded: return "rounded";
    case Truth::kFalse: return "false";
    default: return "unknown";
  }
}

const EquationSide* Equation::Result() const {
  for (auto it = sides.rbegin(); it != sides.rend(); ++it)
    if (it->value) return &*it;
  return nullptr;
}

namespace {

Truth CompareValues(const EquationSide& a, const Value& av, const EquationSide& b, const Value& bv, bool fast);

// floor(log10(|x|)) for x != 0: from the double when its logarithm is
// clearly not at an integer (the double is within a few ulps of x), else
// exactly (Log10Floor prints numerator and denominator).
long Log10FloorFast(const Exact& x) {
  double d = std::fabs(ApproxDouble(x));
  if (std::isfinite(d) && d > 1e-290) {
    double l = std::log10(d);
    double f = std::floor(l);
    if (l - f > 1e-9 && f + 1 - l > 1e-9) return static_cast<long>(f);
  }
  return Log10Floor(x);
}

}  // namespace

namespace {

// CompareSides; `fast` decides from doubles where they leave no doubt (the
// result is the same: the test compares FindEquations with and without).
Truth CompareSidesImpl(const EquationSide& a, const EquationSide& b, bool fast) {
  if (!a.value || !b.value) return Truth::kUnknown;
  if (a.unit && b.unit && a.unit->dimension != b.unit->dimension) return Truth::kUnknown;
  Truth t = CompareValues(a, *a.value, b, *b.value, fast);
  if (t != Truth::kFalse) return t;
  // The scale word or unit of a literal may apply to the whole statement.
  for (auto [lit, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    if (!lit->literal || !lit->written || other->expr.has_units || other->literal) continue;
    // The literal read without its scale word or unit.
    Truth u = CompareValues(*lit, Value(*lit->written), *other, *other->value, fast);
    if (u != Truth::kFalse) return u;
  }
  return Truth::kFalse;
}

}  // namespace

Truth CompareSides(const EquationSide& a, const EquationSide& b) { return CompareSidesImpl(a, b, true); }

namespace {

// `av` and `bv` are the values compared (a side's own, or its bare literal);
// the sides give literal, sig_figs and approx.
Truth CompareValues(const EquationSide& a, const Value& av, const EquationSide& b, const Value& bv, bool fast) {
  const Exact& x = av.exact();
  const Exact& y = bv.exact();
  // Equal by numerator and denominator (both normalised): the rationals'
  // own == costs thousands of instructions.
  if (x.backend().data().numerator() == y.backend().data().numerator() &&
      x.backend().data().denominator() == y.backend().data().denominator())
    return Truth::kTrue;
  // The values as doubles, each within a few ulps (1e-15 relative) of its
  // value; `gap` is |x - y| within `err` (a thousand times the doubles'
  // error and more). Exact arithmetic (a subtraction and a product of
  // rationals, a thousand instructions each) decides only what the doubles
  // leave open.
  bool doubles = false;
  double gap = 0, err = 0, big = 0;
  if (fast) {
    double dx = ApproxDouble(x), dy = ApproxDouble(y);
    big = std::max(std::fabs(dx), std::fabs(dy));
    doubles = std::isfinite(dx) && std::isfinite(dy) && big > 1e-250 && big < 1e250;
    gap = std::fabs(dx - dy);
    err = 1e-12 * (std::fabs(dx) + std::fabs(dy)) + 1e-280;
  }
  // Relative difference far above 1e-30 (x and y are not both tiny: big
  // is their larger magnitude, within 1e-15).
  bool far_apart = doubles && gap > 1e-9 * big;
  if ((!av.is_exact() || !bv.is_exact()) && !far_apart) {
    static const Exact kRelative(Int(1), Int("1000000000000000000000000000000"));
    Exact diff = abs(Exact(x - y));
    Exact scale = std::max(abs(x), abs(y));
    if (diff <= scale * kRelative) return Truth::kTrue;
  }
  // The literal with the coarser last digit sets the tolerance.
  const EquationSide* lit = nullptr;
  Exact unit;
  for (auto [s, v] : {std::pair{&a, &av}, std::pair{&b, &bv}}) {
    if (!s->literal || v->exact().is_zero()) continue;
    Exact u = PowerOfTen(Log10FloorFast(v->exact()) - s->sig_figs + 1);
    if (!lit || u > unit) {
      lit = s;
      unit = std::move(u);
    }
  }
  if (!lit) return Truth::kFalse;
  if (doubles) {
    // unit is a power of ten: its double is within an ulp.
    double du = ApproxDouble(unit);
    if (std::isfinite(du) && du > 1e-250) {
      double lo = gap - err, hi = gap + err;  // |x - y| is within [lo, hi]
      double ulo = du * (1 - 1e-12), uhi = du * (1 + 1e-12);
      if (2 * hi < ulo) return Truth::kRounded;
      if (2 * lo > uhi) {
        if (!(a.approx || b.approx) || lo > uhi) return Truth::kFalse;
        if (hi < ulo) return Truth::kRounded;
      }
    }
  }
  Exact diff = abs(Exact(x - y));
  if (diff * 2 <= unit) return Truth::kRounded;
  if ((a.approx || b.approx) && diff <= unit) return Truth::kRounded;
  return Truth::kFalse;
}

}  // namespace

namespace {

// The sides already parsed in this response, by their normalised text and
// parse options: a response writes the same side again and again ("d_model",
// "1,024"), and a side's tree and value depend on nothing else (a copy costs
// a tenth of a parse). Open addressing over a fixed table, cleared per
// response by a generation stamp; when it is half full, no more is added.
class SideCache {
 public:
  struct Where {
    uint32_t equation, side;
  };
  SideCache() {
    State& s = Table();
    ++s.generation;
    s.used = 0;
  }
  // Returns the recorded side with text t[b, e) and `math`, or null; *hash
  // is the text's, for Add.
  const Where* Find(std::string_view t, size_t b, size_t e, bool math, uint64_t* hash) const {
    const State& s = Table();
    uint64_t h = *hash = Hash(t, b, e, math);
    for (size_t i = h & kMask;; i = (i + 1) & kMask) {
      const Entry& x = s.entries[i];
      if (x.generation != s.generation) return nullptr;
      if (x.hash == h && x.math == math && x.e - x.b == e - b && Sub(t, x.b, e - b) == Sub(t, b, e - b))
        return &x.where;
    }
  }
  // Records where the side t[b, e) read with `math` is kept (the first
  // record of a text stays).
  void Add(std::string_view t, size_t b, size_t e, bool math, uint64_t h, Where where) {
    State& s = Table();
    if (s.used >= kSize / 2) return;
    for (size_t i = h & kMask;; i = (i + 1) & kMask) {
      Entry& x = s.entries[i];
      if (x.generation != s.generation) {
        x = {h, b, e, s.generation, math, where};
        ++s.used;
        return;
      }
      if (x.hash == h && x.math == math && x.e - x.b == e - b && Sub(t, x.b, e - b) == Sub(t, b, e - b))
        return;
    }
  }

 private:
  static constexpr size_t kSize = 1024, kMask = kSize - 1;
  struct Entry {
    uint64_t hash = 0;
    size_t b = 0, e = 0;
    uint64_t generation = 0;
    bool math = false;
    Where where{};
  };
  struct State {
    std::array<Entry, kSize> entries{};
    uint64_t generation = 0;
    size_t used = 0;
  };
  static State& Table() {
    thread_local State state;
    return state;
  }
  // Eight bytes at a time (a collision costs a comparison, nothing more).
  static uint64_t Hash(std::string_view t, size_t b, size_t e, bool math) {
    uint64_t h = (e - b) * 0x9E3779B97F4A7C15ULL ^ (math ? 0x2545F4914F6CDD1DULL : 0);
    size_t i = b;
    for (; i + 8 <= e; i += 8) {
      uint64_t w;
      std::memcpy(&w, t.data() + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdULL;
      h ^= h >> 32;
    }
    uint64_t w = 0;
    std::memcpy(&w, t.data() + i, e - i);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 29);
  }
};

// FindEquations; `shortcuts` false tokenises every window whole (the
// result is the same: the test compares them).
std::vector<Equation> FindEquationsImpl(const Document& doc, std::optional<Range> scope, bool shortcuts) {
  std::vector<Equation> out;
  const std::string& text = doc.text();
  std::string_view t(text);
  Range r = scope.value_or(Range{0, text.size()});
  // Buffers reused from line to line and chain to chain.
  std::vector<Range> windows;
  std::vector<size_t> relations;
  size_t stream_end = std::min(r.end, text.size());
  RelationStreams streams(t, stream_end);
  // (Kept by the thread: grown once, not value-initialised per response;
  // the buffer a very long window took is given back when done.)
  thread_local std::vector<LineToken> token_buf;
  struct Release {
    ~Release() {
      if (token_buf.size() > 4096) std::vector<LineToken>().swap(token_buf);
    }
  } release;
  std::vector<SideTokens> sides;
  std::vector<bool> approx_rel;
  NumberToken literal;  // reused: ScanNumber and ReadNumber reset it
  SideCache cache;
  int first_relation = 0;  // of the window's tokens
  // Side spans made here rather than by MakeSpan: for a text normalisation
  // left as it was (the lines are then the original's).
  const bool direct_spans = shortcuts && &doc.text() == &doc.original();
  // doc.Quote(span): with `direct_spans` the span's offsets are the text's,
  // and a stretch that starts and ends between characters is quoted as it
  // stands (as Quote does for a text normalisation left as it was).
  auto quote = [&](const Span& span) {
    auto inside_character = [&](size_t o) {
      return o < t.size() && IsUtf8Continuation(static_cast<unsigned char>(t[o]));
    };
    if (direct_spans && span.end > span.begin && span.end <= t.size() && !inside_character(span.begin) &&
        !inside_character(span.end))
      return std::string(Sub(t, span.begin, span.end - span.begin));
    return doc.Quote(span);
  };
  std::vector<uint64_t> side_hashes;  // of the sides of the equation being read
  // Reads the equations of one line of the scope; returns false when no more
  // may be read (kMaxEquations).
  // `line_index` is its index in doc.lines(), when `direct_spans`.
  auto read_line = [&](const Range& line, size_t line_index) {
    size_t line_b = std::max(line.begin, r.begin), line_e = std::min(line.end, r.end);
    if (!FindRelations(line_b, line_e, &streams, &relations)) return true;
    RelationWindows(t, line_b, line_e, relations, &windows);
    for (const Range& window : windows) {
    size_t lb = window.begin, le = window.end;
    std::string_view lv = Sub(t, lb, le - lb);
    // Only a digit starts a number token, and a chain without a number is
    // no equation: a window without digits ("$P = W x$") has none.
    if (!HasDigit(lv)) continue;
    std::span<const LineToken> toks = Tokenize(t, lb, le, shortcuts ? RelationTail(t, lb, le, relations) : le, &token_buf, &literal, &first_relation);
    // Whether the window is LaTeX math: found when a chain is first read.
    bool math = false, math_known = false;
    int n = static_cast<int>(toks.size());
    // (The tokens before the first relation start no chain.)
    int k = shortcuts ? first_relation : 0;
    while (k < n) {
      if (toks[k].role != Role::kRelation) {
        ++k;
        continue;
      }
      // Collect a chain starting at relation k.
      sides.clear();
      approx_rel.clear();
      SideTokens left = LeftSide(toks, k);
      if (shortcuts) TrimFast(toks, &left);
      else Trim(toks, &left);
      sides.push_back(left);
      int rel = k;
      for (;;) {
        approx_rel.push_back(toks[rel].approx_rel);
        SideTokens right = RightSide(toks, rel);
        int next = right.last + 1;
        if (shortcuts) TrimFast(toks, &right);
        else Trim(toks, &right);
        sides.push_back(right);
        if (next < n && toks[next].role == Role::kRelation) {
          rel = next;
          continue;
        }
        k = next;
        break;
      }
      // Drop empty sides at the ends; an empty middle side breaks the chain.
      bool any_number = false;
      bool broken = false;
      size_t filled = 0;  // sides that are not empty
      for (size_t s = 0; s < sides.size(); ++s) {
        bool empty = sides[s].first > sides[s].last;
        if (empty && s != 0 && s + 1 != sides.size()) broken = true;
        any_number = any_number || sides[s].has_number;
        filled += !empty;
      }
      if (broken || !any_number) continue;
      // One side left ("x =" at the end of a line) makes no equation (the
      // check below, after the sides are read): its side is not parsed.
      if (shortcuts && filled < 2) continue;
      // \sum_{h=1}^H: an index, not an equation.
      if (sides[0].first <= sides[0].last) {
        size_t b0 = toks[sides[0].first].begin;
        if (b0 >= lb + 2 && t[b0 - 1] == '{' && (t[b0 - 2] == '_' || t[b0 - 2] == '^')) continue;
      }
      if (!math_known) {
        math = lv.find('\\') != std::string_view::npos || lv.find('$') != std::string_view::npos;
        math_known = true;
      }
      Equation eq;
      eq.sides.reserve(sides.size());  // a side holds a Value: no regrowth moves
      if (side_hashes.size() < sides.size()) side_hashes.resize(sides.size());
      for (size_t s = 0; s < sides.size(); ++s) {
        const SideTokens& st = sides[s];
        if (st.first > st.last) continue;
        EquationSide& side = eq.sides.emplace_back();  // (reserved: never moves)
        size_t b = toks[st.first].begin, e = toks[st.last].end;
        // "~4 GB": the tilde is an approximation marker, not text of the side.
        side.approx = (s > 0 && approx_rel[s - 1]) || (b > lb && (t[b - 1] == '~' || (b > lb + 1 && t[b - 2] == '~')));
        side.range = {b, e};
        if (direct_spans) {
          // The normalised text is the original: offsets are the same, and
          // line i of doc.lines() is line i + 1 of the original.
          side.span.begin = b;
          side.span.end = e;
          side.span.line = side.span.end_line = static_cast<int>(line_index) + 1;
          side.span.col = static_cast<int>(b - line.begin) + 1;
          side.span.end_col = static_cast<int>(e - 1 - line.begin) + 1;
        } else {
          side.span = doc.MakeSpan(side.range);
        }
        side.text = quote(side.span);
        if (const SideCache::Where* w = shortcuts ? cache.Find(t, b, e, math, &side_hashes[eq.sides.size() - 1]) : nullptr) {
          const EquationSide& same = out[w->equation].sides[w->side];
          side.expr = same.expr;
          side.value = same.value;
        } else {
          ParseOptions po;
          po.split_letters = math;
          side.expr = ParseExpression(Sub(t, b, e - b), po);
          if (side.expr.ok()) {
            // A lone number is its value (as SideValue gives it), made in
            // place.
            if (side.expr.nodes.size() == 1 && side.expr.nodes[0].kind == ExprKind::kNumber) {
              side.value.emplace(side.expr.nodes[0].number);
            } else {
              side.value = SideValue(side.expr);
            }
          }
        }
        int numbers = 0, others = 0;
        for (int j = st.first; j <= st.last; ++j) {
          if (toks[j].role == Role::kNumber) ++numbers;
          else if (toks[j].role != Role::kNeutral && !(toks[j].role == Role::kMaterial && t[toks[j].begin] == '-' && j == st.first)) ++others;
        }
        if (numbers == 1 && others == 0) {
          side.literal = true;
          size_t p = b;
          if (t[p] == '-') ++p;
          // The value is needed only under a scale word or unit: scanned
          // first (same extent, ok and sig figs), read when needed.
          if (ScanNumber(t, p, &literal) && literal.ok) {
            side.sig_figs = literal.sig_figs;
            Suffix sfx = ReadSuffix(Sub(t, 0, e), literal.end);
            side.unit = sfx.unit;
            if (sfx.unit || sfx.has_scale) {
              ReadNumber(t, p, &literal);
              side.written = p > b ? Exact(-literal.value) : literal.value;
            }
          }
        }
      }
      if (eq.sides.size() < 2) continue;
      // Truth over consecutive evaluable sides.
      int compared = 0;
      bool any_false = false, any_rounded = false;
      const EquationSide* prev = nullptr;
      for (const EquationSide& s : eq.sides) {
        if (!s.value) continue;
        if (prev) {
          Truth tr = CompareSidesImpl(*prev, s, shortcuts);
          if (tr == Truth::kUnknown) {
            prev = &s;
            continue;
          }
          ++compared;
          any_false = any_false || tr == Truth::kFalse;
          any_rounded = any_rounded || tr == Truth::kRounded;
        }
        prev = &s;
      }
      eq.truth = compared == 0 ? Truth::kUnknown : any_false ? Truth::kFalse : any_rounded ? Truth::kRounded : Truth::kTrue;
      eq.range = {eq.sides.front().range.begin, eq.sides.back().range.end};
      // The chain's span from its end sides' spans: MakeSpan maps each end
      // alone (to the same offsets, lines and columns), unless a side's
      // end was clamped to its begin (an empty original stretch).
      const Span& first = eq.sides.front().span;
      const Span& last = eq.sides.back().span;
      if (last.end > last.begin && last.end > first.begin) {
        eq.span = first;
        eq.span.end = last.end;
        eq.span.end_line = last.end_line;
        eq.span.end_col = last.end_col;
      } else {
        eq.span = doc.MakeSpan(eq.range);
      }
      eq.text = quote(eq.span);
      if (shortcuts) {
        for (size_t s = 0; s < eq.sides.size(); ++s)
          cache.Add(t, eq.sides[s].range.begin, eq.sides[s].range.end, math, side_hashes[s],
                    {static_cast<uint32_t>(out.size()), static_cast<uint32_t>(s)});
      }
      if (out.empty()) out.reserve(16);  // (no moves of the first equations as it grows)
      out.push_back(std::move(eq));
      if (out.size() >= kMaxEquations) break;
    }
    if (out.size() >= kMaxEquations) return false;
    }
    return true;
  };
  if (!shortcuts) {
    for (const Range& line : doc.lines()) {
      if (out.size() >= kMaxEquations) break;
      if (line.end <= r.begin || line.begin >= r.end) continue;
      if (!read_line(line, 0)) break;
    }
    return out;
  }
  // Only the lines that hold a relation's first byte: from each relation to
  // its line (every byte but '\n' is in one; the lines are in order), then
  // on after that line. The lines skipped hold no relation, so read_line
  // would read nothing there.
  const std::vector<Range>& lines = doc.lines();
  size_t li = 0;
  for (size_t from = r.begin; out.size() < kMaxEquations;) {
    size_t p = streams.Next(from);
    if (p >= stream_end) break;
    while (li < lines.size() && lines[li].end <= p) ++li;
    if (li == lines.size()) break;
    if (!read_line(lines[li], li)) break;
    from = lines[li].end;
  }
  return out;
}

}  // namespace

std::vector<Equation> FindEquations(const Document& doc, std::optional<Range> scope) {
  return FindEquationsImpl(doc, scope, true);
}

std::vector<Equation> FindEquationsWithoutShortcuts(const Document& doc, std::optional<Range> scope) {
  return FindEquationsImpl(doc, scope, false);
}

}  // namespace grader
