#include "grader/rubric/grade.h"

#include "reference/key_render.h"
#include "reference/units.h"

namespace grader {

std::string KeyVersion(const AnswerKey& key) { return ContentHash(KeyToJson(key).dump()); }

Result GradeExtractions(const Rubric& rubric, const AnswerKey& key, const Extractions& x, const GradeOptions& options) {
  Result r = Score(
      rubric,
      [&](const RubricItem& item) {
        CheckContext ctx{&x, &key, item.part};
        if (item.check->NeedsJudgment() && options.judge) return options.judge(item, ctx);
        return item.check->Evaluate(ctx);
      },
      options.overrides);
  r.key_version = options.key_version.empty() ? KeyVersion(key) : options.key_version;
  return r;
}

ExtractOptions ExtractOptionsFor(const AnswerKey& key) {
  ExtractOptions eo;
  eo.names = key.names;
  for (const Part& p : key.parts) {
    eo.part_ids.push_back(p.id);
    PartSpec spec{p.id, p.title, p.statement, {}};
    for (const std::string& a : p.answers)
      if (const KeyAnswer* k = key.Find(a); k && !k->unit.empty())
        if (const Unit* u = FindUnit(k->unit)) spec.dimensions.push_back(u->dimension);
    eo.parts.push_back(std::move(spec));
  }
  return eo;
}

Result GradeText(const Rubric& rubric, const AnswerKey& key, const std::string& text, const GradeOptions& options) {
  ExtractOptions eo = ExtractOptionsFor(key);
  eo.section_only = true;  // the checks read only the problem's section
  Extractions x = Extract(text, eo);
  return GradeExtractions(rubric, key, x, options);
}

}  // namespace grader
