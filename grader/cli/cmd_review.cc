// `grader review DIR`: a local page where course staff settle the items the
// grader marked review; decisions go to DIR/overrides.csv and the student is
// regraded in the background (grader/review/).
#include <iostream>
#include <memory>

#include "grader/base/error.h"
#include "grader/cli/command.h"
#include "grader/review/server.h"

namespace grader {
namespace {

std::function<int()> SetupReview(CLI::App* app) {
  auto o = std::make_shared<ReviewOptions>();
  app->add_option("dir", o->dir, "an output folder of 'grader grade --out'")->required();
  app->add_option("--port", o->port, "port to listen on; 0 picks a free one (default 8337)")->check(CLI::Range(0, 65535));
  app->add_option("--bind", o->bind,
                  "address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network, "
                  "with no login)");
  app->add_option("--who", o->who, "the name decisions carry when the page's TA box is empty (default $USER)");
  app->footer(
      "The page lists every item the grader marked review (review.csv), grouped by check and then by the\n"
      "value read, with the student's text around the evidence and a button for each credit the check\n"
      "allows (full, partial tiers, known mistakes, zero). Keys: j/n next, k previous, a accept the\n"
      "grader's credit, f full, z zero, c comment. /students links to a page per student.\n"
      "Each decision is appended at once to DIR/overrides.csv (id,check,credit,comment,who,when: the\n"
      "format --overrides reads) and the student is regraded in the background, as 'grader regrade DIR'\n"
      "would with those overrides. Ctrl-C stops the server; nothing is lost.\n\n"
      "Examples:\n"
      "  grader grade --rubric rubrics/cs336-transformer-accounting.json submissions/ --out graded\n"
      "  grader review graded                  # then open http://127.0.0.1:8337/\n"
      "  grader review graded --port 0 --who ta1");
  return [o] {
    int code = ServeReview(*o, [](const std::string& url, const ReviewSession& s) {
      for (const std::string& note : s.notes()) std::cerr << "grader: note: " << note << "\n";
      std::cout << "review: " << url << " (" << s.pending() << " items pending; decisions go to " << s.overrides_path()
                << "; Ctrl-C to stop)" << std::endl;
    });
    std::cout << "review: stopped" << std::endl;
    return code;
  };
}

const CommandRegistration kReview({"review", "serve a page where staff settle review items (decisions become overrides)",
                                   SetupReview});

}  // namespace
}  // namespace grader
