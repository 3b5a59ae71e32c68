#include "reference/problem.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grader/base/error.h"
#include "grader/base/hash.h"
#include "grader/base/json_source.h"
#include "grader/base/random.h"
#include "grader/base/suggest.h"
#include "grader/base/text_position.h"
#include "reference/builtin_problems.h"
#include "reference/formula.h"
#include "reference/key.h"

namespace grader {
namespace {

using json = nlohmann::json;

// Reads fields of one JSON object, naming its place (file:line:col) and
// path in errors.
class Reader {
 public:
  Reader(const JsonSource& src, const json& node, std::string pointer)
      : src_(src), node_(node), pointer_(std::move(pointer)) {
    if (!node_.is_object()) Fail("expected an object");
  }
  [[noreturn]] void Fail(const std::string& message) const { src_.Fail(pointer_, message); }
  [[noreturn]] void FailAt(const std::string& key, const std::string& message) const {
    src_.Fail(Ptr(key), message);
  }
  std::string Ptr(const std::string& key) const { return pointer_ + "/" + key; }
  const std::string& pointer() const { return pointer_; }
  const JsonSource& src() const { return src_; }
  const json& node() const { return node_; }
  bool Has(const std::string& key) const { return node_.contains(key); }
  // Refuses fields not in `allowed`, with a "did you mean".
  void Only(std::initializer_list<const char*> allowed) const {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      if (std::find(names.begin(), names.end(), it.key()) != names.end()) continue;
      std::string hint = ClosestName(it.key(), names);
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      FailAt(it.key(), "unknown field '" + it.key() + "'" + (hint.empty() ? " (fields: " + list + ")" : "; did you mean '" + hint + "'?"));
    }
  }
  std::string Str(const std::string& key, bool required = true) const {
    if (!node_.contains(key)) {
      if (required) Fail("missing field '" + key + "'");
      return "";
    }
    const json& v = node_.at(key);
    if (!v.is_string()) FailAt(key, "expected a string");
    return v.get<std::string>();
  }
  std::vector<std::string> StrList(const std::string& key) const {
    std::vector<std::string> out;
    if (!node_.contains(key)) return out;
    const json& v = node_.at(key);
    if (!v.is_array()) FailAt(key, "expected a list of strings");
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) FailAt(key + "/" + std::to_string(i), "expected a string");
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  std::map<std::string, std::string> StrMap(const std::string& key) const {
    std::map<std::string, std::string> out;
    if (!node_.contains(key)) return out;
    const json& v = node_.at(key);
    if (!v.is_object()) FailAt(key, "expected an object of strings");
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_string()) FailAt(key + "/" + it.key(), "expected a string");
      out[it.key()] = it.value().get<std::string>();
    }
    return out;
  }
  std::optional<Exact> Number(const std::string& key) const {
    if (!node_.contains(key)) return std::nullopt;
    std::string text = Str(key);
    std::string error;
    auto v = ParseExact(text, &error);
    if (!v) FailAt(key, "'" + text + "' is not a number (" + error + ")");
    return v;
  }
  const json& Array(const std::string& key, bool required = true) const {
    static const json empty = json::array();
    if (!node_.contains(key)) {
      if (required) Fail("missing field '" + key + "'");
      return empty;
    }
    if (!node_.at(key).is_array()) FailAt(key, "expected a list");
    return node_.at(key);
  }
  Reader Child(const std::string& key) const { return Reader(src_, node_.at(key), Ptr(key)); }
  Reader Item(const json& list, const std::string& key, size_t i) const {
    return Reader(src_, list[i], Ptr(key) + "/" + std::to_string(i));
  }
  // "file:line:col" of the string at `key`, moved `offset` bytes into it.
  std::string Where(const std::string& key, size_t offset = 0) const {
    std::string lc = src_.LineCol(Ptr(key));
    size_t colon = lc.find(':');
    long col = std::stol(lc.substr(colon + 1)) + 1 + static_cast<long>(offset);
    return src_.file() + ":" + lc.substr(0, colon) + ":" + std::to_string(col);
  }

 private:
  const JsonSource& src_;
  const json& node_;
  std::string pointer_;
};

std::string Suggest(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(name, candidates);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

InputType ParseType(const Reader& r, const std::string& text) {
  if (text == "integer") return InputType::kInteger;
  if (text == "decimal") return InputType::kDecimal;
  if (text == "choice") return InputType::kChoice;
  if (text == "boolean") return InputType::kBoolean;
  std::string hint = ClosestName(text, {"integer", "decimal", "choice", "boolean"});
  r.FailAt("type", "unknown type '" + text + "' (integer, decimal, choice or boolean)" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
}

const Computation* FindComputationIn(const Problem& p, const std::string& id) {
  for (const Computation& c : p.computations)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<std::string> ComputationIds(const Problem& p) {
  std::vector<std::string> ids;
  for (const Computation& c : p.computations) ids.push_back(c.id);
  return ids;
}

std::vector<std::string> ParameterNames(const Problem& p) {
  std::vector<std::string> names;
  for (const Parameter& q : p.parameters) names.push_back(q.spec.name);
  return names;
}

// Checks that every key of `set` is something the computation can change:
// a solver input, or for a formula a parameter.
void CheckSet(const Reader& r, const Problem& p, const Computation& comp, const std::map<std::string, std::string>& set) {
  for (const auto& entry : set) {
    const std::string& name = entry.first;
    if (comp.is_solver()) {
      const Solver* solver = FindSolver(comp.solver);
      std::vector<std::string> inputs;
      for (const InputSpec& i : solver->inputs()) inputs.push_back(i.name);
      if (std::find(inputs.begin(), inputs.end(), name) == inputs.end())
        r.FailAt("set/" + name, "solver '" + solver->name() + "' has no input '" + name + "'" + Suggest(name, inputs));
    } else if (!p.FindParameter(name)) {
      r.FailAt("set/" + name, "computation '" + comp.id + "' is a formula: 'set' changes parameters, and there is no parameter '" +
                                  name + "'" + Suggest(name, ParameterNames(p)));
    }
  }
}

Source ParseSource(const Reader& r, const Problem& p, const std::string& key, const std::string& from) {
  size_t dot = from.find('.');
  Source s{from.substr(0, dot), dot == std::string::npos ? kFormulaOutput : from.substr(dot + 1), r.StrMap("set"), nullptr};
  const Computation* comp = FindComputationIn(p, s.computation);
  if (!comp) r.FailAt(key, "unknown computation '" + s.computation + "'" + Suggest(s.computation, ComputationIds(p)));
  if (dot == std::string::npos && comp->is_solver())
    r.FailAt(key, "'" + from + "' is a solver call: name one of its outputs as " + from + ".OUTPUT (grader solvers " +
                      comp->solver + " lists them)");
  if (!comp->is_solver() && s.output != kFormulaOutput)
    r.FailAt(key, "computation '" + s.computation + "' has one output, 'value' (write '" + s.computation + "')");
  CheckSet(r, p, *comp, s.set);
  return s;
}

// Reads a formula (or literal value) computation's own fields.
void ParseFormulaFields(const Reader& r, Computation* c) {
  c->unit = r.Str("unit", false);
  if (!c->unit.empty() && !LookUpUnit(c->unit).known)
    r.FailAt("unit", "unknown unit '" + c->unit + "'");
  if (r.Has("value")) {
    c->value = r.Str("value");
    std::string why;
    if (!ParseExact(c->value, &why)) r.FailAt("value", "'" + c->value + "' is not a number (" + why + ")");
    c->where = r.Where("value");
    return;
  }
  c->formula = r.Str("formula");
  size_t at = 0;
  auto tree = std::make_shared<ExprTree>(ParseFormula(c->formula, &at));
  if (!tree->ok()) throw Error(r.Where("formula", at) + ": " + JsonSource::DisplayPath(r.Ptr("formula")) + ": " + tree->error);
  c->where = r.Where("formula") + ": " + JsonSource::DisplayPath(r.Ptr("formula"));
  c->tree = std::move(tree);
}

Alternative ParseAlternative(const Reader& r, const Problem& p, const std::string& fallback_from, const std::string& unit) {
  r.Only({"id", "label", "feedback", "credit", "from", "set", "formula", "value", "unit"});
  Alternative a;
  a.id = r.Str("id");
  a.label = r.Str("label");
  a.feedback = r.Str("feedback", false);
  a.credit = r.Number("credit");
  if (a.credit && (*a.credit < 0 || *a.credit > 1)) r.FailAt("credit", "must be between 0 and 1");
  if (r.Has("formula") || r.Has("value")) {
    for (const char* k : {"from", "set"})
      if (r.Has(k)) r.FailAt(k, "a convention or mistake with its own formula or value has no '" + std::string(k) + "'");
    Computation c;
    c.id = a.id;
    ParseFormulaFields(r, &c);
    if (c.unit.empty()) c.unit = unit;
    a.inline_formula = std::move(c);
    return a;
  }
  if (r.Has("unit")) r.FailAt("unit", "'unit' goes with 'formula' or 'value'");
  if (r.Has("from")) {
    a.source = ParseSource(r, p, "from", r.Str("from"));
  } else {
    if (fallback_from.empty()) r.Fail("needs 'from', 'set', 'formula' or 'value' (the answer has no 'from')");
    a.source = ParseSource(r, p, "set", fallback_from);
  }
  return a;
}

void ParseParameter(const Reader& r, Problem* p) {
  r.Only({"name", "type", "default", "unit", "description", "choices", "min", "max", "variant"});
  Parameter param;
  param.spec.name = r.Str("name");
  param.spec.type = ParseType(r, r.Str("type"));
  param.spec.default_value = r.Str("default");
  param.spec.unit = r.Str("unit", false);
  if (!param.spec.unit.empty() && !LookUpUnit(param.spec.unit).known)
    r.FailAt("unit", "unknown unit '" + param.spec.unit + "'");
  param.spec.description = r.Str("description");
  param.spec.choices = r.StrList("choices");
  param.spec.min = r.Number("min");
  param.spec.max = r.Number("max");
  if (param.spec.type == InputType::kChoice && param.spec.choices.empty()) r.Fail("a choice needs 'choices'");
  std::string error;
  if (!ParseInput(param.spec, param.spec.default_value, &error)) r.FailAt("default", "bad default: " + error);
  if (r.Has("variant")) {
    Reader v = r.Child("variant");
    v.Only({"min", "max", "step", "choices"});
    VariantRange range{v.Number("min"), v.Number("max"), v.Number("step"), v.StrList("choices")};
    if (range.choices.empty() && (!range.min || !range.max)) v.Fail("needs 'min' and 'max', or 'choices'");
    if (range.step && *range.step <= 0) v.FailAt("step", "'step' must be positive");
    param.variant = range;
  }
  if (p->FindParameter(param.spec.name)) r.FailAt("name", "duplicate parameter '" + param.spec.name + "'");
  p->parameters.push_back(std::move(param));
}

void ParseComputation(const Reader& r, Problem* p) {
  Computation c;
  c.id = r.Str("id");
  if (FindComputationIn(*p, c.id)) r.FailAt("id", "duplicate computation '" + c.id + "'");
  if (p->FindParameter(c.id)) r.FailAt("id", "computation '" + c.id + "' has a parameter's name");
  if (r.Has("solver")) {
    r.Only({"id", "solver", "inputs", "description"});
    c.solver = r.Str("solver");
    c.inputs = r.StrMap("inputs");
    const Solver* solver = FindSolver(c.solver);
    if (!solver) {
      std::vector<std::string> names;
      for (const Solver* s : AllSolvers()) names.push_back(s->name());
      r.FailAt("solver", "unknown solver '" + c.solver + "'" + Suggest(c.solver, names) + " (grader solvers lists them)");
    }
    std::vector<std::string> inputs;
    for (const InputSpec& s : solver->inputs()) inputs.push_back(s.name);
    for (const auto& entry : c.inputs) {
      const std::string& name = entry.first;
      if (std::find(inputs.begin(), inputs.end(), name) == inputs.end())
        r.FailAt("inputs/" + name, "solver '" + c.solver + "' has no input '" + name + "'" + Suggest(name, inputs));
    }
    c.where = r.Where("id");
  } else if (r.Has("formula") || r.Has("value")) {
    r.Only({"id", "formula", "value", "unit", "description"});
    ParseFormulaFields(r, &c);
  } else {
    r.Fail("a computation needs 'solver', 'formula' or 'value'");
  }
  p->computations.push_back(std::move(c));
}

void ParseAnswer(const Reader& a, Problem* p, Part* part) {
  a.Only({"id", "description", "from", "set", "value", "unit", "text", "options", "formula", "explanation",
          "conventions", "mistakes", "official"});
  AnswerSpec spec;
  spec.id = a.Str("id");
  spec.part = part->id;
  spec.description = a.Str("description");
  spec.formula = a.Str("formula", false);
  spec.text = a.Str("text", false);
  spec.options = a.StrList("options");
  spec.explanation = a.Str("explanation", false);
  spec.value = a.Str("value", false);
  spec.unit = a.Str("unit", false);
  int sources = a.Has("from") + a.Has("value") + a.Has("text");
  if (a.Has("from") && a.Has("text")) sources = 1;  // a solver's text output with its own wording
  if (sources > 1) a.Fail("an answer takes one of 'from', 'value' or 'text'");
  if (a.Has("set") && !a.Has("from")) a.FailAt("set", "'set' needs 'from'");
  if (a.Has("from")) spec.source = ParseSource(a, *p, "from", a.Str("from"));
  if (a.Has("value")) {
    std::string why;
    if (!ParseExact(spec.value, &why)) a.FailAt("value", "'" + spec.value + "' is not a number (" + why + ")");
    if (!spec.unit.empty() && !LookUpUnit(spec.unit).known) a.FailAt("unit", "unknown unit '" + spec.unit + "'");
  } else if (a.Has("unit")) {
    a.FailAt("unit", "'unit' goes with 'value' (a computed answer has its computation's unit)");
  }
  if (!spec.source && spec.text.empty() && spec.formula.empty() && spec.value.empty())
    a.Fail("an answer needs 'from', 'value', 'text' or 'formula'");
  std::string from = a.Str("from", false);
  for (const char* list : {"conventions", "mistakes"}) {
    const json& alts = a.Array(list, false);
    for (size_t k = 0; k < alts.size(); ++k) {
      Reader alt = a.Item(alts, list, k);
      Alternative parsed = ParseAlternative(alt, *p, from, spec.unit);
      (std::string(list) == "conventions" ? spec.conventions : spec.mistakes).push_back(std::move(parsed));
    }
  }
  if (a.Has("official")) {
    Reader o = a.Child("official");
    o.Only({"value", "source", "note"});
    spec.official = OfficialValue{o.Str("value"), o.Str("source", false), o.Str("note", false)};
    std::string error;
    if (!ParseExact(spec.official->value, &error)) o.FailAt("value", "value '" + spec.official->value + "' is not a number");
  }
  if (p->FindAnswer(spec.id)) a.FailAt("id", "duplicate answer id '" + spec.id + "'");
  part->answers.push_back(spec.id);
  p->answers.push_back(std::move(spec));
}

// Records which outputs of each solver computation the problem reads, for
// each set of changed inputs (Computation::outputs_read, Source::wanted):
// what answers, conventions and mistakes name, and the "computation.output"
// names of formulas and of inputs (which are read with no input changed).
void RecordOutputsRead(Problem* p) {
  using Group = std::pair<std::string, std::map<std::string, std::string>>;
  std::map<Group, std::vector<std::string>> read;
  auto note = [&](const std::string& computation, const std::map<std::string, std::string>& set,
                  const std::string& output) {
    std::vector<std::string>& list = read[{computation, set}];
    if (std::find(list.begin(), list.end(), output) == list.end()) list.push_back(output);
  };
  auto note_names = [&](const ExprTree& tree) {
    for (const std::string& name : tree.Variables()) {
      size_t dot = name.find('.');
      if (dot != std::string::npos) note(name.substr(0, dot), {}, name.substr(dot + 1));
    }
  };
  // An input or a changed value: a literal, a name or a formula.
  auto note_text = [&](const std::string& text) {
    size_t at = 0;
    ExprTree tree = ParseFormula(text, &at);
    if (tree.ok()) note_names(tree);
  };
  auto note_source = [&](const Source& s) {
    note(s.computation, s.set, s.output);
    for (const auto& entry : s.set) note_text(entry.second);
  };
  for (const Computation& c : p->computations) {
    if (c.tree) note_names(*c.tree);
    for (const auto& entry : c.inputs) note_text(entry.second);
  }
  for (const AnswerSpec& a : p->answers) {
    if (a.source) note_source(*a.source);
    for (const auto* list : {&a.conventions, &a.mistakes})
      for (const Alternative& alt : *list) {
        if (!alt.inline_formula) note_source(alt.source);
        else if (alt.inline_formula->tree) note_names(*alt.inline_formula->tree);
      }
  }
  std::map<Group, std::shared_ptr<const std::vector<std::string>>> lists;
  for (auto& entry : read) lists[entry.first] = std::make_shared<const std::vector<std::string>>(std::move(entry.second));
  for (Computation& c : p->computations) {
    if (!c.is_solver()) continue;
    auto it = lists.find({c.id, {}});
    c.outputs_read = it != lists.end() ? it->second : std::make_shared<const std::vector<std::string>>();
  }
  auto assign = [&](Source& s) { s.wanted = lists.at({s.computation, s.set}); };
  for (AnswerSpec& a : p->answers) {
    if (a.source) assign(*a.source);
    for (auto* list : {&a.conventions, &a.mistakes})
      for (Alternative& alt : *list)
        if (!alt.inline_formula) assign(alt.source);
  }
}

void ParseProblem(const JsonSource& src, Problem* p) {
  Reader top(src, src.root(), "");
  top.Only({"id", "title", "names", "source", "statement", "parameters", "computations", "parts"});
  p->file = src.file();
  p->id = top.Str("id");
  p->title = top.Str("title");
  p->source = top.Str("source", false);
  p->statement = top.Str("statement", false);
  p->names = top.StrList("names");
  const json& params = top.Array("parameters", false);
  for (size_t i = 0; i < params.size(); ++i) ParseParameter(top.Item(params, "parameters", i), p);
  const json& comps = top.Array("computations");
  for (size_t i = 0; i < comps.size(); ++i) ParseComputation(top.Item(comps, "computations", i), p);
  // A formula's names: parameters, formula computations, solver outputs.
  for (size_t i = 0; i < comps.size(); ++i) {
    const Computation& c = p->computations[i];
    if (!c.tree) continue;
    for (const std::string& name : c.tree->Variables()) {
      size_t dot = name.find('.');
      std::string head = name.substr(0, dot);
      const Computation* other = FindComputationIn(*p, head);
      if (dot == std::string::npos && (p->FindParameter(name) || (other && !other->is_solver()))) continue;
      if (dot != std::string::npos && other && other->is_solver()) continue;
      std::vector<std::string> known = ParameterNames(*p);
      for (const Computation& o : p->computations)
        if (!o.is_solver()) known.push_back(o.id);
      std::string why = other && other->is_solver() ? "'" + name + "' is a solver call: name an output, " + name + ".OUTPUT"
                                                     : "unknown name '" + name + "'" + Suggest(name, known);
      size_t at = 0;
      for (const ExprNode& n : c.tree->nodes)
        if (n.kind == ExprKind::kVariable && n.name == name) at = n.begin;
      Reader r = top.Item(comps, "computations", i);
      throw Error(r.Where("formula", at) + ": " + JsonSource::DisplayPath(r.Ptr("formula")) + ": " + why);
    }
  }
  const json& parts = top.Array("parts");
  for (size_t i = 0; i < parts.size(); ++i) {
    Reader r = top.Item(parts, "parts", i);
    r.Only({"id", "title", "statement", "answers"});
    Part part{r.Str("id"), r.Str("title"), r.Str("statement", false), {}};
    const json& answers = r.Array("answers");
    for (size_t j = 0; j < answers.size(); ++j) ParseAnswer(r.Item(answers, "answers", j), p, &part);
    p->parts.push_back(std::move(part));
  }
  RecordOutputsRead(p);
}

}  // namespace

ParamValues Problem::Defaults() const {
  ParamValues v;
  for (const Parameter& p : parameters) v[p.spec.name] = p.spec.default_value;
  return v;
}

const Parameter* Problem::FindParameter(const std::string& name) const {
  for (const Parameter& p : parameters)
    if (p.spec.name == name) return &p;
  return nullptr;
}

const AnswerSpec* Problem::FindAnswer(const std::string& answer_id) const {
  for (const AnswerSpec& a : answers)
    if (a.id == answer_id) return &a;
  return nullptr;
}

void Problem::Apply(const std::vector<std::string>& assignments, ParamValues* values) const {
  for (const std::string& a : assignments) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) throw Error("expected NAME=VALUE, got '" + a + "'");
    std::string name = a.substr(0, eq), value = a.substr(eq + 1);
    const Parameter* p = FindParameter(name);
    if (!p) {
      std::vector<std::string> names;
      for (const Parameter& q : parameters) names.push_back(q.spec.name);
      throw Error("problem '" + id + "' has no parameter '" + name + "'" + Suggest(name, names));
    }
    std::string error;
    auto parsed = ParseInput(p->spec, value, &error);
    if (!parsed) throw Error("problem '" + id + "': " + error);
    (*values)[name] = value;
  }
}

ParamValues Problem::Variant(long n) const {
  if (n < 0) throw Error("variant must be 0 or more, got " + std::to_string(n));
  if (n == 0) return Defaults();
  for (int attempt = 0; attempt < 1000; ++attempt) {
    SplitMix64 rng(Fnv1a64(id + "#" + std::to_string(n) + "#" + std::to_string(attempt)));
    ParamValues v = Defaults();
    for (const Parameter& p : parameters) {
      if (!p.variant) continue;
      const VariantRange& r = *p.variant;
      if (!r.choices.empty()) {
        v[p.spec.name] = r.choices[rng.Next() % r.choices.size()];
        continue;
      }
      if (IsInteger(*r.min) && IsInteger(*r.max) && (!r.step || IsInteger(*r.step))) {
        // Integers (most ranges): the same draw in integer arithmetic, and
        // the same text (ExactString of an integer is its digits).
        const Int min = numerator(*r.min), step = r.step ? numerator(*r.step) : Int(1);
        Int count = (numerator(*r.max) - min) / step + 1;
        Int k = Int(rng.Next()) % count;
        v[p.spec.name] = Int(min + k * step).str();
        continue;
      }
      Exact step = r.step ? *r.step : Exact(1);
      Exact span = (*r.max - *r.min) / step;
      Int count = numerator(span) / denominator(span) + 1;
      Int k = Int(rng.Next()) % count;
      v[p.spec.name] = ExactString(*r.min + Exact(k) * step);
    }
    // A draw that violates a solver constraint (e.g. divisibility) is redrawn.
    if (SolvesCleanly(*this, v)) return v;
  }
  throw Error("problem '" + id + "': no valid parameters found for variant " + std::to_string(n));
}

void ProblemSet::Add(const std::string& file, const std::string& text, bool build_default_key) {
  JsonSource src(file, text);
  Problem p;
  ParseProblem(src, &p);
  p.definition_hash = Fnv1a128Hex(text);  // as grader::ContentHash: 32 hex digits
  if (Find(p.id)) src.Fail("/id", "duplicate problem id '" + p.id + "'");
  // Build the default key once: a wrong output name, a formula whose units
  // disagree or an inconsistent default fails here with the file named.
  try {
    if (build_default_key) BuildKey(p, p.Defaults());
  } catch (const Error& e) {
    std::string what = e.what();
    throw Error(what.rfind(file + ":", 0) == 0 ? what : file + ": " + what);
  }
  problems_.push_back(std::move(p));
}

const Problem* ProblemSet::Find(const std::string& problem_id) const {
  for (const Problem& p : problems_)
    if (p.id == problem_id) return &p;
  return nullptr;
}

const Problem& ProblemSet::Get(const std::string& problem_id) const {
  if (const Problem* p = Find(problem_id)) return *p;
  std::vector<std::string> ids;
  for (const Problem& p : problems_) ids.push_back(p.id);
  throw Error("unknown problem '" + problem_id + "'" + Suggest(problem_id, ids) +
              " (run 'grader problems' for the list)");
}

const ProblemSet& BuiltinProblems() {
  static const ProblemSet set = [] {
    ProblemSet s;
    for (const EmbeddedFile& f : BuiltinProblemFiles()) s.Add(f.path, f.content, /*build_default_key=*/false);
    return s;
  }();
  return set;
}

ProblemSet LoadProblemDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error("problem folder '" + dir + "' does not exist");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ProblemSet s;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw Error("cannot read '" + f.string() + "'");
    std::stringstream buf;
    buf << in.rdbuf();
    s.Add(f.string(), buf.str());
  }
  return s;
}

}  // namespace grader
