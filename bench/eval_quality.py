#!/usr/bin/env python3
"""Ranking quality of Folio against Lucene 8.8 and Xapian's defaults (issue #4).

Runs ../shared/bench/peers.py for every collection in ../shared/corpora/collections (or the
ones named with --collections): Folio through its CLIs (folio-index, folio-search --queries
--format trec), Lucene (EnglishAnalyzer, BM25) and Xapian used the default way, all in the same
run. Prints MAP and nDCG@10 per collection with Folio's ratio to each peer, and writes the JSON
lines to $BENCH_OUT/quality.jsonl and the table to $BENCH_OUT/quality.md.

    scripts/eval-quality                      # every collection, every peer
    scripts/eval-quality --collections cacm,med --peers lucene:body
    scripts/eval-quality --folio-only         # Folio again; peers from the last full run
    scripts/eval-quality --folio-only --label folio:feedback --search-flags=--feedback
    scripts/eval-quality --ranking            # ranking configurations, leave-one-out choice
"""
import argparse
import json
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("FOLIO_SHARED", os.path.normpath(os.path.join(ROOT, "..", "shared")))
BENCH = os.path.join(SHARED, "bench")
COLLECTIONS = os.path.join(SHARED, "corpora", "collections")
OUT = os.environ.get("BENCH_OUT", "/tmp/folio-bench")
METRICS = ("MAP", "nDCG@10", "P@10")


def run_peer(engine, collection, label, build, out_file, search_flags=""):
    cmd = [sys.executable, os.path.join(BENCH, "peers.py"), "--engine", engine,
           "--collection", collection, "--repeat", "1", "--out", out_file]
    if engine == "project":
        index = os.path.join(build, "indexer", "folio-index")
        search = os.path.join(build, "searcher", "folio-search")
        cmd += ["--label", label,
                "--index-cmd", f"{shlex.quote(index)} --quiet --db {{db}} {{docs}}",
                "--search-cmd", f"{shlex.quote(search)} --db {{db}} --queries {{queries}} "
                                f"--format trec --limit {{k}} --latency {{lat}} {search_flags} > {{run}}"]
    env = dict(os.environ, BENCH_OUT=OUT)
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)


def load(path):
    rows = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                rows[(r["engine"], r["collection"])] = r
    return rows


def table(rows, collections, peers, label):
    head = ["collection"]
    for m in ("MAP", "nDCG@10"):
        head += [f"{label} {m}"] + [f"{p} {m}" for p in peers] + [f"÷ {p}" for p in peers]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    wins = {p: [0, 0] for p in peers}
    for c in collections:
        f = rows.get((label, c))
        if f is None:
            continue
        cells = [c]
        for m in ("MAP", "nDCG@10"):
            fv = f["metrics"][m]
            cells.append(f"{fv:.4f}")
            pv = {p: rows[(p, c)]["metrics"][m] for p in peers if (p, c) in rows}
            cells += [f"{pv[p]:.4f}" if p in pv else "–" for p in peers]
            for p in peers:
                if p in pv:
                    cells.append(f"{fv / pv[p]:.3f}x" if pv[p] else "–")
                    wins[p][0] += fv > pv[p]
                    wins[p][1] += 1
                else:
                    cells.append("–")
        lines.append("| " + " | ".join(cells) + " |")
    summary = [f"{label} beats {p} on {w} of {n} (collection, metric) pairs"
               for p, (w, n) in wins.items()]
    return "\n".join(lines) + "\n\n" + "\n".join(summary) + "\n"


def main():
    if "--ranking" in sys.argv[1:]:  # the ranking experiments: bench/eval_ranking.py
        args = [x for x in sys.argv[1:] if x != "--ranking"]
        os.execv(sys.executable, [sys.executable, os.path.join(ROOT, "bench", "eval_ranking.py")]
                 + args)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--collections", help="comma-separated names (default: all)")
    ap.add_argument("--peers", default="lucene:body,lucene:title2,xapian:default,sphinx:bm25a,"
                                       "lucenepp:default")
    ap.add_argument("--label", default="folio")
    ap.add_argument("--search-flags", default="",
                    help="extra folio-search flags, e.g. --feedback (use with --label)")
    ap.add_argument("--folio-only", action="store_true",
                    help="run Folio only; peers come from the previous results file")
    ap.add_argument("--build", default=os.environ.get("FOLIO_BUILD_DIR",
                                                      os.path.join(ROOT, "build")))
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(COLLECTIONS):
        sys.exit(f"eval-quality: no test collections at {COLLECTIONS} "
                 "(set FOLIO_SHARED to the folder that holds corpora/ and bench/; "
                 "see docs/benchmarks.md)")
    names = sorted(os.listdir(COLLECTIONS))
    if a.collections:
        names = a.collections.split(",")
    peers = [p for p in a.peers.split(",") if p]
    if not a.no_build:
        subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True,
                       env=dict(os.environ, FOLIO_BUILD_DIR=a.build))
    os.makedirs(OUT, exist_ok=True)
    out_file = os.path.join(OUT, "quality.jsonl")
    rows = load(out_file)
    if not a.folio_only:
        rows = {k: v for k, v in rows.items() if k[1] not in names}
    else:
        rows = {k: v for k, v in rows.items() if k[0] != a.label or k[1] not in names}
    with open(out_file, "w") as f:
        for r in rows.values():
            f.write(json.dumps(r) + "\n")
    for c in names:
        path = os.path.join(COLLECTIONS, c)
        engines = [("project", a.label)] + ([] if a.folio_only else [(p, p) for p in peers])
        for engine, label in engines:
            print(f"[eval-quality] {label} on {c}", file=sys.stderr)
            run_peer(engine, path, label, a.build, out_file, a.search_flags)
    rows = load(out_file)
    md = table(rows, names, peers, a.label)
    with open(os.path.join(OUT, "quality.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
