// The request log of `folio-search serve --log`: one JSON line a request, and a summary of the
// searches in it (what `folio-search stats` prints).
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "folio/export.h"

namespace folio {

/// One request as the log records it.
struct LogEntry {
  std::int64_t time_ms = 0;  ///< when it was answered: milliseconds since 1970-01-01 UTC
  /// The route, never the raw path: "/api/search", "/api/article", "/healthz", "/metrics", "/"
  /// (the page and its files) or "other".
  std::string endpoint;
  int status = 0;                     ///< the HTTP status
  double ms = 0;                      ///< time taken to handle the request, in milliseconds
  std::optional<std::uint64_t> hits;  ///< searches answered (200) only: the matches, total
  /// A search's query and filters, when the server logs them (--log-queries); else absent.
  /// The filters are written only when given.
  std::optional<std::string> query;
  std::string category;
  std::string languages;  ///< the `lang` parameters, comma-separated
  std::string date_from;
  std::string date_to;
  std::string sort;
  std::uint64_t page = 0;  ///< 0: not given
};

/// `e` as one compact JSON object, without a newline:
/// {"time":"2026-12-05T14:00:00.123Z","endpoint":"/api/search","status":200,"ms":1.234,
/// "hits":42,"q":"…","category":"…","lang":"…","from":"…","to":"…","sort":"…","page":2}
/// (`ms` to the microsecond; `hits`, `q` and the filters only when set).
FOLIO_API std::string log_line(const LogEntry& e);

/// The entry a line of the log records, or nullopt when the line is not one (not a JSON object;
/// `time`, `endpoint`, `status` or `ms` missing or of the wrong type; a `time` that is not
/// UTC ISO 8601). Unknown members are ignored. Never throws on malformed input.
FOLIO_API std::optional<LogEntry> parse_log_line(std::string_view line);

/// Milliseconds since the epoch as UTC ISO 8601 with milliseconds: "2026-12-05T14:00:00.123Z".
FOLIO_API std::string format_utc_ms(std::int64_t ms);

/// A point in time given as a UTC date "2026-12-05" (its midnight), a date and time
/// "2026-12-05T14:00", "…T14:00:30", "…T14:00:30.5" (a space may stand for the T, a final Z is
/// allowed), or a duration back from `now_ms`: a whole number and s, m, h or d ("90s", "30m",
/// "24h", "7d"). Milliseconds since the epoch, or nullopt when malformed.
FOLIO_API std::optional<std::int64_t> parse_time_spec(std::string_view text, std::int64_t now_ms);

/// A query as the summary counts it: trimmed, each run of ASCII white space made one space,
/// Unicode full case folding ("  Huawei   5G " -> "huawei 5g").
FOLIO_API std::string normalize_logged_query(std::string_view query);

/// A query and how often it was searched.
struct QueryCount {
  std::string query;  ///< normalised (normalize_logged_query)
  std::uint64_t count = 0;
};

/// Which searches to summarise and how many queries to list.
struct QueryLogOptions {
  std::optional<std::int64_t> since_ms;  ///< only entries at or after this time
  std::optional<std::int64_t> until_ms;  ///< only entries before this time
  std::size_t top = 10;                  ///< queries listed in each top list
};

/// The searches of a log over a period. A search is an /api/search request answered with 200.
struct QueryLogSummary {
  std::uint64_t lines = 0;    ///< non-blank lines read
  std::uint64_t skipped = 0;  ///< non-blank lines that are not log entries (parse_log_line)
  std::uint64_t searches = 0;
  std::uint64_t zero_hit_searches = 0;  ///< searches whose `hits` is 0
  /// Searches logged without their query (the server ran without --log-queries): counted
  /// above, absent from the top lists.
  std::uint64_t without_query = 0;
  /// Latency of the searches (their `ms`), nearest-rank percentiles; 0 with no searches.
  double p50_ms = 0;
  double p99_ms = 0;
  /// The most frequent queries, most first, equal counts in byte order of the query.
  std::vector<QueryCount> top_queries;
  std::vector<QueryCount> top_zero_hit_queries;  ///< likewise, of the zero-hit searches
};

/// Reads a log line by line from `in` and summarises the searches in the period. Lines that
/// are not entries are counted in `skipped`, never fatal. Throws nothing of its own.
FOLIO_API QueryLogSummary summarize_query_log(std::istream& in, const QueryLogOptions& options);

}  // namespace folio
