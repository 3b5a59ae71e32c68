#include "grader/batch/grade_one.h"

#include <cstdint>
#include <string_view>

#include "grader/base/hash.h"
#include "grader/llm/chat.h"
#include "grader/rubric/grade.h"
#include "reference/key_render.h"
#include "reports/json_writer.h"
#include "reports/result_json.h"

namespace grader {
namespace {

void WriteBase(JsonWriter& w, const Submission& s, const std::string& file_id) {
  w.Key("id");
  w.String(s.id);
  w.Key("file_id");
  w.String(file_id);
  w.Key("source");
  w.String(s.source);
  if (!s.model.empty()) {
    w.Key("model");
    w.String(s.model);
  }
  if (!s.problem.empty()) {
    w.Key("problem");
    w.String(s.problem);
  }
  if (s.variant) {
    w.Key("variant");
    w.Int(*s.variant);
  }
  if (!s.params.empty()) {
    w.Key("params");
    w.BeginObject();
    for (const auto& [name, value] : s.params) {
      w.Key(name);
      w.String(value);
    }
    w.EndObject();
  }
  if (!s.metadata.empty()) {
    w.Key("metadata");
    w.Json(s.metadata);
  }
}

void Number(JsonWriter& w, const char* key, const Exact& x) {
  w.Key(key);
  WriteJsonNumber(w, x);
}

// The judge's verdict in place of an llm item's own (unscored) outcome.
CheckOutcome Judged(const ItemVerdicts& verdicts, const RubricItem& item, const CheckContext& ctx) {
  CheckOutcome out = item.check->Evaluate(ctx);
  auto it = verdicts.find(item.id);
  if (it == verdicts.end()) return out;
  const JudgeVerdict& v = it->second;
  if (v.state == VerdictState::kUnscored) {
    out.detail = "judge: left unscored (" + v.reason + ")";
    return out;
  }
  out.credit = Exact(v.state == VerdictState::kMet ? 1 : 0);
  out.detail = std::string("judge: ") + VerdictStateName(v.state) + (v.agreement.empty() ? "" : " (" + v.agreement + ")") +
               (v.explanation.empty() ? "" : ": " + v.explanation);
  if (v.evidence) {
    Range r = ctx.extractions->PartRange(item.part);
    Span sp = ctx.extractions->doc.MakeSpan(r.begin + v.evidence->begin, r.begin + v.evidence->end);
    out.evidence.push_back({sp, std::string(ctx.extractions->doc.Quote(sp))});
  }
  return out;
}

}  // namespace

// The student's own parameters, as the line's "variant" and "params" hold them.
static void SetParams(const Submission& s, ReportRecord* r) {
  if (s.variant) r->variant = std::to_string(*s.variant);
  for (const auto& [name, value] : s.params) r->params.emplace_back(name, value);
}

GradedLine ErrorSubmission(const Submission& s, const std::string& file_id, const std::string& error) {
  JsonWriter w;
  w.BeginObject();
  WriteBase(w, s, file_id);
  w.Key("status");
  w.String(StatusName(RecordStatus::kError));
  w.Key("error");
  w.String(error);
  w.EndObject();
  GradedLine out{w.Take(), ReportError(s.id, file_id, s.model, error)};
  SetParams(s, &out.record);
  return out;
}

GradedLine GradeSubmission(const Rubric& rubric, const SubmissionJob& job) {
  const Submission& s = job.submission;
  GradeOptions go;
  go.key_version = job.key.version;
  if (job.key.extract) go.extract = &*job.key.extract;
  if (job.overrides) go.overrides = *job.overrides;
  if (job.verdicts) {
    const ItemVerdicts* verdicts = job.verdicts;
    go.judge = [verdicts](const RubricItem& item, const CheckContext& ctx) { return Judged(*verdicts, item, ctx); };
  }
  Result res;
  try {
    res = GradeText(rubric, job.key.key, s.text, go);
  } catch (const std::exception& e) {
    return ErrorSubmission(s, job.file_id, std::string("internal error while grading: ") + e.what());
  }
  // Sized by this thread's previous line (a run's lines are of a size):
  // the line's string is allocated once, not grown a dozen times.
  thread_local size_t last_line = 0;
  JsonWriter w;
  w.Reserve(last_line + last_line / 4);
  w.BeginObject();
  WriteBase(w, s, job.file_id);
  w.Key("content_hash");
  w.String(job.content_hash);
  w.Key("fingerprint");
  w.String(job.fingerprint);
  w.Key("status");
  w.String(StatusName(RecordStatus::kGraded));
  Number(w, "score", res.score);
  Number(w, "max", res.max);
  Number(w, "normalized", res.normalized);
  Number(w, "scored_max", res.scored_max);
  w.Key("unscored");
  w.Int(res.unscored);
  if (res.review > 0) {  // absent when 0, so records without review items are unchanged
    w.Key("review");
    w.Int(res.review);
  }
  w.Key("result");
  WriteResultJson(w, res);
  if (!go.overrides.empty()) {
    w.Key("overrides");
    w.BeginArray();
    for (const Override& ov : go.overrides) {
      w.BeginObject();
      w.Key("item");
      w.String(ov.item_id);
      Number(w, "credit", ov.credit);
      w.Key("comment");
      w.String(ov.comment);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("versions");
  WriteVersions(w, res);
  w.EndObject();
  GradedLine out;
  last_line = w.str().size();
  out.line = w.Take();
  out.record = ReportFromResult(s.id, job.file_id, s.model, std::move(res));
  SetParams(s, &out.record);
  return out;
}

// ContentHash of the fields joined by '|' (a recorded value: a rerun
// compares it). FNV-1a reads bytes in order, so the pieces are hashed one
// after another instead of being joined into a string first.
std::string SubmissionFingerprint(const FingerprintInputs& in) {
  Fnv1aPair h;
  auto hash = [&](std::string_view piece) { h = Fnv1a128(piece, h); };
  for (std::string_view piece : {std::string_view(in.content_hash), std::string_view(in.rubric_version),
                                 std::string_view(in.key_version), std::string_view(GraderVersion()),
                                 std::string_view(in.overrides), std::string_view(in.judge),
                                 std::string_view(in.file_id), std::string_view(in.gradescope ? "gs" : "")}) {
    hash(piece);
    hash("|");
  }
  hash(in.head);
  return Fnv1aHex(h);
}

std::string SubmissionHead(const Submission& s, const std::string& file_id) {
  JsonWriter w;
  w.BeginObject();
  WriteBase(w, s, file_id);
  w.EndObject();
  return w.Take();
}

std::string JudgeFingerprint(const JudgeOptions& j) {
  if (j.endpoint.empty()) return "no-judge";
  // Without the URL's password or keys: changing them changes no verdict.
  return RedactUrl(j.endpoint) + "|" + j.model + "|" + std::to_string(j.samples) + "|" + std::to_string(j.max_invalid_retries);
}

std::string JudgeReferenceFor(const AnswerKey& key, const std::string& part) {
  std::string ref;
  for (const KeyAnswer& a : key.answers) {
    if (!part.empty() && a.part != part) continue;
    std::string v = a.number ? DisplayValue(*a.number, a.unit) : (a.text.empty() ? a.formula : a.text);
    ref += (ref.empty() ? "" : "; ") + a.description + ": " + v;
    if (ref.size() > 2000) break;
  }
  return ref;
}

}  // namespace grader
