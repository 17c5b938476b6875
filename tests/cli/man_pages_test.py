#!/usr/bin/env python3
"""The man pages in docs/man against the programs: ctest's man_pages_cover_help.

For each --help below (each program's, and each subcommand's) it takes every long flag (--name)
the help names and every short flag (-x) of its option table, and checks that the right page
names it as roff writes it (\\-\\-name, \\-x) in the right section. It also checks that every
flag a page defines (an option's .TP tag) is one the programs still have, that a subcommand a
--help lists ("folio-search NAME --help") is checked here, that .TH carries the programs'
--version, and that each page renders with no warning from groff (and from man, as lintian runs
it). It prints every problem, then fails when there was one.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# What to check: the program (--index-exe or --search-exe), the words before --help, the page,
# and the .SH/.SS heading of the section that must name the flags. A new subcommand is one line.
HELPS = [
    ("index", [], "folio-index.1", "OPTIONS"),
    ("search", [], "folio-search.1", "OPTIONS"),
    ("search", ["serve"], "folio-search.1", "SERVE"),
    ("search", ["stats"], "folio-search.1", "STATS"),
]

LONG_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*[a-z0-9])")
# A line of cxxopts' option table: "  -d, --db arg   ..." or "      --rebuild   ...".
OPTION_LINE = re.compile(r"^\s+(?:-([A-Za-z]), )?--([a-z][a-z0-9-]*)")
ROFF_LONG = re.compile(r"\\-\\-([a-z][a-z0-9]*(?:\\-[a-z0-9]+)*)")
ROFF_SHORT = re.compile(r"(?<!\\-)\\-([A-Za-z])(?![A-Za-z0-9_]|\\-)")


def roff(flag):
    """A flag as a man page writes it: every hyphen as \\-."""
    return flag.replace("-", "\\-")


def named(text, flag):
    """Whether roff `text` names `flag` whole (\\-\\-snippets is not \\-\\-snippets\\-out)."""
    pattern = (r"(?<!\\-)" if not flag.startswith("--") else "") + re.escape(roff(flag))
    return re.search(pattern + r"(?![A-Za-z0-9_]|\\-)", text) is not None


def run(args):
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def help_flags(text):
    """The flags a --help names: long ones anywhere, short ones in its option table."""
    flags = {"--" + m.group(1) for m in LONG_FLAG.finditer(text)}
    for line in text.splitlines():
        m = OPTION_LINE.match(line)
        if m and m.group(1):
            flags.add("-" + m.group(1))
    return flags


def section(page, heading):
    """The text under the .SH or .SS `heading` up to the next heading of its level or above."""
    lines = page.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r'^\.(SH|SS)\s+"?([^"]*)"?\s*$', line)
        if m and m.group(2).strip() == heading:
            ends = (".SH",) if m.group(1) == "SH" else (".SH", ".SS")
            body = []
            for rest in lines[i + 1:]:
                if rest.split(" ")[0] in ends:
                    break
                body.append(rest)
            return "\n".join(body)
    return None


def defined_flags(page):
    """The flags a page defines: those in the tag line after each .TP."""
    lines = page.splitlines()
    flags = set()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == ".TP":
            tag = lines[i + 1]
            flags |= {"--" + m.group(1).replace("\\-", "-") for m in ROFF_LONG.finditer(tag)}
            flags |= {"-" + m.group(1) for m in ROFF_SHORT.finditer(tag)}
    return flags


def render_problems(path):
    """What groff (and man, as lintian runs it) say when rendering `path`."""
    problems = []
    groff = shutil.which("groff")
    if groff is None:
        return ["groff is not installed (scripts/setup installs groff-base)"]
    done = subprocess.run([groff, "-man", "-ww", "-z", path], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0 or done.stderr:
        problems.append(f"groff -man -ww -z: exit {done.returncode}: {done.stderr.strip()}")
    man = shutil.which("man")
    if man is None:
        return problems + ["man is not installed (scripts/setup installs man-db)"]
    env = dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")
    done = subprocess.run([man, "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", path],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0 or done.stderr:
        problems.append(f"man --warnings: exit {done.returncode}: {done.stderr.strip()}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-exe", required=True)
    parser.add_argument("--search-exe", required=True)
    parser.add_argument("--man-dir", required=True)
    args = parser.parse_args()
    exes = {"index": args.index_exe, "search": args.search_exe}
    names = {"index": "folio-index", "search": "folio-search"}

    problems = []
    pages = {}
    flags_of_page = {}
    for program, words, page_name, heading in HELPS:
        command = " ".join([names[program]] + words)
        path = os.path.join(args.man_dir, page_name)
        if page_name not in pages:
            with open(path, encoding="utf-8") as f:
                pages[page_name] = f.read()
        page = pages[page_name]
        text = run([exes[program]] + words + ["--help"])
        flags = help_flags(text)
        flags_of_page.setdefault(page_name, set()).update(flags)
        print(f"{command} --help: {len(flags)} flags: {' '.join(sorted(flags))}")
        body = section(page, heading)
        if body is None:
            problems.append(f"{page_name} has no section {heading} (for {command})")
            continue
        for flag in sorted(flags):
            if not named(body, flag):
                problems.append(f"{command}: {flag} is not in {page_name}, section {heading} "
                                f"(written {roff(flag)})")
        if not words:
            # Subcommands the help lists ("folio-search serve --help") must be in HELPS.
            listed = set(re.findall(re.escape(names[program]) + r" ([a-z][a-z-]*) --help", text))
            checked = {w[0] for p, w, _, _ in HELPS if p == program and w}
            for sub in sorted(listed - checked):
                problems.append(f"{names[program]} --help lists the subcommand '{sub}', which "
                                f"this test does not check: add it to HELPS in {__file__}")
            version = run([exes[program], "--version"]).split()[-1]
            th = next((l for l in page.splitlines() if l.startswith(".TH ")), "")
            if f'"Folio {version}"' not in th:
                problems.append(f"{page_name}: .TH does not say \"Folio {version}\" "
                                f"({names[program]} --version): {th}")

    for page_name, page in pages.items():
        for flag in sorted(defined_flags(page) - flags_of_page[page_name]):
            problems.append(f"{page_name} defines {flag}, which no --help it covers names")
        problems += [f"{page_name}: {p}" for p in
                     render_problems(os.path.join(args.man_dir, page_name))]

    for p in problems:
        print("FAIL: " + p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("the man pages name every flag and render cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
