// Tests of `folio-search stats`: the summary of a hand-written request log.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "folio/query_log.h"

#include "run.h"

namespace {

using folio::testing::Outcome;
using folio::testing::quote;
using folio::testing::run;
using folio::testing::TempDir;
using nlohmann::json;

// A log as `serve --log --log-queries` writes it, with lines that are not log lines mixed in.
// Searches from 2026-12-05 on (the period below): "huawei 5g" 3 times (differently written),
// "apple" and "brexit" twice (a tie), "quokka" twice with no hits, "zebra" and "aardvark" once
// with no hits (a tie); latencies 1 to 10 ms.
constexpr const char* kLog =
    R"({"time":"2026-12-04T23:59:59.999Z","endpoint":"/api/search","status":200,"ms":500,"hits":0,"q":"before"}
{"time":"2026-12-05T08:00:00.000Z","endpoint":"/api/search","status":200,"ms":1,"hits":2,"q":"Huawei 5G"}
{"time":"2026-12-05T08:01:00.000Z","endpoint":"/api/search","status":200,"ms":2,"hits":2,"q":"  huawei   5g "}
{"time":"2026-12-05T08:02:00.000Z","endpoint":"/api/search","status":200,"ms":3,"hits":2,"q":"HUAWEI 5G","category":"technology"}
not a log line
{"time":"2026-12-05T08:03:00.000Z","endpoint":"/api/search","status":200,"ms":4,"hits":7,"q":"brexit"}
{"time":"2026-12-05T08:04:00.000Z","endpoint":"/api/search","status":200,"ms":5,"hits":1,"q":"apple"}

{"time":"2026-12-05T08:05:00.000Z","endpoint":"/api/search","status":200,"ms":6,"hits":7,"q":"brexit"}
{"time":"2026-12-05T08:06:00.000Z","endpoint":"/api/search","status":200,"ms":7,"hits":1,"q":"apple"}
{"time":"2026-12-05T08:07:00.000Z","endpoint":"/api/search","status":200,"ms":8,"hits":0,"q":"quokka"}
{"time":"2026-12-05T08:08:00.000Z","endpoint":"/api/search","status":200,"ms":9,"hits":0,"q":"Quokka"}
{"time":"2026-12-05T08:09:00.000Z","endpoint":"/api/search","status":200,"ms":10,"hits":0,"q":"zebra"}
{"time":"2026-12-05T08:09:30.000Z","endpoint":"/api/search","status":200,"ms":0.5,"hits":0,"q":"aardvark"}
{"time":"2026-12-05T08:10:00.000Z","endpoint":"/api/search","status":400,"ms":0.1,"q":"bad"}
{"time":"2026-12-05T08:11:00.000Z","endpoint":"/healthz","status":200,"ms":0.2}
{"time":"not a time","endpoint":"/api/search","status":200,"ms":1,"hits":1,"q":"skipped"}
{"time":"2026-12-05T08:12:00.000Z","endpoint":"/api/search","status":200,"ms":1
{"time":"2026-12-06T00:00:00.000Z","endpoint":"/api/search","status":200,"ms":900,"hits":0,"q":"after"}
)";

TEST(StatsTest, SummarisesThePeriodAsJson) {
  TempDir dir;
  const std::string log = dir.write("requests.log", kLog).string();
  const Outcome r = run(dir, FOLIO_SEARCH_EXE,
                        {"stats", "--log", log, "--since", "2026-12-05", "--until",
                         "2026-12-06T00:00", "--top", "3", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json s = json::parse(r.out);
  EXPECT_EQ(s["since"], "2026-12-05T00:00:00.000Z");
  EXPECT_EQ(s["until"], "2026-12-06T00:00:00.000Z");
  EXPECT_EQ(s["lines"], 18);
  EXPECT_EQ(s["skipped"], 3);  // "not a log line", the bad time, the cut line
  EXPECT_EQ(s["searches"], 11);
  EXPECT_EQ(s["zero_hit_searches"], 4);
  EXPECT_DOUBLE_EQ(s["zero_hit_share"].get<double>(), 4.0 / 11);
  EXPECT_EQ(s["without_query"], 0);
  EXPECT_EQ(s["latency_ms"]["p50"], 5);   // the 6th of 0.5, 1, ..., 10
  EXPECT_EQ(s["latency_ms"]["p99"], 10);  // the 11th
  EXPECT_EQ(s["top_queries"], json::parse(R"([{"query": "huawei 5g", "count": 3},
      {"query": "apple", "count": 2}, {"query": "brexit", "count": 2}])"));
  EXPECT_EQ(s["top_zero_hit_queries"], json::parse(R"([{"query": "quokka", "count": 2},
      {"query": "aardvark", "count": 1}, {"query": "zebra", "count": 1}])"));
}

TEST(StatsTest, PrintsTextForPeopleAndReadsStdin) {
  TempDir dir;
  const std::string log = dir.write("requests.log", kLog).string();
  const Outcome r = run(dir, "sh",
                        {"-c", "cat " + quote(log) + " | " + quote(FOLIO_SEARCH_EXE) +
                                   " stats --log - --since 2026-12-05 --until 2026-12-06 --top 2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "period:             2026-12-05T00:00:00.000Z to 2026-12-06T00:00:00.000Z\n"
            "searches:           11\n"
            "zero-hit searches:  4 (36.4%)\n"
            "latency:            p50 5.000 ms, p99 10.000 ms\n"
            "skipped lines:      3 (not request log lines)\n"
            "\n"
            "top queries:\n"
            "       3  huawei 5g\n"
            "       2  apple\n"
            "\n"
            "top zero-hit queries:\n"
            "       2  quokka\n"
            "       1  aardvark\n");
}

TEST(StatsTest, WithoutAPeriodEverySearchCounts) {
  TempDir dir;
  const std::string log = dir.write("requests.log", kLog).string();
  const Outcome r = run(dir, FOLIO_SEARCH_EXE, {"stats", "--log", log, "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json s = json::parse(r.out);
  EXPECT_EQ(s["since"], nullptr);
  EXPECT_EQ(s["until"], nullptr);
  EXPECT_EQ(s["searches"], 13);  // with "before" and "after"
  EXPECT_EQ(s["zero_hit_searches"], 6);
  EXPECT_EQ(s["top_queries"].size(), 8U);  // every query: fewer than --top's 10
}

TEST(StatsTest, ADurationCountsBackFromNow) {
  TempDir dir;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const auto line = [](std::int64_t ms, const std::string& q) {
    folio::LogEntry e;
    e.time_ms = ms;
    e.endpoint = "/api/search";
    e.status = 200;
    e.ms = 1;
    e.hits = 1;
    e.query = q;
    return folio::log_line(e) + "\n";
  };
  const std::int64_t hour = 3'600'000;
  const std::string log =
      dir.write("requests.log", line(now - 2 * hour, "recent") + line(now - 72 * hour, "days") +
                                    line(now - 240 * hour, "old"))
          .string();
  for (const auto& [since, searches] :
       std::vector<std::pair<std::string, int>>{{"24h", 1}, {"7d", 2}, {"30d", 3}, {"30m", 0}}) {
    const Outcome r =
        run(dir, FOLIO_SEARCH_EXE, {"stats", "--log", log, "--since", since, "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["searches"], searches) << since;
  }
}

TEST(StatsTest, BadUsageAndAMissingLog) {
  TempDir dir;
  const Outcome when = run(dir, FOLIO_SEARCH_EXE, {"stats", "--since", "yesterday"});
  EXPECT_EQ(when.status, 2);
  EXPECT_NE(when.err.find("--since must be a date"), std::string::npos) << when.err;
  EXPECT_EQ(run(dir, FOLIO_SEARCH_EXE, {"stats", "--bogus"}).status, 2);
  const std::string missing = (dir.path() / "missing.log").string();
  const Outcome r = run(dir, FOLIO_SEARCH_EXE, {"stats", "--log", missing});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot read the log '" + missing + "'"), std::string::npos) << r.err;
}

}  // namespace
