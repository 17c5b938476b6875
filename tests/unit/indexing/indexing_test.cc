// Tests of run_indexing() and compact_index() as library calls: batch commits, publishing,
// the lock, notes and the progress snapshot.
#include "folio/indexing.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/searcher.h"
#include "folio/synonyms.h"

#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

std::string article(int n) {
  return "Article " + std::to_string(n) + "\n\nMarch 3, 2021\n\nWords about topic" +
         std::string(1, static_cast<char>('a' + n % 26)) + " and more words.\n";
}

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

// How often `word` is recorded in the spelling data (0 when it is not).
Xapian::termcount spelling_frequency(const Xapian::Database& db, const std::string& word) {
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(word);
  return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

class IndexingTest : public ::testing::Test {
 protected:
  // Files 01.txt .. 12.txt, then 13-empty.txt: with one thread they are indexed in that
  // order, so the empty one is reported after the twelve articles were written.
  void write_twelve_and_an_empty_file() {
    for (int n = 1; n <= 12; ++n) {
      dir_.write("in/" + std::string(n < 10 ? "0" : "") + std::to_string(n) + ".txt", article(n));
    }
    dir_.write("in/13-empty.txt", "");
  }
  IndexingOptions options() const {
    IndexingOptions o;
    o.db = db();
    o.threads = 1;
    return o;
  }
  fs::path in() const { return dir_.path() / "in"; }
  fs::path db() const { return dir_.path() / "db"; }

  testing::TempDir dir_;
};

TEST_F(IndexingTest, RecordsSpellingInBulkAndDirectModes) {
  write_twelve_and_an_empty_file();
  IndexingOptions o = options();
  o.threads = 2;  // two shards, merged by compaction
  o.batch_articles = 5;
  ASSERT_TRUE(run_indexing({in()}, o).rebuilt);
  {
    const Xapian::Database x = open_for_reading(db());
    EXPECT_EQ(spelling_frequency(x, "words"), 24U);  // twice an article
    EXPECT_EQ(spelling_frequency(x, "article"), 12U);
    EXPECT_EQ(spelling_frequency(x, "and"), 0U);  // a stopword
    EXPECT_EQ(x.get_spelling_suggestion("wrods"), "words");
  }
  dir_.write("in/99.txt", article(99));
  ASSERT_FALSE(run_indexing({in()}, o).rebuilt);
  EXPECT_EQ(spelling_frequency(open_for_reading(db()), "words"), 26U);
  Searcher s(db());
  SearchRequest r;
  r.query = "wrods";
  EXPECT_EQ(s.search(r).suggestion, "words");
}

// The word pairs (XP terms) of an index's articles.
std::size_t pair_terms(const fs::path& db) {
  const Xapian::Database x = open_for_reading(db);
  std::size_t n = 0;
  for (auto t = x.allterms_begin(std::string(schema::kPrefixPair));
       t != x.allterms_end(std::string(schema::kPrefixPair)); ++t) {
    ++n;
  }
  return n;
}

// An index built without word pairs (folio-index --no-pairs) has none, keeps none when updated
// and built again in parts (two threads), refuses a run asking for them unless it rebuilds, and
// a rebuild asking for nothing has them again (the default).
TEST_F(IndexingTest, AnIndexWithoutWordPairsKeepsItsSettingUntilRebuilt) {
  write_twelve_and_an_empty_file();
  IndexingOptions o = options();
  o.threads = 2;
  o.pairs = false;
  ASSERT_TRUE(run_indexing({in()}, o).rebuilt);
  EXPECT_EQ(pair_terms(db()), 0U);
  EXPECT_FALSE(recorded_pairs(open_for_reading(db())));
  o.pairs.reset();
  dir_.write("in/99.txt", article(99));
  ASSERT_EQ(run_indexing({in()}, o).total_articles, 13U);
  EXPECT_EQ(pair_terms(db()), 0U) << "an update keeps the index's setting";
  {
    IndexWriter w(db());
    Article a;
    a.id = "extra";
    a.title = "Solar power";
    a.body = "Solar power plants grew again this year.";
    w.add(a);
    w.commit();
  }
  EXPECT_EQ(pair_terms(db()), 0U) << "so does an IndexWriter";
  o.pairs = true;
  try {
    run_indexing({in()}, o);
    ADD_FAILURE() << "added pairs to an index without them";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("without word pairs; use --rebuild"), std::string::npos)
        << e.what();
  }
  o.pairs.reset();
  o.rebuild = true;
  ASSERT_TRUE(run_indexing({in()}, o).rebuilt);
  EXPECT_GT(pair_terms(db()), 0U);
  EXPECT_TRUE(recorded_pairs(open_for_reading(db())));
}

TEST_F(IndexingTest, StoresSynonymsAndKeepsThemUntilGivenNewOnes) {
  write_twelve_and_an_empty_file();
  const fs::path file = dir_.write("syn.txt", "topicb, topicc\n");
  IndexingOptions o = options();
  o.synonyms = file;
  run_indexing({in()}, o);
  auto hits = [&](const std::string& query) {
    Searcher s(db());
    SearchRequest r;
    r.query = query;
    return s.search(r).hits.size();
  };
  EXPECT_EQ(hits("topicb"), 2U);  // articles 1 and 2
  o.synonyms.clear();
  dir_.write("in/99.txt", article(99));
  run_indexing({in()}, o);  // an update without --synonyms
  EXPECT_EQ(hits("topicb"), 2U);
  o.rebuild = true;
  run_indexing({in()}, o);  // a rebuild without --synonyms
  EXPECT_EQ(hits("topicb"), 2U);
  o.rebuild = false;
  o.synonyms = dir_.write("syn.txt", "topicd, topice\n");
  run_indexing({in()}, o);  // new ones replace the old
  EXPECT_EQ(hits("topicb"), 1U);
  EXPECT_EQ(hits("topicd"), 2U);
}

TEST_F(IndexingTest, ABadSynonymsFileFailsBeforeAnyWork) {
  write_twelve_and_an_empty_file();
  IndexingOptions o = options();
  o.synonyms = dir_.write("syn.txt", "# groups\nUK, Britain\nlonely\n");
  try {
    run_indexing({in()}, o);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("syn.txt', line 3"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(IndexDir(db()).current());
  o.synonyms = dir_.path() / "missing.txt";
  EXPECT_THROW(run_indexing({in()}, o), ConfigError);
}

TEST_F(IndexingTest, UpdateCommitsEachBatchWhileItRuns) {
  dir_.write("in/00.txt", article(0));
  ASSERT_EQ(run_indexing({in()}, options()).total_articles, 1U);
  write_twelve_and_an_empty_file();
  IndexingOptions o = options();
  o.batch_articles = 4;
  std::optional<std::uint64_t> seen;
  const IndexingReport r = run_indexing({in()}, o, [&](const Skip& s) {
    if (ends_with(s.path, "13-empty.txt")) {
      seen = Searcher(db()).article_count();  // what a reader sees in the middle of the run
    }
  });
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, 13U) << "the first article and three committed batches of four";
  EXPECT_EQ(r.added, 12U);
  EXPECT_EQ(r.total_articles, 13U);
}

TEST_F(IndexingTest, FirstBuildPublishesNothingBeforeItEnds) {
  write_twelve_and_an_empty_file();
  IndexingOptions o = options();
  o.batch_articles = 4;
  bool reported = false;
  const IndexingReport r = run_indexing({in()}, o, [&](const Skip& s) {
    if (ends_with(s.path, "13-empty.txt")) {
      reported = true;
      EXPECT_FALSE(IndexDir(db()).current().has_value());
      EXPECT_THROW(Searcher{db()}, IndexError);
    }
  });
  ASSERT_TRUE(reported);
  EXPECT_TRUE(r.rebuilt);
  EXPECT_EQ(Searcher(db()).article_count(), 12U);
}

TEST_F(IndexingTest, AnotherWriterHoldingTheLockMakesIndexAndCompactThrow) {
  write_twelve_and_an_empty_file();
  ASSERT_EQ(run_indexing({in()}, options()).total_articles, 12U);
  const DirLock other(db());
  try {
    run_indexing({in()}, options());
    ADD_FAILURE() << "run_indexing() ran while the index was locked";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
  }
  try {
    compact_index(db());
    ADD_FAILURE() << "compact_index() ran while the index was locked";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
  }
}

TEST_F(IndexingTest, ListenerGetsConversionNotesWithAnEmptyReason) {
  dir_.write("in/latin1.txt", "Caf\xe9 prices\n\nThe caf\xe9 raised its prices.\n");
  std::vector<Skip> heard;
  const IndexingReport r =
      run_indexing({in()}, options(), [&](const Skip& s) { heard.push_back(s); });
  ASSERT_EQ(heard.size(), 1U);
  EXPECT_EQ(heard[0].reason, "");
  EXPECT_EQ(heard[0].detail.rfind("converted from ", 0), 0U) << heard[0].detail;
  EXPECT_TRUE(ends_with(heard[0].path, "latin1.txt")) << heard[0].path;
  EXPECT_EQ(r.converted, 1U);
  EXPECT_EQ(r.skipped, 0U);
}

// The report's bytes and the last progress snapshot count exactly the bytes of the files read,
// whatever their last line (JSON Lines files are counted line by line).
TEST_F(IndexingTest, BytesReadAreTheSizesOfTheFilesRead) {
  dir_.write("in/a.txt", article(1));
  dir_.write("in/feed.jsonl",
             "{\"id\":\"x\",\"title\":\"X\",\"text\":\"one\"}\n"
             "{\"id\":\"y\",\"title\":\"Y\",\"text\":\"two\"}");  // no newline at the end
  std::uint64_t size = 0;
  for (const auto& e : fs::directory_iterator(in())) {
    size += e.file_size();
  }
  IndexingOptions o = options();
  std::optional<IndexingProgress> last;
  o.progress = [&](const IndexingProgress& p) { last = p; };
  const IndexingReport r = run_indexing({in()}, o);
  EXPECT_EQ(r.total_articles, 3U);
  EXPECT_EQ(r.bytes, size);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->files_done, 2U);
  EXPECT_EQ(last->files_total, 2U);
  EXPECT_EQ(last->bytes_total, size);
  EXPECT_EQ(last->bytes_done, size);
  EXPECT_EQ(last->articles, 3U);
}

}  // namespace
}  // namespace folio

namespace folio {
namespace {

// A feed's items are articles "PATH#KEY": an item gone from the feed is gone from the index on
// the next run, a changed one is replaced, the others stay.
TEST(FeedIndexingTest, ItemsFollowTheFeedFromRunToRun) {
  testing::TempDir dir;
  const auto feed = [](const std::vector<std::pair<std::string, std::string>>& items) {
    std::string rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>";
    for (const auto& [guid, title] : items) {
      rss += "<item><guid>" + guid + "</guid><title>" + title + "</title><description>Text of " +
             title + ".</description></item>";
    }
    return rss + "</channel></rss>";
  };
  const auto file =
      dir.write("in/wire.rss", feed({{"a", "Alpha"}, {"b", "Bravo"}, {"c", "Charlie"}}));
  IndexingOptions o;
  o.db = dir.path() / "db";
  o.threads = 1;
  EXPECT_EQ(run_indexing({dir.path() / "in"}, o).total_articles, 3U);
  dir.write("in/wire.rss", feed({{"a", "Alpha"}, {"c", "Charlie revised"}}));
  std::filesystem::last_write_time(
      file, std::filesystem::last_write_time(file) + std::chrono::seconds(2));
  const IndexingReport r = run_indexing({dir.path() / "in"}, o);
  EXPECT_EQ(r.total_articles, 2U);
  Searcher s(o.db);
  Article a;
  EXPECT_TRUE(s.get_article("wire.rss#a", a));
  EXPECT_FALSE(s.get_article("wire.rss#b", a)) << "an item gone from the feed";
  ASSERT_TRUE(s.get_article("wire.rss#c", a));
  EXPECT_EQ(a.title, "Charlie revised");
}

}  // namespace
}  // namespace folio
