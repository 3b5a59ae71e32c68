#include "grader/rubric/grade.h"

#include "reference/key_render.h"

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

Result GradeText(const Rubric& rubric, const AnswerKey& key, const std::string& text, const GradeOptions& options) {
  ExtractOptions eo;
  for (const Part& p : key.parts) eo.part_ids.push_back(p.id);
  Extractions x = Extract(text, eo);
  return GradeExtractions(rubric, key, x, options);
}

}  // namespace grader
