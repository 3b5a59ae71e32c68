#!/usr/bin/env python3
"""End to end (issue 15): grade the real writeups of ../shared/corpus, open the
pages a TA sends and reads in headless chromium, and follow their links as a
reader would:

- a student page: every highlighted span of the response links to the item
  that used it, and that item links back to the span (clicking both ways
  lands on the target); the score line equals the sum of the sections; no
  review reason, pattern or script reaches the student;
- the staff page of the same student: the item in review is marked and
  gives its reason;
- the summary: one row per submission, whose links open that student's
  feedback and staff pages.

  feedback_browser_test.py --grader build/grader --source . [--screenshots DIR]
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from urllib.parse import unquote, urlparse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "review"))
from review_harness import Chromium, Failure, check, grade, read_jsonl, wait_for  # noqa: E402

RUBRIC = "rubrics/cs336-transformer-accounting.json"
TWO_NAMED = "cs336_unknown_58591493841"  # one item in review; five evidence spans


def load(browser, url):
    browser.send("Page.navigate", {"url": url})
    wait_for(lambda: browser.js("document.readyState === 'complete' && location.href.split('#')[0] === %s"
                                % json.dumps(url)), "%s to load" % url)


def points(text):
    m = re.match(r"^\s*(-?[0-9.]+) / ([0-9.]+)\s*$", text)
    check(m, "not a 'points / max' text: %r" % text)
    return float(m.group(1)), float(m.group(2))


def in_view(browser, selector_js):
    return browser.js("(() => { const r = (%s).getBoundingClientRect(); return r.top >= -2 && r.bottom <= innerHeight + 2; })()"
                      % selector_js)


def student_page(browser, folder, shots):
    url = "file://" + os.path.join(folder, "feedback", TWO_NAMED + ".html")
    load(browser, url)
    record = {r["id"]: r for r in read_jsonl(os.path.join(folder, "results.jsonl"))}[TWO_NAMED]
    score = browser.js("document.querySelector('p.score strong').textContent")
    got, total = points(score)
    check(abs(got - record["score"]) < 0.005, "page score %s, results.jsonl %s" % (score, record["score"]))
    sections = browser.js("Array.from(document.querySelectorAll('section > h2 > span.pts')).map(e => e.textContent)")
    check(len(sections) >= 5, "expected the rubric's sections, got %r" % sections)
    check(abs(sum(points(s)[0] for s in sections) - got) < 0.005 and abs(sum(points(s)[1] for s in sections) - total) < 0.005,
          "sections %r do not add up to %s" % (sections, score))
    check(browser.js("document.querySelectorAll('script').length") == 0, "a script on the student page")
    check(browser.js("document.querySelectorAll('.item.review').length") == 0, "review reasons on the student page")
    if shots:
        browser.screenshot(os.path.join(shots, "student-top.png"))

    marks = browser.js("Array.from(document.querySelectorAll('pre.response mark')).map(m => "
                       "[m.id, m.querySelector('a').getAttribute('href'), m.textContent])")
    check(len(marks) == 5, "expected 5 highlighted spans, got %r" % marks)
    for mark_id, href, text in marks:
        item = "document.querySelector(%s)" % json.dumps(href)
        check(browser.js("!!%s" % item), "%s links to %s, which is not on the page" % (mark_id, href))
        back = browser.js("Array.from(%s.querySelectorAll('a[href=\"#%s\"]')).map(a => a.textContent)" % (item, mark_id))
        check(back == [text], "%s does not link back to %s with its text %r: %r" % (href, mark_id, text, back))
    # Click the span of the feed-forward choice: the page goes to its item;
    # click the item's quote: back to the span.
    mark_id, href, _ = next(m for m in marks if m[2] == "FFN")
    browser.click("document.querySelector('#%s a')" % mark_id)
    wait_for(lambda: browser.js("location.hash") == href, "the click on %s to reach %s" % (mark_id, href))
    check(in_view(browser, "document.querySelector(%s)" % json.dumps(href)), "%s is not scrolled into view" % href)
    if shots:
        browser.screenshot(os.path.join(shots, "student-item.png"),
                           "document.querySelector(%s)" % json.dumps(href))
    browser.click("document.querySelector('%s a[href=\"#%s\"]')" % (href, mark_id))
    wait_for(lambda: browser.js("location.hash") == "#" + mark_id, "the quote of %s to lead back to %s" % (href, mark_id))
    check(in_view(browser, "document.getElementById('%s')" % mark_id), "%s is not scrolled into view" % mark_id)
    if shots:
        browser.screenshot(os.path.join(shots, "student-response.png"),
                           "document.getElementById('response')")


def staff_page(browser, folder, shots):
    load(browser, "file://" + os.path.join(folder, "staff", TWO_NAMED + ".html"))
    review = browser.js("Array.from(document.querySelectorAll('.item.review')).map(e => e.textContent)")
    check(len(review) == 1, "expected one item in review on the staff page, got %r" % review)
    check("two options are named as the largest" in review[0], "the review item gives no reason: %r" % review[0])
    if shots:
        browser.screenshot(os.path.join(shots, "staff-review-item.png"), "document.querySelector('.item.review')")


def summary_page(browser, folder, corpus, shots):
    url = "file://" + os.path.join(folder, "summary.html")
    load(browser, url)
    table = ("(() => { const h = Array.from(document.querySelectorAll('h2')).find(h => h.textContent === 'Students');"
             " let t = h.nextElementSibling; while (t && t.tagName !== 'TABLE') t = t.nextElementSibling; return t; })()")
    rows = browser.js("Array.from(%s.querySelectorAll('tr')).slice(1).map(r => Array.from(r.querySelectorAll('a'))"
                      ".map(a => [a.textContent, a.href]))" % table)
    ids = sorted(os.path.splitext(n)[0] for n in os.listdir(corpus))
    check(sorted(r[0][0] for r in rows) == ids, "the Students table lists %r" % [r[0][0] for r in rows])
    for (sid, feedback), (_, staff) in rows:
        check(os.path.isfile(unquote(urlparse(feedback).path)), "%s's feedback link is broken: %s" % (sid, feedback))
        check(os.path.isfile(unquote(urlparse(staff).path)), "%s's staff link is broken: %s" % (sid, staff))
    if shots:
        browser.screenshot(os.path.join(shots, "summary-top.png"))
        browser.screenshot(os.path.join(shots, "summary-students.png"), table)
    # A TA clicks a student's id and lands on the feedback page.
    browser.click("Array.from(%s.querySelectorAll('a')).find(a => a.textContent === %s)" % (table, json.dumps(TWO_NAMED)))
    target = "file://" + os.path.join(folder, "feedback", TWO_NAMED + ".html")
    wait_for(lambda: browser.js("location.href") == target, "the Students link to open %s" % target)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", required=True)
    ap.add_argument("--source", required=True, help="the project's root")
    ap.add_argument("--screenshots", help="save the pages' PNGs here")
    ap.add_argument("--chromium", default="chromium")
    a = ap.parse_args()
    check(shutil.which(a.chromium), "%s is not installed (apt-get install chromium; build.sh test installs it)" % a.chromium)
    corpus = os.path.normpath(os.path.join(os.path.abspath(a.source), "..", "shared", "corpus", "writeups"))
    tmp = tempfile.mkdtemp(prefix="grader-feedback-e2e-")
    browser = None
    try:
        folder = os.path.join(tmp, "graded")
        grade(a.grader, os.path.join(a.source, RUBRIC), [corpus], folder)
        browser = Chromium(a.chromium)
        browser.open_page(width=1100, height=900)
        if a.screenshots:
            os.makedirs(a.screenshots, exist_ok=True)
        student_page(browser, folder, a.screenshots)
        staff_page(browser, folder, a.screenshots)
        summary_page(browser, folder, corpus, a.screenshots)
        print("feedback pages: links, totals and review marks hold in chromium")
        return 0
    except Failure as e:
        print("FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        if browser:
            browser.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
