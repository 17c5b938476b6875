#!/usr/bin/env python3
"""Combinations of weighting schemes (issue 18): CombSUM (Fox and Shaw, TREC-2 1994) of two runs
that bench/eval_ranking.py kept, each query's scores min-max normalised, the first run weighted
alpha and the second 1 - alpha. Writes eval_ranking.py's result lines, for bench/loo.py.

    bench/fuse.py --with default --others bm25:1.2,0.75,dph --out fused.jsonl

An offline experiment only: in Folio, one match has one weighting scheme (xapian-tcpsrv runs
only the schemes Xapian registers), so a combination would cost a second match a query.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("FOLIO_SHARED", os.path.normpath(os.path.join(ROOT, "..", "shared")))
COLLECTIONS = os.path.join(SHARED, "corpora", "collections")
OUT = os.environ.get("BENCH_OUT", "/tmp/folio-bench")
sys.path.insert(0, os.path.join(SHARED, "bench"))
import evaluate  # noqa: E402


def read_run(path):
    """{qid: {doc: score normalised to [0, 1] within the query}}."""
    raw = defaultdict(dict)
    for line in open(path):
        qid, _, doc, _, score, _ = line.split()
        raw[qid][doc] = float(score)
    run = {}
    for qid, scores in raw.items():
        lo, hi = min(scores.values()), max(scores.values())
        run[qid] = {d: (s - lo) / (hi - lo) if hi > lo else 1.0 for d, s in scores.items()}
    return run


def fuse(a, b, alpha, limit=1000):
    lines = []
    for qid in sorted(set(a) | set(b)):
        x, y = a.get(qid, {}), b.get(qid, {})
        scores = {d: alpha * x.get(d, 0.0) + (1 - alpha) * y.get(d, 0.0) for d in set(x) | set(y)}
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        lines += [f"{qid} Q0 {d} {r + 1} {s:.6f} fuse\n" for r, (d, s) in enumerate(ranked)]
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--with", dest="first", default="default")
    ap.add_argument("--others", required=True, help="configurations, separated by ';'")
    ap.add_argument("--alphas", default="0.3,0.5,0.7")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    runs = os.path.join(OUT, "ranking", "runs")
    with open(a.out, "w") as f:
        for c in sorted(x for x in os.listdir(runs) if os.path.isdir(os.path.join(runs, x))):
            first = read_run(os.path.join(runs, c, a.first + ".trec"))
            for other in a.others.split(";"):
                second = read_run(os.path.join(runs, c, other + ".trec"))
                for alpha in map(float, a.alphas.split(",")):
                    path = os.path.join(OUT, "ranking", "fused.trec")
                    with open(path, "w") as out:
                        out.writelines(fuse(first, second, alpha))
                    per_q, avg = evaluate.evaluate_files(path, os.path.join(COLLECTIONS, c,
                                                                            "qrels.txt"))
                    name = f"{a.first}+{other}@{alpha}"
                    m = {"MAP": avg["map"], "nDCG@10": avg["ndcg_cut_10"]}
                    f.write(json.dumps({"config": name, "flags": "", "collection": c,
                                        "metrics": m}) + "\n")
                    print(f"{c:10s} {name:32s} MAP {m['MAP']:.4f} nDCG@10 {m['nDCG@10']:.4f}",
                          flush=True)


if __name__ == "__main__":
    main()
