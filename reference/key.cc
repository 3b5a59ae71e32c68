#include "reference/key.h"

#include <algorithm>
#include <cctype>

#include "grader/base/error.h"
#include "grader/base/suggest.h"
#include "reference/formula.h"

namespace grader {
namespace {

std::string Substitute(const std::string& formula, const ParamValues& values) {
  std::string out;
  for (size_t i = 0; i < formula.size(); ++i) {
    if (formula[i] == '{') {
      size_t close = formula.find('}', i);
      if (close != std::string::npos) {
        auto it = values.find(formula.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out.push_back(formula[i]);
  }
  return out;
}

SolverResult SolveAt(const Problem& problem, const Computation& computation, const ParamValues& values,
                     const std::map<std::string, std::string>& set, int depth);

const Computation* FindComputationIn(const Problem& p, const std::string& id) {
  for (const Computation& c : p.computations)
    if (c.id == id) return &c;
  return nullptr;
}

// The value of a name in a formula, in base units, with its dimension: a
// parameter, a formula computation, or a solver's output ("xl.total_params").
FormulaBinding Bind(const std::string& name, const ParamValues& values, const Problem& problem, int depth) {
  if (const Parameter* p = problem.FindParameter(name)) {
    std::string error;
    auto v = ParseInput(p->spec, values.at(name), &error);
    if (!v) throw Error(error);
    if (p->spec.type == InputType::kChoice || p->spec.type == InputType::kBoolean)
      throw Error("parameter '" + name + "' is a " + InputTypeName(p->spec.type) + ", not a number");
    UnitInfo u = LookUpUnit(p->spec.unit);
    return {Value(Exact(v->number * u.scale)), u.dimension};
  }
  size_t dot = name.find('.');
  const Computation* c = FindComputationIn(problem, name.substr(0, dot));
  if (!c) throw Error("unknown name '" + name + "'");
  SolverResult r = SolveAt(problem, *c, values, {}, depth + 1);
  const Output* o = r.Find(dot == std::string::npos ? kFormulaOutput : name.substr(dot + 1));
  if (!o) {
    std::vector<std::string> ids;
    for (const Output& out : r.outputs()) ids.push_back(out.id);
    std::string list;
    for (const std::string& i : ids) list += (list.empty() ? "" : ", ") + i;
    throw Error("solver '" + c->solver + "' has no output '" + name.substr(dot + 1) + "' (outputs: " + list + ")");
  }
  if (!o->number) throw Error("'" + name + "' is a text output, not a number");
  UnitInfo u = LookUpUnit(o->unit);
  const Value& x = *o->number;
  return {x.is_exact() ? Value(Exact(x.exact() * u.scale)) : Value::Approx(x.real() * ToReal(u.scale)), u.dimension};
}

std::string ShowWithUnit(const Value& v, const std::string& unit) {
  return Show(v) + (unit.empty() || unit == "1" ? "" : " " + unit);
}

// Evaluates a formula or literal computation: one output, "value", in the
// declared unit (or the base unit of its dimension). `set` changes
// parameters for it and everything it uses.
SolverResult SolveFormula(const Problem& problem, const Computation& c, const ParamValues& given,
                          const std::map<std::string, std::string>& set, int depth);

// A computation input is a literal, a parameter name, another
// computation's output ("chinchilla.direct_compute", "kv_bytes"), or a
// formula over those ("4*d_model", "seq_len - prompt_len"), computed in the
// numbers as written (a solver's inputs declare their own units).
std::string ResolveInputValue(const std::string& text, const ParamValues& values, const Problem& problem,
                              int depth) {
  auto it = values.find(text);
  if (it != values.end()) return it->second;
  if (ParseExact(text)) return text;
  size_t error_at = 0;
  ExprTree tree = ParseFormula(text, &error_at);
  if (!tree.ok()) return text;  // a literal such as "swiglu"
  std::vector<std::string> names = tree.Variables();
  bool plain_word = tree.nodes.size() == 1 && tree.nodes[0].kind == ExprKind::kVariable;
  std::map<std::string, Value> bindings;
  for (const std::string& name : names) {
    auto p = values.find(name);
    if (p != values.end()) {
      auto v = ParseExact(p->second);
      if (!v) throw Error("cannot evaluate input '" + text + "': '" + name + "' is not a numeric parameter");
      bindings[name] = *v;
      continue;
    }
    size_t dot = name.find('.');
    const Computation* c = FindComputationIn(problem, name.substr(0, dot));
    if (!c) {
      if (plain_word) return text;  // a literal such as "swiglu"
      throw Error("cannot evaluate input '" + text + "': unknown name '" + name + "'");
    }
    SolverResult r = SolveAt(problem, *c, values, {}, depth + 1);
    const Output* o = r.Find(dot == std::string::npos ? kFormulaOutput : name.substr(dot + 1));
    if (!o || !o->number) throw Error("input '" + text + "' names no numeric output");
    bindings[name] = *o->number;
  }
  EvalResult e = Evaluate(tree, bindings);
  if (!e.value) throw Error("cannot evaluate input '" + text + "': " + e.error);
  return e.value->ToString();
}

SolverResult SolveFormula(const Problem& problem, const Computation& c, const ParamValues& given,
                          const std::map<std::string, std::string>& set, int depth) {
  ParamValues values = given;
  for (const auto& [name, value] : set) values[name] = ResolveInputValue(value, given, problem, depth);
  Output out;
  out.id = kFormulaOutput;
  out.description = c.formula.empty() ? "a literal value" : c.formula;
  if (!c.value.empty()) {
    out.number = Value(*ParseExact(c.value));
    out.unit = c.unit.empty() ? "1" : c.unit;
    out.steps.push_back(c.id + " = " + ShowWithUnit(*out.number, out.unit));
    SolverResult r;
    r.Add(std::move(out));
    return r;
  }
  std::map<std::string, FormulaBinding> bindings;
  std::map<std::string, std::string> shown;
  // The derivation of each formula computation it uses comes first.
  for (const std::string& name : c.tree->Variables()) {
    const Computation* used = name.find('.') == std::string::npos ? FindComputationIn(problem, name) : nullptr;
    if (!used || used->is_solver()) continue;
    SolverResult used_result = SolveAt(problem, *used, values, {}, depth + 1);
    for (const std::string& step : used_result.outputs().front().steps)
      if (std::find(out.steps.begin(), out.steps.end(), step) == out.steps.end()) out.steps.push_back(step);
  }
  for (const std::string& name : c.tree->Variables()) {
    try {
      bindings[name] = Bind(name, values, problem, depth);
    } catch (const Error& e) {
      throw Error(c.where + ": " + e.what());
    }
    if (const Parameter* p = problem.FindParameter(name)) {
      shown[name] = values.at(name) + (p->spec.unit.empty() ? "" : " " + p->spec.unit);
    } else {
      // Another computation's value in base units, grouped.
      std::string base = BaseUnitSymbol(bindings[name].dimension);
      shown[name] = "(" + ShowWithUnit(bindings[name].value, base) + ")";
    }
  }
  FormulaResult f = EvaluateFormula(*c.tree, bindings);
  if (!f.value) throw Error(c.where + ": formula '" + c.formula + "': " + f.error);
  std::string unit = c.unit;
  if (!unit.empty()) {
    UnitInfo u = LookUpUnit(unit);
    if (u.dimension != f.dimension)
      throw Error(c.where + ": formula '" + c.formula + "' gives " + f.dimension.ToString() + ", not " + unit + " (" +
                  u.dimension.ToString() + ")");
    const Value& x = *f.value;
    out.number = x.is_exact() ? Value(Exact(x.exact() / u.scale)) : Value::Approx(x.real() / ToReal(u.scale));
  } else {
    unit = BaseUnitSymbol(f.dimension);
    out.number = f.value;
  }
  out.unit = unit;
  out.formula = c.formula;
  std::string substituted = SubstituteNames(c.formula, *c.tree, shown);
  std::string line = c.id + " = " + c.formula;
  if (substituted != c.formula) line += " = " + substituted;
  line += " = " + ShowWithUnit(*out.number, unit) + (out.number->is_exact() ? "" : " (approximately)");
  out.steps.push_back(line);
  SolverResult r;
  r.Add(std::move(out));
  return r;
}

const Computation& FindComputation(const Problem& p, const std::string& id) {
  for (const Computation& c : p.computations)
    if (c.id == id) return c;
  throw Error("problem '" + p.id + "' has no computation '" + id + "'");
}

// Position of the last significant digit as a power of ten.
long LastDigitExponent(const std::string& written) {
  std::string s = written;
  long exponent = 0;
  size_t e = s.find_first_of("eE");
  if (e != std::string::npos) {
    exponent = std::stol(s.substr(e + 1));
    s = s.substr(0, e);
  }
  size_t point = s.find('.');
  if (point != std::string::npos) return exponent - static_cast<long>(s.size() - point - 1);
  size_t trailing = 0;
  while (trailing + 1 < s.size() && s[s.size() - 1 - trailing] == '0') ++trailing;
  return exponent + static_cast<long>(trailing);
}

}  // namespace

SolverResult SolveComputation(const Problem& problem, const Computation& computation, const ParamValues& values,
                              const std::map<std::string, std::string>& set) {
  return SolveAt(problem, computation, values, set, 0);
}

namespace {

SolverResult SolveAt(const Problem& problem, const Computation& computation, const ParamValues& values,
                     const std::map<std::string, std::string>& set, int depth) {
  if (depth > 32) throw Error("computation '" + computation.id + "' refers to itself");
  if (!computation.is_solver()) return SolveFormula(problem, computation, values, set, depth);
  const Solver* solver = FindSolver(computation.solver);
  if (!solver) throw Error("unknown solver '" + computation.solver + "'");
  std::map<std::string, std::string> inputs = computation.inputs;
  for (const auto& [name, value] : set) inputs[name] = value;
  for (auto& [name, value] : inputs) value = ResolveInputValue(value, values, problem, depth);
  return solver->Solve(BindInputs(*solver, inputs));
}

}  // namespace

const KeyAnswer* AnswerKey::Find(const std::string& answer_id) const {
  for (const KeyAnswer& a : answers)
    if (a.id == answer_id) return &a;
  return nullptr;
}

int SignificantDigits(const std::string& written) {
  std::string s = written;
  size_t e = s.find_first_of("eE");
  if (e != std::string::npos) s = s.substr(0, e);
  std::string digits;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 1;
  digits = digits.substr(first);
  if (s.find('.') == std::string::npos)
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return static_cast<int>(digits.size());
}

bool AgreesToWrittenPrecision(const std::string& written, const Exact& exact) {
  auto official = ParseExact(written);
  if (!official) return false;
  Exact diff = *official - exact;
  if (diff < 0) diff = -diff;
  return diff < Pow10(LastDigitExponent(written));
}

AnswerKey BuildKey(const Problem& problem, const ParamValues& values, std::optional<long> variant) {
  AnswerKey key;
  key.problem_id = problem.id;
  key.title = problem.title;
  key.names = problem.names;
  key.names.insert(key.names.begin(), problem.id);
  key.statement = Substitute(problem.statement, values);
  key.variant = variant;
  for (const Parameter& p : problem.parameters) key.parameters.emplace_back(p.spec.name, values.at(p.spec.name));
  key.parts = problem.parts;
  for (Part& part : key.parts) part.statement = Substitute(part.statement, values);

  std::map<std::string, SolverResult> cache;  // one solve per computation and override set
  // `where` names the answer (or answer/alternative) in errors.
  auto solve = [&](const Source& s, const std::string& where) -> const Output& {
    std::string cache_key = s.computation;
    for (const auto& [k, v] : s.set) cache_key += "|" + k + "=" + v;
    const Computation& computation = FindComputation(problem, s.computation);
    auto it = cache.find(cache_key);
    if (it == cache.end()) it = cache.emplace(cache_key, SolveComputation(problem, computation, values, s.set)).first;
    const Output* o = it->second.Find(s.output);
    if (!o) {
      std::vector<std::string> ids;
      for (const Output& out : it->second.outputs()) ids.push_back(out.id);
      std::string list;
      for (const std::string& i : ids) list += (list.empty() ? "" : ", ") + i;
      std::string hint = ClosestName(s.output, ids);
      throw Error("answer '" + where + "': solver '" + computation.solver + "' has no output '" + s.output + "'" +
                  (hint.empty() ? "" : "; did you mean '" + hint + "'?") + " (outputs: " + list + ")");
    }
    return *o;
  };
  auto alternative = [&](const Alternative& alt, const std::string& answer_id) {
    if (alt.inline_formula) {
      SolverResult r = SolveFormula(problem, *alt.inline_formula, values, {}, 1);
      const Output& o = r.outputs().front();
      return KeyAlternative{alt.id, alt.label, o.number, o.text, alt.feedback, alt.credit, o.steps};
    }
    const Output& o = solve(alt.source, answer_id + "/" + alt.id);
    KeyAlternative k{alt.id, alt.label, o.number, o.text, alt.feedback, alt.credit, o.steps};
    std::string changed;
    for (const auto& [name, value] : alt.source.set) changed += (changed.empty() ? "" : ", ") + name + " = " + value;
    if (!changed.empty()) k.steps.insert(k.steps.begin(), "with " + changed);
    return k;
  };

  for (const AnswerSpec& spec : problem.answers) {
    KeyAnswer a;
    a.id = spec.id;
    a.part = spec.part;
    a.description = spec.description;
    a.text = spec.text;
    a.options = spec.options;
    if (spec.source) {
      const Output& o = solve(*spec.source, spec.id);
      a.number = o.number;
      a.unit = o.unit;
      if (a.text.empty()) a.text = o.text;
      if (a.options.empty()) a.options = o.options;
      a.formula = o.formula;
      a.steps = o.steps;
    }
    if (!spec.value.empty()) {
      a.number = Value(*ParseExact(spec.value));
      a.unit = spec.unit.empty() ? "1" : spec.unit;
      a.steps.push_back(spec.id + " = " + ShowWithUnit(*a.number, a.unit) + " (given)");
    }
    if (!spec.formula.empty()) {
      // {name}: a parameter's value, or a formula computation's.
      ParamValues named = values;
      for (const Computation& c : problem.computations)
        if (!c.is_solver() && spec.formula.find("{" + c.id + "}") != std::string::npos)
          named[c.id] = SolveFormula(problem, c, values, {}, 1).outputs().front().number->ToString();
      a.formula = Substitute(spec.formula, named);
    }
    if (!spec.explanation.empty()) a.steps.push_back(spec.explanation);
    for (const Alternative& alt : spec.conventions) a.conventions.push_back(alternative(alt, spec.id));
    for (const Alternative& alt : spec.mistakes) a.mistakes.push_back(alternative(alt, spec.id));
    // The official value applies to the default parameters only.
    if (spec.official && values == problem.Defaults() && a.number) {
      KeyOfficial off;
      off.written = spec.official->value;
      off.value = *ParseExact(off.written);
      off.source = spec.official->source;
      off.note = spec.official->note;
      off.agrees = AgreesToWrittenPrecision(off.written, a.number->exact());
      if (a.number->exact() != 0) off.relative_error = (off.value - a.number->exact()) / a.number->exact();
      a.official = off;
    }
    key.answers.push_back(std::move(a));
  }
  return key;
}

ParamValues ResolveParams(const Problem& problem, const KeyRequest& request) {
  ParamValues values = request.variant >= 0 ? problem.Variant(request.variant) : problem.Defaults();
  problem.Apply(request.sets, &values);
  return values;
}

AnswerKey BuildKey(const Problem& problem, const KeyRequest& request) {
  return BuildKey(problem, ResolveParams(problem, request),
                  request.variant >= 0 ? std::optional<long>(request.variant) : std::nullopt);
}

}  // namespace grader
