// Tests of opening an index: for reading (schema checked) and for writing (lock, language,
// schema, shard count).
#include "store/database.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/searcher.h"

#include "articles.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    testing::add_news(w);
  }

  std::filesystem::path db() const { return dir_.path() / "db"; }
  testing::TempDir dir_;
};

TEST_F(DatabaseTest, RefusesAnIndexOfAnotherSchemaVersion) {
  {
    Xapian::WritableDatabase x(db().string(), Xapian::DB_OPEN);
    x.set_metadata(std::string(schema::kMetaSchema), "999");
    x.commit();
  }
  try {
    Searcher s(db());
    FAIL() << "opened an index of schema version 999";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 999"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(db().string()), std::string::npos) << e.what();
  }
  EXPECT_THROW(IndexWriter w(db()), IndexError);
}

TEST_F(DatabaseTest, RefusesWhatIsNotAFolioIndex) {
  const auto plain = dir_.path() / "plain";
  {
    Xapian::WritableDatabase x(plain.string(), Xapian::DB_CREATE);
    x.add_document(Xapian::Document());
  }
  EXPECT_THROW(Searcher s(plain), IndexError);
  EXPECT_THROW(Searcher s(dir_.path() / "missing"), IndexError);
}

TEST_F(DatabaseTest, OneWriterAtATime) {
  const WritableIndex first(db(), WriteOptions{});
  try {
    const WritableIndex second(db(), WriteOptions{});
    FAIL() << "a second writer opened the index";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("is locked"), std::string::npos) << e.what();
  }
  EXPECT_THROW(IndexWriter w(db()), IndexError);
}

TEST_F(DatabaseTest, OpensEveryShardAndChecksTheCount) {
  WritableIndex index(db(), WriteOptions{});
  EXPECT_EQ(index.existing_shards(), 1U);
  EXPECT_EQ(index.shards().size(), 1U);
  EXPECT_EQ(index.articles(), 6U);
  EXPECT_EQ(index.language(), "auto");  // a new index gives each article its own language
}

TEST_F(DatabaseTest, AnotherShardCountNeedsARebuild) {
  EXPECT_THROW(WritableIndex(db(), WriteOptions{"", false, 2}), ConfigError);
  WritableIndex rebuild(db(), WriteOptions{"", true, 2});
  EXPECT_TRUE(rebuild.shards().empty()) << "a rebuild opens none of the old index";
  EXPECT_TRUE(rebuild.generation().has_value());
}

TEST(ShardOfTest, SpreadsIdsOverTheShardsAndIsStable) {
  std::vector<int> per_shard(4, 0);
  for (int i = 0; i < 400; ++i) {
    const std::string term = schema::id_term("article-" + std::to_string(i));
    const unsigned k = shard_of(term, 4);
    ASSERT_LT(k, 4U);
    EXPECT_EQ(shard_of(term, 4), k);
    ++per_shard[k];
  }
  for (int n : per_shard) {
    EXPECT_GT(n, 60) << "400 ids over 4 shards";
  }
}

}  // namespace
}  // namespace folio
