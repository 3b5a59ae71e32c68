#include "reference/key.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "grader/base/error.h"
#include "grader/base/suggest.h"
#include "reference/formula.h"

namespace grader {
namespace {

// `formula` with each {name} of `values` (or of `more`) replaced by its
// value; other braces stay as written.
std::string Substitute(const std::string& formula, const ParamValues& values, const ParamValues* more = nullptr) {
  std::string out;
  out.reserve(formula.size() + 64);
  std::string name;
  size_t at = 0;  // formula[at..] is not written yet
  for (size_t open = formula.find('{'); open != std::string::npos; open = formula.find('{', open + 1)) {
    size_t close = formula.find('}', open);
    if (close == std::string::npos) break;
    name.assign(formula, open + 1, close - open - 1);
    auto it = values.find(name);
    if (it == values.end() && more) {
      it = more->find(name);
      if (it == more->end()) continue;
    } else if (it == values.end()) {
      continue;
    }
    out.append(formula, at, open - at);
    out += it->second;
    at = close + 1;
    open = close;
  }
  out.append(formula, at, std::string::npos);
  return out;
}

const Computation* FindComputationIn(const Problem& p, const std::string& id) {
  for (const Computation& c : p.computations)
    if (c.id == id) return &c;
  return nullptr;
}

// What a formula computation's evaluation needs besides the values, the
// same for every key: its names (ExprTree::Variables) and its dimension,
// which follows from the dimensions of its names alone (the units of
// parameters and outputs), so it is found once for each set of those.
// Kept per thread by tree; an entry holds a weak reference to its tree, so
// a tree freed and another allocated at its address is not taken for it.
struct FormulaInfo {
  std::weak_ptr<const ExprTree> tree;
  // Shared, so that a caller keeps them while evaluating (which may evict
  // the entry).
  std::shared_ptr<const std::vector<std::string>> names;
  bool checked = false;          // `dimension` and `error` are for `dims`
  std::vector<Dimension> dims;   // of `names`, in order
  Dimension dimension;
  std::string error;
  // Evaluate's bindings by name: the names inserted once, the values
  // replaced for each evaluation (no map built per evaluation).
  std::map<std::string, Value> values;
};

FormulaInfo& InfoOf(const std::shared_ptr<const ExprTree>& tree) {
  constexpr size_t kMaxInfos = 4096;
  thread_local std::unordered_map<const ExprTree*, FormulaInfo> infos;
  auto it = infos.find(tree.get());
  if (it != infos.end()) {
    const std::weak_ptr<const ExprTree>& kept = it->second.tree;
    if (!kept.owner_before(tree) && !tree.owner_before(kept) && !kept.expired()) return it->second;
    infos.erase(it);
  }
  if (infos.size() >= kMaxInfos) infos.clear();
  FormulaInfo& info = infos[tree.get()];
  info.tree = tree;
  info.names = std::make_shared<const std::vector<std::string>>(tree->Variables());
  return info;
}

// LookUpUnit(symbol), kept per thread (LookUpUnit copies its answer out of
// a table shared under a lock). The reference holds until the next call.
const UnitInfo& UnitOf(const std::string& symbol) {
  constexpr size_t kMaxUnits = 1024;
  thread_local std::unordered_map<std::string, UnitInfo> units;
  auto it = units.find(symbol);
  if (it != units.end()) return it->second;
  if (units.size() >= kMaxUnits) units.clear();
  return units.emplace(symbol, LookUpUnit(symbol)).first->second;
}

// x == 1 (normalised: numerator and denominator 1).
bool IsOne(const Exact& x) {
  const auto& q = x.backend().data();  // in place: numerator() and denominator() copy
  return q.numerator() == 1 && q.denominator() == 1;
}

// a == b for dimensions. Exponents are normalised rationals, so equal ones
// have equal numerators and denominators: cheaper than Exact's ==, which
// compares by two continued-fraction orderings.
bool SameDimension(const Dimension& a, const Dimension& b) {
  if (a.powers.size() != b.powers.size()) return false;
  for (auto i = a.powers.begin(), j = b.powers.begin(); i != a.powers.end(); ++i, ++j)
    if (i->first != j->first || numerator(i->second) != numerator(j->second) ||
        denominator(i->second) != denominator(j->second))
      return false;
  return true;
}

// EvaluateFormula(tree, bindings) for bindings of info.names, in order, with
// the dimension check done once per set of dimensions.
FormulaResult EvaluateWithInfo(const ExprTree& tree, FormulaInfo& info, const std::vector<FormulaBinding>& bindings) {
  FormulaResult r;
  bool same = info.checked && info.dims.size() == bindings.size();
  for (size_t i = 0; same && i < bindings.size(); ++i) same = SameDimension(info.dims[i], bindings[i].dimension);
  if (!same) {
    std::map<std::string, Dimension> dims;
    info.dims.clear();
    for (size_t i = 0; i < bindings.size(); ++i) {
      dims[(*info.names)[i]] = bindings[i].dimension;
      info.dims.push_back(bindings[i].dimension);
    }
    info.error.clear();
    info.dimension = FormulaDimension(tree, dims, &info.error);
    info.checked = true;
  }
  r.dimension = info.dimension;
  r.error = info.error;
  if (!r.error.empty()) return r;
  // info.names are distinct and sorted (ExprTree::Variables), as the map's keys.
  std::map<std::string, Value>& values = info.values;
  if (values.size() != bindings.size()) {
    values.clear();
    for (size_t i = 0; i < bindings.size(); ++i) values.emplace_hint(values.end(), (*info.names)[i], Value());
  }
  auto slot = values.begin();
  for (size_t i = 0; i < bindings.size(); ++i, ++slot) slot->second = bindings[i].value;
  EvalResult e = Evaluate(tree, values);
  if (!e.value) {
    r.error = e.error;
    return r;
  }
  r.value = e.value;
  return r;
}

// The solves of one key: every computation it reads, for one set of
// parameter values. A solver computation is solved once per distinct
// solver and inputs (a convention that changes nothing, or a formula that
// reads `xl.total_params` ten times, costs no second solve). With `steps`
// false the solvers leave their derivations out (SolverInputs::steps_wanted)
// and formula computations write none.
class Solves {
 public:
  // `base`: the key's own parameter values; formula computations solved
  // with exactly those (no override) are kept too.
  Solves(const Problem& problem, bool steps, const ParamValues* base = nullptr)
      : problem_(problem), steps_(steps), base_(base) {}

  // `wanted`: the outputs read (Source::wanted, Computation::outputs_read),
  // null for all; a solve with steps makes every output.
  std::shared_ptr<const SolverResult> At(const Computation& computation, const ParamValues& values,
                                         const std::map<std::string, std::string>& set, int depth,
                                         const std::vector<std::string>* wanted = nullptr);
  std::shared_ptr<const SolverResult> Formula(const Computation& c, const ParamValues& given,
                                              const std::map<std::string, std::string>& set, int depth);

  // Solver results are a function of the solver and its inputs alone, so
  // those of other Solves with the same `steps` can be taken over. A result
  // holds the outputs some caller wanted: each inputs key keeps those solved.
  using Memo = std::map<std::string, std::vector<std::shared_ptr<const SolverResult>>>;

  // What a Solves without steps found: the solver memo, and with the base
  // values the formula results (by computation id, so that nothing points
  // into the problem) and the bound names. Another Solves of the same
  // problem definition with equal base values can take all of it over.
  // Solver results with the base values and no input changed, by
  // computation id: found again without resolving any input.
  using BaseSolved = std::unordered_map<std::string, std::vector<std::shared_ptr<const SolverResult>>>;
  struct State {
    Memo memo;
    std::vector<std::pair<std::string, std::shared_ptr<const SolverResult>>> formulas;
    std::map<std::string, FormulaBinding> bindings;
    BaseSolved base_solved;
    std::unordered_map<std::string, std::string> base_resolved;
  };
  State TakeState() {
    State s;
    s.memo = std::move(memo_);
    for (const auto& [c, r] : formulas_) s.formulas.emplace_back(c->id, r);
    formulas_.clear();
    s.bindings = std::move(base_bindings_);
    s.base_solved = std::move(base_solved_);
    s.base_resolved = std::move(base_resolved_);
    return s;
  }
  // `with_base`: the state was found with values equal to *base_ for a
  // problem with the same definition (else only its memo is taken over).
  void Seed(State state, bool with_base) {
    if (memo_.empty()) memo_ = std::move(state.memo);
    if (!with_base || !base_ || !formulas_.empty() || !base_bindings_.empty()) return;
    for (auto& [id, r] : state.formulas)
      if (const Computation* c = FindComputationIn(problem_, id)) formulas_.emplace(c, std::move(r));
    base_bindings_ = std::move(state.bindings);
    if (base_solved_.empty()) base_solved_ = std::move(state.base_solved);
    if (base_resolved_.empty()) base_resolved_ = std::move(state.base_resolved);
  }

 private:
  FormulaBinding Bind(const std::string& name, const ParamValues& values, int depth);
  FormulaBinding BindOnce(const std::string& name, const ParamValues& values, int depth);
  // Whether `name` (a parameter or a solver's output) binds with `values` as
  // with *base_ (then Bind binds it once, with *base_).
  bool SameAsBase(const std::string& name, const ParamValues& values) const;
  std::string ResolveInputValue(const std::string& text, const ParamValues& values, int depth);
  std::string ResolveUncached(const std::string& text, const ParamValues& values, int depth);

  const Problem& problem_;
  bool steps_;
  Memo memo_;  // by solver '\n' input=value lines
  const ParamValues* base_;
  std::map<const Computation*, std::shared_ptr<const SolverResult>> formulas_;  // with *base_, no override
  std::map<std::string, FormulaBinding> base_bindings_;                         // with *base_
  BaseSolved base_solved_;                                                      // with *base_
  std::unordered_map<std::string, std::string> base_resolved_;  // input texts naming no value, with *base_
};

// The value of a name in a formula, in base units, with its dimension: a
// parameter, a formula computation, or a solver's output ("xl.total_params").
FormulaBinding Solves::Bind(const std::string& name, const ParamValues& values, int depth) {
  // With the key's own values a name is bound once (formulas read
  // `xl.total_params` and the same parameters again and again).
  const bool keep = base_ && &values == base_;
  if (keep) {
    auto it = base_bindings_.find(name);
    if (it != base_bindings_.end()) return it->second;
  } else if (base_ && SameAsBase(name, values)) {
    return Bind(name, *base_, depth);
  }
  FormulaBinding b = BindOnce(name, values, depth);
  if (keep) base_bindings_.emplace(name, b);
  return b;
}

bool Solves::SameAsBase(const std::string& name, const ParamValues& values) const {
  auto same_text = [&](const std::string& param) {
    auto given = values.find(param), own = base_->find(param);
    return given != values.end() && own != base_->end() && given->second == own->second;
  };
  // A parameter's binding depends on its text alone.
  if (problem_.FindParameter(name)) return same_text(name);
  // A solver's output depends on its inputs alone: when each is a parameter
  // (ResolveInputValue reads its text), on those parameters' texts.
  const size_t dot = name.find('.');
  if (dot == std::string::npos) return false;
  const Computation* c = nullptr;
  for (const Computation& k : problem_.computations)
    if (k.id.size() == dot && name.compare(0, dot, k.id) == 0) c = &k;
  if (!c || !c->is_solver() || c->inputs.empty()) return false;
  for (const auto& [input, text] : c->inputs)
    if (!problem_.FindParameter(text) || !same_text(text)) return false;
  return true;
}

FormulaBinding Solves::BindOnce(const std::string& name, const ParamValues& values, int depth) {
  if (const Parameter* p = problem_.FindParameter(name)) {
    const std::string& text = values.at(name);
    // A parameter's binding follows from its declaration and its text
    // alone: kept per thread for a problem loaded from a definition (the
    // definition's hash stands for the declaration), since every key of a
    // problem binds the same few texts again.
    constexpr size_t kMaxParamBindings = 4096;
    thread_local std::unordered_map<std::string, FormulaBinding> known;
    thread_local std::string cache_key;
    const bool cached = !problem_.definition_hash.empty();
    if (cached) {
      cache_key.assign(problem_.definition_hash);
      cache_key += '\n';
      cache_key += name;
      cache_key += '\n';
      cache_key += text;
      auto it = known.find(cache_key);
      if (it != known.end()) return it->second;
    }
    std::string error;
    auto v = ParseInput(p->spec, text, &error);
    if (!v) throw Error(error);
    if (p->spec.type == InputType::kChoice || p->spec.type == InputType::kBoolean)
      throw Error("parameter '" + name + "' is a " + InputTypeName(p->spec.type) + ", not a number");
    const UnitInfo& u = UnitOf(p->spec.unit);
    FormulaBinding b = IsOne(u.scale) ? FormulaBinding{Value(v->number), u.dimension}
                                      : FormulaBinding{Value(Exact(v->number * u.scale)), u.dimension};
    if (cached) {
      if (known.size() >= kMaxParamBindings) known.clear();
      known.emplace(cache_key, b);
    }
    return b;
  }
  size_t dot = name.find('.');
  const Computation* c = FindComputationIn(problem_, name.substr(0, dot));
  if (!c) throw Error("unknown name '" + name + "'");
  std::shared_ptr<const SolverResult> r = At(*c, values, {}, depth + 1, c->outputs_read.get());
  const Output* o = r->Find(dot == std::string::npos ? kFormulaOutput : name.substr(dot + 1));
  if (!o) {
    std::vector<std::string> ids;
    for (const Output& out : r->outputs()) ids.push_back(out.id);
    std::string list;
    for (const std::string& i : ids) list += (list.empty() ? "" : ", ") + i;
    throw Error("solver '" + c->solver + "' has no output '" + name.substr(dot + 1) + "' (outputs: " + list + ")");
  }
  if (!o->number) throw Error("'" + name + "' is a text output, not a number");
  const UnitInfo& u = UnitOf(o->unit);
  const Value& x = *o->number;
  if (IsOne(u.scale)) return {x, u.dimension};
  return {x.is_exact() ? Value(Exact(x.exact() * u.scale)) : Value::Approx(x.real() * ToReal(u.scale)), u.dimension};
}

std::string ShowWithUnit(const Value& v, const std::string& unit) {
  return Show(v) + (unit.empty() || unit == "1" ? "" : " " + unit);
}

// A computation input is a literal, a parameter name, another
// computation's output ("chinchilla.direct_compute", "kv_bytes"), or a
// formula over those ("4*d_model", "seq_len - prompt_len"), computed in the
// numbers as written (a solver's inputs declare their own units).
std::string Solves::ResolveInputValue(const std::string& text, const ParamValues& values, int depth) {
  auto it = values.find(text);
  if (it != values.end()) return it->second;
  // With the key's own values a text ("chinchilla.direct_compute") is
  // resolved once.
  if (!base_ || &values != base_) return ResolveUncached(text, values, depth);
  auto known = base_resolved_.find(text);
  if (known != base_resolved_.end()) return known->second;
  std::string resolved = ResolveUncached(text, values, depth);
  base_resolved_.emplace(text, resolved);
  return resolved;
}

// ResolveInputValue for a text that is not one of `values`' names.
std::string Solves::ResolveUncached(const std::string& text, const ParamValues& values, int depth) {
  // What a text that names nothing resolves to ("12", "4*768", "swiglu"),
  // kept per thread: every key of a problem resolves the same few again.
  constexpr size_t kMaxConstants = 4096;
  thread_local std::unordered_map<std::string, std::string> constants;
  auto known = constants.find(text);
  if (known != constants.end()) return known->second;
  auto constant = [&](std::string resolved) {
    if (constants.size() >= kMaxConstants) constants.clear();
    constants.emplace(text, resolved);
    return resolved;
  };
  // A text that names something ("chinchilla.direct_compute", "2*d_model"):
  // its parse, kept per thread like the constants.
  struct Parsed {
    ExprTree tree;
    std::vector<std::string> names;
  };
  thread_local std::unordered_map<std::string, std::shared_ptr<const Parsed>> parsed;
  std::shared_ptr<const Parsed> kept;
  if (auto p = parsed.find(text); p != parsed.end()) kept = p->second;
  if (!kept) {
    if (ParseExact(text)) return constant(text);
    size_t error_at = 0;
    ExprTree parsed_tree = ParseFormula(text, &error_at);
    if (!parsed_tree.ok()) return constant(text);  // a literal such as "swiglu"
    std::vector<std::string> parsed_names = parsed_tree.Variables();
    if (!parsed_names.empty()) {
      if (parsed.size() >= kMaxConstants) parsed.clear();
      kept = parsed.emplace(text, std::make_shared<const Parsed>(Parsed{std::move(parsed_tree), std::move(parsed_names)}))
                 .first->second;
    } else {
      EvalResult e = Evaluate(parsed_tree, {});
      if (!e.value) throw Error("cannot evaluate input '" + text + "': " + e.error);
      return constant(e.value->ToString());
    }
  }
  const ExprTree& tree = kept->tree;
  const std::vector<std::string>& names = kept->names;
  if (names.empty()) {
    EvalResult e = Evaluate(tree, {});
    if (!e.value) throw Error("cannot evaluate input '" + text + "': " + e.error);
    return constant(e.value->ToString());
  }
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
    const Computation* c = FindComputationIn(problem_, name.substr(0, dot));
    if (!c) {
      if (plain_word) return text;  // a literal such as "swiglu"
      throw Error("cannot evaluate input '" + text + "': unknown name '" + name + "'");
    }
    std::shared_ptr<const SolverResult> r = At(*c, values, {}, depth + 1, c->outputs_read.get());
    const Output* o = r->Find(dot == std::string::npos ? kFormulaOutput : name.substr(dot + 1));
    if (!o || !o->number) throw Error("input '" + text + "' names no numeric output");
    bindings[name] = *o->number;
  }
  EvalResult e = Evaluate(tree, bindings);
  if (!e.value) throw Error("cannot evaluate input '" + text + "': " + e.error);
  return e.value->ToString();
}

// Evaluates a formula or literal computation: one output, "value", in the
// declared unit (or the base unit of its dimension). `set` changes
// parameters for it and everything it uses.
std::shared_ptr<const SolverResult> Solves::Formula(const Computation& c, const ParamValues& given,
                                                    const std::map<std::string, std::string>& set, int depth) {
  const bool keep = base_ && &given == base_ && set.empty();
  if (keep) {
    auto it = formulas_.find(&c);
    if (it != formulas_.end()) return it->second;
  }
  ParamValues changed;
  if (!set.empty()) {
    changed = given;
    for (const auto& [name, value] : set) changed[name] = ResolveInputValue(value, given, depth);
  }
  const ParamValues& values = set.empty() ? given : changed;
  Output out;
  out.id = kFormulaOutput;
  out.description = c.formula.empty() ? "a literal value" : c.formula;
  auto result = std::make_shared<SolverResult>();
  if (!c.value.empty()) {
    out.number = Value(*ParseExact(c.value));
    out.unit = c.unit.empty() ? "1" : c.unit;
    if (steps_) out.steps.push_back(c.id + " = " + ShowWithUnit(*out.number, out.unit));
    result->Add(std::move(out));
    if (keep) formulas_.emplace(&c, result);
    return result;
  }
  FormulaInfo& info = InfoOf(c.tree);
  // Held: the calls below may evict `info`.
  const std::shared_ptr<const std::vector<std::string>> kept_names = info.names;
  const std::vector<std::string>& names = *kept_names;
  std::vector<FormulaBinding> bindings;
  bindings.reserve(names.size());
  std::map<std::string, std::string> shown;
  // The derivation of each formula computation it uses comes first.
  if (steps_) {
    for (const std::string& name : names) {
      const Computation* used = name.find('.') == std::string::npos ? FindComputationIn(problem_, name) : nullptr;
      if (!used || used->is_solver()) continue;
      std::shared_ptr<const SolverResult> used_result = At(*used, values, {}, depth + 1);
      for (const std::string& step : used_result->outputs().front().steps)
        if (std::find(out.steps.begin(), out.steps.end(), step) == out.steps.end()) out.steps.push_back(step);
    }
  }
  for (const std::string& name : names) {
    try {
      bindings.push_back(Bind(name, values, depth));
    } catch (const Error& e) {
      throw Error(c.where + ": " + e.what());
    }
    if (!steps_) continue;
    if (const Parameter* p = problem_.FindParameter(name)) {
      shown[name] = values.at(name) + (p->spec.unit.empty() ? "" : " " + p->spec.unit);
    } else {
      // Another computation's value in base units, grouped.
      std::string base = BaseUnitSymbol(bindings.back().dimension);
      shown[name] = "(" + ShowWithUnit(bindings.back().value, base) + ")";
    }
  }
  FormulaResult f = EvaluateWithInfo(*c.tree, InfoOf(c.tree), bindings);
  if (!f.value) throw Error(c.where + ": formula '" + c.formula + "': " + f.error);
  std::string unit = c.unit;
  if (!unit.empty()) {
    const UnitInfo& u = UnitOf(unit);
    if (!SameDimension(u.dimension, f.dimension))
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
  if (steps_) {
    std::string substituted = SubstituteNames(c.formula, *c.tree, shown);
    std::string line = c.id + " = " + c.formula;
    if (substituted != c.formula) line += " = " + substituted;
    line += " = " + ShowWithUnit(*out.number, unit) + (out.number->is_exact() ? "" : " (approximately)");
    out.steps.push_back(line);
  }
  result->Add(std::move(out));
  if (keep) formulas_.emplace(&c, result);
  return result;
}

// Whether `r` holds every output of `wanted` (null: all of them).
bool Covers(const SolverResult& r, const std::vector<std::string>* wanted) {
  if (r.complete()) return true;
  if (!wanted) return false;
  for (const std::string& id : *wanted)
    if (!r.Find(id)) return false;
  return true;
}

std::shared_ptr<const SolverResult> Solves::At(const Computation& computation, const ParamValues& values,
                                               const std::map<std::string, std::string>& set, int depth,
                                               const std::vector<std::string>* wanted) {
  if (depth > 32) throw Error("computation '" + computation.id + "' refers to itself");
  if (!computation.is_solver()) return Formula(computation, values, set, depth);
  // With the key's own values and no input changed a computation is looked
  // up directly (the memo below would find the same result).
  std::vector<std::shared_ptr<const SolverResult>>* at_base = nullptr;
  if (base_ && &values == base_ && set.empty()) {
    at_base = &base_solved_[computation.id];
    for (const auto& r : *at_base)
      if (Covers(*r, steps_ ? nullptr : wanted)) return r;
  }
  const Solver* solver = FindSolver(computation.solver);
  if (!solver) throw Error("unknown solver '" + computation.solver + "'");
  std::map<std::string, std::string> inputs = computation.inputs;
  for (const auto& [name, value] : set) inputs[name] = value;
  std::string memo_key;
  memo_key.reserve(256);
  memo_key = computation.solver;
  for (auto& [name, value] : inputs) {
    value = ResolveInputValue(value, values, depth);
    memo_key += '\n';
    memo_key += name;
    memo_key += '=';
    memo_key += value;
  }
  if (steps_) wanted = nullptr;  // derivations: every output, as `grader solvers` shows them
  std::vector<std::shared_ptr<const SolverResult>>& solved = memo_[memo_key];
  for (const auto& r : solved)
    if (Covers(*r, wanted)) {
      if (at_base) at_base->push_back(r);
      return r;
    }
  SolverInputs bound = BindInputs(*solver, inputs);
  bound.set_steps_wanted(steps_);
  bound.set_wanted(wanted);
  auto result = std::make_shared<const SolverResult>(solver->Solve(bound));
  solved.push_back(result);
  if (at_base) at_base->push_back(result);
  return result;
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
  Solves solves(problem, true);
  return *solves.At(computation, values, set, 0);
}

namespace {
// The solves of this thread's last SolvesCleanly: Problem::Variant checks a
// draw and BuildKey then needs the same solves (one key's worth, replaced
// by every check).
struct LastChecked {
  const Problem* problem = nullptr;
  std::string definition_hash;  // of `problem` ("" : built in code, never reused with the base values)
  ParamValues values;
  Solves::State state;
  void clear() {
    problem = nullptr;
    definition_hash.clear();
    values.clear();
    state = Solves::State();
  }
};
thread_local LastChecked last_checked;
}  // namespace

bool SolvesCleanly(const Problem& problem, const ParamValues& values) {
  Solves solves(problem, false, &values);
  bool clean = true;
  try {
    for (const Computation& c : problem.computations) solves.At(c, values, {}, 0, c.outputs_read.get());
  } catch (const Error&) {
    clean = false;
  }
  last_checked.problem = &problem;
  last_checked.definition_hash = problem.definition_hash;
  last_checked.values = values;
  last_checked.state = solves.TakeState();
  return clean;
}

Derivation::Derivation(std::vector<std::string> steps) : cell_(std::make_shared<Cell>()) {
  cell_->steps = std::move(steps);
  cell_->done.store(true, std::memory_order_relaxed);
}

Derivation Derivation::Lazy(std::function<std::vector<std::string>()> make) {
  Derivation d;
  d.cell_ = std::make_shared<Cell>();
  d.cell_->make = std::move(make);
  return d;
}

const std::vector<std::string>& Derivation::get() const {
  static const std::vector<std::string> kNone;
  if (!cell_) return kNone;
  Cell& cell = *cell_;
  if (cell.done.load(std::memory_order_acquire)) return cell.steps;
  std::lock_guard<std::mutex> lock(cell.mutex);
  if (!cell.done.load(std::memory_order_relaxed)) {
    cell.steps = cell.make();
    cell.make = nullptr;
    cell.done.store(true, std::memory_order_release);
  }
  return cell.steps;
}

bool Derivation::written() const { return !cell_ || cell_->done.load(std::memory_order_acquire); }

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

namespace {

// What a key's lazily written derivations read: its problem and values, and
// the solves with steps that every derivation of the key shares.
class DerivationSource {
 public:
  DerivationSource(const Problem& problem, const ParamValues& values)
      : problem_(problem), values_(values), solves_(problem, true, &values_) {}

  std::vector<std::string> Answer(const AnswerSpec& spec) {
    std::vector<std::string> steps;
    if (spec.source) {
      std::lock_guard<std::mutex> lock(mutex_);
      steps = Find(*spec.source).steps;
    }
    AddAnswerSteps(spec, &steps);
    return steps;
  }

  std::vector<std::string> Alternative(const grader::Alternative& alt) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (alt.inline_formula) return solves_.Formula(*alt.inline_formula, values_, {}, 1)->outputs().front().steps;
    std::vector<std::string> steps = Find(alt.source).steps;
    AddAlternativeSteps(alt, &steps);
    return steps;
  }

  // The steps an answer adds to its source's: a given value, an explanation.
  static void AddAnswerSteps(const AnswerSpec& spec, std::vector<std::string>* steps) {
    if (!spec.value.empty())
      steps->push_back(spec.id + " = " + ShowWithUnit(Value(*ParseExact(spec.value)), spec.unit.empty() ? "1" : spec.unit) +
                       " (given)");
    if (!spec.explanation.empty()) steps->push_back(spec.explanation);
  }

  // The line an alternative with changed inputs starts with.
  static void AddAlternativeSteps(const grader::Alternative& alt, std::vector<std::string>* steps) {
    std::string changed;
    for (const auto& [name, value] : alt.source.set) changed += (changed.empty() ? "" : ", ") + name + " = " + value;
    if (!changed.empty()) steps->insert(steps->begin(), "with " + changed);
  }

 private:
  // The key's numbers came from the same solves, so the output is there.
  const Output& Find(const Source& s) {
    auto it = results_.find(&s);
    if (it == results_.end())
      it = results_.emplace(&s, solves_.At(FindComputation(problem_, s.computation), values_, s.set, 0)).first;
    return *it->second->Find(s.output);
  }

  const Problem& problem_;
  const ParamValues values_;
  std::mutex mutex_;
  Solves solves_;
  std::map<const Source*, std::shared_ptr<const SolverResult>> results_;
};

// Builds the key; with `eager` the derivations are written from the same
// solves as the numbers, else each is written when first read.
AnswerKey BuildKeyWith(const Problem& problem, const ParamValues& values, std::optional<long> variant, bool eager) {
  AnswerKey key;
  key.problem_id = problem.id;
  key.title = problem.title;
  key.names = problem.names;
  key.names.insert(key.names.begin(), problem.id);
  key.definition_hash = problem.definition_hash;
  key.statement = Substitute(problem.statement, values);
  key.variant = variant;
  for (const Parameter& p : problem.parameters) key.parameters.emplace_back(p.spec.name, values.at(p.spec.name));
  key.parts.reserve(problem.parts.size());
  for (const Part& part : problem.parts)  // the statement substituted, not copied first
    key.parts.push_back(Part{part.id, part.title, Substitute(part.statement, values), part.answers});

  Solves solves(problem, eager, &values);
  if (!eager) {
    const bool same = last_checked.problem == &problem && !problem.definition_hash.empty() &&
                      last_checked.definition_hash == problem.definition_hash && last_checked.values == values;
    solves.Seed(std::move(last_checked.state), same);
  }
  last_checked.clear();
  std::shared_ptr<DerivationSource> lazy = eager ? nullptr : std::make_shared<DerivationSource>(problem, values);
  std::map<std::string, std::shared_ptr<const SolverResult>> cache;  // by computation and override set
  // `where` names the answer (or answer/alternative) in errors.
  auto solve = [&](const Source& s, const std::string& where) -> const Output& {
    std::string cache_key = s.computation;
    for (const auto& [k, v] : s.set) {
      cache_key += '|';
      cache_key += k;
      cache_key += '=';
      cache_key += v;
    }
    auto it = cache.find(cache_key);
    if (it == cache.end())
      it = cache.emplace(cache_key, solves.At(FindComputation(problem, s.computation), values, s.set, 0, s.wanted.get()))
               .first;
    const Output* o = it->second->Find(s.output);
    if (!o) {
      const Computation& computation = FindComputation(problem, s.computation);
      std::vector<std::string> ids;
      for (const Output& out : it->second->outputs()) ids.push_back(out.id);
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
      std::shared_ptr<const SolverResult> r = solves.Formula(*alt.inline_formula, values, {}, 1);
      const Output& o = r->outputs().front();
      Derivation steps = eager ? Derivation(o.steps)
                               : Derivation::Lazy([lazy, a = &alt] { return lazy->Alternative(*a); });
      return KeyAlternative{alt.id, alt.label, o.number, o.text, alt.feedback, alt.credit, std::move(steps)};
    }
    const Output& o = solve(alt.source, answer_id + "/" + alt.id);
    Derivation steps;
    if (eager) {
      std::vector<std::string> lines = o.steps;
      DerivationSource::AddAlternativeSteps(alt, &lines);
      steps = Derivation(std::move(lines));
    } else {
      steps = Derivation::Lazy([lazy, a = &alt] { return lazy->Alternative(*a); });
    }
    return KeyAlternative{alt.id, alt.label, o.number, o.text, alt.feedback, alt.credit, std::move(steps)};
  };

  std::optional<bool> defaults;  // whether `values` are the problem's defaults
  key.answers.reserve(problem.answers.size());
  for (const AnswerSpec& spec : problem.answers) {
    KeyAnswer& a = key.answers.emplace_back();  // built in place
    a.id = spec.id;
    a.part = spec.part;
    a.description = spec.description;
    a.text = spec.text;
    a.options = spec.options;
    std::vector<std::string> steps;
    if (spec.source) {
      const Output& o = solve(*spec.source, spec.id);
      a.number = o.number;
      a.unit = o.unit;
      if (a.text.empty()) a.text = o.text;
      if (a.options.empty()) a.options = o.options;
      a.formula = o.formula;
      if (eager) steps = o.steps;
    }
    if (!spec.value.empty()) {
      a.number = Value(*ParseExact(spec.value));
      a.unit = spec.unit.empty() ? "1" : spec.unit;
    }
    if (!spec.formula.empty()) {
      // {name}: a parameter's value, or a formula computation's.
      ParamValues named;
      for (const Computation& c : problem.computations)
        if (!c.is_solver() && spec.formula.find("{" + c.id + "}") != std::string::npos)
          named[c.id] = solves.Formula(c, values, {}, 1)->outputs().front().number->ToString();
      a.formula = Substitute(spec.formula, values, &named);
    }
    if (eager) {
      DerivationSource::AddAnswerSteps(spec, &steps);
      a.steps = Derivation(std::move(steps));
    } else {
      a.steps = Derivation::Lazy([lazy, s = &spec] { return lazy->Answer(*s); });
    }
    for (const Alternative& alt : spec.conventions) a.conventions.push_back(alternative(alt, spec.id));
    for (const Alternative& alt : spec.mistakes) a.mistakes.push_back(alternative(alt, spec.id));
    // The official value applies to the default parameters only.
    if (spec.official && a.number) {
      if (!defaults) {
        // values == problem.Defaults(), without building the defaults.
        defaults = values.size() == problem.parameters.size();
        for (const Parameter& p : problem.parameters) {
          if (!*defaults) break;
          auto it = values.find(p.spec.name);
          defaults = it != values.end() && it->second == p.spec.default_value;
        }
      }
      if (*defaults) {
        KeyOfficial off;
        off.written = spec.official->value;
        off.value = *ParseExact(off.written);
        off.source = spec.official->source;
        off.note = spec.official->note;
        off.agrees = AgreesToWrittenPrecision(off.written, a.number->exact());
        if (a.number->exact() != 0) off.relative_error = (off.value - a.number->exact()) / a.number->exact();
        a.official = off;
      }
    }
  }
  return key;
}

}  // namespace

AnswerKey BuildKey(const Problem& problem, const ParamValues& values, std::optional<long> variant,
                   DerivationMode mode) {
  if (mode == DerivationMode::kLazy) {
    try {
      return BuildKeyWith(problem, values, variant, false);
    } catch (const Error&) {
      // Inconsistent values: the eager build reports them exactly as always.
    }
  }
  return BuildKeyWith(problem, values, variant, true);
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
