#!/usr/bin/env python3
"""Soak test of `folio-search serve` (issue 17, item 2): a long run under load, not a unit test.

Run through scripts/soak (see --help). Indexes BBC (../shared/corpora/bbc) and Reuters-21578
(../shared/corpora/reuters21578/docs.jsonl, split into files of 500 stories), each in its own
index, and serves the two as one (`serve --db bbc --db reuters`). Then, for --minutes:
- wrk (bench/serve.lua: the page's searches, one after another from a list of news queries)
  runs in windows of --window seconds at --connections connections;
- a writer changes the BBC copy (edits, new files, deletions) and runs an update, and every
  third round `folio-index compact`, every fifth `--rebuild`;
- `folio-index --watch` follows the Reuters copy, which the writer also edits each round.
After each window it reads the server's RSS and open descriptors from /proc.

It passes when no request failed (wrk's connect, read, write, timeout and non-2xx counts), every
index run exited 0, the server's RSS at the end (median of the last 3 windows) is under 1.10x
its RSS after warm-up (the first --warmup minutes), it holds no more descriptors at the end than
after warm-up plus 16, and p99 is steady: the median p99 of the last third of the windows is at
most 1.5x that of the first third after warm-up. Writes soak.jsonl (one row a window),
soak.md (the figures and checks) and soak.png (latency, QPS, RSS and descriptors over time) to
$BENCH_OUT/soak (default /tmp/folio-bench/soak). Without ../shared it soaks the repo's corpus/.
"""
import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

from bench_serve import run_wrk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("FOLIO_BUILD_DIR", "build"))
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
OUT = os.path.join(os.environ.get("BENCH_OUT", os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                            "folio-bench")), "soak")
INDEX = os.path.join(BUILD, "indexer", "folio-index")
SEARCH = os.path.join(BUILD, "searcher", "folio-search")


def log(msg):
    print(f"[soak {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def prepare_inputs(work):
    """Copies BBC and splits Reuters into work/bbc and work/reuters; the queries file."""
    bbc = os.path.join(SHARED, "corpora", "bbc")
    reuters = os.path.join(SHARED, "corpora", "reuters21578", "docs.jsonl")
    news = os.path.join(SHARED, "bench", "queries", "news.tsv")
    queries = os.path.join(work, "queries.txt")
    if not (os.path.isdir(bbc) and os.path.exists(reuters)):
        log(f"{SHARED}/corpora not found: soaking the repo's corpus/ in both indexes")
        bbc = os.path.join(ROOT, "corpus")
        reuters = None
    shutil.copytree(bbc, os.path.join(work, "bbc"))
    os.makedirs(os.path.join(work, "reuters"))
    if reuters:
        with open(reuters, encoding="utf-8") as f:
            lines = f.readlines()
        for part in range(0, len(lines), 500):
            name = os.path.join(work, "reuters", f"part-{part // 500:03d}.jsonl")
            with open(name, "w", encoding="utf-8") as out:
                out.writelines(lines[part:part + 500])
    else:
        shutil.copytree(os.path.join(ROOT, "corpus"), os.path.join(work, "reuters"),
                        dirs_exist_ok=True)
    if os.path.exists(news):
        with open(news, encoding="utf-8") as f, open(queries, "w", encoding="utf-8") as out:
            for line in f:
                qid, _, text = line.rstrip("\n").partition("\t")
                if text:
                    out.write(text + "\n")
    else:
        shutil.copy(os.path.join(ROOT, "bench", "serve-queries.txt"), queries)
    return queries


def run_index(args, what, results):
    t0 = time.monotonic()
    r = subprocess.run([INDEX, "--quiet"] + args, capture_output=True, text=True)
    results.append(dict(op=what, status=r.returncode, seconds=round(time.monotonic() - t0, 2),
                        at=time.time(), err=r.stderr[-500:] if r.returncode else ""))
    if r.returncode != 0:
        log(f"{what} failed ({r.returncode}): {r.stderr.strip()[-300:]}")
    return r.returncode


class Writer(threading.Thread):
    """Changes the copies and indexes them, round after round, until stopped."""

    def __init__(self, work, pause):
        super().__init__(daemon=True)
        self.work, self.pause = work, pause
        self.stop = threading.Event()
        self.results = []
        self.rng = random.Random(17)
        self.added = []

    def edit_bbc(self, round_no):
        root = os.path.join(self.work, "bbc")
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
                       if f.endswith(".txt") and "soak-" not in f)
        for path in self.rng.sample(files, min(20, len(files))):
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\nSoak round {round_no} added this sentence about markets.\n")
        for i in range(5):
            src = self.rng.choice(files)
            dst = os.path.join(os.path.dirname(src), f"soak-{round_no}-{i}.txt")
            shutil.copy(src, dst)
            self.added.append(dst)
        while len(self.added) > 25:
            os.remove(self.added.pop(0))

    def edit_reuters(self, round_no):
        root = os.path.join(self.work, "reuters")
        path = os.path.join(root, self.rng.choice(sorted(os.listdir(root))))
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        if lines and path.endswith(".jsonl"):
            i = self.rng.randrange(len(lines))
            doc = json.loads(lines[i])
            doc["text"] = doc.get("text", "") + f" Soak round {round_no}."
            lines[i] = json.dumps(doc) + "\n"
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.writelines(lines)
            os.replace(path + ".tmp", path)

    def run(self):
        db = os.path.join(self.work, "db-bbc")
        round_no = 0
        while not self.stop.is_set():
            round_no += 1
            self.edit_bbc(round_no)
            self.edit_reuters(round_no)
            if round_no % 5 == 0:
                run_index(["--db", db, "--rebuild", os.path.join(self.work, "bbc")], "rebuild",
                          self.results)
            else:
                run_index(["--db", db, os.path.join(self.work, "bbc")], "update", self.results)
            if round_no % 3 == 0:
                run_index(["--db", db, "compact"], "compact", self.results)
            self.stop.wait(self.pause)


def proc_figures(pid):
    rss = 0
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def plot(rows, events, path):
    data = os.path.join(OUT, "soak-plot.dat")
    os.makedirs(OUT, exist_ok=True)
    with open(data, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(f"{r['minute']:.3f} {r['qps']:.1f} {r['p50_ms']:.3f} {r['p99_ms']:.3f} "
                    f"{r['rss'] / 2**20:.1f} {r['fds']}\n")
    counts = {op: sum(1 for e in events if e["op"] == op) for op in ("update", "compact", "rebuild")}
    runs = ", ".join(f"{n} {op}s" for op, n in counts.items())
    script = f"""
set terminal pngcairo size 1200,900 font ",10"
set output '{path}'
set multiplot layout 3,1 title "folio-search serve under wrk while its index had {runs} (and --watch)"
set grid
set xlabel "minutes"
set xrange [0:*]
set ylabel "ms"
set logscale y
plot '{data}' using 1:3 with lines title "p50", '' using 1:4 with lines title "p99"
unset logscale y
set ylabel "requests/s"
set yrange [0:*]
plot '{data}' using 1:2 with lines title "QPS"
set ylabel "RSS MB"
set y2label "descriptors"
set y2tics
set ytics nomirror
set y2range [0:*]
plot '{data}' using 1:5 with lines title "RSS (MB)", '' using 1:6 axes x1y2 with lines title "open descriptors"
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=30, help="how long the load runs")
    p.add_argument("--warmup", type=float, default=3, help="minutes not judged at the start")
    p.add_argument("--window", type=int, default=10, help="seconds of one wrk run")
    p.add_argument("--connections", type=int, default=16, help="wrk connections")
    p.add_argument("--pause", type=float, default=5, help="seconds between the writer's rounds")
    p.add_argument("--no-build", action="store_true", help="use the binaries in build/ as they are")
    a = p.parse_args()
    if not a.no_build:
        subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True)
    shutil.rmtree(OUT, ignore_errors=True)
    work = os.path.join(OUT, "work")
    os.makedirs(work)
    queries = prepare_inputs(work)
    events = []
    for name in ("bbc", "reuters"):
        if run_index(["--db", os.path.join(work, f"db-{name}"), os.path.join(work, name)],
                     f"build {name}", events) != 0:
            sys.exit(1)
    server = subprocess.Popen([SEARCH, "serve", "--db", os.path.join(work, "db-bbc"), "--db",
                               os.path.join(work, "db-reuters"), "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    first = server.stdout.readline()
    url = first.split(" at ")[1].split()[0].rstrip("/")
    log(first.strip())
    watch = subprocess.Popen([INDEX, "--quiet", "--watch", "--db", os.path.join(work, "db-reuters"),
                              os.path.join(work, "reuters")], stdout=subprocess.DEVNULL)
    writer = Writer(work, a.pause)
    writer.start()
    rows = []
    t0 = time.monotonic()
    wall_t0 = time.time()
    try:
        while time.monotonic() - t0 < a.minutes * 60:
            w = run_wrk(url, queries, a.connections, a.window)
            rss, fds = proc_figures(server.pid)
            errors = sum(w["errors"].values())
            rows.append(dict(minute=(time.monotonic() - t0) / 60, requests=w["requests"],
                             qps=w["qps"],
                             p50_ms=w["p50_ms"], p99_ms=w["p99_ms"], max_ms=w["max_ms"],
                             errors=errors, error_kinds=w["errors"], rss=rss, fds=fds))
            r = rows[-1]
            log(f"{r['minute']:5.1f} min: {r['qps']:6.0f} QPS, p99 {r['p99_ms']:6.1f} ms, "
                f"{errors} errors, RSS {rss / 2**20:.0f} MB, {fds} fds, "
                f"{len(writer.results)} index runs")
    finally:
        writer.stop.set()
        writer.join()
        watch.send_signal(signal.SIGTERM)
        watch_status = watch.wait()
        server.send_signal(signal.SIGTERM)
        server_status = server.wait()
    ops = writer.results
    for e in ops:
        e["minute"] = (e["at"] - wall_t0) / 60
    judged = [r for r in rows if r["minute"] > a.warmup]
    checks = []

    def check(name, ok, detail):
        checks.append((name, ok, detail))

    failed_requests = sum(r["errors"] for r in rows)
    check("no failed request", failed_requests == 0,
          f"{failed_requests} failed of {sum(r['requests'] for r in rows)}")
    bad_ops = [e for e in ops if e["status"] != 0]
    counts = {op: sum(1 for e in ops if e["op"] == op) for op in ("update", "compact", "rebuild")}
    check("every index run exited 0", not bad_ops,
          ", ".join(f"{n} {op}s" for op, n in counts.items()) + f"; {len(bad_ops)} failed")
    check("watch and serve ended cleanly on SIGTERM", watch_status == 0 and server_status == 0,
          f"watch {watch_status}, serve {server_status}")
    if len(judged) >= 6:
        rss_warm = statistics.median(r["rss"] for r in judged[:3])
        rss_end = statistics.median(r["rss"] for r in judged[-3:])
        check("RSS growth after warm-up under 10%", rss_end < 1.10 * rss_warm,
              f"{rss_warm / 2**20:.1f} MB -> {rss_end / 2**20:.1f} MB "
              f"({(rss_end / rss_warm - 1) * 100:+.1f}%)")
        fds_warm = judged[0]["fds"]
        fds_end = max(r["fds"] for r in judged[-3:])
        check("no descriptor leak", fds_end <= fds_warm + 16, f"{fds_warm} -> {fds_end}")
        third = max(1, len(judged) // 3)
        p99_first = statistics.median(r["p99_ms"] for r in judged[:third])
        p99_last = statistics.median(r["p99_ms"] for r in judged[-third:])
        check("p99 steady (last third <= 1.5x first third)", p99_last <= 1.5 * p99_first,
              f"{p99_first:.1f} ms -> {p99_last:.1f} ms")
    else:
        check("long enough to judge", False, f"{len(judged)} windows after warm-up; need 6")
    with open(os.path.join(OUT, "soak.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
        for e in ops:
            f.write(json.dumps(e) + "\n")
    plot(rows, ops, os.path.join(OUT, "soak.png"))
    qps = [r["qps"] for r in judged] or [0]
    lines = [f"`folio-search serve` soak: {a.minutes:g} min, wrk {a.connections} connections, "
             f"{a.window} s windows, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}.",
             "", f"QPS after warm-up: median {statistics.median(qps):.0f}, min {min(qps):.0f}; "
             f"p99 median {statistics.median(r['p99_ms'] for r in judged or rows):.1f} ms, "
             f"worst window {max(r['p99_ms'] for r in rows):.1f} ms, worst request "
             f"{max(r['max_ms'] for r in rows):.0f} ms.", "", "| check | result | figures |",
             "|---|---|---|"]
    lines += [f"| {name} | {'pass' if ok else 'FAIL'} | {detail} |" for name, ok, detail in checks]
    lines += ["", "Plot: soak.png; rows: soak.jsonl."]
    with open(os.path.join(OUT, "soak.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(ok for _, ok, _ in checks) else 1)


if __name__ == "__main__":
    main()
