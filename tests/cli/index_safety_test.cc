// End-to-end tests of indexing safely: crash safety, readers during writes, compaction,
// progress output, the writer lock, the schema version.
#include <csignal>

#include "index_runs.h"

namespace {

using namespace index_runs;  // NOLINT(google-build-using-namespace): the tests' own helpers
// ---- 4. Crash safety ----

// The crash tests index two JSON Lines files of kCrashHalf short articles each: a build of
// both takes about 1.5 s with two threads on a 2-core machine, an update of the second half
// as long, committing between its 2000-article chunks. The kill points are fractions of a
// run measured first, so a faster or busier machine only moves them.
constexpr std::uint32_t kCrashHalf = 8000;
constexpr int kWords = 20;
constexpr double kKillPoints[] = {0.1, 0.3, 0.5, 0.7, 0.9, 1.1};  // 1.1: just after the end

// Writes in/part-`part`.jsonl: `count` articles, ids p`part`-N.
void write_part(const TempDir& dir, int part, std::uint32_t count) {
  dir.write("in/part-" + std::to_string(part) + ".jsonl",
            jsonl("p" + std::to_string(part) + "-", part * count, count, kWords));
}

// After a completed run: only the current generation is left, no scratch shards or old ones.
void expect_only_the_current_generation(const fs::path& db) {
  const std::string gen = current_generation(db);
  EXPECT_FALSE(gen.empty());
  EXPECT_EQ(folders(db), std::vector<std::string>{gen});
}

// Runs `args` to the end and returns how long it took.
double timed_run(const TempDir& dir, const fs::path& db, const std::vector<std::string>& args) {
  const auto t0 = Clock::now();
  Child c = start_index(dir, db, args);
  EXPECT_TRUE(c.started());
  const Outcome o = c.outcome();
  EXPECT_EQ(o.status, 0) << o.err;
  return seconds_since(t0);
}

// Starts `args` and, after `after` seconds, stops it and kills it with SIGKILL. True when the
// kill interrupted the run (the program was still running when it was stopped), false when
// the run had ended first.
bool kill_after(const TempDir& dir, const fs::path& db, const std::vector<std::string>& args,
                double after) {
  Child c = start_index(dir, db, args);
  EXPECT_TRUE(c.started());
  sleep_seconds(after);
  if (!c.stop()) {
    const Outcome o = c.outcome();
    EXPECT_EQ(o.status, 0) << o.err;
    return false;
  }
  c.signal(SIGKILL);
  EXPECT_EQ(c.wait(), 128 + SIGKILL);
  return true;
}

// Kills a run at `point` of the `full` seconds a run took (kill_after), from the state
// `reset()` makes. A kill before the end must interrupt the run: if the run ended first
// (this one went faster than the one measured, the machine being shared), the kill is tried
// again, from the same state, at half the time, at most four times. Whether the kill
// interrupted the run.
bool kill_at(const TempDir& dir, const fs::path& db, const std::vector<std::string>& args,
             double point, double full, const std::function<void()>& reset) {
  double after = point * full;
  for (int attempt = 1;; ++attempt) {
    reset();
    const bool interrupted = kill_after(dir, db, args, after);
    if (interrupted || point >= 1 || attempt == 5) {
      return interrupted;
    }
    after /= 2;
  }
}

// The normal run after a kill completes the work: the index holds the whole corpus; of the
// articles the published index did not hold (all but `held`), those an interrupted build had
// committed are kept (resumed) and the others added; the `held` ones are left unchanged (none
// updated or removed); and no scratch database or old generation is left. Returns the
// articles resumed.
std::uint64_t expect_next_run_completes(const TempDir& dir, const fs::path& db,
                                        const std::vector<std::string>& args, std::uint64_t held) {
  const Indexed next = index(dir, db, args);
  EXPECT_EQ(next.run.status, 0) << next.run.err;
  EXPECT_EQ(next.stats["total_articles"], 2 * kCrashHalf);
  const std::uint64_t added = next.stats["articles_added"];
  const std::uint64_t resumed = next.stats["articles_resumed"];
  EXPECT_EQ(added + resumed, 2 * kCrashHalf - held) << tally(next.stats) << ", resumed " << resumed;
  EXPECT_EQ(next.stats["articles_unchanged"], held) << tally(next.stats);
  EXPECT_EQ(next.stats["articles_updated"], 0) << tally(next.stats);
  EXPECT_EQ(next.stats["articles_removed"], 0) << tally(next.stats);
  expect_only_the_current_generation(db);
  return resumed;
}

TEST(CrashTest, KillDuringTheFirstBuildLeavesNoIndexAndTheNextRunContinuesIt) {
  TempDir dir;
  write_part(dir, 1, kCrashHalf);
  write_part(dir, 2, kCrashHalf);
  const std::vector<std::string> args = {"--threads", "2", "--quiet", (dir.path() / "in").string()};
  const double full = timed_run(dir, dir.path() / "db-measure", args);
  const fs::path db = dir.path() / "db";
  int unpublished = 0;  // kills that left no index
  int continued = 0;    // next runs that kept what the killed one had committed
  for (const double point : kKillPoints) {
    SCOPED_TRACE("killed at " + std::to_string(point) + " of " + std::to_string(full) + " s");
    const bool killed = kill_at(dir, db, args, point, full, [&] { fs::remove_all(db); });
    if (point < 1) {
      EXPECT_TRUE(killed) << "the run ended before the kill";
    }
    // A new index is published only at the very end of a bulk build: a kill before that
    // leaves no index at all, which is the last committed state of a first run.
    const Outcome s = search(dir, db, {"--json", "ba"});
    std::uint64_t held = 0;
    if (fs::exists(db / "XAPIANDB")) {
      EXPECT_EQ(s.status, 0) << s.err;
      held = folio::Searcher(db).article_count();
      EXPECT_EQ(held, 2 * kCrashHalf);
    } else {
      EXPECT_TRUE(killed);
      ++unpublished;
      EXPECT_EQ(s.status, 1);
      EXPECT_TRUE(contains(s.err, "no index")) << s.err;
    }
    continued += expect_next_run_completes(dir, db, args, held) > 0 ? 1 : 0;
  }
  EXPECT_GT(unpublished, 0) << "no kill came before the index was published";
  EXPECT_GT(continued, 0) << "no killed build was continued";
}

TEST(CrashTest, KillDuringAnUpdateKeepsTheLastCommitAndTheNextRunCompletesIt) {
  TempDir dir;
  write_part(dir, 1, kCrashHalf);
  const std::vector<std::string> args = {"--threads", "2", "--quiet", (dir.path() / "in").string()};
  const fs::path half = dir.path() / "db-half";
  ASSERT_EQ(index(dir, half, args).run.status, 0);
  write_part(dir, 2, kCrashHalf);
  const fs::path measure = dir.path() / "db-measure";
  fs::copy(half, measure, fs::copy_options::recursive);
  const double full = timed_run(dir, measure, args);
  const fs::path db = dir.path() / "db";
  int unfinished = 0;  // kills that left some of the second half out of the index
  for (const double point : kKillPoints) {
    SCOPED_TRACE("killed at " + std::to_string(point) + " of " + std::to_string(full) + " s");
    const bool killed = kill_at(dir, db, args, point, full, [&] {
      fs::remove_all(db);
      fs::copy(half, db, fs::copy_options::recursive);
    });
    if (point < 1) {
      EXPECT_TRUE(killed) << "the run ended before the kill";
    }
    // The index is at its last commit: the first half, plus whatever batches were committed.
    const Outcome s = search(dir, db, {"--json", "ba"});
    EXPECT_EQ(s.status, 0) << s.err;
    const std::uint64_t held = folio::Searcher(db).article_count();
    EXPECT_GE(held, kCrashHalf);
    EXPECT_LE(held, 2 * kCrashHalf);
    if (held < 2 * kCrashHalf) {
      EXPECT_TRUE(killed);
      ++unfinished;
    }
    EXPECT_EQ(expect_next_run_completes(dir, db, args, held), 0U) << "an update is not a build";
  }
  EXPECT_GT(unfinished, 0) << "no kill came before the last commit";
}

// ---- 5. Readers while the index is written ----

TEST(ReadersTest, SearchesNeverFailWhileTheIndexIsUpdatedRebuiltAndCompacted) {
  // Half the articles indexed first; each phase below takes a good part of a second.
  constexpr std::uint32_t kHalf = 3000;
  TempDir dir;
  const fs::path db = dir.path() / "db";
  const std::string in = (dir.path() / "in").string();
  write_part(dir, 1, kHalf);
  ASSERT_EQ(index(dir, db, {"--quiet", in}).run.status, 0);

  // One Searcher kept open across every phase, searching from its own thread.
  folio::Searcher searcher(db);
  std::atomic<bool> stop{false};
  std::atomic<int> in_process_searches{0};
  std::vector<std::string> in_process_failures;
  std::thread reader([&] {
    folio::SearchRequest request;
    request.query = "ba ko";
    while (!stop.load()) {
      try {
        searcher.search(request);
        ++in_process_searches;
      } catch (const std::exception& e) {
        in_process_failures.emplace_back(e.what());
      }
      sleep_seconds(0.002);  // leave the writer a core
    }
  });

  auto searches_during = [&](const char* phase, std::vector<std::string> args) {
    SCOPED_TRACE(phase);
    Child writer = start_index(dir, db, std::move(args));
    ASSERT_TRUE(writer.started());
    int searches = 0;
    do {  // at least once, however quickly the writer ends
      const Outcome s = search(dir, db, {"--json", "mu ra"});
      EXPECT_EQ(s.status, 0) << "search " << searches << ": " << s.err;
      ++searches;
    } while (writer.running());
    const Outcome w = writer.outcome();
    EXPECT_EQ(w.status, 0) << w.err;
  };
  write_part(dir, 2, kHalf);
  searches_during("update in place", {"--quiet", in});
  searches_during("rebuild", {"--quiet", "--rebuild", in});
  searches_during("compaction", {"compact"});
  stop = true;
  reader.join();

  EXPECT_GT(in_process_searches.load(), 0);
  EXPECT_TRUE(in_process_failures.empty())
      << in_process_failures.size() << " failed, first: " << in_process_failures.front();
  EXPECT_EQ(searcher.article_count(), 2 * kHalf);
}

// Each new generation (a compaction or a rebuild) is published by switching the stub, and the
// old generation is removed right after: a reader that has just read the old stub must still
// open the index, and one kept open must still search it.
TEST(ReadersTest, OpeningAndSearchingNeverFailWhileNewGenerationsArePublished) {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  dir.write("in/feed.jsonl", jsonl("j", 0, 50, kWords));
  ASSERT_EQ(index(dir, db, {"--quiet", (dir.path() / "in").string()}).run.status, 0);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) {
      Child c = start_index(dir, db, {"compact"});
      EXPECT_EQ(c.wait(), 0);
    }
    stop = true;
  });
  // More readers than cores, so that some are descheduled between reading the stub and
  // opening the generation it names. Reader 0 keeps its Searcher; the others open one for
  // each search.
  std::atomic<int> searches{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&, r] {
      folio::SearchRequest request;
      request.query = tag(7);
      std::optional<folio::Searcher> kept;
      while (!stop.load()) {
        try {
          std::optional<folio::Searcher> fresh;
          folio::Searcher& searcher =
              r == 0 ? (kept ? *kept : kept.emplace(db)) : fresh.emplace(db);
          const folio::SearchResults found = searcher.search(request);
          ++searches;
          if (found.hits.size() != 1 || searcher.article_count() != 50) {
            std::lock_guard lock(mu);
            failures.emplace_back("wrong answer");
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(mu);
          failures.emplace_back(e.what());
        }
      }
    });
  }
  for (auto& r : readers) {
    r.join();
  }
  writer.join();
  EXPECT_GT(searches.load(), 0);
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << searches.load() + failures.size()
                                << " failed; first: " << failures.front();
}

// ---- 6. Compaction ----

// 200 articles indexed, then 80 changed and 20 deleted in place, which leaves free space.
class CompactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 200; ++n) {
      dir_.write(name(n), text_article(n, 80));
    }
    ASSERT_EQ(index(dir_, db(), {in()}).run.status, 0);
    for (std::uint32_t n = 0; n < 80; ++n) {
      dir_.write(name(n), text_article(n, 80) + "Revised: " + body(n + 500, 30) + "\n");
    }
    for (std::uint32_t n = 180; n < 200; ++n) {
      fs::remove(dir_.path() / name(n));
    }
    expect_counts(index(dir_, db(), {in()}),
                  "added 0, updated 80, removed 20, unchanged 100, files_read 80", 180);
    ASSERT_FALSE(HasFailure());
  }

  static std::string name(std::uint32_t n) {
    return "in/c" + std::to_string(n % 4) + "/a" + std::to_string(n) + ".txt";
  }
  std::string in() const { return (dir_.path() / "in").string(); }
  fs::path db() const { return dir_.path() / "db"; }
  std::vector<std::vector<std::string>> answers() {
    std::vector<std::vector<std::string>> out;
    const std::vector<std::string> queries = {"ba",           "ko mu",          "revised",
                                              "title:report", "category:c2 vu", tag(7)};
    for (const std::string& q : queries) {
      out.push_back(ids(search_json(dir_, db(), q, 30)));
    }
    return out;
  }

  TempDir dir_;
};

TEST_F(CompactTest, ReportsNoGrowthKeepsTheAnswersAndRemovesTheOldGeneration) {
  const auto before = answers();
  const Outcome c = run(dir_, FOLIO_INDEX_EXE, {"--db", db().string(), "compact"});
  ASSERT_EQ(c.status, 0) << c.err;
  const std::string prefix = "Compacted " + db().string() + " from ";
  ASSERT_EQ(c.out.rfind(prefix, 0), 0U) << c.out;
  double from = 0;
  double to = 0;
  ASSERT_EQ(std::sscanf(c.out.c_str() + prefix.size(), "%lf MB to %lf MB", &from, &to), 2) << c.out;
  EXPECT_GT(from, 0);
  EXPECT_GT(to, 0);
  EXPECT_LE(to, from) << c.out;
  EXPECT_EQ(answers(), before);
  EXPECT_EQ(search_json(dir_, db(), "report", 200)["total"], 180);
  expect_only_the_current_generation(db());
}

TEST_F(CompactTest, SearcherOpenedBeforeCompactionWorksAfterIt) {
  folio::Searcher searcher(db());
  folio::SearchRequest request;
  request.query = tag(42);
  ASSERT_EQ(searcher.search(request).hits.size(), 1U);
  const Outcome c = run(dir_, FOLIO_INDEX_EXE, {"--db", db().string(), "compact"});
  ASSERT_EQ(c.status, 0) << c.err;
  const folio::SearchResults after = searcher.search(request);
  ASSERT_EQ(after.hits.size(), 1U);
  EXPECT_EQ(after.hits[0].article.id, "c2/a42.txt");
  EXPECT_EQ(searcher.article_count(), 180U);
}

// ---- 7. Progress and notes ----

// Articles plus a Latin-1 file (a "converted from" note) and an empty one (a skipped file).
class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 40; ++n) {
      dir_.write("in/a" + std::to_string(n) + ".txt", text_article(n, 40));
    }
    dir_.write("in/latin1.txt",
               "Caf\xe9 prices\n\nThe caf\xe9 raised its prices to \xa3"
               "3 a cup, the owner said.\n");
    dir_.write("in/empty.txt", "");
  }
  Outcome index_all(std::vector<std::string> args) {
    args.push_back((dir_.path() / "in").string());
    return index(dir_, dir_.path() / "db", std::move(args)).run;
  }

  TempDir dir_;
};

TEST_F(ProgressTest, NoCarriageReturnOrEscapeWhenStderrIsNotATerminal) {
  const Outcome r = index_all({});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "converted from")) << r.err;  // stderr did get notes
  for (const char* code : {"\r", "\033"}) {
    EXPECT_FALSE(contains(r.err, code)) << r.err;
    EXPECT_FALSE(contains(r.out, code)) << r.out;
  }
}

TEST_F(ProgressTest, QuietDropsNotesButKeepsTheSummaryAndSkippedFiles) {
  const Outcome r = index_all({"--quiet"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(contains(r.err, "converted from")) << r.err;
  EXPECT_FALSE(contains(r.err, "latin1.txt")) << r.err;
  EXPECT_TRUE(contains(r.err, "skipped " + (dir_.path() / "in/empty.txt").string())) << r.err;
  for (const char* line :
       {"Added 41, updated 0, removed 0, unchanged 0", "Skipped: 1 (empty file: 1)",
        "Converted to UTF-8: 1", "The index now holds 41 articles."}) {
    EXPECT_TRUE(contains(r.out, line)) << r.out;
  }
}

// ---- 8. The writer lock ----

TEST(LockTest, SecondIndexOrCompactOnTheSameDbFailsWithLocked) {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  dir.write("in/feed.jsonl", jsonl("j", 0, 2000, kWords));
  Child first = start_index(dir, db, {"--quiet", (dir.path() / "in").string()});
  ASSERT_TRUE(first.started());
  // A first build makes its scratch databases (partial/) once it holds the lock. Stopping it
  // there keeps the lock held for as long as the test needs, however fast the machine.
  auto has_shards = [&] {
    std::error_code ec;
    return fs::exists(db / "partial" / "BUILD", ec);
  };
  while (!has_shards() && first.running()) {
    sleep_seconds(0.001);
  }
  first.signal(SIGSTOP);
  ASSERT_TRUE(first.running()) << "the first run ended before it could be stopped";

  const Outcome second =
      run(dir, FOLIO_INDEX_EXE, {"--db", db.string(), dir.write("x.txt", "X\n\nY\n").string()});
  EXPECT_EQ(second.status, 1);
  EXPECT_TRUE(contains(second.err, "locked")) << second.err;
  const Outcome compact = run(dir, FOLIO_INDEX_EXE, {"--db", db.string(), "compact"});
  EXPECT_EQ(compact.status, 1);
  EXPECT_TRUE(contains(compact.err, "locked")) << compact.err;

  first.signal(SIGCONT);
  const Outcome done = first.outcome();
  EXPECT_EQ(done.status, 0) << done.err;
  EXPECT_TRUE(contains(done.out, "The index now holds 2000 articles.")) << done.out;
}

// ---- 8b. A full disk ----

// A file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, so a write past it fails with EFBIG
// as one past a full disk fails with ENOSPC) that the small index fits in and the large run
// does not: folio-index fails with a message naming the index and the cause, and the index
// answers as before the run.
class FullDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 5; ++n) {
      dir_.write("in/a" + std::to_string(n) + ".txt", text_article(n, 20));
    }
    ASSERT_EQ(index(dir_, db(), {in()}).run.status, 0);
    before_ = ids(search_json(dir_, db(), "tag" + word(1), 50));
    ASSERT_FALSE(before_.empty());
    dir_.write("in/big.jsonl", jsonl("big", 100, 20000, kWords));
  }

  // folio-index --db db `args` under a limit of 256 KB a file (ulimit -f counts 512- or
  // 1024-byte blocks: 512 blocks is 256 or 512 KB, far less than the big file needs).
  Outcome index_limited(const std::vector<std::string>& args) const {
    std::vector<std::string> sh = {"-c", "trap '' XFSZ; ulimit -f 512; exec \"$0\" \"$@\"",
                                   FOLIO_INDEX_EXE, "--db", db().string()};
    sh.insert(sh.end(), args.begin(), args.end());
    return run(dir_, "/bin/sh", sh);
  }

  void expect_index_as_before() const {
    const Json after = search_json(dir_, db(), "tag" + word(1), 50);
    EXPECT_EQ(ids(after), before_);
    EXPECT_EQ(search_json(dir_, db(), "big", 10)["total"], 0);
  }

  std::string in() const { return (dir_.path() / "in").string(); }
  fs::path db() const { return dir_.path() / "db"; }

  TempDir dir_;
  std::vector<std::string> before_;
};

TEST_F(FullDiskTest, UpdateThatRunsOutOfSpaceFailsClearlyAndTheIndexAnswersAsBefore) {
  const Outcome o = index_limited({"--quiet", in()});
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_TRUE(contains(o.err, "cannot write to index '" + db().string() + "'")) << o.err;
  EXPECT_TRUE(contains(o.err, "File too large")) << o.err;
  expect_index_as_before();
  // With room again, the next run adds everything.
  const Indexed next = index(dir_, db(), {"--quiet", in()});
  EXPECT_EQ(next.run.status, 0) << next.run.err;
  EXPECT_EQ(next.stats["total_articles"], 20005);
}

TEST_F(FullDiskTest, RebuildThatRunsOutOfSpaceFailsClearlyAndThePreviousGenerationStays) {
  const std::string gen = current_generation(db());
  const Outcome o = index_limited({"--quiet", "--rebuild", in()});
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_TRUE(contains(o.err, db().string())) << o.err;
  EXPECT_TRUE(contains(o.err, "File too large")) << o.err;
  EXPECT_EQ(current_generation(db()), gen);
  expect_index_as_before();
}

// ---- 9. Schema version ----

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 5; ++n) {
      dir_.write("in/a" + std::to_string(n) + ".txt", text_article(n, 20));
    }
    ASSERT_EQ(index(dir_, db(), {in()}).run.status, 0);
    // An index written by another Folio: the same layout, another schema version recorded.
    Xapian::WritableDatabase gen((db() / current_generation(db())).string(), Xapian::DB_OPEN);
    gen.set_metadata(std::string(folio::schema::kMetaSchema),
                     std::to_string(folio::schema::kSchemaVersion + 1));
    gen.commit();
  }

  std::string in() const { return (dir_.path() / "in").string(); }
  fs::path db() const { return dir_.path() / "db"; }

  TempDir dir_;
};

TEST_F(SchemaTest, SearchIndexAndCompactRefuseAnotherSchemaVersionByName) {
  const Outcome s = search(dir_, db(), {"ba"});
  EXPECT_EQ(s.status, 1);
  EXPECT_TRUE(contains(s.err, "schema version")) << s.err;
  const Indexed i = index(dir_, db(), {in()});
  EXPECT_EQ(i.run.status, 1);
  EXPECT_TRUE(contains(i.run.err, "schema version")) << i.run.err;
  const Outcome c = run(dir_, FOLIO_INDEX_EXE, {"--db", db().string(), "compact"});
  EXPECT_EQ(c.status, 1);
  EXPECT_TRUE(contains(c.err, "schema version")) << c.err;
}

TEST_F(SchemaTest, RebuildReplacesAnIndexOfAnotherSchemaVersion) {
  const Indexed i = index(dir_, db(), {"--rebuild", in()});
  ASSERT_EQ(i.run.status, 0) << i.run.err;
  EXPECT_EQ(i.stats["total_articles"], 5);
  EXPECT_EQ(search(dir_, db(), {"ba"}).status, 0);
}

}  // namespace
