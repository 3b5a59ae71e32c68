#!/usr/bin/env python3
"""Rebuilds the seed corpus in tests/fuzz/corpus/<target>/ from the seed
documents (../shared/seeds), the test fixtures, the example submissions and
the shipped rubrics. Run from the repository root:

    python3 tests/fuzz/make_corpus.py

Response-like targets get every document, cut at line boundaries into pieces
no longer than the target's -max_len (tests/fuzz/run_fuzz.sh). Files named
found-* are inputs the fuzzers found (kept as regression seeds); they are not
touched.
"""
import glob
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "..", "shared", "seeds")
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")

# Keep in step with MAX_LEN in run_fuzz.sh.
MAX_LEN = {"quantity": 8192, "expression": 4096, "segment": 8192, "claims": 8192, "grade": 8192,
           "rubric": 16384, "seed_import": 16384, "escape": 8192}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pieces(data, limit):
    """Cuts `data` at line ends into pieces of at most `limit` bytes."""
    out, cur = [], b""
    for line in data.splitlines(keepends=True):
        while len(line) > limit:
            if cur:
                out.append(cur)
                cur = b""
            out.append(line[:limit])
            line = line[limit:]
        if len(cur) + len(line) > limit:
            out.append(cur)
            cur = b""
        cur += line
    if cur:
        out.append(cur)
    return out


def documents():
    """(name, bytes) of every response-like document."""
    docs = []
    for path in sorted(glob.glob(os.path.join(SEEDS, "0*.txt"))):
        docs.append(("seed" + os.path.basename(path)[:3], read(path)))
    fixtures = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "*", "*.md")) +
                      glob.glob(os.path.join(ROOT, "problems", "examples", "*", "*")))
    for path in fixtures:
        rel = os.path.relpath(path, ROOT)
        docs.append((re.sub(r"[^A-Za-z0-9]+", "-", os.path.splitext(rel)[0]), read(path)))
    return docs


def reset(target):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith("found-"):
            os.remove(os.path.join(d, f))
    return d


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    docs = documents()
    for target in ("quantity", "segment", "claims", "grade", "escape"):
        d = reset(target)
        for name, data in docs:
            ps = pieces(data, MAX_LEN[target])
            for i, p in enumerate(ps):
                write(d, name + (f"-{i + 1:02d}" if len(ps) > 1 else "") + ".txt", p)

    # Expressions: each line with an '=' (from allow_trailing: options '2'
    # or '3' with split_letters) and each side of its '=' (options '0', or
    # '1' for LaTeX), once. The options byte: bit 0 split_letters, bit 1
    # allow_trailing.
    d = reset("expression")
    seen = set()
    for name, data in docs:
        for line in data.splitlines():
            line = line.strip()
            if b"=" not in line or len(line) > 400:
                continue
            latex = b"$" in line or b"\\" in line
            cands = [(b"3" if latex else b"2") + line]
            for side in line.split(b"="):
                side = side.strip(b" $:,.")
                if re.search(rb"\d", side) and 0 < len(side) <= 200:
                    cands.append((b"1" if latex else b"0") + side)
            for c in cands:
                if c in seen:
                    continue
                seen.add(c)
                write(d, f"{name}-{len(seen):04d}.txt", c)

    d = reset("rubric")
    for path in sorted(glob.glob(os.path.join(ROOT, "rubrics", "*.json"))):
        shutil.copyfile(path, os.path.join(d, os.path.basename(path)))

    # Seed import: an options byte ('D': myt-params, all shapes; 'L': the
    # same with --suggest) before seed 000's rubric.
    d = reset("seed_import")
    seed = read(glob.glob(os.path.join(SEEDS, "000_*.txt"))[0])
    write(d, "seed000-all.txt", b"D" + seed)
    write(d, "seed000-suggest.txt", b"L" + seed)


if __name__ == "__main__":
    main()
