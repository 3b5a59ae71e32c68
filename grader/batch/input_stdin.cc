// The "stdin" input form: "-" reads one response from standard input.
#include <iostream>

#include "grader/batch/input_form.h"

namespace grader {
namespace {

class StdinForm : public InputForm {
 public:
  std::string name() const override { return "stdin"; }
  int order() const override { return 0; }
  bool Accepts(const std::string& input, bool) const override { return input == "-"; }
  void Collect(const std::string&, const BatchInputOptions& o, SubmissionTable* out) const override {
    std::string text = ReadAtMost(std::cin, o.max_bytes);
    Submission s;
    s.id = "stdin";
    s.source = "-";
    s.error = CheckText(text, o.max_bytes);
    if (s.error.empty()) s.text = std::move(text);
    out->push_back(std::move(s));
  }
  bool single_response() const override { return true; }
};

const InputFormRegistration kStdin(std::make_unique<StdinForm>());

}  // namespace
}  // namespace grader
