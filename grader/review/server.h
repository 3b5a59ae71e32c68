// `grader review DIR`: the review session (session.h) served over HTTP by
// cpp-httplib, on loopback unless --bind says otherwise.
//
//   GET  /                 the queue, grouped by check, then by the value read
//   GET  /students         every student with their score and review counts
//   GET  /student?id=ID    one student: all items, the response highlighted
//   GET  /review.js, /review.css   the page's script and style (embedded)
//   GET  /api/status       regrade progress, scores, each queued item's state (JSON)
//   POST /api/decide       {"items": [{"submission", "item"}], "credit", "comment", "who"} (JSON)
//
// Hostile requests get errors, never a crash: unknown paths and ids 404,
// bodies over ReviewOptions::max_body_bytes 413, a POST that is not JSON 415,
// malformed JSON 400, a Host header that is not this server's (DNS
// rebinding) or an Origin of another site 403. Pages are sent with a
// Content-Security-Policy that allows only this server's own script and
// style, so even a string that escaped escaping could not run.
#ifndef GRADER_REVIEW_SERVER_H_
#define GRADER_REVIEW_SERVER_H_

#include <functional>
#include <string>

#include "grader/review/session.h"

namespace grader {

// Serves `options.dir` until SIGINT, SIGTERM or SIGHUP (which it blocks in
// every thread and waits for). `on_ready` receives the URL once listening.
// Throws grader::Error when the folder cannot be reviewed or the address
// cannot be bound. Returns the exit code (0 after a signal).
int ServeReview(const ReviewOptions& options, const std::function<void(const std::string& url, const ReviewSession&)>& on_ready);

// The embedded page assets.
const std::string& ReviewScript();
const std::string& ReviewStyle();

}  // namespace grader

#endif  // GRADER_REVIEW_SERVER_H_
