// Tests of the Searcher over an index in memory: ranking, query syntax, filters, paging,
// stored fields and snippets of hits, replacing and removing articles, date order.
#include "folio/searcher.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "folio/error.h"
#include "folio/index_writer.h"

#include "articles.h"
#include "memory_index.h"
#include "store/schema.h"

namespace folio {
namespace {

using testing::Ids;
using testing::ids_of;

template <class... Args>
Article make(Args&&... args) {
  return testing::make_article(std::forward<Args>(args)...);
}

// An article with a date and no author or category.
Article make_dated(std::string id, std::string title, std::string body, std::string date = "") {
  return testing::make_article(std::move(id), std::move(title), std::move(body), std::move(date));
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::add_news(index_.writer()); }

  Ids ids(const std::string& query, std::size_t limit = 10) {
    SearchRequest r;
    r.query = query;
    r.limit = limit;
    return ids_of(index_.searcher().search(r));
  }

  testing::MemoryIndex index_;
};

TEST_F(SearchTest, RanksTheArticleMatchingMostTermsFirst) {
  const Ids hits = ids("Huawei 5G security");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front(), "uk-huawei");
}

// 24 words that are not stopwords: longer than the lead (schema::kLeadWords words indexed;
// stopwords are not).
constexpr const char* kFiller =
    "Committee members met Tuesday discussing weekly plans, budgets, schedules, staffing, "
    "training, equipment, transport, catering, security, publicity, premises, insurance, "
    "parking, cleaning, lighting, heating, printing and monthly reports";
static_assert(schema::kLeadWords < 24);

// Twenty articles of market news, each `body`: so that the words the tests search are rare.
void add_market_news(testing::MemoryIndex& index, const std::string& body) {
  for (int i = 0; i < 20; ++i) {
    index.writer().add(make("other-" + std::to_string(i), "Market news", body));
  }
}

// A word in the title counts more than the same word in the body (schema::kTitleWdf): "orbit"
// is once in the title of "title" and twice in the body of "body", past its lead, and the two
// articles are otherwise alike and equally long. Counted once, the title word would lose to the
// two body words; counted three times, it wins.
TEST(TitleWeightTest, TitleMatchesCountMore) {
  testing::MemoryIndex index;
  const std::string filler = std::string(kFiller) + " ";
  index.writer().add(
      make("body", "Engineers report progress", filler + "orbit and orbit changes."));
  index.writer().add(make("title", "Engineers report orbit", filler + "progress and changes."));
  add_market_news(index, filler + "shares rose.");
  index.writer().commit();
  SearchRequest r;
  r.query = "orbit";
  EXPECT_EQ(ids_of(index.searcher().search(r)), (Ids{"title", "body"}));
}

// A word of the lead (the body's first schema::kLeadWords words) counts more than the same word
// later in the body: "orbit" opens the body of "lead" and closes that of "late", two articles
// alike in every other way.
TEST(LeadWeightTest, WordsOfTheLeadCountMore) {
  testing::MemoryIndex index;
  const std::string filler = kFiller;
  index.writer().add(make("late", "Engineers report", filler + " orbit."));
  index.writer().add(make("lead", "Engineers report", "Orbit. " + filler));
  add_market_news(index, filler + " shares.");
  index.writer().commit();
  SearchRequest r;
  r.query = "orbit";
  for (const char* w : {"ineb2", "bm25", "pl2"}) {
    r.weighting = Weighting::parse(w);
    EXPECT_EQ(ids_of(index.searcher().search(r)), (Ids{"lead", "late"})) << w;
  }
}

// Words of the query side by side in an article count more than the same words apart
// (Weighting::pairs, the index's pair terms): "near" and "apart" have the same words, as often
// and as many, in another order.
TEST(PairWeightTest, QueryWordsSideBySideCountMore) {
  testing::MemoryIndex index;
  const std::string filler = kFiller;
  index.writer().add(make("near", "Engineers report", filler + " solar power grew."));
  index.writer().add(make("apart", "Engineers report", filler + " power grew solar."));
  add_market_news(index, filler + " shares.");
  index.writer().commit();
  SearchRequest r;
  r.query = "solar power";
  for (const char* w : {"ineb2", "bm25", "pl2"}) {
    r.weighting = Weighting::parse(w);
    EXPECT_EQ(ids_of(index.searcher().search(r)), (Ids{"near", "apart"})) << w;
    r.weighting.pairs = 0;
    const SearchResults off = index.searcher().search(r);
    ASSERT_EQ(off.hits.size(), 2U) << w;
    EXPECT_DOUBLE_EQ(off.hits[0].score, off.hits[1].score) << w << ": no pairs, no difference";
  }
}

TEST_F(SearchTest, QuerySyntax) {
  struct Case {
    const char* query;
    Ids expected;  // sorted
  };
  const Case cases[] = {
      {"\"5G network\"", {"nokia", "uk-huawei"}},
      {"\"network 5G\"", {}},
      {"huawei AND security", {"uk-huawei"}},
      {"nokia OR marathon", {"marathon", "nokia"}},
      {"5g NOT huawei", {"nokia"}},
      {"5g -huawei", {"nokia"}},
      {"+huawei security", {"rural-5g", "uk-huawei"}},
      {"(nokia OR cafe) AND contracts", {"nokia"}},
      {"title:huawei", {"uk-huawei"}},
      {"title:\"faster mobile\"", {"rural-5g"}},
      {"author:smith", {"marathon", "uk-huawei"}},
      {"author:\"jane smith\" AND cafe", {"marathon"}},
      {"author:\"jane smith\" cafe", {"marathon", "uk-huawei"}},
      {"category:business", {"bank", "nokia"}},
      {"category:Business 5g", {"nokia"}},
      {"category:sport category:business", {"bank", "marathon", "nokia"}},
      {"-category:technology -category:business", {"marathon", "undated"}},
      {"date:2020", {"nokia", "uk-huawei"}},
      {"date:2020-01-01..2020-03-31", {"uk-huawei"}},
      {"date:2022.. rates OR cafe", {"bank", "marathon"}},
      {"5g date:..2020-12", {"nokia", "uk-huawei"}},
      {"café", {"marathon"}},
      {"CAFE", {"marathon"}},
      {"3.5%", {"bank"}},
      {"the", {}},
  };
  for (const auto& c : cases) {
    Ids got = ids(c.query);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, c.expected) << c.query;
  }
}

TEST_F(SearchTest, MalformedQuerySaysSoAndSearchesWords) {
  Searcher s = index_.searcher();
  SearchRequest r;
  r.query = "\"huawei AND AND";
  const SearchResults res = s.search(r);
  EXPECT_TRUE(res.fell_back);
  EXPECT_NE(res.notice.find("unbalanced quote"), std::string::npos) << res.notice;
  ASSERT_FALSE(res.hits.empty());
  EXPECT_EQ(res.hits.front().article.id, "uk-huawei");
}

TEST_F(SearchTest, FiltersFromTheRequest) {
  Searcher s = index_.searcher();
  SearchRequest r;
  r.query = "5g";
  r.category = "technology";
  r.date_from = "2021";
  const SearchResults res = s.search(r);
  ASSERT_EQ(res.hits.size(), 1U);
  EXPECT_EQ(res.hits[0].article.id, "rural-5g");
  r.date_from = "last week";
  EXPECT_THROW(s.search(r), ConfigError);
}

TEST_F(SearchTest, ListAllListsEveryArticleForAQueryWithoutWords) {
  Searcher s = index_.searcher();
  SearchRequest r;
  r.sort = SortOrder::newest;
  EXPECT_TRUE(ids_of(s.search(r)).empty());  // no words and no filter: nothing, by default
  r.list_all = true;
  EXPECT_EQ(ids_of(s.search(r)),
            (Ids{"marathon", "bank", "rural-5g", "nokia", "uk-huawei", "undated"}));
  r.query = "the";  // a stopword alone is no word to match either
  EXPECT_EQ(s.search(r).hits.size(), 6U);
  r.query = "nokia";  // words to match: only what they match
  EXPECT_EQ(ids_of(s.search(r)), (Ids{"nokia"}));
  r.query.clear();
  r.category = "business";  // a filter: what passes it, as without list_all
  EXPECT_EQ(ids_of(s.search(r)), (Ids{"bank", "nokia"}));
}

TEST_F(SearchTest, PagesThroughResults) {
  Searcher s = index_.searcher();
  SearchRequest r;
  r.query = "5g network networks";
  r.limit = 2;
  const SearchResults first = s.search(r);
  r.offset = 2;
  const SearchResults second = s.search(r);
  ASSERT_EQ(first.hits.size(), 2U);
  ASSERT_FALSE(second.hits.empty());
  EXPECT_EQ(first.total, second.total);
  EXPECT_EQ(second.hits[0].rank, 3U);
  for (const Hit& h : second.hits) {
    EXPECT_NE(h.article.id, first.hits[0].article.id);
    EXPECT_NE(h.article.id, first.hits[1].article.id);
  }
}

TEST_F(SearchTest, HitsCarryStoredFieldsAndASnippet) {
  Searcher s = index_.searcher();
  SearchRequest r;
  r.query = "huawei security";
  const SearchResults res = s.search(r);
  ASSERT_FALSE(res.hits.empty());
  const Hit& h = res.hits[0];
  EXPECT_EQ(h.rank, 1U);
  EXPECT_GT(h.score, 0);
  EXPECT_EQ(h.article.title, "UK lets Huawei into its 5G network");
  EXPECT_EQ(h.article.date, "2020-01-28");
  EXPECT_EQ(h.article.author, "Jane Smith");
  EXPECT_EQ(h.article.category, "technology");
  EXPECT_EQ(h.article.path, "/articles/uk-huawei");
  EXPECT_TRUE(h.article.body.empty());
  const std::string html = snippet_to_html(h.snippets.at(0));
  EXPECT_NE(html.find("<mark>Huawei</mark>"), std::string::npos) << html;
  EXPECT_NE(html.find("<mark>security</mark>"), std::string::npos) << html;
}

TEST_F(SearchTest, SnippetsHoldAtMostTheRequestedPassages) {
  Searcher s = index_.searcher();
  SearchRequest r;
  r.query = "huawei security";
  for (std::size_t n : {0U, 1U, 2U}) {
    r.snippets = n;
    const SearchResults res = s.search(r);
    ASSERT_FALSE(res.hits.empty());
    for (const Hit& h : res.hits) {
      EXPECT_LE(h.snippets.size(), n) << h.article.id;
      EXPECT_EQ(h.snippets.empty(), n == 0) << h.article.id;
    }
  }
}

TEST_F(SearchTest, AddingTheSameIdReplacesTheArticle) {
  IndexWriter& w = index_.writer();
  w.add(make("nokia", "Nokia loses contracts", "A different story entirely."));
  EXPECT_EQ(w.article_count(), 6U);
  EXPECT_TRUE(w.remove("bank"));
  EXPECT_FALSE(w.remove("no-such-id"));
  w.commit();
  Searcher s = index_.searcher();
  EXPECT_EQ(s.article_count(), 5U);
  Article a;
  ASSERT_TRUE(s.get_article("nokia", a));
  EXPECT_EQ(a.title, "Nokia loses contracts");
  EXPECT_EQ(a.body, "A different story entirely.");
  EXPECT_FALSE(s.get_article("bank", a));
  EXPECT_TRUE(ids("ericsson").empty());
}

TEST_F(SearchTest, OverlongIdsAndCategoriesStillIndexAndFilter) {
  const std::string category(300, 'c');
  const std::string id = std::string(300, 'i') + "/a.txt";
  index_.writer().add(make(id, "Zeppelin", "An airship.", "", "", category));
  index_.writer().commit();
  Searcher s = index_.searcher();
  SearchRequest r;
  r.query = "zeppelin";
  r.category = category;
  const SearchResults res = s.search(r);
  ASSERT_EQ(res.hits.size(), 1U);
  EXPECT_EQ(res.hits[0].article.id, id);
  r.category = std::string(299, 'c') + "d";
  EXPECT_TRUE(s.search(r).hits.empty());
}

class SortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter& w = index_.writer();
    w.add(make_dated("mid", "Comet seen", "A comet at noon.", "2020-05-01"));
    w.add(make_dated("undated", "Comet comet comet", "Comet comet comet comet."));
    w.add(make_dated("old", "Comet seen", "A comet at dusk.", "2001-01-01"));
    w.add(make_dated("new-strong", "Comet comet", "Comet comet comet.", "2023-09-09"));
    w.add(make_dated("new-weak", "Comet seen", "A comet and other long words about the sky.",
                     "2023-09-09"));
    w.add(make_dated("other", "Nothing here", "No match.", "2024-01-01"));
    w.commit();
  }

  Ids sorted(SortOrder order) {
    SearchRequest r;
    r.query = "comet";
    r.sort = order;
    return ids_of(index_.searcher().search(r));
  }

  testing::MemoryIndex index_;
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
  const SearchResults res = index_.searcher().search(r);
  EXPECT_EQ(ids_of(res), (Ids{"mid", "new-strong"}));
  EXPECT_EQ(res.hits[0].rank, 2U);
}

}  // namespace
}  // namespace folio
