// End-to-end tests of indexing at scale (issue 3): incremental runs, JSONL line ids, parallel
// workers. Crash safety, readers during writes, compaction, progress, locking and the schema
// are in index_safety_test.cc.
#include "index_runs.h"

namespace {

using namespace index_runs;  // NOLINT(google-build-using-namespace): the tests' own helpers
// ---- 1. Incremental runs ----

// 30 .txt articles in three category folders, indexed once by SetUp().
class IncrementalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 30; ++n) {
      dir_.write(name(n), text_article(n, 40));
    }
    first_ = index(dir_, db(), {"--threads", "2", in().string()});
    ASSERT_EQ(first_.run.status, 0) << first_.run.err;
  }

  static std::string name(std::uint32_t n) {
    return "in/c" + std::to_string(n % 3) + "/a" + std::to_string(n) + ".txt";
  }
  fs::path in() const { return dir_.path() / "in"; }
  fs::path db() const { return dir_.path() / "db"; }
  Indexed again() { return index(dir_, db(), {"--threads", "2", in().string()}); }
  long found(const std::string& query) {
    return search_json(dir_, db(), query)["total"].get<long>();
  }

  TempDir dir_;
  Indexed first_;
};

TEST_F(IncrementalTest, FirstRunReportsEveryArticleAddedToANewIndex) {
  expect_counts(first_, "added 30, updated 0, removed 0, unchanged 0, files_read 30", 30);
  EXPECT_TRUE(contains(first_.run.out, "(new index)")) << first_.run.out;
  const Json& s = first_.stats;
  for (const char* key : kStatsKeys) {
    EXPECT_FALSE(s[key].is_null()) << key << " missing from --stats-json";
  }
  std::uint64_t bytes = 0;
  for (std::uint32_t n = 0; n < 30; ++n) {
    bytes += fs::file_size(dir_.path() / name(n));
  }
  EXPECT_EQ(s["files"], 30);
  EXPECT_EQ(s["skipped"], 0);
  EXPECT_EQ(s["threads"], 2);
  EXPECT_EQ(s["rebuilt"], true);
  EXPECT_EQ(s["bytes"], bytes);
  EXPECT_GE(s["seconds"].get<double>(), 0);
}

TEST_F(IncrementalTest, RunWithoutChangesReadsNoFile) {
  const Indexed r = again();
  expect_counts(r, "added 0, updated 0, removed 0, unchanged 30, files_read 0", 30);
  EXPECT_TRUE(contains(r.run.out, "from 0 of 30 files")) << r.run.out;
  EXPECT_FALSE(contains(r.run.out, "(new index)")) << r.run.out;
  EXPECT_EQ(r.stats["bytes"], 0);
  EXPECT_EQ(r.stats["rebuilt"], false);
}

TEST_F(IncrementalTest, ChangedFileUpdatesItsArticle) {
  dir_.write(name(7), text_article(7, 40) + "A late paragraph mentions zanzibarquux.\n");
  const Indexed r = again();
  expect_counts(r, "added 0, updated 1, removed 0, unchanged 29, files_read 1", 30);
  EXPECT_EQ(found("zanzibarquux"), 1);
}

TEST_F(IncrementalTest, TouchedFileIsReadButNotUpdated) {
  const fs::path file = dir_.path() / name(4);
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::hours(1));
  expect_counts(again(), "added 0, updated 0, removed 0, unchanged 30, files_read 1", 30);
  // The new mtime is remembered: the next run reads nothing.
  expect_counts(again(), "added 0, updated 0, removed 0, unchanged 30, files_read 0", 30);
}

TEST_F(IncrementalTest, DeletedFileLosesItsArticle) {
  ASSERT_EQ(found(tag(11)), 1);
  fs::remove(dir_.path() / name(11));
  const Indexed r = again();
  expect_counts(r, "added 0, updated 0, removed 1, unchanged 29, files_read 0", 29);
  EXPECT_EQ(found(tag(11)), 0);
}

TEST_F(IncrementalTest, NewFileIsAdded) {
  dir_.write("in/c1/new.txt", text_article(99, 40));
  const Indexed r = again();
  expect_counts(r, "added 1, updated 0, removed 0, unchanged 30, files_read 1", 31);
  EXPECT_EQ(found(tag(99)), 1);
}

TEST_F(IncrementalTest, RebuildAddsEveryArticleToANewIndexReplacingTheOld) {
  const Indexed r = index(dir_, db(), {"--threads", "2", "--rebuild", in().string()});
  expect_counts(r, "added 30, updated 0, removed 0, unchanged 0, files_read 30", 30);
  EXPECT_TRUE(contains(r.run.out, "(new index)")) << r.run.out;
  EXPECT_EQ(r.stats["rebuilt"], true);
  EXPECT_EQ(folders(db()), std::vector<std::string>{current_generation(db())});
}

TEST_F(IncrementalTest, RunsOverOneFolderLeaveAnotherFoldersArticles) {
  for (std::uint32_t n = 100; n < 110; ++n) {
    dir_.write("other/b" + std::to_string(n) + ".txt", text_article(n, 40));
  }
  const fs::path other = dir_.path() / "other";
  expect_counts(index(dir_, db(), {other.string()}),
                "added 10, updated 0, removed 0, unchanged 0, files_read 10", 40);
  expect_counts(again(), "added 0, updated 0, removed 0, unchanged 30, files_read 0", 40);
  EXPECT_EQ(found(tag(105)), 1);
  EXPECT_EQ(found(tag(5)), 1);
}

// ---- 2. JSON Lines: compared line id by line id ----

TEST(JsonlIndexTest, LinesAreAddedUpdatedAndRemovedByTheirIds) {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  std::vector<std::string> lines;
  for (std::uint32_t n = 0; n < 50; ++n) {
    std::string line = jsonl("j", n, 1, 30);
    line.pop_back();
    lines.push_back(line);
  }
  auto write = [&] {
    std::string all;
    for (const std::string& l : lines) {
      all += l + '\n';
    }
    return dir.write("in/feed.jsonl", all);
  };
  write();
  const fs::path in = dir.path() / "in";
  expect_counts(index(dir, db, {in.string()}),
                "added 50, updated 0, removed 0, unchanged 0, files_read 1", 50);

  lines[10] =
      Json{{"id", "j10"}, {"title", "Dispatch revised"}, {"text", "Now about quokkasurf."}}.dump();
  lines.erase(lines.begin() + 20);  // j20
  lines.push_back(
      Json{{"id", "j-new"}, {"title", "Late dispatch"}, {"text", "About wombatlog."}}.dump());
  write();
  expect_counts(index(dir, db, {in.string()}),
                "added 1, updated 1, removed 1, unchanged 48, files_read 1", 50);

  EXPECT_EQ(ids(search_json(dir, db, "quokkasurf")), std::vector<std::string>{"j10"});
  EXPECT_EQ(ids(search_json(dir, db, "wombatlog")), std::vector<std::string>{"j-new"});
  EXPECT_TRUE(ids(search_json(dir, db, tag(10))).empty()) << "old text of j10 still found";
  EXPECT_TRUE(ids(search_json(dir, db, tag(20))).empty()) << "removed j20 still found";
  EXPECT_EQ(ids(search_json(dir, db, tag(21))), std::vector<std::string>{"j21"});
}

// ---- 3. Parallel workers ----

TEST(ParallelIndexTest, AnyThreadCountGivesTheSameArticlesAndRanking) {
  TempDir dir;
  for (std::uint32_t n = 0; n < 120; ++n) {
    dir.write("in/c" + std::to_string(n % 3) + "/a" + std::to_string(n) + ".txt",
              text_article(n, 60));
  }
  // Over 2000 lines: the file is cut into chunks that different workers index.
  dir.write("in/feed.jsonl", jsonl("j", 1000, 2600, 12));
  const fs::path in = dir.path() / "in";
  // A phrase that article 17 contains: the two words after its tag.
  const std::string text = body(17, 60 + 17 % 37);
  const std::size_t first = text.find(' ') + 1;
  const std::size_t second = text.find(' ', first) + 1;
  const std::string phrase = '"' + text.substr(first, text.find(' ', second) - first) + '"';
  const std::vector<std::string> queries = {"ba",
                                            "ko mu",
                                            phrase,
                                            tag(17),
                                            tag(2017) + " OR " + tag(3500),
                                            "title:report vu",
                                            "category:c1 ra",
                                            "vu -ba"};
  std::optional<Json> baseline_stats;
  std::vector<Json> baseline;
  for (const char* threads : {"1", "2", "3"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    const fs::path db = dir.path() / (std::string("db-") + threads);
    const Indexed r = index(dir, db, {"--threads", threads, in.string()});
    ASSERT_EQ(r.run.status, 0) << r.run.err;
    EXPECT_EQ(r.stats["threads"], std::stoi(threads));
    EXPECT_EQ(r.stats["total_articles"], 2720);
    std::vector<Json> answers;
    for (const std::string& q : queries) {
      answers.push_back(search_json(dir, db, q, 50));
    }
    if (!baseline_stats) {
      baseline_stats = r.stats;
      baseline = answers;
      continue;
    }
    EXPECT_EQ(tally(r.stats), tally(*baseline_stats));
    for (std::size_t i = 0; i < queries.size(); ++i) {
      SCOPED_TRACE(queries[i]);
      EXPECT_EQ(answers[i]["total"], baseline[i]["total"]);
      const std::vector<Ranked> got = ranked(answers[i], 50);
      const std::vector<Ranked> want = ranked(baseline[i], 50);
      ASSERT_EQ(got.size(), want.size());
      ASSERT_FALSE(got.empty());
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].id, want[k].id) << "rank " << k + 1;
        EXPECT_NEAR(got[k].score, want[k].score, 1e-9 * std::abs(want[k].score))
            << "rank " << k + 1;
      }
    }
  }
}

}  // namespace
