#!/usr/bin/env python3
"""The crash matrix (issue 17, item 3): folio-index killed with SIGKILL at random moments.

It generates a corpus (--articles articles in .jsonl, .txt, .md, .html and .rss files, in five
category folders, some of them copies of others) in a first version and an edited one (10% of
the articles deleted, 30% changed, an eighth more added). For each mode it prepares the
starting state, times --measure uninterrupted runs from it (the median is the run's duration,
then that of the last --measure after one more every 5 trials, as the machine's load drifts;
the first one's end is the reference), then makes --points trials: the same start, the same
run, SIGKILL at a moment drawn uniformly from [0, 1.05] x that duration (seeded by --seed, the
mode and the trial number, so that `--seed S --mode M --trial K` replays one trial). The
modes:

  first    a first build of the edited version
  update   an update of an index of the first version, the folder edited
  rebuild  --rebuild of an index of the first version, the folder edited
  compact  `folio-index compact` of an index updated in place from the first version
  sharded  a first build with --shards 3
  watch    --watch started on an index of the first version; once it watches, the folder is
           edited (the kill's clock starts then), the run again is a one-shot update

After each kill it checks that:

  1. the index answers: every search exits 0 (a first build killed before it published its
     index: folio-search says "no index", exit 1, as before the run);
  2. what a searcher sees is the state before the run or a state the run may publish, never a
     half state: a build or rebuild shows the old answers or the new ones, exactly; compact
     shows the same answers throughout; an update or a watched edit, which commits in place,
     shows every article either as it was or as it becomes (title, date, author, category,
     language, url and path), none that is in neither, and every article the edit leaves in
     place;
  3. the same command run again (watch mode: a one-shot update) exits 0, the index holds
     exactly the generator's article count, only the current generation is left in the
     folder, and the answers are the same as those of a clean build of the folder (its own
     shard layout; a sharded one is also compared with one database) and, suggestion
     included, as those of the uninterrupted run from the same start.

"The same answers" (`same_answers`): for every query of QUERIES, the total, the ranked hits'
ids, their copies counts and their snippets in rank order, and scores equal to a relative
1e-9 (an update in place and a merge add the same integers in another order; shards add
per-shard statistics); hits with equal scores are compared in id order (their order follows
Xapian's document numbers, which depend on how work was shared out), and those tied with the
last hit of a full page are not compared (which of them made the page depends on those numbers
too). Then every article's stored fields (a listing of all of them, copies not collapsed), and
the facets' counts. The "did you mean" suggestion is compared with the uninterrupted run's only:
Xapian never removes spelling data, so an index updated in place suggests words of deleted
articles that a clean build does not hold (docs/indexing.md, "Spelling data").

Python rather than C++: the matrix drives processes (start, stop, kill, time) and compares
JSON, all of which the standard library does; it needs nothing of Folio's internals, and the
programs it kills are the real ones. Python 3 standard library only.

It prints a table (mode, trials, kills mid-run, kills after the end, failures) and exits 1 on
any failure, naming the trial, its kill time and the command that replays it.
"""
import argparse
import email.utils
import datetime
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

MODES = ["first", "update", "rebuild", "compact", "sharded", "watch"]
SHARDS = 3
THREADS = 2
CATEGORIES = ["world", "sport", "tech", "business", "culture"]
AUTHORS = ["Ada Mbeki", "Bo Lindqvist", "Chiara Russo", "Dev Patel", "Eun-ji Park",
           "Farid Haddad", "Greta Olsen"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
EVERY = "omnia"  # a word every article holds: searching it lists them all
SCORE_TOLERANCE = 1e-9
REMEASURE = 5  # trials between two timed runs
RUN_TIMEOUT = 600  # seconds any one program may take before the matrix gives up on it


def log(msg):
    print(f"[crash-matrix {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---- The corpus: articles in five formats, a first version and an edited one ----

SYLLABLES = ["ba", "ko", "mu", "ra", "tu", "vu", "za", "po", "du", "fo", "gu", "ja", "nu", "so",
             "wa", "xo"]


def word(n):
    """A made-up word for a number (as tests/cli/index_runs.h makes them): ends in a, o or u,
    so the stemmer keeps it whole; no two numbers give the same word."""
    w = ""
    while True:
        w += SYLLABLES[n % 16]
        n //= 16
        if n == 0:
            return w


def tag(n):
    return "tag" + word(n)


def body(n, rev, length):
    """Article n's text at revision rev: words from a skewed draw (a few common, most rare)."""
    rng = random.Random(n * 1009 + rev)
    words = [EVERY]
    for _ in range(length):
        words.append(word(rng.randrange(2000) * rng.randrange(2000) // 2000))
    return " ".join(words)


def fate(n):
    """What the edit does to original article n: 'keep', 'change' or 'delete'."""
    r = random.Random(n * 7919 + 17).randrange(10)
    return "delete" if r == 0 else "change" if r <= 3 else "keep"


def is_copy(n):
    """Articles that repeat the body of the one before (syndicated copies), collapsed as one."""
    return n % 53 == 7


class Article:
    def __init__(self, n, rev):
        self.n = n
        self.rev = rev
        self.category = CATEGORIES[(n // 10) % len(CATEGORIES)]
        self.kind = ["jsonl"] * 4 + ["txt"] * 2 + ["md"] * 2 + ["html", "rss"]
        self.kind = self.kind[n % 10]
        self.title = f"Report {word(n)} {tag(n)} r{rev}"
        self.date = datetime.date(2019 + n % 3, 1 + n % 12, 1 + n % 28)
        self.author = AUTHORS[n % len(AUTHORS)]
        # A copy keeps the body of the article before it at that one's first revision.
        self.body = body(n - 1, 1, 60 + (n - 1) % 50) if is_copy(n) else body(n, rev, 60 + n % 50)

    def path(self):
        """The file that holds it, relative to the folder indexed."""
        if self.kind == "jsonl":
            return f"{self.category}/batch-{self.n // 400:03}.jsonl"
        if self.kind == "rss":
            return f"{self.category}/feed-{self.n // 200:03}.rss"
        return f"{self.category}/{self.n // 100:03}/a{self.n:05}.{self.kind}"


def articles(count, version):
    """The articles of version 1 (count originals) or version 2 (the edit: 10% deleted, 30%
    changed, count/8 new ones)."""
    out = []
    for n in range(count):
        if version == 1 or fate(n) == "keep":
            out.append(Article(n, 1))
        elif fate(n) == "change":
            out.append(Article(n, 2))
    if version == 2:
        out += [Article(n, 1) for n in range(count, count + count // 8)]
    return out


def render(group):
    """The bytes of a file holding the articles `group` (all of one path)."""
    a = group[0]
    d = a.date
    if a.kind == "jsonl":
        return "".join(json.dumps({"id": f"j{x.n}", "title": x.title, "date": x.date.isoformat(),
                                   "author": x.author, "text": x.body}) + "\n" for x in group)
    if a.kind == "rss":
        items = ""
        for x in group:
            when = datetime.datetime(x.date.year, x.date.month, x.date.day, 10,
                                     tzinfo=datetime.timezone.utc)
            items += (f"<item><title>{x.title}</title><guid>g{x.n}</guid>"
                      f"<pubDate>{email.utils.format_datetime(when)}</pubDate>"
                      f"<dc:creator>{x.author}</dc:creator>"
                      f"<description>{x.body}</description></item>\n")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>\n'
                f"{items}</channel></rss>\n")
    if a.kind == "txt":
        return f"{a.title}\n\n{MONTHS[d.month - 1]} {d.day}, {d.year}\n\nBy {a.author}\n\n{a.body}\n"
    if a.kind == "md":
        return (f"---\ntitle: {a.title}\ndate: {d.isoformat()}\nauthor: {a.author}\n---\n\n"
                f"# {a.title}\n\n{a.body}\n")
    return (f"<!DOCTYPE html>\n<html><head><title>{a.title}</title>\n"
            f'<meta property="article:published_time" content="{d.isoformat()}T10:00:00Z">\n'
            f'<meta name="author" content="{a.author}"></head>\n'
            f"<body><article><h1>{a.title}</h1><p>{a.body}</p></article></body></html>\n")


def article_id(a):
    if a.kind == "jsonl":
        return f"j{a.n}"
    if a.kind == "rss":
        return f"{a.path()}#g{a.n}"
    return a.path()


class Version:
    """One version of the folder: its files (path -> bytes) and its articles' ids."""

    def __init__(self, count, version):
        groups = {}
        for a in articles(count, version):
            groups.setdefault(a.path(), []).append(a)
        self.files = {p: render(g).encode() for p, g in groups.items()}
        self.ids = {article_id(a) for g in groups.values() for a in g}


def edit(old, new, folder):
    """Turns `folder`, which holds `old`'s files, into `new`'s: writes the files that differ
    and removes those that go (quicker than materialize(): nothing is read)."""
    for p, data in new.files.items():
        if old.files.get(p) != data:
            target = os.path.join(folder, p)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)
    for p in old.files:
        if p not in new.files:
            os.remove(os.path.join(folder, p))


def materialize(version, folder):
    """Makes `folder` hold exactly `version`'s files; files already right are left alone (their
    modification time too)."""
    for p, data in version.files.items():
        target = os.path.join(folder, p)
        try:
            with open(target, "rb") as f:
                if f.read() == data:
                    continue
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    for root, _, names in os.walk(folder):
        for name in names:
            p = os.path.relpath(os.path.join(root, name), folder)
            if p not in version.files:
                os.remove(os.path.join(root, name))


# ---- What a searcher sees ----

def queries(count):
    """The fixed queries compared (qid -> query): common and rare words, Boolean operators, a
    phrase, fields, a date range, and the tags of articles kept, changed, deleted, new and
    copied."""
    first = {f: next(n for n in range(count) if fate(n) == f and not is_copy(n) and
                     not is_copy(n + 1)) for f in ("keep", "change", "delete")}
    copied = next(n for n in range(count) if is_copy(n + 1) and fate(n) == "keep" and
                  fate(n + 1) == "keep")
    q = ["ba", "ko mu", "ra AND tu", "so OR wa", '"ba ko"', "title:report vu", "category:sport za",
         "date:2020-01..2020-06 po", f"{EVERY} NOT ba", word(1500), "author:greta du",
         tag(first["keep"]), tag(first["change"]), tag(first["delete"]), tag(count + 3),
         tag(copied)]
    return {f"q{i}": text for i, text in enumerate(q)}


SUGGESTED = "omnja"  # a letter off the word every article holds: "did you mean omnia omnia?"


class SearchFailed(Exception):
    pass


def search(exe, db, args):
    done = subprocess.run([exe, "--db", db] + args, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT, check=False)
    return done.returncode, done.stdout, done.stderr


def search_json(exe, db, args):
    status, out, err = search(exe, db, ["--json"] + args)
    if status != 0:
        raise SearchFailed(f"folio-search {' '.join(args)} exited {status}: {err.strip()}")
    return json.loads(out)


def ranked(results):
    """A page of hits as compared: (id, score, copies, snippets), equal scores in id order,
    those tied with the last hit of a full page masked."""
    hits = [(r["id"], r["score"], r["duplicates"], tuple(r["snippets"])) for r in results["results"]]
    out = []
    i = 0
    while i < len(hits):
        j = i + 1
        while j < len(hits) and close(hits[i][1], hits[j][1]):
            j += 1
        run = sorted(hits[i:j])
        if j == len(hits) and len(hits) == results["limit"]:
            run = [("(tied at the cut)", h[1], 0, ()) for h in run]
        out += run
        i = j
    return out


def close(a, b):
    return abs(a - b) <= SCORE_TOLERANCE * max(abs(a), abs(b))


def same_hit(x, y):
    return x[0] == y[0] and x[2] == y[2] and x[3] == y[3] and close(x[1], y[1])


LISTED = ("title", "date", "author", "category", "language", "url", "path")


def batch(search_exe, db, qfile, args):
    """Every query of `qfile` in one folio-search (batch mode): qid -> (total, ranked hits)."""
    status, out, err = search(search_exe, db, ["--queries", qfile, "--format", "json"] + args)
    if status != 0:
        raise SearchFailed(f"folio-search --queries exited {status}: {err.strip()}")
    pages = {}
    for line in out.splitlines():
        r = json.loads(line)
        pages[r["qid"]] = (r["total"], ranked(r))
    return pages


def snapshot(search_exe, db, qfile):
    """What a searcher sees of `db`: raises SearchFailed when a search does not exit 0.

    Each query is asked twice: for every hit without snippets (the total and the copies counts
    are then exact: a page that holds every match counts them; a short page's are Xapian's
    estimates, which depend on the document numbers), and for the first 10 hits with their
    snippets."""
    # Every article (the word every one holds), and a misspelt word for the suggestion.
    every = search_json(search_exe, db, ["--limit", "1000000", "--snippets", "0", "--no-collapse",
                                         EVERY, SUGGESTED])
    listing = {r["id"]: tuple(r[k] for k in LISTED) for r in every["results"]}
    if len(listing) != len(every["results"]):
        raise SearchFailed(f"the listing holds {len(every['results']) - len(listing)} "
                           "articles twice")
    full = batch(search_exe, db, qfile, ["--limit", "1000000", "--snippets", "0"])
    top = batch(search_exe, db, qfile, ["--limit", "10"])
    # (A short page's copies counts are Xapian's lower bounds too: compared on the full list.)
    pages = {qid: (full[qid][0], full[qid][1],
                   [(h[0], h[1], None, h[3]) for h in top.get(qid, (0, []))[1]]) for qid in full}
    return {"total": every["total"], "listing": listing, "facets": every["facets"],
            "pages": pages, "suggestion": every["suggestion"]}


def differences(a, b, suggestion=True, most=4):
    """How snapshot a differs from b (empty when they give the same answers): the first `most`
    differences, and how many more."""
    out = []
    if a["total"] != b["total"]:
        out.append(f"{a['total']} articles, not {b['total']}")
    la, lb = a["listing"], b["listing"]
    if la != lb:
        missing = sorted(set(lb) - set(la))
        extra = sorted(set(la) - set(lb))
        changed = sorted(k for k in set(la) & set(lb) if la[k] != lb[k])
        out.append(f"listing: {len(missing)} missing {missing[:3]}, {len(extra)} extra "
                   f"{extra[:3]}, {len(changed)} changed "
                   + "; ".join(f"{k}: {la[k]} vs {lb[k]}" for k in changed[:2]))
    if a["facets"] != b["facets"]:
        out.append(f"facets: {json.dumps(a['facets'])[:300]} vs {json.dumps(b['facets'])[:300]}")
    for qid in sorted(set(a["pages"]) | set(b["pages"])):
        pa, pb = a["pages"].get(qid), b["pages"].get(qid)
        if pa is None or pb is None:
            out.append(f"{qid}: not answered in both")
            continue
        if pa[0] != pb[0]:
            out.append(f"{qid}: {pa[0]} matches, not {pb[0]}")
        for what, ha, hb in (("hits", pa[1], pb[1]), ("first 10 hits", pa[2], pb[2])):
            same = len(ha) == len(hb) and all(same_hit(x, y) for x, y in zip(ha, hb))
            if not same:
                i = next((i for i, (x, y) in enumerate(zip(ha, hb)) if not same_hit(x, y)),
                         min(len(ha), len(hb)))
                out.append(f"{qid}: {what}: {len(ha)} vs {len(hb)}, first difference at rank "
                           f"{i + 1}: {ha[i][:3] if i < len(ha) else None} vs "
                           f"{hb[i][:3] if i < len(hb) else None}")
    if suggestion and a["suggestion"] != b["suggestion"]:
        out.append(f"suggestion '{a['suggestion']}' vs '{b['suggestion']}'")
    return out[:most] + ([f"{len(out) - most} more differences"] if len(out) > most else [])


def half_state(seen, before, after):
    """How a snapshot of an index updated in place breaks 'every article as it was or as it
    becomes, and every article the edit leaves in place' (empty when it does not)."""
    out = []
    ls, lb, la = seen["listing"], before["listing"], after["listing"]
    neither = sorted(k for k in ls if ls[k] not in (lb.get(k), la.get(k)))
    if neither:
        out.append(f"{len(neither)} articles in neither state, e.g. {neither[0]}: {ls[neither[0]]}")
    kept = sorted(k for k in lb if k in la and k not in ls)
    if kept:
        out.append(f"{len(kept)} articles of both states missing, e.g. {kept[:3]}")
    if seen["total"] != len(ls):
        out.append(f"total {seen['total']} but {len(ls)} articles listed")
    return out


# ---- Running folio-index ----

class Index:
    """folio-index running in the background, stdout and stderr to files."""

    def __init__(self, exe, db, args, log_prefix):
        self.out_path = log_prefix + ".out"
        self.err_path = log_prefix + ".err"
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen([exe, "--db", db] + args, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=err)
        self.status = None

    def stop(self):
        """SIGSTOP, and waits until stopped: True when it was still running, False when it had
        exited (then reaped, its status kept)."""
        if self.status is not None:
            return False
        os.kill(self.proc.pid, signal.SIGSTOP)
        while True:
            try:
                pid, raw = os.waitpid(self.proc.pid, os.WUNTRACED)
                break
            except InterruptedError:
                continue
        if os.WIFSTOPPED(raw):
            return True
        self.status = os.waitstatus_to_exitcode(raw)
        self.proc.returncode = self.status
        return False

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.status = self.proc.wait(timeout=RUN_TIMEOUT)

    def end(self):
        """Kills the program if it still runs (a trial that failed before its kill)."""
        if self.status is None and self.proc.poll() is None:
            self.kill()

    def wait(self):
        if self.status is None:
            self.status = self.proc.wait(timeout=RUN_TIMEOUT)
        return self.status

    def out(self):
        with open(self.out_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def err(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()


HOLDS = re.compile(r"the index holds (\d+) articles")


def watching(ix, timeout=RUN_TIMEOUT):
    """Waits until a watcher has made its first run and watches."""
    until = time.monotonic() + timeout
    while "Watching for changes" not in ix.out():
        if ix.proc.poll() is not None:
            raise RuntimeError(f"folio-index --watch exited {ix.proc.returncode}: {ix.err()}")
        if time.monotonic() > until:
            raise RuntimeError("folio-index --watch did not start watching")
        time.sleep(0.01)


def watched_count(ix):
    """The article count the watcher's last run line gives (None before any)."""
    held = HOLDS.findall(ix.out().split("Watching for changes", 1)[-1])
    return int(held[-1]) if held else None


def generation_only(db):
    """What else than the current generation an index folder holds ([] when nothing)."""
    try:
        with open(os.path.join(db, "XAPIANDB")) as f:
            gen = f.read().strip().removeprefix("auto ")
    except FileNotFoundError:
        return ["no XAPIANDB"]
    extra = sorted(set(os.listdir(db)) - {gen, "XAPIANDB", "folio.lock"})
    return extra + ([f"no {gen}"] if not os.path.isdir(os.path.join(db, gen)) else [])


# ---- The matrix ----

class Matrix:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.inp = os.path.join(self.work, "in")
        self.db = os.path.join(self.work, "db")
        self.qfile = os.path.join(self.work, "queries.tsv")
        self.killed = os.path.join(self.work, "killed-db")
        self.failures = []
        self.rows = []

    # -- helpers --

    def index_args(self, extra=()):
        return ["--threads", str(THREADS), "--quiet", *extra, self.inp]

    def run_index(self, db, args, what):
        ix = Index(self.args.index_exe, db, args, os.path.join(self.work, "run"))
        if ix.wait() != 0:
            raise RuntimeError(f"{what}: folio-index exited {ix.status}: {ix.err()}")
        return ix

    def snap(self, db):
        return snapshot(self.args.search_exe, db, self.qfile)

    def fresh_db(self, start):
        shutil.rmtree(self.db, ignore_errors=True)
        if start is not None:
            shutil.copytree(start, self.db)

    def clean_build(self, version, name, extra=()):
        """A clean build of `version` in work/NAME, and its snapshot."""
        materialize(version, self.inp)
        db = os.path.join(self.work, name)
        shutil.rmtree(db, ignore_errors=True)
        self.run_index(db, self.index_args(extra), f"clean build {name}")
        s = self.snap(db)
        if set(s["listing"]) != version.ids:
            raise RuntimeError(f"clean build {name}: {len(s['listing'])} articles, the generator "
                               f"made {len(version.ids)}; e.g. missing "
                               f"{sorted(version.ids - set(s['listing']))[:3]}, extra "
                               f"{sorted(set(s['listing']) - version.ids)[:3]}")
        if not s["suggestion"]:
            raise RuntimeError(f"clean build {name}: no suggestion for '{SUGGESTED}' to compare")
        return db, s

    # -- setup --

    def prepare(self):
        # Emptied first, but only a folder this script made (it leaves a mark in it).
        mark = os.path.join(self.work, ".crash-matrix")
        if os.path.isdir(self.work) and os.listdir(self.work) and not os.path.exists(mark):
            raise RuntimeError(f"{self.work} holds files the crash matrix did not make: give "
                               "another --work")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.inp)
        open(mark, "w").close()
        count = self.args.articles
        if self.args.target_seconds:
            count = self.scaled_count()
        self.count = count
        self.v1 = Version(count, 1)
        self.v2 = Version(count, 2)
        with open(self.qfile, "w") as f:
            for qid, text in queries(count).items():
                f.write(f"{qid}\t{text}\n")
        log(f"corpus: {count} articles in {len(self.v1.files)} files (version 1), "
            f"{len(self.v2.ids)} in {len(self.v2.files)} (version 2) under {self.inp}")
        self.db_v1, self.s_v1 = self.clean_build(self.v1, "clean-v1")
        self.db_v2, self.s_v2 = self.clean_build(self.v2, "clean-v2")
        if "sharded" in self.args.mode:
            self.db_v2s, self.s_v2s = self.clean_build(self.v2, "clean-v2-sharded",
                                                       ["--shards", str(SHARDS)])
            diff = differences(self.s_v2s, self.s_v2)
            if diff:
                # Not a failure of the crash matrix: recorded, and the sharded trials are then
                # compared with the sharded clean build only.
                log(f"note: a clean sharded build answers unlike one database: {diff[:3]}")
            self.sharded_like_one = not diff
        if "compact" in self.args.mode:
            # An index updated in place from version 1 to 2: free space for compact to reclaim.
            self.db_u = os.path.join(self.work, "updated-v2")
            shutil.rmtree(self.db_u, ignore_errors=True)
            shutil.copytree(self.db_v1, self.db_u)
            self.run_index(self.db_u, self.index_args(), "update for compact")
            self.s_u = self.snap(self.db_u)
            diff = differences(self.s_u, self.s_v2, suggestion=False)
            if diff:
                raise RuntimeError(f"an update from version 1 to 2 answers unlike a clean build "
                                   f"of version 2: {diff}")

    def scaled_count(self):
        """An article count whose first build takes about --target-seconds here (a build of
        1,000 articles timed, the count scaled in proportion)."""
        probe = 1000
        materialize(Version(probe, 1), self.inp)
        db = os.path.join(self.work, "probe")
        t0 = time.monotonic()
        self.run_index(db, self.index_args(), "probe build")
        took = time.monotonic() - t0
        shutil.rmtree(db)
        count = int(probe * self.args.target_seconds / took)
        count = max(300, min(count, 60000))
        log(f"a first build of {probe} articles took {took:.2f} s: {count} articles for "
            f"{self.args.target_seconds} s")
        return count

    # -- modes --
    # Each mode gives: start (the index folder to copy, or None), the folder's version before
    # the run, the arguments of the run, the version after; and how to check a killed state.

    def mode_spec(self, mode):
        base = self.index_args()
        if mode == "first":
            return dict(start=None, before=self.v2, args=base, after=self.v2, ref=self.s_v2)
        if mode == "update":
            return dict(start=self.db_v1, before=self.v2, args=base, after=self.v2, ref=self.s_v2)
        if mode == "rebuild":
            return dict(start=self.db_v1, before=self.v2, args=self.index_args(["--rebuild"]),
                        after=self.v2, ref=self.s_v2)
        if mode == "compact":
            return dict(start=self.db_u, before=self.v2, args=["compact"], after=self.v2,
                        ref=self.s_v2)
        if mode == "sharded":
            return dict(start=None, before=self.v2, args=self.index_args(["--shards", str(SHARDS)]),
                        after=self.v2, ref=self.s_v2s)
        if mode == "watch":
            return dict(start=self.db_v1, before=self.v1, args=["--watch"] + base, after=self.v2,
                        ref=self.s_v2)
        raise ValueError(mode)

    def measure(self, mode, spec):
        """One uninterrupted run from the start: its duration and the snapshot it ends at."""
        self.fresh_db(spec["start"])
        materialize(spec["before"], self.inp)
        if mode != "watch":
            t0 = time.monotonic()
            self.run_index(self.db, spec["args"], f"{mode}: the uninterrupted run")
            took = time.monotonic() - t0
            return took, self.snap(self.db)
        ix = Index(self.args.index_exe, self.db, spec["args"], os.path.join(self.work, "watch"))
        try:
            watching(ix)
            t0 = time.monotonic()
            edit(spec["before"], spec["after"], self.inp)
            want = len(spec["after"].ids)
            until = t0 + RUN_TIMEOUT
            # The edit may take more than one run (a run starts a second after the first change
            # even while files keep coming): the run that ends it says the index holds the new
            # count and is followed by none in the next 1.5 s (a burst's runs start within 1.2 s).
            while True:
                while watched_count(ix) != want:
                    if ix.proc.poll() is not None or time.monotonic() > until:
                        raise RuntimeError(f"watch: the watcher did not index the edit: "
                                           f"{ix.err()}")
                    time.sleep(0.005)
                took = time.monotonic() - t0
                runs = ix.out().count("the index holds")
                time.sleep(1.5)
                if ix.out().count("the index holds") == runs:
                    break
        finally:
            ix.proc.send_signal(signal.SIGTERM)
            ix.wait()
        return took, self.snap(self.db)

    def run_mode(self, mode):
        spec = self.mode_spec(mode)
        # The run's duration: the median of --measure runs (a machine shared with other work
        # runs some slower than others); the first one's end is the reference.
        took, reference = self.measure(mode, spec)
        times = [took] + [self.measure(mode, spec)[0] for _ in range(self.args.measure - 1)]
        took = statistics.median(times)
        diff = differences(reference, spec["ref"], suggestion=False)
        if diff:
            raise RuntimeError(f"{mode}: the uninterrupted run answers unlike a clean build: "
                               f"{diff}")
        log(f"{mode}: an uninterrupted run takes {took:.2f} s (median of "
            f"{', '.join(f'{t:.2f}' for t in times)})")
        row = {"mode": mode, "trials": 0, "mid": 0, "after": 0, "failures": 0, "seconds": took}
        trials = range(self.args.points) if self.args.trial is None else [self.args.trial]
        for k in trials:
            if k > 0 and k % REMEASURE == 0 and self.args.trial is None:
                # The machine's load drifts: the duration follows the last --measure runs.
                times.append(self.measure(mode, spec)[0])
                took = statistics.median(times[-self.args.measure:])
                log(f"{mode}: an uninterrupted run takes {took:.2f} s (median of "
                    f"{', '.join(f'{t:.2f}' for t in times[-self.args.measure:])})")
            rng = random.Random(f"{self.args.seed}:{mode}:{k}")
            at = rng.uniform(0, 1.05) * took if self.args.at is None else self.args.at
            try:
                mid, problems = self.trial(mode, spec, reference, at)
            except (SearchFailed, RuntimeError, subprocess.TimeoutExpired) as e:
                mid, problems = None, [f"{type(e).__name__}: {e}"]
            row["trials"] += 1
            if mid is not None:
                row["mid" if mid else "after"] += 1
            where = "mid-run" if mid else "after the end" if mid is not None else "?"
            if problems:
                row["failures"] += 1
                kept = os.path.join(self.work, f"failed-{mode}-{k}")
                shutil.rmtree(kept, ignore_errors=True)
                if os.path.isdir(self.db):
                    shutil.copytree(self.db, kept)
                if os.path.isdir(self.killed):
                    shutil.copytree(self.killed, kept + "-killed")
                replay = (f"scripts/crash-matrix --seed {self.args.seed} --mode {mode} "
                          f"--trial {k} --articles {self.count} (the same moment: --at {at:.3f})")
                self.failures.append(f"{mode} trial {k} (killed at {at:.3f} s, {where}): "
                                     + "; ".join(problems) + f"\n    index kept in {kept} (as the "
                                     f"kill left it: {kept}-killed); "
                                     f"replay: {replay}")
                log(f"{mode} trial {k}: killed at {at:.3f} s ({where}): FAILED: {problems}")
            else:
                log(f"{mode} trial {k}: killed at {at:.3f} s ({where}): ok")
        row["seconds"] = statistics.median(times)  # (the table's: of every run timed)
        if len(trials) >= 3 and row["mid"] == 0:
            row["failures"] += 1
            self.failures.append(f"{mode}: no kill landed before the end of a run")
        self.rows.append(row)

    def trial(self, mode, spec, reference, at):
        """One kill `at` seconds into the run, the checks, the run again. Whether the kill came
        mid-run, and the problems found."""
        self.fresh_db(spec["start"])
        materialize(spec["before"], self.inp)
        ix = Index(self.args.index_exe, self.db, spec["args"], os.path.join(self.work, "killed"))
        try:
            return self.kill_and_check(mode, spec, reference, at, ix)
        finally:
            ix.end()

    def kill_and_check(self, mode, spec, reference, at, ix):
        problems = []
        editing = None
        if mode == "watch":
            watching(ix)
            editing = threading.Thread(target=edit, args=(spec["before"], spec["after"], self.inp))
            t0 = time.monotonic()
            editing.start()
        else:
            t0 = time.monotonic()
        time.sleep(max(0.0, t0 + at - time.monotonic()))
        running = ix.stop()
        if mode == "watch":
            mid = running and watched_count(ix) != len(spec["after"].ids)
        else:
            mid = running
        if running:
            ix.kill()
        elif ix.status != 0:
            problems.append(f"the run exited {ix.status} before the kill: {ix.err()[-500:]}")
        if editing is not None:
            editing.join()

        # 1 and 2: the index answers, with the state before or one the run may publish.
        problems += self.check_killed(mode, spec, reference)

        # 3: the same command again (watch: a one-shot update) completes the work. (What the
        # kill left is kept for a failure's report.)
        shutil.rmtree(self.killed, ignore_errors=True)
        if os.path.isdir(self.db):
            shutil.copytree(self.db, self.killed)
        args = self.index_args() if mode == "watch" else spec["args"]
        again = Index(self.args.index_exe, self.db, args + (["--stats-json", os.path.join(
            self.work, "stats.json")] if mode != "compact" else []),
            os.path.join(self.work, "again"))
        try:
            again.wait()
        finally:
            again.end()
        if again.status != 0:
            return mid, problems + [f"the run after the kill exited {again.status}: "
                                    f"{again.err()[-500:]}"]
        want = len(spec["after"].ids)
        if mode != "compact":
            with open(os.path.join(self.work, "stats.json")) as f:
                total = json.load(f)["total_articles"]
            if total != want:
                problems.append(f"the run after the kill says the index holds {total} "
                                f"articles, not {want}")
        leftover = generation_only(self.db)
        if leftover:
            problems.append(f"the index folder holds more than its generation: {leftover}")
        s = self.snap(self.db)
        if s["total"] != want:
            problems.append(f"after the run again: {s['total']} articles, not {want}")
        problems += [f"after the run again, unlike a clean build: {d}"
                     for d in differences(s, spec["ref"], suggestion=False)]
        if mode == "sharded" and self.sharded_like_one:
            problems += [f"after the run again, unlike a clean build in one database: {d}"
                         for d in differences(s, self.s_v2, suggestion=False)]
        problems += [f"after the run again, unlike the uninterrupted run: {d}"
                     for d in differences(s, reference)]
        return mid, problems

    def check_killed(self, mode, spec, reference):
        """The problems of the index a kill left."""
        if mode in ("first", "sharded") and not os.path.exists(os.path.join(self.db, "XAPIANDB")):
            # Not yet published: the state before the run, no index.
            status, _, err = search(self.args.search_exe, self.db, ["--json", EVERY])
            if status != 1 or "no index" not in err:
                return [f"an unpublished first build: folio-search exited {status} ({err.strip()})"
                        ", not 1 with 'no index'"]
            return []
        try:
            seen = self.snap(self.db)
        except SearchFailed as e:
            return [f"after the kill: {e}"]
        if mode in ("first", "sharded"):
            diff = differences(seen, reference)
            return [f"after the kill, a published index unlike the uninterrupted run's: {d}"
                    for d in diff]
        if mode == "rebuild":
            old = differences(seen, self.s_v1)
            new = differences(seen, reference)
            if old and new:
                return [f"after the kill, neither the old index ({'; '.join(old[:2])}) nor the "
                        f"new one ({'; '.join(new[:2])})"]
            return []
        if mode == "compact":
            return [f"after the kill, unlike before compact: {d}"
                    for d in differences(seen, self.s_u)]
        return [f"after the kill: {p}" for p in half_state(seen, self.s_v1, reference)]

    def table(self):
        lines = [f"{'mode':<9} {'trials':>6} {'mid-run':>8} {'after end':>9} {'failures':>8} "
                 f"{'run (s)':>8}"]
        for r in self.rows:
            lines.append(f"{r['mode']:<9} {r['trials']:>6} {r['mid']:>8} {r['after']:>9} "
                         f"{r['failures']:>8} {r['seconds']:>8.2f}")
        return "\n".join(lines)


def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(here, "..", "..", os.environ.get("FOLIO_BUILD_DIR", "build"))
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=20, help="kills a mode (default 20)")
    ap.add_argument("--seed", type=int, help="seed of the kill moments (default: from the clock; "
                    "printed)")
    ap.add_argument("--mode", nargs="+", choices=MODES, default=MODES, help="modes (default all)")
    ap.add_argument("--measure", type=int, default=3, help="uninterrupted runs timed a mode, "
                    "their median the duration (default 3)")
    ap.add_argument("--trial", type=int, help="run only trial K of each mode (a replay)")
    ap.add_argument("--at", type=float, help="kill every trial this many seconds into its run "
                    "(with --trial: a replay at the moment a failure printed)")
    ap.add_argument("--articles", type=int, default=4000, help="articles of version 1 "
                    "(default 4000: a first build of about 4 s with 2 threads on a 2-core machine)")
    ap.add_argument("--target-seconds", type=float, help="instead of --articles: as many as a "
                    "first build takes about this long for")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                   "folio-crash-matrix"),
                    help="working folder, emptied first (default $TMPDIR/folio-crash-matrix)")
    ap.add_argument("--index-exe", default=os.path.join(build, "indexer", "folio-index"))
    ap.add_argument("--search-exe", default=os.path.join(build, "searcher", "folio-search"))
    args = ap.parse_args(argv)
    if args.seed is None:
        args.seed = int(time.time()) % 100000
    args.index_exe = os.path.abspath(args.index_exe)
    args.search_exe = os.path.abspath(args.search_exe)
    return args


def main(argv):
    args = parse_args(argv)
    log(f"seed {args.seed}, {args.points} points, modes {' '.join(args.mode)}")
    m = Matrix(args)
    t0 = time.monotonic()
    try:
        m.prepare()
        for mode in args.mode:
            m.run_mode(mode)
    except (RuntimeError, SearchFailed, subprocess.TimeoutExpired) as e:
        print(m.table())
        print(f"the matrix could not go on (not a kill's failure): {e}")
        return 1
    print(m.table())
    print(f"seed {args.seed}, {m.count} articles, {time.monotonic() - t0:.0f} s")
    if m.failures:
        print(f"{len(m.failures)} failures:")
        for f in m.failures:
            print("  " + f)
        return 1
    shutil.rmtree(m.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
