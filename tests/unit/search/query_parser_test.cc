// Tests of the query parser: syntax accepted, malformed input falling back, never throwing.
#include "search/query_parser.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <xapian.h>

#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

struct SyntaxCase {
  const char* query;
  bool falls_back;
};

TEST(QueryTest, MalformedQueriesFallBackToPlainWords) {
  const SyntaxCase cases[] = {
      {"huawei 5g", false},
      {"\"huawei 5g\"", false},
      {"huawei AND 5g", false},
      {"huawei OR 5g", false},
      {"huawei NOT 5g", false},
      {"NOT huawei", false},
      {"+huawei -5g", false},
      {"(huawei OR ericsson) AND 5g", false},
      {"title:huawei author:smith", false},
      {"title:\"5g networks\"", false},
      {"category:technology", false},
      {"date:2020-01-01..2020-03-31", false},
      {"date:2020", false},
      {"date:..2020-06", false},
      {"date:2019-12..", false},
      {"COVID-19 U.K. Huawei's", false},
      {"http://example.org/a", false},
      {"\"huawei 5g", true},
      {"huawei \"", true},
      {"AND", true},
      {"huawei AND AND 5g", true},
      {"huawei AND", true},
      {"OR huawei", true},
      {"huawei NOT", true},
      {"(huawei", true},
      {"huawei)", true},
      {"()", true},
      {"+", true},
      {"huawei -", true},
      {"title:", true},
      {"date:yesterday", true},
      {"date:2020-13", true},
      {"date:..", true},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    const ParsedQuery q = parse_query(c.query, analyzer);
    EXPECT_EQ(q.fell_back, c.falls_back) << c.query << " -> " << q.error;
    EXPECT_EQ(q.error.empty(), !c.falls_back) << c.query;
  }
}

TEST(QueryTest, FallbackKeepsTheWords) {
  Analyzer analyzer;
  const ParsedQuery q = parse_query("\"huawei AND AND 5g security", analyzer);
  ASSERT_TRUE(q.fell_back);
  EXPECT_EQ(q.error, "unbalanced quote");
  EXPECT_EQ(q.highlight_terms, (std::vector<std::string>{"huawei", "5g", "secur"}));
  EXPECT_FALSE(q.query.empty());
}

TEST(QueryTest, HostileInputNeverThrows) {
  Analyzer analyzer;
  std::string deep(10000, '(');
  const std::string inputs[] = {deep,
                                deep + "a" + std::string(10000, ')'),
                                std::string(100000, '"'),
                                "\x01\x02\x03",
                                "\xff\xfe invalid utf8 \xc3",
                                "title:title:title:",
                                "------",
                                "+-+-a",
                                "date:9999-99-99..0000-00-00",
                                std::string(1 << 20, 'x')};
  for (const auto& s : inputs) {
    EXPECT_NO_THROW(parse_query(s, analyzer)) << s.substr(0, 40);
  }
}

TEST(QueryTest, ExcludedWordsAreNotHighlighted) {
  Analyzer analyzer;
  const ParsedQuery q = parse_query("huawei -nokia title:5G NOT ericsson", analyzer);
  EXPECT_EQ(q.highlight_terms, (std::vector<std::string>{"huawei", "5g"}));
}

TEST(QueryTest, OnlyStopwordsGivesAnEmptyQuery) {
  Analyzer analyzer;
  EXPECT_TRUE(parse_query("the of and", analyzer).query.empty());
  EXPECT_FALSE(parse_query("the AND huawei", analyzer).query.empty());
}

TEST(QueryTest, ShoutedProseHasNoOperators) {
  Analyzer analyzer;
  // All capitals and six words or more: AND, OR and NOT are words (stopwords), not syntax, so
  // no word becomes required or excluded.
  const ParsedQuery prose =
      parse_query("I AM INTERESTED IN COMPUTER ARCHITECTURES AND NOT IN PATENTS", analyzer);
  EXPECT_FALSE(prose.fell_back);
  EXPECT_EQ(prose.highlight_terms,
            (std::vector<std::string>{"interest", "comput", "architectur", "patent"}));
  EXPECT_EQ(prose.query.get_type(), Xapian::Query::OP_OR);
  // Short capital queries and mixed case keep their operators.
  const ParsedQuery acronyms = parse_query("UK NOT EU", analyzer);
  EXPECT_EQ(acronyms.query.get_type(), Xapian::Query::OP_AND_NOT);
  EXPECT_EQ(acronyms.highlight_terms, (std::vector<std::string>{"uk"}));
  const ParsedQuery mixed =
      parse_query("I am interested in computer architectures NOT patents", analyzer);
  EXPECT_EQ(mixed.query.get_type(), Xapian::Query::OP_AND_NOT);
}

TEST(QueryTest, FunctionWordsOfVerboseQueriesAreLeftOut) {
  Analyzer analyzer;
  EXPECT_EQ(parse_query("What articles deal with time-sharing systems?", analyzer).highlight_terms,
            (std::vector<std::string>{"articl", "deal", "time", "share", "system"}));
  // Kept: acronyms in capitals, quoted phrases, +words, and a query of function words only.
  EXPECT_EQ(parse_query("WHO warns about measles", analyzer).highlight_terms,
            (std::vector<std::string>{"who", "warn", "measl"}));
  EXPECT_EQ(parse_query("\"what about\" +would", analyzer).highlight_terms,
            (std::vector<std::string>{"what", "about", "would"}));
  EXPECT_EQ(parse_query("the who", analyzer).highlight_terms, (std::vector<std::string>{"who"}));
  // Each language has its own Snowball stop list: English words are French content words.
  Analyzer french("french");
  EXPECT_EQ(parse_query("what about", french).highlight_terms,
            (std::vector<std::string>{"what", "about"}));
  EXPECT_EQ(parse_query("les chanteuses de Paris", french).highlight_terms,
            (std::vector<std::string>{"chanteux", "paris"}));
}

// The analysis of an index of English and German articles, read as `primary`.
struct TwoLanguages {
  explicit TwoLanguages(const std::string& primary)
      : analysis{primary == "german" ? &german : &english, {&english, &german, &none}, {}} {}
  Analyzer english{"english"};
  Analyzer german{"german"};
  Analyzer none{"none"};
  QueryAnalysis analysis;
};

std::vector<std::string> leaf_terms(const Xapian::Query& q) {
  return {q.get_terms_begin(), q.get_terms_end()};
}

TEST(QueryLanguagesTest, AWordMatchesItsTermInEveryLanguageAsOneTerm) {
  const TwoLanguages langs("english");
  const ParsedQuery q = parse_query("Häusern", langs.analysis);
  EXPECT_EQ(q.query.get_type(), Xapian::Query::OP_SYNONYM);
  // German stems it to "haus"; English (folding first) and "none" both make "hausern", once.
  EXPECT_EQ(leaf_terms(q.query), (std::vector<std::string>{"haus", "hausern"}));
  EXPECT_EQ(q.highlight_terms, (std::vector<std::string>{"hausern", "haus"}));
  // A word every language makes the same term of is that term alone.
  EXPECT_EQ(parse_query("Berlin", langs.analysis).query.get_type(), Xapian::Query::LEAF_TERM);
}

TEST(QueryLanguagesTest, OneLanguageGivesPlainTerms) {
  Analyzer english;
  const ParsedQuery q = parse_query("networks", QueryAnalysis{&english, {&english}, {}});
  EXPECT_EQ(q.query.get_type(), Xapian::Query::LEAF_TERM);
  EXPECT_EQ(leaf_terms(q.query), (std::vector<std::string>{"network"}));
}

TEST(QueryLanguagesTest, APhraseTakesEachWordsTermsOrEd) {
  const TwoLanguages langs("german");
  const ParsedQuery q = parse_query("\"alten Häuser\"", langs.analysis);
  ASSERT_EQ(q.query.get_type(), Xapian::Query::OP_PHRASE);  // Xapian's phrases take OR, not SYNONYM
  ASSERT_EQ(q.query.get_num_subqueries(), 2U);
  EXPECT_EQ(q.query.get_subquery(0).get_type(), Xapian::Query::OP_OR);
  EXPECT_EQ(q.query.get_subquery(1).get_type(), Xapian::Query::OP_OR);
}

// In an index mostly English with some German articles: a term only German makes of a word is
// kept to German articles (a stem of one language is often another language's stem of another
// word); one English makes matches anywhere.
TEST(QueryLanguagesTest, AnotherLanguagesTermIsKeptToItsArticles) {
  TwoLanguages langs("english");
  langs.analysis.filters = {Xapian::Query(), Xapian::Query("Lde"), Xapian::Query("Lzh")};
  EXPECT_EQ(parse_query("Häusern", langs.analysis).query.get_description(),
            "Query((hausern@1 SYNONYM (haus@1 FILTER Lde)))");
  // "the" is an English stopword: only the German and the unstemmed analysers make a term of it.
  EXPECT_EQ(parse_query("the", langs.analysis).query.get_description(),
            "Query((the@1 FILTER (Lde OR Lzh)))");
  EXPECT_EQ(parse_query("Berlin", langs.analysis).query.get_description(), "Query(berlin@1)");
}

// A phrase requires only the words every language indexes: a word one of them drops ("of" and
// "the" in English) is a gap there, as in its articles.
TEST(QueryLanguagesTest, APhraseSkipsWordsALanguageDoesNotIndex) {
  const TwoLanguages langs("english");
  const ParsedQuery q = parse_query("\"state of the art\"", langs.analysis);
  ASSERT_EQ(q.query.get_type(), Xapian::Query::OP_PHRASE);
  EXPECT_EQ(q.query.get_num_subqueries(), 2U);
  EXPECT_NE(q.query.get_description().find("PHRASE 4"), std::string::npos)
      << q.query.get_description();
}

TEST(QueryLanguagesTest, FunctionWordsAreThoseOfTheQueryLanguage) {
  const TwoLanguages german("german");
  const ParsedQuery de = parse_query("die Häuser der Stadt", german.analysis);
  for (const std::string& t : de.highlight_terms) {
    EXPECT_TRUE(t != "die" && t != "der") << t;
  }
  // Read as English, "die" is a word (to die), and "the" and "of" are left out.
  const TwoLanguages english("english");
  EXPECT_NE(leaf_terms(parse_query("why did Diana die", english.analysis).query),
            std::vector<std::string>{});
  const std::vector<std::string> en =
      parse_query("the house of cards die", english.analysis).highlight_terms;
  EXPECT_NE(std::find(en.begin(), en.end(), "die"), en.end());
  EXPECT_EQ(std::find(en.begin(), en.end(), "the"), en.end());
  EXPECT_EQ(std::find(en.begin(), en.end(), "of"), en.end());
}

// The pair terms (schema::pair_term()) a query asks for, in the order of the query.
std::vector<std::string> pairs_of(const Xapian::Query& q) {
  std::vector<std::string> out;
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    if (const std::string t = *q.get_terms_begin(); t.rfind(schema::kPrefixPair, 0) == 0) {
      out.push_back(t.substr(schema::kPrefixPair.size()));
    }
  }
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const std::vector<std::string> sub = pairs_of(q.get_subquery(i));
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

using Pairs = std::vector<std::string>;

TEST(QueryPairsTest, NeighbouringRankedWordsAskForTheirPairsAtTheWeight) {
  Analyzer english;
  QueryAnalysis analysis{&english, {&english}, {}};
  analysis.pair_weight = 0.25;
  const Xapian::Query q = parse_query("solar power plants", analysis).query;
  EXPECT_EQ(pairs_of(q), (Pairs{"solar power", "power plant"}));
  // The words as before, OR the pairs together at a quarter of a word's weight.
  ASSERT_EQ(q.get_type(), Xapian::Query::OP_OR);
  ASSERT_EQ(q.get_num_subqueries(), 2U);
  EXPECT_EQ(q.get_subquery(0).get_description(), "Query((solar@1 OR power@1 OR plant@1))");
  EXPECT_EQ(q.get_subquery(1).get_description(), "Query(0.25 * (XPsolar power OR XPpower plant))");
  // Weight 0 (QueryAnalysis's default): no pairs, the query of before.
  EXPECT_EQ(parse_query("solar power plants", english).query.get_description(),
            "Query((solar@1 OR power@1 OR plant@1))");
}

// The articles do not index stopwords, so their neighbours are neighbours: "state of the art"
// indexes the pair "state art", and the query's function words are left out the same way.
TEST(QueryPairsTest, LeftOutWordsDoNotPartNeighbours) {
  Analyzer english;
  QueryAnalysis analysis{&english, {&english}, {}};
  analysis.pair_weight = 0.2;
  EXPECT_EQ(pairs_of(parse_query("state of the art", analysis).query), (Pairs{"state art"}));
  EXPECT_EQ(pairs_of(parse_query("What articles deal with solar power?", analysis).query),
            (Pairs{"articl deal", "deal solar", "solar power"}));
}

// Only plain ranked words pair: a phrase, a field, a sign, a filter, a group or an operator
// between two words parts them (a phrase already asks for its words side by side).
TEST(QueryPairsTest, OnlyPlainRankedWordsPair) {
  Analyzer english;
  QueryAnalysis analysis{&english, {&english}, {}};
  analysis.pair_weight = 0.2;
  const struct {
    const char* query;
    Pairs pairs;
  } cases[] = {
      {"+solar power plants", {"power plant"}},
      {"solar -power plants", {}},
      {"\"solar power\" plants", {}},
      {"title:solar power plants", {"power plant"}},
      {"solar category:energy power", {}},
      {"solar date:2020 power", {}},
      {"solar (power plants)", {"power plant"}},
      {"solar AND power", {}},
      {"solar OR power", {}},
      {"solar NOT power", {}},
      {"COVID-19 vaccines", {}},
      {"+solar +power", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(pairs_of(parse_query(c.query, analysis).query), c.pairs) << c.query;
  }
}

TEST(QueryPairsTest, AMalformedQuerysWordsPairToo) {
  Analyzer english;
  QueryAnalysis analysis{&english, {&english}, {}};
  analysis.pair_weight = 0.2;
  const ParsedQuery q = parse_query("solar (power plants", analysis);
  ASSERT_TRUE(q.fell_back);
  EXPECT_EQ(pairs_of(q.query), (Pairs{"solar power", "power plant"}));
}

// Each language pairs its own terms of the two words, as its articles index them; the pairs
// that differ are one term for ranking, as a word's terms are.
TEST(QueryPairsTest, EachLanguagePairsItsOwnTerms) {
  TwoLanguages langs("german");
  langs.analysis.pair_weight = 0.2;
  const Xapian::Query q = parse_query("alten Häusern", langs.analysis).query;
  EXPECT_EQ(pairs_of(q), (Pairs{"alten hausern", "alt haus"}));
  EXPECT_NE(q.get_description().find("(XPalten hausern SYNONYM XPalt haus)"), std::string::npos)
      << q.get_description();
}

TEST(QueryTest, ListsTheTypedWordsForSpelling) {
  Analyzer analyzer;
  const std::string text =
      "Huawai title:networks \"5g masts\" category:sport author:smith date:2020 -nokai";
  const ParsedQuery q = parse_query(text, analyzer);
  std::vector<std::string> typed, terms;
  for (const QueryWord& w : q.words) {
    typed.push_back(text.substr(w.begin, w.end - w.begin));
    terms.push_back(w.term);
  }
  EXPECT_EQ(typed, (std::vector<std::string>{"Huawai", "networks", "5g", "masts", "nokai"}));
  EXPECT_EQ(terms, (std::vector<std::string>{"huawai", "network", "5g", "mast", "nokai"}));
}

class QuerySynonymTest : public ::testing::Test {
 protected:
  // On disk: Xapian's in-memory backend has no synonym table.
  QuerySynonymTest() : db_((dir_.path() / "db").string(), Xapian::DB_CREATE) {
    // As folio-index stores "UK, United Kingdom, Britain" and "Bank of England, BoE".
    for (const auto& [key, other] :
         std::vector<std::pair<std::string, std::string>>{{"uk", "unit kingdom"},
                                                          {"uk", "britain"},
                                                          {"unit kingdom", "uk"},
                                                          {"unit kingdom", "britain"},
                                                          {"britain", "uk"},
                                                          {"britain", "unit kingdom"},
                                                          {"bank  england", "boe"},
                                                          {"boe", "bank  england"}}) {
      db_.add_synonym(key, other);
    }
  }
  std::string parse(const std::string& text) {
    return parse_query(text, analyzer_, SynonymLookup{&db_, 3}).query.get_description();
  }
  testing::TempDir dir_;
  Analyzer analyzer_;
  Xapian::WritableDatabase db_;
};

TEST_F(QuerySynonymTest, ExpandsAWordToItsAlternatives) {
  const std::string q = parse("UK trade");
  EXPECT_NE(q.find("(uk SYNONYM britain SYNONYM (unit PHRASE 2 kingdom))"), std::string::npos) << q;
  EXPECT_NE(q.find("trade"), std::string::npos) << q;
}

TEST_F(QuerySynonymTest, ExpandsARunOfWords) {
  const std::string q = parse("trade with the United Kingdom");
  EXPECT_NE(q.find("((unit PHRASE 2 kingdom) SYNONYM britain SYNONYM uk)"), std::string::npos) << q;
  // A stopword inside an entry keeps its place: a phrase with room for it.
  const std::string boe = parse("BoE rates");
  EXPECT_NE(boe.find("(boe SYNONYM (bank PHRASE 3 england))"), std::string::npos) << boe;
  const std::string bank = parse("Bank of England");
  EXPECT_NE(bank.find("((bank PHRASE 3 england) SYNONYM boe)"), std::string::npos) << bank;
}

TEST_F(QuerySynonymTest, HighlightsTheAlternatives) {
  const ParsedQuery q = parse_query("UK", analyzer_, SynonymLookup{&db_, 3});
  EXPECT_EQ(q.highlight_terms, (std::vector<std::string>{"uk", "britain", "unit", "kingdom"}));
  EXPECT_EQ(q.words.size(), 1U);
}

TEST_F(QuerySynonymTest, SignedWordsExpandAlone) {
  EXPECT_NE(parse("-UK huawei").find("AND_NOT (uk SYNONYM"), std::string::npos)
      << parse("-UK huawei");
  EXPECT_EQ(parse("+United Kingdom").find("SYNONYM"), std::string::npos)
      << parse("+United Kingdom");
}

TEST_F(QuerySynonymTest, PhrasesAndFieldsAreTakenAsWritten) {
  for (const char* text : {"\"UK trade\"", "title:UK", "author:britain"}) {
    EXPECT_EQ(parse(text).find("SYNONYM"), std::string::npos) << text << ": " << parse(text);
  }
}

TEST_F(QuerySynonymTest, NoLookupWithoutSynonyms) {
  EXPECT_EQ(parse_query("UK", analyzer_).query.get_description(), "Query(uk@1)");
}

}  // namespace
}  // namespace folio
