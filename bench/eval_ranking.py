#!/usr/bin/env python3
"""Ranking experiments (issue 18): every test collection indexed once by Folio, then searched
under each ranking configuration (folio-search flags: --weighting, --feedback); MAP and nDCG@10
per collection and configuration, and the configuration chosen by leave-one-collection-out.

    scripts/eval-quality --ranking [--configs FILE.json] [--collections a,b] [--bm25f]

FILE.json maps a name to folio-search flags ({"ineb2+fb": "--weighting ineb2 --feedback"});
without it, the grid below. Results go to $BENCH_OUT/ranking/results.jsonl (one line a
configuration and collection, with per-query values), each run to
$BENCH_OUT/ranking/runs/COLLECTION/CONFIG.trec (bench/fuse.py combines them); the best peer of
each collection comes from $BENCH_OUT/quality.jsonl (a full `scripts/eval-quality` run).
--bm25f adds BM25F's grid (bench/experiments/bm25f.cc, folio-bm25f of the same build).
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
sys.path.insert(0, BENCH)
import evaluate  # noqa: E402


def index(build, name):
    db = os.path.join(OUT, "ranking", "db", os.path.basename(os.path.abspath(build)), name)
    stamp = os.path.join(db, ".folio-eval-stamp")
    binary = os.path.join(build, "indexer", "folio-index")
    key = str(os.path.getmtime(binary))
    if os.path.exists(stamp) and open(stamp).read() == key:
        return db
    subprocess.run([binary, "--quiet", "--rebuild", "--db", db,
                    os.path.join(COLLECTIONS, name, "docs.jsonl")], check=True)
    with open(stamp, "w") as f:
        f.write(key)
    return db


def grid():
    """Every weighting scheme over its parameter's range, and each scheme with feedback."""
    configs = {"default": ""}
    for k1 in (0.9, 1.2, 1.5):
        for b in (0.3, 0.5, 0.75, 0.9):
            configs[f"bm25:{k1},{b}"] = f"--weighting bm25:{k1},{b}"
    for scheme in ("ineb2", "bb2", "inl2", "pl2"):
        for c in (0.5, 1, 2, 4, 7):
            configs[f"{scheme}:{c}"] = f"--weighting {scheme}:{c}"
    configs["dph"] = "--weighting dph"
    for scheme in ("bm25", "ineb2", "bb2", "inl2", "pl2", "dph"):
        configs[f"{scheme}+feedback"] = f"--weighting {scheme} --feedback"
    return configs


def run(build, name, db, config, flags):
    run_file = os.path.join(OUT, "ranking", "runs", name, f"{config}.trec")
    os.makedirs(os.path.dirname(run_file), exist_ok=True)
    with open(run_file, "w") as out:
        subprocess.run([os.path.join(build, "searcher", "folio-search"), "--db", db, "--queries",
                        os.path.join(COLLECTIONS, name, "queries.tsv"), "--format", "trec",
                        "--limit", "1000", "--warmup", "0"] + flags, check=True, stdout=out)
    per_q, avg = evaluate.evaluate_files(run_file, os.path.join(COLLECTIONS, name, "qrels.txt"))
    return per_q, avg


def bm25f(build, name, db):
    """BM25F over the grid below (bench/experiments/bm25f.cc): {config: (per_q, avg)}."""
    out = os.path.join(OUT, "ranking", "bm25f", name)
    listed = subprocess.run([os.path.join(build, "bench", "folio-bm25f"), "--db", db, "--queries",
                             os.path.join(COLLECTIONS, name, "queries.tsv"), "--out", out,
                             "--k1", "0.9,1.2,1.5,2", "--b-title", "0.3,0.5,0.75",
                             "--b-body", "0.5,0.75,0.9", "--w-title", "1,2,3,5,8"],
                            check=True, stdout=subprocess.PIPE, text=True).stdout.split()
    qrels = os.path.join(COLLECTIONS, name, "qrels.txt")
    return {c: evaluate.evaluate_files(os.path.join(out, c + ".trec"), qrels) for c in listed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", help="JSON file: {name: folio-search flags} (default: grid())")
    ap.add_argument("--collections")
    ap.add_argument("--out", default=os.path.join(OUT, "ranking", "results.jsonl"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--prefix", default="",
                    help="put before every configuration's name (runs of builds with other "
                         "-DFOLIO_LEAD_WORDS, -DFOLIO_LEAD_WDF or -DFOLIO_TITLE_WDF)")
    ap.add_argument("--bm25f", action="store_true",
                    help="BM25F's grid (folio-bm25f) as well as the configurations")
    a = ap.parse_args()
    configs = json.load(open(a.configs)) if a.configs else grid()
    names = a.collections.split(",") if a.collections else sorted(os.listdir(COLLECTIONS))
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        for c in names:
            db = index(a.build, c)
            runs = {n: (None, f) for n, f in configs.items()}
            if a.bm25f:
                runs.update({n: (r, "") for n, r in bm25f(a.build, c, db).items()})
            for cname, (result, flags) in runs.items():
                per_q, avg = result or run(a.build, c, db, a.prefix + cname,
                                                shlex.split(flags))
                m = {"MAP": avg["map"], "nDCG@10": avg["ndcg_cut_10"]}
                pq = {q: {"ap": v["map"], "ndcg": v["ndcg_cut_10"]} for q, v in per_q.items()}
                f.write(json.dumps({"config": a.prefix + cname, "flags": flags, "collection": c,
                                    "metrics": m, "per_query": pq}) + "\n")
                f.flush()
                print(f"{c:10s} {a.prefix + cname:20s} MAP {m['MAP']:.4f} nDCG@10 {m['nDCG@10']:.4f}",
                      flush=True)
    peers = os.path.join(OUT, "quality.jsonl")
    if os.path.exists(peers):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "loo.py"), a.out,
                        "--peers", peers], check=True)


if __name__ == "__main__":
    main()
