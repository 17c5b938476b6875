// Weighting schemes (SearchRequest::weighting): their names and parameters read and written, bad
// ones refused naming the text, each made as the Xapian weight it names, and a search that
// weighs with one matching the same articles as BM25 but scoring them its own way.
#include "search/ranking.h"

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

using Scheme = Weighting::Scheme;
using testing::make_filed;

TEST(WeightingTest, ReadsEverySchemeWithItsDefaults) {
  const std::vector<std::pair<std::string, Scheme>> names = {
      {"bm25", Scheme::bm25}, {"ineb2", Scheme::ineb2}, {"bb2", Scheme::bb2},
      {"inl2", Scheme::inl2}, {"pl2", Scheme::pl2},     {"dph", Scheme::dph}};
  for (const auto& [name, scheme] : names) {
    const Weighting w = Weighting::parse(name);
    EXPECT_EQ(w.scheme, scheme) << name;
    EXPECT_EQ(w.k1, 1.2) << name;
    EXPECT_EQ(w.b, 0.75) << name;
    EXPECT_EQ(w.c, 1.0) << name;
  }
  EXPECT_EQ(Weighting{}.scheme, Scheme::ineb2);  // the default
}

TEST(WeightingTest, ReadsParametersAndWritesWhatItReads) {
  const Weighting bm25 = Weighting::parse("bm25:0.9,0.4");
  EXPECT_EQ(bm25.k1, 0.9);
  EXPECT_EQ(bm25.b, 0.4);
  EXPECT_EQ(Weighting::parse("ineb2:2.5").c, 2.5);
  for (const char* text : {"bm25:0.9,0.4", "bm25:1.2,0.75", "ineb2:2.5", "pl2:7", "dph"}) {
    EXPECT_EQ(Weighting::parse(text).to_string(), text);
  }
  EXPECT_EQ(Weighting{}.to_string(), "ineb2:1");
  EXPECT_EQ(Weighting::parse("bb2").to_string(), "bb2:1");
}

TEST(WeightingTest, RefusesBadNamesAndParametersNamingTheText) {
  for (const char* text :
       {"", "BM25", "okapi", "bm25:1", "bm25:1,2", "bm25:-1,0.5", "bm25:a,b", "ineb2:0", "ineb2:-1",
        "ineb2:", "ineb2:x", "pl2:1,2", "dph:1", "bm25:nan,0.5", "inl2:inf"}) {
    try {
      Weighting::parse(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("'" + std::string(text) + "'"), std::string::npos)
          << e.what();
    }
  }
}

TEST(WeightingTest, MakesTheXapianWeightItNames) {
  const std::vector<std::pair<std::string, std::string>> made = {
      {"ineb2", "Xapian::IneB2Weight"}, {"bb2", "Xapian::BB2Weight"},
      {"inl2", "Xapian::InL2Weight"},   {"pl2", "Xapian::PL2Weight"},
      {"dph", "Xapian::DPHWeight"},     {"bm25", "folio.bm25"}};
  for (const auto& [text, name] : made) {
    EXPECT_EQ(make_weighting(Weighting::parse(text), nullptr)->name(), name) << text;
  }
  // For a remote shard, Xapian's own BM25: the same formula, a name the server knows.
  EXPECT_EQ(make_weighting(Weighting::parse("bm25"), nullptr, true)->name(), "Xapian::BM25Weight");
  EXPECT_EQ(make_weighting(Weighting::parse("ineb2"), nullptr, true)->name(),
            "Xapian::IneB2Weight");
}

class WeightedSearchTest : public testing::MemoryIndexTest {
 protected:
  void SetUp() override {
    IndexWriter& w = index_.writer();
    w.add(make_filed("short", "Volcano", "The volcano erupted.", "2021-03-20", "science"));
    w.add(make_filed("long", "Ash over the north",
                     "An ash cloud from the volcano grounded flights across the north, and the "
                     "ash fell for days on farms, roads and villages far from the volcano.",
                     "2021-03-21", "travel"));
    w.add(make_filed("other", "Cup final", "The two teams meet in the cup final.", "2021-05-01",
                     "sport"));
    w.add(make_filed("ash", "Ash trees", "Ash dieback spreads in the woods.", "2021-06-01",
                     "science"));
    w.commit();
  }

  std::vector<std::pair<std::string, double>> scored(const std::string& weighting) {
    SearchRequest r;
    r.query = "volcano ash";
    r.weighting = Weighting::parse(weighting);
    std::vector<std::pair<std::string, double>> out;
    for (const Hit& h : search(r).hits) {
      out.emplace_back(h.article.id, h.score);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(WeightedSearchTest, EverySchemeMatchesTheSameArticlesAndScoresThemItsOwnWay) {
  const auto bm25 = scored("bm25");
  ASSERT_EQ(bm25.size(), 3U);  // short, long, ash; not "other"
  for (const char* w : {"ineb2", "bb2", "inl2", "pl2", "dph", "bm25:0.5,0.2"}) {
    const auto got = scored(w);
    ASSERT_EQ(got.size(), bm25.size()) << w;
    bool differs = false;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].first, bm25[i].first) << w;
      EXPECT_GT(got[i].second, 0) << w << " " << got[i].first;
      differs = differs || got[i].second != bm25[i].second;
    }
    EXPECT_TRUE(differs) << w << " scored as BM25 does";
  }
}

}  // namespace
}  // namespace folio
