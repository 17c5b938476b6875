// Tests of IndexWriter on index folders: creating one, its language, sharded indexes.
#include "folio/index_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/error.h"
#include "folio/indexing.h"
#include "folio/searcher.h"

#include "articles.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

class IndexWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    testing::add_news(w);
  }

  fs::path db() const { return dir_.path() / "db"; }
  testing::TempDir dir_;
};

TEST_F(IndexWriterTest, KeepsTheLanguageItWasBuiltWith) {
  EXPECT_THROW(IndexWriter w(db(), "french"), IndexError);
  const auto fr = dir_.path() / "fr";
  {
    IndexWriter w(fr, "french");
    w.add(testing::make_article("a", "Les chanteuses", "Elles chantaient continuellement."));
  }
  IndexWriter again(fr);
  EXPECT_EQ(again.language(), "fr");  // the setting, by its code
  Searcher s(fr);
  SearchRequest r;
  r.query = "chanteuse continuel";
  EXPECT_EQ(s.search(r).hits.size(), 1U);
}

TEST_F(IndexWriterTest, CreatesAnIndexFolderWithItsFirstGeneration) {
  const IndexDir dir(db());
  ASSERT_TRUE(dir.current().has_value());
  EXPECT_EQ(Searcher(db()).article_count(), 6U);
  EXPECT_FALSE(IndexDir(dir_.path() / "none").current().has_value());
}

// In a sharded index (as folio-index --shards writes it) each article goes to the shard its id
// hashes to, and replacing or removing it finds it there.
TEST(ShardedIndexWriterTest, WritesEachArticleToItsShard) {
  testing::TempDir dir;
  dir.write("in/a.txt", "Alpha\n\nFirst.\n");
  IndexingOptions o;
  o.db = dir.path() / "db";
  o.shards = 3;
  o.threads = 1;
  ASSERT_EQ(run_indexing({dir.path() / "in"}, o).shards, 3U);
  {
    IndexWriter w(o.db);
    for (int i = 0; i < 12; ++i) {
      w.add(testing::make_article("n" + std::to_string(i), "Note", "A note."));
    }
    EXPECT_EQ(w.article_count(), 13U);
    EXPECT_TRUE(w.remove("n0"));
    w.commit();
  }
  const std::vector<fs::path> shards = generation_shards(*IndexDir(o.db).current());
  ASSERT_EQ(shards.size(), 3U);
  for (int i = 1; i < 12; ++i) {
    const std::string term = schema::id_term("n" + std::to_string(i));
    for (unsigned k = 0; k < 3; ++k) {
      EXPECT_EQ(Xapian::Database(shards[k].string()).term_exists(term), k == shard_of(term, 3))
          << term << " in shard " << k;
    }
  }
  EXPECT_EQ(Searcher(o.db).article_count(), 12U);
}

}  // namespace
}  // namespace folio
