#include "reference/expression_tree.h"

#include <algorithm>
#include <bit>
#include <set>

namespace grader {
namespace {

void Print(const ExprTree& tree, int i, std::string* out) {
  const ExprNode& n = tree.nodes[i];
  switch (n.kind) {
    case ExprKind::kNumber: {
      // p/q is a quotient to the parser: bracketed, so that 2^(1/3) does
      // not print as 2^1/3.
      std::string literal = NumberLiteral(n.number);
      *out += literal.find('/') == std::string::npos ? literal : "(" + literal + ")";
      return;
    }
    case ExprKind::kVariable: *out += n.name; return;
    case ExprKind::kNeg: *out += "-"; Print(tree, n.lhs, out); return;
    case ExprKind::kCall:
      *out += n.name + "(";
      Print(tree, n.lhs, out);
      if (n.rhs >= 0) {
        *out += ", ";
        Print(tree, n.rhs, out);
      }
      *out += ")";
      return;
    default: break;
  }
  const char* op = n.kind == ExprKind::kAdd ? " + " : n.kind == ExprKind::kSub ? " - " : n.kind == ExprKind::kMul ? " * "
                   : n.kind == ExprKind::kDiv ? " / " : "^";
  // 10^N written out reads back as one number, which the reader refuses for
  // |N| > kMaxExponent ("8186585600 10^.2 GB" has the exponent 2e8) and
  // reads otherwise when N prints in exponent form (10^1401234567890e-10):
  // an exponent of 10 that is not an integer within the reader's limit is
  // bracketed, so it reads back as a power.
  const ExprNode* base = &tree.nodes[n.lhs];
  const ExprNode* exponent = &tree.nodes[n.rhs];
  bool bracket = n.kind == ExprKind::kPow && base->kind == ExprKind::kNumber && base->number == 10 &&
                 exponent->kind == ExprKind::kNumber &&
                 !(IsInteger(exponent->number) && abs(exponent->number) <= kMaxExponent);
  *out += "(";
  Print(tree, n.lhs, out);
  *out += op;
  if (bracket) *out += "(";
  Print(tree, n.rhs, out);
  if (bracket) *out += ")";
  *out += ")";
}

// msb(|a|) (0 for a == 0), read from the limbs in place: no copy of a.
unsigned MagnitudeMsb(const Int& a) {
  const auto& b = a.backend();
  const auto* limbs = b.limbs();
  unsigned n = b.size();
  while (n > 1 && limbs[n - 1] == 0) --n;  // normalised already; for safety
  const auto top = limbs[n - 1];
  if (top == 0) return 0;
  constexpr unsigned kLimbBits = sizeof(top) * 8;
  return (n - 1) * kLimbBits + static_cast<unsigned>(std::bit_width(top)) - 1;
}

long Digits(const Exact& x) {
  const auto& q = x.backend().data();
  return static_cast<long>(MagnitudeMsb(q.numerator()) + MagnitudeMsb(q.denominator())) * 30103 / 100000 + 2;
}

// True when a sum, difference, product or quotient of a and b may exceed
// kMaxResultDigits (numerator and denominator together grow by about the
// digits of both). Without this, a line such as 9^4999 * 9^4999 * ... builds
// a number of millions of digits, and printing it takes hours.
bool TooLarge(const Exact& a, const Exact& b) { return Digits(a) + Digits(b) > kMaxResultDigits; }

// floor, ceil or round (half away from zero) of x, exactly.
Exact RoundToInteger(const Exact& x, const std::string& how) {
  Int num = numerator(x), den = denominator(x);  // den > 0
  Int q = num / den, r = num % den;               // truncates toward zero
  if (r == 0) return Exact(q);
  if (how == "floor") return Exact(num < 0 ? q - 1 : q);
  if (how == "ceil") return Exact(num < 0 ? q : q + 1);
  Int twice = (r < 0 ? Int(-r) : r) * 2;
  if (twice >= den) return Exact(num < 0 ? q - 1 : q + 1);
  return Exact(q);
}

const std::string kTooLarge = "number too large (more than " + std::to_string(kMaxResultDigits) + " digits)";

}  // namespace

// Exponent form keeps "61e999" from printing as 61 and 999 zeros, more
// digits than a number may have.
std::string NumberLiteral(const Exact& x) {
  std::string s = ExactString(x);
  if (s.size() <= 24 || s.find('/') != std::string::npos) return s;
  std::string sign = s[0] == '-' ? "-" : "";
  std::string body = s.substr(sign.size());
  size_t point = body.find('.');
  std::string digits = point == std::string::npos ? body : body.substr(0, point) + body.substr(point + 1);
  long exponent = point == std::string::npos ? 0 : -static_cast<long>(body.size() - point - 1);
  size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) return s;
  digits.erase(0, lead);
  size_t trail = digits.find_last_not_of('0');
  exponent += static_cast<long>(digits.size() - trail - 1);
  digits.erase(trail + 1);
  std::string sci = sign + digits + (exponent ? "e" + std::to_string(exponent) : "");
  return sci.size() < s.size() ? sci : s;
}


std::string ExprTree::ToString() const {
  if (!ok()) return "";
  std::string out;
  Print(*this, root, &out);
  return out;
}

std::vector<std::string> ExprTree::Variables() const {
  std::set<std::string> names;
  for (const ExprNode& n : nodes)
    if (n.kind == ExprKind::kVariable) names.insert(n.name);
  return {names.begin(), names.end()};
}

EvalResult Evaluate(const ExprTree& tree, const std::map<std::string, Value>& bindings) {
  EvalResult result;
  if (!tree.ok()) {
    result.error = tree.error.empty() ? "empty expression" : tree.error;
    return result;
  }
  // Children always precede their parent in `nodes`, so one forward pass
  // evaluates the tree without recursion.
  std::vector<Value> v(tree.nodes.size());
  for (size_t i = 0; i < tree.nodes.size(); ++i) {
    const ExprNode& n = tree.nodes[i];
    auto fail = [&](std::string message) {
      result.error = std::move(message);
      return result;
    };
    const Value* a = n.lhs >= 0 ? &v[n.lhs] : nullptr;
    const Value* b = n.rhs >= 0 ? &v[n.rhs] : nullptr;
    bool exact = (!a || a->is_exact()) && (!b || b->is_exact());
    bool arithmetic = n.kind == ExprKind::kAdd || n.kind == ExprKind::kSub || n.kind == ExprKind::kMul ||
                      n.kind == ExprKind::kDiv;
    if (arithmetic && exact && TooLarge(a->exact(), b->exact())) return fail(kTooLarge);
    switch (n.kind) {
      case ExprKind::kNumber: v[i] = Value(n.number); break;
      case ExprKind::kVariable: {
        auto it = bindings.find(n.name);
        if (it == bindings.end()) return fail("unknown variable '" + n.name + "'");
        v[i] = it->second;
        break;
      }
      case ExprKind::kNeg: v[i] = a->is_exact() ? Value(Exact(-a->exact())) : Value::Approx(-a->real()); break;
      case ExprKind::kAdd:
        if (exact && IsInteger(a->exact()) && IsInteger(b->exact())) {
          v[i] = Value(Exact(Int(numerator(a->exact()) + numerator(b->exact()))));
        } else {
          v[i] = exact ? Value(Exact(a->exact() + b->exact())) : Value::Approx(a->real() + b->real());
        }
        break;
      case ExprKind::kSub: v[i] = exact ? Value(Exact(a->exact() - b->exact())) : Value::Approx(a->real() - b->real()); break;
      case ExprKind::kMul:
        if (exact && IsInteger(a->exact()) && IsInteger(b->exact())) {  // no gcd needed
          v[i] = Value(Exact(Int(numerator(a->exact()) * numerator(b->exact()))));
        } else {
          v[i] = exact ? Value(Exact(a->exact() * b->exact())) : Value::Approx(a->real() * b->real());
        }
        break;
      case ExprKind::kDiv:
        if (numerator(b->exact()) == 0) return fail("division by zero");
        v[i] = exact ? Value(Exact(a->exact() / b->exact())) : Value::Approx(a->real() / b->real());
        break;
      case ExprKind::kPow: {
        if (b->is_exact() && IsInteger(b->exact())) {
          const Int& nn = numerator(b->exact());
          if (numerator(a->exact()) == 0) {
            if (nn < 0) return fail("division by zero");
            v[i] = Value(Exact(nn == 0 ? 1 : 0));
            break;
          }
          Int mag = nn < 0 ? Int(-nn) : nn;
          // Normalised: +-1 has denominator 1 and numerator +-1.
          bool unit_base = denominator(a->exact()) == 1 && (numerator(a->exact()) == 1 || numerator(a->exact()) == -1);
          if (!unit_base && (mag > 100000000 || Digits(a->exact()) * static_cast<long>(mag) > kMaxResultDigits))
            return fail("power too large (more than " + std::to_string(kMaxResultDigits) + " digits)");
          long k = unit_base ? static_cast<long>(mag % 2) : static_cast<long>(mag);
          if (a->is_exact()) {
            v[i] = Value(PowInt(a->exact(), nn < 0 ? -k : k));
          } else {
            v[i] = Value::Approx(boost::multiprecision::pow(a->real(), static_cast<int>(nn < 0 ? -k : k)));
          }
          break;
        }
        Real base = a->real();
        if (base < 0) return fail("fractional power of a negative number");
        if (base == 0) {
          v[i] = Value(Exact(0));
          break;
        }
        Real e = b->real();
        if (boost::multiprecision::abs(e * boost::multiprecision::log10(base)) > 1000)
          return fail("power too large (more than 1000 digits)");
        v[i] = Value::Approx(boost::multiprecision::pow(base, e));
        break;
      }
      case ExprKind::kCall: {
        if (n.name == "min" || n.name == "max") {
          if (!b) return fail(n.name + " needs two arguments");
          bool less = exact ? a->exact() < b->exact() : a->real() < b->real();
          v[i] = (n.name == "min") == less ? *a : *b;
          break;
        }
        if (n.name == "floor" || n.name == "ceil" || n.name == "round") {
          v[i] = a->is_exact() ? Value(RoundToInteger(a->exact(), n.name)) : Value::Approx(ToReal(RoundToInteger(a->exact(), n.name)));
          break;
        }
        Real x = a->real();
        if (n.name == "sqrt") {
          if (x < 0) return fail("square root of a negative number");
          v[i] = Value::Approx(boost::multiprecision::sqrt(x));
        } else if (n.name == "exp") {
          if (x > 2000) return fail("exp argument too large");
          v[i] = Value::Approx(boost::multiprecision::exp(x));
        } else {
          if (x <= 0) return fail("logarithm of a non-positive number");
          Real l = boost::multiprecision::log(x);
          if (n.name == "log2") l /= boost::multiprecision::log(Real(2));
          if (n.name == "log10") l /= boost::multiprecision::log(Real(10));
          v[i] = Value::Approx(l);
        }
        break;
      }
    }
  }
  result.value = v[tree.root];
  return result;
}

std::optional<Monomial> AsMonomial(const ExprTree& tree) {
  if (!tree.ok()) return std::nullopt;
  std::vector<std::optional<Monomial>> m(tree.nodes.size());
  for (size_t i = 0; i < tree.nodes.size(); ++i) {
    const ExprNode& n = tree.nodes[i];
    const std::optional<Monomial>* a = n.lhs >= 0 ? &m[n.lhs] : nullptr;
    const std::optional<Monomial>* b = n.rhs >= 0 ? &m[n.rhs] : nullptr;
    switch (n.kind) {
      case ExprKind::kNumber: m[i] = Monomial{n.number, {}}; break;
      case ExprKind::kVariable: m[i] = Monomial{Exact(1), {{n.name, Exact(1)}}}; break;
      case ExprKind::kNeg:
        if (*a) m[i] = Monomial{Exact(-(*a)->coefficient), (*a)->powers};
        break;
      case ExprKind::kMul:
      case ExprKind::kDiv: {
        if (!*a || !*b || TooLarge((*a)->coefficient, (*b)->coefficient)) break;
        bool div = n.kind == ExprKind::kDiv;
        if (div && (*b)->coefficient == 0) break;
        Monomial r = **a;
        r.coefficient = div ? Exact(r.coefficient / (*b)->coefficient) : Exact(r.coefficient * (*b)->coefficient);
        for (const auto& [name, e] : (*b)->powers) {
          r.powers[name] += div ? Exact(-e) : e;
          if (r.powers[name] == 0) r.powers.erase(name);
        }
        m[i] = r;
        break;
      }
      case ExprKind::kPow: {
        if (!*a || !*b || !(*b)->powers.empty()) break;
        const Exact& e = (*b)->coefficient;
        Monomial r = **a;
        if (r.coefficient != 1) {
          if (r.coefficient == 0 && e < 0) break;  // 0^-n: no value
          if (!IsInteger(e) || abs(numerator(e)) > 64 ||
              Digits(r.coefficient) * static_cast<long>(abs(numerator(e))) > kMaxResultDigits)
            break;
          r.coefficient = PowInt(r.coefficient, static_cast<long>(numerator(e)));
        }
        for (auto& [name, p] : r.powers) p *= e;
        std::erase_if(r.powers, [](const auto& power) { return power.second == 0; });  // x^0, as products do
        m[i] = r;
        break;
      }
      default: break;
    }
  }
  return m[tree.root];
}

}  // namespace grader
