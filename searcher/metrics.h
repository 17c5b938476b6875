// What `folio-search serve` counts for /metrics, and the Prometheus text exposition of it.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace folio::cli {

/// The routes requests are counted by: labels are these templates, never raw paths.
enum class Endpoint : std::uint8_t {
  search,
  article,
  healthz,
  metrics,
  page,
  feed,
  opensearch,
  other
};
inline constexpr std::size_t kEndpoints = 8;

/// The route's name in labels and the log: "/api/search", "/api/article", "/healthz",
/// "/metrics", "/" (the page and its files), "/feed", "/opensearch.xml", "other".
std::string_view endpoint_name(Endpoint e);

/// The upper bounds (seconds) of the request duration histogram's buckets, then +Inf.
inline constexpr std::array<double, 14> kDurationBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

/// What the exposition reads from the index at scrape time (absent when it cannot be read).
struct IndexGauges {
  bool known = false;
  std::uint64_t articles = 0;
  std::vector<std::filesystem::path> dbs;  ///< as given (--db)
  std::vector<std::uint64_t> generations;  ///< one a db (folio::Searcher::generations)
};

/// What the server's connections did (HttpServer::counts), read at scrape time.
struct ConnectionCounts {
  std::uint64_t open = 0;         ///< now
  std::uint64_t accepted = 0;     ///< since start
  std::uint64_t refused = 0;      ///< answered 503 and closed: over the connection cap
  std::uint64_t timed_out = 0;    ///< answered 408 and closed: a request too slow to arrive
  std::uint64_t over_limits = 0;  ///< answered 411, 413, 414 or 431 before any handler
};

/// Request and search counters. Every update is a few relaxed atomic additions, no lock and no
/// allocation; thread-safe. Statuses outside 100-599 are counted as 599 (none are expected).
class Metrics {
 public:
  Metrics();

  /// One request answered: its route, HTTP status and handling time.
  void count_request(Endpoint e, int status, std::chrono::nanoseconds took);
  /// One search answered (200), with its total matches.
  void count_search(std::uint64_t hits);

  /// Everything counted, with the index gauges, the connections, uptime and build info, in the
  /// Prometheus text exposition format 0.0.4: each metric with # HELP and # TYPE.
  std::string exposition(const IndexGauges& index, const ConnectionCounts& connections,
                         std::string_view version) const;

 private:
  static constexpr int kMinStatus = 100;
  static constexpr int kStatuses = 500;  // 100-599
  struct PerEndpoint {
    std::array<std::atomic<std::uint64_t>, kStatuses> requests{};
    std::array<std::atomic<std::uint64_t>, kDurationBuckets.size() + 1> buckets{};  // not cumulated
    std::atomic<std::uint64_t> nanoseconds{0};
  };
  std::array<PerEndpoint, kEndpoints> endpoints_;
  std::atomic<std::uint64_t> searches_{0};
  std::atomic<std::uint64_t> zero_hit_searches_{0};
  std::chrono::system_clock::time_point started_;
  std::chrono::steady_clock::time_point started_steady_;  // for the uptime, which never jumps
};

}  // namespace folio::cli
