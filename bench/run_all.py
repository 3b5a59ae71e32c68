#!/usr/bin/env python3
"""Runs every benchmark of the project and prints one table.

  bench/run_all.py [--build build] [--record]

Rows: extraction MB/s (bench/extract_bench), answer keys regenerated per
second (bench/key_bench), batch grading with the cs336 rubric on 10,000
generated ~5 KB submissions in RAM (/dev/shm) and on disk (submissions/s,
MB/s, peak memory), peak memory at 1,000 submissions (memory is flat when
the two agree), and LLM client requests/s against the loopback fixture
server (tests/fixtures/llm_server.py). Every input is generated
deterministically. --record also writes the table to bench/RESULTS.md with
the machine's core count and the date.

The machine should be otherwise idle; on a shared 2-core VM results vary by
+-15% from run to run, so each timed row is the median of three runs.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def gbench(binary, filt):
    out = subprocess.run([binary, "--benchmark_filter=" + filt, "--benchmark_format=json",
                          "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            # "BM_Extract/min_time:2.000" -> "BM_Extract", "BM_Key/eecs182-lora/min_time:1.000" -> "BM_Key/eecs182-lora"
            rows[re.sub(r"/min_time:[0-9.]+$", "", b["run_name"])] = b
    return rows


def throughput(build, n, tmp=None):
    # Every page, as the rows recorded before (a batch above 5,000 gets none by default).
    cmd = [sys.executable, os.path.join(ROOT, "bench", "batch_throughput.py"), "--build", build, "--n", str(n),
           "--feedback", "all"]
    if tmp:
        cmd += ["--tmp", tmp]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    subs = float(re.search(r"throughput\s+(\d+) submissions/s, ([\d.]+) MB/s", out).group(1))
    mbs = float(re.search(r"submissions/s, ([\d.]+) MB/s", out).group(1))
    peak = float(re.search(r"peak memory\s+(\d+) MB", out).group(1))
    return subs, mbs, peak


def median_of(runs, f):
    results = [f() for _ in range(runs)]
    results.sort(key=lambda r: r[0])
    return results[len(results) // 2]


def llm_requests_per_second(build, samples=3000, concurrency=8):
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fixtures", "llm_server.py"), "--lifetime", "300"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory() as work:
            cmd = [os.path.join(build, "grader"), "ask", "--problem", "myt-params", "--endpoint",
                   "http://127.0.0.1:%d/v1" % port, "--model", "bench", "--samples", str(samples), "--no-cache",
                   "--concurrency", str(concurrency), "--out", os.path.join(work, "answers.jsonl")]
            start = time.monotonic()
            subprocess.run(cmd, check=True, capture_output=True)
            return samples / (time.monotonic() - start)
    finally:
        server.stdin.close()
        server.wait(timeout=30)


NOTES = """
## Reading these numbers

- On the shared 2-core VM these were recorded on, the speed of the same binary drifts by up
  to 2x within minutes (other virtual machines on the host): compare two binaries by
  interleaving their runs, or count instructions: `valgrind --tool=callgrind build/grader grade
  --rubric rubrics/cs336-transformer-accounting.json SUBS --out OUT -q -j 1` on 300 generated
  submissions gives about 759M instructions, of which about 112M are start-up (loading
  problems, the rubric and the key): about 2.2M per submission, all of grading, feedback
  pages, results line and gradebook row included (2.7M before the last round of work, 8M
  before the one earlier).
- "On disk" is bounded by the file system: two feedback files per student, each written to a
  temporary file and renamed. ext4 allocates inodes slowly for minutes after many files were
  deleted (`recently_deleted` in the kernel profile), so a second run soon after a first, or
  after `rm -rf` of an old output folder, is several times slower than a fresh one.
- Peak memory does not grow with the batch: responses are read by the workers one at a time
  and every output is streamed.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--record", action="store_true", help="also write bench/RESULTS.md")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    rows = []

    ex = gbench(os.path.join(build, "bench", "extract_bench"), "BM_Extract/")["BM_Extract"]
    rows.append(("extraction (seeds 002-004, 4 MB, 1 core)", "%.1f MB/s" % (ex["MB/s"])))
    keys = gbench(os.path.join(build, "bench", "key_bench"), "BM_Key")
    for name in sorted(k for k in keys if k.startswith("BM_Key/")):  # one per shipped problem
        rows.append(("key regeneration: %s (1 core)" % name[len("BM_Key/"):], "%.0f keys/s" % keys[name]["keys/s"]))
    rows.append(("key regeneration: cs336, with KeyVersion (as grading does)",
                 "%.0f keys/s" % keys["BM_KeyWithVersion/cs336-transformer-accounting"]["keys/s"]))
    rows.append(("key regeneration: cs336, with the Markdown sheet", "%.0f keys/s" % keys["BM_KeyCs336Rendered"]["keys/s"]))

    if os.path.isdir("/dev/shm"):
        subs, mbs, peak = median_of(3, lambda: throughput(build, 10000, "/dev/shm"))
        rows.append(("grading 10,000 x 5 KB, cs336 rubric, all cores, in RAM", "%.0f submissions/s, %.1f MB/s" % (subs, mbs)))
        rows.append(("peak memory, 10,000 submissions", "%.0f MB" % peak))
        _, _, peak1k = throughput(build, 1000, "/dev/shm")
        rows.append(("peak memory, 1,000 submissions", "%.0f MB" % peak1k))
    subs, mbs, peak = median_of(3, lambda: throughput(build, 10000))
    rows.append(("grading 10,000 x 5 KB, cs336 rubric, all cores, on disk (%s)" % tempfile.gettempdir(),
                 "%.0f submissions/s, %.1f MB/s" % (subs, mbs)))
    rows.append(("LLM client, loopback fixture, 8 in flight", "%.0f requests/s" % llm_requests_per_second(build)))

    width = max(len(r[0]) for r in rows)
    table = ["| %s | %s |" % ("benchmark".ljust(width), "result"), "|%s|---|" % ("-" * (width + 2))]
    table += ["| %s | %s |" % (name.ljust(width), value) for name, value in rows]
    header = "%d cores (%s), %s, %s" % (os.cpu_count(), platform.machine(), platform.platform(terse=True),
                                        datetime.date.today().isoformat())
    print(header)
    print("\n".join(table))
    if args.record:
        with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
            f.write("# Benchmark results\n\nWritten by `bench/run_all.py --record` (Release build). Machine: %s.\n\n" % header)
            f.write("\n".join(table) + "\n")
            f.write(NOTES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
