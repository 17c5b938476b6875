#!/usr/bin/env python3
"""Sharding benchmark (issue #6): indexing throughput and top-10 latency by shard count.

Run through scripts/bench-shards (see --help). On a synthetic corpus of the indexing benchmark
(folio-gen-corpus, cached in $BENCH_OUT/data; --size, default 1m, the largest), it indexes with
`folio-index --shards N` for each N of --shards (default 1,2,4) and times the corpus's queries
over each index and over the 2-shard index's shards served by xapian-tcpsrv on loopback
(folio-search --queries, top 10 without snippets; --passes timed passes, each after a warm-up
pass, taken in turn across the configurations; p50 and p99 are medians over the passes).
--keep reuses the indexes built before. Prints docs/s, p50/p99 latency, and each
row against 1 shard; rows go to $BENCH_OUT/bench-shards.jsonl, the table to
$BENCH_OUT/bench-shards.md. Not a test. Python 3 stdlib only.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_index as bi  # noqa: E402  (the corpus generator's cache and helpers)


def log(msg):
    print(f"[bench-shards {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def index(corpus, db, shards, threads):
    shutil.rmtree(db, ignore_errors=True)
    stats = db + ".stats.json"
    subprocess.run([bi.FOLIO_INDEX, "--quiet", "--db", db, "--threads", str(threads),
                    "--shards", str(shards), "--stats-json", stats, corpus],
                   check=True, stdout=subprocess.DEVNULL)
    return json.load(open(stats))


def latency_pass(dbs, queries, out):
    """p50 and p99 of one timed pass over the queries (folio-search warms up with a pass first)."""
    lat = out + ".lat.tsv"
    cmd = [bi.FOLIO_SEARCH]
    for db in dbs:
        cmd += ["--db", db]
    cmd += ["--queries", queries, "--format", "trec", "--limit", "10", "--warmup", "1",
            "--latency", lat]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    ms = [float(l.split("\t")[1]) for l in open(lat) if l.strip()]
    return bi.percentile(ms, 50), bi.percentile(ms, 99)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_remote(db, work):
    """xapian-tcpsrv for each shard of the index at db; returns (processes, stub path)."""
    gen = os.path.join(db, open(os.path.join(db, "XAPIANDB")).read().split()[1])
    shards = [os.path.join(gen, l.split()[1]) for l in open(os.path.join(gen, "XAPIANDB"))]
    procs, lines = [], []
    for shard in shards:
        port = free_port()
        procs.append(subprocess.Popen(["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                                       "--port", str(port), shard],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        lines.append(f"remote 127.0.0.1:{port}\n")
    stub = os.path.join(work, "remote.stub")
    with open(stub, "w") as f:
        f.writelines(lines)
    time.sleep(1)  # the servers listen
    return procs, stub


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="1m", help="synthetic corpus size (default 1m)")
    ap.add_argument("--shards", default="1,2,4", help="shard counts to index (default 1,2,4)")
    ap.add_argument("--threads", type=int, default=2, help="indexing threads (default 2)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--source", default=None, help="folder the words are learned from")
    ap.add_argument("--passes", type=int, default=15,
                    help="timed passes over the queries; p50 and p99 are their medians (default 15)")
    ap.add_argument("--keep", action="store_true",
                    help="reuse an index this script built before (same corpus and shard count) "
                         "and its indexing figures; only the latencies are measured again")
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    if a.source is None:
        bbc = os.path.join(bi.SHARED, "corpora", "bbc")
        a.source = bbc if os.path.isdir(bbc) else os.path.join(bi.ROOT, "corpus")
    if not a.no_build:
        subprocess.run([os.path.join(bi.ROOT, "scripts", "build")], check=True,
                       stdout=subprocess.DEVNULL)
    data = os.path.join(bi.OUT, "data")
    os.makedirs(data, exist_ok=True)
    label, n = bi.parse_size(a.size)
    corpus = bi.synthetic_input(label, n, a, data)
    work = os.path.join(bi.OUT, "shards")
    os.makedirs(work, exist_ok=True)
    rows = []
    for shards in [int(s) for s in bi.csv_list(a.shards)]:
        db = os.path.join(work, f"db-{shards}")
        kept = db + ".stats.json"
        st = json.load(open(kept)) if a.keep and os.path.exists(kept) else None
        if st and (st.get("shards") != shards or st.get("total_articles") != corpus["docs"]):
            st = None
        if st:
            log(f"keeping the {shards}-shard index of {corpus['name']} built before")
        else:
            log(f"indexing {corpus['name']} into {shards} shard(s)")
            st = index(corpus["folio_path"], db, shards, a.threads)
        log(f"  {st['articles_per_s']:.0f} docs/s")
        rows.append(dict(config=f"{shards} local", shards=shards, docs_per_s=st["articles_per_s"],
                         seconds=st["seconds"], dbs=[db]))
    two = os.path.join(work, "db-2")
    procs = []
    if os.path.exists(two):
        procs, stub = serve_remote(two, work)
        rows.append(dict(config="2 remote", shards=2, docs_per_s=None, seconds=None,
                         dbs=[stub]))
    # The passes go round the configurations in turn, so that a slow spell of this shared
    # machine falls on all of them alike; p50 and p99 are the medians over the passes.
    try:
        for i in range(a.passes):
            log(f"latency pass {i + 1} of {a.passes}")
            for r in rows:
                p50, p99 = latency_pass(r["dbs"], corpus["queries"], r["dbs"][0])
                r.setdefault("p50s", []).append(p50)
                r.setdefault("p99s", []).append(p99)
    finally:
        for p in procs:
            p.kill()
            p.wait()
    for r in rows:
        r["p50_ms"] = statistics.median(r.pop("p50s"))
        r["p99_ms"] = statistics.median(r.pop("p99s"))
        del r["dbs"]
    base = rows[0]
    when = time.strftime("%Y-%m-%d %H:%M")
    nq = sum(1 for l in open(corpus["queries"]) if l.strip())
    lines = [f"{corpus['name']} ({corpus['docs']} articles), {a.threads} indexing threads, "
             f"top 10 without snippets, {nq} queries ({corpus['queries']}), medians of "
             f"{a.passes} passes, {when}", "",
             "| shards | index docs/s | ÷ 1 shard | top-10 p50 ms | p99 ms | p50 ÷ 1 shard |",
             "|---|---|---|---|---|---|"]
    with open(os.path.join(bi.OUT, "bench-shards.jsonl"), "a") as f:
        for r in rows:
            f.write(json.dumps({**r, "corpus": corpus["name"], "when": when}) + "\n")
            dps = f"{r['docs_per_s']:,.0f}" if r["docs_per_s"] else "–"
            ratio = f"{r['docs_per_s'] / base['docs_per_s']:.2f}x" if r["docs_per_s"] else "–"
            lines.append(f"| {r['config']} | {dps} | {ratio} | {r['p50_ms']:.2f} | "
                         f"{r['p99_ms']:.2f} | {r['p50_ms'] / base['p50_ms']:.2f}x |")
    table = "\n".join(lines)
    with open(os.path.join(bi.OUT, "bench-shards.md"), "w") as f:
        f.write(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
