// Tests of the text analyser: the same word must give the same terms in documents and queries.
#include "folio/analyzer.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "folio/error.h"

namespace folio {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& t : v) {
    s += (s.empty() ? "" : "|") + t;
  }
  return s;
}

// True when `needle` occurs as a contiguous run in `hay` (a query word that analyses to
// several terms is searched as a phrase, so its terms must be adjacent in the document too).
bool contains_run(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  return !needle.empty() &&
         std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

struct MatchCase {
  const char* document;
  const char* query;
};

TEST(AnalyzerTest, QueryWordsMatchTheSameWordsInDocuments) {
  const MatchCase cases[] = {
      {"Operators are rolling out 5G across Britain.", "5G"},
      {"Operators are rolling out 5G across Britain.", "5g"},
      {"The COVID-19 vaccine trial ended.", "COVID-19"},
      {"The COVID-19 vaccine trial ended.", "covid-19"},
      {"The COVID-19 vaccine trial ended.", "covid 19"},
      {"Huawei's equipment is cheaper.", "Huawei"},
      {"Huawei’s equipment is cheaper.", "huawei's"},
      {"Huawei equipment", "Huawei’s"},
      {"The U.K. government decided.", "UK"},
      {"The UK government decided.", "U.K."},
      {"The U.K.'s networks", "u.k."},
      {"A café in Paris", "cafe"},
      {"A cafe in Paris", "café"},
      {"CAFÉ SOCIETY", "Café"},
      {"Le café résumé est naïf", "resume"},
      {"Zoë Ball presented", "zoe"},
      {"Straße and Strasse", "strasse"},
      {"Søren Kierkegaard", "soren"},
      {"state-of-the-art networks", "state-of-the-art"},
      {"state-of-the-art networks", "state of the art"},
      {"a well-known firm", "well-known"},
      {"a well-known firm", "known"},
      {"It cost 2,000 pounds", "2000"},
      {"It cost 2000 pounds", "2,000"},
      {"Inflation rose 3.5% in May", "3.5"},
      {"In 2020 the decision came", "2020"},
      {"Security officials warned", "security"},
      {"Networks were built", "network"},
      {"The network is building", "networks"},
      {"running runners run", "RUNNING"},
      {"ＦＵＬＬＷＩＤＴＨ letters", "fullwidth"},
      {"华为公司的5G网络安全", "华为"},
      {"华为公司的5G网络安全", "网络安全"},
      {"東京都に住んでいます", "東京"},
      {"東京都に住んでいます", "東京都"},
      {"ファーウェイの5Gネットワーク", "ファーウェイ"},
      {"Москва и Санкт-Петербург", "москва"},
      {"Ils ont résumé la réunion", "resume"},
  };
  Analyzer analyzer("english");
  for (const auto& c : cases) {
    const auto doc = analyzer.terms(c.document);
    const auto query = analyzer.terms(c.query);
    EXPECT_TRUE(contains_run(doc, query))
        << "document: " << c.document << " [" << join(doc) << "]\n"
        << "query: " << c.query << " [" << join(query) << "]";
  }
}

TEST(AnalyzerTest, DistinctWordsStayDistinct) {
  const MatchCase cases[] = {
      {"Huawei builds 5G", "4G"}, {"a cafe", "cake"}, {"The UK decided", "US"},
      {"ファーウェイ", "ファ"},   {"が", "か"},  // a voiced kana is a different letter, not an
                                                 // accented one
  };
  Analyzer analyzer("english");
  for (const auto& c : cases) {
    EXPECT_FALSE(contains_run(analyzer.terms(c.document), analyzer.terms(c.query)))
        << c.document << " vs " << c.query;
  }
}

struct TermCase {
  const char* text;
  const char* terms;
};

TEST(AnalyzerTest, ProducesExpectedTerms) {
  const TermCase cases[] = {
      {"Huawei 5G security", "huawei|5g|secur"},
      {"The U.K. and the U.S.", "uk|us"},
      {"COVID-19", "covid|19"},
      {"Café", "cafe"},
      {"2,000 or 3.5", "2000|3.5"},
      {"It's the networks' future", "it|network|futur"},
      {"", ""},
      {"  ,.;!  ", ""},
  };
  Analyzer analyzer("english");
  for (const auto& c : cases) {
    EXPECT_EQ(join(analyzer.terms(c.text)), c.terms) << c.text;
  }
}

TEST(AnalyzerTest, StopwordsAreDroppedButKeepTheirPosition) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  const auto next = analyzer.analyze("Bank of England", tokens, 1);
  ASSERT_EQ(tokens.size(), 2U);
  EXPECT_EQ(tokens[0].term, "bank");
  EXPECT_EQ(tokens[0].position, 1U);
  EXPECT_EQ(tokens[1].term, "england");
  EXPECT_EQ(tokens[1].position, 3U);
  EXPECT_EQ(next, 4U);
}

TEST(AnalyzerTest, OffsetsPointAtTheWordInTheText) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  const std::string text = "Le café, Huawei’s 5G.";
  analyzer.analyze(text, tokens);
  std::vector<std::string> words;
  for (const Token& t : tokens) {
    words.push_back(text.substr(t.begin, t.end - t.begin));
  }
  EXPECT_EQ(join(words), "Le|café|Huawei’s|5G");
}

TEST(AnalyzerTest, SpellingWordsAreFoldedButNotStemmed) {
  struct Case {
    const char* word;
    const char* expected;  // empty: not recorded for spelling
  };
  const Case cases[] = {
      {"Huawei", "huawei"},
      {"networks", "networks"},
      {"Café", "cafe"},
      {"U.K.", ""},
      {"the", ""},
      {"5G", ""},
      {"2020", ""},
      {"ox", ""},
      {"COVID-19", ""},
      {"東京都", ""},
      {"", ""},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    EXPECT_EQ(analyzer.spelling_word(c.word), c.expected) << c.word;
  }
}

TEST(AnalyzerTest, CountsSpellingWordsWhenAsked) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  WordCounts counts;
  analyzer.analyze("Networks and the network: 5G networks, 2020.", tokens, 1, &counts);
  EXPECT_EQ(counts, (WordCounts{{"networks", 2}, {"network", 1}}));
  EXPECT_EQ(tokens.size(), 5U);  // counting changes nothing else
}

TEST(AnalyzerTest, DropsOverlongWords) {
  Analyzer analyzer;
  const std::string text = "short " + std::string(500, 'x') + " end";
  EXPECT_EQ(join(analyzer.terms(text)), "short|end");
}

TEST(AnalyzerTest, OtherLanguagesStemWithTheirOwnRules) {
  Analyzer french("french");
  EXPECT_EQ(french.terms("continuellement"), french.terms("continuelle"));
  Analyzer german("german");
  EXPECT_EQ(join(german.terms("Häuser")), join(german.terms("hauser")));
  Analyzer none("none");
  EXPECT_EQ(join(none.terms("Running networks")), "running|networks");
}

TEST(AnalyzerTest, UnknownLanguageThrowsConfigError) {
  EXPECT_THROW(Analyzer("klingon"), ConfigError);
}

TEST(AnalyzerTest, ListsLanguages) {
  const auto langs = Analyzer::languages();
  EXPECT_NE(std::find(langs.begin(), langs.end(), "english"), langs.end());
  EXPECT_NE(std::find(langs.begin(), langs.end(), "none"), langs.end());
}

}  // namespace
// The word -> term cache is cleared when it fills (200,000 words) and grows as it goes: a
// vocabulary larger than that still gives every word its own terms, the same as a fresh
// analyser gives, whether the word was cached, met again, or cached again after the clearing.
TEST(AnalyzerTest, AVocabularyLargerThanTheCacheKeepsItsTerms) {
  std::vector<std::string> words;
  for (int n = 0; n < 230000; ++n) {
    std::string w = "qx";
    for (int v = n; v > 0; v /= 26) {
      w += static_cast<char>('a' + v % 26);
    }
    words.push_back(w + (n % 3 == 0 ? "ing" : n % 3 == 1 ? "ed" : "s"));
  }
  std::string text;
  for (const std::string& w : words) {
    text += w + ' ';
  }
  text += words[5] + ' ' + words[229999];  // met again: once before the clearing, once after
  Analyzer many("english");
  std::vector<Token> tokens;
  many.analyze(text, tokens);
  ASSERT_EQ(tokens.size(), words.size() + 2);
  Analyzer fresh("english");
  for (std::size_t i = 0; i < words.size(); i += 997) {
    EXPECT_EQ(tokens[i].term, join(fresh.terms(words[i]))) << words[i];
  }
  EXPECT_EQ(tokens[words.size()].term, join(fresh.terms(words[5])));
  EXPECT_EQ(tokens[words.size() + 1].term, join(fresh.terms(words[229999])));
  EXPECT_EQ(tokens[words.size() + 1].term, tokens[229999].term);
  EXPECT_EQ(tokens[words.size()].position, words.size() + 1);
}

}  // namespace folio
