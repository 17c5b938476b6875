// `folio-search stats`: reads a request log, prints the summary of its searches.
#include "stats.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include <cxxopts.hpp>

#include "folio/json_writer.h"
#include "folio/query_log.h"

namespace folio::cli {
namespace {

struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

std::optional<std::int64_t> when(const cxxopts::ParseResult& args, const char* name,
                                 std::int64_t now_ms) {
  if (args.count(name) == 0U) {
    return std::nullopt;
  }
  const std::string text = args[name].as<std::string>();
  const std::optional<std::int64_t> t = parse_time_spec(text, now_ms);
  if (!t) {
    throw UsageError("--" + std::string(name) +
                     " must be a date (2026-12-05), a date and time (2026-12-05T14:00) or a "
                     "duration back from now (30m, 24h, 7d), not '" +
                     text + "'");
  }
  return t;
}

void write_counts(JsonWriter& w, const std::vector<QueryCount>& counts) {
  w.begin_array();
  for (const QueryCount& c : counts) {
    w.begin_object().field("query", c.query).key("count").uint(c.count).end_object();
  }
  w.end_array();
}

std::string json(const QueryLogSummary& s, const QueryLogOptions& o) {
  JsonWriter w(true);
  w.begin_object().key("since");
  o.since_ms ? w.string(format_utc_ms(*o.since_ms)) : w.null();
  w.key("until");
  o.until_ms ? w.string(format_utc_ms(*o.until_ms)) : w.null();
  w.key("lines").uint(s.lines).key("skipped").uint(s.skipped);
  w.key("searches").uint(s.searches).key("zero_hit_searches").uint(s.zero_hit_searches);
  w.key("zero_hit_share")
      .real(s.searches == 0
                ? 0.0
                : static_cast<double>(s.zero_hit_searches) / static_cast<double>(s.searches));
  w.key("without_query").uint(s.without_query);
  w.key("latency_ms").begin_object().key("p50").real(s.p50_ms).key("p99").real(s.p99_ms);
  w.end_object();
  w.key("top_queries");
  write_counts(w, s.top_queries);
  w.key("top_zero_hit_queries");
  write_counts(w, s.top_zero_hit_queries);
  w.end_object();
  return w.str();
}

void print_counts(std::ostream& out, const char* title, const std::vector<QueryCount>& counts) {
  out << '\n' << title << (counts.empty() ? " none\n" : "\n");
  for (const QueryCount& c : counts) {
    char count[32];
    std::snprintf(count, sizeof count, "%8llu  ", static_cast<unsigned long long>(c.count));
    out << count << c.query << '\n';
  }
}

void print_text(std::ostream& out, const QueryLogSummary& s, const QueryLogOptions& o) {
  out << "period:             "
      << (o.since_ms ? format_utc_ms(*o.since_ms) : std::string("the beginning")) << " to "
      << (o.until_ms ? format_utc_ms(*o.until_ms) : std::string("the end")) << '\n';
  char line[160];
  std::snprintf(line, sizeof line, "searches:           %llu\n",
                static_cast<unsigned long long>(s.searches));
  out << line;
  std::snprintf(line, sizeof line, "zero-hit searches:  %llu (%.1f%%)\n",
                static_cast<unsigned long long>(s.zero_hit_searches),
                s.searches == 0 ? 0.0
                                : 100.0 * static_cast<double>(s.zero_hit_searches) /
                                      static_cast<double>(s.searches));
  out << line;
  std::snprintf(line, sizeof line, "latency:            p50 %.3f ms, p99 %.3f ms\n", s.p50_ms,
                s.p99_ms);
  out << line;
  if (s.without_query != 0) {
    out << "without the query:  " << s.without_query
        << " (logged without --log-queries: not in the lists below)\n";
  }
  out << "skipped lines:      " << s.skipped << " (not request log lines)\n";
  print_counts(out, "top queries:", s.top_queries);
  print_counts(out, "top zero-hit queries:", s.top_zero_hit_queries);
}

}  // namespace

int stats_main(int argc, char** argv) {
  cxxopts::Options spec("folio-search stats",
                        "Summarise the searches of a request log written by "
                        "`folio-search serve --log --log-queries`.");
  // clang-format off
  spec.add_options()
      ("log", "the log to read: FILE, or - for stdin (journalctl -u folio-search -o cat | "
       "folio-search stats --log -)", cxxopts::value<std::string>()->default_value("-"), "FILE")
      ("since", "only requests at or after WHEN: a UTC date or date and time "
       "(2026-12-05, 2026-12-05T14:00), or a duration back from now (30m, 24h, 7d)",
       cxxopts::value<std::string>(), "WHEN")
      ("until", "only requests before WHEN (as --since)", cxxopts::value<std::string>(), "WHEN")
      ("top", "queries listed in each top list", cxxopts::value<std::size_t>()->default_value("10"),
       "N")
      ("json", "print one JSON object instead of text")
      ("h,help", "print this help");
  // clang-format on
  try {
    const cxxopts::ParseResult args = spec.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::cout << spec.help();
      return 0;
    }
    if (!args.unmatched().empty()) {
      throw UsageError("unexpected argument '" + args.unmatched().front() + "'");
    }
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    QueryLogOptions options;
    options.since_ms = when(args, "since", now_ms);
    options.until_ms = when(args, "until", now_ms);
    options.top = args["top"].as<std::size_t>();
    const std::string path = args["log"].as<std::string>();
    QueryLogSummary summary;
    if (path == "-") {
      summary = summarize_query_log(std::cin, options);
    } else {
      std::ifstream in(path);
      if (!in) {
        std::cerr << "folio-search stats: cannot read the log '" << path << "'\n";
        return 1;
      }
      summary = summarize_query_log(in, options);
    }
    if (args["json"].as<bool>()) {
      std::cout << json(summary, options) << '\n';
    } else {
      print_text(std::cout, summary, options);
    }
    return 0;
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "folio-search stats: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "folio-search stats: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "folio-search stats: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace folio::cli
