#!/usr/bin/env python3
"""The dependency rules of docs/architecture.md, checked on every #include.

Stages of shared/src, following the data (bytes -> Article -> document; query -> hits):
    text      <- readers <- indexing
    text      <- store   <- indexing, search
    search never includes readers/ or indexing/.
Each third-party library stays in its corner; the public headers (shared/include/folio) include
only the standard library and each other; the programs (indexer/, searcher/, examples/, bench/)
include only public headers. Tests (tests/) may include anything: they test each stage; so may
the ranking experiments in bench/experiments/, which read the index's layout (not a program a
user runs). Exits 1 naming every include that breaks a rule.
"""
import os
import re
import sys

# Which private folders (shared/src/<stage>/) a stage may include.
STAGES = {
    "text": {"text"},
    "readers": {"text", "readers"},
    "store": {"text", "store"},
    "indexing": {"text", "readers", "store", "indexing"},
    "search": {"text", "store", "search"},
}

# Third-party headers (a prefix of the <...> name) and the places that may include them.
LIBRARIES = {
    "unicode/": ("ICU", {"text"}),
    "libstemmer.h": ("libstemmer", {"text"}),
    "cld2/": ("CLD2", {"text"}),
    "rapidjson/": ("RapidJSON", {"text"}),
    "xxhash.h": ("xxHash", {"text"}),
    "gumbo.h": ("gumbo", {"readers"}),
    "libxml/": ("libxml2", {"readers"}),
    "archive.h": ("libarchive", {"readers"}),
    "archive_entry.h": ("libarchive", {"readers"}),
    "gmime/": ("GMime", {"readers"}),
    "poppler-": ("poppler-cpp", {"readers"}),
    "GlobalParams.h": ("poppler", {"readers"}),
    "PDFDoc.h": ("poppler", {"readers"}),
    "Stream.h": ("poppler", {"readers"}),
    "TextOutputDev.h": ("poppler", {"readers"}),
    "goo/": ("poppler", {"readers"}),
    "yaml-cpp/": ("yaml-cpp", {"readers"}),
    "simdjson.h": ("simdjson", {"readers"}),
    "zlib.h": ("zlib", {"readers"}),
    "zstd.h": ("zstd", {"store"}),
    "xapian.h": ("Xapian", {"store", "indexing", "search"}),
    "xapian/": ("Xapian", {"store", "indexing", "search"}),
    "httplib.h": ("cpp-httplib", {"searcher"}),
    "cxxopts.hpp": ("cxxopts", {"indexer", "searcher", "bench"}),
    "nlohmann/": ("nlohmann-json", {"tests"}),
    "gtest/": ("GoogleTest", {"tests"}),
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def place(rel):
    """The stage or folder a file belongs to: 'text', ..., 'public', 'indexer', 'tests'."""
    parts = rel.split(os.sep)
    if parts[:2] == ["shared", "src"] and len(parts) > 3:
        return parts[2]
    if parts[:3] == ["shared", "include", "folio"]:
        return "public"
    return parts[0]


def check_file(root, rel):
    where = place(rel)
    problems = []
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            close = ">" if kind == "<" else '"'
            at = f"{rel}:{number}: #include {kind}{name}{close}"
            if kind == "<":
                for prefix, (library, allowed) in LIBRARIES.items():
                    if name.startswith(prefix) and where not in allowed:
                        problems.append(f"{at}: {library} belongs in {', '.join(sorted(allowed))}")
                continue
            stage = name.split("/")[0] if "/" in name else None
            if where in STAGES:
                if stage in STAGES and stage not in STAGES[where]:
                    problems.append(f"{at}: {where}/ may not include {stage}/ "
                                    f"(it may include {', '.join(sorted(STAGES[where]))})")
            elif where == "public":
                if stage != "folio":
                    problems.append(f"{at}: a public header includes only folio/ headers")
            elif where in ("indexer", "searcher", "examples", "bench"):
                if stage in STAGES:
                    problems.append(f"{at}: programs use the public headers (folio/), "
                                    "not the library's private ones")
    return problems


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    problems = []
    files = 0
    for top in ("shared", "indexer", "searcher", "examples", "bench"):  # tests may use anything
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = [d for d in dirnames if d != "node_modules"
                           and os.path.join(dirpath, d) != os.path.join(root, "bench", "experiments")]
            for name in sorted(filenames):
                if name.endswith((".h", ".cc")):
                    files += 1
                    problems += check_file(root, os.path.relpath(os.path.join(dirpath, name), root))
    for p in problems:
        print("check-layers: " + p, file=sys.stderr)
    if problems:
        print(f"check-layers: {len(problems)} forbidden include(s); see docs/architecture.md",
              file=sys.stderr)
        return 1
    print(f"check-layers: {files} files follow the dependency rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
