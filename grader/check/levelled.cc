// Check kind "levelled": a criterion described at several levels of
// performance (RubricEval's expert_rubric: excellent, good, fair, poor), each
// with its credit. Only a human places a response on a level, through an
// override (`id,check,credit`: the level's credit); until then the item is
// unscored, never failed. A judge model does not place levels yet.
//
//   {"id": "clarity", "kind": "levelled", "criterion": "Clarity and formatting",
//    "levels": [{"level": "excellent", "credit": "1", "description": "..."},
//               {"level": "good", "credit": "2/3", "description": "..."},
//               {"level": "fair", "credit": "1/3", "description": "..."},
//               {"level": "poor", "credit": "0", "description": "..."}]}
#include "grader/check/check.h"

namespace grader {
namespace {

struct Level {
  std::string name;
  Exact credit;
  std::string description;
};

class LevelledCheck : public CompiledCheck {
 public:
  LevelledCheck(std::string criterion, std::vector<Level> levels)
      : criterion_(std::move(criterion)), levels_(std::move(levels)) {}
  CheckOutcome Evaluate(const CheckContext&) const override {
    CheckOutcome o;
    o.expected = criterion_;
    std::string list;
    for (const Level& l : levels_) list += (list.empty() ? "" : ", ") + l.name + " " + ExactString(l.credit);
    o.detail = "levelled item: waiting for a human to place it on a level (" + list + "; use --overrides)";
    return o;  // unscored
  }

 private:
  std::string criterion_;
  std::vector<Level> levels_;
};

class LevelledKind : public CheckKind {
 public:
  std::string name() const override { return "levelled"; }
  std::vector<std::string> fields() const override { return {"criterion", "levels"}; }
  std::unique_ptr<CompiledCheck> Compile(const CheckSource& src) const override {
    std::string criterion = src.String("criterion");
    if (criterion.empty()) criterion = src.String("title");
    if (criterion.empty()) src.Fail("", "a levelled item needs 'criterion' (or 'title')");
    if (!src.Has("levels") || !(*src.spec)["levels"].is_array() || (*src.spec)["levels"].empty())
      src.Fail("levels", "expected a list of {\"level\", \"credit\", \"description\"}");
    std::vector<Level> levels;
    const nlohmann::json& list = (*src.spec)["levels"];
    for (size_t i = 0; i < list.size(); ++i) {
      CheckSource sub{src.file, src.pointer + "/levels/" + std::to_string(i), &list[i], src.problem};
      if (!list[i].is_object()) sub.Fail("", "expected {\"level\", \"credit\", \"description\"}");
      for (auto it = list[i].begin(); it != list[i].end(); ++it)
        if (it.key() != "level" && it.key() != "credit" && it.key() != "description")
          sub.Fail(it.key(), "unknown field '" + it.key() + "' (level, credit, description)");
      Level l{sub.RequiredString("level"), 0, sub.String("description")};
      auto credit = sub.Number("credit");
      if (!credit || *credit < 0 || *credit > 1) sub.Fail("credit", "expected a credit from 0 to 1");
      l.credit = *credit;
      levels.push_back(std::move(l));
    }
    return std::make_unique<LevelledCheck>(criterion, std::move(levels));
  }
};

const CheckKindRegistration kLevelled(std::make_unique<LevelledKind>());

}  // namespace
}  // namespace grader
