#!/usr/bin/env python3
"""Batch grading throughput: grades N generated ~5 KB submissions with the
cs336 rubric through the real CLI and prints submissions/s, MB/s and peak
memory. Inputs are deterministic (fixed seed), built from the bundled sample
answers. Run twice with different N to see how memory grows.

  bench/batch_throughput.py [--build build] [--n 10000] [--jobs 0] [--tmp DIR] [--corpus] [--feedback LIST]

--corpus replicates the real CS336 writeups of ../shared/corpus/writeups
(about 7 KB each, Markdown, Typst, LaTeX, Chinese) to N instead, each copy
with a line of its own so that no two are the same.

--feedback is passed to grader grade; without it a batch of more than
5,000 gets no per-student pages (grader grade --help).

--tmp chooses where inputs and outputs go (default: the system's temp
folder). With every page the grader writes three files per submission, so on a disk
the file system's cost of creating 20,000 files shows up in the result;
--tmp /dev/shm (RAM) measures the grader itself. ext4 is slow to allocate
inodes for a minute or more after many files were deleted, so do not run
this twice in a row on a disk folder and compare.
"""
import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_inputs(folder, n, size=5000):
    examples = os.path.join(ROOT, "problems", "examples", "cs336-transformer-accounting")
    texts = [open(os.path.join(examples, f), encoding="utf-8").read() for f in sorted(os.listdir(examples))]
    rng = random.Random(1)
    total = 0
    os.makedirs(folder)
    for i in range(n):
        t = texts[i % len(texts)] + "\n\nNotes %d: the total is %d.\n" % (i, rng.randint(1, 10**9))
        while len(t) < size:
            t += "A line of working with the number %d and some words.\n" % rng.randint(1, 999)
        with open(os.path.join(folder, "s%06d.md" % i), "w", encoding="utf-8") as f:
            f.write(t)
        total += len(t.encode())
    return total


def make_corpus_inputs(folder, n):
    corpus = os.path.join(ROOT, "..", "shared", "corpus", "writeups")
    names = sorted(f for f in os.listdir(corpus) if f.startswith("cs336_"))
    texts = [open(os.path.join(corpus, f), encoding="utf-8").read() for f in names]
    total = 0
    os.makedirs(folder)
    for i in range(n):
        t = texts[i % len(texts)] + "\n\nSubmission %d.\n" % i
        with open(os.path.join(folder, "s%06d.md" % i), "w", encoding="utf-8") as f:
            f.write(t)
        total += len(t.encode())
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--tmp", default=None, help="folder for inputs and outputs (default: system temp)")
    ap.add_argument("--corpus", action="store_true", help="replicate ../shared/corpus's CS336 writeups instead")
    ap.add_argument("--feedback", default=None, help="passed to grader grade --feedback (e.g. none, html)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="grader-throughput-", dir=args.tmp)
    try:
        subs = os.path.join(work, "subs")
        size = make_corpus_inputs(subs, args.n) if args.corpus else make_inputs(subs, args.n)
        cmd = [os.path.join(args.build, "grader"), "grade", "--rubric",
               os.path.join(ROOT, "rubrics", "cs336-transformer-accounting.json"), subs,
               "--out", os.path.join(work, "out"), "--quiet"]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        if args.feedback:
            cmd += ["--feedback", args.feedback]
        start = time.monotonic()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        secs = time.monotonic() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print("submissions  %d" % args.n)
        print("input        %.1f MB" % (size / 1e6))
        print("cores        %d" % os.cpu_count())
        print("folder       %s" % os.path.dirname(work))
        print("wall         %.2f s" % secs)
        print("throughput   %.0f submissions/s, %.2f MB/s" % (args.n / secs, size / 1e6 / secs))
        print("peak memory  %.0f MB" % peak_mb)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
