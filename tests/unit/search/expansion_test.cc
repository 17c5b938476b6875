// Tests of query expansion: more like this, and pseudo-relevance feedback.
#include "search/expansion.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/searcher.h"

#include "articles.h"
#include "memory_index.h"

namespace folio {
namespace {

using testing::Counts;
using testing::counts_of;
using testing::Ids;
using testing::ids_of;
using FeaturesTest = testing::MemoryIndexTest;
using testing::make_filed;

class LikeTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter& w = index_.writer();
    w.add(make_filed("volcano-1", "Volcano erupts in Iceland",
                     "The volcano erupted overnight, sending lava and ash over the glacier. "
                     "Flights were grounded as the ash cloud spread.",
                     "2021-03-20", "science"));
    w.add(make_filed("volcano-2", "Ash cloud grounds flights",
                     "An ash cloud from the erupting volcano grounded flights across the north. "
                     "Lava flowed towards the glacier.",
                     "2021-03-21", "travel"));
    w.add(make_filed("volcano-3", "Lava reaches the sea",
                     "Lava from the volcano reached the sea, and ash fell on villages.",
                     "2022-01-10", "science"));
    w.add(make_filed("football", "Cup final tonight",
                     "The two teams meet in the cup final tonight.", "2021-05-01", "sport"));
    w.add(make_filed("bank", "Rates rise", "The central bank raised interest rates again.",
                     "2021-06-01", "business"));
    w.commit();
  }
};

TEST_F(LikeTest, FindsRelatedArticlesButNotItselfAndReportsItsTerms) {
  SearchRequest r;
  r.like = "volcano-1";
  const SearchResults res = search(r);
  Ids got = ids_of(res);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Ids{"volcano-2", "volcano-3"}));
  ASSERT_FALSE(res.like_terms.empty());
  EXPECT_LE(res.like_terms.size(), 30U);
  for (const std::string& t : res.like_terms) {
    EXPECT_FALSE(t.empty());
    EXPECT_FALSE(t[0] >= 'A' && t[0] <= 'Z') << "a prefixed term: " << t;
  }
  EXPECT_NE(std::find(res.like_terms.begin(), res.like_terms.end(), "volcano"),
            res.like_terms.end());
  EXPECT_NE(std::find(res.like_terms.begin(), res.like_terms.end(), "ash"), res.like_terms.end());
}

TEST_F(LikeTest, IgnoresTheQueryAndKeepsFilters) {
  SearchRequest r;
  r.like = "volcano-1";
  r.query = "cup final";
  r.category = "science";
  EXPECT_EQ(ids_of(search(r)), (Ids{"volcano-3"}));
}

TEST_F(LikeTest, AnArticleSharingNoTermsHasNoneLikeIt) {
  index_.writer().add(make_filed("unique", "Xylophones", "Quokkas juggle.", "", "science"));
  index_.writer().commit();
  SearchRequest r;
  r.like = "unique";
  r.category = "science";
  const SearchResults res = search(r);
  EXPECT_TRUE(res.hits.empty());
  EXPECT_TRUE(res.like_terms.empty());
}

TEST_F(LikeTest, AnUnknownIdIsAnErrorNamingIt) {
  SearchRequest r;
  r.like = "no/such-article.txt";
  try {
    search(r);
    FAIL() << "no error for an unknown id";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no/such-article.txt"), std::string::npos) << e.what();
  }
}

// Pseudo-relevance feedback: words shared by the top hits find an article that has none of
// the query's words; without feedback it is not found.
TEST(FeedbackTest, FindsArticlesThroughTheTopHitsWords) {
  testing::MemoryIndex index;
  {
    IndexWriter& w = index.writer();
    for (int i = 0; i < 6; ++i) {
      w.add(make_filed("storm-" + std::to_string(i), "Storm report " + std::to_string(i),
                       "The hurricane brought flooding and evacuation along the coast, day " +
                           std::to_string(i) + ".",
                       "", "weather"));
    }
    w.add(
        make_filed("flood", "Coast towns count the cost", "Flooding and evacuation on the coast."));
    for (int i = 0; i < 20; ++i) {
      w.add(make_filed("other-" + std::to_string(i), "Market news " + std::to_string(i),
                       "Shares rose on the stock exchange in quiet trading."));
    }
    w.commit();
  }
  Searcher s = index.searcher();
  SearchRequest r;
  r.query = "hurricane";
  const auto has_flood = [](const SearchResults& res) {
    return std::any_of(res.hits.begin(), res.hits.end(),
                       [](const Hit& h) { return h.article.id == "flood"; });
  };
  EXPECT_FALSE(has_flood(s.search(r)));
  r.feedback = true;
  const SearchResults with = s.search(r);
  EXPECT_TRUE(has_flood(with));
  EXPECT_EQ(with.hits.front().article.id.rfind("storm-", 0), 0U);  // the query's own hits lead
  // A filter still holds: feedback terms only re-rank what the query allows.
  r.category = "weather";
  const SearchResults filtered = s.search(r);
  EXPECT_EQ(filtered.hits.size(), 6U);
  EXPECT_FALSE(has_flood(filtered));
}

}  // namespace
}  // namespace folio
