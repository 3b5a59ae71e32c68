#include "grader/rubric/seed_import.h"

#include <algorithm>

#include <cctype>

#include "grader/check/check.h"
#include "grader/extract/extract.h"
#include "grader/base/json_source.h"
#include "grader/base/error.h"
#include "grader/base/json_error.h"
#include "grader/base/text.h"
#include "grader/base/text_position.h"
#include "grader/base/utf8.h"
#include "reference/key.h"
#include "reference/problem.h"

namespace grader {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// Splits "(High importance)" and friends off a checklist item.
std::string Importance(std::string* text) {
  for (const char* level : {"High", "Medium", "Low"}) {
    for (const std::string& form : {std::string("(") + level + " importance)", std::string("(") + level + " Importance)"}) {
      size_t at = text->find(form);
      if (at == std::string::npos) continue;
      text->erase(at, form.size());
      *text = Trim(*text);
      std::string lower = level;
      lower[0] = static_cast<char>(std::tolower(lower[0]));
      return lower;
    }
  }
  return "";
}

// An llm item for a checklist entry. Throws grader::Error `where`: "...
// is empty" when nothing is left to judge (an llm item needs a criterion).
ojson LlmItem(const std::string& id, std::string text, const std::string& where) {
  ojson item;
  item["id"] = id;
  item["kind"] = "llm";
  std::string importance = Importance(&text);
  if (Trim(text).empty()) throw Error(where + " is empty");
  item["criterion"] = text;
  if (!importance.empty()) item["importance"] = importance;
  return item;
}

ojson ExactJson(const Exact& x) {
  if (IsInteger(x)) return static_cast<long long>(numerator(x));
  return ExactString(x);
}

// Runs a registered check kind on `text` (an item's own words): used to see
// whether an item plainly states a value or a formula that the key has.
bool KindMatches(const std::string& kind, const std::string& answer_id, const std::string& text,
                 const Problem& problem, const AnswerKey& key) {
  ojson spec = {{"kind", kind}, {"answer", answer_id}};
  JsonSource src("<suggest>", spec.dump());
  CheckSource cs{&src, "", &src.root(), &problem};
  std::unique_ptr<CompiledCheck> check = FindCheckKind(kind)->Compile(cs);
  Extractions x = Extract(text);
  CheckOutcome o = check->Evaluate(CheckContext{&x, &key, ""});
  return o.credit && *o.credit == 1 && o.convention.empty();
}

// Proposes a deterministic check for an item whose text carries a number
// (at least 1000, so that 2s and 4s do not count) or a formula of the key.
std::optional<ojson> SuggestCheck(const std::string& text, const Problem& problem, const AnswerKey& key,
                                  std::string* why) {
  Extractions x = Extract(text);
  for (const KeyAnswer& a : key.answers) {
    if (!a.number || a.number->exact() < 1000 || !a.number->is_exact()) continue;
    bool present = false;
    for (const Quantity& q : x.quantities) present = present || q.value == a.number->exact();
    if (present && KindMatches("numeric", a.id, text, problem, key)) {
      *why = "states the key's value of '" + a.id + "' (" + a.number->ToString() + ")";
      return ojson{{"kind", "numeric"}, {"answer", a.id}, {"tolerance", {{"rel", "0.001"}}}};
    }
  }
  for (const KeyAnswer& a : key.answers) {
    if (a.formula.empty() || a.formula.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos)
      continue;
    if (KindMatches("formula", a.id, text, problem, key)) {
      *why = "states the key's formula for '" + a.id + "' (" + a.formula + ")";
      return ojson{{"kind", "formula"}, {"answer", a.id}};
    }
  }
  return std::nullopt;
}

// With --suggest, replaces llm items (in place) by deterministic checks.
void ApplySuggestions(ojson& items, const std::string& where, const Problem& problem, const AnswerKey& key,
                      ImportResult* result) {
  for (ojson& item : items) {
    if (item.value("kind", "") != "llm") continue;
    std::string text = item.value("criterion", "");
    std::string why;
    auto check = SuggestCheck(text, problem, key, &why);
    if (!check) continue;
    ojson replaced;
    replaced["id"] = item["id"];
    replaced["title"] = text;
    for (auto it = check->begin(); it != check->end(); ++it) replaced[it.key()] = it.value();
    if (item.contains("importance")) replaced["importance"] = item["importance"];
    if (item.contains("points")) replaced["points"] = item["points"];
    result->suggestions.push_back(where + " " + item["id"].get<std::string>() + ": " + replaced["kind"].get<std::string>() +
                                  " check, because the item " + why);
    item = replaced;
  }
}

}  // namespace

std::vector<SeedField> SplitSeedFields(const std::string& text) {
  std::vector<SeedField> fields;
  size_t pos = 0;
  int line = 1;
  std::string value;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    std::string l = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    bool header = l.rfind("# <", 0) == 0 && l.size() >= 5 && l.substr(l.size() - 2) == ">:";
    if (header) {
      if (!fields.empty()) fields.back().value = Trim(value);
      fields.push_back({l.substr(3, l.size() - 5), "", line + 1});
      value.clear();
    } else if (!fields.empty()) {
      value += l + "\n";
    }
    if (eol == std::string::npos) break;
    pos = eol + 1;
    ++line;
  }
  if (!fields.empty()) fields.back().value = Trim(value);
  return fields;
}

json ParseLenientJson(const std::string& file, const std::string& text, int first_line,
                      std::vector<std::string>* warnings) {
  // One token pass repairs what is unambiguous: a value directly after a
  // value in a list or object (a missing comma, or two strings written back
  // to back) and a comma right before a closing bracket. Anything else is
  // left for the parser to report.
  // Too deep nesting is refused first: values are dumped recursively later.
  if (size_t deep = TooDeepAt(text); deep != std::string::npos)
    throw Error(file + ":" + LineCol(text, deep, first_line) + ": nesting deeper than " + std::to_string(kMaxJsonDepth) +
                " levels");
  std::string out;
  out.reserve(text.size() + 16);
  std::vector<char> stack;       // '[' or '{'
  bool after_value = false;      // the last token ended a value
  bool after_comma = false;
  size_t comma_out = 0, comma_in = 0;  // where the last comma went (out) and stood (text)
  auto warn = [&](size_t at, const std::string& what) {
    if (warnings) warnings->push_back(file + ":" + LineCol(text, at, first_line) + ": " + what);
  };
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      out.push_back(c);
      ++i;
      continue;
    }
    bool value_start = c == '"' || c == '{' || c == '[' || c == '-' || std::isdigit(static_cast<unsigned char>(c)) ||
                       c == 't' || c == 'f' || c == 'n';
    if (value_start && after_value && !stack.empty()) {
      bool key_or_item = stack.back() == '[' || c == '"';
      if (key_or_item) {
        warn(i, std::string("inserted a missing comma before this item") + (c == '"' && out.size() && text[i - 1] == '"' ? " between two strings written back to back" : ""));
        // Put the comma right after the previous value, before any spaces.
        size_t at = out.size();
        while (at > 0 && std::isspace(static_cast<unsigned char>(out[at - 1]))) --at;
        out.insert(at, ",");
      }
    }
    if ((c == ']' || c == '}') && after_comma) {
      warn(comma_in, "removed a trailing comma");
      out.erase(comma_out, 1);
    }
    after_comma = false;
    if (c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      out.append(text, i, j - i);
      i = j;
      after_value = true;
      continue;
    }
    if (c == '{' || c == '[') {
      stack.push_back(c);
      after_value = false;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      after_value = true;
    } else if (c == ',') {
      after_comma = true;
      comma_out = out.size();
      comma_in = i;
      after_value = false;
    } else if (c == ':') {
      after_value = false;
    } else {
      // A bare literal: number, true, false, null.
      size_t j = i;
      while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) && text[j] != ',' && text[j] != ']' &&
             text[j] != '}' && text[j] != ':')
        ++j;
      out.append(text, i, j - i);
      i = j;
      after_value = true;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  try {
    return json::parse(out);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for "1e999"
    // Map back: count characters inserted or removed before pos is overkill
    // for a refusal; the line is exact because repairs never add newlines.
    throw Error(file + ":" + LineCol(out, JsonErrorOffset(out, e), first_line) +
                ": cannot repair this JSON: " + JsonErrorMessage(e));
  }
}

ImportResult ImportSeedRubric(const std::string& file, const std::string& text, const ImportOptions& options) {
  const Problem* problem =
      options.problem.empty() ? nullptr : &(options.problems ? *options.problems : BuiltinProblems()).Get(options.problem);
  ImportResult result;
  std::vector<SeedField> fields = SplitSeedFields(text);
  if (fields.empty()) throw Error(file + ":1:1: no '# <field>:' sections found; is this a seed-format rubric?");
  auto find = [&](const std::string& name) -> const SeedField* {
    for (const SeedField& f : fields)
      if (f.name == name) return &f;
    return nullptr;
  };
  for (const SeedField& f : fields) {
    static const char* known[] = {"category", "instruction", "expert_solution", "expert_checklist",
                                  "expert_list_error_rubric", "expert_brainstormed_rubric", "expert_rubric"};
    bool ok = f.name.size() > 9 && f.name.substr(f.name.size() - 9) == "_time_sec";
    for (const char* k : known) ok = ok || f.name == k;
    if (!ok) result.warnings.push_back(file + ":" + std::to_string(f.line - 1) + ":1: ignored unknown field '" + f.name + "'");
  }
  // The forms are alternative rubrics by the same experts, never parts of
  // one: import exactly one. By default the first present of: the levelled
  // expert_rubric, the brainstormed criteria, the checklist, the error list.
  std::string form = options.shapes;
  if (form == "criteria") form = "brainstormed";
  const char* field_of[][2] = {{"rubric", "expert_rubric"}, {"brainstormed", "expert_brainstormed_rubric"},
                               {"checklist", "expert_checklist"}, {"errors", "expert_list_error_rubric"}};
  if (form.empty() || form == "auto" || form == "all") {
    form.clear();
    for (auto& f : field_of)
      if (find(f[1])) {
        form = f[0];
        break;
      }
    if (form.empty())
      throw Error(file + ": nothing to import: no expert_rubric, expert_brainstormed_rubric, expert_checklist or expert_list_error_rubric");
  }
  std::string field_name;
  for (auto& f : field_of)
    if (form == f[0]) field_name = f[1];
  if (field_name.empty())
    throw Error("unknown rubric form '" + options.shapes + "' (rubric, brainstormed, checklist, errors)");
  const SeedField* chosen = find(field_name);
  if (!chosen) throw Error(file + ": no " + field_name + " to import (--shapes " + form + ")");
  auto want = [&](const char* shape) { return form == shape; };
  result.form = form;

  ojson rubric;
  std::string base_id = options.problem.empty() ? "imported" : options.problem + "-imported";
  rubric["id"] = options.rubric_id.empty() ? base_id : options.rubric_id;
  if (!options.problem.empty()) rubric["problem"] = options.problem;
  rubric["title"] = (problem ? problem->title : std::string("Imported rubric")) + " (" + field_name + ")";
  // Seed text is read as is; the rubric is JSON, which needs valid UTF-8.
  if (const SeedField* f = find("category"))
    rubric["description"] = ValidUtf8("Imported from " + file + " (" + field_name + "); category: " + f->value);
  Exact points = 0;

  const SeedField* criteria_field = want("rubric") || want("brainstormed") ? chosen : nullptr;
  if (criteria_field) {
    json list = ParseLenientJson(file, criteria_field->value, criteria_field->line, &result.warnings);
    if (!list.is_array()) throw Error(file + ":" + std::to_string(criteria_field->line) + ":1: expected a list of criteria");
    ojson criteria = ojson::array();
    for (size_t i = 0; i < list.size(); ++i) {
      const json& c = list[i];
      std::string where = file + ":" + std::to_string(criteria_field->line) + ":1: criterion " + std::to_string(i + 1);
      bool levelled = c.is_object() && c.contains("performance_to_description") && c["performance_to_description"].is_object();
      if (!c.is_object() || !c.contains("criterion") || (!levelled && (!c.contains("checklist") || !c["checklist"].is_array())))
        throw Error(where + ": expected {\"criterion\", \"weight\", \"checklist\": [...]} or {\"criterion\", \"weight\", "
                            "\"performance_to_description\": {...}}");
      auto weight = c.contains("weight") ? JsonExact(c["weight"]) : std::optional<Exact>(Exact(1));
      if (!weight) throw Error(where + ": weight is not a number");
      ojson out;
      out["id"] = "criterion-" + std::to_string(i + 1);
      out["title"] = ValidUtf8(c["criterion"].is_string() ? c["criterion"].get<std::string>() : c["criterion"].dump());
      out["weight"] = ExactJson(*weight);
      ojson checks = ojson::array();
      if (levelled) {
        // excellent / good / fair / poor: credits 1, 2/3, 1/3, 0; other
        // level names are spread evenly in the order given.
        const json& levels = c["performance_to_description"];
        static const std::map<std::string, Exact> kCredit = {
            {"excellent", Exact(1)}, {"good", Exact(2, 3)}, {"fair", Exact(1, 3)}, {"poor", Exact(0)}};
        ojson items = ojson::array();
        size_t k = 0, n = levels.size();
        for (auto it = levels.begin(); it != levels.end(); ++it, ++k) {
          auto known = kCredit.find(it.key());
          Exact credit = known != kCredit.end() ? known->second
                         : n > 1                ? Exact(static_cast<long long>(n - 1 - k), static_cast<long long>(n - 1))
                                                : Exact(1);
          std::string description = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
          items.push_back({{"level", ValidUtf8(it.key())}, {"credit", ExactString(credit)}, {"description", ValidUtf8(description)}});
        }
        if (items.empty()) throw Error(where + ": performance_to_description has no levels");
        // Best level first (the JSON object's own order is not kept).
        std::vector<ojson> sorted(items.begin(), items.end());
        std::stable_sort(sorted.begin(), sorted.end(), [](const ojson& x, const ojson& y) {
          return *ParseExact(x["credit"].get<std::string>()) > *ParseExact(y["credit"].get<std::string>());
        });
        items = sorted;
        checks.push_back({{"id", "criterion-" + std::to_string(i + 1) + "-level"}, {"kind", "levelled"},
                          {"criterion", out["title"]}, {"levels", items}});
      } else {
        for (size_t k = 0; k < c["checklist"].size(); ++k) {
          const json& item = c["checklist"][k];
          if (!item.is_string()) throw Error(where + ": checklist item " + std::to_string(k + 1) + " is not a string");
          checks.push_back(LlmItem("criterion-" + std::to_string(i + 1) + "-" + std::to_string(k + 1), item.get<std::string>(),
                                   where + ": checklist item " + std::to_string(k + 1)));
        }
      }
      if (checks.empty()) {
        // A rubric criterion needs a check: the criterion itself becomes its
        // one llm item, so its points stay in the rubric.
        result.warnings.push_back(where + ": the checklist is empty; the criterion itself becomes its one llm item");
        checks.push_back(LlmItem("criterion-" + std::to_string(i + 1) + "-1", out["title"].get<std::string>(),
                                 where + ": the criterion (its checklist is empty)"));
      }
      out["checks"] = checks;
      points += *weight;
      criteria.push_back(out);
    }
    rubric["criteria"] = criteria;
  }
  if (const SeedField* f = find("expert_checklist"); f && want("checklist")) {
    json list = ParseLenientJson(file, f->value, f->line, &result.warnings);
    if (!list.is_array()) throw Error(file + ":" + std::to_string(f->line) + ":1: expected a list of checklist items");
    ojson items = ojson::array();
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) throw Error(file + ":" + std::to_string(f->line) + ":1: checklist item " + std::to_string(i + 1) + " is not a string");
      items.push_back(LlmItem("check-" + std::to_string(i + 1), list[i].get<std::string>(),
                              file + ":" + std::to_string(f->line) + ":1: checklist item " + std::to_string(i + 1)));
    }
    rubric["checklist"] = {{"points", static_cast<long long>(items.size())}, {"items", items}};
    points += static_cast<long long>(items.size());
  }
  if (const SeedField* f = find("expert_list_error_rubric"); f && want("errors")) {
    json list = ParseLenientJson(file, f->value, f->line, &result.warnings);
    if (!list.is_array()) throw Error(file + ":" + std::to_string(f->line) + ":1: expected a list of errors");
    ojson deductions = ojson::array();
    Exact total = 0;
    for (size_t i = 0; i < list.size(); ++i) {
      const json& e = list[i];
      std::string where = file + ":" + std::to_string(f->line) + ":1: error " + std::to_string(i + 1);
      if (!e.is_object() || !e.contains("error_name") || !e.contains("delta_score"))
        throw Error(where + ": expected {\"error_name\", \"description\", \"delta_score\"}");
      auto delta = JsonExact(e["delta_score"]);
      if (!delta || *delta >= 0) throw Error(where + ": delta_score must be a negative number");
      ojson d;
      d["id"] = "error-" + std::to_string(i + 1);
      d["kind"] = "llm";
      d["title"] = e["error_name"].get<std::string>();
      // The judge decides whether the response is free of the error: the
      // deduction applies when that check fails.
      std::string description = e.contains("description") && e["description"].is_string() ? e["description"].get<std::string>() : "";
      d["criterion"] = "The response does NOT make this error: " + e["error_name"].get<std::string>() +
                       (description.empty() ? "" : ". " + description);
      d["points"] = ExactJson(*delta);
      deductions.push_back(d);
      total -= *delta;
    }
    rubric["deductions"] = deductions;
    if (points == 0) points = total;
  }
  if (points == 0) throw Error(file + ": nothing to import: no expert_rubric, expert_brainstormed_rubric, expert_checklist or expert_list_error_rubric");
  if (options.suggest && !problem) throw Error("--suggest needs --problem (its key says what to check)");
  if (options.suggest) {
    AnswerKey key = BuildKey(*problem, problem->Defaults());
    if (rubric.contains("criteria"))
      for (ojson& c : rubric["criteria"]) ApplySuggestions(c["checks"], file + ": criteria", *problem, key, &result);
    if (rubric.contains("checklist")) ApplySuggestions(rubric["checklist"]["items"], file + ": checklist", *problem, key, &result);
  }
  // Put "points" right after the header fields.
  ojson ordered;
  for (auto it = rubric.begin(); it != rubric.end(); ++it) {
    ordered[it.key()] = it.value();
    if (it.key() == "title") ordered["points"] = ExactJson(points);
  }
  if (!ordered.contains("points")) ordered["points"] = ExactJson(points);
  result.rubric = ordered;
  return result;
}

std::vector<std::string> SeedRubricForms(const std::string& text) {
  std::vector<std::string> out;
  std::vector<SeedField> fields = SplitSeedFields(text);
  for (auto [form, field] : {std::pair<const char*, const char*>{"rubric", "expert_rubric"},
                             {"brainstormed", "expert_brainstormed_rubric"}, {"checklist", "expert_checklist"},
                             {"errors", "expert_list_error_rubric"}})
    for (const SeedField& f : fields)
      if (f.name == field) {
        out.push_back(form);
        break;
      }
  return out;
}

}  // namespace grader
