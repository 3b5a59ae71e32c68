#include "grader/check/check.h"

#include <cstdio>
#include <cstdlib>
#include <map>

#include "reference/problem.h"
#include "grader/base/registry.h"
#include "grader/base/suggest.h"

namespace grader {
namespace {

Registry<CheckKind>& Kinds() {
  static auto* kinds = new Registry<CheckKind>("check kind");
  return *kinds;
}

}  // namespace

std::optional<Exact> JsonExact(const nlohmann::json& v, std::string* error) {
  if (v.is_number_integer()) return Exact(v.get<long long>());
  if (v.is_number_unsigned()) return Exact(Int(v.get<unsigned long long>()));
  if (v.is_number_float()) {
    // JSON numbers are read from their shortest round-trip text, so 0.005
    // stays 0.005 rather than the nearest double.
    return ParseExact(nlohmann::json(v).dump());
  }
  if (v.is_string()) {
    std::string why;
    std::optional<Exact> x = ParseExact(v.get<std::string>(), &why);
    if (!x && error && why != "expected a number") *error = why;  // e.g. "exponent out of range (|e| <= 10000)"
    return x;
  }
  return std::nullopt;
}

void CheckSource::Fail(const std::string& field, const std::string& message) const {
  // `field` may be a relative path ("partial/0/credit").
  file->Fail(field.empty() ? pointer : pointer + "/" + field, message);
}

bool CheckSource::Has(const std::string& field) const { return spec->contains(field); }

std::string CheckSource::String(const std::string& field, const std::string& fallback) const {
  if (!spec->contains(field)) return fallback;
  const auto& v = spec->at(field);
  if (!v.is_string()) Fail(field, "expected a string");
  return v.get<std::string>();
}

std::string CheckSource::RequiredString(const std::string& field) const {
  if (!spec->contains(field)) Fail("", "missing field '" + field + "'");
  return String(field);
}

std::optional<Exact> CheckSource::Number(const std::string& field) const {
  if (!spec->contains(field)) return std::nullopt;
  std::string why;
  auto v = JsonExact(spec->at(field), &why);
  if (!v) Fail(field, "expected a number (e.g. 0.005 or \"0.005\")" + (why.empty() ? "" : ": " + why));
  return v;
}

bool CheckSource::Bool(const std::string& field, bool fallback) const {
  if (!spec->contains(field)) return fallback;
  const auto& v = spec->at(field);
  if (!v.is_boolean()) Fail(field, "expected true or false");
  return v.get<bool>();
}

std::vector<std::string> CheckSource::Strings(const std::string& field) const {
  std::vector<std::string> out;
  if (!spec->contains(field)) return out;
  const auto& v = spec->at(field);
  if (v.is_string()) return {v.get<std::string>()};
  if (!v.is_array()) Fail(field, "expected a string or a list of strings");
  for (const auto& item : v) {
    if (!item.is_string()) Fail(field, "expected a string or a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

void CheckSource::RequireAnswer(const std::string& field, const std::string& answer_id) const {
  if (!problem || problem->FindAnswer(answer_id)) return;
  if (problem->id.empty())
    Fail(field, "this rubric names no 'problem', so it has no key and no answer '" + answer_id +
                    "': add 'problem', or give a literal 'value' (with 'unit')");
  std::vector<std::string> ids;
  for (const auto& a : problem->answers) ids.push_back(a.id);
  std::string hint = ClosestName(answer_id, ids);
  Fail(field, "problem '" + problem->id + "' has no answer '" + answer_id + "'" +
                  (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
}

const CheckKind* FindCheckKind(const std::string& name) { return Kinds().Find(name); }

std::vector<const CheckKind*> AllCheckKinds() { return Kinds().All(); }

CheckKindRegistration::CheckKindRegistration(std::unique_ptr<CheckKind> kind) {
  std::string name = kind->name();
  Kinds().Add(name, std::move(kind));
}

}  // namespace grader
