#!/usr/bin/env python3
"""Builds and runs Folio's libFuzzer targets (tests/fuzz/<target>_fuzz.cc). See docs/fuzzing.md.

Run through scripts/fuzz:
    scripts/fuzz [--seconds N] [TARGET ...]   fuzz each target (all by default) for N seconds
    scripts/fuzz --ci                         what CI runs: every target over its seeds and
                                              regression inputs, then --seconds (5) of fuzzing

The build is clang's, in build-fuzz/ (or $FOLIO_FUZZ_BUILD_DIR): -O1 with line tables and
assertions on (Debug without -O0: libFuzzer's usual choice, several times faster than -O0 and
still exact stacks), the library and targets with -fsanitize=fuzzer-no-link,address,undefined.

A target starts from its seeds (tests/fuzz/seeds/<target>/, in the repository, and the sample
articles or format fixtures of MORE_SEEDS) and regression inputs
(tests/fuzz/regressions/<target>/: inputs that once crashed it), and keeps what it finds
in a working corpus outside the repository, build-fuzz/corpus/<target>/, which the next run
continues from. A crash, leak, timeout or out-of-memory input goes to
build-fuzz/artifacts/<target>/. Prints a table (target, seconds, executions, exec/s, corpus,
crashes), also written to build-fuzz/fuzz-summary.md; exits 1 when a target crashed. Python 3
stdlib only.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Inputs longer than this are cut: large enough for each format's seeds and the structures
# that matter (a zip's directory, a PDF's xref), small enough to keep executions fast.
MAX_LEN = {"pdf": 65536, "office": 65536, "epub": 65536, "zip": 65536, "warc": 65536,
           "mail": 32768, "html": 32768, "feed": 32768, "xml_tree": 32768, "text": 16384,
           "markdown": 16384, "jsonl": 16384, "charset": 16384, "snippet": 16384,
           "extract_protocol": 8192, "synonyms": 4096, "stub": 4096, "query": 2048,
           "server_params": 2048, "date": 256}
# Inputs the repository holds elsewhere that a target also starts from (libFuzzer reads
# folders recursively): the sample articles, the test fixtures of the binary formats.
FIXTURES = "tests/fixtures/formats/"
MORE_SEEDS = {"text": ["corpus"], "markdown": ["corpus"], "html": ["corpus"],
              "feed": ["tests/browser/fixtures"], "pdf": [FIXTURES + "pdf"],
              "office": [FIXTURES + "docx", FIXTURES + "odt"], "epub": [FIXTURES + "epub"],
              "zip": [FIXTURES + "docx", FIXTURES + "odt", FIXTURES + "epub"]}
# The dictionaries in tests/fuzz/dicts/ a target uses, when not its own name.
DICTS = {"office": "xml_tree", "epub": "xml_tree", "snippet": "query"}
LIBFUZZER = ["-rss_limit_mb=2048", "-timeout=20", "-print_final_stats=1"]


def targets_in_tree():
    return sorted(os.path.basename(p)[: -len("_fuzz.cc")]
                  for p in glob.glob(os.path.join(HERE, "*_fuzz.cc")))


def build(build_dir, targets):
    jobs = str(os.cpu_count() or 1)
    subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_CXX_COMPILER=clang++",
                    "-DCMAKE_BUILD_TYPE=Debug", "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only",
                    "-DFOLIO_FUZZ=ON", "-DFOLIO_BUILD_TESTS=OFF", "-DFOLIO_MIMALLOC=OFF"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "--parallel", jobs, "--target"]
                   + [t + "_fuzz" for t in targets], check=True)


def built(build_dir, targets):
    """Builds the targets; False (cmake has said why) when the build fails."""
    try:
        build(build_dir, targets)
    except subprocess.CalledProcessError:
        print("fuzz: the build in %s failed" % build_dir, file=sys.stderr)
        return False
    return True


def inputs_of(target):
    """The folders of inputs kept in the repository: seeds, regressions, fixtures."""
    folders = [os.path.join(HERE, "seeds", target), os.path.join(HERE, "regressions", target)]
    folders += [os.path.join(ROOT, d) for d in MORE_SEEDS.get(target, [])]
    return [d for d in folders if os.path.isdir(d)]


def artifacts(folder):
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def run(build_dir, target, seconds, replay_only, log):
    """Runs one target; returns its row of the table."""
    exe = os.path.join(build_dir, "tests", "fuzz", target + "_fuzz")
    corpus = os.path.join(build_dir, "corpus", target)
    found = os.path.join(build_dir, "artifacts", target)
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(found, exist_ok=True)
    before = artifacts(found)
    args = [exe, "-artifact_prefix=" + found + "/", "-max_len=%d" % MAX_LEN.get(target, 16384)]
    args += LIBFUZZER
    dictionary = os.path.join(HERE, "dicts", DICTS.get(target, target) + ".dict")
    if os.path.exists(dictionary):
        args.append("-dict=" + dictionary)
    # -runs=0 executes every input once and stops; else fuzz for the time given.
    args.append("-runs=0" if replay_only else "-max_total_time=%d" % seconds)
    args += [corpus] + inputs_of(target)
    env = dict(os.environ, UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1",
               ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "detect_leaks=1"))
    start = time.monotonic()
    with open(log, "w") as out:
        code = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT, env=env).returncode
    elapsed = time.monotonic() - start
    text = open(log, errors="replace").read()
    stat = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
    corp = re.findall(r"\bcorp: (\d+)/", text)
    new = sorted(artifacts(found) - before)
    return {"target": target, "seconds": elapsed,
            "execs": int(stat.get("number_of_executed_units", 0)),
            "corpus": int(corp[-1]) if corp else 0, "crashes": len(new) or (1 if code else 0),
            "artifacts": [os.path.join(found, a) for a in new], "log": log}


def table(rows):
    lines = ["| target | seconds | executions | exec/s | corpus | crashes |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        rate = r["execs"] / r["seconds"] if r["seconds"] > 0 else 0
        lines.append("| %s | %.0f | %d | %.0f | %d | %d |" % (
            r["target"], r["seconds"], r["execs"], rate, r["corpus"], r["crashes"]))
    total_s = sum(r["seconds"] for r in rows)
    total_x = sum(r["execs"] for r in rows)
    lines.append("| all | %.0f | %d | %.0f | %d | %d |" % (
        total_s, total_x, total_x / total_s if total_s else 0, sum(r["corpus"] for r in rows),
        sum(r["crashes"] for r in rows)))
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("targets", nargs="*", metavar="TARGET", help="targets to run (default: all)")
    p.add_argument("--seconds", type=int, default=None,
                   help="fuzzing time per target (default 60; 5 with --ci)")
    p.add_argument("--ci", action="store_true",
                   help="replay the seeds and regressions, then fuzz briefly")
    p.add_argument("--no-build", action="store_true", help="use the targets already built")
    a = p.parse_args()
    known = targets_in_tree()
    targets = a.targets or known
    unknown = [t for t in targets if t not in known]
    if unknown:
        p.error("no such target: %s (targets: %s)" % (", ".join(unknown), " ".join(known)))
    seconds = a.seconds if a.seconds is not None else (5 if a.ci else 60)
    build_dir = os.path.abspath(
        os.environ.get("FOLIO_FUZZ_BUILD_DIR", os.path.join(ROOT, "build-fuzz")))
    if not a.no_build and not built(build_dir, targets):
        return 1
    logs = os.path.join(build_dir, "logs")
    os.makedirs(logs, exist_ok=True)
    rows = []
    failed = []
    for t in targets:
        passes = ([("replay", True)] if a.ci else []) + ([("fuzz", False)] if seconds > 0 else [])
        for name, replay in passes:
            r = run(build_dir, t, seconds, replay, os.path.join(logs, "%s-%s.log" % (t, name)))
            state = "CRASHED" if r["crashes"] else "ok"
            print("fuzz: %-16s %-6s %s  %d executions in %.0f s"
                  % (t, name, state, r["execs"], r["seconds"]), flush=True)
            if r["crashes"]:
                failed.append(r)
                for art in r["artifacts"]:
                    print("fuzz:   input: " + art)
                print("fuzz:   log: " + r["log"])
            if not replay:
                rows.append(r)
            if r["crashes"]:
                break
    summary = table(rows)
    print(summary)
    with open(os.path.join(build_dir, "fuzz-summary.md"), "w") as f:
        f.write(summary + "\n")
    if failed:
        print("fuzz: %d run(s) crashed: %s" % (len(failed), ", ".join(r["target"] for r in failed)),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
