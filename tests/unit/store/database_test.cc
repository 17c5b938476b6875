// Tests of opening an index: for reading (schema checked) and for writing (lock, language,
// schema, shard count).
#include "store/database.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/indexing.h"
#include "folio/searcher.h"

#include "articles.h"
#include "store/index_dir.h"
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
  EXPECT_THROW(WritableIndex(db(), WriteOptions{"", false, 2, std::nullopt}), ConfigError);
  WritableIndex rebuild(db(), WriteOptions{"", true, 2, std::nullopt});
  EXPECT_TRUE(rebuild.shards().empty()) << "a rebuild opens none of the old index";
  EXPECT_TRUE(rebuild.generation().has_value());
}

TEST_F(DatabaseTest, AnotherWordPairsSettingNeedsARebuild) {
  EXPECT_TRUE(WritableIndex(db(), WriteOptions{}).pairs()) << "on by default";
  try {
    WritableIndex(db(), WriteOptions{"", false, 0, false});
    ADD_FAILURE() << "opened an index with word pairs as one without";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("built with word pairs; use --rebuild to leave them out"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find(db().string()), std::string::npos) << e.what();
  }
  EXPECT_TRUE(WritableIndex(db(), WriteOptions{"", false, 0, true}).pairs());
  EXPECT_FALSE(WritableIndex(db(), WriteOptions{"", true, 0, false}).pairs());
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

TEST(GenerationNumberTest, ReadsTheGenerationAnIndexFolderStubNames) {
  struct Case {
    const char* stub;
    std::uint64_t expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"auto gen-3\n", 3},
           {"auto gen-12", 12},
           {"auto gen-7\r\n", 7},
           {"auto shard-0\nauto shard-1\n", 0},  // a generation's own stub of shards
           {"remote 127.0.0.1:4001\n", 0},
           {"auto gen-x\n", 0},
           {"auto gen-3 extra\n", 0},
           {"", 0},
       }) {
    EXPECT_EQ(generation_number(c.stub), c.expected) << c.stub;
  }
}

// Searcher::generations(): the generation an index folder's stub names, followed as a
// compaction publishes the next one.
TEST(GenerationNumberTest, TheSearcherGivesTheGenerationItServes) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  {
    IndexWriter w(db);
    testing::add_news(w);
  }
  const auto stub_generation = [&db] { return generation_number(layout_signature(db)); };
  Searcher searcher(db);
  const std::uint64_t first = stub_generation();
  ASSERT_GE(first, 1U);
  EXPECT_EQ(searcher.generations(), std::vector<std::uint64_t>{first});
  compact_index(db);
  ASSERT_GT(stub_generation(), first);
  EXPECT_EQ(searcher.generations(), std::vector<std::uint64_t>{stub_generation()});
  // A bare database is no index folder: generation 0.
  Searcher plain(IndexDir(db).current().value());
  EXPECT_EQ(plain.generations(), std::vector<std::uint64_t>{0});
}

}  // namespace
}  // namespace folio
