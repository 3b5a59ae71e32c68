#!/usr/bin/env python3
"""End to end: grade real writeups from ../shared/corpus, start `grader review`
on the folder, and settle review items in headless chromium by clicking, as
a TA would: one group button (two students who had nothing read for
GPT-2 small's FLOPs get full credit with one click), one item button (zero,
with a comment typed into its box) and one keyboard shortcut (z). Then
assert the new lines of overrides.csv, the regraded scores in
results.jsonl, the scores the page shows, and that a restarted server
still knows every decision.

  review_browser_test.py --grader build/grader --source . [--screenshots DIR]
"""
import argparse
import csv
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_harness import Chromium, Failure, ReviewServer, check, grade, read_jsonl, wait_for  # noqa: E402

RUBRIC = "rubrics/cs336-transformer-accounting.json"
ADAMW = "cs336_unknown_15213114143_adamw_only_tied"
NO_D = "cs336_unknown_37337166215"
TWO_NAMED = "cs336_unknown_58591493841"
DEEPSEEK = "eecs182_shirley430316_deepseek_en_20251204_001113"


def item_js(sub, item):
    return ("Array.from(document.querySelectorAll('article.item')).find(e => e.dataset.sub === %r && e.dataset.item === %r)"
            % (sub, item))


def scores(folder):
    return {r["id"]: r for r in read_jsonl(os.path.join(folder, "results.jsonl"))}


def find_item(record, item_id):
    for c in record["result"]["criteria"]:
        for it in c["items"]:
            if it["id"] == item_id:
                return it
    raise Failure("%s has no item %s" % (record["id"], item_id))


def big_group(a, corpus, tmp, browser):
    """A group larger than the page shows in full (kQueueFullPerGroup, 10):
    13 copies of NO_D's writeup have nothing read for small_total. The page
    shows 10 of them in full and lists 3; the group's button settles all 13."""
    subs = os.path.join(tmp, "copies")
    os.makedirs(subs)
    with open(os.path.join(corpus, NO_D + ".md"), encoding="utf-8") as f:
        text = f.read()
    names = ["copy%02d" % i for i in range(13)]
    for n in names:
        with open(os.path.join(subs, n + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
    folder = os.path.join(tmp, "copies-graded")
    grade(a.grader, os.path.join(a.source, RUBRIC), [subs], folder)
    server = ReviewServer(a.grader, folder, ["--who", "ci-ta"])
    browser.navigate(server.url)
    group = ("Array.from(document.querySelectorAll('section.check')).find(s => s.dataset.item === 'small_total')"
             ".querySelector('section.group')")
    check(browser.js("%s.querySelectorAll('article.item').length" % group) == 10, "10 items in full")
    check(browser.js("%s.querySelectorAll('ul.rest li.item.pending').length" % group) == 3, "3 items listed")
    check(browser.js("%s.querySelector('.gpending').textContent" % group) == "13", "13 pending in the group")
    browser.click("Array.from(%s.querySelectorAll('.groupctl button.choice')).find(b => b.dataset.credit === '1')" % group)
    wait_for(lambda: browser.js("%s.querySelectorAll('.item.settled[data-sub]').length" % group) == 13, "all 13 to settle")
    wait_for(lambda: browser.js("document.body.dataset.regraded") == "1", "the regrade")
    check(browser.js("%s.querySelector('.gpending').textContent" % group) == "0", "group pending after the click")
    with open(os.path.join(folder, "overrides.csv"), newline="") as f:
        rows = list(csv.reader(f))[1:]
    check(sorted(r[0] for r in rows) == names and all(r[1:3] == ["small_total", "1"] for r in rows),
          "decisions %r" % rows)
    print("review e2e: a group of 13 (10 shown, 3 listed) settled by one click")
    return server


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", required=True)
    ap.add_argument("--source", required=True, help="the project's root")
    ap.add_argument("--screenshots", help="save review-queue.png and review-item.png here")
    ap.add_argument("--chromium", default="chromium")
    a = ap.parse_args()
    check(shutil.which(a.chromium), "%s is not installed (apt-get install chromium; build.sh test installs it)" % a.chromium)
    corpus = os.path.normpath(os.path.join(a.source, "..", "shared", "corpus", "writeups"))
    tmp = tempfile.mkdtemp(prefix="grader-review-e2e-")
    server = browser = None
    try:
        folder = os.path.join(tmp, "graded")
        grade(a.grader, os.path.join(a.source, RUBRIC), [corpus], folder)
        before = scores(folder)
        with open(os.path.join(folder, "review.csv"), newline="") as f:
            review_rows = list(csv.DictReader(f))
        check(len(review_rows) == 23, "expected 23 review rows from the corpus, got %d" % len(review_rows))
        check(not os.path.exists(os.path.join(folder, "overrides.csv")), "overrides.csv exists before review")

        server = ReviewServer(a.grader, folder, ["--who", "ci-ta"])
        check("23 items pending" in server.output.decode(), server.output.decode())
        browser = Chromium(a.chromium)
        browser.open_page()
        browser.navigate(server.url)
        check(browser.js("document.getElementById('pending').textContent") == "23", "the page does not count 23 pending")
        # The queue: small_total's first group is the two students with nothing read.
        group = ("Array.from(document.querySelectorAll('section.check')).find(s => s.dataset.item === 'small_total')"
                 ".querySelector('section.group')")
        subs = browser.js("Array.from(%s.querySelectorAll('article.item')).map(e => e.dataset.sub)" % group)
        check(sorted(subs) == sorted([ADAMW, NO_D]), "small_total's first group holds %r" % subs)
        check(browser.js("%s.querySelector('h3 code').textContent" % group) == "(nothing)", "group heading")
        # The two-options item shows its candidates highlighted in the student's text and a button per credit.
        two = item_js(TWO_NAMED, "ffn_most_flops")
        check(browser.js("%s.querySelectorAll('pre.snippet mark').length > 0" % two), "no highlight in the snippet")
        check(browser.js("%s.querySelector('.why').textContent.includes('two options are named')" % two), "no reason shown")
        labels = browser.js("Array.from(%s.querySelectorAll('button.choice')).map(b => b.dataset.credit)" % two)
        check(labels[0] == "1" and labels[-1] == "0", "choices %r" % labels)
        fp32 = browser.js("Array.from(%s.querySelectorAll('button.choice')).map(b => b.dataset.credit)" % item_js(ADAMW, "fp32_memory"))
        check("0.5" in fp32, "fp32_memory's partial tier (0.5) is not offered: %r" % fp32)
        if a.screenshots:
            os.makedirs(a.screenshots, exist_ok=True)
            browser.js("window.scrollTo(0, 0)")
            browser.screenshot(os.path.join(a.screenshots, "review-queue.png"))
            browser.screenshot(os.path.join(a.screenshots, "review-item.png"), two)

        # 1. One click settles the group: full credit for both students.
        browser.click("Array.from(%s.querySelectorAll('.groupctl button.choice')).find(b => b.dataset.credit === '1')" % group)
        wait_for(lambda: browser.js("%s.querySelectorAll('article.item.settled').length" % group) == 2, "the group to settle")
        # 2. One item: a comment, then zero.
        browser.click("%s.querySelector('input.comment')" % two)
        browser.type_text('FFN, attention and "lm_head" all named <as largest>')
        browser.click("Array.from(%s.querySelectorAll('button.choice')).find(b => b.dataset.credit === '0')" % two)
        wait_for(lambda: browser.js("%s.classList.contains('settled')" % two), "the item to settle")
        # 3. The keyboard: select an item by clicking its header, then z (zero).
        deep = item_js(DEEPSEEK, "small_total")
        browser.click("%s.querySelector('.part')" % deep)
        wait_for(lambda: browser.js("%s.classList.contains('current')" % deep), "the item to be current")
        browser.key("z")
        wait_for(lambda: browser.js("%s.classList.contains('settled')" % deep), "z to settle the item")
        # The page shows the new scores once the regrade is done.
        wait_for(lambda: browser.js("%s.querySelector('.score').classList.contains('changed')" % two), "the new score", timeout=120)
        wait_for(lambda: browser.js("document.getElementById('pending').textContent") == "19", "19 pending")

        # overrides.csv: the header and four decisions, in the order made.
        with open(os.path.join(folder, "overrides.csv"), newline="") as f:
            rows = list(csv.reader(f))
        check(rows[0] == ["id", "check", "credit", "comment", "who", "when"], "header %r" % rows[0])
        got = [r[:5] for r in rows[1:]]
        want = [[s, "small_total", "1", "", "ci-ta"] for s in (ADAMW, NO_D)]
        check(sorted(got[:2]) == sorted(want), "group decisions %r" % got[:2])
        check(got[2] == [TWO_NAMED, "ffn_most_flops", "0", 'FFN, attention and "lm_head" all named <as largest>', "ci-ta"],
              "item decision %r" % got[2])
        check(got[3] == [DEEPSEEK, "small_total", "0", "", "ci-ta"], "keyboard decision %r" % got[3])
        check(len(rows) == 5, "expected 4 decisions, got %d rows" % (len(rows) - 1))
        for r in rows[1:]:
            check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r[5]), "when %r" % r[5])

        # results.jsonl: the students were regraded with the decisions.
        def regraded():
            after = scores(folder)
            return after if all("overrides" in after[s] for s in (ADAMW, NO_D, TWO_NAMED, DEEPSEEK)) else None
        after = wait_for(regraded, "results.jsonl to carry the overrides")
        def sizes_points(record):
            return [c["points"] for c in record["result"]["criteria"] if c["id"] == "sizes"][0]
        for s in (ADAMW, NO_D):
            check(abs(sizes_points(after[s]) - sizes_points(before[s]) - 3.75) < 1e-6,
                  "%s: criterion sizes %s -> %s, expected +3.75" % (s, sizes_points(before[s]), sizes_points(after[s])))
        # NO_D's points rise by the same: from 3.75 - 5 of deductions (a false
        # equation, unanswered parts), floored at 0, to 7.5 - 5 = 2.5. ADAMW
        # answers another problem, and its deductions keep it at the floor, 0.
        def raw(record):
            return (sum(c["points"] for c in record["result"]["criteria"]) +
                    sum(d["points"] for d in record["result"].get("deductions", [])))
        check(abs(raw(after[NO_D]) - raw(before[NO_D]) - 3.75) < 1e-6 and before[NO_D]["score"] == 0 and
              abs(after[NO_D]["score"] - 2.5) < 1e-6,
              "%s: %s -> %s, expected 0 -> 2.5" % (NO_D, before[NO_D]["score"], after[NO_D]["score"]))
        check(before[ADAMW]["score"] == 0 and after[ADAMW]["score"] == 0, "%s's score %r" % (ADAMW, after[ADAMW]["score"]))
        for s in (ADAMW, NO_D):
            it = find_item(after[s], "small_total")
            check(it["status"] == "pass" and it["credit"] == 1 and it["override"]["credit"] == 1, "%s small_total %r" % (s, it))
        check(abs(after[TWO_NAMED]["score"] - (before[TWO_NAMED]["score"] - 10)) < 1e-6,
              "%s: %s -> %s, expected -10" % (TWO_NAMED, before[TWO_NAMED]["score"], after[TWO_NAMED]["score"]))
        it = find_item(after[TWO_NAMED], "ffn_most_flops")
        check(it["status"] == "fail" and it["override"]["comment"] == 'FFN, attention and "lm_head" all named <as largest>',
              "ffn_most_flops %r" % it)
        check(after[DEEPSEEK]["score"] == before[DEEPSEEK]["score"], "the keyboard decision changed no score")
        check(after[TWO_NAMED].get("review") is None and after[ADAMW]["review"] == before[ADAMW]["review"] - 1, "review counts")
        unchanged = [s for s in before if s not in (ADAMW, NO_D, TWO_NAMED, DEEPSEEK)]
        check(all(after[s]["score"] == before[s]["score"] for s in unchanged), "another student's score moved")
        page_score = browser.js("%s.querySelector('.score').textContent" % two)
        check(page_score.endswith("%g / 100" % round(after[TWO_NAMED]["score"], 2)), "page shows %r" % page_score)
        with open(os.path.join(folder, "review.csv"), newline="") as f:
            check(len(list(csv.DictReader(f))) == 19, "review.csv should list 19 items now")

        # The student's own page: every item, the response highlighted.
        browser.click("%s.querySelector('a.student')" % two)
        wait_for(lambda: browser.js("document.body && document.body.dataset.page === 'student' && document.body.dataset.ready === '1'"),
                 "the student page")
        check(browser.js("document.querySelector('h1').textContent") == TWO_NAMED, "student page heading")
        check(browser.js("document.querySelectorAll('table.items tr').length") == 18, "15 items, 2 deductions and the header on the student page")
        check(browser.js("document.querySelectorAll('pre.response mark').length") > 0, "no highlight in the response")

        # A restart loses nothing.
        check(server.stop() == 0, "grader review did not exit cleanly: %s" % server.output.decode(errors="replace"))
        server = ReviewServer(a.grader, folder)
        check("19 items pending" in server.output.decode(), server.output.decode())
        browser.navigate(server.url)
        check(browser.js("document.getElementById('pending').textContent") == "19", "pending after restart")
        check(browser.js("%s.querySelector('.state').textContent" % two).startswith("decided: credit 0 by ci-ta"),
              "state after restart")
        with open(os.path.join(folder, "overrides.csv"), newline="") as f:
            check(len(list(csv.reader(f))) == 5, "overrides.csv changed on restart")
        print("review e2e: 4 decisions by click, group click and key; scores regraded; restart kept them")
        server.stop()
        server = big_group(a, corpus, tmp, browser)
        return 0
    except Failure as e:
        print("FAIL: %s" % e)
        if server:
            print(server.output.decode(errors="replace"))
        return 1
    finally:
        if browser:
            browser.close()
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
