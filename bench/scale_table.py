#!/usr/bin/env python3
"""Issue 17's table: grading speed on the real CS336 writeups replicated to
10,000 submissions, on 1 and 2 cores, with the output folder in RAM
(/dev/shm) and on disk, with every per-student page and with none; peak
memory at 1,000 and 10,000; answer keys per second for every shipped
problem. Each timed cell is the median of 3 runs; the targets of issue 17
are checked and the table is printed as Markdown.

  bench/scale_table.py [--build build] [--n 10000] [--runs 3] [--disk DIR] [--skip-keys]

Inputs are made once per place (bench/batch_throughput.py's --corpus set:
each writeup copied with a line of its own) and graded into a fresh output
folder each run. --disk is a folder on a disk (default: the system's temp
folder); ext4 is slow to allocate inodes for a while after many files were
deleted, so the disk runs leave their folders until the end. The machine
should be otherwise idle.
"""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from batch_throughput import make_corpus_inputs  # noqa: E402

RUBRIC = os.path.join(ROOT, "rubrics", "cs336-transformer-accounting.json")
TARGET_RAM, TARGET_DISK, TARGET_KEYS = 10000, 5000, 10000


def grade_once(grader, subs, out, jobs, feedback):
    cmd = [grader, "grade", "--rubric", RUBRIC, subs, "--out", out, "--quiet", "--jobs", str(jobs)]
    if feedback:
        cmd += ["--feedback", feedback]
    code = ("import resource, subprocess, sys, time; t = time.monotonic(); "
            "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(r.returncode, time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    rc, secs, kb = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True,
                                  check=True).stdout.split()
    if int(rc) not in (0, 1):
        sys.exit("grader exited with %s: %s" % (rc, " ".join(cmd)))
    return float(secs), int(kb) / 1024.0


def cell(grader, subs, size, n, work, jobs, feedback, runs, tag):
    speeds, peaks = [], []
    for k in range(runs):
        out = os.path.join(work, "out-%s-%d" % (tag, k))
        secs, peak = grade_once(grader, subs, out, jobs, feedback)
        speeds.append(n / secs)
        peaks.append(peak)
    med = statistics.median(speeds)
    return {"subs": med, "mbs": med * size / n / 1e6, "runs": speeds, "peak": max(peaks)}


def keys(build, runs):
    out = subprocess.run([os.path.join(build, "bench", "key_bench"), "--benchmark_filter=BM_Key(WithVersion)?/",
                          "--benchmark_format=json", "--benchmark_repetitions=%d" % runs,
                          "--benchmark_report_aggregates_only=true"], check=True, capture_output=True, text=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        # The median of the repetitions (a single run has no aggregates).
        if b.get("aggregate_name") == "median" or (runs == 1 and b.get("run_type") == "iteration"):
            rows[re.sub(r"/min_time:[0-9.]+$", "", b["run_name"])] = b["keys/s"]
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--disk", default=tempfile.gettempdir())
    ap.add_argument("--skip-keys", action="store_true")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    grader = os.path.join(build, "grader")
    lines = []
    places = [("RAM", "/dev/shm"), ("disk", a.disk)] if os.path.isdir("/dev/shm") else [("disk", a.disk)]
    results = {}
    for place, folder in places:
        work = tempfile.mkdtemp(prefix="grader-scale-", dir=folder)
        try:
            subs = os.path.join(work, "subs")
            size = make_corpus_inputs(subs, a.n)
            for feedback in ("all", "none"):
                for jobs in (1, 2):
                    tag = "%s-%s-%d" % (place, feedback, jobs)
                    r = cell(grader, subs, size, a.n, work, jobs, feedback, a.runs, tag)
                    results[(place, feedback, jobs)] = r
                    print("%-28s %7.0f submissions/s (runs %s), %5.1f MB/s, peak %.0f MB" % (
                        tag, r["subs"], ", ".join("%.0f" % s for s in r["runs"]), r["mbs"], r["peak"]), flush=True)
            if place == "RAM":
                small = os.path.join(work, "subs1k")
                make_corpus_inputs(small, 1000)
                _, peak1k = grade_once(grader, small, os.path.join(work, "out1k"), 2, "all")
                results["peak1k"] = peak1k
        finally:
            shutil.rmtree(work, ignore_errors=True)

    lines.append("| grading, %d corpus writeups | pages | 1 core | 2 cores | target (2 cores) |" % a.n)
    lines.append("|---|---|---|---|---|")
    for place, _ in places:
        for fb in ("all", "none"):
            one, two = results[(place, fb, 1)], results[(place, fb, 2)]
            target = TARGET_RAM if place == "RAM" else TARGET_DISK
            lines.append("| %s | %s | %.0f/s, %.1f MB/s | %.0f/s, %.1f MB/s | %d/s: %s |" % (
                place, fb, one["subs"], one["mbs"], two["subs"], two["mbs"], target,
                "met" if two["subs"] >= target else "not met"))
    if "peak1k" in results:
        lines.append("")
        lines.append("Peak memory (RAM, 2 cores, every page): %.0f MB at 1,000, %.0f MB at %d." % (
            results["peak1k"], results[("RAM", "all", 2)]["peak"], a.n))
    if not a.skip_keys:
        k = keys(build, a.runs)
        lines.append("")
        lines.append("| problem | keys/s | keys/s with KeyVersion | target %d/s |" % TARGET_KEYS)
        lines.append("|---|---|---|---|")
        for name in sorted(x for x in k if x.startswith("BM_Key/")):
            p = name[len("BM_Key/"):]
            v = k.get("BM_KeyWithVersion/" + p, 0)
            lines.append("| %s | %.0f | %.0f | %s |" % (p, k[name], v,
                                                       "met" if min(k[name], v) >= TARGET_KEYS else "not met"))
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
