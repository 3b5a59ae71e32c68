#!/usr/bin/env python3
"""LLM collection at scale against the loopback server (tests/fixtures/llm_server.py):
`grader ask` sends about N requests (every problem, each part, enough samples), with
a bounded number in flight, and optionally per-endpoint limits; then the same run is
killed halfway and resumed from the reply cache, and the server's count says how many
requests the resumed run had to send again.

  bench/llm_throughput.py [--build build] [--n 10000] [--concurrency 32] [--rpm 0] [--tpm 0]

Prints requests/s, peak memory, and for the resume: requests sent before the kill,
after it, and in all (in all = N + the few in flight at the kill).
"""
import argparse, json, os, resource, shutil, signal, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server():
    p = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fixtures", "llm_server.py"), "--lifetime", "3600"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline())
    return p, port


def stats(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/stats" % port) as r:
        return json.load(r)


def parts_per_problem(grader):
    out = subprocess.run([grader, "problems", "--json"], capture_output=True, text=True, check=True).stdout
    return sum(len(p.get("parts", [])) for p in json.loads(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--rpm", type=int, default=0)
    ap.add_argument("--tpm", type=int, default=0)
    a = ap.parse_args()
    grader = os.path.join(a.build, "grader")
    parts = parts_per_problem(grader)
    samples = max(1, -(-a.n // parts))
    work = tempfile.mkdtemp(prefix="grader-llm-")
    server, port = start_server()
    try:
        cmd = [grader, "ask", "--all", "--parts", "each", "--samples", str(samples), "--model", "quick",
               "--endpoint", "http://127.0.0.1:%d/v1" % port, "--concurrency", str(a.concurrency)]
        if a.rpm:
            cmd += ["--rpm", str(a.rpm)]
        if a.tpm:
            cmd += ["--tpm", str(a.tpm)]
        n = parts * samples
        # 1. One uninterrupted run without a cache.
        t = time.monotonic()
        subprocess.run(cmd + ["--no-cache", "--out", os.path.join(work, "a.jsonl")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        secs = time.monotonic() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines = sum(1 for _ in open(os.path.join(work, "a.jsonl")))
        print("requests     %d (%d parts x %d samples), %d answers written" % (n, parts, samples, lines))
        print("concurrency  %d%s%s" % (a.concurrency, ", rpm %d" % a.rpm if a.rpm else "", ", tpm %d" % a.tpm if a.tpm else ""))
        print("wall         %.2f s, %.0f requests/s" % (secs, n / secs))
        print("peak memory  %.0f MB" % peak)
        # 2. Killed halfway (by the server's count), then resumed from the cache.
        before = stats(port)["requests"]
        cache = os.path.join(work, "cache")
        p = subprocess.Popen(cmd + ["--cache", cache, "--out", os.path.join(work, "b.jsonl")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while stats(port)["requests"] - before < n // 2 and p.poll() is None:
            time.sleep(0.01)
        p.send_signal(signal.SIGKILL)
        p.wait()
        killed = stats(port)["requests"] - before
        subprocess.run(cmd + ["--cache", cache, "--out", os.path.join(work, "b.jsonl")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        resumed = stats(port)["requests"] - before - killed
        def answers(name):  # id and response of each line (latency and cache flags differ)
            return [(j["id"], j.get("response"), j.get("error")) for j in map(json.loads, open(os.path.join(work, name)))]
        same = answers("a.jsonl") == answers("b.jsonl")
        print("resume       %d sent before the kill, %d after it, %d in all for %d answers; same answers: %s"
              % (killed, resumed, killed + resumed, n, same))
    finally:
        server.stdin.close()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
