#include "reference/key.h"

#include <cctype>

#include "grader/base/error.h"

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

// A computation input is a literal, a parameter name, another
// computation's numeric output ("chinchilla.direct_compute"), or a product
// of literals and parameters ("4*d_model").
std::string ResolveInputValue(const std::string& text, const ParamValues& values, const Problem& problem,
                              int depth) {
  auto it = values.find(text);
  if (it != values.end()) return it->second;
  size_t dot = text.find('.');
  if (dot != std::string::npos) {
    std::string comp = text.substr(0, dot);
    for (const Computation& c : problem.computations) {
      if (c.id != comp) continue;
      SolverResult r = SolveAt(problem, c, values, {}, depth + 1);
      const Output* o = r.Find(text.substr(dot + 1));
      if (!o || !o->number) throw Error("input '" + text + "' names no numeric output");
      return o->number->ToString();
    }
  }
  if (text.find('*') == std::string::npos) return text;
  Exact product = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t star = text.find('*', start);
    std::string factor = text.substr(start, star == std::string::npos ? std::string::npos : star - start);
    auto p = values.find(factor);
    std::optional<Exact> v = p != values.end() ? ParseExact(p->second) : ParseExact(factor);
    if (!v) throw Error("cannot evaluate input '" + text + "': '" + factor + "' is neither a number nor a numeric parameter");
    product *= *v;
    if (star == std::string::npos) break;
    start = star + 1;
  }
  return ExactString(product);
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
  if (depth > 16) throw Error("computation '" + computation.id + "' refers to itself");
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
    if (!o)
      throw Error("answer '" + where + "': solver '" + computation.solver + "' has no output '" + s.output + "'");
    return *o;
  };
  auto alternative = [&](const Alternative& alt, const std::string& answer_id) {
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
    if (!spec.formula.empty()) a.formula = Substitute(spec.formula, values);
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
