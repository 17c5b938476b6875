// Tests of the shard writer alone, over in-memory databases: routing by id, deletions, the
// manifest shard, counts, and the batch rule.
#include "indexing/shard_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "store/database.h"
#include "store/schema.h"

namespace folio {
namespace {

Xapian::Document doc_with(const std::string& id_term, const std::string& source_term) {
  Xapian::Document d;
  d.add_boolean_term(id_term);
  d.add_boolean_term(source_term);
  return d;
}

class ShardWriterTest : public ::testing::Test {
 protected:
  ShardWriterTest() {
    for (int k = 0; k < 3; ++k) {
      dbs_.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
    }
  }

  // A writer over the three in-memory shards (they stay shared with dbs_).
  ShardWriter writer(const BatchRule& rule = {}) {
    return ShardWriter(dbs_, 2, rule, report_, "test index");
  }

  Unit articles(const std::vector<std::string>& ids, const std::string& source = "XFsrc") {
    Unit u;
    for (const std::string& id : ids) {
      u.docs.emplace_back(schema::id_term(id), doc_with(schema::id_term(id), source));
    }
    return u;
  }

  std::vector<Xapian::WritableDatabase> dbs_;
  RunReport report_{IndexingListener{}};
};

TEST_F(ShardWriterTest, EachArticleGoesToTheShardItsIdHashesTo) {
  ShardWriter w = writer();
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) {
    ids.push_back("a" + std::to_string(i));
  }
  Unit u = articles(ids);
  u.metadata.emplace_back("folio.file:x", "record");
  w.apply(1, u);
  for (const std::string& id : ids) {
    const std::string term = schema::id_term(id);
    for (unsigned k = 0; k < 3; ++k) {
      EXPECT_EQ(dbs_[k].term_exists(term), k == shard_of(term, 3)) << id << " shard " << k;
    }
  }
  EXPECT_EQ(dbs_[0].get_metadata("folio.file:x"), "record") << "the manifest lives in shard 0";
  EXPECT_EQ(dbs_[1].get_metadata("folio.file:x"), "");
  EXPECT_EQ(report_.counts().added, 30U);
}

TEST_F(ShardWriterTest, ReplacingCountsAnUpdateAndAFileRemovalReachesEveryShard) {
  ShardWriter w = writer();
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) {
    ids.push_back("b" + std::to_string(i));
  }
  Unit first = articles(ids);
  w.apply(0, first);
  Unit again = articles({"b0", "b1", "new"});
  w.apply(0, again);
  EXPECT_EQ(report_.counts().added, 13U);
  EXPECT_EQ(report_.counts().updated, 2U);
  Unit gone;
  gone.delete_terms.push_back("XFsrc");
  w.apply(1, gone);
  for (const auto& db : dbs_) {
    EXPECT_EQ(db.get_doccount(), 0U);
  }
  EXPECT_EQ(report_.counts().removed, 13U);
}

TEST_F(ShardWriterTest, ShardZerosBatchCountsEveryShardAndCommitsThemAllWithIt) {
  ShardWriter w = writer(BatchRule{4, 1 << 30});
  std::vector<std::string> ids;
  for (int i = 0; ids.size() < 3; ++i) {  // three articles of shard 1
    const std::string id = "c" + std::to_string(i);
    if (shard_of(schema::id_term(id), 3) == 1) {
      ids.push_back(id);
    }
  }
  Unit u = articles(ids);
  w.apply(0, u);
  EXPECT_EQ(w.target(0, 1).pending_docs, 3U);
  EXPECT_EQ(w.target(0, 0).pending_docs, 3U) << "shard 0 counts the other shards' articles";
  Unit one_more = articles({ids[0]});  // a replacement counts towards the batch too
  w.apply(0, one_more);
  EXPECT_EQ(w.target(0, 0).pending_docs, 0U) << "four articles: committed";
  EXPECT_EQ(w.target(0, 1).pending_docs, 0U) << "shard 1 committed with shard 0";
}

TEST_F(ShardWriterTest, TheLinesOfAFileAreKnownByIdAndHash) {
  ShardWriter w = writer();
  Unit u;
  for (const char* id : {"x", "y"}) {
    Xapian::Document d = doc_with(schema::id_term(id), "XFfeed");
    d.add_value(schema::kSlotId, id);
    d.add_value(schema::kSlotHash, std::string("hash-") + id);
    u.docs.emplace_back(schema::id_term(id), d);
  }
  w.apply(0, u);
  const auto hashes = w.line_hashes("feed");
  ASSERT_EQ(hashes.size(), 2U);
  EXPECT_EQ(hashes.at("x"), "hash-x");
  EXPECT_EQ(hashes.at("y"), "hash-y");
}

}  // namespace
}  // namespace folio
