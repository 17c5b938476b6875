// Tests of synonyms in searches: a word or run of words matching its group's other entries,
// highlighted; over an index folder (the in-memory backend has no synonym table).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/index_writer.h"
#include "folio/searcher.h"
#include "folio/synonyms.h"

#include "temp_dir.h"

namespace folio {
namespace {

using Strings = std::vector<std::string>;

Article make(std::string id, std::string body) {
  Article a;
  a.id = std::move(id);
  a.path = "/articles/" + a.id;
  a.title = "Trade news";
  a.body = std::move(body);
  return a;
}

class SynonymSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexWriter w(db());
    w.add(make("uk", "The UK signed a trade deal."));
    w.add(make("kingdom", "The United Kingdom signed a trade deal."));
    w.add(make("britain", "Britain signed a trade deal."));
    w.add(make("united", "A united team and a kingdom of sand."));  // not the phrase
    w.add(make("boe", "The Bank of England raised rates."));
    w.commit();
  }

  Strings ids(const std::string& query) {
    Searcher s(db());
    SearchRequest r;
    r.query = query;
    Strings out;
    for (const Hit& h : s.search(r).hits) {
      out.push_back(h.article.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void set_synonyms(const std::string& text) {
    IndexWriter w(db());
    w.set_synonyms(parse_synonyms(text, "syn.txt"));
    w.commit();
  }

  std::filesystem::path db() const { return dir_.path() / "db"; }
  testing::TempDir dir_;
};

TEST_F(SynonymSearchTest, WithoutSynonymsWordsMatchOnlyThemselves) {
  EXPECT_EQ(ids("UK"), (Strings{"uk"}));
  EXPECT_EQ(ids("\"United Kingdom\""), (Strings{"kingdom"}));
}

TEST_F(SynonymSearchTest, SingleAndMultiWordSynonymsMatchBothWays) {
  set_synonyms("UK, United Kingdom, Britain\nBank of England, BoE\n");
  EXPECT_EQ(ids("UK"), (Strings{"britain", "kingdom", "uk"}));
  EXPECT_EQ(ids("Britain"), (Strings{"britain", "kingdom", "uk"}));
  EXPECT_EQ(ids("United Kingdom"), (Strings{"britain", "kingdom", "uk"}));
  EXPECT_EQ(ids("BoE"), (Strings{"boe"}));
  EXPECT_EQ(ids("+UK -Britain"), Strings{});  // the same meaning, so nothing is left
  EXPECT_EQ(ids("\"UK\""), (Strings{"uk"}));  // quoted: as written
}

TEST_F(SynonymSearchTest, NewSynonymsReplaceTheOldOnes) {
  set_synonyms("UK, Britain\n");
  EXPECT_EQ(ids("UK"), (Strings{"britain", "uk"}));
  set_synonyms("sand, deal\n");
  EXPECT_EQ(ids("UK"), (Strings{"uk"}));
  EXPECT_EQ(ids("sand"), (Strings{"britain", "kingdom", "uk", "united"}));
}

TEST_F(SynonymSearchTest, HighlightsTheAlternativeFound) {
  set_synonyms("UK, Britain\n");
  Searcher s(db());
  SearchRequest r;
  r.query = "UK";
  const SearchResults res = s.search(r);
  const auto britain = std::find_if(res.hits.begin(), res.hits.end(),
                                    [](const Hit& h) { return h.article.id == "britain"; });
  ASSERT_NE(britain, res.hits.end()) << "UK did not find the article that says Britain";
  ASSERT_FALSE(britain->snippets.empty());
  EXPECT_EQ(snippet_to_html(britain->snippets[0]).find("<mark>Britain</mark>"), 0U)
      << snippet_to_html(britain->snippets[0]);
}

}  // namespace
}  // namespace folio
