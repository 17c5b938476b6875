// The request log of `folio-search serve --log` (JSON lines) and the summary of its searches.
#include "folio/query_log.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include <rapidjson/document.h>

#include "folio/json_writer.h"

#include "text/unicode.h"

namespace folio {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The inverse: year, month, day of a day number.
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `digits` decimal digits at `s[at]`, advancing `at`.
bool read_digits(std::string_view s, std::size_t& at, std::size_t digits, unsigned& out) {
  if (at + digits > s.size()) {
    return false;
  }
  out = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = s[at + i];
    if (c < '0' || c > '9') {
      return false;
    }
    out = out * 10 + static_cast<unsigned>(c - '0');
  }
  at += digits;
  return true;
}

bool expect(std::string_view s, std::size_t& at, char c) {
  if (at < s.size() && s[at] == c) {
    ++at;
    return true;
  }
  return false;
}

// "YYYY-MM-DD" optionally followed by ("T" or " ") "HH:MM[:SS[.fff]]" and an optional "Z".
// Only the date and the time are required to be exactly as written; nothing may follow.
std::optional<std::int64_t> parse_utc(std::string_view s) {
  std::size_t at = 0;
  unsigned year = 0, month = 0, day = 0;
  if (!read_digits(s, at, 4, year) || !expect(s, at, '-') || !read_digits(s, at, 2, month) ||
      !expect(s, at, '-') || !read_digits(s, at, 2, day) || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month)) {
    return std::nullopt;
  }
  std::int64_t ms = days_from_civil(year, month, day) * kMsPerDay;
  if (at == s.size()) {
    return ms;
  }
  if (s[at] != 'T' && s[at] != ' ') {
    return std::nullopt;
  }
  ++at;
  unsigned hour = 0, minute = 0, second = 0;
  if (!read_digits(s, at, 2, hour) || !expect(s, at, ':') || !read_digits(s, at, 2, minute) ||
      hour > 23 || minute > 59) {
    return std::nullopt;
  }
  std::int64_t fraction_ms = 0;
  if (expect(s, at, ':')) {
    if (!read_digits(s, at, 2, second) || second > 60) {
      return std::nullopt;
    }
    if (expect(s, at, '.')) {
      std::int64_t scale = 100;
      const std::size_t first = at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        fraction_ms += (s[at] - '0') * scale;
        scale /= 10;
        ++at;
      }
      if (at == first) {
        return std::nullopt;
      }
    }
  }
  expect(s, at, 'Z');
  if (at != s.size()) {
    return std::nullopt;
  }
  return ms + ((hour * 60 + minute) * 60 + second) * std::int64_t{1000} + fraction_ms;
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* v = member(object, name);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength())
                                       : std::string();
}

// Most first, equal counts by query; at most `top`.
std::vector<QueryCount> top_of(const std::map<std::string, std::uint64_t>& counts,
                               std::size_t top) {
  std::vector<QueryCount> out;
  out.reserve(counts.size());
  for (const auto& [query, count] : counts) {
    out.push_back({query, count});
  }
  std::stable_sort(out.begin(), out.end(), [](const QueryCount& a, const QueryCount& b) {
    return a.count > b.count;  // the map gave them in byte order: stable keeps it for ties
  });
  out.resize(std::min(out.size(), top));
  return out;
}

// The nearest-rank percentile `p` (0-100] of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

std::string format_utc_ms(std::int64_t ms) {
  std::int64_t days = ms / kMsPerDay;
  std::int64_t rest = ms % kMsPerDay;
  if (rest < 0) {
    rest += kMsPerDay;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rest / 3'600'000),
                static_cast<long long>(rest / 60'000 % 60),
                static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
  return buf;
}

std::string log_line(const LogEntry& e) {
  JsonWriter w;
  w.begin_object().field("time", format_utc_ms(e.time_ms)).field("endpoint", e.endpoint);
  w.key("status").integer(e.status);
  w.key("ms").real(std::round(e.ms * 1000) / 1000);
  if (e.hits) {
    w.key("hits").uint(*e.hits);
  }
  if (e.query) {
    w.field("q", *e.query);
    for (const auto& [name, value] :
         {std::pair{"category", &e.category}, std::pair{"lang", &e.languages},
          std::pair{"from", &e.date_from}, std::pair{"to", &e.date_to},
          std::pair{"sort", &e.sort}}) {
      if (!value->empty()) {
        w.field(name, *value);
      }
    }
    if (e.page != 0) {
      w.key("page").uint(e.page);
    }
  }
  w.end_object();
  return w.str();
}

std::optional<LogEntry> parse_log_line(std::string_view line) {
  rapidjson::Document doc;
  doc.Parse(line.data(), line.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return std::nullopt;
  }
  const rapidjson::Value* time = member(doc, "time");
  const rapidjson::Value* endpoint = member(doc, "endpoint");
  const rapidjson::Value* status = member(doc, "status");
  const rapidjson::Value* ms = member(doc, "ms");
  if (time == nullptr || !time->IsString() || endpoint == nullptr || !endpoint->IsString() ||
      status == nullptr || !status->IsInt() || ms == nullptr || !ms->IsNumber()) {
    return std::nullopt;
  }
  const std::optional<std::int64_t> when =
      parse_utc(std::string_view(time->GetString(), time->GetStringLength()));
  if (!when) {
    return std::nullopt;
  }
  LogEntry e;
  e.time_ms = *when;
  e.endpoint.assign(endpoint->GetString(), endpoint->GetStringLength());
  e.status = status->GetInt();
  e.ms = ms->GetDouble();
  if (const rapidjson::Value* hits = member(doc, "hits"); hits != nullptr && hits->IsUint64()) {
    e.hits = hits->GetUint64();
  }
  if (const rapidjson::Value* q = member(doc, "q"); q != nullptr && q->IsString()) {
    e.query = std::string(q->GetString(), q->GetStringLength());
  }
  e.category = string_member(doc, "category");
  e.languages = string_member(doc, "lang");
  e.date_from = string_member(doc, "from");
  e.date_to = string_member(doc, "to");
  e.sort = string_member(doc, "sort");
  if (const rapidjson::Value* page = member(doc, "page"); page != nullptr && page->IsUint64()) {
    e.page = page->GetUint64();
  }
  return e;
}

std::optional<std::int64_t> parse_time_spec(std::string_view text, std::int64_t now_ms) {
  if (text.size() >= 2) {
    std::int64_t unit = 0;
    switch (text.back()) {
      case 's':
        unit = 1000;
        break;
      case 'm':
        unit = 60'000;
        break;
      case 'h':
        unit = 3'600'000;
        break;
      case 'd':
        unit = kMsPerDay;
        break;
      default:
        break;
    }
    std::uint32_t n = 0;
    const char* end = text.data() + text.size() - 1;
    if (const auto [ptr, ec] = std::from_chars(text.data(), end, n);
        unit != 0 && ec == std::errc() && ptr == end) {
      return now_ms - static_cast<std::int64_t>(n) * unit;
    }
  }
  return parse_utc(text);
}

std::string normalize_logged_query(std::string_view query) {
  std::string collapsed;
  bool space = false;
  for (const char c : query) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !collapsed.empty();
    } else {
      if (space) {
        collapsed += ' ';
        space = false;
      }
      collapsed += c;
    }
  }
  return text::fold_case(collapsed);
}

QueryLogSummary summarize_query_log(std::istream& in, const QueryLogOptions& options) {
  QueryLogSummary s;
  std::vector<double> latencies;
  std::map<std::string, std::uint64_t> queries;
  std::map<std::string, std::uint64_t> zero_hit_queries;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    ++s.lines;
    const std::optional<LogEntry> e = parse_log_line(line);
    if (!e) {
      ++s.skipped;
      continue;
    }
    if (e->endpoint != "/api/search" || e->status != 200 ||
        (options.since_ms && e->time_ms < *options.since_ms) ||
        (options.until_ms && e->time_ms >= *options.until_ms)) {
      continue;
    }
    ++s.searches;
    latencies.push_back(e->ms);
    const bool zero = e->hits && *e->hits == 0;
    s.zero_hit_searches += zero ? 1 : 0;
    if (!e->query) {
      ++s.without_query;
      continue;
    }
    const std::string q = normalize_logged_query(*e->query);
    if (q.empty()) {  // filters only: no query to list
      continue;
    }
    ++queries[q];
    if (zero) {
      ++zero_hit_queries[q];
    }
  }
  std::sort(latencies.begin(), latencies.end());
  s.p50_ms = percentile(latencies, 50);
  s.p99_ms = percentile(latencies, 99);
  s.top_queries = top_of(queries, options.top);
  s.top_zero_hit_queries = top_of(zero_hit_queries, options.top);
  return s;
}

}  // namespace folio
