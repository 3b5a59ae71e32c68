#!/usr/bin/env python3
"""Peak memory of `grader grade` on one JSONL file of N records, for several
N (default 10^4, 10^5 and 10^6): memory should not grow with the number of
submissions (issue 13). Each record is a short answer to the cs336 problem
with its own id, model and one metadata field; the output folder is written
in full (two feedback files per record). 10^6 writes two million files: give
--tmp a disk folder with 20 GB free, never /dev/shm (a tmpfs holds each small
file in a 4 KB page and fills the machine's memory), and expect 10 minutes
or more.

  bench/jsonl_memory.py [--build build] [--n 10000 100000 1000000] [--tmp DIR] [--jobs 0]

Prints one line per N: records, seconds, peak RSS (MB), and the same as
bytes per record above the smallest N.
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


def peak_rss_mb(cmd):
    # A fresh process per run, so that ru_maxrss of RUSAGE_CHILDREN is this run's.
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1]) / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, nargs="+", default=[10000, 100000, 1000000])
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    ap.add_argument("--jobs", default="0")
    a = ap.parse_args()
    grader = os.path.join(a.build, "grader")
    rubric = os.path.join(ROOT, "rubrics", "cs336-transformer-accounting.json")
    base = None
    for n in sorted(a.n):
        work = tempfile.mkdtemp(prefix="grader-jsonl-mem-", dir=a.tmp)
        try:
            jsonl = os.path.join(work, "answers.jsonl")
            write_jsonl(jsonl, n)
            start = time.time()
            code, mb = peak_rss_mb([grader, "grade", "--rubric", rubric, jsonl, "--out", os.path.join(work, "out"),
                                    "-q", "--jobs", a.jobs])
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
