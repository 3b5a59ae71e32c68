#include "grader/llm/judge.h"

#include "grader/base/text.h"

namespace grader {
namespace {

// Returns the end (one past '}') of the balanced object starting at
// text[begin] == '{', skipping braces inside JSON strings; npos if it never
// closes.
size_t BalancedEnd(const std::string& text, size_t begin) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string::npos;
}

// Collapses whitespace runs to one space; map[i] is the original offset of
// byte i of the result (and map[size] one past the last original byte).
std::string Collapse(const std::string& text, std::vector<size_t>* map) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsAsciiSpace(text[i])) {
      if (!out.empty() && out.back() == ' ') continue;
      out += ' ';
    } else {
      out += text[i];
    }
    if (map) map->push_back(i);
  }
  if (map) map->push_back(text.size());
  return out;
}

struct SampleState {
  std::vector<ChatMessage> conversation;
  bool done = false;
  bool valid = false;
  bool failed = false;
  int invalid = 0;
  JudgeReply reply;
  std::optional<Span> span;
  std::string last_problem;  // the last invalid reason or request error
};

}  // namespace

const char* VerdictStateName(VerdictState state) {
  switch (state) {
    case VerdictState::kMet: return "met";
    case VerdictState::kNotMet: return "not_met";
    case VerdictState::kUnscored: return "unscored";
  }
  return "unscored";
}

std::string ParseJudgeReply(const std::string& text, JudgeReply* out) {
  nlohmann::json verdict;
  constexpr int kMaxCandidates = 32;  // bounds the work on a reply full of braces
  int tried = 0;
  for (size_t at = text.find('{'); at != std::string::npos && tried < kMaxCandidates;
       at = text.find('{', at + 1), ++tried) {
    size_t end = BalancedEnd(text, at);
    if (end == std::string::npos) break;
    nlohmann::json candidate = nlohmann::json::parse(text.substr(at, end - at), nullptr, false);
    if (!candidate.is_discarded() && candidate.is_object()) {
      verdict = std::move(candidate);
      break;
    }
  }
  if (!verdict.is_object()) return "reply has no JSON object";
  if (!verdict.contains("met") || !verdict["met"].is_boolean()) return "\"met\" must be true or false";
  if (!verdict.contains("evidence") || !verdict["evidence"].is_string()) return "no \"evidence\" quote";
  if (verdict.contains("explanation") && !verdict["explanation"].is_string()) {
    return "\"explanation\" must be a string";
  }
  out->met = verdict["met"].get<bool>();
  out->evidence = verdict["evidence"].get<std::string>();
  out->explanation = verdict.contains("explanation") ? verdict["explanation"].get<std::string>() : "";
  return "";
}

std::optional<Span> FindQuote(const std::string& response, const std::string& quote) {
  std::string needle = Collapse(Trim(quote), nullptr);
  if (needle.empty()) return std::nullopt;
  std::vector<size_t> map;
  std::string hay = Collapse(response, &map);
  size_t at = hay.find(needle);
  if (at == std::string::npos) return std::nullopt;
  size_t begin = map[at];
  // The end is one past the original byte of the needle's last byte, so a
  // collapsed run inside the quote covers all its original whitespace.
  size_t end = map[at + needle.size() - 1] + 1;
  return LineIndex(response).MakeSpan(begin, end);
}

std::string CheckJudgeReply(const JudgeReply& reply, const std::string& response, std::optional<Span>* span) {
  span->reset();
  if (Trim(reply.evidence).empty()) return reply.met ? "no \"evidence\" quote" : "";
  *span = FindQuote(response, reply.evidence);
  if (!*span) return "the \"evidence\" quote is not in the response";
  return "";
}

const std::string& JudgeSystemPrompt() {
  static const std::string kPrompt =
      "You grade one criterion of a student's answer to a quantitative machine-learning homework problem. "
      "Decide whether the response inside <response> meets the criterion inside <criterion>; use the "
      "reference answer inside <reference> to judge correctness. Judge only this criterion.\n"
      "Reply with only one JSON object and nothing else:\n"
      "{\"met\": true or false, \"evidence\": \"<a quote copied character for character from the response "
      "that supports your decision>\", \"explanation\": \"<one short sentence>\"}\n"
      "The evidence must appear in the response exactly as you write it. If the criterion is not met and "
      "nothing in the response is relevant, use an empty evidence string.";
  return kPrompt;
}

std::vector<ChatMessage> JudgePrompt(const JudgeItem& item, const JudgeOptions& options) {
  std::string user = "<criterion>\n" + item.criterion + "\n</criterion>\n\n<reference>\n" +
                     (item.reference.empty() ? "(none given)" : item.reference) + "\n</reference>\n\n<response>\n" +
                     item.response + "\n</response>";
  return {{"system", options.system_prompt.empty() ? JudgeSystemPrompt() : options.system_prompt}, {"user", user}};
}

std::vector<JudgeVerdict> JudgeItems(const std::vector<JudgeItem>& items, const JudgeOptions& options,
                                     const ClientOptions& client, UsageSummary* usage) {
  const int k = std::max(1, options.samples);
  std::vector<JudgeVerdict> verdicts(items.size());
  if (usage) *usage = UsageSummary();
  if (options.endpoint.empty()) {
    for (JudgeVerdict& v : verdicts) {
      v.samples = k;
      v.reason = "no judge endpoint";
    }
    return verdicts;
  }
  std::vector<SampleState> states(items.size() * k);
  for (size_t i = 0; i < items.size(); ++i) {
    for (int s = 0; s < k; ++s) states[i * k + s].conversation = JudgePrompt(items[i], options);
  }
  std::vector<ChatResponse> all_replies;
  for (int round = 0; round <= std::max(0, options.max_invalid_retries); ++round) {
    std::vector<size_t> asked;
    std::vector<ChatRequest> requests;
    for (size_t j = 0; j < states.size(); ++j) {
      if (states[j].done) continue;
      ChatRequest r;
      r.endpoint = options.endpoint;
      r.model = options.model;
      r.messages = states[j].conversation;
      r.temperature = k > 1 ? options.sample_temperature : options.temperature;
      r.max_tokens = options.max_tokens;
      r.sample = static_cast<int>(j % k);
      if (k > 1) r.extra["seed"] = r.sample;
      asked.push_back(j);
      requests.push_back(std::move(r));
    }
    if (requests.empty()) break;
    std::vector<ChatResponse> replies = RunChatBatch(requests, client);
    for (size_t n = 0; n < asked.size(); ++n) {
      SampleState& st = states[asked[n]];
      const ChatResponse& reply = replies[n];
      const std::string& response = items[asked[n] / k].response;
      if (!reply.ok()) {
        st.done = st.failed = true;
        st.last_problem = reply.error;
        continue;
      }
      std::string why = ParseJudgeReply(reply.content, &st.reply);
      if (why.empty()) why = CheckJudgeReply(st.reply, response, &st.span);
      if (why.empty()) {
        st.done = st.valid = true;
        continue;
      }
      ++st.invalid;
      st.last_problem = why;
      if (st.invalid > options.max_invalid_retries) {
        st.done = true;
        continue;
      }
      st.conversation.push_back({"assistant", reply.content});
      st.conversation.push_back(
          {"user", "Your reply could not be used: " + why +
                       ". Reply again with only the JSON object {\"met\": ..., \"evidence\": ..., \"explanation\": "
                       "...}; the evidence must be copied exactly from the text inside <response>."});
    }
    all_replies.insert(all_replies.end(), replies.begin(), replies.end());
  }
  if (usage) *usage = SummarizeUsage(all_replies);

  for (size_t i = 0; i < items.size(); ++i) {
    JudgeVerdict& v = verdicts[i];
    v.samples = k;
    std::string last_problem;
    for (int s = 0; s < k; ++s) {
      const SampleState& st = states[i * k + s];
      v.invalid_count += st.invalid;
      if (st.failed) ++v.failed_requests;
      if (!st.last_problem.empty() && !st.valid) last_problem = st.last_problem;
      if (!st.valid) continue;
      ++v.valid;
      ++(st.reply.met ? v.votes_met : v.votes_not_met);
    }
    if (v.valid == 0) {
      v.reason = "no valid verdict in " + std::to_string(k) + (k == 1 ? " sample" : " samples");
      if (!last_problem.empty()) v.reason += " (last: " + last_problem + ")";
      continue;
    }
    if (v.votes_met == v.votes_not_met) {
      v.reason = "the judge samples tied " + std::to_string(v.votes_met) + "-" + std::to_string(v.votes_not_met);
      continue;
    }
    bool met = v.votes_met > v.votes_not_met;
    v.state = met ? VerdictState::kMet : VerdictState::kNotMet;
    v.agreement = std::to_string(met ? v.votes_met : v.votes_not_met) + "/" + std::to_string(v.valid);
    for (int s = 0; s < k; ++s) {
      const SampleState& st = states[i * k + s];
      if (st.valid && st.reply.met == met) {
        v.evidence = st.span;
        v.explanation = st.reply.explanation;
        break;
      }
    }
  }
  return verdicts;
}

}  // namespace grader
