// The LLM judge: decides the rubric items no pattern can ("is the
// explanation clear") by asking a model, and distrusts its answer.
//
// The judge sees the criterion, the response part in scope and the
// reference answer, and must reply with one JSON object:
//
//   {"met": true, "evidence": "<verbatim quote from the response>", "explanation": "<one sentence>"}
//
// A reply is read leniently (bare JSON, JSON in a ``` fence, JSON followed
// by prose: the first balanced {...} that parses) and checked strictly:
// `met` must be a boolean and `evidence` a quote that occurs in the
// response (whitespace runs compared as one space). A verdict of met needs
// a quote; not met may have an empty one (an absence cannot be quoted). An
// invalid reply is re-asked, with the reason, up to max_invalid_retries
// times; a sample that stays invalid gives no vote. With K samples the
// majority of the valid votes decides; no valid vote or a tie leaves the
// item unscored, never failed.
//
//   JudgeOptions judge;
//   judge.endpoint = "http://127.0.0.1:8000/v1";
//   judge.model = "judge";
//   judge.samples = 3;
//   std::vector<JudgeVerdict> v = JudgeItems({{criterion, response_part, reference}}, judge, ClientOptions());
//   v[0].state == VerdictState::kMet;  v[0].agreement == "2/3";  v[0].evidence->Quote(response_part);
#ifndef GRADER_LLM_JUDGE_H_
#define GRADER_LLM_JUDGE_H_

#include <optional>
#include <string>
#include <vector>

#include "grader/llm/chat.h"
#include "grader/llm/client.h"
#include "grader/extract/span.h"

namespace grader {

struct JudgeItem {
  std::string criterion;  // what must hold, in words
  std::string response;   // the response part in scope; evidence spans index into it
  std::string reference;  // the key's reference answer for this part ("" when none)
};

struct JudgeOptions {
  std::string endpoint;             // "": no judge, every item is unscored
  std::string model;
  int samples = 1;                  // K: ask K times, the majority decides
  int max_invalid_retries = 2;      // re-asks per sample after an invalid reply
  double temperature = 0.0;         // used when samples == 1
  double sample_temperature = 0.7;  // used when samples > 1 (each sample also sends "seed": its index)
  int max_tokens = 400;
  std::string system_prompt;        // "": the built-in instructions (JudgeSystemPrompt())
};

enum class VerdictState { kMet, kNotMet, kUnscored };

// "met", "not_met" or "unscored".
const char* VerdictStateName(VerdictState state);

struct JudgeVerdict {
  VerdictState state = VerdictState::kUnscored;
  int samples = 0;          // asked
  int valid = 0;            // samples that ended with a valid verdict
  int votes_met = 0;
  int votes_not_met = 0;
  std::string agreement;    // majority votes / valid votes ("2/3"); "" without a majority
  std::optional<Span> evidence;  // in JudgeItem::response, from the first sample on the winning side
  std::string explanation;       // from the same sample
  int invalid_count = 0;    // invalid replies, re-asks included
  int failed_requests = 0;  // samples whose HTTP request failed for good
  std::string reason;       // why unscored; "" otherwise
};

// A reply that parsed: not yet checked against the response.
struct JudgeReply {
  bool met = false;
  std::string evidence;
  std::string explanation;
};

// Reads the first balanced {...} of `text` that parses as a JSON object.
// Returns "" or why the reply is invalid: "reply has no JSON object",
// "\"met\" must be true or false", "no \"evidence\" quote",
// "\"explanation\" must be a string".
std::string ParseJudgeReply(const std::string& text, JudgeReply* out);

// Returns where `quote` occurs in `response`, comparing runs of whitespace
// as one space and ignoring the quote's leading and trailing whitespace;
// nothing when it does not occur or is blank.
std::optional<Span> FindQuote(const std::string& response, const std::string& quote);

// Returns "" when `reply` is a usable verdict on `response`, else why not
// (the messages of ParseJudgeReply, or "the \"evidence\" quote is not in
// the response"); fills *span with the quote's place when there is one.
std::string CheckJudgeReply(const JudgeReply& reply, const std::string& response, std::optional<Span>* span);

// The built-in system prompt.
const std::string& JudgeSystemPrompt();

// Returns the messages of the first question about `item`.
std::vector<ChatMessage> JudgePrompt(const JudgeItem& item, const JudgeOptions& options);

// Judges every item; all requests of a round go through one RunChatBatch,
// so client.concurrency applies across items. Returns one verdict per
// item, in order. When `usage` is given, it receives the HTTP and token
// accounting of every request made. With no endpoint, makes no request.
std::vector<JudgeVerdict> JudgeItems(const std::vector<JudgeItem>& items, const JudgeOptions& options,
                                     const ClientOptions& client, UsageSummary* usage = nullptr);

}  // namespace grader

#endif  // GRADER_LLM_JUDGE_H_
