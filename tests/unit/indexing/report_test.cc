// Tests of the run's report: skips counted by reason, notes passed on, progress snapshots.
#include "indexing/report.h"

#include <vector>

#include <gtest/gtest.h>

namespace folio {
namespace {

TEST(RunReportTest, CountsSkipsByReasonAndTellsTheListener) {
  std::vector<Skip> heard;
  RunReport report([&](const Skip& s) { heard.push_back(s); });
  report.skip(Skip{"a.bin", "binary file", ""});
  report.skip(Skip{"b.bin", "binary file", ""});
  report.skip(Skip{"c.txt", "empty file", ""});
  const IndexingReport r = report.result();
  EXPECT_EQ(r.skipped, 3U);
  EXPECT_EQ(r.skipped_by_reason.at("binary file"), 2U);
  EXPECT_EQ(r.skipped_by_reason.at("empty file"), 1U);
  EXPECT_EQ(heard.size(), 3U);
}

TEST(RunReportTest, AConversionIsCountedAndItsNoteHasNoReason) {
  std::vector<Skip> heard;
  RunReport report([&](const Skip& s) { heard.push_back(s); });
  ReadResult read;
  read.converted_from = "windows-1252";
  read.notes.push_back("converted from windows-1252");
  read.skipped.push_back(Skip{"feed.jsonl:3", "bad JSONL line", "invalid JSON"});
  report.read("feed.jsonl", read);
  const IndexingReport r = report.result();
  EXPECT_EQ(r.converted, 1U);
  EXPECT_EQ(r.skipped, 1U);
  ASSERT_EQ(heard.size(), 2U);
  EXPECT_EQ(heard[1].path, "feed.jsonl");
  EXPECT_EQ(heard[1].reason, "");
  EXPECT_EQ(heard[1].detail, "converted from windows-1252");
}

TEST(RunReportTest, ProgressAndResultFollowTheCounts) {
  RunReport report({});
  report.counts().added += 5;
  report.counts().updated += 2;
  report.counts().files_done += 3;
  report.counts().bytes_done += 100;
  report.counts().bytes_total += 400;
  const IndexingProgress p = report.progress(10);
  EXPECT_EQ(p.articles, 7U);
  EXPECT_EQ(p.files_done, 3U);
  EXPECT_EQ(p.files_total, 10U);
  EXPECT_EQ(p.bytes_done, 100U);
  EXPECT_EQ(p.bytes_total, 400U);
  const IndexingReport r = report.result();
  EXPECT_EQ(r.articles, 7U);
  EXPECT_EQ(r.bytes, 100U);
}

}  // namespace
}  // namespace folio
