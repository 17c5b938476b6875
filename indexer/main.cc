// folio-index: reads folders of articles into a Folio index (a thin layer over folio::index_paths).
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "folio/analyzer.h"
#include "folio/config.h"
#include "folio/error.h"
#include "folio/index_writer.h"

namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct IndexerFlags {
  std::vector<std::filesystem::path> inputs;
  folio::IndexOptions options;
  bool quiet = false;
};

std::string language_list() {
  std::string s;
  for (const auto& l : folio::Analyzer::languages()) {
    s += (s.empty() ? "" : ", ") + l;
  }
  return s;
}

IndexerFlags parse_flags(int argc, char** argv) {
  cxxopts::Options spec("folio-index",
                        "Index folders of articles (.txt, .md, .html, .jsonl) "
                        "for folio-search.");
  spec.custom_help("[--db DIR] [--language NAME] [--quiet]");
  spec.positional_help("PATH...");
  spec.add_options()(
      "d,db", "index folder (default: $FOLIO_DB, else ./folio-db)",
      cxxopts::value<std::string>()->default_value(folio::default_db_path().string()))(
      "l,language",
      "stemming language of a new index: " + language_list() +
          " (default: english; an existing index keeps its own)",
      cxxopts::value<std::string>())("max-file-mb", "skip files larger than this many MB",
                                     cxxopts::value<std::uint64_t>()->default_value(
                                         std::to_string(folio::kDefaultMaxFileBytes >> 20)))(
      "q,quiet", "print only the summary line and errors")("version", "print the version")(
      "h,help", "print this help")("paths", "folders or files to index",
                                   cxxopts::value<std::vector<std::string>>());
  spec.parse_positional({"paths"});
  cxxopts::ParseResult args;
  try {
    args = spec.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(e.what());
  }
  if (args.count("help") != 0U) {
    std::cout << spec.help() << "\nRe-running over the same files replaces their articles "
              << "(an article's id is its path below the folder given).\n"
                 "Exit status: 0 when the run succeeded (even if some files were skipped), "
                 "1 on failure, 2 on bad usage.\n";
    std::exit(0);  // NOLINT(concurrency-mt-unsafe)
  }
  if (args.count("version") != 0U) {
    std::cout << "folio-index " << folio::kVersion << '\n';
    std::exit(0);  // NOLINT(concurrency-mt-unsafe)
  }
  IndexerFlags flags;
  if (args.count("paths") == 0U) {
    throw UsageError("no PATH to index");
  }
  for (const auto& p : args["paths"].as<std::vector<std::string>>()) {
    flags.inputs.emplace_back(p);
  }
  flags.options.db = args["db"].as<std::string>();
  if (args.count("language") != 0U) {
    flags.options.language = args["language"].as<std::string>();
  }
  flags.options.max_file_bytes = args["max-file-mb"].as<std::uint64_t>() << 20;
  flags.quiet = args.count("quiet") != 0U;
  return flags;
}

void print_report(std::ostream& out, const folio::IndexReport& r, const IndexerFlags& flags) {
  out << std::fixed << std::setprecision(2);
  out << "Indexed " << r.articles << " articles from " << r.files << " files ("
      << static_cast<double>(r.bytes) / 1e6 << " MB) in " << r.seconds << " s into "
      << flags.options.db.string() << '\n';
  out << "Skipped: " << r.skipped;
  const char* separator = " (";
  for (const auto& [reason, n] : r.skipped_by_reason) {
    out << separator << reason << ": " << n;
    separator = ", ";
  }
  out << (r.skipped_by_reason.empty() ? "" : ")") << '\n';
  if (r.converted != 0) {
    out << "Converted to UTF-8: " << r.converted << '\n';
  }
  out << "Errors: " << r.errors << '\n';
  out << "The index now holds " << r.total_articles << " articles.\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const IndexerFlags flags = parse_flags(argc, argv);
    const bool quiet = flags.quiet;
    const folio::IndexReport report =
        folio::index_paths(flags.inputs, flags.options, [quiet](const folio::Skip& s) {
          if (!s.reason.empty()) {
            std::cerr << "folio-index: skipped " << s.path << ": " << s.reason
                      << (s.detail.empty() ? "" : " (" + s.detail + ")") << '\n';
          } else if (!quiet) {
            std::cerr << "folio-index: " << s.path << ": " << s.detail << '\n';
          }
        });
    print_report(std::cout, report, flags);
    return 0;  // skipped files are reported, not fatal; failing to write the index throws
  } catch (const UsageError& e) {
    std::cerr << "folio-index: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "folio-index: " << e.what() << '\n';
    return 1;
  }
}
