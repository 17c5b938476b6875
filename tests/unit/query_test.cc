// Tests of the query parser: syntax accepted, malformed input falling back, never throwing.
#include "query.h"

#include <gtest/gtest.h>

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
  // Other languages have no query stop list.
  Analyzer french("french");
  EXPECT_EQ(parse_query("what about", french).highlight_terms,
            (std::vector<std::string>{"what", "about"}));
}

struct BoundCase {
  const char* text;
  bool upper;
  const char* expected;
};

TEST(QueryTest, DateBounds) {
  const BoundCase cases[] = {
      {"2020", false, "20200101"},
      {"2020", true, "20201231"},
      {"2020-02", false, "20200201"},
      {"2020-02", true, "20200231"},
      {"2020-01-14", false, "20200114"},
      {"2020-01-14", true, "20200114"},
      {"2020-13", false, ""},
      {"2020-01-32", true, ""},
      {"20", false, ""},
      {"", false, ""},
      {"2020/01/14", false, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(date_bound(c.text, c.upper), c.expected) << c.text << " upper=" << c.upper;
  }
}

}  // namespace
}  // namespace folio
