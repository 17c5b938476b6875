#!/usr/bin/env python3
"""Serving-latency benchmark (issue #4): top 10 with snippets, Folio beside Lucene and Xapian.

Run through scripts/bench-snippets (see --help). Builds Folio, then for Reuters-21578 and BBC
(converted with ../shared/bench/tools/bbc_to_jsonl.py) runs ../shared/bench/peers.py
--serve-latency for Folio (folio-search batch mode), for lucene:stored (UnifiedHighlighter, 2
passages) and xapian-cpp:lucenelike (MSet::snippet), in process, with queries/news.tsv.

The same warm-up for every engine, and a timed pass of queries it has not seen: peers.py gives
each engine one queries file and --warmup N, and every engine then runs N untimed passes over
the whole file and one timed pass. So this script splits news.tsv into a warm-up half (lines 1,
3, 5, ...) and a timed half (lines 2, 4, 6, ...), writes one file with the warm-up half
--warmup-passes times, then the timed half twice, and has peers.py run it with --warmup 0: every
engine goes through the same queries in the same order (each one first runs the whole file top
10 alone, then the whole file top 10 + snippets), and the latencies are taken from its
per-query files by line: "unseen" is the first pass over the timed half (for top 10 + snippets:
no snippet of these queries made before in that process; their top 10 alone, as for every
engine, yes), "repeated" the second, right after it (what the timed pass measured before: the
caches of the engine, Folio's piece cache among them, hold these queries' articles).

Synthetic corpora (--only synthetic, --sizes 200k,1m; issue #15: does latency grow like Lucene's?)
come from folio-gen-corpus, cached in $BENCH_OUT/data as scripts/bench-index caches them, and are
queried with the same news.tsv split. There Folio's index is built once per size (folio-index
--threads 2, then folio-index compact, as it would be served) into
$BENCH_OUT/work/snippets-index-syn-SIZE and kept for the next run (--rebuild-index builds it again:
needed after a change to what indexing or compaction writes); the peers index the same JSON Lines
in each repeat as peers.py always does. Folio's rows are at its default --match-threads (0: a match
split over the idle cores on an index of 50,000 articles or more); --match-threads 1 adds rows
matching in one thread ("folio-1thread"), so that the split's share shows in the same run.

Prints p50/p99 of top 10 + snippets, unseen and repeated, top 10 alone, the share of snippets
showing a highlighted query word (each query once), and Folio/peer ratios from the same run.
Rows go to $BENCH_OUT/bench-snippets.jsonl, the table to $BENCH_OUT/bench-snippets.md. Python 3
stdlib only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_index  # noqa: E402 (the synthetic corpora: its generator and cache)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("FOLIO_BUILD_DIR", "build"))
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
OUT = os.environ.get("BENCH_OUT", os.path.join(os.environ.get("TMPDIR", "/tmp"), "folio-bench"))
PEERS = ["lucene:stored", "xapian-cpp:lucenelike"]
PASSES = ("unseen", "repeated")


def log(msg):
    print(f"[bench-snippets {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def inputs(only, a=None):
    """(name, docs.jsonl) of each collection, converting BBC once into $BENCH_OUT/data, and
    generating the synthetic corpora of --sizes (when asked) as scripts/bench-index does."""
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
    if "synthetic" in only and a is not None:
        data = os.path.join(OUT, "data")
        os.makedirs(data, exist_ok=True)
        for size in bench_index.csv_list(a.sizes):
            label, n = bench_index.parse_size(size)
            inp = bench_index.synthetic_input(label, n, a, data)
            out.append((inp["name"], inp["peers_path"]))
    return out


def prebuilt_index(name, docs, a):
    """Folio's index of a synthetic corpus, built once (then compacted) and kept."""
    db = os.path.join(OUT, "work", f"snippets-index-{name}")
    search = os.path.join(BUILD, "searcher", "folio-search")
    if os.path.exists(db) and not a.rebuild_index:
        probe = subprocess.run([search, "--db", db, "--limit", "1", "news"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if probe.returncode == 0:
            log(f"reusing Folio's index of {name}: {db} (--rebuild-index builds it again)")
            return db
        # (an index of another schema version, or a build killed before its end)
        log(f"building Folio's index of {name} again: {probe.stderr.strip()}")
    subprocess.run(["rm", "-rf", db], check=True)
    index = os.path.join(BUILD, "indexer", "folio-index")
    log(f"building Folio's index of {name} into {db}")
    subprocess.run([index, "--quiet", "--db", db, "--threads", "2", docs], check=True)
    subprocess.run([index, "compact", "--db", db], check=True, stdout=subprocess.DEVNULL)
    return db


def percentile(xs, p):
    """Linear interpolation between closest ranks, as ../shared/bench/peers.py."""
    xs = sorted(xs)
    if not xs:
        return None
    pos = (len(xs) - 1) * p / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary(ms):
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
            "mean": statistics.fmean(ms), "n": len(ms)}


def split_queries(queries, warmup_passes, path):
    """Writes the run's queries file: the warm-up half (odd lines of `queries`) warmup_passes
    times, then the timed half (even lines) twice. Returns (the qid of each line of that file,
    {"unseen": range of its lines, "repeated": range}, warm-up count, timed count)."""
    with open(queries, encoding="utf-8") as f:
        lines = [line.rstrip("\n") + "\n" for line in f if "\t" in line]
    warm, timed = lines[0::2], lines[1::2]
    order = warm * warmup_passes + timed + timed
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(order)
    start = len(warm) * warmup_passes
    segments = {"unseen": range(start, start + len(timed)),
                "repeated": range(start + len(timed), start + 2 * len(timed))}
    return [line.split("\t", 1)[0].strip() for line in order], segments, len(warm), len(timed)


def read_ms(path, qids):
    """The qid<TAB>ms lines of a latency file, checked line by line against the queries file."""
    ms = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            parts = line.split()
            if len(parts) < 2:
                continue
            if len(ms) >= len(qids) or parts[0] != qids[len(ms)]:
                raise RuntimeError(f"{path}:{i + 1}: {parts[0]} where the queries file has "
                                   f"{qids[len(ms)] if len(ms) < len(qids) else 'no more'}")
            ms.append(float(parts[1]))
    if len(ms) != len(qids):
        raise RuntimeError(f"{path}: {len(ms)} latencies for {len(qids)} queries")
    return ms


def pass_latencies(work, repeat, qids, segments):
    """{"unseen"|"repeated": {"snippets"|"top10": p50/p95/p99/mean}}, each the median over the
    repeats of the percentiles over that pass's lines, from the engine's per-query files."""
    per_rep = []
    for rep in range(repeat):
        r = {}
        for key, name in (("snippets", f"lat.{rep}.tsv"), ("top10", f"lat-top10.{rep}.tsv")):
            path = os.path.join(work, name)
            if os.path.exists(path):
                ms = read_ms(path, qids)
                for seg, lines in segments.items():
                    r.setdefault(seg, {})[key] = summary([ms[i] for i in lines])
        per_rep.append(r)
    out = {}
    for seg in segments:
        for key in ("snippets", "top10"):
            reps = [r[seg][key] for r in per_rep if key in r.get(seg, {})]
            if reps:
                out.setdefault(seg, {})[key] = {
                    k: statistics.median(x[k] for x in reps) for k in ("p50", "p95", "p99",
                                                                        "mean")}
                out[seg][key]["n"] = reps[0]["n"]
    return out


def distinct_snippets(work):
    """The first repeat's snippets with each (qid, rank) once (the file has every pass over the
    queries), written beside it; returns (path, lines, share with a highlight) or None."""
    path = os.path.join(work, "snippets.0.tsv")
    if not os.path.exists(path):
        return None
    seen, lines = set(), []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 4)
            if len(parts) < 5 or (parts[0], parts[1]) in seen:
                continue
            seen.add((parts[0], parts[1]))
            lines.append(line)
    out = os.path.join(work, "snippets-distinct.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(lines)
    share = sum("<b>" in l.rstrip("\n").split("\t", 4)[4] for l in lines) / len(lines) if lines \
        else None
    return out, len(lines), share


def run_peers(engine, name, docs, a, qfile, qids, segments, prebuilt=None, threads=None):
    """One engine on one collection through peers.py --serve-latency --warmup 0 with the split
    queries file; returns its row with the latencies of the unseen and the repeated pass.
    Folio searches `prebuilt` when given (indexing nothing), with --match-threads `threads`
    when given."""
    label = "folio" if engine.startswith("project") else engine
    if threads is not None:
        label = f"folio-{threads}thread"
    work = os.path.join(OUT, "work", f"snippets-{label.replace(':', '-')}-{name}")
    cmd = [sys.executable, os.path.join(SHARED, "bench", "peers.py"), "--engine", engine,
           "--docs", docs, "--name", name, "--queries", qfile, "--serve-latency",
           "--warmup", "0", "--repeat", str(a.repeat), "--work", work]
    if engine.startswith("project"):
        index = os.path.join(BUILD, "indexer", "folio-index")
        search = os.path.join(BUILD, "searcher", "folio-search")
        cmd += ["--label", label,
                "--index-cmd", "true" if prebuilt else f"{index} --quiet --db {{db}} {{docs}}",
                "--search-cmd", f"{search} --db {prebuilt or '{db}'} --queries {{queries}} "
                f"--limit {{k}} "
                + (f"--match-threads {threads} " if threads is not None else "") +
                f"--snippets $(( {{serve}} * {a.passages} )) --warmup {{warmup}} "
                "--latency {lat} --latency-top10 {lat_top10} --snippets-out {snippets} > {run}"]
    log(f"{label} on {name}")
    p = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    res = next(json.loads(line) for line in reversed(p.stdout.splitlines())
               if line.startswith("{"))
    for key in ("lat_ms", "lat_ms_top10", "lat_ms_snippets", "snippets_with_highlight",
                "snippet_lines", "snippets_file"):  # over the whole split file: not reported
        res.pop(key, None)
    row = {"collection": name, "engine": label, "repeat": a.repeat,
           **pass_latencies(work, a.repeat, qids, segments), "peer_result": res}
    snippets = distinct_snippets(work)
    if snippets:
        row["snippets_file"], row["snippet_lines"], row["snippets_with_highlight"] = snippets
    return row


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


def table(rows, peers, docs=None, queries=None):
    by = {(r["collection"], r["engine"]): r for r in rows}

    def lat(r, seg, key):
        return (r.get(seg) or {}).get(key) or {}

    def ratios(folio, r, seg, key="snippets"):
        f, s = lat(folio, seg, key), lat(r, seg, key)
        if not (f.get("p50") and s.get("p50")):
            return "-"
        return f"{f['p50'] / s['p50']:.2f}x / {f['p99'] / s['p99']:.2f}x"

    lines = ["| collection | engine | unseen: top 10 + snippets p50 / p99 ms | repeated: "
             "p50 / p99 ms | top 10 alone, unseen: p50 / p99 ms | top 10 alone, repeated: "
             "p50 / p99 ms | snippets with a highlight | … when the body has a query word | "
             "Folio / engine, unseen p50 / p99 | Folio / engine, repeated p50 / p99 | Folio / "
             "engine, top 10 alone, unseen p50 / p99 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for coll in sorted({r["collection"] for r in rows}, reverse=True):
        folio = by.get((coll, "folio"))
        for eng in ["folio"] + peers:
            r = by.get((coll, eng))
            if r is None:
                continue
            share = r.get("snippets_with_highlight")
            body = body_share(r, docs[coll], queries) if docs and coll in docs else None
            cells = [f"{fmt(lat(r, seg, 'snippets').get('p50'))} / "
                     f"{fmt(lat(r, seg, 'snippets').get('p99'))}" for seg in PASSES]
            cells += [f"{fmt(lat(r, seg, 'top10').get('p50'))} / "
                      f"{fmt(lat(r, seg, 'top10').get('p99'))}" for seg in PASSES]
            cells.append("-" if share is None else f"{100 * share:.1f}%")
            cells.append("-" if body is None else f"{100 * body:.2f}%")
            cells += [ratios(folio, r, seg) if folio and eng != "folio" else "-"
                      for seg in PASSES]
            cells.append(ratios(folio, r, "unseen", "top10") if folio and eng != "folio"
                         else "-")
            lines.append(f"| {coll} | {eng} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="reuters,bbc",
                    help="collections, from reuters,bbc,synthetic (default reuters,bbc)")
    ap.add_argument("--sizes", default="200k,1m",
                    help="synthetic corpus sizes, with --only synthetic (default 200k,1m)")
    ap.add_argument("--seed", type=int, default=42, help="synthetic corpus seed (default 42)")
    ap.add_argument("--rebuild-index", action="store_true",
                    help="build Folio's kept index of each synthetic corpus again")
    ap.add_argument("--match-threads", default="",
                    help="also run Folio with these --match-threads values, e.g. 1 (rows "
                    "folio-Nthread)")
    ap.add_argument("--peers", default=",".join(PEERS), help="peer engines (empty: Folio only)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per engine (median reported)")
    ap.add_argument("--warmup-passes", type=int, default=2,
                    help="passes over the warm-up half before the timed half, the same for "
                    "every engine (default 2: as many queries as the one warm-up pass over all "
                    "of news.tsv that peers.py gave before)")
    ap.add_argument("--passages", type=int, default=2, help="Folio's passages per hit")
    ap.add_argument("--no-build", action="store_true", help="use build/ as it is")
    a = ap.parse_args()
    if a.repeat < 1 or a.warmup_passes < 0:
        ap.error("--repeat needs at least 1, --warmup-passes at least 0")
    if not os.path.isdir(os.path.join(SHARED, "bench")) or not os.path.isdir(
            os.path.join(SHARED, "corpora")):
        sys.exit(f"bench-snippets: needs the team folder with bench/ and corpora/ at {SHARED} "
                 "(or set FOLIO_SHARED); it is not there, so there is nothing to measure")
    a.queries = os.path.join(SHARED, "bench", "queries", "news.tsv")
    a.source = os.path.join(SHARED, "corpora", "bbc")  # what the synthetic words come from
    if not a.no_build:
        subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True,
                       stdout=subprocess.DEVNULL)
    os.makedirs(OUT, exist_ok=True)
    qfile = os.path.join(OUT, "data", f"news-split-w{a.warmup_passes}.tsv")
    os.makedirs(os.path.dirname(qfile), exist_ok=True)
    qids, segments, n_warm, n_timed = split_queries(a.queries, a.warmup_passes, qfile)
    peers = [p for p in a.peers.split(",") if p]
    rows = []
    with open(os.path.join(OUT, "bench-snippets.jsonl"), "w", encoding="utf-8") as out:
        for name, docs in inputs(a.only.split(","), a):
            prebuilt = prebuilt_index(name, docs, a) if name.startswith("syn-") else None
            runs = [("project", None)] + [("project", int(t))
                                          for t in bench_index.csv_list(a.match_threads)]
            for engine, threads in runs + [(p, None) for p in peers]:
                row = run_peers(engine, name, docs, a, qfile, qids, segments, prebuilt, threads)
                row.update(queries=a.queries, split_queries=qfile, warmup_queries=n_warm,
                           warmup_passes=a.warmup_passes, timed_queries=n_timed)
                rows.append(row)
                out.write(json.dumps(row) + "\n")
    md = "\n".join([
        f"Every engine in one process, the same warm-up: peers.py --serve-latency --warmup 0 "
        f"over {os.path.basename(qfile)}: the warm-up half of news.tsv ({n_warm} queries, odd "
        f"lines) {a.warmup_passes} time(s), then the timed half ({n_timed} queries, even lines) "
        "twice; each engine runs that whole file top 10 alone, then the whole file top 10 + "
        "snippets. Unseen: the timed half's first pass (no snippets made for these queries "
        "before; top 10 alone: the first time the process sees them). Repeated: its second "
        f"pass, right after. Latencies: medians over {a.repeat} run(s) of the percentiles over "
        f"the {n_timed} timed queries; highlight shares over each of the "
        f"{n_warm + n_timed} queries once.", "",
        table(rows, [f"folio-{t}thread" for t in bench_index.csv_list(a.match_threads)] + peers,
              dict(inputs(a.only.split(","), a)), a.queries)])
    with open(os.path.join(OUT, "bench-snippets.md"), "w", encoding="utf-8") as f:
        f.write(md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
