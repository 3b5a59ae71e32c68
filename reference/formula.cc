#include "reference/formula.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <set>
#include <utility>

namespace grader {
namespace {

// Dimensions that count things: pure numbers in formulas.
bool IsCount(const std::string& dim) {
  static const std::set<std::string> kCounts = {"parameter", "token", "word", "page", "book", "essay", "burger", "GPU"};
  return kCounts.count(dim) > 0;
}

void AddFactors(std::string_view text, const Exact& sign, Dimension* d) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t dash = text.find('-', start);
    std::string name(text.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
    if (!name.empty() && name != "1" && !IsCount(name)) {
      d->powers[name] += sign;
      if (d->powers[name] == 0) d->powers.erase(name);
    }
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
}

Dimension Times(const Dimension& a, const Dimension& b, const Exact& b_power = 1) {
  Dimension r = a;
  for (const auto& [name, p] : b.powers) {
    r.powers[name] += p * b_power;
    if (r.powers[name] == 0) r.powers.erase(name);
  }
  return r;
}

Dimension Power(const Dimension& a, const Exact& e) {
  Dimension r;
  for (const auto& [name, p] : a.powers)
    if (p * e != 0) r.powers[name] = p * e;
  return r;
}

std::string ShowPower(const std::string& name, const Exact& p) {
  if (p == 1) return name;
  std::string e = ExactString(p);
  return name + "^" + (e.find('/') == std::string::npos ? e : "(" + e + ")");
}

class FormulaParser {
 public:
  FormulaParser(std::string_view text, ExprTree* tree) : text_(text), tree_(tree) {}

  bool Run(size_t* error_at) {
    int root = Sum();
    if (error_.empty()) {
      Space();
      if (pos_ < text_.size()) Fail(text_[pos_] == ')' ? "unbalanced ')'" : std::string("expected an operator before '") + text_[pos_] + "'");
    }
    if (!error_.empty()) {
      tree_->nodes.clear();
      tree_->error = error_;
      *error_at = error_pos_;
      return false;
    }
    tree_->root = root;
    tree_->consumed = text_.size();
    return true;
  }

 private:
  void Fail(const std::string& message) {
    if (!error_.empty()) return;
    error_ = message;
    error_pos_ = pos_;
  }
  void Space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool Take(char c) {
    Space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  int Node(ExprKind kind, int lhs, int rhs) {
    ExprNode n;
    n.kind = kind;
    n.lhs = lhs;
    n.rhs = rhs;
    tree_->nodes.push_back(std::move(n));
    return static_cast<int>(tree_->nodes.size()) - 1;
  }
  int Sum() {
    int lhs = Product();
    while (error_.empty()) {
      if (Take('+')) lhs = Node(ExprKind::kAdd, lhs, Product());
      else if (Take('-')) lhs = Node(ExprKind::kSub, lhs, Product());
      else break;
    }
    return lhs;
  }
  int Product() {
    int lhs = Unary();
    while (error_.empty()) {
      if (Take('*')) lhs = Node(ExprKind::kMul, lhs, Unary());
      else if (Take('/')) lhs = Node(ExprKind::kDiv, lhs, Unary());
      else break;
    }
    return lhs;
  }
  int Unary() {
    if (++depth_ > kMaxDepth) {
      Fail("formula nested too deeply (limit " + std::to_string(kMaxDepth) + ")");
      return -1;
    }
    int r = Take('-') ? Node(ExprKind::kNeg, Unary(), -1) : Take('+') ? Unary() : PowerOf();
    --depth_;
    return r;
  }
  int PowerOf() {
    int base = Atom();
    if (error_.empty() && Take('^')) return Node(ExprKind::kPow, base, Unary());
    return base;
  }
  int Atom() {
    Space();
    if (pos_ >= text_.size()) {
      Fail("unexpected end of formula");
      return -1;
    }
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      int inner = Sum();
      if (error_.empty() && !Take(')')) Fail("missing ')'");
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      size_t start = pos_;
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
        size_t save = pos_++;
        if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
        if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
          while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        } else {
          pos_ = save;
        }
      }
      std::string why;
      auto x = ParseExact(text_.substr(start, pos_ - start), &why);
      if (!x) {
        pos_ = start;
        Fail("'" + std::string(text_.substr(start, pos_ - start)) + "' is not a number (" + why + ")");
        return -1;
      }
      if (pos_ < text_.size() && (std::isalpha(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        Fail("expected an operator after the number (write 2*d, not 2d)");
        return -1;
      }
      int n = Node(ExprKind::kNumber, -1, -1);
      tree_->nodes[n].number = *x;
      return n;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      auto word = [&] {
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
      };
      word();
      if (pos_ + 1 < text_.size() && text_[pos_] == '.' &&
          (std::isalpha(static_cast<unsigned char>(text_[pos_ + 1])) || text_[pos_ + 1] == '_')) {
        ++pos_;
        word();
      }
      std::string name(text_.substr(start, pos_ - start));
      size_t end = pos_;
      if (Take('(')) return Call(name, start);
      int n = Node(ExprKind::kVariable, -1, -1);
      tree_->nodes[n].name = name;
      tree_->nodes[n].begin = start;
      tree_->nodes[n].end = end;
      return n;
    }
    Fail(std::string("unexpected '") + c + "'");
    return -1;
  }
  int Call(const std::string& name, size_t at) {
    static const std::set<std::string> kOne = {"sqrt", "ln", "log10", "exp", "floor", "ceil", "round"};
    static const std::set<std::string> kTwo = {"min", "max"};
    if (!kOne.count(name) && !kTwo.count(name)) {
      pos_ = at;
      Fail("unknown function '" + name + "' (sqrt, ln, log10, exp, floor, ceil, round, min, max)");
      return -1;
    }
    int a = Sum();
    int b = -1;
    if (error_.empty() && kTwo.count(name)) {
      if (!Take(',')) {
        Fail(name + " takes two arguments");
        return -1;
      }
      b = Sum();
    }
    if (error_.empty() && !Take(')')) Fail(Take(',') ? name + " takes one argument" : "missing ')'");
    if (!error_.empty()) return -1;
    int n = Node(ExprKind::kCall, a, b);
    tree_->nodes[n].name = name;
    return n;
  }

  std::string_view text_;
  ExprTree* tree_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
  size_t error_pos_ = 0;
};

}  // namespace

std::string Dimension::ToString() const {
  std::string num, den;
  int den_count = 0;
  for (const auto& [name, p] : powers) {
    if (p > 0) num += (num.empty() ? "" : "*") + ShowPower(name, p);
    else {
      den += (den.empty() ? "" : "*") + ShowPower(name, Exact(-p));
      ++den_count;
    }
  }
  if (num.empty() && den.empty()) return "1";
  if (den.empty()) return num;
  return (num.empty() ? "1" : num) + "/" + (den_count > 1 ? "(" + den + ")" : den);
}

Dimension DimensionOf(const Unit& unit) {
  Dimension d;
  std::string_view dim = unit.dimension;
  size_t slash = dim.find('/');
  AddFactors(dim.substr(0, slash), Exact(1), &d);
  if (slash != std::string_view::npos) AddFactors(dim.substr(slash + 1), Exact(-1), &d);
  return d;
}

namespace {

UnitInfo ComputeUnit(const std::string& symbol) {
  UnitInfo info;
  if (symbol.empty() || symbol == "1") return info;
  if (const Unit* u = FindUnit(symbol)) {
    info.scale = u->scale;
    info.dimension = DimensionOf(*u);
    return info;
  }
  info.known = false;
  info.dimension.powers[symbol] = 1;
  return info;
}

}  // namespace

UnitInfo LookUpUnit(const std::string& symbol) {
  // The unit table never changes, and every key reads the same few units
  // many times: each is worked out once (at most kMaxUnits kept).
  constexpr size_t kMaxUnits = 4096;
  static std::mutex mutex;
  static auto* units = new std::map<std::string, UnitInfo, std::less<>>();
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = units->find(symbol);
    if (it != units->end()) return it->second;
  }
  UnitInfo info = ComputeUnit(symbol);
  std::lock_guard<std::mutex> lock(mutex);
  if (units->size() >= kMaxUnits) units->clear();
  units->emplace(symbol, info);
  return info;
}

std::string BaseUnitSymbol(const Dimension& d) {
  if (d.powers.empty()) return "1";
  // The table's units of scale 1 with their dimensions, in table order.
  static const auto* base = [] {
    auto* list = new std::vector<std::pair<std::string, Dimension>>();
    for (const Unit& u : AllUnits())
      if (u.scale == 1) list->emplace_back(u.symbol, DimensionOf(u));
    return list;
  }();
  for (const auto& [symbol, dimension] : *base)
    if (dimension == d) return symbol;
  return d.ToString();
}

ExprTree ParseFormula(std::string_view text, size_t* error_at) {
  ExprTree tree;
  size_t ignored = 0;
  if (text.size() > 10000) {
    tree.error = "formula too long (" + std::to_string(text.size()) + " bytes; limit 10000)";
    if (error_at) *error_at = 0;
    return tree;
  }
  FormulaParser(text, &tree).Run(error_at ? error_at : &ignored);
  return tree;
}

Dimension FormulaDimension(const ExprTree& tree, const std::map<std::string, Dimension>& dimensions,
                           std::string* error) {
  if (!tree.ok()) {
    *error = tree.error.empty() ? "empty formula" : tree.error;
    return {};
  }
  std::vector<Dimension> dim(tree.nodes.size());
  std::vector<std::optional<Exact>> constant(tree.nodes.size());  // nodes without names, folded exactly
  for (size_t i = 0; i < tree.nodes.size(); ++i) {
    const ExprNode& n = tree.nodes[i];
    const Dimension* a = n.lhs >= 0 ? &dim[n.lhs] : nullptr;
    const Dimension* b = n.rhs >= 0 ? &dim[n.rhs] : nullptr;
    const std::optional<Exact>* ca = n.lhs >= 0 ? &constant[n.lhs] : nullptr;
    const std::optional<Exact>* cb = n.rhs >= 0 ? &constant[n.rhs] : nullptr;
    auto fail = [&](const std::string& message) {
      *error = message;
      return Dimension{};
    };
    switch (n.kind) {
      case ExprKind::kNumber: constant[i] = n.number; break;
      case ExprKind::kVariable: {
        auto it = dimensions.find(n.name);
        if (it == dimensions.end()) return fail("unknown name '" + n.name + "'");
        dim[i] = it->second;
        break;
      }
      case ExprKind::kNeg:
        dim[i] = *a;
        if (*ca) constant[i] = Exact(-**ca);
        break;
      case ExprKind::kAdd:
      case ExprKind::kSub:
        if (*a != *b)
          return fail(n.kind == ExprKind::kAdd ? "cannot add " + a->ToString() + " and " + b->ToString()
                                               : "cannot subtract " + b->ToString() + " from " + a->ToString());
        dim[i] = *a;
        if (*ca && *cb) constant[i] = n.kind == ExprKind::kAdd ? Exact(**ca + **cb) : Exact(**ca - **cb);
        break;
      case ExprKind::kMul:
        dim[i] = Times(*a, *b);
        if (*ca && *cb) constant[i] = Exact(**ca * **cb);
        break;
      case ExprKind::kDiv:
        dim[i] = Times(*a, *b, Exact(-1));
        if (*ca && *cb && **cb != 0) constant[i] = Exact(**ca / **cb);
        break;
      case ExprKind::kPow:
        if (!b->powers.empty()) return fail("an exponent must be a pure number, not " + b->ToString());
        if (!a->powers.empty()) {
          if (!*cb) return fail("a power of " + a->ToString() + " needs a constant exponent");
          dim[i] = Power(*a, **cb);
        }
        if (*ca && *cb && IsInteger(**cb) && abs(numerator(**cb)) <= 64 && (**ca != 0 || **cb >= 0))
          constant[i] = PowInt(**ca, static_cast<long>(numerator(**cb)));
        break;
      case ExprKind::kCall:
        if (n.name == "sqrt") {
          dim[i] = Power(*a, Exact(1, 2));
        } else if (n.name == "min" || n.name == "max") {
          if (!b) return fail(n.name + " takes two arguments");
          if (*a != *b) return fail(n.name + " of " + a->ToString() + " and " + b->ToString());
          dim[i] = *a;
        } else if (n.name == "floor" || n.name == "ceil" || n.name == "round") {
          dim[i] = *a;
        } else {
          if (!a->powers.empty()) return fail(n.name + " of " + a->ToString() + " (needs a pure number)");
        }
        break;
    }
  }
  return dim[tree.root];
}

FormulaResult EvaluateFormula(const ExprTree& tree, const std::map<std::string, FormulaBinding>& bindings) {
  FormulaResult r;
  std::map<std::string, Dimension> dims;
  std::map<std::string, Value> values;
  for (const auto& [name, b] : bindings) {
    dims[name] = b.dimension;
    values[name] = b.value;
  }
  r.dimension = FormulaDimension(tree, dims, &r.error);
  if (!r.error.empty()) return r;
  EvalResult e = Evaluate(tree, values);
  if (!e.value) {
    r.error = e.error;
    return r;
  }
  r.value = e.value;
  return r;
}

std::string SubstituteNames(std::string_view text, const ExprTree& tree, const std::map<std::string, std::string>& shown) {
  std::vector<const ExprNode*> names;
  for (const ExprNode& n : tree.nodes)
    if (n.kind == ExprKind::kVariable && n.end > n.begin && n.end <= text.size()) names.push_back(&n);
  std::sort(names.begin(), names.end(), [](const ExprNode* a, const ExprNode* b) { return a->begin < b->begin; });
  std::string out;
  size_t at = 0;
  for (const ExprNode* n : names) {
    auto it = shown.find(n->name);
    if (it == shown.end() || n->begin < at) continue;
    out.append(text.substr(at, n->begin - at));
    out += it->second;
    at = n->end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace grader
