#!/usr/bin/env python3
"""Serving-latency benchmark (issue #4): top 10 with snippets, Folio beside Lucene and Xapian.

Run through scripts/bench-snippets (see --help). Builds Folio, then for Reuters-21578 and BBC
(converted with ../shared/bench/tools/bbc_to_jsonl.py) runs ../shared/bench/peers.py
--serve-latency for Folio (folio-search batch mode, in-process after a warm-up pass), for
lucene:stored (UnifiedHighlighter, 2 passages) and xapian-cpp:lucenelike (MSet::snippet), with
queries/news.tsv. Prints p50/p99 of top 10 + snippets, top 10 alone, the share of snippets
showing a highlighted query word, and Folio/peer ratios from the same run. Rows go to
$BENCH_OUT/bench-snippets.jsonl, the table to $BENCH_OUT/bench-snippets.md. Python 3 stdlib only.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("FOLIO_BUILD_DIR", "build"))
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
OUT = os.environ.get("BENCH_OUT", os.path.join(os.environ.get("TMPDIR", "/tmp"), "folio-bench"))
PEERS = ["lucene:stored", "xapian-cpp:lucenelike"]


def log(msg):
    print(f"[bench-snippets {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def inputs(only):
    """(name, docs.jsonl) of each collection, converting BBC once into $BENCH_OUT/data."""
    out = []
    if "reuters" in only:
        out.append(("reuters", os.path.join(SHARED, "corpora", "reuters21578", "docs.jsonl")))
    if "bbc" in only:
        bbc = os.path.join(OUT, "data", "bbc.jsonl")
        if not os.path.exists(bbc):
            os.makedirs(os.path.dirname(bbc), exist_ok=True)
            subprocess.run([sys.executable, os.path.join(SHARED, "bench", "tools", "bbc_to_jsonl.py"),
                            os.path.join(SHARED, "corpora", "bbc"), bbc], check=True)
        out.append(("bbc", bbc))
    return out


def run_peers(engine, name, docs, a, results):
    cmd = [sys.executable, os.path.join(SHARED, "bench", "peers.py"), "--engine", engine,
           "--docs", docs, "--name", name, "--queries", a.queries, "--serve-latency",
           "--repeat", str(a.repeat), "--out", results]
    if engine.startswith("project"):
        index = os.path.join(BUILD, "indexer", "folio-index")
        search = os.path.join(BUILD, "searcher", "folio-search")
        cmd += ["--label", "folio",
                "--index-cmd", f"{index} --quiet --db {{db}} {{docs}}",
                "--search-cmd", f"{search} --db {{db}} --queries {{queries}} --limit {{k}} "
                f"--snippets $(( {{serve}} * {a.passages} )) --warmup {{warmup}} "
                "--latency {lat} --latency-top10 {lat_top10} --snippets-out {snippets} > {run}"]
    log(f"{engine} on {name}")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def body_share(r, docs, queries):
    """highlight_check.py on a row's snippets: the share highlighted when the body has a word."""
    path = r.get("snippets_file")
    if not path or not os.path.exists(path) or not os.path.exists("/usr/bin/python3"):
        return None
    p = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "highlight_check.py"),
                        docs, path, queries], capture_output=True, text=True)
    if p.returncode != 0:
        log(f"highlight check failed for {r['engine']}: {p.stderr.strip()[-200:]}")
        return None
    return json.loads(p.stdout).get("highlighted_when_body_has_word")


def table(rows, docs=None, queries=None):
    by = {(r["collection"], r["engine"]): r for r in rows}
    lines = ["| collection | engine | top 10 + snippets p50 / p99 ms | top 10 p50 ms | "
             "snippets with a highlight | … when the body has a query word | "
             "Folio / engine, p50 / p99 |",
             "|---|---|---|---|---|---|---|"]
    for coll in sorted({r["collection"] for r in rows}, reverse=True):
        folio = by.get((coll, "folio"))
        for eng in ["folio"] + PEERS:
            r = by.get((coll, eng))
            if r is None:
                continue
            snip, top = r.get("lat_ms_snippets") or {}, r.get("lat_ms_top10") or {}
            share = r.get("snippets_with_highlight")
            body = body_share(r, docs[coll], queries) if docs and coll in docs else None
            ratio = "-"
            if folio and eng != "folio" and snip and folio.get("lat_ms_snippets"):
                f = folio["lat_ms_snippets"]
                ratio = f"{f['p50'] / snip['p50']:.2f}x / {f['p99'] / snip['p99']:.2f}x"
            lines.append(f"| {coll} | {eng} | {fmt(snip.get('p50'))} / {fmt(snip.get('p99'))} | "
                         f"{fmt(top.get('p50'))} | "
                         f"{'-' if share is None else f'{100 * share:.1f}%'} | "
                         f"{'-' if body is None else f'{100 * body:.2f}%'} | {ratio} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="reuters,bbc", help="collections (default reuters,bbc)")
    ap.add_argument("--peers", default=",".join(PEERS), help="peer engines (empty: Folio only)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per engine (median reported)")
    ap.add_argument("--passages", type=int, default=2, help="Folio's passages per hit")
    ap.add_argument("--no-build", action="store_true", help="use build/ as it is")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(SHARED, "bench")) or not os.path.isdir(
            os.path.join(SHARED, "corpora")):
        sys.exit(f"bench-snippets: needs the team folder with bench/ and corpora/ at {SHARED} "
                 "(or set FOLIO_SHARED); it is not there, so there is nothing to measure")
    a.queries = os.path.join(SHARED, "bench", "queries", "news.tsv")
    if not a.no_build:
        subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True,
                       stdout=subprocess.DEVNULL)
    os.makedirs(OUT, exist_ok=True)
    results = os.path.join(OUT, "bench-snippets.jsonl")
    started = time.time()
    peers = [p for p in a.peers.split(",") if p]
    for name, docs in inputs(a.only.split(",")):
        for engine in ["project"] + peers:
            run_peers(engine, name, docs, a, results)
    rows = []
    with open(results, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("mode") == "serve" and r.get("timestamp", "") >= time.strftime(
                    "%Y-%m-%dT%H:%M:%S", time.localtime(started)):
                r["engine"] = r.get("label") or r.get("engine")
                rows.append(r)
    md = table(rows, dict(inputs(a.only.split(","))), a.queries)
    with open(os.path.join(OUT, "bench-snippets.md"), "w", encoding="utf-8") as f:
        f.write(md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
