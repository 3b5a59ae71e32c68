// The "jsonl" input form: one submission per line, an object with "id" and
// "response" (and optionally "model", "problem", "variant", "params"; other
// fields are kept as metadata). A bad line becomes one error submission.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "grader/base/json_source.h"
#include "grader/batch/input_form.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The top-level "id" of a line's beginning (a string or a number), read
// without building the rest: a line too long to keep still names its
// student when "id" comes first.
class IdReader : public nlohmann::json_sax<json> {
 public:
  std::string id;
  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t v) override { return Number(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Number(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return Number(s); }
  bool string(string_t& v) override {
    if (depth_ == 1 && key_ == "id") id = v;
    return Value();
  }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override { return ++depth_, Value(); }
  bool end_object() override { return --depth_, Value(); }
  bool start_array(std::size_t) override { return ++depth_, Value(); }
  bool end_array() override { return --depth_, Value(); }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool Number(const std::string& s) {
    if (depth_ == 1 && key_ == "id") id = s;
    return Value();
  }
  bool Value() { return id.empty(); }
  int depth_ = 0;
  std::string key_;
};

// The id of a line too long to keep, from its first and last 64 KB: a
// top-level "id" before the response, else a last `"id": "..."` member
// just before the closing brace's run of members. "" when neither is found.
std::string IdOfLongLine(const std::string& head, const std::string& tail) {
  IdReader reader;
  json::sax_parse(head, &reader, json::input_format_t::json, false);
  if (!reader.id.empty()) return reader.id;
  for (size_t at = tail.rfind("\"id\""); at != std::string::npos && at > 0; at = tail.rfind("\"id\"", at - 1)) {
    size_t before = tail.find_last_not_of(" \t", at - 1);
    if (before == std::string::npos || (tail[before] != ',' && tail[before] != '{')) continue;
    size_t colon = tail.find_first_not_of(" \t", at + 4);
    if (colon == std::string::npos || tail[colon] != ':') continue;
    size_t value = tail.find_first_not_of(" \t", colon + 1);
    if (value == std::string::npos || tail[value] != '"') continue;
    size_t end = value + 1;
    while (end < tail.size() && tail[end] != '"') end += tail[end] == '\\' ? 2 : 1;
    if (end >= tail.size()) continue;
    json id = json::parse(tail.substr(value, end - value + 1), nullptr, false);
    if (id.is_string() && !id.get<std::string>().empty()) return id.get<std::string>();
  }
  return "";
}

void FromJsonl(const fs::path& path, const BatchInputOptions& o, SubmissionTable* out) {
  // Only a regular file: a FIFO would block, /dev/zero never end.
  EntryInfo info = InspectEntry(path, o);
  if (!info.error.empty() || !info.is_regular) {
    out->push_back(Errored(Stem(path), PathText(path), info.error.empty() ? "a folder" : info.error));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out->push_back(Errored(Stem(path), PathText(path), std::string("cannot read: ") + std::strerror(errno)));
    return;
  }
  // A line may hold a response of up to max_bytes, JSON-escaped (up to 6x)
  // plus metadata; longer lines are skipped without being stored.
  // (Saturating: --max-bytes 18446744073709551615 means no limit, not a wrap.)
  constexpr size_t kSlack = 1 << 16;
  const size_t max_line = o.max_bytes > (SIZE_MAX - kSlack) / 6 ? SIZE_MAX : o.max_bytes * 6 + kSlack;
  constexpr size_t kKept = 1 << 16;  // of a line too long: its first and last bytes, for its id
  size_t line_no = 0;
  std::string line, head, tail;
  while (true) {
    line.clear();
    long long line_start = static_cast<long long>(in.tellg());
    bool too_long = false, got = false;
    char buf[1 << 16];
    while (in.getline(buf, sizeof buf) || in.gcount() > 0) {
      got = true;
      size_t n = static_cast<size_t>(in.gcount());
      bool complete = !in.fail();
      if (complete && n > 0) --n;  // the '\n' counted by gcount
      if (!too_long) {
        if (line.size() + n > max_line) {
          too_long = true;
          head = line.substr(0, kKept);
          tail = line.size() > kKept ? line.substr(line.size() - kKept) : line;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(buf, n);
        }
      }
      if (too_long) {
        if (head.size() < kKept) head.append(buf, std::min(n, kKept - head.size()));
        tail.append(buf, n);
        if (tail.size() > 2 * kKept) tail.erase(0, tail.size() - kKept);
      }
      if (complete) break;
      in.clear();  // a partial line: keep reading
      if (in.peek() == EOF) break;
    }
    if (!got) break;
    ++line_no;
    std::string where = PathText(path) + ":" + std::to_string(line_no);
    std::string fallback_id = Stem(path) + ":" + std::to_string(line_no);
    if (too_long) {
      std::string id = IdOfLongLine(head, tail);
      out->push_back(Errored(id.empty() ? fallback_id : PathText(id), where,
                             "line longer than " + std::to_string(max_line) + " bytes (a response of at most --max-bytes " +
                                 std::to_string(o.max_bytes) + " bytes, JSON-escaped); skipped"));
      std::string().swap(head);
      std::string().swap(tail);
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (TooDeepAt(line) != std::string::npos) {
      // Parsing is iterative, but a record's metadata is dumped recursively.
      out->push_back(Errored(fallback_id, where, "invalid JSON: nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
      continue;
    }
    json j;
    std::string duplicate;  // a top-level key given twice: which one counts is anyone's guess
    try {
      std::set<std::string> keys;
      json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 1 && duplicate.empty() &&
            !keys.insert(parsed.get<std::string>()).second)
          duplicate = parsed.get<std::string>();
        return true;
      };
      j = json::parse(line, cb);
    } catch (const json::parse_error& e) {
      std::string what = e.what();
      size_t at = what.find("parse error");
      out->push_back(Errored(fallback_id, where, "invalid JSON: " + (at == std::string::npos ? what : what.substr(at))));
      continue;
    } catch (const std::exception& e) {
      out->push_back(Errored(fallback_id, where, std::string("invalid JSON: ") + e.what()));
      continue;
    }
    if (!j.is_object()) {
      out->push_back(Errored(fallback_id, where, "expected a JSON object with \"id\" and \"response\", not " +
                                                     std::string(j.is_array() ? "an " : "a ") + j.type_name()));
      continue;
    }
    if (j.contains("id") && !j["id"].is_string() && !j["id"].is_number()) {
      const char* type = j["id"].type_name();
      out->push_back(Errored(fallback_id, where, std::string("\"id\" must be a string or a number, not ") +
                                                     (j["id"].is_array() || j["id"].is_object() ? "an " : "a ") + type));
      continue;
    }
    if (!duplicate.empty()) {
      std::string id = j.contains("id") && j["id"].is_string() ? PathText(j["id"].get<std::string>()) : fallback_id;
      out->push_back(Errored(id.empty() ? fallback_id : id, where,
                             "the key \"" + PathText(duplicate) + "\" appears twice in the object; which one counts is "
                             "ambiguous, so the line is not graded"));
      continue;
    }
    Submission s;
    s.source = where;
    auto str = [&](const char* key) -> std::string {
      if (!j.contains(key)) return "";
      if (j[key].is_string()) return j[key].get<std::string>();
      if (j[key].is_number()) return j[key].dump();
      return "";
    };
    s.id = str("id");
    if (s.id.empty()) {
      out->push_back(Errored(fallback_id, where, j.contains("id") ? "\"id\" is empty" : "missing \"id\""));
      continue;
    }
    s.model = str("model");
    s.problem = str("problem");
    if (j.contains("variant") && !j["variant"].is_null()) {
      if (!j["variant"].is_number_integer() || j["variant"].get<long long>() < 0) {
        out->push_back(Errored(s.id, where, "\"variant\" must be a whole number"));
        continue;
      }
      s.variant = static_cast<long>(j["variant"].get<long long>());
    }
    if (j.contains("params") || j.contains("set")) {
      const json& p = j.contains("params") ? j["params"] : j["set"];
      if (p.is_object()) {
        for (auto it = p.begin(); it != p.end(); ++it) s.params[it.key()] = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
      }
    }
    s.metadata = JsonlMetadata(j);
    if (j.contains("error") && !j.contains("response")) {
      s.error = "no response: " + (j["error"].is_string() ? j["error"].get<std::string>() : j["error"].dump());
    } else if (!j.contains("response") || !j["response"].is_string()) {
      s.error = "missing \"response\" (a string)";
    } else {
      s.text = j["response"].get<std::string>();
      s.error = CheckText(s.text, o.max_bytes);
      if (!s.error.empty()) s.text.clear();
      if (s.error.empty() && o.defer && line_start >= 0) {
        if (PathText(path) != path.string()) s.path = path.string();  // else `source` names it
        s.offset = line_start;
        s.length = line.size();
        std::string().swap(s.text);
        s.metadata = nullptr;  // read again with the response (LoadDeferred): memory stays flat
      }
    }
    out->push_back(std::move(s));
  }
}

class JsonlForm : public InputForm {
 public:
  std::string name() const override { return "jsonl"; }
  int order() const override { return 30; }
  bool Accepts(const std::string& input, bool is_dir) const override {
    return !is_dir && fs::path(input).extension() == ".jsonl";
  }
  bool AcceptsEntry(const fs::path& entry, bool is_dir, const BatchInputOptions&) const override {
    return !is_dir && entry.extension() == ".jsonl";
  }
  void Collect(const std::string& input, const BatchInputOptions& o, SubmissionTable* out) const override {
    // Each line is compacted as it is added (SubmissionTable): no vector of
    // a million full submissions, however briefly.
    FromJsonl(input, o, out);
  }
};

const InputFormRegistration kJsonl(std::make_unique<JsonlForm>());

}  // namespace

nlohmann::ordered_json JsonlMetadata(const json& j) {
  static const char* kKnown[] = {"id", "model", "problem", "variant", "params", "set", "response", "error"};
  nlohmann::ordered_json metadata;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return it.key() == k; }))
      metadata[it.key()] = it.value();
  return metadata;
}

}  // namespace grader
