// Tests of facets: counts of every match by category, year and month, with filters.
#include "search/facets.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

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

// 12 articles about zebras: 6 in "wildlife", 4 in "science", 2 in "travel", over 2019-2021.
class FacetTest : public FeaturesTest {
 protected:
  void SetUp() override {
    IndexWriter& w = index_.writer();
    const char* dates[] = {"2019-03-01", "2019-03-20", "2020-01-05",
                           "2020-07-14", "2021-02-02", "2021-02-28"};
    for (int i = 0; i < 12; ++i) {
      const char* category = i < 6 ? "wildlife" : i < 10 ? "science" : "travel";
      const std::string n = std::to_string(i);
      w.add(make_filed("z" + n, "Zebra report " + n, "Zebras number " + n + " crossed the plain.",
                       dates[i % 6], category));
    }
    w.add(make_filed("lion", "Lion report", "A lion slept.", "2018-05-05", "wildlife"));
    w.add(make_filed("undated", "Undated zebra note", "A zebra without a date.", "", "wildlife"));
    w.commit();
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

}  // namespace
}  // namespace folio
