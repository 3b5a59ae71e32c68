#include "reference/problem.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grader/base/error.h"
#include "grader/base/hash.h"
#include "grader/base/json_error.h"
#include "grader/base/random.h"
#include "grader/base/suggest.h"
#include "grader/base/text_position.h"
#include "reference/builtin_problems.h"
#include "reference/key.h"

namespace grader {
namespace {

using json = nlohmann::json;

// Reads fields of one JSON object, naming its path in errors.
class Reader {
 public:
  Reader(const std::string& file, const json& node, std::string path) : file_(file), node_(node), path_(std::move(path)) {
    if (!node_.is_object()) Fail("expected an object");
  }
  [[noreturn]] void Fail(const std::string& message) const {
    throw Error(file_ + ": " + (path_.empty() ? "" : path_ + ": ") + message);
  }
  std::string Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool Has(const std::string& key) const { return node_.contains(key); }
  std::string Str(const std::string& key, bool required = true) const {
    if (!node_.contains(key)) {
      if (required) Fail("missing field '" + key + "'");
      return "";
    }
    const json& v = node_.at(key);
    if (!v.is_string()) Reader(file_, json::object(), Path(key)).Fail("expected a string");
    return v.get<std::string>();
  }
  std::vector<std::string> StrList(const std::string& key) const {
    std::vector<std::string> out;
    if (!node_.contains(key)) return out;
    const json& v = node_.at(key);
    if (!v.is_array()) Reader(file_, json::object(), Path(key)).Fail("expected a list of strings");
    for (const json& item : v) {
      if (!item.is_string()) Reader(file_, json::object(), Path(key)).Fail("expected a list of strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  std::map<std::string, std::string> StrMap(const std::string& key) const {
    std::map<std::string, std::string> out;
    if (!node_.contains(key)) return out;
    const json& v = node_.at(key);
    if (!v.is_object()) Reader(file_, json::object(), Path(key)).Fail("expected an object of strings");
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_string()) Reader(file_, json::object(), Path(key) + "." + it.key()).Fail("expected a string");
      out[it.key()] = it.value().get<std::string>();
    }
    return out;
  }
  std::optional<Exact> Number(const std::string& key) const {
    if (!node_.contains(key)) return std::nullopt;
    std::string text = Str(key);
    std::string error;
    auto v = ParseExact(text, &error);
    if (!v) Reader(file_, json::object(), Path(key)).Fail("'" + text + "' is not a number (" + error + ")");
    return v;
  }
  const json& Array(const std::string& key, bool required = true) const {
    static const json empty = json::array();
    if (!node_.contains(key)) {
      if (required) Fail("missing field '" + key + "'");
      return empty;
    }
    if (!node_.at(key).is_array()) Reader(file_, json::object(), Path(key)).Fail("expected a list");
    return node_.at(key);
  }
  const std::string& file() const { return file_; }

 private:
  const std::string& file_;
  const json& node_;
  std::string path_;
};

InputType ParseType(const Reader& r, const std::string& text) {
  if (text == "integer") return InputType::kInteger;
  if (text == "decimal") return InputType::kDecimal;
  if (text == "choice") return InputType::kChoice;
  if (text == "boolean") return InputType::kBoolean;
  r.Fail("unknown type '" + text + "' (integer, decimal, choice or boolean)");
}

Source ParseSource(const Reader& r, const Problem& p, const std::string& key) {
  std::string from = r.Str(key);
  size_t dot = from.find('.');
  if (dot == std::string::npos) r.Fail("'" + from + "' must be computation.output");
  Source s{from.substr(0, dot), from.substr(dot + 1), r.StrMap("set")};
  auto comp = std::find_if(p.computations.begin(), p.computations.end(),
                           [&](const Computation& c) { return c.id == s.computation; });
  if (comp == p.computations.end()) r.Fail("unknown computation '" + s.computation + "'");
  const Solver* solver = FindSolver(comp->solver);
  for (const auto& entry : s.set) {  // not a structured binding: clang 14 cannot capture one
    const std::string& name = entry.first;
    auto specs = solver->inputs();
    if (std::none_of(specs.begin(), specs.end(), [&](const InputSpec& i) { return i.name == name; }))
      r.Fail("solver '" + solver->name() + "' has no input '" + name + "'");
  }
  return s;
}

Alternative ParseAlternative(const Reader& r, const Problem& p, const std::string& fallback_from) {
  Alternative a;
  a.id = r.Str("id");
  a.label = r.Str("label");
  a.feedback = r.Str("feedback", false);
  a.credit = r.Number("credit");
  if (r.Has("from")) {
    a.source = ParseSource(r, p, "from");
  } else {
    const json node = {{"from", fallback_from}};
    Reader with_default(r.file(), node, "");
    a.source = ParseSource(with_default, p, "from");
    a.source.set = r.StrMap("set");
  }
  return a;
}

void ParseProblem(const std::string& file, const json& doc, Problem* p) {
  Reader top(file, doc, "");
  p->file = file;
  p->id = top.Str("id");
  p->title = top.Str("title");
  p->source = top.Str("source", false);
  p->statement = top.Str("statement", false);
  p->names = top.StrList("names");
  const json& params = top.Array("parameters", false);
  for (size_t i = 0; i < params.size(); ++i) {
    Reader r(file, params[i], "parameters[" + std::to_string(i) + "]");
    Parameter param;
    param.spec.name = r.Str("name");
    param.spec.type = ParseType(r, r.Str("type"));
    param.spec.default_value = r.Str("default");
    param.spec.unit = r.Str("unit", false);
    param.spec.description = r.Str("description");
    param.spec.choices = r.StrList("choices");
    param.spec.min = r.Number("min");
    param.spec.max = r.Number("max");
    if (param.spec.type == InputType::kChoice && param.spec.choices.empty()) r.Fail("a choice needs 'choices'");
    std::string error;
    if (!ParseInput(param.spec, param.spec.default_value, &error)) r.Fail("bad default: " + error);
    if (r.Has("variant")) {
      Reader v(file, params[i]["variant"], r.Path("variant"));
      VariantRange range{v.Number("min"), v.Number("max"), v.Number("step"), v.StrList("choices")};
      if (range.choices.empty() && (!range.min || !range.max)) v.Fail("needs 'min' and 'max', or 'choices'");
      if (range.step && *range.step <= 0) v.Fail("'step' must be positive");
      param.variant = range;
    }
    if (p->FindParameter(param.spec.name)) r.Fail("duplicate parameter '" + param.spec.name + "'");
    p->parameters.push_back(std::move(param));
  }
  const json& comps = top.Array("computations");
  for (size_t i = 0; i < comps.size(); ++i) {
    Reader r(file, comps[i], "computations[" + std::to_string(i) + "]");
    Computation c{r.Str("id"), r.Str("solver"), r.StrMap("inputs")};
    const Solver* solver = FindSolver(c.solver);
    if (!solver) r.Fail("unknown solver '" + c.solver + "'");
    auto specs = solver->inputs();
    for (const auto& entry : c.inputs) {  // not a structured binding: clang 14 cannot capture one
      const std::string& name = entry.first;
      if (std::none_of(specs.begin(), specs.end(), [&](const InputSpec& s) { return s.name == name; }))
        r.Fail("solver '" + c.solver + "' has no input '" + name + "'");
    }
    p->computations.push_back(std::move(c));
  }
  const json& parts = top.Array("parts");
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string part_path = "parts[" + std::to_string(i) + "]";
    Reader r(file, parts[i], part_path);
    Part part{r.Str("id"), r.Str("title"), r.Str("statement", false), {}};
    const json& answers = r.Array("answers");
    for (size_t j = 0; j < answers.size(); ++j) {
      std::string path = part_path + ".answers[" + std::to_string(j) + "]";
      Reader a(file, answers[j], path);
      AnswerSpec spec;
      spec.id = a.Str("id");
      spec.part = part.id;
      spec.description = a.Str("description");
      spec.formula = a.Str("formula", false);
      spec.text = a.Str("text", false);
      spec.options = a.StrList("options");
      spec.explanation = a.Str("explanation", false);
      if (a.Has("from")) spec.source = ParseSource(a, *p, "from");
      if (!spec.source && spec.text.empty() && spec.formula.empty())
        a.Fail("an answer needs 'from', 'text' or 'formula'");
      std::string from = a.Str("from", false);
      for (const char* list : {"conventions", "mistakes"}) {
        const json& alts = a.Array(list, false);
        for (size_t k = 0; k < alts.size(); ++k) {
          Reader alt(file, alts[k], path + "." + list + "[" + std::to_string(k) + "]");
          if (from.empty() && !alt.Has("from")) alt.Fail("needs 'from' (the answer has none)");
          Alternative parsed = ParseAlternative(alt, *p, from);
          (std::string(list) == "conventions" ? spec.conventions : spec.mistakes).push_back(std::move(parsed));
        }
      }
      if (a.Has("official")) {
        Reader o(file, answers[j]["official"], path + ".official");
        spec.official = OfficialValue{o.Str("value"), o.Str("source", false), o.Str("note", false)};
        std::string error;
        if (!ParseExact(spec.official->value, &error)) o.Fail("value '" + spec.official->value + "' is not a number");
      }
      if (p->FindAnswer(spec.id)) a.Fail("duplicate answer id '" + spec.id + "'");
      part.answers.push_back(spec.id);
      p->answers.push_back(std::move(spec));
    }
    p->parts.push_back(std::move(part));
  }
}

std::string Suggest(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(name, candidates);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
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
      Exact step = r.step ? *r.step : Exact(1);
      Exact span = (*r.max - *r.min) / step;
      Int count = numerator(span) / denominator(span) + 1;
      Int k = Int(rng.Next()) % count;
      v[p.spec.name] = ExactString(*r.min + Exact(k) * step);
    }
    try {
      for (const Computation& c : computations) SolveComputation(*this, c, v, {});
      return v;
    } catch (const Error&) {
      // The draw violates a solver constraint (e.g. divisibility): redraw.
    }
  }
  throw Error("problem '" + id + "': no valid parameters found for variant " + std::to_string(n));
}

void ProblemSet::Add(const std::string& file, const std::string& text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for "1e999"
    throw Error(file + ":" + LineCol(text, JsonErrorOffset(text, e)) + ": invalid JSON: " + JsonErrorMessage(e));
  }
  Problem p;
  ParseProblem(file, doc, &p);
  if (Find(p.id)) throw Error(file + ": duplicate problem id '" + p.id + "'");
  // Build the default key once: a wrong output name or an inconsistent
  // default fails here with the file named.
  try {
    BuildKey(p, p.Defaults());
  } catch (const Error& e) {
    throw Error(file + ": " + e.what());
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
    for (const EmbeddedFile& f : BuiltinProblemFiles()) s.Add(f.path, f.content);
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
