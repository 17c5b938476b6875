// Tests of articles in several languages (tests/fixtures/languages: three news articles in each
// of en, de, fr, es, it, nl, pt, ru, zh and ja): each analysed in its own language, found by
// inflected forms, filtered and counted by language; and an English collection that ranks as
// it did when every article was English by decree.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/searcher.h"

#include "articles.h"
#include "memory_index.h"
#include "temp_dir.h"
#include "text/detect.h"

namespace folio {
namespace {

namespace fs = std::filesystem;
using testing::counts_of;
using testing::Ids;
using testing::ids_of;

const fs::path kFixtures = fs::path(FOLIO_SOURCE_DIR) / "tests" / "fixtures" / "languages";
const std::vector<std::string> kCodes = {"en", "de", "fr", "es", "it",
                                         "nl", "pt", "ru", "zh", "ja"};

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixture articles, id "CODE/FILE.txt": the first line is the title, the rest the body.
// No language is declared: detection gives each its own.
std::vector<Article> fixture_articles() {
  std::vector<Article> out;
  for (const std::string& code : kCodes) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(kFixtures / code)) {
      files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      const std::string text = read_all(f);
      const std::size_t nl = text.find('\n');
      out.push_back(testing::make_article(code + "/" + f.filename().string(), text.substr(0, nl),
                                          text.substr(nl + 1)));
    }
  }
  return out;
}

// The rows of a fixture TSV file after its header, split at tabs.
std::vector<std::vector<std::string>> tsv(const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_all(kFixtures / name));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t begin = 0;
    for (std::size_t tab; (tab = line.find('\t', begin)) != std::string::npos; begin = tab + 1) {
      cells.push_back(line.substr(begin, tab - begin));
    }
    cells.push_back(line.substr(begin));
    rows.push_back(std::move(cells));
  }
  return rows;
}

class MultilingualTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const Article& a : fixture_articles()) {
      index_.writer().add(a);
    }
    index_.writer().commit();
  }

  SearchResults search(const std::string& query, std::vector<std::string> languages = {}) {
    SearchRequest r;
    r.query = query;
    r.languages = std::move(languages);
    r.limit = 50;
    return index_.searcher().search(r);
  }

  testing::MemoryIndex index_{"auto"};
};

TEST_F(MultilingualTest, EachArticleIsDetectedInItsOwnLanguage) {
  for (const std::string& code : kCodes) {
    SCOPED_TRACE(code);
    const SearchResults res = search("", {code});  // no words: every article in the language
    ASSERT_EQ(res.hits.size(), 3U);
    for (const Hit& h : res.hits) {
      EXPECT_EQ(h.article.id.substr(0, code.size() + 1), code + "/");
      EXPECT_EQ(h.article.language, code);
    }
  }
}

// queries.tsv: an inflected form of a word that its article holds only in other forms, and
// that no other article holds in any form.
TEST_F(MultilingualTest, InflectedFormsFindTheirArticleFirst) {
  const auto rows = tsv("queries.tsv");
  ASSERT_GE(rows.size(), 30U);
  for (const auto& row : rows) {
    const std::string& query = row.at(1);
    const std::string& expected = row.at(2);
    SCOPED_TRACE(row.at(0) + ": " + query);
    const SearchResults res = search(query);
    ASSERT_FALSE(res.hits.empty());
    EXPECT_EQ(res.hits.front().article.id, expected);
    EXPECT_EQ(res.total, 1U);
  }
}

// The same queries against the articles all analysed as English: most inflected forms miss.
TEST_F(MultilingualTest, OneLanguageForAllMissesInflectedFormsOfTheOthers) {
  testing::MemoryIndex english("english");
  for (const Article& a : fixture_articles()) {
    english.writer().add(a);
  }
  english.writer().commit();
  std::size_t found = 0;
  std::size_t foreign = 0;
  for (const auto& row : tsv("queries.tsv")) {
    if (row.at(0) == "en" || row.at(0) == "zh" || row.at(0) == "ja") {
      continue;
    }
    ++foreign;
    SearchRequest r;
    r.query = row.at(1);
    const SearchResults res = english.searcher().search(r);
    found += !res.hits.empty() && res.hits.front().article.id == row.at(2) ? 1 : 0;
  }
  EXPECT_LT(found * 2, foreign) << found << " of " << foreign;
}

TEST_F(MultilingualTest, TheMatchedFormsAreHighlightedInTheArticlesOwnLanguage) {
  const SearchResults res = search("Häuser");  // the article has "Häusern", "Hauses", "Haus"
  ASSERT_EQ(ids_of(res), Ids{"de/stadtmuseum-lueneburg.txt"});
  std::vector<std::string> marked;
  for (const Snippet& s : res.hits.front().snippets) {
    for (const Fragment& f : s) {
      if (f.highlight) {
        marked.push_back(f.text);
      }
    }
  }
  EXPECT_NE(std::find(marked.begin(), marked.end(), "Häusern"), marked.end());
  EXPECT_NE(std::find(marked.begin(), marked.end(), "Hauses"), marked.end());
}

TEST_F(MultilingualTest, LanguageFilterKeepsOnlyThoseLanguagesAndFacetsCountThem) {
  const SearchResults two = search("", {"de", "French"});
  EXPECT_EQ(two.total, 6U);
  for (const Hit& h : two.hits) {
    EXPECT_TRUE(h.article.language == "de" || h.article.language == "fr") << h.article.id;
  }
  EXPECT_EQ(counts_of(two.facets.languages), (testing::Counts{{"de", 3}, {"fr", 3}}));
  const SearchResults all = search("", kCodes);
  EXPECT_EQ(all.total, 30U);
  ASSERT_EQ(all.facets.languages.size(), 10U);
  for (const FacetCount& c : all.facets.languages) {
    EXPECT_EQ(c.count, 3U) << c.value;
  }
  // A query word with the filter: only the filtered languages' articles match.
  EXPECT_EQ(search("Streiks", {"fr"}).total, 0U);
  EXPECT_EQ(search("Streiks", {"de-AT"}).total, 1U);
}

TEST_F(MultilingualTest, AnUnknownLanguageIsAConfigError) {
  EXPECT_THROW(search("", {"klingonish"}), ConfigError);
}

TEST_F(MultilingualTest, TheIndexListsItsLanguagesWithCounts) {
  const std::vector<FacetCount> languages = index_.searcher().languages();
  ASSERT_EQ(languages.size(), 10U);
  for (const FacetCount& l : languages) {
    EXPECT_EQ(l.count, 3U) << l.value;
  }
}

// titles.tsv: five short headlines a language (4 to 9 words), written apart from the articles.
// Detection names most titles' language, and when it cannot tell says so (the article then gets
// the index's default); a wrong language is rare: a close neighbour (Russian taken for Serbian
// Cyrillic), which the body, read with the title, outweighs.
TEST(LanguageDetectionTest, MostShortTitlesAreDetectedAndFewMistaken) {
  std::size_t right = 0;
  std::size_t wrong = 0;
  const auto rows = tsv("titles.tsv");
  ASSERT_EQ(rows.size(), 50U);
  for (const auto& row : rows) {
    const std::string said = text::detect_language(row.at(1), "");
    right += said == row.at(0) ? 1 : 0;
    wrong += !said.empty() && said != row.at(0) ? 1 : 0;
  }
  EXPECT_GE(right, 45U);
  EXPECT_LE(wrong, 2U);
}

// "Did you mean" in each language: the spelling data holds every article's words as written.
TEST(MultilingualSpellingTest, SuggestsCorrectionsInEachLanguage) {
  testing::TempDir dir;
  {
    IndexWriter w(dir.path() / "db");
    for (const Article& a : fixture_articles()) {
      w.add(a);
    }
    w.commit();
  }
  Searcher s(dir.path() / "db");
  const auto suggestion = [&s](const std::string& query, std::vector<std::string> languages) {
    SearchRequest r;
    r.query = query;
    r.languages = std::move(languages);
    return s.search(r).suggestion;
  };
  EXPECT_EQ(suggestion("Weinlesse Mosel", {}), "Weinlese Mosel");
  EXPECT_EQ(suggestion("usine de baterries", {"fr"}), "usine de batteries");
  EXPECT_EQ(suggestion("Weinlese", {}), "");
}

// The repo's corpus/ (24 English news articles): the title is the first line.
std::vector<Article> corpus_articles() {
  std::vector<Article> out;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(FOLIO_SOURCE_DIR) / "corpus")) {
    if (e.is_regular_file() && e.path().filename() != "README.md") {
      const std::string text = read_all(e.path());
      const std::size_t nl = text.find('\n');
      out.push_back(testing::make_article(e.path().filename().string(), text.substr(0, nl),
                                          text.substr(nl + 1)));
    }
  }
  return out;
}

// An English collection indexed with detection on ranks exactly as with English for all: the
// same hits, scores and snippets, and every article is English.
TEST(EnglishCollectionTest, RanksAsWithEnglishForEveryArticle) {
  testing::MemoryIndex detected("auto");
  testing::MemoryIndex english("english");
  for (testing::MemoryIndex* index : {&detected, &english}) {
    testing::add_news(index->writer());
    for (const Article& a : corpus_articles()) {
      index->writer().add(a);
    }
    index->writer().commit();
  }
  ASSERT_EQ(counts_of(detected.searcher().languages()), (testing::Counts{{"en", 30}}));
  for (const std::string query :
       {"Huawei 5G security", "networks", "bank rates", "\"Bank of England\"",
        "what about the cafe", "title:huawei", "contract OR marathon", "election -labour",
        "scientists discover", "goals scored in the final"}) {
    SCOPED_TRACE(query);
    SearchRequest r;
    r.query = query;
    const SearchResults a = detected.searcher().search(r);
    const SearchResults b = english.searcher().search(r);
    ASSERT_EQ(ids_of(a), ids_of(b));
    EXPECT_EQ(a.total, b.total);
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
      EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score);
      EXPECT_EQ(a.hits[i].snippets, b.hits[i].snippets);
    }
  }
}

}  // namespace
}  // namespace folio
