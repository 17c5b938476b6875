#!/usr/bin/env python3
"""Load benchmark of `folio-search serve` (issue #5): wrk on loopback, not a test.

Run through scripts/bench-serve (see --help). Builds Folio, indexes the BBC corpus
(../shared/corpora/bbc, else the repo's corpus/), starts the server on a free port and runs wrk
(bench/serve.lua) at 1, 8 and 32 connections. Each request is GET /api/search?q=... for the next
query of a list of 1-4 word news queries (the harness's BBC queries, ../shared/bench/queries/
news.tsv lines *-bt, else bench/serve-queries.txt), with everything the page gets: 10 hits, two
highlighted passages each, facets and the spelling suggestion. Prints QPS and p50/p90/p99
latency, and, as a reference from the same run, the in-process latency of the same queries
(folio-search --queries). Rows go to $BENCH_OUT/bench-serve.jsonl, the table to
$BENCH_OUT/bench-serve.md. Python 3 stdlib only; needs wrk (scripts/bench-setup installs it).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("FOLIO_BUILD_DIR", "build"))
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
OUT = os.environ.get("BENCH_OUT", os.path.join(os.environ.get("TMPDIR", "/tmp"), "folio-bench"))


def log(msg):
    print(f"[bench-serve {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pick_inputs(a, work):
    """(corpus folder, queries file with one query a line, their names)."""
    bbc = os.path.join(SHARED, "corpora", "bbc")
    corpus = a.corpus or (bbc if os.path.isdir(bbc) else os.path.join(ROOT, "corpus"))
    news = os.path.join(SHARED, "bench", "queries", "news.tsv")
    queries = os.path.join(work, "queries.txt")
    if a.queries:
        shutil.copy(a.queries, queries)
        source = a.queries
    elif os.path.exists(news) and os.path.samefile(corpus, bbc):
        with open(news, encoding="utf-8") as f, open(queries, "w", encoding="utf-8") as out:
            for line in f:
                qid, _, text = line.rstrip("\n").partition("\t")
                if qid.endswith("-bt") and text:
                    out.write(text + "\n")
        source = news + " (BBC lines)"
    else:
        shutil.copy(os.path.join(ROOT, "bench", "serve-queries.txt"), queries)
        source = "bench/serve-queries.txt"
    return corpus, queries, source


def start_server(db, threads):
    exe = os.path.join(BUILD, "searcher", "folio-search")
    proc = subprocess.Popen([exe, "serve", "--db", db, "--port", "0", "--threads", str(threads)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        sys.exit(f"bench-serve: the server did not start: {line!r}")
    return proc, line.split(" at ")[-1].strip()


def check_snippets(url, queries):
    """The load is the real thing: a search answers with highlighted snippets and facets."""
    with open(queries, encoding="utf-8") as f:
        q = f.readline().strip()
    with urllib.request.urlopen(url + "api/search?q=" + urllib.parse.quote(q)) as r:
        body = json.load(r)
    if not any("<mark>" in h["snippet"] for h in body["results"]) or "facets" not in body:
        sys.exit(f"bench-serve: '{q}' gave no highlighted snippet or no facets")


def run_wrk(url, queries, connections, seconds):
    threads = 1 if connections == 1 else 2
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
           "--timeout", "10s", "-s", os.path.join(ROOT, "bench", "serve.lua"), url, "--", queries]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("WRKJSON "))
    row = json.loads(line[len("WRKJSON "):])
    row["qps"] = row["requests"] / row["seconds"]
    row["connections"] = connections
    return row


def in_process_latency(db, queries, work):
    """p50/p99 of the same searches in folio-search batch mode (no HTTP), for reference."""
    tsv = os.path.join(work, "queries.tsv")
    with open(queries, encoding="utf-8") as f, open(tsv, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            out.write(f"q{i}\t{line}")
    lat = os.path.join(work, "latency.tsv")
    subprocess.run([os.path.join(BUILD, "searcher", "folio-search"), "--db", db, "--queries", tsv,
                    "--format", "json", "--warmup", "1", "--snippets-out", os.devnull,
                    "--latency", lat], check=True, stdout=subprocess.DEVNULL)
    with open(lat, encoding="utf-8") as f:
        ms = sorted(float(l.split("\t")[1]) for l in f if l.strip())
    return statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--no-build", action="store_true", help="use the binaries in build/ as they are")
    p.add_argument("--seconds", type=int, default=20, help="wrk run per connection count")
    p.add_argument("--connections", default="1,8,32", help="comma-separated connection counts")
    p.add_argument("--threads", type=int, default=0,
                   help="server worker threads (default 0: the server's own default, one a core)")
    p.add_argument("--corpus", help="folder to index instead of BBC")
    p.add_argument("--queries", help="file of queries, one a line, instead of the default list")
    a = p.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench-serve: wrk is missing; run scripts/bench-setup")
    if not a.no_build:
        subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True,
                       stdout=subprocess.DEVNULL)
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp(prefix="folio-bench-serve-")
    try:
        corpus, queries, source = pick_inputs(a, work)
        db = os.path.join(work, "db")
        log(f"indexing {corpus}")
        subprocess.run([os.path.join(BUILD, "indexer", "folio-index"), "--quiet", "--db", db, corpus],
                       check=True, stdout=subprocess.DEVNULL)
        server, url = start_server(db, a.threads)
        try:
            check_snippets(url, queries)
            log(f"warming up {url} (5 s)")
            run_wrk(url, queries, 8, 5)
            rows = []
            for c in [int(x) for x in a.connections.split(",")]:
                log(f"wrk: {c} connection(s), {a.seconds} s")
                rows.append(run_wrk(url, queries, c, a.seconds))
        finally:
            server.terminate()
            server.wait()
        p50, p99 = in_process_latency(db, queries, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    when = time.strftime("%Y-%m-%d %H:%M")
    lines = [f"`folio-search serve` on {os.path.relpath(corpus, ROOT)}, queries from {source}; "
             f"wrk on loopback, {a.seconds} s per row, {os.cpu_count()} cores, {when}.", "",
             "| connections | QPS | p50 ms | p90 ms | p99 ms | max ms | errors | "
             "p99 ÷ first row's | connections ÷ QPS, ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    with open(os.path.join(OUT, "bench-serve.jsonl"), "a", encoding="utf-8") as f:
        for r in rows:
            errors = sum(r["errors"].values())
            # connections ÷ QPS: the mean latency of a closed loop (Little's law), what a fair
            # queue gives every request once the server is saturated.
            lines.append(f"| {r['connections']} | {r['qps']:.0f} | {r['p50_ms']:.2f} | "
                         f"{r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.1f} | {errors} | "
                         f"{r['p99_ms'] / rows[0]['p99_ms']:.1f} | "
                         f"{1000 * r['connections'] / r['qps']:.1f} |")
            f.write(json.dumps({**r, "corpus": corpus, "queries": source, "when": when}) + "\n")
    lines += ["", f"Same queries in process (folio-search --queries, no HTTP): "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms."]
    table = "\n".join(lines)
    with open(os.path.join(OUT, "bench-serve.md"), "w", encoding="utf-8") as f:
        f.write(table + "\n")
    print(table)
    if any(sum(r["errors"].values()) for r in rows):
        sys.exit("bench-serve: some requests failed (see the errors column)")


if __name__ == "__main__":
    main()
