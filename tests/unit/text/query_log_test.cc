// Tests of the request log: its lines written and read, times, query normalisation, the summary.
#include "folio/query_log.h"

#include <sstream>

#include <gtest/gtest.h>

namespace folio {
namespace {

TEST(QueryLogTest, FormatsUtcTimesWithMilliseconds) {
  struct Case {
    std::int64_t ms;
    const char* expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {0, "1970-01-01T00:00:00.000Z"},
           {1, "1970-01-01T00:00:00.001Z"},
           {951782400000, "2000-02-29T00:00:00.000Z"},
           {1796479200123, "2026-12-05T14:00:00.123Z"},
           {-1, "1969-12-31T23:59:59.999Z"},
       }) {
    EXPECT_EQ(format_utc_ms(c.ms), c.expected) << c.ms;
  }
}

TEST(QueryLogTest, ReadsTimesAndDurations) {
  const std::int64_t now = 1796479200123;  // 2026-12-05T14:00:00.123Z
  struct Case {
    const char* text;
    std::optional<std::int64_t> expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"2026-12-05", 1796428800000},
           {"2026-12-05T14:00", 1796479200000},
           {"2026-12-05 14:00:00", 1796479200000},
           {"2026-12-05T14:00:00.123Z", 1796479200123},
           {"2026-12-05T14:00:00.5", 1796479200500},
           {"2000-02-29", 951782400000},
           {"30m", now - 30 * 60'000},
           {"24h", now - 24 * 3'600'000},
           {"7d", now - 7 * 86'400'000LL},
           {"90s", now - 90'000},
           {"2026-02-29", std::nullopt},  // not a leap year
           {"2026-13-01", std::nullopt},
           {"2026-12-05T24:00", std::nullopt},
           {"2026-12-5", std::nullopt},
           {"2026-12-05T14", std::nullopt},
           {"2026-12-05T14:00+01:00", std::nullopt},  // UTC only
           {"7w", std::nullopt},
           {"d", std::nullopt},
           {"-7d", std::nullopt},
           {"", std::nullopt},
       }) {
    EXPECT_EQ(parse_time_spec(c.text, now), c.expected) << c.text;
  }
}

TEST(QueryLogTest, WritesALineAndReadsItBack) {
  LogEntry e;
  e.time_ms = 1796479200123;
  e.endpoint = "/api/search";
  e.status = 200;
  e.ms = 1.23449;
  e.hits = 42;
  EXPECT_EQ(log_line(e),
            R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/api/search","status":200,)"
            R"("ms":1.234,"hits":42})");
  e.query = "huawei \"5g\"";
  e.category = "technology";
  e.languages = "en,de";
  e.date_to = "2020";
  e.page = 2;
  const std::string line = log_line(e);
  EXPECT_EQ(line, R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/api/search","status":200,)"
                  R"("ms":1.234,"hits":42,"q":"huawei \"5g\"","category":"technology",)"
                  R"("lang":"en,de","to":"2020","page":2})");
  const std::optional<LogEntry> back = parse_log_line(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->time_ms, e.time_ms);
  EXPECT_EQ(back->endpoint, "/api/search");
  EXPECT_EQ(back->status, 200);
  EXPECT_DOUBLE_EQ(back->ms, 1.234);
  EXPECT_EQ(back->hits, 42U);
  EXPECT_EQ(back->query, "huawei \"5g\"");
  EXPECT_EQ(back->category, "technology");
  EXPECT_EQ(back->languages, "en,de");
  EXPECT_EQ(back->date_from, "");
  EXPECT_EQ(back->date_to, "2020");
  EXPECT_EQ(back->page, 2U);
}

TEST(QueryLogTest, RefusesLinesThatAreNotLogEntries) {
  for (const char* line : {
           "",
           "not json",
           "[1,2]",
           "{}",
           R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/healthz","status":200})",  // no ms
           R"({"time":"yesterday","endpoint":"/healthz","status":200,"ms":1})",
           R"({"time":"2026-12-05T14:00:00.123Z","endpoint":7,"status":200,"ms":1})",
           R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/","status":"200","ms":1})",
           R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/","status":200,"ms":1} trailing)",
           R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/","status":200,"ms":1)",
       }) {
    EXPECT_FALSE(parse_log_line(line)) << line;
  }
  EXPECT_TRUE(
      parse_log_line(R"({"time":"2026-12-05T14:00:00.123Z","endpoint":"/","status":200,"ms":1})"));
}

TEST(QueryLogTest, NormalisesQueriesByTrimmingCollapsingAndFoldingCase) {
  struct Case {
    const char* query;
    const char* expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"  Huawei \t  5G \n", "huawei 5g"},
           {"ÖKONOMIE", "ökonomie"},
           {"STRASSE Straße", "strasse strasse"},
           {"", ""},
           {"   ", ""},
       }) {
    EXPECT_EQ(normalize_logged_query(c.query), c.expected) << c.query;
  }
}

// A search line of the log at `time` ("2026-12-05T10:00:00.000Z").
std::string search(const std::string& time, const std::string& q, int hits, double ms) {
  LogEntry e;
  e.time_ms = *parse_time_spec(time, 0);
  e.endpoint = "/api/search";
  e.status = 200;
  e.ms = ms;
  e.hits = hits;
  e.query = q;
  return log_line(e) + "\n";
}

TEST(QueryLogTest, SummarisesTheSearchesOfAPeriod) {
  std::string log;
  // 100 searches in the period, latencies 1..100 ms: p50 is the 50th, p99 the 99th.
  for (int i = 1; i <= 100; ++i) {
    std::string q = "q" + std::to_string(i);
    q = i <= 3 ? "Huawei 5G" : i <= 5 ? "brexit" : i <= 7 ? "apple" : q;
    log += search("2026-12-05T10:00:00", q, i >= 6 && i <= 7 ? 0 : 5, i);
  }
  log += search("2026-12-05T11:00:00", "  HUAWEI  5g", 0, 0.5);  // the 101st; zero hits
  log += search("2026-12-05T11:00:00", "zebra", 0, 0.5);
  log += search("2026-12-05T11:00:00", "", 0, 0.5);             // filters only: counted, not listed
  log += search("2026-12-04T23:59:59.999", "before", 0, 1000);  // outside the period
  log += search("2026-12-06T00:00:00", "after", 0, 1000);       // until is exclusive
  log += R"({"time":"2026-12-05T10:00:00.000Z","endpoint":"/api/search","status":400,"ms":1})"
         "\n";  // not a search answered
  log += R"({"time":"2026-12-05T10:00:00.000Z","endpoint":"/api/search","status":200,"ms":2,)"
         R"("hits":3})"
         "\n";  // logged without its query
  log += R"({"time":"2026-12-05T10:00:00.000Z","endpoint":"/healthz","status":200,"ms":1})"
         "\n\n   \nfolio-search: serving 24 articles\n{\"time\": 5}\n";
  std::istringstream in(log);
  QueryLogOptions o;
  o.since_ms = parse_time_spec("2026-12-05", 0);
  o.until_ms = parse_time_spec("2026-12-06", 0);
  o.top = 3;
  const QueryLogSummary s = summarize_query_log(in, o);
  EXPECT_EQ(s.lines, 110U);
  EXPECT_EQ(s.skipped, 2U);
  EXPECT_EQ(s.searches, 104U);
  EXPECT_EQ(s.zero_hit_searches, 5U);  // apple twice, HUAWEI, zebra, the empty query
  EXPECT_EQ(s.without_query, 1U);
  EXPECT_DOUBLE_EQ(s.p50_ms, 48);  // the 52nd of 104 sorted: 0.5 (3), 1, 2 (2), 3, ...
  EXPECT_DOUBLE_EQ(s.p99_ms, 99);  // the 103rd
  ASSERT_EQ(s.top_queries.size(), 3U);
  EXPECT_EQ(s.top_queries[0].query, "huawei 5g");
  EXPECT_EQ(s.top_queries[0].count, 4U);
  EXPECT_EQ(s.top_queries[1].query, "apple");  // ties with brexit: in byte order
  EXPECT_EQ(s.top_queries[1].count, 2U);
  EXPECT_EQ(s.top_queries[2].query, "brexit");
  ASSERT_EQ(s.top_zero_hit_queries.size(), 3U);
  EXPECT_EQ(s.top_zero_hit_queries[0].query, "apple");
  EXPECT_EQ(s.top_zero_hit_queries[0].count, 2U);
  EXPECT_EQ(s.top_zero_hit_queries[1].query, "huawei 5g");
  EXPECT_EQ(s.top_zero_hit_queries[1].count, 1U);
  EXPECT_EQ(s.top_zero_hit_queries[2].query, "zebra");
}

TEST(QueryLogTest, AnEmptyLogHasNoSearches) {
  std::istringstream in("");
  const QueryLogSummary s = summarize_query_log(in, {});
  EXPECT_EQ(s.searches, 0U);
  EXPECT_EQ(s.p50_ms, 0);
  EXPECT_TRUE(s.top_queries.empty());
}

}  // namespace
}  // namespace folio
