#!/usr/bin/env python3
"""Texts in many languages for scripts/bench-langdetect, from Debian's translated man pages.

Downloads the manpages-* packages (apt-get download, no root), unpacks them, renders up to N
pages a language with man(1) (no hyphenation, no justification) and writes
OUT/<code>/<n>.txt: the NAME line's description as the title, a blank line, the page as the
body. Man pages are technical text with English option names and examples left in; the texts
stay outside the repository (their licences are the packages').

  bench/langdetect_data.py [--out /tmp/langdata/texts] [--per-language 50]
"""
import argparse
import gzip
import os
import pathlib
import re
import subprocess
import sys

# package, folder under /usr/share/man, the code the detectors should give
LANGUAGES = [
    ("manpages", ".", "en"), ("manpages-de", "de", "de"), ("manpages-fr", "fr", "fr"),
    ("manpages-es", "es", "es"), ("manpages-it", "it", "it"), ("manpages-nl", "nl", "nl"),
    ("manpages-pt-br", "pt_BR", "pt"), ("manpages-ru", "ru", "ru"), ("manpages-ja", "ja", "ja"),
    ("manpages-zh", "zh_CN", "zh"), ("manpages-zh", "zh_TW", "zh-TW"),
    ("manpages-pl", "pl", "pl"), ("manpages-cs", "cs", "cs"), ("manpages-da", "da", "da"),
    ("manpages-nb", "nb", "no"), ("manpages-sv", "sv", "sv"), ("manpages-fi", "fi", "fi"),
    ("manpages-hu", "hu", "hu"), ("manpages-ro", "ro", "ro"), ("manpages-uk", "uk", "uk"),
    ("manpages-vi", "vi", "vi"),
]
NAME_HEADINGS = re.compile(r"^(NAME|BEZEICHNUNG|NOM|NOMBRE|NOME|NAAM|НАЗВАНИЕ|НАЗВА|ИМЯ|名前|名称|名稱|"
                           r"NAZWA|JMÉNO|NAVN|NAMN|NIMI|NÉV|NUME|TÊN)\s*$")


def render(path):
    env = dict(os.environ, MANWIDTH="200", LANG="C.UTF-8")
    out = subprocess.run(["man", "--nh", "--nj", "-E", "UTF-8", "-l", str(path)], env=env,
                         capture_output=True, timeout=60).stdout
    text = subprocess.run(["col", "-b"], input=out, capture_output=True, env=env).stdout
    lines = text.decode("utf-8", "replace").splitlines()[1:-1]  # running header and footer
    return [line.rstrip() for line in lines]


def title_and_body(lines):
    for i, line in enumerate(lines):
        if NAME_HEADINGS.match(line.strip()) and i + 1 < len(lines):
            name = lines[i + 1].strip()
            for dash in (" - ", " — ", " – ", " -- ", "－", " ー "):
                if dash in name:
                    title = name.split(dash, 1)[1].strip()
                    body = "\n".join(lines[i + 2:]).strip()
                    return title, body
    return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/langdata/texts")
    ap.add_argument("--work", default="/tmp/langdata")
    ap.add_argument("--per-language", type=int, default=50)
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    root = work / "root"
    work.mkdir(parents=True, exist_ok=True)
    for package in sorted({p for p, _, _ in LANGUAGES}):
        if not list(work.glob(package + "_*.deb")):
            subprocess.run(["apt-get", "download", package], cwd=work, check=True)
            for deb in work.glob(package + "_*.deb"):
                subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    for package, folder, code in LANGUAGES:
        base = root / "usr/share/man" / folder
        pages = sorted(p for p in base.glob("man[1-8]/*.gz"))
        if not pages:
            print(f"{code}: no pages in {base}", file=sys.stderr)
            continue
        step = max(1, len(pages) // (args.per_language * 2))
        out = pathlib.Path(args.out) / code
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for page in pages[::step]:
            if n == args.per_language:
                break
            title, body = title_and_body(render(page))
            if not title or len(body.encode()) < 300:
                continue
            n += 1
            (out / f"{n}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
            with open(pathlib.Path(args.out) / "SOURCES.md", "a", encoding="utf-8") as sources:
                sources.write(f"- {code}/{n}.txt: Debian {package}, {page.relative_to(root)}\n")
        print(f"{code}: {n} texts from {package}", file=sys.stderr)


if __name__ == "__main__":
    main()
