// Tests of duplicate collapsing: copies of a body shown once, marked at commit, counted.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/index_writer.h"
#include "folio/searcher.h"

#include "articles.h"
#include "memory_index.h"
#include "store/schema.h"

namespace folio {
namespace {

using testing::Counts;
using testing::counts_of;
using testing::Ids;
using testing::ids_of;
using FeaturesTest = testing::MemoryIndexTest;
using testing::make_filed;

class DuplicateTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter& w = index_.writer();
    // Syndicated copies: other titles, whitespace, case, punctuation and Unicode form.
    w.add(make_filed("wire-a", "Storm hits coast",
                     "A storm hit the coast on Monday. Roofs were lost.", "2022-02-01"));
    w.add(make_filed("wire-b", "Coast storm (agency copy)",
                     "A  STORM hit the coast on Monday!\n\nRoofs were lost.", "2022-02-02"));
    w.add(make_filed("wire-c", "STORM", "a storm hit the coast on monday -- roofs were lost...",
                     "2022-02-03"));
    w.add(make_filed("other", "Another storm", "A storm hit the hills on Tuesday.", "2022-02-04"));
    // Articles with no body must not collapse together.
    w.add(make_filed("empty-1", "Storm warning", "", "2022-02-05"));
    w.add(make_filed("empty-2", "Storm watch", "", "2022-02-06"));
    w.commit();
  }
};

TEST_F(DuplicateTest, IdenticalBodiesShowOnceWithTheNumberOfCopies) {
  SearchRequest r;
  r.query = "storm coast";
  const SearchResults res = search(r);
  const Ids got = ids_of(res);
  const auto wires = std::count_if(got.begin(), got.end(),
                                   [](const std::string& id) { return id.rfind("wire-", 0) == 0; });
  EXPECT_EQ(wires, 1) << ::testing::PrintToString(got);
  for (const Hit& h : res.hits) {
    EXPECT_EQ(h.duplicates, h.article.id.rfind("wire-", 0) == 0 ? 2U : 0U) << h.article.id;
  }
  EXPECT_EQ(res.total, 4U);  // one wire story, "other", and the two empty-bodied articles
  EXPECT_NE(std::find(got.begin(), got.end(), "empty-1"), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), "empty-2"), got.end());
}

// The collapse key is on copies only (unique articles cost the matcher nothing), and follows
// deletions: once its copies are gone, an article is no longer marked.
TEST_F(DuplicateTest, OnlyCopiesCarryTheCollapseKeyAndItFollowsRemovals) {
  const auto marked = [this](const std::string& id) {
    const Xapian::Database& d = index_.db();
    const std::string term = schema::id_term(id);
    return !d.get_document(*d.postlist_begin(term)).get_value(schema::kSlotCopies).empty();
  };
  for (const char* id : {"wire-a", "wire-b", "wire-c"}) {
    EXPECT_TRUE(marked(id)) << id;
  }
  for (const char* id : {"other", "empty-1", "empty-2"}) {
    EXPECT_FALSE(marked(id)) << id;
  }
  index_.writer().remove("wire-b");
  index_.writer().remove("wire-c");
  index_.writer().commit();
  EXPECT_FALSE(marked("wire-a"));
  SearchRequest r;
  r.query = "storm coast";
  const SearchResults res = search(r);
  ASSERT_FALSE(res.hits.empty());
  EXPECT_EQ(res.hits.front().article.id, "wire-a");
  EXPECT_EQ(res.hits.front().duplicates, 0U);
}

TEST_F(DuplicateTest, TheTotalCountsACollapsedGroupOnceOnEveryPage) {
  SearchRequest r;
  r.query = "storm coast";
  for (std::size_t limit = 1; limit <= 5; ++limit) {
    r.limit = limit;
    EXPECT_EQ(search(r).total, 4U) << "limit " << limit;
  }
}

TEST_F(DuplicateTest, FacetsCountEveryCopy) {
  // Xapian's match spies see each match before collapsing: facets count articles, not groups.
  SearchRequest r;
  r.query = "storm coast";
  const SearchResults res = search(r);
  EXPECT_EQ(res.total, 4U);
  EXPECT_EQ(counts_of(res.facets.months), (Counts{{"2022-02", 6}}));
}

TEST_F(DuplicateTest, NoCollapseShowsEveryCopy) {
  SearchRequest r;
  r.query = "storm coast";
  r.collapse_duplicates = false;
  const SearchResults res = search(r);
  Ids got = ids_of(res);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Ids{"empty-1", "empty-2", "other", "wire-a", "wire-b", "wire-c"}));
  for (const Hit& h : res.hits) {
    EXPECT_EQ(h.duplicates, 0U) << h.article.id;
  }
}

TEST_F(DuplicateTest, MoreLikeThisLeavesOutCopiesOfTheArticle) {
  SearchRequest r;
  r.like = "wire-a";
  r.collapse_duplicates = false;
  EXPECT_EQ(ids_of(search(r)), (Ids{"other"}));
}

TEST_F(DuplicateTest, CollapsesInDateOrderToo) {
  SearchRequest r;
  r.query = "storm";
  r.sort = SortOrder::newest;
  EXPECT_EQ(ids_of(search(r)), (Ids{"empty-2", "empty-1", "other", "wire-c"}));
}

}  // namespace
}  // namespace folio
