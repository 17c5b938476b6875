#!/usr/bin/env python3
"""Leave-one-collection-out choice of a ranking configuration from eval_ranking.py results."""
import argparse
import json
import re
from collections import defaultdict


def load(path):
    d = {}
    for line in open(path):
        r = json.loads(line)
        d[(r["config"], r["collection"])] = r["metrics"]
    return d


def best_peers(path, skip=("folio",)):
    best = defaultdict(lambda: {"MAP": 0.0, "nDCG@10": 0.0})
    for line in open(path):
        r = json.loads(line)
        if r["engine"].startswith(skip):
            continue
        for m in ("MAP", "nDCG@10"):
            best[r["collection"]][m] = max(best[r["collection"]][m], r["metrics"][m])
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--peers", required=True)
    ap.add_argument("--only", help="regex of configs to choose among")
    ap.add_argument("--base", default="bm25:1.2,0.75")
    a = ap.parse_args()
    d = {}
    for p in a.results:
        d.update(load(p))
    peers = best_peers(a.peers)
    cols = sorted({c for _, c in d})
    cfgs = sorted({k for k, _ in d if not a.only or re.search(a.only, k)})
    cfgs = [k for k in cfgs if all((k, c) in d for c in cols)]

    def margin(k, c):
        return {m: d[(k, c)][m] - peers[c][m] for m in ("MAP", "nDCG@10")}

    def score(k, train):  # the mean margin over the best peer, (MAP + nDCG@10) / 2
        ms = [margin(k, c) for c in train]
        return sum((m["MAP"] + m["nDCG@10"]) / 2 for m in ms) / len(ms)

    print(f"| held out | chosen on the other {len(cols) - 1} | MAP | nDCG@10 | margin MAP | "
          "margin nDCG@10 | base MAP | base nDCG@10 |")
    print("|---|---|---|---|---|---|---|---|")
    for h in cols:
        train = [c for c in cols if c != h]
        k = max(cfgs, key=lambda k: score(k, train))
        m = margin(k, h)
        b = d.get((a.base, h), {"MAP": 0, "nDCG@10": 0})
        print(f"| {h} | {k} | {d[(k, h)]['MAP']:.4f} | {d[(k, h)]['nDCG@10']:.4f} | "
              f"{m['MAP']:+.4f} | {m['nDCG@10']:+.4f} | {b['MAP']:.4f} | {b['nDCG@10']:.4f} |")
    k = max(cfgs, key=lambda k: score(k, cols))
    print(f"\nchosen on all {len(cols)}: {k}")
    ranked = sorted(cfgs, key=lambda k: -score(k, cols))[:12]
    for k in ranked:
        worst = min(min(margin(k, c).values()) for c in cols)
        loss = max(max(d[(a.base, c)][m] - d[(k, c)][m] for m in ("MAP", "nDCG@10"))
                   for c in cols) if all((a.base, c) in d for c in cols) else float("nan")
        print(f"{k:30s} score {score(k, cols):+.4f} worst margin {worst:+.4f} "
              f"worst loss vs base {loss:+.4f}")


if __name__ == "__main__":
    main()
