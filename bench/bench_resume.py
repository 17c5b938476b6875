#!/usr/bin/env python3
"""Resumable builds benchmark (issue 15): how much work a build killed late redoes.

Run through scripts/bench-resume (see --help). For each input (a synthetic corpus of the
indexing benchmark, --size, default 100k, one JSON Lines file; and the BBC folder of 2,225
.txt files when ../shared is present), it times an uninterrupted first build (the median of
--repeat runs), then for each kill point of --at (fractions of that time, default 0.5,0.9) it
starts a build, kills it with SIGKILL at that point, and times the run that continues it.
Redone work is what the two runs took beyond one uninterrupted build:
(killed-at + continuing run - uninterrupted) / uninterrupted. It also checks that the
continued index holds as many articles as the uninterrupted one. Rows go to
$BENCH_OUT/bench-resume.jsonl, the table to $BENCH_OUT/bench-resume.md. Not a test. Python 3
stdlib only.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_index as bi  # noqa: E402  (the corpus generator's cache and helpers)


def log(msg):
    print(f"[bench-resume {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def command(corpus, db, threads, shards, stats):
    return [bi.FOLIO_INDEX, "--quiet", "--db", db, "--threads", str(threads), "--shards",
            str(shards), "--stats-json", stats, corpus]


def full_build(corpus, db, threads, shards):
    """Seconds an uninterrupted first build takes, and its stats."""
    shutil.rmtree(db, ignore_errors=True)
    stats = db + ".stats.json"
    t0 = time.monotonic()
    subprocess.run(command(corpus, db, threads, shards, stats), check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - t0, json.load(open(stats))


def killed_then_continued(corpus, db, threads, shards, after):
    """Kills a first build after `after` s; returns (killed, seconds and stats of the next run)."""
    shutil.rmtree(db, ignore_errors=True)
    stats = db + ".stats.json"
    p = subprocess.Popen(command(corpus, db, threads, shards, stats), stdout=subprocess.DEVNULL)
    try:
        p.wait(timeout=after)
        killed = False
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        p.wait()
        killed = True
    t0 = time.monotonic()
    subprocess.run(command(corpus, db, threads, shards, stats), check=True,
                   stdout=subprocess.DEVNULL)
    return killed, time.monotonic() - t0, json.load(open(stats))


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="100k", help="synthetic corpus size (default 100k)")
    ap.add_argument("--only", default="synthetic,bbc", help="inputs (default synthetic,bbc)")
    ap.add_argument("--at", default="0.5,0.9", help="kill points, fractions (default 0.5,0.9)")
    ap.add_argument("--threads", type=int, default=2, help="folio-index threads (default 2)")
    ap.add_argument("--shards", type=int, default=1, help="shards (default 1)")
    ap.add_argument("--repeat", type=int, default=1, help="uninterrupted builds (median)")
    ap.add_argument("--seed", type=int, default=42, help="synthetic corpus seed (default 42)")
    ap.add_argument("--source", help="folder the synthetic words are learned from (default "
                    "BBC when present, else corpus/)")
    ap.add_argument("--no-build", action="store_true", help="do not run scripts/build first")
    return ap.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    if not a.no_build:
        subprocess.run([os.path.join(bi.ROOT, "scripts", "build")], check=True)
    bbc = os.path.join(bi.SHARED, "corpora", "bbc")
    if a.source is None:
        a.source = bbc if os.path.isdir(bbc) else os.path.join(bi.ROOT, "corpus")
    data = os.path.join(bi.OUT, "data")
    work = os.path.join(bi.OUT, "resume")
    os.makedirs(data, exist_ok=True)
    os.makedirs(work, exist_ok=True)
    inputs = []
    if "synthetic" in a.only:
        label, n = bi.parse_size(a.size)
        inputs.append(bi.synthetic_input(label, n, a, data))
    if "bbc" in a.only and os.path.isdir(bbc):
        inputs.append(dict(name="bbc", folio_path=bbc))
    rows = []
    for inp in inputs:
        db = os.path.join(work, inp["name"])
        times = []
        for _ in range(a.repeat):
            seconds, full = full_build(inp["folio_path"], db, a.threads, a.shards)
            times.append(seconds)
        full_s = statistics.median(times)
        log(f"{inp['name']}: uninterrupted {full_s:.1f} s, {full['total_articles']} articles")
        for at in [float(x) for x in a.at.split(",")]:
            killed, next_s, st = killed_then_continued(inp["folio_path"], db, a.threads,
                                                       a.shards, at * full_s)
            redone = (at * full_s + next_s - full_s) / full_s
            row = dict(input=inp["name"], threads=a.threads, shards=a.shards, at=at,
                       killed=killed, full_s=round(full_s, 2), next_s=round(next_s, 2),
                       redone=round(redone, 3), resumed=st["articles_resumed"],
                       added=st["articles_added"], total=st["total_articles"],
                       same_total=st["total_articles"] == full["total_articles"])
            log(json.dumps(row))
            rows.append(row)
    with open(os.path.join(bi.OUT, "bench-resume.jsonl"), "a") as out:
        for r in rows:
            out.write(json.dumps(r) + "\n")
    lines = ["| input | killed at | uninterrupted s | continuing run s | redone | articles kept "
             "/ added | same total |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['input']} | {r['at']:.0%}{'' if r['killed'] else ' (ended first)'} "
                     f"| {r['full_s']:.1f} | {r['next_s']:.1f} | {r['redone']:.1%} | "
                     f"{r['resumed']:,} / {r['added']:,} | {'yes' if r['same_total'] else 'NO'} |")
    table = "\n".join(lines) + "\n"
    open(os.path.join(bi.OUT, "bench-resume.md"), "w").write(table)
    print(table)


if __name__ == "__main__":
    main()
