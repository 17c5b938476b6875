#!/usr/bin/env python3
"""Format benchmark: folio-index's throughput per input format, PDF beside pdftotext, watch latency.

Run through scripts/bench-formats (see --help). Three parts, in one run:

1. Throughput per format. The same N articles (BBC from $FOLIO_SHARED/corpora/bbc when present,
   else the repository's corpus/, reused round-robin up to N) are written as each format: txt (the
   baseline), html, md, feed (.rss, 10 items a file), mbox (10 messages a file), eml, pdf, docx,
   odt, epub and warc.gz (10 pages a file). Each format gets a fresh `folio-index --threads 1`
   (and --threads 2) run with --stats-json: MB/s of input bytes, files/s, articles/s, and its
   seconds over the txt baseline's.
2. PDF beside pdftotext: over the generated PDFs (and, with --pdf-dir, over real ones):
   `pdftotext FILE OUT` one process a file, folio-index --threads 1 over the same files, their
   ratio, and folio-index over pdftotext's output as .txt files (analysis and index writes alone).
3. Watch latency: `folio-index --watch` over a folder of --watch-files articles; then --changes
   times a new file (or a changed one, alternately) holding a made-up word, and folio-search is
   polled until it finds the word: latency = the end of the first poll that finds it - close().

Tables to stdout and $BENCH_OUT/bench-formats.md, everything as JSON to --out (default
$BENCH_OUT/bench-formats.json). Python 3 stdlib only; the PDF, DOCX, ODT and EPUB writers come
from tests/fixtures/formats/.
"""
import argparse
import ast
import datetime
import email.message
import email.utils
import gzip
import html
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import textwrap
import threading
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("FOLIO_BUILD_DIR", "build"))
FOLIO_INDEX = os.path.join(BUILD, "indexer", "folio-index")
FOLIO_SEARCH = os.path.join(BUILD, "searcher", "folio-search")
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "formats")
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
OUT = os.environ.get("BENCH_OUT", os.path.join(os.environ.get("TMPDIR", "/tmp"), "folio-bench"))
FORMATS = ["txt", "html", "md", "feed", "mbox", "eml", "pdf", "docx", "odt", "epub", "warc.gz"]
PER_FILE = {"feed": 10, "mbox": 10, "warc.gz": 10}  # articles a file; the others hold one
DATE = datetime.datetime(2005, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)

sys.path.insert(0, FIXTURES)
import make_pdfs  # noqa: E402  (functions only; its main() writes the fixtures)
from bench_index import percentile  # noqa: E402


def load_definitions(path):
    """The functions and constants of a fixture script, without its top-level calls:
    make_zips.py writes its fixtures as it is imported, and only its templates are wanted here."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    tree.body = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.Assign,
                                                        ast.FunctionDef))]
    namespace = {"__file__": path, "__name__": "make_zips_definitions"}
    exec(compile(tree, path, "exec"), namespace)
    return namespace


ZIPS = load_definitions(os.path.join(FIXTURES, "make_zips.py"))


def log(msg):
    print(f"[bench-formats {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


def folder_files(path):
    return sum(len(fs) for _, _, fs in os.walk(path))


# --- the articles ------------------------------------------------------------------------------

def source_folder(a):
    if a.source:
        return os.path.abspath(a.source)
    bbc = os.path.join(SHARED, "corpora", "bbc")
    return bbc if os.path.isdir(bbc) else os.path.join(ROOT, "corpus")


def load_articles(folder, n):
    """n articles (title, [paragraphs]) from the .txt files of folder, in path order; a folder of
    fewer is gone round again (the copies get a different id wherever they are written)."""
    paths = sorted(os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs
                   if f.endswith(".txt") and not f.lower().startswith("readme"))
    articles = []
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            lines = [x.strip() for x in f.read().splitlines()]
        lines = [x for x in lines if x]
        if len(lines) >= 2:
            articles.append((lines[0], lines[1:]))
    if not articles:
        sys.exit(f"bench-formats: no .txt articles in {folder}")
    return [articles[i % len(articles)] for i in range(n)]


# --- one writer per format: write(folder, articles) --------------------------------------------

def esc(text):
    return html.escape(text, quote=True)


def html_page(title, paras):
    body = "".join(f"<p>{esc(x)}</p>\n" for x in paras)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title></head>\n<body><article><h1>{esc(title)}</h1>\n{body}"
            "</article></body></html>\n")


def write_txt(folder, articles):
    for i, (title, paras) in enumerate(articles):
        with open(os.path.join(folder, f"a{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "\n\n".join(paras) + "\n")


def write_html(folder, articles):
    for i, (title, paras) in enumerate(articles):
        with open(os.path.join(folder, f"a{i:05d}.html"), "w", encoding="utf-8") as f:
            f.write(html_page(title, paras))


def write_md(folder, articles):
    for i, (title, paras) in enumerate(articles):
        with open(os.path.join(folder, f"a{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {json.dumps(title)}\ndate: 2005-03-01\n---\n\n# {title}\n\n"
                    + "\n\n".join(paras) + "\n")


def chunks(articles, size):
    for start in range(0, len(articles), size):
        yield start // size, start, articles[start:start + size]


def write_feed(folder, articles):
    when = email.utils.format_datetime(DATE)
    for k, start, group in chunks(articles, PER_FILE["feed"]):
        items = "".join(
            f"<item><title>{esc(t)}</title><link>https://news.example.org/{start + j}</link>"
            f"<guid>https://news.example.org/{start + j}</guid><pubDate>{when}</pubDate>"
            f"<description>{esc(''.join(f'<p>{esc(x)}</p>' for x in paras))}</description>"
            "</item>\n" for j, (t, paras) in enumerate(group))
        with open(os.path.join(folder, f"f{k:04d}.rss"), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                    "<title>Bench news</title><link>https://news.example.org/</link>"
                    f"<description>bench-formats</description>\n{items}</channel></rss>\n")


def mail(i, title, paras):
    m = email.message.EmailMessage()
    m["From"] = "Bench Desk <desk@news.example.org>"
    m["To"] = "reader@example.org"
    m["Subject"] = title
    m["Date"] = email.utils.format_datetime(DATE)
    m["Message-ID"] = f"<a{i:05d}@news.example.org>"
    m.set_content("\n\n".join(paras) + "\n", cte="quoted-printable")
    return m.as_bytes()


def write_eml(folder, articles):
    for i, (title, paras) in enumerate(articles):
        with open(os.path.join(folder, f"a{i:05d}.eml"), "wb") as f:
            f.write(mail(i, title, paras))


def write_mbox(folder, articles):
    for k, start, group in chunks(articles, PER_FILE["mbox"]):
        with open(os.path.join(folder, f"m{k:04d}.mbox"), "wb") as f:
            for j, (title, paras) in enumerate(group):
                body = mail(start + j, title, paras).replace(b"\nFrom ", b"\n>From ")
                f.write(b"From desk@news.example.org Tue Mar  1 12:00:00 2005\n" + body
                        + (b"" if body.endswith(b"\n") else b"\n") + b"\n")


def write_pdf(folder, articles, lines_per_page=50, width=95):
    for i, (title, paras) in enumerate(articles):
        lines = [title, None]
        for x in paras:
            lines += textwrap.wrap(x.encode("cp1252", "replace").decode("cp1252"), width) + [None]
        pages = [make_pdfs.text_content(lines[s:s + lines_per_page], size=10, leading=13, y=750)
                 for s in range(0, len(lines), lines_per_page)]
        data = make_pdfs.text_pdf(pages, info={"Title": make_pdfs.pdf_string(
            title.encode("cp1252", "replace").decode("cp1252"))})
        with open(os.path.join(folder, f"a{i:05d}.pdf"), "wb") as f:
            f.write(data)


def write_zip(path, entries):
    """entries: [(name, str or bytes, stored?)], as make_zips.write_zip, at an absolute path and
    without its line of output."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, ZIPS["STAMP"])
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def write_docx(folder, articles):
    p = ZIPS["p"]
    for i, (title, paras) in enumerate(articles):
        body = p(esc(title), "Heading1") + "".join(p(esc(x)) for x in paras)
        write_zip(os.path.join(folder, f"a{i:05d}.docx"), [
            ("[Content_Types].xml", ZIPS["CONTENT_TYPES"], False),
            ("_rels/.rels", ZIPS["RELS"], False),
            ("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<w:document {ZIPS["W"]}><w:body>{body}</w:body></w:document>', False)])


def write_odt(folder, articles):
    ns = ZIPS["ODF_NS"]
    for i, (title, paras) in enumerate(articles):
        text = (f'<text:h text:outline-level="1">{esc(title)}</text:h>'
                + "".join(f"<text:p>{esc(x)}</text:p>" for x in paras))
        write_zip(os.path.join(folder, f"a{i:05d}.odt"), [
            ZIPS["MIMETYPE"], ("META-INF/manifest.xml", ZIPS["MANIFEST"], False),
            ("content.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
             f"{ns}><office:body><office:text>{text}</office:text></office:body>"
             "</office:document-content>", False),
            ("meta.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ns}>'
             f"<office:meta><dc:title>{esc(title)}</dc:title></office:meta>"
             "</office:document-meta>", False)])


def write_epub(folder, articles):
    for i, (title, paras) in enumerate(articles):
        metadata = (f'<dc:identifier id="id">urn:bench:{i}</dc:identifier>'
                    f"<dc:title>{esc(title)}</dc:title><dc:language>en</dc:language>")
        write_zip(os.path.join(folder, f"a{i:05d}.epub"), [
            ("mimetype", "application/epub+zip", True),
            ("META-INF/container.xml", ZIPS["CONTAINER"].format("OEBPS/content.opf"), False),
            ("OEBPS/content.opf", ZIPS["opf"](metadata, ZIPS["item"]("c1", "one.xhtml"),
                                              '<itemref idref="c1"/>'), False),
            ("OEBPS/one.xhtml", ZIPS["chapter"](esc(title), *map(esc, paras)), False)])


def warc_record(headers, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return (head + f"Content-Length: {len(block)}\r\n\r\n").encode() + block + b"\r\n\r\n"


def write_warc_gz(folder, articles):
    """A crawl as a crawler writes it: one gzip member a record (a warcinfo, then a response
    record a page, an HTTP/1.1 200 with an HTML body)."""
    when = DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    for k, start, group in chunks(articles, PER_FILE["warc.gz"]):
        members = [gzip.compress(warc_record(
            [("WARC-Type", "warcinfo"), ("WARC-Date", when),
             ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{k:012d}>"),
             ("Content-Type", "application/warc-fields")], b"software: bench-formats\r\n"), 6)]
        for j, (title, paras) in enumerate(group):
            body = html_page(title, paras).encode("utf-8")
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body)) + body
            n = start + j
            members.append(gzip.compress(warc_record(
                [("WARC-Type", "response"), ("WARC-Date", when),
                 ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-9000-{n:012d}>"),
                 ("WARC-Target-URI", f"https://news.example.org/{n}"),
                 ("Content-Type", "application/http; msgtype=response")], http), 6))
        with open(os.path.join(folder, f"c{k:04d}.warc.gz"), "wb") as f:
            f.write(b"".join(members))


WRITERS = {"txt": write_txt, "html": write_html, "md": write_md, "feed": write_feed,
           "mbox": write_mbox, "eml": write_eml, "pdf": write_pdf, "docx": write_docx,
           "odt": write_odt, "epub": write_epub, "warc.gz": write_warc_gz}


# --- folio-index runs ---------------------------------------------------------------------------

def index_once(folder, threads, work, logfile):
    """A fresh folio-index --threads N over folder; its --stats-json with the wall time added."""
    db, stats = os.path.join(work, "db"), os.path.join(work, "stats.json")
    shutil.rmtree(db, ignore_errors=True)
    argv = [FOLIO_INDEX, "--quiet", "--threads", str(threads), "--db", db, "--stats-json", stats,
            folder]
    with open(logfile, "a") as lf:
        lf.write("$ " + " ".join(argv) + "\n")
        lf.flush()
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=lf, stderr=lf)
        wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"folio-index failed (rc={p.returncode}, see {logfile})")
    st = json.load(open(stats))
    shutil.rmtree(db, ignore_errors=True)
    st["wall_s"] = wall
    st["articles"] = st.get("articles_added", 0) + st.get("articles_updated", 0)
    return st


def throughput(a, articles, data, logfile):
    rows = []
    for fmt in a.formats:
        folder = os.path.join(data, fmt)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        t0 = time.perf_counter()
        WRITERS[fmt](folder, articles)
        gen_s = time.perf_counter() - t0
        row = {"format": fmt, "files": folder_files(folder), "input_bytes": folder_bytes(folder),
               "articles_written": len(articles), "write_s": gen_s, "runs": {}}
        if fmt == a.formats[0]:  # untimed: the binaries, ICU's data and the input into memory
            index_once(folder, a.threads_list[0], os.path.join(a.work, "warm-up"), logfile)
        for t in a.threads_list:
            reps = [index_once(folder, t, os.path.join(a.work, f"fmt-{fmt}-t{t}"), logfile)
                    for _ in range(a.repeat)]
            st = sorted(reps, key=lambda r: r["seconds"])[(len(reps) - 1) // 2]  # the median run
            st["seconds_all"] = [r["seconds"] for r in reps]
            row["runs"][t] = st
            log(f"{fmt} -t{t}: {st['articles']} articles from {st['files_read']} of "
                f"{st['files']} files, {st['bytes'] / 1e6:.2f} MB in {st['seconds']:.2f} s"
                + (f", skipped {st['skipped_by_reason']}" if st.get("skipped") else ""))
        rows.append(row)
    return rows


def cell(x, digits=1, thousands=False):
    if x is None:
        return "-"
    return f"{x:,.0f}" if thousands else f"{x:,.{digits}f}"


def throughput_table(rows, threads_list):
    base = next((r for r in rows if r["format"] == "txt"), None)
    t1 = threads_list[0]
    more = threads_list[1:]
    head = ["format", "files", "input MB", "articles indexed", f"s ({t1} thr)", "MB/s", "files/s",
            "articles/s", "s / txt s"] + [f"articles/s ({t} thr)" for t in more] + ["skipped"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        st = r["runs"][t1]
        s = st["seconds"] if st["articles"] else None  # nothing indexed: no rate, no ratio
        base_s = base["runs"][t1]["seconds"] if base else None
        skipped = ", ".join(f"{k}: {v}" for k, v in st.get("skipped_by_reason", {}).items())
        lines.append("| " + " | ".join(
            [r["format"], f"{r['files']:,}", cell(r["input_bytes"] / 1e6, 2),
             f"{st['articles']:,}" + ("" if st["articles"] == r["articles_written"] else
                                      f" of {r['articles_written']:,}"),
             cell(st["seconds"], 2), cell(r["input_bytes"] / 1e6 / s if s else None, 2),
             cell(st["files_read"] / s if s else None, thousands=True),
             cell(st["articles"] / s if s else None, thousands=True),
             f"{s / base_s:.2f}x" if base_s and s else "-"]
            + [cell(r["runs"][t]["articles"] / r["runs"][t]["seconds"]
                    if r["runs"][t]["seconds"] else None, thousands=True) for t in more]
            + [skipped or "-"]) + " |")
    return lines


# --- PDF beside pdftotext ------------------------------------------------------------------------

def pdftotext_all(pdfs, out_dir, logfile):
    """pdftotext FILE OUT.txt for each file, one process a file; (seconds, failures)."""
    os.makedirs(out_dir, exist_ok=True)
    failures = 0
    with open(logfile, "a") as lf:
        t0 = time.perf_counter()
        for i, path in enumerate(pdfs):
            out = os.path.join(out_dir, f"p{i:05d}.txt")
            p = subprocess.run(["pdftotext", path, out], stdout=subprocess.DEVNULL, stderr=lf)
            failures += p.returncode != 0
        return time.perf_counter() - t0, failures


def pdf_compare(name, pdf_dir, a, logfile):
    pdfs = sorted(os.path.join(r, f) for r, _, fs in os.walk(pdf_dir) for f in fs
                  if f.lower().endswith(".pdf"))
    if not pdfs:
        log(f"no PDF files in {pdf_dir}")
        return None
    mb = sum(os.path.getsize(p) for p in pdfs) / 1e6
    tag = "generated" if name.startswith("generated") else "dir"
    txt_dir = os.path.join(a.work, f"pdftotext-{tag}")
    shutil.rmtree(txt_dir, ignore_errors=True)
    for f in pdfs:  # pdftotext and folio-index both start with the files in the page cache
        open(f, "rb").read()
    pt_s, failures = pdftotext_all(pdfs, txt_dir, logfile)
    # folio-index reads PDF_DIR itself (a folder), so it sees the same files.
    folio = index_once(pdf_dir, 1, os.path.join(a.work, f"pdf-{tag}"), logfile)
    as_txt = index_once(txt_dir, 1, os.path.join(a.work, f"pdftxt-{tag}"), logfile)
    row = {"input": name, "dir": pdf_dir, "files": len(pdfs), "mb": mb,
           "pdftotext_s": pt_s, "pdftotext_failures": failures,
           "pdftotext_text_mb": folder_bytes(txt_dir) / 1e6, "folio": folio, "folio_txt": as_txt}
    log(f"pdf {name}: pdftotext {pt_s:.2f} s, folio-index {folio['seconds']:.2f} s "
        f"({folio['articles']} articles), folio-index on the text {as_txt['seconds']:.2f} s")
    return row


def pdf_table(rows):
    lines = ["| PDFs | files | MB | pdftotext s | pdftotext MB/s | pdftotext files/s | "
             "folio-index s (1 thr) | folio MB/s | folio files/s | articles | folio s / "
             "pdftotext s | folio-index on pdftotext's .txt: s | (PDF s - .txt s) / pdftotext s |",
             "|" + "---|" * 13]
    for r in rows:
        f, t = r["folio"], r["folio_txt"]
        lines.append("| " + " | ".join([
            r["input"], f"{r['files']:,}", cell(r["mb"], 2), cell(r["pdftotext_s"], 2),
            cell(r["mb"] / r["pdftotext_s"], 2), cell(r["files"] / r["pdftotext_s"], 0),
            cell(f["seconds"], 2), cell(r["mb"] / f["seconds"], 2),
            cell(f["files_read"] / f["seconds"], 0),
            f"{f['articles']:,}" + (f" (skipped {f['skipped']})" if f.get("skipped") else ""),
            f"{f['seconds'] / r['pdftotext_s']:.2f}x", cell(t["seconds"], 2),
            f"{(f['seconds'] - t['seconds']) / r['pdftotext_s']:.2f}x"]) + " |")
    return lines


# --- watch latency ---------------------------------------------------------------------------------

def made_up_word(rng):
    """A word no article holds (letters only, so that it is one term whatever the analyser)."""
    return "zq" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))


class Watcher:
    """folio-index --watch as a child process, its output read by a thread."""

    def __init__(self, db, folder, logfile):
        self.log = open(logfile, "a")
        self.ready = threading.Event()
        self.runs = []
        argv = [FOLIO_INDEX, "--watch", "--quiet", "--threads", "1", "--db", db, folder]
        self.log.write("$ " + " ".join(argv) + "\n")
        self.log.flush()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.write(line)
            if line.startswith("Watching for changes"):
                self.ready.set()
            elif " added " in line and "files read in" in line:
                self.runs.append(line.strip())

    def stop(self, timeout=60):
        """SIGTERM, then the exit status (None if it did not exit within timeout: killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.thread.join(5)
        self.log.close()
        return rc


def found(db, word):
    p = subprocess.run([FOLIO_SEARCH, "--db", db, "--json", "--limit", "1", "--snippets", "0",
                        "--no-collapse", word], capture_output=True, text=True)
    if p.returncode != 0:
        return False
    return bool(json.loads(p.stdout).get("results"))


def watch_latency(a, articles, logfile):
    rng = random.Random(a.seed)
    folder = os.path.join(a.work, "watch", "docs")
    db = os.path.join(a.work, "watch", "db")
    shutil.rmtree(os.path.join(a.work, "watch"), ignore_errors=True)
    os.makedirs(folder)
    write_txt(folder, articles[:a.watch_files])
    w = Watcher(db, folder, logfile)
    result = {"files_before": a.watch_files, "changes": a.changes, "timeout_s": a.change_timeout}
    try:
        t0 = time.perf_counter()
        if not w.ready.wait(300):
            raise RuntimeError(f"folio-index --watch did not start watching (see {logfile})")
        result["initial_index_s"] = time.perf_counter() - t0
        time.sleep(0.5)
        latencies, polls, poll_s, missed, kinds = [], [], [], 0, {"new": [], "changed": []}
        for i in range(a.changes):
            word = made_up_word(rng)
            title, paras = articles[i % len(articles)]
            if i % 2 == 0:
                kind, path = "new", os.path.join(folder, f"new{i:05d}.txt")
            else:  # an article indexed before, rewritten in place
                kind, path = "changed", os.path.join(folder, f"a{(i // 2) % a.watch_files:05d}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"{title}\n\n{word} {paras[0]}\n\n" + "\n\n".join(paras[1:]) + "\n")
            closed = time.perf_counter()
            n = 0
            while True:
                p0 = time.perf_counter()
                hit = found(db, word)
                now = time.perf_counter()
                poll_s.append(now - p0)
                n += 1
                if hit:
                    latencies.append(now - closed)
                    kinds[kind].append(now - closed)
                    break
                if now - closed > a.change_timeout:
                    missed += 1
                    log(f"watch: change {i + 1} ({kind}) not found after {a.change_timeout} s")
                    break
                if a.poll_interval:
                    time.sleep(a.poll_interval)
            polls.append(n)
            if (i + 1) % 50 == 0:
                log(f"watch: {i + 1}/{a.changes} changes, p50 so far "
                    f"{percentile(latencies, 50) * 1000:.0f} ms")
    finally:
        rc = w.stop()
    result.update({
        "latencies_s": latencies, "missed": missed, "polls_per_change": polls,
        "poll_s_p50": percentile(poll_s, 50), "poll_s_p90": percentile(poll_s, 90),
        "poll_interval_s": a.poll_interval, "watcher_runs": len(w.runs), "watcher_exit": rc,
        "by_kind": {k: {"n": len(v), "p50_s": percentile(v, 50), "p90_s": percentile(v, 90)}
                    for k, v in kinds.items()}})
    for p in (50, 90, 99):
        result[f"p{p}_s"] = percentile(latencies, p)
    result["max_s"] = max(latencies) if latencies else None
    log(f"watch: stopped with SIGTERM, exit status {rc}")
    return result


def watch_table(r):
    def ms(x):
        return cell(x * 1000 if x is not None else None, thousands=True)

    lines = ["| changes | found | p50 ms | p90 ms | p99 ms | max ms | new files p50 / p90 ms | "
             "changed files p50 / p90 ms | one poll p50 / p90 ms | polls a change (median) | "
             "watcher runs | exit after SIGTERM |", "|" + "---|" * 12]
    nk, ck = r["by_kind"]["new"], r["by_kind"]["changed"]
    lines.append("| " + " | ".join([
        f"{r['changes']:,}", f"{len(r['latencies_s']):,}", ms(r["p50_s"]), ms(r["p90_s"]),
        ms(r["p99_s"]), ms(r["max_s"]), f"{ms(nk['p50_s'])} / {ms(nk['p90_s'])}",
        f"{ms(ck['p50_s'])} / {ms(ck['p90_s'])}",
        f"{ms(r['poll_s_p50'])} / {ms(r['poll_s_p90'])}",
        cell(statistics.median(r["polls_per_change"]) if r["polls_per_change"] else None, 0),
        str(r["watcher_runs"]), str(r["watcher_exit"])]) + " |")
    return lines


# --- main ------------------------------------------------------------------------------------------

def git_describe():
    p = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                       text=True)
    return p.stdout.strip() or "unknown"


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="scripts/bench-formats", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300,
                    help="articles written as each format (default 300)")
    ap.add_argument("--formats", default=",".join(FORMATS),
                    help=f"formats to run (default all: {','.join(FORMATS)}); txt is the baseline")
    ap.add_argument("--threads-list", default="1,2",
                    help="folio-index --threads for the throughput table (default 1,2; the "
                    "first is the one the ratios use)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="folio-index runs per format and thread count; the median run is "
                    "reported (default 3)")
    ap.add_argument("--source", help="folder of .txt articles (default $FOLIO_SHARED/corpora/bbc "
                    "when present, else corpus/)")
    ap.add_argument("--pdf-dir", help="also compare pdftotext and folio-index over the PDFs of "
                    "this folder (e.g. /tmp/realworld/pdf)")
    ap.add_argument("--skip-pdf", action="store_true", help="no PDF/pdftotext comparison")
    ap.add_argument("--skip-watch", action="store_true", help="no watch latency")
    ap.add_argument("--changes", type=int, default=200, help="watch: changes timed (default 200)")
    ap.add_argument("--watch-files", type=int, default=100,
                    help="watch: articles in the folder before the changes (default 100)")
    ap.add_argument("--change-timeout", type=float, default=15,
                    help="watch: seconds after which a change counts as missed (default 15)")
    ap.add_argument("--poll-interval", type=float, default=0,
                    help="watch: seconds between polls (default 0: back to back)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the made-up words (default 7)")
    ap.add_argument("--out", help="JSON results (default $BENCH_OUT/bench-formats.json)")
    ap.add_argument("--keep", action="store_true", help="keep the generated inputs")
    ap.add_argument("--no-build", action="store_true",
                    help="use build/ as it is (default: scripts/build first)")
    a = ap.parse_args(argv)
    a.formats = [f.strip() for f in a.formats.split(",") if f.strip()]
    unknown = [f for f in a.formats if f not in WRITERS]
    if unknown:
        ap.error(f"unknown formats {','.join(unknown)} (known: {','.join(FORMATS)})")
    a.threads_list = [int(t) for t in a.threads_list.split(",") if t.strip()]
    if a.articles < 1 or a.changes < 0 or a.watch_files < 1 or a.repeat < 1 or \
            not a.threads_list:
        ap.error("--articles, --watch-files, --repeat and --threads-list need at least 1")
    a.out = a.out or os.path.join(OUT, "bench-formats.json")
    a.work = os.path.join(OUT, "formats")
    return a


def main(argv=None):
    a = parse_args(argv)
    if not a.no_build:
        subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True, stdout=sys.stderr)
    for b in (FOLIO_INDEX, FOLIO_SEARCH):
        if not os.path.exists(b):
            sys.exit(f"bench-formats: {b} is missing (scripts/build)")
    if not os.path.exists(os.path.join(BUILD, "indexer", "folio-extract")) and \
            not os.environ.get("FOLIO_EXTRACT"):
        log("note: no folio-extract beside folio-index: PDF, DOCX, ODT, EPUB and WARC are skipped")
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    logfile = os.path.join(a.work, "commands.log")
    source = source_folder(a)
    need = max(a.articles, a.watch_files + a.changes)
    articles = load_articles(source, need)
    log(f"{len(articles)} articles from {source}; work in {a.work}")
    data = os.path.join(a.work, "data")
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    res = {"when": datetime.datetime.now().isoformat(timespec="seconds"),
           "folio": git_describe(), "host": platform.node(), "cores": os.cpu_count(),
           "source": source, "articles": a.articles, "threads_list": a.threads_list}
    arts = articles[:a.articles]
    res["formats"] = throughput(a, arts, data, logfile)
    res["pdf"] = []
    have_pdftotext = shutil.which("pdftotext") is not None
    if not a.skip_pdf and not have_pdftotext:
        log("pdftotext not found (Debian: poppler-utils): no PDF comparison")
    if not a.skip_pdf and have_pdftotext:
        gen = os.path.join(data, "pdf")
        if not os.path.isdir(gen):
            os.makedirs(gen)
            write_pdf(gen, arts)
        res["pdf"].append(pdf_compare(f"generated ({a.articles} articles)", gen, a, logfile))
        if a.pdf_dir:
            res["pdf"].append(pdf_compare(os.path.normpath(a.pdf_dir), os.path.abspath(a.pdf_dir),
                                          a, logfile))
        res["pdf"] = [r for r in res["pdf"] if r]
    res["watch"] = None if a.skip_watch or not a.changes else watch_latency(a, articles, logfile)
    res["elapsed_s"] = time.perf_counter() - started
    res["load"] = [load_start, os.getloadavg()[0]]

    md = ["# Folio format benchmark", "",
          f"{res['when']}, Folio {res['folio']}, {res['host']} ({res['cores']} cores, load "
          f"{load_start:.1f} at the start, {res['load'][1]:.1f} at the end); {a.articles} "
          f"articles from {source}; took {res['elapsed_s']:.0f} s.", "",
          "## Throughput per format", "",
          f"A fresh `folio-index --threads N` per format, {a.repeat} runs, the median one shown; "
          "seconds = its --stats-json `seconds`; MB = input file bytes; s / txt s: the same "
          "articles as .txt = 1.", ""]
    md += throughput_table(res["formats"], a.threads_list)
    if res["pdf"]:
        md += ["", "## PDF: pdftotext beside folio-index", "",
               "pdftotext: one process a file, as a user runs it. folio-index: --threads 1, "
               "extraction, analysis and index writes together; the last two columns take "
               "folio-index over pdftotext's text (as .txt) away to leave the PDF cost.", ""]
        md += pdf_table(res["pdf"])
    if res["watch"]:
        r = res["watch"]
        md += ["", "## Watch latency", "",
               f"`folio-index --watch --threads 1` over {r['files_before']} articles (indexed "
               f"in {r['initial_index_s']:.2f} s); {r['changes']} changes, new files and "
               "rewritten ones alternately, one at a time; latency = end of the first "
               "`folio-search` poll that finds the change's made-up word - close(). Its "
               "resolution is one poll.", ""]
        md += watch_table(r)
    text = "\n".join(md) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    with open(os.path.join(OUT, "bench-formats.md"), "w") as f:
        f.write(text)
    print(text)
    if not a.keep:
        shutil.rmtree(data, ignore_errors=True)
    log(f"JSON: {a.out}  table: {os.path.join(OUT, 'bench-formats.md')}  log: {logfile}")
    ok = not res["watch"] or res["watch"]["watcher_exit"] == 0
    if not ok:
        log(f"folio-index --watch exited {res['watch']['watcher_exit']} after SIGTERM, not 0")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
