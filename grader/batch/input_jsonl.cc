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

#include "grader/base/json_source.h"
#include "grader/batch/input_form.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

void FromJsonl(const fs::path& path, const BatchInputOptions& o, std::vector<Submission>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out->push_back(Errored(Stem(path), PathText(path), std::string("cannot read: ") + std::strerror(errno)));
    return;
  }
  // A line may hold a response of up to max_bytes, JSON-escaped (up to 6x)
  // plus metadata; longer lines are skipped without being stored.
  const size_t max_line = o.max_bytes * 6 + (1 << 16);
  size_t line_no = 0;
  std::string line;
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
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(buf, n);
        }
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
      out->push_back(Errored(fallback_id, where, "line longer than " + std::to_string(max_line) + " bytes; skipped"));
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
    try {
      j = json::parse(line);
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
      out->push_back(Errored(fallback_id, where, "expected a JSON object with \"id\" and \"response\""));
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
      out->push_back(Errored(fallback_id, where, "missing \"id\""));
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
    static const char* kKnown[] = {"id", "model", "problem", "variant", "params", "set", "response", "error"};
    for (auto it = j.begin(); it != j.end(); ++it)
      if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return it.key() == k; }))
        s.metadata[it.key()] = it.value();
    if (j.contains("error") && !j.contains("response")) {
      s.error = "no response: " + (j["error"].is_string() ? j["error"].get<std::string>() : j["error"].dump());
    } else if (!j.contains("response") || !j["response"].is_string()) {
      s.error = "missing \"response\" (a string)";
    } else {
      s.text = j["response"].get<std::string>();
      s.error = CheckText(s.text, o.max_bytes);
      if (!s.error.empty()) s.text.clear();
      if (s.error.empty() && o.defer && line_start >= 0) {
        s.path = path.string();
        s.offset = line_start;
        s.length = line.size();
        std::string().swap(s.text);
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
  void Collect(const std::string& input, const BatchInputOptions& o, std::vector<Submission>* out) const override {
    FromJsonl(input, o, out);
  }
};

const InputFormRegistration kJsonl(std::make_unique<JsonlForm>());

}  // namespace
}  // namespace grader
