// The counters of `folio-search serve` and their Prometheus text exposition (format 0.0.4).
#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace folio::cli {
namespace {

constexpr std::array<std::string_view, kEndpoints> kEndpointNames = {
    "/api/search", "/api/article", "/healthz",        "/metrics",
    "/",           "/feed",        "/opensearch.xml", "other"};

// A number as Prometheus reads it, in the fewest digits that read back as the same double
// ("0.005", "1", "1764943200.123").
std::string number(double x) {
  char buf[32];
  if (x == std::floor(x) && std::fabs(x) < 1e15) {  // "10", not "1e+01"
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, x);
    if (std::strtod(buf, nullptr) == x) {
      break;
    }
  }
  return buf;
}

// A label value with \, " and newlines escaped.
std::string label_value(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

}  // namespace

std::string_view endpoint_name(Endpoint e) { return kEndpointNames[static_cast<std::size_t>(e)]; }

Metrics::Metrics()
    : started_(std::chrono::system_clock::now()),
      started_steady_(std::chrono::steady_clock::now()) {}

void Metrics::count_request(Endpoint e, int status, std::chrono::nanoseconds took) {
  PerEndpoint& p = endpoints_[static_cast<std::size_t>(e)];
  const int index = std::clamp(status, kMinStatus, kMinStatus + kStatuses - 1) - kMinStatus;
  p.requests[static_cast<std::size_t>(index)].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(took).count();
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kDurationBuckets.begin(), kDurationBuckets.end(), seconds) -
      kDurationBuckets.begin());  // the first bound >= seconds (le), or +Inf
  p.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  p.nanoseconds.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(0, took.count())),
                          std::memory_order_relaxed);
}

void Metrics::count_search(std::uint64_t hits) {
  searches_.fetch_add(1, std::memory_order_relaxed);
  if (hits == 0) {
    zero_hit_searches_.fetch_add(1, std::memory_order_relaxed);
  }
}

std::string Metrics::exposition(const IndexGauges& index, const ConnectionCounts& connections,
                                std::string_view version) const {
  std::string out;
  out.reserve(8192);
  header(out, "folio_http_requests_total", "counter",
         "HTTP requests answered, by route and status.");
  for (std::size_t e = 0; e < kEndpoints; ++e) {
    for (std::size_t s = 0; s < kStatuses; ++s) {
      const std::uint64_t n = endpoints_[e].requests[s].load(std::memory_order_relaxed);
      if (n != 0) {
        out.append("folio_http_requests_total{endpoint=\"")
            .append(kEndpointNames[e])
            .append("\",status=\"")
            .append(std::to_string(kMinStatus + static_cast<int>(s)))
            .append("\"} ")
            .append(std::to_string(n))
            .append("\n");
      }
    }
  }
  header(out, "folio_http_request_duration_seconds", "histogram",
         "Time to handle an HTTP request (until its answer is written), by route.");
  for (std::size_t e = 0; e < kEndpoints; ++e) {
    const PerEndpoint& p = endpoints_[e];
    const std::string labels = "endpoint=\"" + std::string(kEndpointNames[e]) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kDurationBuckets.size(); ++b) {
      cumulative += p.buckets[b].load(std::memory_order_relaxed);
      out.append("folio_http_request_duration_seconds_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(b < kDurationBuckets.size() ? number(kDurationBuckets[b]) : "+Inf")
          .append("\"} ")
          .append(std::to_string(cumulative))
          .append("\n");
    }
    // _count is the +Inf bucket read above, so the two always agree.
    out.append("folio_http_request_duration_seconds_sum{")
        .append(labels)
        .append("} ")
        .append(number(static_cast<double>(p.nanoseconds.load(std::memory_order_relaxed)) / 1e9))
        .append("\n");
    out.append("folio_http_request_duration_seconds_count{")
        .append(labels)
        .append("} ")
        .append(std::to_string(cumulative))
        .append("\n");
  }
  header(out, "folio_searches_total", "counter", "Searches answered (/api/search with 200).");
  out.append("folio_searches_total ")
      .append(std::to_string(searches_.load(std::memory_order_relaxed)))
      .append("\n");
  header(out, "folio_search_zero_hits_total", "counter", "Searches answered that matched nothing.");
  out.append("folio_search_zero_hits_total ")
      .append(std::to_string(zero_hit_searches_.load(std::memory_order_relaxed)))
      .append("\n");
  const auto metric = [&out](std::string_view name, std::string_view type, std::string_view help,
                             std::uint64_t value) {
    header(out, name, type, help);
    out.append(name).append(" ").append(std::to_string(value)).append("\n");
  };
  metric("folio_http_connections", "gauge", "HTTP connections open now.", connections.open);
  metric("folio_http_connections_total", "counter", "HTTP connections accepted.",
         connections.accepted);
  metric("folio_http_connections_refused_total", "counter",
         "HTTP connections answered 503 and closed: over --max-connections.", connections.refused);
  metric("folio_http_request_timeouts_total", "counter",
         "Requests answered 408: not whole within --request-timeout.", connections.timed_out);
  metric("folio_http_requests_over_limits_total", "counter",
         "Requests answered 411, 413, 414 or 431: over a size limit, before any route.",
         connections.over_limits);
  if (index.known) {
    header(out, "folio_index_articles", "gauge", "Articles in the index served.");
    out.append("folio_index_articles ").append(std::to_string(index.articles)).append("\n");
    header(out, "folio_index_generation", "gauge",
           "Generation of each index served (N of its gen-N folder; 0: not an index folder).");
    for (std::size_t i = 0; i < index.dbs.size() && i < index.generations.size(); ++i) {
      out.append("folio_index_generation{db=\"")
          .append(label_value(index.dbs[i].string()))
          .append("\"} ")
          .append(std::to_string(index.generations[i]))
          .append("\n");
    }
  }
  header(out, "process_start_time_seconds", "gauge",
         "Start time of the process since the Unix epoch, in seconds.");
  out.append("process_start_time_seconds ")
      .append(number(std::chrono::duration<double>(started_.time_since_epoch()).count()))
      .append("\n");
  header(out, "folio_uptime_seconds", "gauge", "Seconds since the server started.");
  out.append("folio_uptime_seconds ")
      .append(
          number(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_steady_)
                     .count()))
      .append("\n");
  header(out, "folio_build_info", "gauge", "The version of folio-search serving, as a label.");
  out.append("folio_build_info{version=\"").append(label_value(version)).append("\"} 1\n");
  return out;
}

}  // namespace folio::cli
