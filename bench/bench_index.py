#!/usr/bin/env python3
"""Indexing benchmark (issue #3): Folio beside Lucene and Xapian on the same inputs, same run.

Run through scripts/bench-index (see --help). Inputs: Reuters-21578 and BBC from ../shared/corpora
when present, and synthetic corpora from folio-gen-corpus (cached in $BENCH_OUT/data by generator
version, source, seed and size). For each input and each thread count of --threads-list it times
`folio-index --threads N` under /usr/bin/time -v, measures the index before and after
`folio-index compact`, runs the top-10 queries through folio-search, then runs the peers
(../shared/bench/peers.py: lucene:body, lucene:stored, xapian:default) on the same JSON Lines at
the thread counts they can use.

Like with like: a ratio is only ever taken between rows with the same number of indexing
threads. At 1 thread the peers are ../shared/bench's own (LuceneBench, xapian_bench.py: one
thread adds the documents); at N > 1 the Lucene peers are bench/LuceneThreads.java (the same
documents and settings, N threads adding to one IndexWriter), run through peers.py's `project`
engine so that they are measured by the same code. Xapian's writer takes one thread: xapian:default
runs at 1 thread only. Two times for every row: wall (the whole command, process start-up
included: the JVM's for Lucene, Python's for xapian:default) and in-engine (the engine's own
timer around its work: Folio's --stats-json `seconds`, the peers' `index_s`). docs/s divides the
articles each engine says it indexed (Folio's --stats-json, the peers' "docs"), not the input's
count. Rows go to $BENCH_OUT/bench-index.jsonl, the tables to $BENCH_OUT/bench-index.md and
stdout. Python 3 stdlib only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("FOLIO_BUILD_DIR", "build"))
FOLIO_INDEX = os.path.join(BUILD, "indexer", "folio-index")
FOLIO_SEARCH = os.path.join(BUILD, "searcher", "folio-search")
GEN_CORPUS = os.path.join(BUILD, "bench", "folio-gen-corpus")
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
OUT = os.environ.get("BENCH_OUT", os.path.join(os.environ.get("TMPDIR", "/tmp"), "folio-bench"))
TIME = "/usr/bin/time"
PEERS = "lucene:body,lucene:stored,xapian:default"
LUCENE_THREADS = os.path.join(ROOT, "bench", "LuceneThreads.java")
SIZE_SUFFIX = {"": 1, "k": 1000, "m": 1000000}


def log(msg):
    print(f"[bench-index {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_size(label):
    m = re.fullmatch(r"(\d+)([km]?)", label.strip().lower())
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {label!r} (e.g. 10k, 100k, 1m)")
    return m.group(1) + m.group(2), int(m.group(1)) * SIZE_SUFFIX[m.group(2)]


def csv_list(text):
    return [x.strip() for x in text.split(",") if x.strip()]


def percentile(xs, p):
    """Linear interpolation between closest ranks, as ../shared/bench/peers.py."""
    xs = sorted(xs)
    if not xs:
        return None
    pos = (len(xs) - 1) * p / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def du_bytes(path):
    return int(subprocess.run(["du", "-sb", path], check=True, capture_output=True,
                              text=True).stdout.split()[0])


def parse_time_v(path):
    out = {}
    keys = {"Maximum resident set size (kbytes)": "peak_rss_kb", "User time (seconds)": "user_s",
            "System time (seconds)": "sys_s", "Exit status": "exit"}
    for line in open(path, errors="replace"):
        key, _, value = line.strip().rpartition(":")
        if key in keys:
            out[keys[key]] = float(value)
    return out


def warm(path):
    """Reads the input once so that every engine starts with it in the page cache."""
    paths = [path]
    if os.path.isdir(path):
        paths = [os.path.join(r, f) for r, _, fs in os.walk(path) for f in fs]
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 20):
                pass


def run_logged(argv, logfile, quiet_stdout=False):
    """Runs argv, its output appended to logfile (stdout discarded if quiet_stdout); returns the
    wall seconds. Raises RuntimeError on a non-zero exit."""
    with open(logfile, "a") as lf, open(os.devnull, "w") as devnull:
        lf.write("$ " + " ".join(argv) + (" > /dev/null" if quiet_stdout else "") + "\n")
        lf.flush()
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=devnull if quiet_stdout else lf, stderr=lf)
        wall = time.perf_counter() - t0
        lf.write(f"[rc={p.returncode} wall={wall:.3f}s]\n")
    if p.returncode != 0:
        raise RuntimeError(f"failed (rc={p.returncode}, see {logfile}): {' '.join(argv)}")
    return wall


class Features:
    """Which of the benchmark's flags this build of folio-index / folio-search has."""

    def __init__(self):
        ih = subprocess.run([FOLIO_INDEX, "--help"], capture_output=True, text=True).stdout
        sh = subprocess.run([FOLIO_SEARCH, "--help"], capture_output=True, text=True).stdout
        self.rebuild = "--rebuild" in ih
        self.threads = "--threads" in ih
        self.stats_json = "--stats-json" in ih
        self.compact = re.search(r"\bcompact\b", ih) is not None
        self.latency = all(f in sh for f in ("--queries", "--latency", "--format"))
        self.notes = []
        for ok, what in ((self.rebuild, "folio-index --rebuild (the db folder is wiped instead)"),
                         (self.threads, "folio-index --threads (default threads, one run)"),
                         (self.stats_json, "folio-index --stats-json"),
                         (self.compact, "folio-index compact (xapian-compact used instead)"),
                         (self.latency, "folio-search --queries/--format/--latency (no latency)")):
            if not ok:
                self.notes.append("missing: " + what)


def input_stats_jsonl(path):
    """(docs, UTF-8 bytes of title+text) of a JSON Lines file."""
    n = tb = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                n += 1
                tb += len((d.get("title") or "").encode()) + len((d.get("text") or "").encode())
    return n, tb


def input_stats_folder(path):
    """(docs, file bytes) of the .txt articles in a folder (README files are not articles)."""
    n = b = 0
    for root, _, files in os.walk(path):
        for f in files:
            if f.lower().endswith(".txt") and not f.lower().startswith("readme"):
                n += 1
                b += os.path.getsize(os.path.join(root, f))
    return n, b


def gen_version():
    out = subprocess.run([GEN_CORPUS, "--version"], check=True, capture_output=True, text=True)
    return out.stdout.split()[-1]


def synthetic_input(label, n, a, data):
    """Generates (or reuses) the synthetic corpus of n articles; returns the input dict."""
    src = os.path.basename(os.path.normpath(a.source))
    stem = f"syn-v{gen_version()}-{src}-s{a.seed}"
    path = os.path.join(data, f"{stem}-{label}.jsonl")
    stats_path = path + ".stats.json"
    queries = os.path.join(data, f"{stem}-queries.tsv")
    if not (os.path.exists(path) and os.path.exists(stats_path) and os.path.exists(queries)):
        log(f"generating {n} articles -> {path}")
        subprocess.run([GEN_CORPUS, str(n), path, "--seed", str(a.seed), "--source", a.source,
                        "--stats", stats_path, "--queries", queries], check=True)
    st = json.load(open(stats_path))
    log(f"syn-{label}: {st['articles']} articles, {st['file_bytes'] / 1e6:.0f} MB, "
        f"{st['distinct_words']} distinct words (generated in {st['seconds']:.1f} s)")
    return dict(name=f"syn-{label}", folio_path=path, peers_path=path, docs=st["articles"],
                text_bytes=st["text_bytes"], queries=queries, generator=st)


def real_inputs(a, data):
    inputs = []
    reuters = os.path.join(SHARED, "corpora", "reuters21578", "docs.jsonl")
    bbc = os.path.join(SHARED, "corpora", "bbc")
    if "reuters" in a.only:
        if os.path.exists(reuters):
            n, tb = input_stats_jsonl(reuters)
            inputs.append(dict(name="reuters", folio_path=reuters, peers_path=reuters, docs=n,
                               text_bytes=tb))
        else:
            log(f"skipping Reuters: {reuters} not found")
    if "bbc" in a.only:
        if os.path.isdir(bbc):
            bbc_jsonl = os.path.join(data, "bbc.jsonl")
            tool = os.path.join(SHARED, "bench", "tools", "bbc_to_jsonl.py")
            if not os.path.exists(bbc_jsonl):
                subprocess.run([sys.executable, tool, bbc, bbc_jsonl + ".part"], check=True)
                os.replace(bbc_jsonl + ".part", bbc_jsonl)
            n, fb = input_stats_folder(bbc)  # Folio reads the folder: MB = file bytes
            inputs.append(dict(name="bbc", folio_path=bbc, peers_path=bbc_jsonl, docs=n,
                               text_bytes=fb))
        else:
            log(f"skipping BBC: {bbc} not found")
    return inputs


def folio_once(inp, threads, feats, queries, work, logfile):
    db = os.path.join(work, "db")
    shutil.rmtree(db, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    stats_file = os.path.join(work, "stats.json")
    tv = os.path.join(work, "time-v.txt")
    argv = [FOLIO_INDEX, "--quiet", "--db", db]
    argv += ["--rebuild"] if feats.rebuild else []
    argv += ["--threads", str(threads)] if feats.threads and threads else []
    argv += ["--stats-json", stats_file] if feats.stats_json else []
    warm(inp["folio_path"])
    wall = run_logged([TIME, "-v", "-o", tv] + argv + [inp["folio_path"]], logfile)
    r = {"wall_s": wall, **parse_time_v(tv), "index_bytes": du_bytes(db)}
    if feats.stats_json and os.path.exists(stats_file):
        st = json.load(open(stats_file))
        r["engine_s"] = st.get("seconds")  # index_paths() from start to the published index
        r["articles_added"] = st.get("articles_added")
        if "articles_added" in st:  # written by this run (--rebuild: all of them are added)
            r["articles"] = st["articles_added"] + st.get("articles_updated", 0)
        r["total_articles"] = st.get("total_articles")
        r["threads_used"] = st.get("threads")
    if feats.compact:
        r["compact_s"] = run_logged([FOLIO_INDEX, "compact", "--db", db], logfile)
    elif os.path.exists(os.path.join(db, "iamglass")):  # a plain Xapian database
        r["compact_s"] = run_logged(["xapian-compact", db, db + ".compact"], logfile)
        shutil.rmtree(db)
        os.replace(db + ".compact", db)
    if "compact_s" in r:
        r["index_bytes_compacted"] = du_bytes(db)
    if feats.latency and queries:  # on the compacted index, as it would be served
        lat_file = os.path.join(work, "latency.tsv")
        run_logged([FOLIO_SEARCH, "--db", db, "--queries", queries, "--format", "trec", "--limit",
                    "10", "--latency", lat_file], logfile, quiet_stdout=True)
        ms = []
        for line in open(lat_file):
            parts = line.split()
            if parts and re.fullmatch(r"[0-9.eE+-]+", parts[-1]):
                ms.append(float(parts[-1]))
        r["lat_p50_ms"] = percentile(ms, 50)
        r["lat_p99_ms"] = percentile(ms, 99)
        r["n_queries"] = len(ms)
    return r


def folio_row(inp, threads, feats, a):
    """Folio at `threads` indexing threads, a.repeat times; medians. docs/s divides the articles
    folio-index says it wrote (--stats-json), by the wall time and by its own time."""
    label = f"folio -t{threads}" if feats.threads and threads else "folio"
    work = os.path.join(OUT, "work", f"folio-{inp['name']}-t{threads}")
    os.makedirs(work, exist_ok=True)
    logfile = os.path.join(work, "commands.log")
    open(logfile, "w").close()
    reps = []
    for rep in range(a.repeat):
        r = folio_once(inp, threads, feats, a.queries or inp.get("queries"), work, logfile)
        reps.append(r)
        log(f"{label} {inp['name']} repeat {rep + 1}/{a.repeat}: {r['wall_s']:.2f} s wall"
            + (f", {r['engine_s']:.2f} s in-engine" if r.get("engine_s") is not None else "")
            + (f", {r['articles']:,} articles" if r.get("articles") is not None else "")
            + f", {r['index_bytes'] / 1e6:.1f} MB"
            + (f" -> {r['index_bytes_compacted'] / 1e6:.1f} MB compacted"
               if "index_bytes_compacted" in r else "")
            + (f", p50 {r['lat_p50_ms']:.2f} ms" if r.get("lat_p50_ms") is not None else ""))
    if not a.keep:
        shutil.rmtree(os.path.join(work, "db"), ignore_errors=True)

    def med(key):
        return median([r.get(key) for r in reps])

    counts = {r.get("articles") for r in reps}
    if len(counts) > 1:
        log(f"note: folio wrote {sorted(c for c in counts if c is not None)} articles of "
            f"{inp['name']} in different repeats; the median is used")
    indexed = med("articles")
    docs = indexed if indexed else inp["docs"]
    if indexed is not None and indexed != inp["docs"]:
        log(f"note: folio indexed {indexed:,.0f} articles of the {inp['docs']:,} in "
            f"{inp['name']}; docs/s counts the {indexed:,.0f}")
    wall, engine_s, mb = med("wall_s"), med("engine_s"), inp["text_bytes"] / 1e6
    row = dict(input=inp["name"], engine="folio", label=label,
               threads=reps[0].get("threads_used") or (threads if feats.threads else None),
               docs=docs, docs_source="folio-index --stats-json" if indexed else "input count",
               docs_input=inp["docs"], mb=mb, wall_s=wall, engine_s=engine_s,
               docs_per_s=docs / wall, docs_per_s_engine=docs / engine_s if engine_s else None,
               mb_per_s=mb / wall, mb_per_s_engine=mb / engine_s if engine_s else None,
               peak_rss_mb=med("peak_rss_kb") / 1024 if med("peak_rss_kb") else None,
               cpu_s=median([r.get("user_s", 0) + r.get("sys_s", 0) for r in reps]),
               index_mb=med("index_bytes") / 1e6,
               index_mb_compacted=(med("index_bytes_compacted") or 0) / 1e6 or None,
               bytes_per_article=med("index_bytes") / docs,
               bytes_per_article_compacted=(med("index_bytes_compacted") / docs
                                            if med("index_bytes_compacted") else None),
               lat_p50_ms=med("lat_p50_ms"), lat_p99_ms=med("lat_p99_ms"),
               compact_s=med("compact_s"), articles_added=reps[0].get("articles_added"),
               total_articles=reps[0].get("total_articles"), n_queries=reps[0].get("n_queries"),
               repeat=a.repeat, raw=reps)
    return row


def lucene_threads_classpath():
    """Compiles bench/LuceneThreads.java against ../shared/bench's Lucene harness (built first
    with its build.sh, as peers.py would, when it is not there yet) into $BENCH_OUT/build;
    returns the classpath to run it with."""
    build = os.environ.get("BENCH_BUILD", os.path.join(OUT, "build"))
    cp_file = os.path.join(build, "lucene", "classpath")
    harness = os.path.join(SHARED, "bench", "engines", "lucene")
    if not os.path.exists(cp_file) or (os.path.getmtime(cp_file) < os.path.getmtime(
            os.path.join(harness, "LuceneBench.java"))):
        subprocess.run([os.path.join(harness, "build.sh")], check=True, stdout=sys.stderr,
                       env=dict(os.environ, BENCH_BUILD=build))
    cp = open(cp_file).read().strip()
    out = os.path.join(build, "lucene-threads")
    cls = os.path.join(out, "LuceneThreads.class")
    if not os.path.exists(cls) or os.path.getmtime(cls) < max(os.path.getmtime(LUCENE_THREADS),
                                                                os.path.getmtime(cp_file)):
        os.makedirs(out, exist_ok=True)
        subprocess.run(["javac", "-nowarn", "-d", out, "-cp", cp, LUCENE_THREADS], check=True,
                       stdout=sys.stderr)
    return f"{out}:{cp}"


def peer_docs_indexed(workdir):
    """The "docs" that the index command printed in each repeat (peers.py keeps the commands'
    output in WORK/commands.log but records only the input's count), in order."""
    counts = []
    log_path = os.path.join(workdir, "commands.log")
    if not os.path.exists(log_path):
        return counts
    for line in open(log_path, errors="replace"):
        if line.startswith("{") and '"index_s"' in line:
            try:
                j = json.loads(line)
            except ValueError:
                continue
            if isinstance(j.get("docs"), int):
                counts.append(j["docs"])
    return counts


def peer_row(inp, engine, threads, a):
    """A peer at `threads` indexing threads through ../shared/bench/peers.py: its own engine at
    1 thread; at more, Lucene as bench/LuceneThreads.java through peers.py's `project` engine."""
    peers = os.path.join(SHARED, "bench", "peers.py")
    work = os.path.join(OUT, "work", f"peer-{engine.replace(':', '-')}-{inp['name']}-t{threads}")
    argv = [sys.executable, peers, "--docs", inp["peers_path"], "--name", inp["name"],
            "--no-search", "--repeat", str(a.repeat), "--timeout", "14400", "--work", work,
            "--out", os.path.join(OUT, "peers.jsonl")]
    if threads == 1:
        argv += ["--engine", engine]
        driver = "../shared/bench/peers.py " + engine
    elif engine.startswith("lucene:"):
        variant = engine.partition(":")[2] or "body"
        cp = lucene_threads_classpath()
        argv += ["--engine", f"project:{variant}", "--label", f"{engine}-t{threads}",
                 "--index-cmd", f"java -cp {shlex.quote(cp)} LuceneThreads index --docs {{docs}} "
                 f"--db {{db}} --variant {variant} --threads {threads}"]
        driver = f"bench/LuceneThreads.java --threads {threads} (through peers.py)"
    else:
        raise RuntimeError(f"{engine} indexes with one thread only")
    p = subprocess.run(argv, stdout=subprocess.PIPE, text=True, env=dict(os.environ, BENCH_OUT=OUT))
    if p.returncode != 0:
        raise RuntimeError(f"peers.py failed (rc={p.returncode}): {' '.join(argv)}")
    res = next(json.loads(line) for line in reversed(p.stdout.splitlines())
               if line.startswith("{"))
    counts = peer_docs_indexed(work)
    if len(set(counts)) > 1:
        log(f"note: {engine} indexed {sorted(set(counts))} documents of {inp['name']} in "
            "different repeats; the median is used")
    n = median(counts) if counts else res["n_docs"]
    if counts and n != res["n_docs"]:
        log(f"note: {engine} indexed {n:,.0f} documents of the {res['n_docs']:,} in "
            f"{inp['name']}; docs/s counts the {n:,.0f}")
    wall, engine_s = res["index_wall_s"], res.get("index_engine_s")
    return dict(input=inp["name"], engine=engine, label=f"{engine} -t{threads}", threads=threads,
                driver=driver, docs=n,
                docs_source="the engine's output" if counts else "input count",
                docs_input=res["n_docs"], mb=res["text_mb"], wall_s=wall, engine_s=engine_s,
                docs_per_s=n / wall, docs_per_s_engine=n / engine_s if engine_s else None,
                mb_per_s=res["text_mb"] / wall,
                mb_per_s_engine=res["text_mb"] / engine_s if engine_s else None,
                peak_rss_mb=res.get("peak_rss_mb"),
                cpu_s=res.get("index_cpu_s"), index_mb=res["index_mb"],
                index_mb_compacted=res.get("index_mb_compacted"),
                bytes_per_article=res["index_bytes"] / n,
                bytes_per_article_compacted=(res["index_mb_compacted"] * 1e6 / n
                                             if res.get("index_mb_compacted") else None),
                lat_p50_ms=None, lat_p99_ms=None, repeat=a.repeat, version=res.get("version"),
                peer_result=res)


def peer_threads(engine, threads_list):
    """The thread counts of threads_list a peer is run at: Lucene at all of them, the others
    (Xapian's writer takes one thread) at 1 only."""
    return [t for t in threads_list if t == 1 or engine.startswith("lucene:")]


def fmt(x, digits=1, thousands=False):
    if x is None:
        return "-"
    if thousands:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def markdown(rows, header, peer_order):
    lines = header + ["", "| input | engine | indexing threads | docs indexed | MB | wall s "
                      "(start-up incl.) | in-engine s | docs/s, wall | docs/s, in-engine | "
                      "MB/s, in-engine | peak RSS MB | index MB | compacted MB | B/article | "
                      "B/article compacted | p50 ms | p99 ms |", "|" + "---|" * 17]
    for r in rows:
        lines.append("| " + " | ".join([
            r["input"], r["engine"], fmt(r["threads"], 0),
            fmt(r["docs"], thousands=True) + ("" if r["docs"] == r["docs_input"] else
                                              f" of {r['docs_input']:,}"),
            fmt(r["mb"]), fmt(r["wall_s"], 2), fmt(r["engine_s"], 2),
            fmt(r["docs_per_s"], thousands=True), fmt(r["docs_per_s_engine"], thousands=True),
            fmt(r["mb_per_s_engine"], 2), fmt(r["peak_rss_mb"], 0), fmt(r["index_mb"]),
            fmt(r["index_mb_compacted"]), fmt(r["bytes_per_article"], thousands=True),
            fmt(r["bytes_per_article_compacted"], thousands=True), fmt(r["lat_p50_ms"], 2),
            fmt(r["lat_p99_ms"], 2)]) + " |")
    folio = [r for r in rows if r["engine"] == "folio"]
    peers = {(r["input"], r["engine"], r["threads"]): r for r in rows if r["engine"] != "folio"}
    names = [e for e in peer_order if any(k[1] == e for k in peers)]
    if folio and peers:
        lines += ["", "Folio against each peer at the same number of indexing threads (docs/s "
                  "ratios, in-engine / wall with start-up; above 1 = Folio faster; \"-\": no "
                  "peer row at that thread count). Size: Folio compacted / lucene:stored, the "
                  "peer that also stores the text:", "",
                  "| input | indexing threads (Folio and peer) | "
                  + " | ".join(f"docs/s / {e}, in-engine / wall" for e in names)
                  + " | compacted size / lucene:stored |",
                  "|---|---|" + "---|" * len(names) + "---|"]
        for r in folio:
            cells = []
            for e in names:
                p = peers.get((r["input"], e, r["threads"]), {})
                cells.append(f"{ratio(r['docs_per_s_engine'], p.get('docs_per_s_engine'))} / "
                             f"{ratio(r['docs_per_s'], p.get('docs_per_s'))}")
            stored = peers.get((r["input"], "lucene:stored", r["threads"])) or next(
                (p for k, p in peers.items() if k[:2] == (r["input"], "lucene:stored")), {})
            lines.append(f"| {r['input']} | {fmt(r['threads'], 0)} | " + " | ".join(cells)
                         + f" | {ratio(r['index_mb_compacted'], stored.get('index_mb'))} |")
    lines += ["", "Time each step took (all repeats, compaction and queries included):", ""]
    lines += [f"- {r['input']} {r['engine']} at {fmt(r['threads'], 0)} thread(s): "
              f"{r['elapsed_s']:.0f} s" for r in rows]
    return "\n".join(lines) + "\n"


def git_describe():
    p = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                       text=True)
    return p.stdout.strip() or "unknown"


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="scripts/bench-index", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1m",
                    help="synthetic corpus sizes (default 10k,100k,1m)")
    ap.add_argument("--only", default="reuters,bbc,synthetic",
                    help="inputs to run, from reuters,bbc,synthetic (default all)")
    ap.add_argument("--threads-list", default="1,2",
                    help="indexing thread counts, run on every input (default 1,2): Folio with "
                    "folio-index --threads N at each; the Lucene peers at each too (1: "
                    "../shared/bench's LuceneBench, N > 1: bench/LuceneThreads.java); "
                    "xapian:default at 1 only. Ratios compare equal thread counts only")
    ap.add_argument("--repeat", type=int, default=1, help="repeats per engine; medians (default 1)")
    ap.add_argument("--peers", default=PEERS, help=f"peers.py engines to run (default {PEERS})")
    ap.add_argument("--no-peers", action="store_true", help="Folio only")
    ap.add_argument("--no-peers-at", default="",
                    help="inputs or sizes where the peers are skipped, e.g. 1m or bbc,1m")
    ap.add_argument("--seed", type=int, default=42, help="synthetic corpus seed (default 42)")
    ap.add_argument("--source", help="folder the synthetic words are learned from (default "
                    "../shared/corpora/bbc if present, else corpus/)")
    ap.add_argument("--queries", help="qid<TAB>query file for the latency (default "
                    "../shared/bench/queries/news.tsv if present, else synthetic queries)")
    ap.add_argument("--keep", action="store_true", help="keep Folio's last index of each input")
    ap.add_argument("--no-build", action="store_true",
                    help="install nothing and use build/ as it is (default: scripts/setup, "
                    "scripts/bench-setup, scripts/build)")
    a = ap.parse_args(argv)
    a.sizes = [parse_size(s) for s in csv_list(a.sizes)]
    a.only = set(csv_list(a.only))
    if not a.only <= {"reuters", "bbc", "synthetic"}:
        ap.error(f"--only takes reuters, bbc, synthetic: {','.join(sorted(a.only))}")
    a.threads_list = sorted({int(t) for t in csv_list(a.threads_list)})
    a.no_peers_at = {s.lower() for s in csv_list(a.no_peers_at)}
    a.peers = csv_list(a.peers)
    if a.repeat < 1 or not a.threads_list or min(a.threads_list) < 1:
        ap.error("--repeat and --threads-list need at least 1")
    bbc = os.path.join(SHARED, "corpora", "bbc")
    a.source = os.path.abspath(a.source or (bbc if os.path.isdir(bbc) else
                                            os.path.join(ROOT, "corpus")))
    news = os.path.join(SHARED, "bench", "queries", "news.tsv")
    a.queries = os.path.abspath(a.queries) if a.queries else (news if os.path.exists(news)
                                                             else None)
    return a


def main(argv=None):
    a = parse_args(argv)
    shared = os.path.isdir(SHARED)
    peers = shared and not a.no_peers and os.path.exists(os.path.join(SHARED, "bench", "peers.py"))
    if not shared:
        log(f"{SHARED} not found: synthetic corpora only, no peers")
    if not a.no_build:
        for step in ("setup", "bench-setup", "build"):
            subprocess.run([os.path.join(ROOT, "scripts", step)], check=True, stdout=sys.stderr)
    if not os.path.exists(TIME):
        sys.exit(f"bench-index: {TIME} is missing: install the Debian package time "
                 "(scripts/bench-setup)")
    for b in (FOLIO_INDEX, FOLIO_SEARCH) + ((GEN_CORPUS,) if "synthetic" in a.only else ()):
        if not os.path.exists(b):
            sys.exit(f"bench-index: {b} is missing (scripts/build; folio-gen-corpus needs "
                     "add_subdirectory(bench) in CMakeLists.txt)")
    feats = Features()
    for n in feats.notes:
        log(n)
    data = os.path.join(OUT, "data")
    os.makedirs(data, exist_ok=True)

    inputs = real_inputs(a, data) if shared else []
    if "synthetic" in a.only:
        inputs += [synthetic_input(label, n, a, data) for label, n in a.sizes]
    load_start = os.getloadavg()[0]
    rows = []
    jsonl = os.path.join(OUT, "bench-index.jsonl")
    with open(jsonl, "w") as out:
        for inp in inputs:
            threads = a.threads_list if feats.threads else a.threads_list[:1]
            jobs = [("folio", t) for t in threads]
            skip_peers = {inp["name"], inp["name"].removeprefix("syn-")} & a.no_peers_at
            if peers and not skip_peers:
                jobs += [(e, t) for e in a.peers for t in peer_threads(e, a.threads_list)]
            for engine, t in jobs:
                log(f"{inp['name']}: {engine} -t{t} ...")
                t0 = time.perf_counter()
                try:
                    row = folio_row(inp, t, feats, a) if engine == "folio" else peer_row(
                        inp, engine, t, a)
                except (RuntimeError, subprocess.CalledProcessError, OSError) as e:
                    log(f"FAILED {inp['name']} {engine} -t{t}: {e}")
                    continue
                row["elapsed_s"] = time.perf_counter() - t0
                row["timestamp"] = datetime.datetime.now().isoformat(timespec="seconds")
                if "generator" in inp:
                    row["generator"] = inp["generator"]
                rows.append(row)
                out.write(json.dumps(row) + "\n")
                out.flush()
                log(f"{inp['name']} {row['label']}: {row['docs_per_s']:,.0f} docs/s wall"
                    + (f", {row['docs_per_s_engine']:,.0f} in-engine"
                       if row.get("docs_per_s_engine") else "")
                    + f", {row['index_mb']:.1f} MB, took {row['elapsed_s']:.0f} s")

    header = ["# Folio indexing benchmark", "",
              f"{datetime.datetime.now().isoformat(timespec='minutes')}, Folio {git_describe()}, "
              f"{platform.node()} ({os.cpu_count()} cores, load {load_start:.1f} at the start, "
              f"{os.getloadavg()[0]:.1f} at the end), repeat {a.repeat} (medians).",
              f"Queries for the latency: {a.queries or 'synthetic (folio-gen-corpus)'}; "
              "top 10, on the compacted index. MB = UTF-8 bytes of title + text of the input "
              "(Folio on BBC: file bytes of the folder).", "",
              f"Indexing threads ({','.join(map(str, a.threads_list))}): Folio "
              "`folio-index --threads N` (N workers parse and index; the main thread reads "
              "the input). Peers at 1 thread: ../shared/bench/peers.py's own (one thread "
              "reads, parses and adds; Lucene merges segments in background threads). Lucene "
              "at N > 1: bench/LuceneThreads.java through peers.py (one thread reads, N add to "
              "one IndexWriter, otherwise as LuceneBench). xapian:default: 1 thread only.",
              "Times: wall = the whole index command under /usr/bin/time, process start-up "
              "included (the JVM's for Lucene, Python's for xapian:default); in-engine = the "
              "engine's own timer around opening, indexing and committing (Folio: --stats-json "
              "`seconds`; peers: their `index_s`). docs/s = the articles the engine says it "
              "indexed (\"N of M\": of the input's M) / that time."]
    header += [f"Note: {n}" for n in feats.notes]
    if not peers:
        header.append("No peers in this run" + (" (../shared not found)." if not shared else "."))
    md = markdown(rows, header, a.peers)
    with open(os.path.join(OUT, "bench-index.md"), "w") as f:
        f.write(md)
    print(md)
    log(f"rows: {jsonl}  table: {os.path.join(OUT, 'bench-index.md')}")
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
