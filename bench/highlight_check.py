#!/usr/bin/python3
"""Share of snippets showing a highlight among the hits whose body contains a query word.

    highlight_check.py DOCS.jsonl SNIPPETS.tsv QUERIES.tsv   -> prints one JSON object

An engine-independent check for bench-snippets: words are lower-cased runs of ASCII letters
and digits, stemmed with Snowball English (python3-xapian, Debian's /usr/bin/python3), and
Lucene's 33 stop words are ignored. A hit "has a query word in its body" when a query stem is
among its body's stems; SNIPPETS.tsv has qid, rank, id, title, snippet (<b> highlights).
"""
import json
import re
import sys

import xapian

STOP = set("a an and are as at be but by for if in into is it no not of on or such that the "
           "their then there these they this to was will with".split())


def main():
    docs_file, snippets_file, queries_file = sys.argv[1:4]
    stem = xapian.Stem("english")

    def stems(text):
        return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP}

    with open(queries_file, encoding="utf-8") as f:
        queries = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)
    with open(snippets_file, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    wanted = {r[2] for r in rows if len(r) >= 5}
    bodies = {}
    with open(docs_file, encoding="utf-8") as f:
        for line in f:
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if d.get("id") in wanted:
                bodies[d["id"]] = d.get("text") or ""
    with_word = shown = 0
    for r in rows:
        if len(r) >= 5 and stems(queries.get(r[0], "")) & stems(bodies.get(r[2], "")):
            with_word += 1
            shown += "<b>" in r[4]
    print(json.dumps({"snippets": len(rows), "body_has_query_word": with_word,
                      "highlighted_when_body_has_word": shown / with_word if with_word else None}))


if __name__ == "__main__":
    main()
