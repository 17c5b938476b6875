// folio-index: reads folders of articles into a Folio index (a thin layer over
// folio::run_indexing).
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <unistd.h>

#include "folio/analyzer.h"
#include "folio/config.h"
#include "folio/error.h"
#include "folio/indexing.h"

#include "summary.h"

namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct IndexerFlags {
  bool compact = false;
  bool watch = false;
  std::vector<std::filesystem::path> inputs;
  folio::IndexingOptions options;
  bool quiet = false;
  std::string stats_json;
};

std::string language_list() {
  std::string s;
  for (const auto& l : folio::Analyzer::languages()) {
    s += (s.empty() ? "" : ", ") + l;
  }
  return s;
}

cxxopts::Options make_spec() {
  cxxopts::Options spec(
      "folio-index",
      "Index folders of articles (.txt, .md, .html, .jsonl, .rss, .atom, "
      "feed .xml and .rdf, .eml, .mbox, .pdf, .docx, .odt, .epub, .warc, .warc.gz) "
      "for folio-search, or compact an index.");
  spec.custom_help(
      "[--db DIR] [--watch] [--rebuild] [--threads N] [--shards N] [--language NAME] [--no-pairs] "
      "[--synonyms FILE] "
      "[--quiet] "
      "[--stats-json FILE]");
  spec.positional_help("PATH... | compact");
  // clang-format off
  spec.add_options()
      ("d,db", "index folder (default: $FOLIO_DB, else ./folio-db)",
       cxxopts::value<std::string>()->default_value(folio::default_db_path().string()))
      ("rebuild", "build the index again from scratch instead of updating it")
      ("t,threads", "worker threads (default: one per core)",
       cxxopts::value<unsigned>()->default_value("0"))
      ("shards", "a new index (or --rebuild) in N shard databases, each article in the one its "
       "id hashes to, listed by a stub that every Xapian program opens (default: 1; an existing "
       "index keeps its count)", cxxopts::value<unsigned>()->default_value("0"))
      ("l,language", "how a new index analyses articles: auto (default: each in its own "
       "language, as the file declares it or as detected, English when neither says), none (no "
       "stemming), or one language for all, by code or name (de, german); stemmers: " +
       language_list() + " (an existing index keeps its setting)", cxxopts::value<std::string>())
      ("no-pairs", "a new index (or --rebuild) without word pairs: about 40% smaller and built "
       "twice as fast, but a query's words side by side in an article no longer count more (an "
       "existing index keeps its setting)")
      ("max-file-mb", "skip files (and JSONL lines) larger than this many MB",
       cxxopts::value<std::uint64_t>()->default_value(
           std::to_string(folio::kDefaultMaxFileBytes >> 20)))
      ("extract-timeout", "seconds a worker may spend on one PDF, DOCX, ODT, EPUB or WARC file "
       "before it is skipped", cxxopts::value<unsigned>()->default_value(
           std::to_string(folio::ExtractorOptions{}.timeout.count())))
      ("extract-memory-mb", "address space of a worker that parses such files, in MB (0: no "
       "limit; default: 2048)", cxxopts::value<std::uint64_t>())
      ("synonyms", "store the synonym groups of FILE in the index, replacing those stored "
       "before (see below)", cxxopts::value<std::string>())
      ("w,watch", "after indexing, follow the folders (inotify) and index each change as it "
       "happens, until SIGINT or SIGTERM")
      ("q,quiet", "no progress line and no notes; only the summary and skipped files")
      ("stats-json", "also write the summary as JSON to FILE", cxxopts::value<std::string>())
      ("version", "print the version")
      ("h,help", "print this help")
      ("paths", "folders or files to index", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  spec.parse_positional({"paths"});
  return spec;
}

void print_help(const cxxopts::Options& spec) {
  const folio::IndexingOptions defaults;
  std::cout << spec.help() << "\n"
            << "  folio-index [--db DIR] compact   rewrites the index smaller (Xapian "
               "compaction);\n"
               "                                   searches keep working meanwhile.\n\n"
               "Re-runs read only files whose size or modification time changed (then compare "
               "a\ncontent hash), and remove the articles of files that are gone from the "
               "folders given.\nAn article's id is its path below the folder given (JSONL: its "
               "\"id\"; an item of\na feed, mailbox or web archive: PATH#KEY).\nPDF, DOCX, ODT, "
               "EPUB and WARC files are parsed in worker processes (folio-extract)\nunder "
               "limits; a file whose worker crashes, hangs or passes a limit is skipped with\n"
               "the reason.\nBatch rule: each database being written commits every "
            << defaults.batch_articles << " articles or " << (defaults.batch_bytes >> 20)
            << " MB of text, whichever comes first,\nso memory stays bounded; an interrupted "
               "run leaves the index at its last commit,\nand the next run goes on from there "
               "(an interrupted first build or --rebuild too).\n\n"
               "Synonyms file: one group a line, entries separated by commas, e.g.\n"
               "  UK, United Kingdom, Britain\n"
               "An entry may be several words; a search for any entry also finds the others.\n"
               "Lines starting with '#' and blank lines are ignored. Runs without --synonyms keep\n"
               "the stored groups.\n\nExit status: 0 when the run "
               "succeeded (even if some files were skipped), 1 on failure,\n2 on bad usage.\n";
}

// The flags' values, checked.
IndexerFlags indexer_flags(const cxxopts::ParseResult& args) {
  IndexerFlags flags;
  std::vector<std::string> paths;
  if (args.count("paths") != 0U) {
    paths = args["paths"].as<std::vector<std::string>>();
  }
  if (paths.size() == 1 && paths[0] == "compact") {
    flags.compact = true;
  } else if (paths.empty()) {
    throw UsageError("no PATH to index");
  }
  for (const auto& p : paths) {
    flags.inputs.emplace_back(p);
  }
  flags.options.db = args["db"].as<std::string>();
  if (args.count("language") != 0U) {
    flags.options.language = args["language"].as<std::string>();
  }
  if (args.count("no-pairs") != 0U) {
    flags.options.pairs = false;
  }
  flags.options.max_file_bytes = args["max-file-mb"].as<std::uint64_t>() << 20;
  flags.options.extractor.timeout = std::chrono::seconds(args["extract-timeout"].as<unsigned>());
  if (flags.options.extractor.timeout.count() == 0) {
    throw UsageError("--extract-timeout must be at least 1 second");
  }
  if (args.count("extract-memory-mb") != 0U) {
    flags.options.extractor.memory_bytes = args["extract-memory-mb"].as<std::uint64_t>() << 20;
  }
  flags.options.threads = args["threads"].as<unsigned>();
  flags.options.shards = args["shards"].as<unsigned>();
  flags.options.rebuild = args.count("rebuild") != 0U;
  if (args.count("synonyms") != 0U) {
    flags.options.synonyms = args["synonyms"].as<std::string>();
  }
  flags.quiet = args.count("quiet") != 0U;
  flags.watch = args.count("watch") != 0U;
  if (flags.watch && flags.compact) {
    throw UsageError("--watch indexes folders; it does not go with compact");
  }
  if (args.count("stats-json") != 0U) {
    flags.stats_json = args["stats-json"].as<std::string>();
  }
  return flags;
}

IndexerFlags parse_flags(int argc, char** argv) {
  cxxopts::Options spec = make_spec();
  cxxopts::ParseResult args;
  try {
    args = spec.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(e.what());
  }
  if (args.count("help") != 0U) {
    print_help(spec);
    std::exit(0);  // NOLINT(concurrency-mt-unsafe)
  }
  if (args.count("version") != 0U) {
    std::cout << "folio-index " << folio::kVersion << '\n';
    std::exit(0);  // NOLINT(concurrency-mt-unsafe)
  }
  return indexer_flags(args);
}

void write_stats(const folio::IndexingReport& report, const IndexerFlags& flags) {
  if (flags.stats_json.empty()) {
    return;
  }
  std::ofstream out(flags.stats_json);
  out << to_json(report, flags.options.db) << '\n';
  if (!out) {
    throw folio::Error("cannot write '" + flags.stats_json + "'");
  }
}

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int /*signal*/) { g_stop.store(true); }

// --watch: the first run's report, then a line a run, until SIGINT or SIGTERM.
int watch(IndexerFlags& flags) {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  flags.options.stop = &g_stop;
  bool first = true;
  folio::WatchOptions w;
  w.on_run = [&](const folio::IndexingReport& r) {
    if (first) {
      print_report(std::cout, r, flags.options.db);
      std::cout << "Watching for changes (SIGINT or SIGTERM stops)\n";
      first = false;
    } else {
      print_run_line(std::cout, r);
    }
    std::cout << std::flush;
    write_stats(r, flags);
  };
  w.on_error = [](const std::string& message) {
    std::cerr << "folio-index: " << message << " (still watching)\n";
  };
  folio::watch_indexing(flags.inputs, flags.options, w, skip_printer(flags.quiet, false));
  std::cout << "Stopped watching.\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    IndexerFlags flags = parse_flags(argc, argv);
    if (flags.compact) {
      const folio::CompactReport c = folio::compact_index(flags.options.db);
      std::cout << std::fixed << std::setprecision(2) << "Compacted " << flags.options.db.string()
                << " from " << static_cast<double>(c.bytes_before) / 1e6 << " MB to "
                << static_cast<double>(c.bytes_after) / 1e6 << " MB in " << c.seconds << " s";
      if (c.bounded_terms > 0) {
        std::cout << " (score bounds kept for " << c.bounded_terms << " terms)";
      }
      std::cout << '\n';
      return 0;
    }
    if (flags.watch) {
      return watch(flags);
    }
    const bool live = !flags.quiet && isatty(STDERR_FILENO) != 0;
    if (live) {
      flags.options.progress = show_progress;
    }
    const folio::IndexingReport report =
        folio::run_indexing(flags.inputs, flags.options, skip_printer(flags.quiet, live));
    if (live) {
      std::cerr << "\r\033[K" << std::flush;
    }
    print_report(std::cout, report, flags.options.db);
    write_stats(report, flags);
    return 0;  // skipped files are reported, not fatal; failing to write the index throws
  } catch (const UsageError& e) {
    std::cerr << "folio-index: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "folio-index: " << e.what() << '\n';
    return 1;
  }
}
