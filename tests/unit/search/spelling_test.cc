// Tests of the Searcher over an index folder: spelling suggestions (the in-memory backend has
// no spelling data) and following the commits of a writer in another object.
#include <gtest/gtest.h>

#include "folio/index_writer.h"
#include "folio/searcher.h"

#include "articles.h"
#include "temp_dir.h"

namespace folio {
namespace {

class FolderSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    testing::add_news(w);
  }

  static testing::Ids ids(Searcher& s, const std::string& query) {
    SearchRequest r;
    r.query = query;
    return testing::ids_of(s.search(r));
  }

  std::filesystem::path db() const { return dir_.path() / "db"; }
  testing::TempDir dir_;
};

TEST_F(FolderSearchTest, SuggestsSpellingsFromTheIndexVocabulary) {
  struct Case {
    const char* query;
    const char* suggestion;  // empty: none
  };
  const Case cases[] = {
      {"huawai 5g", "huawei 5g"},
      {"Huawai 5G securty", "Huawei 5G security"},
      {"HUAWAI", "HUAWEI"},
      {"\"5g netwrk\" -nokai", "\"5g network\" -nokia"},
      {"title:huawai", "title:huawei"},
      {"huawei 5g", ""},
      {"network security", ""},
      {"5g NOT huawei", ""},
      {"category:technolgy 5g", ""},  // a category is a name, not a word
      {"author:smiht", ""},           // names are not in the spelling data
      {"xqzv", ""},                   // nothing close
      {"networks", ""},               // another form of an indexed word
  };
  Searcher s(db());
  for (const auto& c : cases) {
    SearchRequest r;
    r.query = c.query;
    EXPECT_EQ(s.search(r).suggestion, c.suggestion) << c.query;
  }
}

// A Searcher remembers Xapian's spelling answers, but only until the index changes.
TEST_F(FolderSearchTest, SuggestionsFollowTheIndexAsItChanges) {
  Searcher s(db());
  SearchRequest r;
  r.query = "zebrra crossing";
  EXPECT_EQ(s.search(r).suggestion, "");  // no word near "zebrra" yet
  EXPECT_EQ(s.search(r).suggestion, "");  // (remembered)
  {
    IndexWriter w(db());
    w.add(testing::make_article("zoo", "Zebra born at the zoo", "A zebra foal was born."));
    w.commit();
  }
  EXPECT_EQ(s.search(r).suggestion, "zebra crossing");
  r.query = "huawai";
  EXPECT_EQ(s.search(r).suggestion, "huawei");
}

TEST_F(FolderSearchTest, NoSuggestionWhenNotAsked) {
  Searcher s(db());
  SearchRequest r;
  r.query = "huawai 5g";
  r.suggest = false;
  EXPECT_EQ(s.search(r).suggestion, "");
}

TEST_F(FolderSearchTest, ASearcherSeesLaterCommits) {
  Searcher s(db());
  EXPECT_TRUE(ids(s, "zeppelin").empty());
  {
    IndexWriter w(db());
    w.add(testing::make_article("zep", "Zeppelin returns", "An airship flew over the city."));
  }
  SearchRequest r;
  r.query = "zeppelin";
  EXPECT_EQ(s.search(r).hits.size(), 1U);
}

}  // namespace
}  // namespace folio
