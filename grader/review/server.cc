#include "grader/review/server.h"

#include <pthread.h>
#include <signal.h>

#include <httplib.h>

#include <thread>

#include "grader/base/error.h"
#include "reports/html.h"

namespace grader {
namespace {

using json = nlohmann::json;

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

void SendError(httplib::Response& res, int status, const std::string& message, bool as_json) {
  res.status = status;
  if (as_json) res.set_content(json{{"error", message}}.dump(), "application/json");
  else res.set_content(RenderErrorPage(status, message), "text/html; charset=utf-8");
}

bool WantsJson(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

}  // namespace

int ServeReview(const ReviewOptions& options,
                const std::function<void(const std::string& url, const ReviewSession&)>& on_ready) {
  // Signals are taken by one thread with sigwait; every thread started
  // from here on (the session's worker, the server's pool) inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGUSR1}) sigaddset(&signals, s);
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &signals, &old_mask);
  struct RestoreMask {
    sigset_t mask;
    ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{old_mask};

  ReviewSession session(options);
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(8); };
  server.set_payload_max_length(options.max_body_bytes);
  server.set_read_timeout(10);
  server.set_write_timeout(10);
  server.set_keep_alive_max_count(100);
  server.set_keep_alive_timeout(5);
  server.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  });

  int port = 0;
  const bool loopback = IsLoopback(options.bind);
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    // A page on another site may make the TA's browser send requests here:
    // DNS rebinding shows up as a foreign Host, a cross-site POST as a
    // foreign Origin.
    std::string host = req.get_header_value("Host");
    if (loopback && !host.empty()) {
      const std::string p = ":" + std::to_string(port);
      bool ok = host == "127.0.0.1" + p || host == "localhost" + p || host == "[::1]" + p || host == options.bind + p;
      if (!ok) {
        SendError(res, 403, "this server answers only to " + options.bind + p, WantsJson(req));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (req.method == "POST") {
      std::string origin = req.get_header_value("Origin");
      if (!origin.empty() && origin != "http://" + host) {
        SendError(res, 403, "cross-origin requests are refused", true);
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message = res.status == 404   ? "no such page"
                          : res.status == 413 ? "request body too large"
                          : res.status == 414 ? "request URI too long"
                                              : "bad request";
    SendError(res, res.status, message, WantsJson(req));
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string message = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      message += std::string(": ") + e.what();
    } catch (...) {
    }
    SendError(res, 500, message, WantsJson(req));
  });

  const char* kHtml = "text/html; charset=utf-8";
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) { res.set_content(session.QueuePage(), kHtml); });
  server.Get("/students", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(session.StudentsPage(), kHtml);
  });
  server.Get("/student", [&](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("id")) return SendError(res, 400, "missing ?id=", false);
    std::string id = req.get_param_value("id");
    if (auto page = session.StudentPage(id)) return res.set_content(*page, kHtml);
    SendError(res, 404, "no submission with id '" + id.substr(0, 200) + "'", false);
  });
  server.Get("/review.js", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(ReviewScript(), "text/javascript; charset=utf-8");
  });
  server.Get("/review.css", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(ReviewStyle(), "text/css; charset=utf-8");
  });
  server.Get("/api/status", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(session.Status().dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  });
  server.Post("/api/decide", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0)
      return SendError(res, 415, "send the decision as application/json", true);
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return SendError(res, 400, "the body is not JSON", true);
    ReviewSession::Reply r = session.Decide(body);
    res.status = r.status;
    res.set_content(r.body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  });

  if (options.port == 0) {
    port = server.bind_to_any_port(options.bind);
    if (port <= 0) throw Error("cannot listen on " + options.bind + " (any port)");
  } else {
    if (!server.bind_to_port(options.bind, options.port))
      throw Error("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                  " (in use? try --port 0 for any free port)");
    port = options.port;
  }
  std::string host = options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
  if (on_ready) on_ready("http://" + host + ":" + std::to_string(port) + "/", session);

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  server.listen_after_bind();
  pthread_kill(waiter.native_handle(), SIGUSR1);  // ends the waiter if the server stopped on its own
  waiter.join();
  return kExitOk;
}

}  // namespace grader
