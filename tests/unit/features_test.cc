// Tests of facets, filters with facets, date sorting, more like this and duplicate collapsing.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/schema.h"
#include "folio/search.h"

#include "articles.h"
#include "temp_dir.h"

namespace folio {
namespace {

// An article with a date and a category (no author).
Article make(std::string id, std::string title, std::string body, std::string date = "",
             std::string category = "") {
  return testing::make_article(std::move(id), std::move(title), std::move(body), std::move(date),
                               "", std::move(category));
}

using Ids = std::vector<std::string>;
using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

Ids ids_of(const SearchResults& res) {
  Ids out;
  for (const Hit& h : res.hits) {
    out.push_back(h.article.id);
  }
  return out;
}

Counts counts_of(const std::vector<FacetCount>& facet) {
  Counts out;
  for (const FacetCount& c : facet) {
    out.emplace_back(c.value, c.count);
  }
  return out;
}

class FeaturesTest : public ::testing::Test {
 protected:
  std::filesystem::path db() const { return dir_.path() / "db"; }

  SearchResults search(const SearchRequest& r) {
    Searcher s(db());
    return s.search(r);
  }

  testing::TempDir dir_;
};

// 12 articles about zebras: 6 in "wildlife", 4 in "science", 2 in "travel", over 2019-2021.
class FacetTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    const char* dates[] = {"2019-03-01", "2019-03-20", "2020-01-05",
                           "2020-07-14", "2021-02-02", "2021-02-28"};
    for (int i = 0; i < 12; ++i) {
      const char* category = i < 6 ? "wildlife" : i < 10 ? "science" : "travel";
      const std::string n = std::to_string(i);
      w.add(make("z" + n, "Zebra report " + n, "Zebras number " + n + " crossed the plain.",
                 dates[i % 6], category));
    }
    w.add(make("lion", "Lion report", "A lion slept.", "2018-05-05", "wildlife"));
    w.add(make("undated", "Undated zebra note", "A zebra without a date.", "", "wildlife"));
  }
};

TEST_F(FacetTest, CountEveryMatchNotOnlyThePage) {
  SearchRequest r;
  r.query = "zebra";
  r.limit = 2;
  const SearchResults res = search(r);
  EXPECT_EQ(res.hits.size(), 2U);
  EXPECT_EQ(res.total, 13U);
  EXPECT_EQ(counts_of(res.facets.categories),
            (Counts{{"wildlife", 7}, {"science", 4}, {"travel", 2}}));
  EXPECT_EQ(counts_of(res.facets.years), (Counts{{"2019", 4}, {"2020", 4}, {"2021", 4}}));
  EXPECT_EQ(counts_of(res.facets.months),
            (Counts{{"2019-03", 4}, {"2020-01", 2}, {"2020-07", 2}, {"2021-02", 4}}));
}

TEST_F(FacetTest, FiltersCombineWithTheQueryAndTheFacets) {
  SearchRequest r;
  r.query = "zebra";
  r.category = "science";
  r.date_from = "2020";
  r.date_to = "2020-06";
  const SearchResults res = search(r);
  Ids got = ids_of(res);
  std::sort(got.begin(), got.end());
  // science is z6..z9; dates[i % 6]: z8 is 2020-01-05, z9 2020-07-14 (after the range).
  EXPECT_EQ(got, (Ids{"z8"}));
  EXPECT_EQ(counts_of(res.facets.categories), (Counts{{"science", 1}}));
  EXPECT_EQ(counts_of(res.facets.months), (Counts{{"2020-01", 1}}));

  r.query = "zebra OR lion";
  r.category = "wildlife";
  r.date_from = "";
  r.date_to = "2019";
  got = ids_of(search(r));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Ids{"lion", "z0", "z1"}));
}

TEST_F(FacetTest, CanBeTurnedOff) {
  SearchRequest r;
  r.query = "zebra";
  r.facets = false;
  const SearchResults res = search(r);
  EXPECT_FALSE(res.hits.empty());
  EXPECT_TRUE(res.facets.categories.empty());
  EXPECT_TRUE(res.facets.years.empty());
  EXPECT_TRUE(res.facets.months.empty());
}

class SortTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    w.add(make("mid", "Comet seen", "A comet at noon.", "2020-05-01"));
    w.add(make("undated", "Comet comet comet", "Comet comet comet comet."));
    w.add(make("old", "Comet seen", "A comet at dusk.", "2001-01-01"));
    w.add(make("new-strong", "Comet comet", "Comet comet comet.", "2023-09-09"));
    w.add(make("new-weak", "Comet seen", "A comet and other long words about the sky.",
               "2023-09-09"));
    w.add(make("other", "Nothing here", "No match.", "2024-01-01"));
  }

  Ids sorted(SortOrder order) {
    SearchRequest r;
    r.query = "comet";
    r.sort = order;
    return ids_of(search(r));
  }
};

TEST_F(SortTest, NewestAndOldestFirstWithUndatedLastAndTiesByRelevance) {
  EXPECT_EQ(sorted(SortOrder::newest), (Ids{"new-strong", "new-weak", "mid", "old", "undated"}));
  EXPECT_EQ(sorted(SortOrder::oldest), (Ids{"old", "mid", "new-strong", "new-weak", "undated"}));
  EXPECT_EQ(sorted(SortOrder::relevance).front(), "undated");
}

TEST_F(SortTest, PagesInDateOrder) {
  SearchRequest r;
  r.query = "comet";
  r.sort = SortOrder::oldest;
  r.offset = 1;
  r.limit = 2;
  const SearchResults res = search(r);
  EXPECT_EQ(ids_of(res), (Ids{"mid", "new-strong"}));
  EXPECT_EQ(res.hits[0].rank, 2U);
}

class LikeTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    w.add(make("volcano-1", "Volcano erupts in Iceland",
               "The volcano erupted overnight, sending lava and ash over the glacier. "
               "Flights were grounded as the ash cloud spread.",
               "2021-03-20", "science"));
    w.add(make("volcano-2", "Ash cloud grounds flights",
               "An ash cloud from the erupting volcano grounded flights across the north. "
               "Lava flowed towards the glacier.",
               "2021-03-21", "travel"));
    w.add(make("volcano-3", "Lava reaches the sea",
               "Lava from the volcano reached the sea, and ash fell on villages.", "2022-01-10",
               "science"));
    w.add(make("football", "Cup final tonight", "The two teams meet in the cup final tonight.",
               "2021-05-01", "sport"));
    w.add(make("bank", "Rates rise", "The central bank raised interest rates again.", "2021-06-01",
               "business"));
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
  {
    IndexWriter w(db());
    w.add(make("unique", "Xylophones", "Quokkas juggle.", "", "science"));
  }
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

class DuplicateTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    // Syndicated copies: other titles, whitespace, case, punctuation and Unicode form.
    w.add(make("wire-a", "Storm hits coast", "A storm hit the coast on Monday. Roofs were lost.",
               "2022-02-01"));
    w.add(make("wire-b", "Coast storm (agency copy)",
               "A  STORM hit the coast on Monday!\n\nRoofs were lost.", "2022-02-02"));
    w.add(make("wire-c", "STORM", "a storm hit the coast on monday -- roofs were lost...",
               "2022-02-03"));
    w.add(make("other", "Another storm", "A storm hit the hills on Tuesday.", "2022-02-04"));
    // Articles with no body must not collapse together.
    w.add(make("empty-1", "Storm warning", "", "2022-02-05"));
    w.add(make("empty-2", "Storm watch", "", "2022-02-06"));
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
    const Xapian::Database d(db().string());  // the folder's stub names the current generation
    const std::string term = schema::id_term(id);
    return !d.get_document(*d.postlist_begin(term)).get_value(schema::kSlotCopies).empty();
  };
  for (const char* id : {"wire-a", "wire-b", "wire-c"}) {
    EXPECT_TRUE(marked(id)) << id;
  }
  for (const char* id : {"other", "empty-1", "empty-2"}) {
    EXPECT_FALSE(marked(id)) << id;
  }
  {
    IndexWriter w(db());
    w.remove("wire-b");
    w.remove("wire-c");
    w.commit();
  }
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
