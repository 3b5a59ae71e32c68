#!/usr/bin/env python3
"""Peak memory of `grader grade` on one JSONL file of N records (or, with
--form folder, a folder of N response files), for several N (default 10^4,
10^5 and 10^6): memory should not grow with the number of submissions
(issues 13 and 17). Each record is a short answer to the cs336 problem
with its own id, model and one metadata field; the output folder is written
in full (two feedback files per record). 10^6 writes two million files: give
--tmp a disk folder with 20 GB free, never /dev/shm (a tmpfs holds each small
file in a 4 KB page and fills the machine's memory), and expect 10 minutes
or more.

  bench/jsonl_memory.py [--build build] [--n 10000 100000 1000000] [--tmp DIR] [--jobs 0]
                        [--grade-seconds S] [--form jsonl|folder] [--feedback LIST]

--feedback is passed to grader grade (e.g. none: no per-student pages, so a
run of 10^6 writes a few files instead of three million).

Prints one line per N: records, seconds, peak RSS (MB), and the same as
bytes per record above the smallest N. With --grade-seconds, each run is
watched (/proc/PID/status every 0.1 s) and stopped S seconds after grading
starts (when out/.journal.jsonl appears): it prints the peak of planning and
the peak and RSS when stopped, and how many records were graded by then
(a way to measure 10^6 without writing two million files).
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_jsonl(path, n):
    answer = ("(a) The model has 2,127,057,600 parameters.\n"
              "(b) fp32 memory: 8,508,230,400 bytes.\n")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": "r%07d" % i, "model": "model-%d" % (i % 3), "seed": i,
                                "response": answer + "Note %d.\n" % i}) + "\n")


def write_folder(path, n):
    answer = ("(a) The model has 2,127,057,600 parameters.\n"
              "(b) fp32 memory: 8,508,230,400 bytes.\n")
    os.makedirs(path)
    for i in range(n):
        with open(os.path.join(path, "r%07d.md" % i), "w", encoding="utf-8") as f:
            f.write(answer + "Note %d.\n" % i)


def peak_rss_mb(cmd):
    # A fresh process per run, so that ru_maxrss of RUSAGE_CHILDREN is this run's.
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1]) / 1024.0


def watch(n, cmd, out, seconds):
    """Runs cmd, printing its peak RSS when grading starts and `seconds` later."""
    start = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)

    def status():
        d = {}
        try:
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in ("VmRSS", "VmHWM"):
                        d[k] = int(v.split()[0]) / 1024.0
        except OSError:
            pass
        return d

    last, grading = {}, None
    while p.poll() is None:
        last = status() or last
        if grading is None and os.path.exists(os.path.join(out, ".journal.jsonl")):
            grading = time.time()
            print("n=%d: planned in %.1f s, peak %.1f MB, RSS %.1f MB" % (n, grading - start, last.get("VmHWM", 0),
                                                                      last.get("VmRSS", 0)), flush=True)
        if grading is not None and time.time() - grading > seconds:
            last = status() or last
            p.terminate()
            p.wait()
            break
        time.sleep(0.1)
    feedback = os.path.join(out, "feedback")
    graded = sum(1 for f in os.listdir(feedback) if f.endswith(".md")) if os.path.isdir(feedback) else 0
    print("n=%d: %.0f s later, peak %.1f MB, RSS %.1f MB, %d records graded" % (
        n, time.time() - (grading or start), last.get("VmHWM", 0), last.get("VmRSS", 0), graded), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, nargs="+", default=[10000, 100000, 1000000])
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    ap.add_argument("--jobs", default="0")
    ap.add_argument("--grade-seconds", type=float, default=None)
    ap.add_argument("--form", choices=["jsonl", "folder"], default="jsonl")
    ap.add_argument("--feedback", default=None)
    a = ap.parse_args()
    extra_args = ["--feedback", a.feedback] if a.feedback else []
    grader = os.path.join(a.build, "grader")
    rubric = os.path.join(ROOT, "rubrics", "cs336-transformer-accounting.json")
    base = None
    for n in sorted(a.n):
        work = tempfile.mkdtemp(prefix="grader-jsonl-mem-", dir=a.tmp)
        try:
            if a.form == "jsonl":
                jsonl = os.path.join(work, "answers.jsonl")
                write_jsonl(jsonl, n)
            else:
                jsonl = os.path.join(work, "subs")
                write_folder(jsonl, n)
            if a.grade_seconds is not None:
                watch(n, [grader, "grade", "--rubric", rubric, jsonl, "--out", os.path.join(work, "out"), "-q",
                          "--jobs", a.jobs] + extra_args, os.path.join(work, "out"), a.grade_seconds)
                continue
            start = time.time()
            code, mb = peak_rss_mb([grader, "grade", "--rubric", rubric, jsonl, "--out", os.path.join(work, "out"),
                                    "-q", "--jobs", a.jobs] + extra_args)
            secs = time.time() - start
            if code not in (0, 1):
                sys.exit("grader exited with %d at n=%d" % (code, n))
            extra = "" if base is None else ", %.0f bytes/record above n=%d" % ((mb - base[1]) * 1048576 / (n - base[0]), base[0])
            print("n=%d: %.1f s, peak %.1f MB%s" % (n, secs, mb, extra), flush=True)
            if base is None:
                base = (n, mb)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
