#include "grader/rubric/rubric.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "grader/base/error.h"
#include "grader/base/read_file.h"
#include "grader/base/hash.h"
#include "reference/problem.h"
#include "grader/base/suggest.h"

namespace grader {
namespace {

using json = nlohmann::json;

class RubricParser {
 public:
  RubricParser(const JsonSource& src, const ProblemSet& problems) : src_(src), problems_(problems) {}

  Rubric Parse() {
    const json& root = src_.root();
    if (!root.is_object()) src_.Fail("", "a rubric is a JSON object");
    CheckKeys(root, "", {"id", "problem", "title", "points", "floor", "cap", "unscored", "criteria", "checklist",
                         "deductions", "description", "reveal"});
    Rubric r;
    r.file = src_.file();
    r.id = Str(root, "", "id", true);
    r.problem = Str(root, "", "problem", false);
    r.title = Str(root, "", "title", false);
    problem_ = r.problem.empty() ? &keyless_ : problems_.Find(r.problem);
    if (!problem_) {
      std::vector<std::string> ids;
      for (const Problem& p : problems_.problems()) ids.push_back(p.id);
      std::string hint = ClosestName(r.problem, ids);
      src_.Fail("/problem", "unknown problem '" + r.problem + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    r.points = Num(root, "", "points", true).value();
    if (r.points <= 0) src_.Fail("/points", "must be positive");
    r.floor = Num(root, "", "floor", false).value_or(Exact(0));
    r.cap = Num(root, "", "cap", false).value_or(r.points);
    if (r.cap < r.floor) src_.Fail("/cap", "must not be below the floor");
    std::string unscored = Str(root, "", "unscored", false);
    if (unscored.empty() || unscored == "exclude") r.unscored = UnscoredPolicy::kExclude;
    else if (unscored == "zero") r.unscored = UnscoredPolicy::kZero;
    else if (unscored == "full") r.unscored = UnscoredPolicy::kFull;
    else src_.Fail("/unscored", "expected exclude, zero or full, got '" + unscored + "'");

    if (root.contains("reveal")) {
      reveal_ = ParseReveal(root, "", reveal_, true);
      r.reveal = reveal_;
      r.reveal_adjustments = reveal_adjustments_;
    }

    Exact positive = 0;
    if (root.contains("criteria")) {
      const json& list = Array(root, "", "criteria");
      for (size_t i = 0; i < list.size(); ++i) {
        r.criteria.push_back(ParseCriterion(list[i], "/criteria/" + std::to_string(i)));
        positive += r.criteria.back().weight;
      }
    }
    if (root.contains("checklist")) {
      const json& cl = root["checklist"];
      if (!cl.is_object()) src_.Fail("/checklist", "expected an object with 'points' and 'items'");
      CheckKeys(cl, "/checklist", {"points", "items"});
      r.checklist_points = Num(cl, "/checklist", "points", true).value();
      const json& items = Array(cl, "/checklist", "items");
      for (size_t i = 0; i < items.size(); ++i)
        r.checklist.push_back(ParseItem(items[i], "/checklist/items/" + std::to_string(i), ""));
      positive += r.checklist_points;
    }
    if (positive != 0 && positive != r.points)
      src_.Fail("/points", "is " + ExactString(r.points) + " but the criteria weights and checklist points add up to " +
                               ExactString(positive));
    if (root.contains("deductions")) {
      const json& list = Array(root, "", "deductions");
      for (size_t i = 0; i < list.size(); ++i) r.deductions.push_back(ParseDeduction(list[i], "/deductions/" + std::to_string(i), r));
    }
    if (r.criteria.empty() && r.checklist.empty() && r.deductions.empty())
      src_.Fail("", "a rubric needs criteria, a checklist or deductions");
    return r;
  }

 private:
  void CheckKeys(const json& obj, const std::string& ptr, std::initializer_list<const char*> allowed,
                 const std::set<std::string>& extra = {}) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = extra.count(it.key()) > 0;
      std::vector<std::string> names(extra.begin(), extra.end());
      for (const char* a : allowed) {
        names.push_back(a);
        if (it.key() == a) ok = true;
      }
      if (!ok) {
        std::string hint = ClosestName(it.key(), names);
        src_.Fail(ptr + "/" + it.key(),
                  "unknown field '" + it.key() + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
    }
  }
  std::string Str(const json& obj, const std::string& ptr, const std::string& key, bool required) {
    if (!obj.contains(key)) {
      if (required) src_.Fail(ptr, "missing field '" + key + "'");
      return "";
    }
    if (!obj[key].is_string()) src_.Fail(ptr + "/" + key, "expected a string");
    return obj[key].get<std::string>();
  }
  std::optional<Exact> Num(const json& obj, const std::string& ptr, const std::string& key, bool required) {
    if (!obj.contains(key)) {
      if (required) src_.Fail(ptr, "missing field '" + key + "'");
      return std::nullopt;
    }
    std::string why;
    auto v = JsonExact(obj[key], &why);
    if (!v) src_.Fail(ptr + "/" + key, "expected a number" + (why.empty() ? "" : ": " + why));
    return v;
  }
  const json& Array(const json& obj, const std::string& ptr, const std::string& key) {
    if (!obj.contains(key)) src_.Fail(ptr, "missing field '" + key + "'");
    if (!obj[key].is_array()) src_.Fail(ptr + "/" + key, "expected a list");
    return obj[key];
  }
  Visibility Vis(const json& obj, const std::string& ptr) {
    std::string v = Str(obj, ptr, "visibility", false);
    if (v.empty() || v == "students") return Visibility::kStudents;
    if (v == "staff") return Visibility::kStaff;
    src_.Fail(ptr + "/visibility", "expected students or staff, got '" + v + "'");
  }
  // The "reveal" object of `obj`: booleans on top of `base`; "adjustments"
  // only at the rubric level (`top`).
  Reveal ParseReveal(const json& obj, const std::string& ptr, Reveal base, bool top) {
    const std::string at = ptr + "/reveal";
    const json& rv = obj["reveal"];
    if (!rv.is_object()) src_.Fail(at, "expected an object such as {\"expected\": true, \"derivation\": false}");
    if (top) CheckKeys(rv, at, {"expected", "derivation", "feedback", "adjustments"});
    else CheckKeys(rv, at, {"expected", "derivation", "feedback"});
    auto flag = [&](const char* key, bool* out) {
      if (!rv.contains(key)) return;
      if (!rv[key].is_boolean()) src_.Fail(at + "/" + key, "expected true or false");
      *out = rv[key].get<bool>();
    };
    flag("expected", &base.expected);
    flag("derivation", &base.derivation);
    flag("feedback", &base.feedback);
    if (top) flag("adjustments", &reveal_adjustments_);
    return base;
  }
  void CheckPart(const std::string& part, const std::string& ptr) {
    if (part.empty()) return;
    if (problem_ == &keyless_) {  // no problem to check against: the part is read by its label
      if (std::find(keyless_parts_.begin(), keyless_parts_.end(), part) == keyless_parts_.end())
        keyless_parts_.push_back(part);
      return;
    }
    for (const Part& p : problem_->parts)
      if (p.id == part) return;
    std::string list;
    for (const Part& p : problem_->parts) list += (list.empty() ? "" : ", ") + p.id;
    src_.Fail(ptr + "/part", "problem '" + problem_->id + "' has no part '" + part + "' (parts: " + list + ")");
  }

  RubricItem ParseItem(const json& obj, const std::string& ptr, const std::string& inherited_part,
                       const std::set<std::string>& extra_fields = {}) {
    if (!obj.is_object()) src_.Fail(ptr, "expected an object");
    RubricItem item;
    item.id = Str(obj, ptr, "id", true);
    if (!ids_.insert(item.id).second) src_.Fail(ptr + "/id", "duplicate id '" + item.id + "'");
    item.kind = Str(obj, ptr, "kind", true);
    const CheckKind* kind = FindCheckKind(item.kind);
    if (!kind) {
      std::vector<std::string> names;
      std::string list;
      for (const CheckKind* k : AllCheckKinds()) {
        names.push_back(k->name());
        list += (list.empty() ? "" : ", ") + k->name();
      }
      std::string hint = ClosestName(item.kind, names);
      src_.Fail(ptr + "/kind", "unknown check kind '" + item.kind + "'" +
                                   (hint.empty() ? " (kinds: " + list + ")" : "; did you mean '" + hint + "'?"));
    }
    std::set<std::string> allowed = extra_fields;
    for (const std::string& f : kind->fields()) allowed.insert(f);
    CheckKeys(obj, ptr,
              {"id", "kind", "title", "description", "importance", "weight", "part", "feedback", "visibility", "reveal"},
              allowed);
    item.title = Str(obj, ptr, "title", false);
    if (item.title.empty()) item.title = Str(obj, ptr, "description", false);
    if (obj.contains("importance")) {
      std::string imp = Str(obj, ptr, "importance", false);
      if (imp == "high") item.weight = 3;
      else if (imp == "medium") item.weight = 2;
      else if (imp == "low") item.weight = 1;
      else src_.Fail(ptr + "/importance", "expected high, medium or low, got '" + imp + "'");
    }
    if (auto w = Num(obj, ptr, "weight", false)) {
      if (*w < 0) src_.Fail(ptr + "/weight", "must not be negative");
      item.weight = *w;
    }
    item.part = obj.contains("part") ? Str(obj, ptr, "part", false) : inherited_part;
    CheckPart(item.part, ptr);
    item.feedback = Str(obj, ptr, "feedback", false);
    item.visibility = Vis(obj, ptr);
    item.reveal = obj.contains("reveal") ? ParseReveal(obj, ptr, reveal_, false) : reveal_;
    item.where = src_.file() + ":" + src_.LineCol(ptr);
    CheckSource cs{&src_, ptr, &obj, problem_};
    item.check = kind->Compile(cs);
    if (problem_ == &keyless_ && item.kind == "coverage" && obj.contains("parts") && obj["parts"].is_array())
      for (const json& part : obj["parts"])
        if (part.is_string()) CheckPart(part.get<std::string>(), ptr);
    return item;
  }

  Criterion ParseCriterion(const json& obj, const std::string& ptr) {
    if (!obj.is_object()) src_.Fail(ptr, "expected an object");
    CheckKeys(obj, ptr, {"id", "title", "description", "part", "weight", "deduction_cap", "visibility", "checks"});
    Criterion c;
    c.id = Str(obj, ptr, "id", true);
    if (!ids_.insert(c.id).second) src_.Fail(ptr + "/id", "duplicate id '" + c.id + "'");
    c.title = Str(obj, ptr, "title", false);
    if (c.title.empty()) c.title = Str(obj, ptr, "description", false);
    c.part = Str(obj, ptr, "part", false);
    CheckPart(c.part, ptr);
    c.weight = Num(obj, ptr, "weight", true).value();
    if (c.weight < 0) src_.Fail(ptr + "/weight", "must not be negative");
    c.deduction_cap = Num(obj, ptr, "deduction_cap", false);
    c.visibility = Vis(obj, ptr);
    const json& checks = Array(obj, ptr, "checks");
    if (checks.empty()) src_.Fail(ptr + "/checks", "a criterion needs at least one check");
    for (size_t i = 0; i < checks.size(); ++i)
      c.items.push_back(ParseItem(checks[i], ptr + "/checks/" + std::to_string(i), c.part));
    return c;
  }

  Deduction ParseDeduction(const json& obj, const std::string& ptr, const Rubric& r) {
    Deduction d;
    d.item = ParseItem(obj, ptr, "", {"points", "repeatable", "max_count", "charge_to"});
    d.points = Num(obj, ptr, "points", true).value();
    if (d.points >= 0) src_.Fail(ptr + "/points", "a deduction's points must be negative");
    d.repeatable = obj.contains("repeatable") && obj["repeatable"].is_boolean() && obj["repeatable"].get<bool>();
    if (obj.contains("repeatable") && !obj["repeatable"].is_boolean()) src_.Fail(ptr + "/repeatable", "expected true or false");
    if (auto m = Num(obj, ptr, "max_count", false)) {
      if (!d.repeatable) src_.Fail(ptr + "/max_count", "only a repeatable deduction has a max_count");
      if (*m < 1 || !IsInteger(*m) || *m > 1000) src_.Fail(ptr + "/max_count", "expected a whole number from 1 to 1000");
      d.max_count = static_cast<int>(numerator(*m));
    } else {
      d.max_count = d.repeatable ? 1000 : 1;
    }
    d.criterion = Str(obj, ptr, "charge_to", false);
    if (!d.criterion.empty()) {
      bool found = false;
      for (const Criterion& c : r.criteria) found = found || c.id == d.criterion;
      if (!found) src_.Fail(ptr + "/charge_to", "no criterion '" + d.criterion + "'");
    }
    return d;
  }

  const JsonSource& src_;
  const ProblemSet& problems_;
  const Problem* problem_ = nullptr;
  const Problem keyless_;                  // a rubric without 'problem' is checked against no key
  std::set<std::string> ids_;
  Reveal reveal_;                     // the rubric's, read first
  bool reveal_adjustments_ = true;

 public:
  std::vector<std::string> keyless_parts_;  // parts such a rubric names, in order
};

}  // namespace

std::vector<const RubricItem*> Rubric::AllItems() const {
  std::vector<const RubricItem*> out;
  for (const Criterion& c : criteria)
    for (const RubricItem& i : c.items) out.push_back(&i);
  for (const RubricItem& i : checklist) out.push_back(&i);
  for (const Deduction& d : deductions) out.push_back(&d.item);
  return out;
}

Rubric ParseRubric(const std::string& file, const std::string& text, const ProblemSet* problems) {
  JsonSource src(file, text);
  RubricParser parser(src, problems ? *problems : BuiltinProblems());
  Rubric r = parser.Parse();
  r.keyless_parts = parser.keyless_parts_;
  r.version = ContentHash(text);
  // Each item's share of its group's points, once, not per response.
  auto shares = [](std::vector<RubricItem>& items, const Exact& points) {
    Exact total = 0;
    for (const RubricItem& item : items) total += item.weight;
    Int den = 1;
    for (RubricItem& item : items) {
      item.share = total == 0 ? Exact(0) : Exact(points * item.weight / total);
      den = boost::multiprecision::lcm(den, denominator(*item.share));
    }
    for (RubricItem& item : items) {
      item.share_num = numerator(*item.share) * (den / denominator(*item.share));
      item.share_den = den;
    }
  };
  for (Criterion& c : r.criteria) shares(c.items, c.weight);
  shares(r.checklist, r.checklist_points);
  return r;
}

Rubric LoadRubricFile(const std::string& path, const ProblemSet* problems) {
  return ParseRubric(path, ReadFileOrThrow(path, "rubric"), problems);
}

std::shared_ptr<const ProblemSet> ProblemsFor(const std::string& problem_id, const std::string& rubric_path,
                                              const std::string& problems_dir, std::string* folder) {
  namespace fs = std::filesystem;
  std::string unused;
  if (!folder) folder = &unused;
  *folder = "";
  if (!problems_dir.empty()) {
    *folder = problems_dir;
    auto set = std::make_shared<ProblemSet>(LoadProblemDir(problems_dir));
    if (!problem_id.empty()) set->Get(problem_id);  // unknown problem: say so now
    return set;
  }
  std::shared_ptr<const ProblemSet> builtin(&BuiltinProblems(), [](const ProblemSet*) {});
  if (problem_id.empty() || BuiltinProblems().Find(problem_id)) return builtin;
  fs::path rubric_folder = fs::absolute(fs::path(rubric_path)).parent_path();
  std::vector<std::string> looked;
  for (const fs::path& dir : {rubric_folder.parent_path() / "problems", rubric_folder / "problems"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    looked.push_back(dir.lexically_normal().string());
    auto set = std::make_shared<ProblemSet>(LoadProblemDir(dir.string()));
    if (set->Find(problem_id)) {
      *folder = dir.string();
      return set;
    }
  }
  try {
    BuiltinProblems().Get(problem_id);
  } catch (const Error& e) {
    std::string where;
    for (const std::string& l : looked) where += (where.empty() ? "" : ", ") + l;
    throw Error(std::string(e.what()) + "; not in the built-in problems" + (where.empty() ? "" : " nor in " + where) +
                "; give the folder with --problems DIR");
  }
  return builtin;
}

AnswerKey KeylessKey(const Rubric& rubric) {
  AnswerKey key;
  key.title = rubric.title;
  for (const std::string& id : rubric.keyless_parts) key.parts.push_back(Part{id, "", "", {}});
  return key;
}

LoadedRubric LoadRubricWithProblems(const std::string& path, const std::string& problems_dir) {
  std::string text = ReadFileOrThrow(path, "rubric");
  // The problem's id, read before the rubric is checked against it.
  std::string problem_id;
  {
    JsonSource src(path, text);
    if (src.root().is_object() && src.root().contains("problem") && src.root()["problem"].is_string())
      problem_id = src.root()["problem"].get<std::string>();
  }
  LoadedRubric loaded;
  loaded.problems = ProblemsFor(problem_id, path, problems_dir, &loaded.problems_folder);
  loaded.rubric = ParseRubric(path, text, loaded.problems.get());
  if (!loaded.rubric.problem.empty()) loaded.problem = &loaded.problems->Get(loaded.rubric.problem);
  return loaded;
}

std::string ContentHash(const std::string& bytes) {
  // Stable across machines and plenty for telling versions apart (not a
  // security hash); one pass, as a batch hashes every response.
  return Fnv1a128Hex(bytes);
}

}  // namespace grader
