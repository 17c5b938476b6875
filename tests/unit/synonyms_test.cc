// Tests of synonyms files (parsing and errors), synonym keys, and synonyms in searches.
#include "folio/synonyms.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/search.h"

#include "synonym_table.h"
#include "temp_dir.h"

namespace folio {
namespace {

using Strings = std::vector<std::string>;

TEST(SynonymFileTest, ReadsGroupsAndSkipsCommentsAndBlankLines) {
  const SynonymFile f = parse_synonyms(
      "# countries\n"
      "\n"
      "UK, United Kingdom ,Britain\r\n"
      "   # indented comment\n"
      "Bank of England, BoE,\n"
      "C#, C sharp",
      "syn.txt");
  EXPECT_EQ(f.name, "syn.txt");
  ASSERT_EQ(f.groups.size(), 3U);
  EXPECT_EQ(f.groups[0].entries, (Strings{"UK", "United Kingdom", "Britain"}));
  EXPECT_EQ(f.groups[0].line, 3U);
  EXPECT_EQ(f.groups[1].entries, (Strings{"Bank of England", "BoE"}));
  EXPECT_EQ(f.groups[2].entries, (Strings{"C#", "C sharp"}));
  EXPECT_EQ(f.groups[2].line, 6U);
}

TEST(SynonymFileTest, ALineWithOneEntryIsAnErrorNamingFileAndLine) {
  for (const char* text :
       {"UK, Britain\n\nlonely\n", "UK, Britain\n\nlonely,\n", "UK, Britain\n\n , ,\n"}) {
    try {
      parse_synonyms(text, "syn.txt");
      ADD_FAILURE() << "no error for " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("'syn.txt', line 3"), std::string::npos) << e.what();
    }
  }
}

TEST(SynonymFileTest, AMissingFileIsAnErrorNamingIt) {
  testing::TempDir dir;
  try {
    read_synonyms(dir.path() / "nope.txt");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("nope.txt"), std::string::npos) << e.what();
  }
  dir.write("ok.txt", "a, b\n");
  EXPECT_EQ(read_synonyms(dir.path() / "ok.txt").groups.size(), 1U);
}

TEST(SynonymFileTest, EntriesAreAnalysedIntoKeys) {
  Analyzer analyzer;
  const SynonymFile f = parse_synonyms(
      "UK, U.K., United Kingdom, Britain\nBank of England, BoE\nUSA, U.S.A.\n", "syn.txt");
  const auto groups = synonym_keys(f, analyzer);
  // "UK" and "U.K." analyse alike; a group left with one key ("USA, U.S.A.") is dropped.
  ASSERT_EQ(groups.size(), 2U);
  EXPECT_EQ(groups[0], (Strings{"uk", "unit kingdom", "britain"}));
  EXPECT_EQ(groups[1], (Strings{"bank  england", "boe"}));
  const KeyTerms bank = split_synonym_key("bank  england");
  EXPECT_EQ(bank.terms, (Strings{"bank", "england"}));
  EXPECT_EQ(bank.window, 3U);
  EXPECT_EQ(split_synonym_key("uk").window, 1U);
}

TEST(SynonymFileTest, AnEntryOfStopwordsIsAnErrorNamingFileAndLine) {
  Analyzer analyzer;
  const SynonymFile f = parse_synonyms("UK, Britain\nthe, it\n", "syn.txt");
  try {
    synonym_keys(f, analyzer);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'syn.txt', line 2"), std::string::npos) << e.what();
  }
}

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
  for (const Hit& h : s.search(r).hits) {
    if (h.article.id == "britain") {
      ASSERT_FALSE(h.snippets.empty());
      EXPECT_EQ(snippet_to_html(h.snippets[0]).find("<mark>Britain</mark>"), 0U)
          << snippet_to_html(h.snippets[0]);
    }
  }
}

}  // namespace
}  // namespace folio
