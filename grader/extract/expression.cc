#include "grader/extract/expression.h"

#include <algorithm>
#include <set>

#include "grader/extract/number.h"
#include "grader/extract/quantity.h"

namespace grader {
namespace {

constexpr size_t kMaxExpressionBytes = 1 << 20;

struct Token {
  enum Kind { kEnd, kNum, kVar, kOp, kOpen, kClose, kFrac, kSqrt, kFunc, kBad } kind = kEnd;
  char op = 0;
  Exact num;
  bool unit = false;
  std::string name;
  size_t begin = 0, end = 0;
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

class Lexer {
 public:
  Lexer(std::string_view text, const ParseOptions& options) : text_(text), options_(options) {}

  // Produces all tokens; stops after the first kBad.
  std::vector<Token> Run(bool* has_units, std::string* error) {
    std::vector<Token> out;
    // Tokens are large (an Exact and a name): reserve for a short side (a
    // few tokens) at once instead of regrowing (and moving them) each time.
    out.reserve(8);
    for (;;) {
      Token t = Next(error);
      if (!error->empty()) return out;
      if (t.kind == Token::kNum && t.unit) *has_units = true;
      // Split "mk" into m·k in LaTeX math.
      if (t.kind == Token::kVar && options_.split_letters && t.name.size() > 1 && IsAsciiAlpha(t.name[0]) &&
          t.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos) {
        for (size_t k = 0; k < t.name.size(); ++k) {
          Token one = t;
          one.name = t.name.substr(k, 1);
          out.push_back(one);
        }
        continue;
      }
      bool stop = t.kind == Token::kEnd || t.kind == Token::kBad;
      out.push_back(std::move(t));
      if (stop) return out;
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

  void SkipSpace() {
    for (;;) {
      if (pos_ >= text_.size()) return;
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '$' || c == '~') {
        ++pos_;
        continue;
      }
      if (c != '\\' && c != '\xE2' && c != '\xC2') return;
      bool skipped = false;
      for (std::string_view s : {"\\,", "\\;", "\\!", "\\:", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\left",
                                 "\\right", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\big", "\\Big", "\\biggl",
                                 "\\biggr", "\xE2\x80\x89", "\xC2\xA0"}) {
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

  // Reads a subscript after a name: _x, _{opt}, _{\text{model}}.
  std::string Subscript() {
    if (pos_ >= text_.size() || text_[pos_] != '_') return "";
    size_t p = pos_ + 1;
    if (p < text_.size() && text_[p] == '{') {
      size_t close = text_.find('}', p);
      if (close == std::string_view::npos || close - p > 40) return "";
      // Allow one nested wrapper: _{\text{model}}.
      std::string inner(text_.substr(p + 1, close - p - 1));
      size_t end = close + 1;
      if (inner.find('{') != std::string::npos) {
        if (end < text_.size() && text_[end] == '}') ++end;
        inner = inner.substr(inner.find('{') + 1);
      }
      std::string clean;
      for (char c : inner)
        if (IsAsciiAlpha(c) || IsDigit(c)) clean.push_back(c);
      pos_ = end;
      return "_" + clean;
    }
    if (p < text_.size() && (IsAsciiAlpha(text_[p]) || IsDigit(text_[p]))) {
      pos_ = p + 1;
      return "_" + std::string(1, text_[p]);
    }
    return "";
  }

  Token Next(std::string* error) {
    SkipSpace();
    size_t b = pos_;
    if (b >= text_.size()) return Make(Token::kEnd, b, b);
    char c = text_[b];
    if (IsDigit(c) || (c == '.' && b + 1 < text_.size() && IsDigit(text_[b + 1]))) {
      NumberToken num;
      ReadNumber(text_, b, &num);
      if (!num.ok) {
        *error = num.error;
        return Make(Token::kBad, b, num.end);
      }
      Token t = Make(Token::kNum, b, num.end);
      t.num = std::move(num.value);
      Suffix s = ReadSuffix(text_, num.end);
      bool blocked = s.end < text_.size() && (text_[s.end] == '^' || text_[s.end] == '_' || text_[s.end] == '(');
      if (s.unit && s.unit->symbol == "x") s.unit = nullptr;
      if (!blocked && (s.has_scale || s.unit)) {
        if (s.has_scale) t.num *= PowerOfTen(s.scale_exponent);
        if (s.unit) {
          t.num *= s.unit->scale;
          t.unit = true;
        }
        t.end = pos_ = s.end;
      }
      return t;
    }
    if (IsAsciiAlpha(c)) {
      size_t e = b;
      while (e < text_.size() && (IsAsciiAlpha(text_[e]) || IsDigit(text_[e]))) ++e;
      std::string name(text_.substr(b, e - b));
      pos_ = e;
      if (IsFunctionName(name)) {
        Token t = Make(Token::kFunc, b, e);
        t.name = name;
        return t;
      }
      // Prose identifiers with underscores: d_model, context_length.
      while (pos_ + 1 < text_.size() && text_[pos_] == '_' && IsAsciiAlpha(text_[pos_ + 1])) {
        size_t f = pos_ + 1;
        while (f < text_.size() && (IsAsciiAlpha(text_[f]) || IsDigit(text_[f]))) ++f;
        name += std::string(text_.substr(pos_, f - pos_));
        pos_ = f;
      }
      name += Subscript();
      Token t = Make(Token::kVar, b, pos_);
      t.name = name;
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
        t.name = std::string(cmd);
        return t;
      }
      if (cmd == "mathbf" || cmd == "mathrm" || cmd == "boldsymbol" || cmd == "mathit" || cmd == "bm" ||
          cmd == "operatorname" || cmd == "mathcal") {
        size_t close = text_.find('}', e);
        if (e < text_.size() && text_[e] == '{' && close != std::string_view::npos && close - e < 40) {
          pos_ = close + 1;
          std::string name(text_.substr(e + 1, close - e - 1));
          if (name.empty() || name[0] == '\\') name = name.empty() ? name : name.substr(1);
          name += Subscript();
          Token t = Make(Token::kVar, b, pos_);
          t.name = name;
          return t;
        }
      }
      if (IsSymbolCommand(cmd)) {
        pos_ = e;
        std::string name = "\\" + std::string(cmd) + Subscript();
        Token t = Make(Token::kVar, b, pos_);
        t.name = name;
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
      Token t = Make(Token::kOp, b, b, '^');
      pending_sup_ = negative ? -value : value;
      pending_end_ = p;
      has_pending_ = true;
      pos_ = b;
      t.end = b;
      return Sup(t);
    }
    // Greek letters and ℓ.
    auto u0 = static_cast<unsigned char>(c);
    if ((u0 == 0xCE || u0 == 0xCF) && b + 1 < text_.size()) {
      pos_ = b + 2;
      std::string name(text_.substr(b, 2));
      name += Subscript();
      Token t = Make(Token::kVar, b, pos_);
      t.name = name;
      return t;
    }
    if (StartsWith(text_, b, "\xE2\x84\x93")) {
      Token t = Make(Token::kVar, b, b + 3);
      t.name = "\\ell";
      return t;
    }
    return Make(Token::kBad, b, b + 1);
  }

  // Superscripts come out as two tokens; this returns the '^' and queues
  // the number.
  Token Sup(Token caret) {
    queued_.kind = Token::kNum;
    queued_.num = Exact(pending_sup_);
    queued_.begin = caret.begin;
    queued_.end = pending_end_;
    has_pending_ = false;
    pos_ = pending_end_;
    queue_ = true;
    return caret;
  }

 private:
  std::string_view text_;
  ParseOptions options_;
  size_t pos_ = 0;
  long pending_sup_ = 0;
  size_t pending_end_ = 0;
  bool has_pending_ = false;
  Token queued_;
  bool queue_ = false;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, ExprTree* tree) : toks_(std::move(tokens)), tree_(tree) {}

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
    ExprNode n;
    n.kind = kind;
    n.lhs = lhs;
    n.rhs = rhs;
    tree_->nodes.push_back(std::move(n));
    return static_cast<int>(tree_->nodes.size()) - 1;
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
        if (r >= 0) tree_->nodes[r].number = t.num;
        break;
      }
      case Token::kVar: {
        r = Node(ExprKind::kVariable, -1, -1);
        if (r >= 0) tree_->nodes[r].name = t.name;
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
        if (half >= 0) tree_->nodes[half].number = Exact(1, 2);
        r = Node(ExprKind::kPow, arg, half);
        break;
      }
      case Token::kFunc: {
        int arg = ParsePower();
        r = Node(ExprKind::kCall, arg, -1);
        if (r >= 0) tree_->nodes[r].name = t.name;
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

  std::vector<Token> toks_;
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
  std::string error;
  Lexer lexer(text, options);
  std::vector<Token> tokens = lexer.Run(&tree.has_units, &error);
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
  // At most two nodes per token (\sqrt adds its 1/2 and a power): no regrowth.
  tree.nodes.reserve(2 * tokens.size() + 2);
  Parser parser(std::move(tokens), &tree);
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
