#include "grader/extract/expression.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <set>
#include <type_traits>

#include "grader/extract/number.h"
#include "grader/extract/quantity.h"

namespace grader {
namespace {

constexpr size_t kMaxExpressionBytes = 1 << 20;

// A token is small (no rational, no string): a number's value lives in the
// scratch's `numbers` and a name in its `names` arena (by offset, so that
// the arena may grow).
struct Token {
  enum Kind : unsigned char { kEnd, kNum, kVar, kOp, kOpen, kClose, kFrac, kSqrt, kFunc, kBad } kind = kEnd;
  char op = 0;
  bool unit = false;
  unsigned num = 0;                      // kNum: its value is Scratch::numbers[num].value
  unsigned name_begin = 0, name_size = 0;  // kVar, kFunc: in Scratch::names
  size_t begin = 0, end = 0;
};

// Buffers of one parse, kept per thread so that a parse allocates nothing
// once they have grown. `numbers` only grows: its first `count` entries are
// this parse's numbers (ReadNumber resets an entry it reuses).
struct Scratch {
  std::vector<Token> tokens;
  std::vector<NumberToken> numbers;
  size_t count = 0;
  std::string names;
  // Empties the buffers for the next parse; memory a long expression took
  // is given back.
  void Reset() {
    constexpr size_t kKeep = 1024;
    if (tokens.capacity() > kKeep) std::vector<Token>().swap(tokens);
    if (numbers.size() > kKeep) std::vector<NumberToken>().swap(numbers);
    if (names.capacity() > kKeep) std::string().swap(names);
    tokens.clear();
    names.clear();
    count = 0;
  }
  // Returns the next number's entry.
  NumberToken& NextNumber() {
    if (count == numbers.size()) numbers.emplace_back();
    return numbers[count++];
  }
};

bool IsFunctionName(std::string_view s) {
  return s == "sqrt" || s == "log" || s == "ln" || s == "exp" || s == "log2" || s == "log10";
}

// The LaTeX commands that name a variable.
bool IsSymbolCommand(std::string_view s) {
  static const std::set<std::string_view> kSymbols = {
      "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "kappa", "lambda", "mu",
      "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
      "Lambda", "Sigma", "Phi", "Psi", "Omega", "ell"};
  return kSymbols.count(s) > 0;
}

// What SkipSpace passes over, in the order tried. (A static table: a list
// written in the loop is built on the stack at every call of Next.)
constexpr std::array<std::string_view, 20> kSkipped = {
    "\\,", "\\;", "\\!", "\\:", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\left", "\\right", "\\bigl",
    "\\bigr", "\\Bigl", "\\Bigr", "\\big", "\\Big", "\\biggl", "\\biggr", "\xE2\x80\x89", "\xC2\xA0"};

// The parts of x, when both are below 2^63 (the numerator's sign apart).
bool SmallParts(const Exact& x, uint64_t* num, uint64_t* den, bool* negative) {
  const auto& r = x.backend().data();
  const auto& n = r.numerator().backend();
  const auto& d = r.denominator().backend();
  if (n.size() != 1 || d.size() != 1) return false;
  *num = n.limbs()[0];
  *den = d.limbs()[0];
  *negative = n.sign();
  return *num < (uint64_t{1} << 63) && *den < (uint64_t{1} << 63);
}

// *x *= f, the same value. Boost's rational product reduces by two
// multiprecision gcds (about two thousand instructions); a number with a
// unit or scale word and the unit's scale mostly have parts of one word:
// cross-cancelled by machine gcds, their product's parts are in lowest
// terms, the rational Boost's product normalises to.
void ScaleBy(Exact* x, const Exact& f) {
  uint64_t nx, dx, nf, df;
  bool sx, sf;
  if (SmallParts(*x, &nx, &dx, &sx) && SmallParts(f, &nf, &df, &sf)) {
    if (nf == 1 && df == 1 && !sf) return;  // a factor of 1
    if (nx == 0 || nf == 0) {
      SetLowestTerms(x, 0, 1);
      return;
    }
    uint64_t g1 = std::gcd(nx, df), g2 = std::gcd(nf, dx);
    uint64_t num, den;
    if (!__builtin_mul_overflow(nx / g1, nf / g2, &num) && !__builtin_mul_overflow(dx / g2, df / g1, &den)) {
      SetLowestTerms(x, num, den, sx != sf);
      return;
    }
  }
  *x *= f;
}

// Swaps two rationals part by part: both stay normalised, and Boost's
// rational swap (three moves through a temporary) costs several times more.
void SwapExact(Exact* a, Exact* b) {
  auto& ar = a->backend().data();
  auto& br = b->backend().data();
  using Part = std::remove_cvref_t<decltype(ar.numerator())>;
  // (The parts are members of *a and *b, which are not const.)
  const_cast<Part&>(ar.numerator()).swap(const_cast<Part&>(br.numerator()));
  const_cast<Part&>(ar.denominator()).swap(const_cast<Part&>(br.denominator()));
}

class Lexer {
 public:
  Lexer(std::string_view text, const ParseOptions& options, Scratch* scratch)
      : text_(text), options_(options), s_(scratch) {}

  // Produces all tokens into the scratch; stops after the first kBad.
  void Run(bool* has_units, std::string* error) {
    std::vector<Token>& out = s_->tokens;
    for (;;) {
      Token t = Next(error);
      if (!error->empty()) return;
      if (t.kind == Token::kNum && t.unit) *has_units = true;
      // Split "mk" into m·k in LaTeX math.
      if (t.kind == Token::kVar && options_.split_letters && t.name_size > 1) {
        std::string_view name = std::string_view(s_->names).substr(t.name_begin, t.name_size);
        if (IsAsciiAlpha(name[0]) && std::all_of(name.begin(), name.end(), IsAsciiAlpha)) {
          for (unsigned k = 0; k < t.name_size; ++k) {
            Token one = t;
            one.name_begin = t.name_begin + k;
            one.name_size = 1;
            out.push_back(one);
          }
          continue;
        }
      }
      bool stop = t.kind == Token::kEnd || t.kind == Token::kBad;
      out.push_back(t);
      if (stop) return;
      if (queue_) {  // a superscript's number, after its '^'
        out.push_back(queued_);
        queue_ = false;
      }
    }
  }

 private:
  Token Make(Token::Kind kind, size_t begin, size_t end, char op = 0) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    t.op = op;
    pos_ = end;
    return t;
  }

  // Starts a name in the arena; EndName() closes it into `t`.
  void BeginName() { name_begin_ = s_->names.size(); }
  void EndName(Token* t) {
    t->name_begin = static_cast<unsigned>(name_begin_);
    t->name_size = static_cast<unsigned>(s_->names.size() - name_begin_);
  }

  void SkipSpace() {
    for (;;) {
      if (pos_ >= text_.size()) return;
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '$' || c == '~') {
        ++pos_;
        continue;
      }
      if (c != '\\' && c != '\xE2' && c != '\xC2') return;
      // Every skipped form after a backslash has one of these second bytes.
      if (c == '\\') {
        char d = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
        if (!(d == ',' || d == ';' || d == '!' || d == ':' || d == ' ' || d == 'q' || d == 'd' || d == 'l' ||
              d == 'r' || d == 'b' || d == 'B'))
          return;
      }
      bool skipped = false;
      for (std::string_view s : kSkipped) {
        if (StartsWith(text_, pos_, s) &&
            !(s.size() > 2 && s[0] == '\\' && pos_ + s.size() < text_.size() && IsAsciiAlpha(text_[pos_ + s.size()]))) {
          pos_ += s.size();
          if ((s == "\\left" || s == "\\right") && pos_ < text_.size() && text_[pos_] == '.') ++pos_;
          skipped = true;
          break;
        }
      }
      if (!skipped) return;
    }
  }

  // Appends a subscript after a name to the arena: _x, _{opt},
  // _{\text{model}} (as "_x", "_opt", "_model").
  void Subscript() {
    if (pos_ >= text_.size() || text_[pos_] != '_') return;
    size_t p = pos_ + 1;
    std::string& names = s_->names;
    if (p < text_.size() && text_[p] == '{') {
      size_t close = text_.find('}', p);
      if (close == std::string_view::npos || close - p > 40) return;
      // Allow one nested wrapper: _{\text{model}}.
      std::string_view inner = text_.substr(p + 1, close - p - 1);
      size_t end = close + 1;
      size_t brace = inner.find('{');
      if (brace != std::string_view::npos) {
        if (end < text_.size() && text_[end] == '}') ++end;
        inner = inner.substr(brace + 1);
      }
      names.push_back('_');
      for (char c : inner)
        if (IsAsciiAlpha(c) || IsDigit(c)) names.push_back(c);
      pos_ = end;
      return;
    }
    if (p < text_.size() && (IsAsciiAlpha(text_[p]) || IsDigit(text_[p]))) {
      pos_ = p + 1;
      names.push_back('_');
      names.push_back(text_[p]);
    }
  }

  Token Next(std::string* error) {
    SkipSpace();
    size_t b = pos_;
    if (b >= text_.size()) return Make(Token::kEnd, b, b);
    char c = text_[b];
    if (IsDigit(c) || (c == '.' && b + 1 < text_.size() && IsDigit(text_[b + 1]))) {
      unsigned index = static_cast<unsigned>(s_->count);
      NumberToken& num = s_->NextNumber();
      ReadNumber(text_, b, &num);
      if (!num.ok) {
        *error = num.error;
        return Make(Token::kBad, b, num.end);
      }
      Token t = Make(Token::kNum, b, num.end);
      t.num = index;
      Exact& value = num.value;
      Suffix s = ReadSuffix(text_, num.end);
      bool blocked = s.end < text_.size() && (text_[s.end] == '^' || text_[s.end] == '_' || text_[s.end] == '(');
      if (s.unit && s.unit->symbol == "x") s.unit = nullptr;
      if (!blocked && (s.has_scale || s.unit)) {
        if (s.has_scale) ScaleBy(&value, PowerOfTen(s.scale_exponent));
        if (s.unit) {
          ScaleBy(&value, s.unit->scale);
          t.unit = true;
        }
        t.end = pos_ = s.end;
      }
      return t;
    }
    if (IsAsciiAlpha(c)) {
      size_t e = b;
      while (e < text_.size() && (IsAsciiAlpha(text_[e]) || IsDigit(text_[e]))) ++e;
      std::string_view word = text_.substr(b, e - b);
      pos_ = e;
      BeginName();
      if (IsFunctionName(word)) {
        Token t = Make(Token::kFunc, b, e);
        s_->names.append(word);
        EndName(&t);
        return t;
      }
      // Prose identifiers with underscores: d_model, context_length.
      while (pos_ + 1 < text_.size() && text_[pos_] == '_' && IsAsciiAlpha(text_[pos_ + 1])) {
        size_t f = pos_ + 1;
        while (f < text_.size() && (IsAsciiAlpha(text_[f]) || IsDigit(text_[f]))) ++f;
        pos_ = f;
      }
      s_->names.append(text_.substr(b, pos_ - b));  // the word and its _parts
      Subscript();
      Token t = Make(Token::kVar, b, pos_);
      EndName(&t);
      return t;
    }
    if (c == '\\') {
      size_t e = b + 1;
      while (e < text_.size() && IsAsciiAlpha(text_[e])) ++e;
      std::string_view cmd = text_.substr(b + 1, e - b - 1);
      if (cmd.empty()) {
        if (StartsWith(text_, b, "\\{")) return Make(Token::kOpen, b, b + 2, '{');
        if (StartsWith(text_, b, "\\}")) return Make(Token::kClose, b, b + 2, '}');
        return Make(Token::kBad, b, b + 1);
      }
      if (cmd == "times" || cmd == "cdot" || cmd == "ast") return Make(Token::kOp, b, e, '*');
      if (cmd == "div") return Make(Token::kOp, b, e, '/');
      if (cmd == "frac" || cmd == "dfrac" || cmd == "tfrac") return Make(Token::kFrac, b, e);
      if (cmd == "sqrt") return Make(Token::kSqrt, b, e);
      if (cmd == "log" || cmd == "ln" || cmd == "exp") {
        Token t = Make(Token::kFunc, b, e);
        BeginName();
        s_->names.append(cmd);
        EndName(&t);
        return t;
      }
      if (cmd == "mathbf" || cmd == "mathrm" || cmd == "boldsymbol" || cmd == "mathit" || cmd == "bm" ||
          cmd == "operatorname" || cmd == "mathcal") {
        size_t close = text_.find('}', e);
        if (e < text_.size() && text_[e] == '{' && close != std::string_view::npos && close - e < 40) {
          pos_ = close + 1;
          std::string_view name = text_.substr(e + 1, close - e - 1);
          if (!name.empty() && name[0] == '\\') name.remove_prefix(1);
          BeginName();
          s_->names.append(name);
          Subscript();
          Token t = Make(Token::kVar, b, pos_);
          EndName(&t);
          return t;
        }
      }
      if (IsSymbolCommand(cmd)) {
        pos_ = e;
        BeginName();
        s_->names.push_back('\\');
        s_->names.append(cmd);
        Subscript();
        Token t = Make(Token::kVar, b, pos_);
        EndName(&t);
        return t;
      }
      return Make(Token::kBad, b, e);
    }
    switch (c) {
      case '+': case '-': case '/': case '^':
        return Make(Token::kOp, b, b + 1, c);
      case '*':
        if (StartsWith(text_, b, "**")) return Make(Token::kOp, b, b + 2, '^');
        return Make(Token::kOp, b, b + 1, '*');
      case '(': case '[': case '{':
        return Make(Token::kOpen, b, b + 1, c);
      case ')': case ']': case '}':
        return Make(Token::kClose, b, b + 1, c);
      default:
        break;
    }
    // Every token left starts with a non-ASCII byte.
    if (static_cast<unsigned char>(c) < 0x80) return Make(Token::kBad, b, b + 1);
    if (StartsWith(text_, b, "\xC3\x97") || StartsWith(text_, b, "\xC2\xB7")) return Make(Token::kOp, b, b + 2, '*');
    if (StartsWith(text_, b, "\xE2\x8B\x85") || StartsWith(text_, b, "\xE2\x88\x97")) return Make(Token::kOp, b, b + 3, '*');
    if (StartsWith(text_, b, "\xC3\xB7")) return Make(Token::kOp, b, b + 2, '/');
    if (StartsWith(text_, b, "\xE2\x88\x92")) return Make(Token::kOp, b, b + 3, '-');
    size_t len = 0;
    int sup = SuperscriptDigit(text_, b, &len);
    if (sup != -1) {
      // ⁹ or ⁻³: emit '^' now and the number as the next token.
      size_t p = b;
      bool negative = false;
      long value = 0;
      if (sup == -2 || sup == -3) {
        negative = sup == -2;
        p += len;
      }
      size_t digits = 0;
      while ((sup = SuperscriptDigit(text_, p, &len)) >= 0 && digits < 6) {
        value = value * 10 + sup;
        p += len;
        ++digits;
      }
      if (digits == 0) return Make(Token::kBad, b, b + len);
      // The '^' is empty (at b); the number covers the superscript.
      Token caret = Make(Token::kOp, b, b, '^');
      queued_ = Token();
      queued_.kind = Token::kNum;
      queued_.num = static_cast<unsigned>(s_->count);
      s_->NextNumber().value = Exact(negative ? -value : value);
      queued_.begin = b;
      queued_.end = p;
      pos_ = p;
      queue_ = true;
      return caret;
    }
    // Greek letters and ℓ.
    auto u0 = static_cast<unsigned char>(c);
    if ((u0 == 0xCE || u0 == 0xCF) && b + 1 < text_.size()) {
      pos_ = b + 2;
      BeginName();
      s_->names.append(text_.substr(b, 2));
      Subscript();
      Token t = Make(Token::kVar, b, pos_);
      EndName(&t);
      return t;
    }
    if (StartsWith(text_, b, "\xE2\x84\x93")) {
      Token t = Make(Token::kVar, b, b + 3);
      BeginName();
      s_->names.append("\\ell");
      EndName(&t);
      return t;
    }
    return Make(Token::kBad, b, b + 1);
  }

 private:
  std::string_view text_;
  ParseOptions options_;
  Scratch* s_;
  size_t pos_ = 0;
  size_t name_begin_ = 0;
  Token queued_;
  bool queue_ = false;
};

class Parser {
 public:
  Parser(Scratch* scratch, ExprTree* tree) : s_(scratch), toks_(scratch->tokens), tree_(tree) {}

  int ParseSum() {
    int lhs = ParseProduct();
    while (Ok() && Peek().kind == Token::kOp && (Peek().op == '+' || Peek().op == '-')) {
      char op = Take().op;
      int rhs = ParseProduct();
      lhs = Node(op == '+' ? ExprKind::kAdd : ExprKind::kSub, lhs, rhs);
    }
    return lhs;
  }

  const Token& Peek() const { return toks_[std::min(i_, toks_.size() - 1)]; }
  bool Ok() const { return tree_->error.empty(); }
  void Fail(const std::string& message) {
    if (Ok()) tree_->error = message;
  }

 private:
  // The tokens are not changed while parsing: a reference stays valid.
  const Token& Take() { return toks_[std::min(i_++, toks_.size() - 1)]; }

  int Node(ExprKind kind, int lhs, int rhs) {
    if (!Ok()) return -1;
    ExprNode& n = tree_->nodes.emplace_back();
    n.kind = kind;
    n.lhs = lhs;
    n.rhs = rhs;
    return static_cast<int>(tree_->nodes.size()) - 1;
  }

  std::string_view Name(const Token& t) const {
    return std::string_view(s_->names).substr(t.name_begin, t.name_size);
  }

  bool StartsOperand(const Token& t) const {
    return t.kind == Token::kNum || t.kind == Token::kVar || t.kind == Token::kFrac || t.kind == Token::kSqrt ||
           t.kind == Token::kFunc || (t.kind == Token::kOpen && t.op != '{');
  }

  int ParseProduct() {
    int lhs = ParseUnary();
    while (Ok()) {
      const Token& t = Peek();
      if (t.kind == Token::kOp && (t.op == '*' || t.op == '/')) {
        char op = Take().op;
        int rhs = ParseUnary();
        lhs = Node(op == '*' ? ExprKind::kMul : ExprKind::kDiv, lhs, rhs);
      } else if (StartsOperand(t)) {
        int rhs = ParsePower();
        lhs = Node(ExprKind::kMul, lhs, rhs);
      } else {
        break;
      }
    }
    return lhs;
  }

  int ParseUnary() {
    if (++depth_ > kMaxDepth) {
      Fail("expression nested too deeply (limit " + std::to_string(kMaxDepth) + ")");
      return -1;
    }
    int r;
    const Token& t = Peek();
    if (t.kind == Token::kOp && t.op == '-') {
      Take();
      r = Node(ExprKind::kNeg, ParseUnary(), -1);
    } else if (t.kind == Token::kOp && t.op == '+') {
      Take();
      r = ParseUnary();
    } else {
      r = ParsePower();
    }
    --depth_;
    return r;
  }

  int ParsePower() {
    int base = ParsePrimary();
    if (Ok() && Peek().kind == Token::kOp && Peek().op == '^') {
      Take();
      int exp = ParseUnary();
      return Node(ExprKind::kPow, base, exp);
    }
    return base;
  }

  // A braced group {...} or a single primary (as in \frac12).
  int ParseArgument() {
    if (Peek().kind == Token::kOpen && Peek().op == '{') return ParsePrimary();
    return ParsePrimary();
  }

  int ParsePrimary() {
    if (!Ok()) return -1;
    if (++depth_ > kMaxDepth) {
      Fail("expression nested too deeply (limit " + std::to_string(kMaxDepth) + ")");
      return -1;
    }
    int r = -1;
    const Token& t = Take();
    switch (t.kind) {
      case Token::kNum: {
        r = Node(ExprKind::kNumber, -1, -1);
        // Each number token is taken once (only the last token, kEnd, can
        // be taken again): its value moves into the tree, and the entry is
        // left 0 (as ReadNumber, reusing it, would set it).
        if (r >= 0) SwapExact(&tree_->nodes[r].number, &s_->numbers[t.num].value);
        break;
      }
      case Token::kVar: {
        r = Node(ExprKind::kVariable, -1, -1);
        if (r >= 0) tree_->nodes[r].name.assign(Name(t));
        break;
      }
      case Token::kOpen: {
        r = ParseSum();
        if (Ok()) {
          const Token& close = Peek();
          if (close.kind != Token::kClose) {
            Fail(close.kind == Token::kEnd ? "unbalanced parentheses: missing closing bracket"
                                           : "expected a closing bracket");
          } else {
            Take();
          }
        }
        break;
      }
      case Token::kFrac: {
        int num = ParseArgument();
        int den = ParseArgument();
        r = Node(ExprKind::kDiv, num, den);
        break;
      }
      case Token::kSqrt: {
        int arg = ParseArgument();
        int half = Node(ExprKind::kNumber, -1, -1);
        static const Exact kHalf(1, 2);
        if (half >= 0) tree_->nodes[half].number = kHalf;
        r = Node(ExprKind::kPow, arg, half);
        break;
      }
      case Token::kFunc: {
        int arg = ParsePower();
        r = Node(ExprKind::kCall, arg, -1);
        if (r >= 0) tree_->nodes[r].name.assign(Name(t));
        break;
      }
      case Token::kEnd:
        Fail("expected an operand at the end");
        break;
      default:
        Fail("unexpected '" + std::string(1, t.kind == Token::kOp ? t.op : '?') + "'");
        break;
    }
    --depth_;
    return r;
  }

  Scratch* s_;
  const std::vector<Token>& toks_;
  size_t i_ = 0;
  ExprTree* tree_;
  int depth_ = 0;
};

}  // namespace

ExprTree ParseExpression(std::string_view text, const ParseOptions& options) {
  ExprTree tree;
  if (text.size() > kMaxExpressionBytes) {
    tree.error = "expression too long (" + std::to_string(text.size()) + " bytes; limit " +
                 std::to_string(kMaxExpressionBytes) + ")";
    return tree;
  }
  // ParseExpression does not call itself: one scratch per thread serves.
  thread_local Scratch scratch;
  scratch.Reset();
  std::vector<Token>& tokens = scratch.tokens;
  std::string error;
  Lexer lexer(text, options, &scratch);
  lexer.Run(&tree.has_units, &error);
  if (!error.empty()) {
    tree.error = error;
    return tree;
  }
  if (tokens.empty() || tokens.back().kind == Token::kBad) {
    if (!options.allow_trailing) {
      tree.error = "unexpected '" + std::string(text.substr(tokens.back().begin, tokens.back().end - tokens.back().begin)) + "'";
      return tree;
    }
    Token end;
    end.kind = Token::kEnd;
    end.begin = end.end = tokens.back().begin;
    tokens.back() = end;
  }
  size_t stop = tokens.back().begin;
  // One number or one name (most sides of equations): its node alone, as
  // the parser would make it (a kNumber taking the number's value, or a
  // kVariable), without the walk down the grammar.
  if (tokens.size() == 2 && tokens[1].kind == Token::kEnd &&
      (tokens[0].kind == Token::kNum || tokens[0].kind == Token::kVar)) {
    const Token& only = tokens[0];
    ExprNode& n = tree.nodes.emplace_back();
    if (only.kind == Token::kNum) {
      n.kind = ExprKind::kNumber;
      SwapExact(&n.number, &scratch.numbers[only.num].value);
    } else {
      n.kind = ExprKind::kVariable;
      n.name.assign(std::string_view(scratch.names).substr(only.name_begin, only.name_size));
    }
    tree.root = 0;
    tree.consumed = stop;
    return tree;
  }
  // At most two nodes per token (\sqrt adds its 1/2 and a power): no regrowth.
  tree.nodes.reserve(2 * tokens.size() + 2);
  Parser parser(&scratch, &tree);
  int root = parser.ParseSum();
  if (parser.Ok() && parser.Peek().kind != Token::kEnd) {
    if (options.allow_trailing) {
      stop = parser.Peek().begin;
    } else {
      parser.Fail(parser.Peek().kind == Token::kClose ? "unbalanced parentheses: unexpected closing bracket"
                                                      : "unexpected token");
    }
  }
  if (!parser.Ok()) {
    tree.nodes.clear();
    return tree;
  }
  tree.root = root;
  tree.consumed = stop;
  return tree;
}

}  // namespace grader
