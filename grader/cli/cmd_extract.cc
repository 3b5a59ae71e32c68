// `grader extract FILE [--part-ids a,b,c] [--json]`: show what the grader
// reads in a response (parts, quantities, equations and their truth, final
// answers, diagnostics).
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "grader/batch/inputs.h"
#include "grader/cli/command.h"
#include "grader/extract/extract.h"
#include "grader/rubric/grade.h"
#include "reference/problem.h"
#include "grader/base/error.h"

namespace grader {
namespace {

struct ExtractCliOptions {
  std::string file;
  std::string part_ids;
  std::string problem;       // read as grading for this problem does
  std::string problems_dir;
  bool json = false;
  size_t max_bytes = 1 << 20;  // as 'grader grade': larger files are refused
};

std::vector<std::string> SplitIds(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string id;
  while (std::getline(ss, id, ','))
    if (!id.empty()) out.push_back(id);
  return out;
}

std::string OneLine(std::string_view s, size_t max = 100) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out.push_back(c == '\n' || c == '\t' ? ' ' : c);
  }
  return out;
}

std::string Describe(const Quantity& q) {
  std::string s = "\"" + OneLine(q.text) + "\" = " + ExactString(q.value);
  if (q.upper) s += " to " + ExactString(*q.upper);
  if (q.unit) s += " " + q.unit->symbol + " (" + RoundSig(q.base_value, 6) + " " + q.unit->dimension + ")";
  s += ", " + std::to_string(q.sig_figs) + " sig";
  if (q.approx) s += ", approx";
  return s;
}

int RunExtract(const ExtractCliOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) throw Error("cannot read '" + o.file + "'");
  std::string text = ReadAtMost(in, o.max_bytes);
  if (text.size() > o.max_bytes)
    throw Error(o.file + ": larger than the " + std::to_string(o.max_bytes) + "-byte limit (raise it with --max-bytes)",
                kExitFailure);
  ExtractOptions options;
  options.part_ids = SplitIds(o.part_ids);
  if (!o.problem.empty()) {
    ProblemSet loaded;
    if (!o.problems_dir.empty()) loaded = LoadProblemDir(o.problems_dir);
    const ProblemSet& set = o.problems_dir.empty() ? BuiltinProblems() : loaded;
    options = ExtractOptionsFor(BuildKey(set.Get(o.problem), KeyRequest{}));
  }
  Extractions x = Extract(std::move(text), options);
  if (o.json) {
    std::cout << ToJson(x).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << o.file << ": " << x.doc.original().size() << " bytes, " << x.doc.lines().size() << " lines\n";
  if (!x.parts.section.how.empty() && x.parts.section.how != "whole")
    std::cout << "\nsection (" << x.parts.section.how << "): " << x.doc.MakeSpan(x.parts.section.range).Where() << "-"
              << x.doc.MakeSpan(x.parts.section.range.end, x.parts.section.range.end).Where()
              << (x.parts.section.heading.empty() ? "" : "  \"" + OneLine(x.parts.section.heading) + "\"") << "\n";
  std::cout << "\nparts (" << x.parts.strategy << "):\n";
  for (const FoundPart& p : x.parts.parts) {
    Span end = x.doc.MakeSpan(p.range.end, p.range.end);
    std::cout << "  " << (p.id.empty() ? "(whole)" : p.id) << "  " << p.span.Where() << "-" << end.Where()
              << (p.label.empty() ? "" : "  label \"" + p.label + "\"") << "  by " << p.how
              << (p.unsure ? " (unsure)" : "") << "\n";
    std::vector<FinalAnswer> answers = x.FinalAnswers(p.id);
    for (size_t k = 0; k < answers.size() && k < 3; ++k) {
      const Quantity& q = x.quantities[answers[k].quantity];
      std::cout << "      answer " << k + 1 << ": " << q.span.Where() << "  " << Describe(q) << "  [weight "
                << answers[k].weight << ": " << answers[k].reasons << "]\n";
    }
  }
  for (const std::string& id : x.parts.missing) std::cout << "  " << id << "  not found\n";
  std::cout << "\nquantities (" << x.quantities.size() << "):\n";
  for (const Quantity& q : x.quantities) std::cout << "  " << q.span.Where() << "  " << Describe(q) << "\n";
  std::cout << "\nequations (" << x.equations.size() << "):\n";
  for (const Equation& e : x.equations) {
    std::cout << "  " << e.span.Where() << "  [" << TruthName(e.truth) << "]  " << OneLine(e.text, 140) << "\n";
    if (e.truth == Truth::kFalse || e.truth == Truth::kRounded) {
      for (const EquationSide& s : e.sides)
        if (s.value) std::cout << "        " << OneLine(s.text, 60) << "  ->  " << s.value->ToString() << "\n";
    } else if (e.truth == Truth::kUnknown) {
      for (const EquationSide& s : e.sides)
        if (!s.value) std::cout << "        " << OneLine(s.text, 60) << "  ->  " << SideError(s) << "\n";
    }
  }
  std::cout << "\ndiagnostics (" << x.diagnostics.size() << "):\n";
  for (const Diagnostic& d : x.diagnostics) std::cout << "  " << o.file << ":" << d.span.Where() << ": " << d.message << "\n";
  return kExitOk;
}

std::function<int()> SetupExtract(CLI::App* app) {
  auto o = std::make_shared<ExtractCliOptions>();
  app->add_option("FILE", o->file, "response text file")->required();
  app->add_option("--part-ids", o->part_ids, "the problem's part ids, comma-separated (e.g. a,b,c)");
  app->add_option("--problem", o->problem,
                  "read as grading for this problem does: its section, parts, titles and units (see 'grader problems')");
  app->add_option("--problems", o->problems_dir, "load problem definitions from DIR instead of the built-in ones");
  app->add_flag("--json", o->json, "print JSON");
  app->add_option("--max-bytes", o->max_bytes, "largest file read (default 1048576)");
  return [o] { return RunExtract(*o); };
}

const CommandRegistration kExtract({"extract", "show what the grader reads in a response", SetupExtract});

}  // namespace
}  // namespace grader
