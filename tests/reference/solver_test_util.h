// Test helpers: run a registered solver and read its outputs as strings.
#ifndef GRADER_TESTS_REFERENCE_SOLVER_TEST_UTIL_H_
#define GRADER_TESTS_REFERENCE_SOLVER_TEST_UTIL_H_

#include <map>
#include <string>

#include "reference/solver.h"

namespace grader::testing {

inline SolverResult Run(const std::string& solver, const std::map<std::string, std::string>& inputs = {}) {
  const Solver* s = FindSolver(solver);
  if (!s) throw std::runtime_error("no solver " + solver);
  return s->Solve(BindInputs(*s, inputs));
}

// The exact value of a numeric output ("2127057600", "200/11").
inline std::string Get(const SolverResult& r, const std::string& id) {
  const Output* o = r.Find(id);
  if (!o) return "<missing " + id + ">";
  if (!o->number) return o->text;
  return o->number->ToString();
}

// A numeric output rounded to `sig` significant digits.
inline std::string Sig(const SolverResult& r, const std::string& id, int sig) {
  const Output* o = r.Find(id);
  if (!o || !o->number) return "<missing " + id + ">";
  return RoundSig(o->number->exact(), sig);
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_REFERENCE_SOLVER_TEST_UTIL_H_
