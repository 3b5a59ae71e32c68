#include "reference/solver.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "grader/base/error.h"
#include "grader/base/registry.h"

namespace grader {

// Equal text, lengths first (most names differ in length).
static bool SameText(std::string_view a, std::string_view b);

namespace {

// a < b for rationals by cross-multiplication (denominators are positive):
// exact, and cheaper than boost::rational's comparison by continued fractions.
bool Less(const Exact& a, const Exact& b) {
  return numerator(a) * denominator(b) < numerator(b) * denominator(a);
}

Registry<Solver>& Solvers() {
  static auto* solvers = new Registry<Solver>("solver");
  return *solvers;
}

}  // namespace

const char* InputTypeName(InputType type) {
  switch (type) {
    case InputType::kInteger: return "integer";
    case InputType::kDecimal: return "decimal";
    case InputType::kChoice: return "choice";
    case InputType::kBoolean: return "boolean";
  }
  return "?";
}

static bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}

void SolverInputs::Set(std::string_view name, InputValue value) {
  for (size_t i = 0; i < names_.size(); ++i)
    if (SameText(names_[i], name)) {
      values_[i] = std::make_shared<const InputValue>(std::move(value));
      return;
    }
  Append(name, std::move(value));
}

const InputValue* SolverInputs::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (SameText(names_[i], name)) return values_[i].get();
  return nullptr;
}

const InputValue& SolverInputs::Get(std::string_view name) const {
  const InputValue* v = Find(name);
  if (!v) throw Error("internal: solver read undeclared input '" + std::string(name) + "'", kExitInternal);
  return *v;
}
const Exact& SolverInputs::Number(std::string_view name) const { return Get(name).number; }
const std::string& SolverInputs::Choice(std::string_view name) const { return Get(name).text; }
bool SolverInputs::Flag(std::string_view name) const { return Get(name).text == "true"; }

Output& SolverResult::Add(Output output) {
  // A duplicate id is a solver bug: every build with steps (SolveComputation,
  // `grader solvers`, the tests' eager keys) looks for it; a key's numbers
  // alone, built once per student, skip the quadratic search.
  if (steps_wanted_ && Find(output.id))
    throw Error("internal: duplicate solver output '" + output.id + "'", kExitInternal);
  // Room for the outputs wanted (a few, usually: a small block from the
  // allocator's fast path) or for a whole solve.
  if (outputs_.empty()) outputs_.reserve(wanted_ ? std::max<size_t>(wanted_->size(), 1) : 16);
  outputs_.push_back(std::move(output));
  return outputs_.back();
}

bool SolverResult::Wants(std::string_view id) const {
  if (!wanted_) return true;
  // Most ids asked for are not wanted: length and last byte settle nearly
  // all of them before a comparison of the bytes.
  const size_t size = id.size();
  if (size == 0) {
    for (const std::string& w : *wanted_)
      if (w.empty()) return true;
    return false;
  }
  const char last = id[size - 1];
  for (const std::string& w : *wanted_)
    if (w.size() == size && w[size - 1] == last && std::memcmp(w.data(), id.data(), size) == 0) return true;
  return false;
}

const Output* SolverResult::Find(const std::string& id) const {
  for (const Output& o : outputs_)
    if (o.id == id) return &o;
  return nullptr;
}

const Solver* FindSolver(const std::string& name) { return Solvers().Find(name); }

std::vector<const Solver*> AllSolvers() { return Solvers().All(); }

SolverRegistration::SolverRegistration(std::unique_ptr<Solver> solver) {
  std::string name = solver->name();
  Solvers().Add(name, std::move(solver));
}

std::optional<InputValue> ParseInput(const InputSpec& spec, const std::string& text, std::string* error) {
  InputValue v;
  auto fail = [&](const std::string& why) {
    if (error) *error = spec.name + ": " + why;
    return std::nullopt;
  };
  switch (spec.type) {
    case InputType::kChoice: {
      if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
        std::string list;
        for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
        return fail("'" + text + "' is not one of " + list);
      }
      v.text = text;
      return v;
    }
    case InputType::kBoolean: {
      if (text == "true" || text == "yes" || text == "1") v.text = "true";
      else if (text == "false" || text == "no" || text == "0") v.text = "false";
      else return fail("expected true or false, got '" + text + "'");
      return v;
    }
    case InputType::kInteger:
    case InputType::kDecimal: {
      std::string why;
      auto x = ParseExact(text, &why);
      if (!x) return fail("expected " + std::string(spec.type == InputType::kInteger ? "an integer" : "a number") +
                          ", got '" + text + "' (" + why + ")");
      if (spec.type == InputType::kInteger && !IsInteger(*x))
        return fail("expected an integer, got '" + text + "'");
      if (spec.min && Less(*x, *spec.min)) return fail(text + " is below the minimum " + ExactString(*spec.min));
      if (spec.max && Less(*spec.max, *x)) return fail(text + " is above the maximum " + ExactString(*spec.max));
      v.number = *x;
      v.text = text;
      return v;
    }
  }
  return std::nullopt;
}

namespace {

// A solver's declared inputs with their defaults parsed once.
struct DeclaredInputs {
  std::vector<InputSpec> specs;
  std::vector<std::shared_ptr<const InputValue>> defaults;  // null: the default does not parse
};

const DeclaredInputs& Declared(const Solver& solver) {
  // Solvers are registered for the life of the process and their inputs
  // never change; entries are never removed, so references stay valid.
  static std::mutex mutex;
  static auto* cache = new std::unordered_map<const Solver*, std::unique_ptr<const DeclaredInputs>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto& entry = (*cache)[&solver];
  if (!entry) {
    auto declared = std::make_unique<DeclaredInputs>();
    declared->specs = solver.inputs();
    for (const InputSpec& spec : declared->specs) {
      std::string error;
      std::optional<InputValue> v = ParseInput(spec, spec.default_value, &error);
      declared->defaults.push_back(v ? std::make_shared<const InputValue>(std::move(*v)) : nullptr);
    }
    entry = std::move(declared);
  }
  return *entry;
}

}  // namespace

const std::vector<InputSpec>& InputsOf(const Solver& solver) { return Declared(solver).specs; }

SolverInputs BindInputs(const Solver& solver, const std::map<std::string, std::string>& given) {
  SolverInputs in;
  const DeclaredInputs& declared = Declared(solver);
  in.Reserve(declared.specs.size());
  const std::vector<InputSpec>& specs = declared.specs;
  // The given text of each declared input (null: not given), in one pass.
  thread_local std::vector<const std::string*> given_text;
  given_text.assign(specs.size(), nullptr);
  for (const auto& entry : given) {
    const std::string& name = entry.first;
    size_t i = 0;
    while (i < specs.size() && !SameText(specs[i].name, name)) ++i;
    if (i == specs.size()) throw Error("solver '" + solver.name() + "' has no input '" + name + "'");
    given_text[i] = &entry.second;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    const InputSpec& spec = specs[i];
    const std::string* given_value = given_text[i];
    if ((!given_value || *given_value == spec.default_value) && declared.defaults[i]) {
      in.Append(spec.name, declared.defaults[i]);
      continue;
    }
    const std::string& text = given_value ? *given_value : spec.default_value;
    // Keys for a class read the same few values ("768", "true") again and
    // again: this thread keeps what each spec parsed them to (at most
    // kMaxParsed; a value that does not parse is not kept).
    constexpr size_t kMaxParsed = 4096;
    thread_local std::unordered_map<std::string, std::shared_ptr<const InputValue>> parsed;
    thread_local std::string parsed_key;  // reused: no allocation per input
    parsed_key.assign(reinterpret_cast<const char*>(&spec), sizeof(&spec));
    parsed_key += text;
    auto hit = parsed.find(parsed_key);
    if (hit != parsed.end()) {
      in.Append(spec.name, hit->second);
      continue;
    }
    std::string error;
    auto v = ParseInput(spec, text, &error);
    if (!v) throw Error("solver '" + solver.name() + "': " + error);
    if (parsed.size() >= kMaxParsed) parsed.clear();
    auto kept = std::make_shared<const InputValue>(std::move(*v));
    parsed.emplace(parsed_key, kept);
    in.Append(spec.name, std::move(kept));
  }
  return in;
}

std::string Show(const Exact& x) {
  if (IsInteger(x)) return GroupDigits(numerator(x));
  auto d = ExactDecimal(x);
  if (d && d->size() <= 14) return *d;
  return RoundSig(x, 6);
}

std::string Show(const Value& v) { return v.is_exact() ? Show(v.exact()) : RoundSig(v.exact(), 6); }

}  // namespace grader
