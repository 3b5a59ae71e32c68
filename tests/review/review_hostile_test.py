#!/usr/bin/env python3
"""`grader review` under hostile requests: unknown ids, ../ paths, oversized
bodies and headers, malformed JSON, bad credits, foreign Host and Origin
headers, garbage request lines, and submissions whose ids and text hold
<script> and <img onerror>. Each gets an error status; the pages escape
every string; the server stays up and writes no decision it was not given.

  review_hostile_test.py --grader build/grader --source .
"""
import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_harness import Failure, ReviewServer, check, grade, read_jsonl, wait_for  # noqa: E402

EVIL_FILE = "evil<i>"
EVIL_ID = "<img src=x onerror=alert(1)>"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="grader-review-hostile-")
    server = None
    try:
        subs = os.path.join(tmp, "subs")
        os.makedirs(subs)
        with open(os.path.join(subs, EVIL_FILE + ".md"), "w") as f:
            f.write('# Problem (transformer_accounting)\n\n<script>alert("pwn")</script>\n\n'
                    "The model has about 2127057600 parameters, or <b>maybe</b> 8.5 GB.\n")
        jsonl = os.path.join(tmp, "ids.jsonl")
        with open(jsonl, "w") as f:
            f.write(json.dumps({"id": EVIL_ID, "response": "<script>alert(2)</script> total params 2127057600"}) + "\n")
        folder = os.path.join(tmp, "graded")
        grade(a.grader, os.path.join(a.source, "rubrics/cs336-transformer-accounting.json"), [subs, jsonl], folder)
        server = ReviewServer(a.grader, folder)

        def expect(status, method, path, body=None, headers=None, what=""):
            got, head, reply = server.request(method, path, body, headers)
            check(got == status, "%s %s %s: expected %s, got %s (%s)" % (method, path[:80], what, status, got, reply[:200]))
            return head, reply

        # Pages: escaped, with a Content-Security-Policy that forbids inline script.
        head, page = expect(200, "GET", "/")
        text = page.decode()
        check("Content-Security-Policy: default-src 'none'; script-src 'self'" in head, "no CSP header: " + head)
        check("<script>alert" not in text and "&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;" in text,
              "the response's <script> is not escaped on the queue page")
        check("<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text, "the id is not escaped")
        check(text.count("<script") == 1, "the page holds a script other than /review.js")
        head, page = expect(200, "GET", "/student?id=" + urllib.parse.quote(EVIL_ID, safe=""))
        text = page.decode()
        check("<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in text, "student page heading not escaped")
        check("<script>alert(2)" not in text and "&lt;script&gt;alert(2)&lt;/script&gt;" in text, "response not escaped")
        expect(200, "GET", "/student?id=" + urllib.parse.quote(EVIL_FILE, safe=""))
        _, page = expect(200, "GET", "/students")
        check(b"<img src=x" not in page, "students page not escaped")

        # Unknown ids and paths.
        expect(404, "GET", "/student?id=nobody")
        _, body = expect(404, "GET", "/student?id=..%2F..%2F..%2Fetc%2Fpasswd", what="(../ id)")
        check(b"root:" not in body, "a ../ id read a file")
        expect(400, "GET", "/student", what="(no id)")
        for path in ["/../../../etc/passwd", "/review.js/../run.json", "/%2e%2e/%2e%2e/etc/passwd", "/results.jsonl",
                     "/overrides.csv", "/feedback/evil_i_.html", "/..%2frun.json"]:
            got, _, body = server.request("GET", path)
            check(got in (400, 404), "GET %s: %s" % (path, got))
            check(b"root:" not in body and b'"rubric"' not in body, "GET %s leaked a file" % path)
        expect(404, "GET", "/api/nothing")
        expect(404, "DELETE", "/api/decide")

        # Decisions that must be refused.
        def decide_status(body, status, what, headers=None):
            _, reply = expect(status, "POST", "/api/decide", body, headers, what)
            if status != 413:
                check(json.loads(reply).get("error"), "no error message for %s" % what)
        ok_item = [{"submission": EVIL_ID, "item": "total_params"}]
        decide_status(json.dumps({"items": [{"submission": "nobody", "item": "total_params"}], "credit": "1"}), 404, "unknown id")
        decide_status(json.dumps({"items": [{"submission": "../../etc/passwd", "item": "x"}], "credit": "1"}), 404, "../ id")
        decide_status(json.dumps({"items": [{"submission": EVIL_ID, "item": "nothing"}], "credit": "1"}), 404, "unknown item")
        for credit in ["2", "-1", "abc", "1e999999", "", "0.5.5"]:
            decide_status(json.dumps({"items": ok_item, "credit": credit}), 400, "credit %r" % credit)
        decide_status(json.dumps({"items": ok_item}), 400, "no credit")
        decide_status(json.dumps({"items": [], "credit": "1"}), 400, "no items")
        decide_status(json.dumps({"items": "all", "credit": "1"}), 400, "items not a list")
        decide_status(json.dumps({"items": ok_item * 1001, "credit": "1"}), 400, "too many items")
        decide_status(json.dumps({"items": ok_item, "credit": "1", "path": "../x"}), 400, "unknown field")
        decide_status(json.dumps({"items": ok_item, "credit": "1", "comment": 5}), 400, "comment not a string")
        decide_status("{not json", 400, "malformed JSON")
        decide_status("[1, 2", 400, "truncated JSON")
        decide_status(json.dumps({"items": ok_item, "credit": "1"}), 415, "form content type",
                      {"Content-Type": "application/x-www-form-urlencoded"})
        decide_status(json.dumps({"items": ok_item, "credit": "1"}), 403, "foreign origin", {"Origin": "http://evil.example"})
        # Over the limit the server answers 413 and closes without reading the
        # rest; the kernel may then reset the connection before the client
        # reads the answer (None). Either way nothing is read or written, and
        # the server stays up.
        got, _, _ = server.request("POST", "/api/decide", json.dumps({"items": ok_item, "credit": "1", "comment": "x" * 400000}))
        check(got in (413, None), "a 400 KB body: %s" % got)
        got, _, _ = server.raw(("POST /api/decide HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                                "Content-Length: 10000000000\r\n\r\n" % (server.host, server.port)).encode(), timeout=60)
        # httplib skips what it was promised until its 10 s read timeout, then
        # answers 413 or just closes: it never buffers the promised bytes.
        check(got in (413, None), "a lying Content-Length of 10 GB, no body sent: %s" % got)
        expect(200, "GET", "/", what="(after oversized bodies)")
        expect(403, "GET", "/", headers={"Host": "evil.example"}, what="(DNS rebinding)")
        expect(403, "POST", "/api/decide", json.dumps({"items": ok_item, "credit": "1"}), {"Host": "evil.example:80"},
               "(DNS rebinding)")
        got, _, _ = server.request("GET", "/?" + "a" * 20000)
        check(got in (400, 414, None), "a 20 KB URI: %s" % got)
        got, _, _ = server.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 100000 + b"\r\n\r\n")
        check(got in (None, 400, 431), "a 100 KB header: %s" % got)
        got, _, _ = server.raw(b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
        check(got in (None, 400), "garbage request line: %s" % got)
        got, _, _ = server.raw(b"POST /api/decide HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                               b"Content-Type: application/json\r\n\r\nzz\r\n")
        check(got in (None, 400, 403), "bad chunk: %s" % got)

        # Nothing was written; the server is up.
        check(not os.path.exists(os.path.join(folder, "overrides.csv")), "a refused request wrote overrides.csv")
        expect(200, "GET", "/")
        check(server.proc.poll() is None, "the server died")

        # A valid decision whose comment holds CSV and HTML syntax round-trips.
        comment = 'has "quotes", commas,\nnew lines and <script>alert(3)</script>'
        status, reply = server.decide([(EVIL_ID, "total_params")], "0.25", comment, "ta <b>")
        check(status == 200 and reply["saved"] == 1, "decision refused: %r" % reply)
        wait_for(lambda: server.get_json("/api/status")["completed"] >= reply["wait_for"], "the regrade")
        st = server.get_json("/api/status")
        check(st["error"] == "", "regrade error: %s" % st["error"])
        with open(os.path.join(folder, "overrides.csv"), newline="") as f:
            rows = list(csv.reader(f))
        check(rows[1][:5] == [EVIL_ID, "total_params", "0.25", comment.replace("\n", " "), "ta <b>"], "row %r" % rows[1])
        rec = [r for r in read_jsonl(os.path.join(folder, "results.jsonl")) if r["id"] == EVIL_ID][0]
        check(rec["overrides"] == [{"item": "total_params", "credit": 0.25, "comment": comment.replace("\n", " ")}],
              "record overrides %r" % rec["overrides"])
        _, page = expect(200, "GET", "/student?id=" + urllib.parse.quote(EVIL_ID, safe=""))
        check(b"<script>alert(3)" not in page and b"ta &lt;b&gt;" in page, "the comment or name is not escaped")
        print("review hostile: every bad request refused, every string escaped")
        return 0
    except Failure as e:
        print("FAIL: %s" % e)
        if server:
            print(server.output.decode(errors="replace"))
        return 1
    finally:
        if server:
            code = server.stop()
            if code != 0:
                print("grader review exited with %s" % code)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
