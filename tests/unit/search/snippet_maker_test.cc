// Tests of the snippet maker: passage selection and highlighting.
#include "search/snippet_maker.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "snippets.h"

namespace folio {
namespace {

using testing::plain;

// The single best passage, as the first of make_snippets(..., 1).
Snippet make_snippet(std::string_view body, const std::unordered_map<std::string, double>& weights,
                     Analyzer& analyzer, std::size_t max_bytes) {
  const std::vector<Snippet> all = make_snippets(body, weights, analyzer, max_bytes, 1);
  EXPECT_LE(all.size(), 1U);
  return all.empty() ? Snippet{} : all[0];
}

const std::unordered_map<std::string, double> kHuawei5g = {{"huawei", 2.0}, {"5g", 1.5}};

std::string filler(int sentences) {
  std::string s;
  for (int i = 0; i < sentences; ++i) {
    s += "The council met on Tuesday to discuss bus routes and school budgets. ";
  }
  return s;
}

TEST(SnippetMakerTest, PicksTheBestPassageNotTheFirstLines) {
  Analyzer analyzer;
  const std::string body =
      filler(20) + "Ministers said Huawei could supply parts of the 5G network. " + filler(20);
  const std::string s = plain(make_snippet(body, kHuawei5g, analyzer, 200));
  EXPECT_NE(s.find("[Huawei]"), std::string::npos) << s;
  EXPECT_NE(s.find("[5G]"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("… Ministers said", 0), 0U) << "starts at the sentence: " << s;
  EXPECT_EQ(s.substr(s.size() - 3), "…") << s;
}

TEST(SnippetMakerTest, PrefersAPassageWithMoreDistinctTerms) {
  Analyzer analyzer;
  const std::string body = "Huawei, Huawei, Huawei and Huawei again. " + filler(10) +
                           "Huawei built the 5G masts. " + filler(10);
  const std::string s = plain(make_snippet(body, kHuawei5g, analyzer, 120));
  EXPECT_NE(s.find("[5G]"), std::string::npos) << s;
}

TEST(SnippetMakerTest, HighlightsTheWordAsWritten) {
  Analyzer analyzer;
  const std::string body = "Huawei’s 5G kit and HUAWEI phones.";
  EXPECT_EQ(plain(make_snippet(body, kHuawei5g, analyzer, 200)),
            "[Huawei’s] [5G] kit and [HUAWEI] phones.");
}

TEST(SnippetMakerTest, WithoutAMatchShowsTheStart) {
  Analyzer analyzer;
  const std::string body = filler(10);
  const Snippet s = make_snippet(body, kHuawei5g, analyzer, 100);
  const std::string text = plain(s);
  EXPECT_EQ(text.rfind("The council met", 0), 0U) << text;
  EXPECT_LE(text.size(), 110U);
  for (const auto& f : s) {
    EXPECT_FALSE(f.highlight);
  }
}

TEST(SnippetMakerTest, ShortBodyIsWholeAndLineBreaksBecomeSpaces) {
  Analyzer analyzer;
  EXPECT_EQ(plain(make_snippet("First line.\n\nHuawei  5G.", kHuawei5g, analyzer, 200)),
            "First line. [Huawei] [5G].");
  EXPECT_EQ(plain(make_snippet("", kHuawei5g, analyzer, 200)), "");
}

TEST(SnippetMakerTest, MarkKeepsTheWholeTextAsItIs) {
  Analyzer analyzer;
  SnippetMaker maker(analyzer);
  const std::vector<std::string> terms = {"huawei", "5g"};
  const std::string text = "First line.\n\nHuawei’s  5G kit,\tand " + filler(40) + " HUAWEI.";
  const Snippet s = maker.mark(text, terms);
  std::string joined;
  for (const Fragment& f : s) {
    joined += f.text;
  }
  EXPECT_EQ(joined, text);  // nothing cut, no white space changed
  const std::string marked = plain(s);
  EXPECT_EQ(marked.rfind("First line.\n\n[Huawei’s]  [5G] kit,\tand ", 0), 0U) << marked;
  EXPECT_EQ(marked.substr(marked.size() - 9), "[HUAWEI].");
  EXPECT_TRUE(maker.mark("", terms).empty());
  EXPECT_EQ(plain(maker.mark("No match here.", terms)), "No match here.");
}

// Found by the snippet fuzz target: a body of white space alone gave one passage with no text.
TEST(SnippetMakerTest, GivesNoPassageOfABlankBody) {
  Analyzer analyzer;
  EXPECT_TRUE(make_snippets(" \n", kHuawei5g, analyzer, 100, 3).empty());
  EXPECT_TRUE(make_snippets(" \t\r\n\f\v ", kHuawei5g, analyzer, 2, 3).empty());
  EXPECT_EQ(make_snippets(" x ", kHuawei5g, analyzer, 100, 3).size(), 1U);
}

TEST(SnippetMakerTest, CutsOnlyAtUtf8Boundaries) {
  Analyzer analyzer;
  // Text without spaces and no word ICU knows (1,000 stray lead bytes): the passage is the
  // body's first bytes as they are, at most the 100 asked for, then the ellipsis.
  const std::string body = std::string(3000, 'a') + " " + std::string(300, 'x') + "é";
  const Snippet cut = make_snippet(std::string(1000, '\xC3') + body, kHuawei5g, analyzer, 100);
  ASSERT_EQ(cut.size(), 2U) << plain(cut);
  EXPECT_GT(cut[0].text.size(), 0U);
  EXPECT_LE(cut[0].text.size(), 100U);
  EXPECT_EQ(cut[0].text, std::string(cut[0].text.size(), '\xC3'));
  EXPECT_EQ(cut[1].text, " \u2026");
  const std::string accents = "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé";
  const Snippet t = make_snippet(accents + accents + accents, kHuawei5g, analyzer, 31);
  ASSERT_FALSE(t.empty());
  const std::string& first = t.front().text;
  EXPECT_EQ(first.size() % 2, 0U) << "a 2-byte character was split: " << first.size();
}

TEST(SnippetMakerTest, FindsAQueryWordNearTheEndOfAMultiMegabyteArticle) {
  Analyzer analyzer;
  std::string body;
  while (body.size() < 5'000'000) {
    body += filler(1);
  }
  body += "At the very end Huawei and 5G appear. Then more filler follows. " + filler(3);
  const std::vector<Snippet> all = make_snippets(body, kHuawei5g, analyzer, 200, 2);
  ASSERT_EQ(all.size(), 1U) << "one place matches, so one passage";
  const std::string s = plain(all[0]);
  EXPECT_NE(s.find("[Huawei] and [5G]"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("… At the very end", 0), 0U) << "starts at the sentence: " << s;
}

TEST(SnippetMakerTest, SeveralPassagesDoNotOverlapAndFollowTheBody) {
  Analyzer analyzer;
  const std::string body = filler(8) + "Huawei won a contract in Britain. " + filler(8) +
                           "The 5G rollout was delayed. " + filler(8) +
                           "Huawei and 5G were debated again. " + filler(8);
  const std::vector<Snippet> all = make_snippets(body, kHuawei5g, analyzer, 120, 2);
  ASSERT_EQ(all.size(), 2U);
  // The best passage holds both terms; the next best is one of the single-term sentences.
  const std::string a = plain(all[0]);
  const std::string b = plain(all[1]);
  EXPECT_EQ(a.rfind("… [Huawei] won a contract", 0), 0U) << "in body order: " << a;
  EXPECT_NE(b.find("[Huawei] and [5G]"), std::string::npos) << b;
  EXPECT_EQ(a.find("[Huawei] and [5G]"), std::string::npos) << "no overlap: " << a;
  // Each passage is a cut-out of the body: its text without ellipses appears in it.
  for (const Snippet& p : all) {
    std::string text;
    for (const Fragment& f : p) {
      text += f.text;
    }
    text = text.substr(4, text.size() - 8);  // "… " and " …"
    EXPECT_NE(body.find(text), std::string::npos) << text;
    EXPECT_LE(text.size(), 120U);
  }
}

TEST(SnippetMakerTest, AsManyPassagesAsAskedAtMost) {
  Analyzer analyzer;
  std::string body;
  for (int i = 0; i < 6; ++i) {
    body += filler(6) + "Huawei news number " + std::to_string(i) + ". ";
  }
  EXPECT_EQ(make_snippets(body, kHuawei5g, analyzer, 100, 1).size(), 1U);
  EXPECT_EQ(make_snippets(body, kHuawei5g, analyzer, 100, 3).size(), 3U);
  EXPECT_EQ(make_snippets(body, kHuawei5g, analyzer, 100, 0).size(), 0U);
  const std::vector<Snippet> six = make_snippets(body, kHuawei5g, analyzer, 100, 10);
  EXPECT_EQ(six.size(), 6U) << "one passage per place that matches";
  for (const Snippet& p : six) {
    EXPECT_EQ(std::count_if(p.begin(), p.end(), [](const Fragment& f) { return f.highlight; }), 1);
  }
}

TEST(SnippetMakerTest, WithoutAMatchOnePassageFromTheStart) {
  Analyzer analyzer;
  const std::vector<Snippet> all = make_snippets(filler(10), kHuawei5g, analyzer, 100, 2);
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(plain(all[0]).rfind("The council met", 0), 0U) << plain(all[0]);
}

// The highlights are exactly the words the analyser turns into the query's terms, whatever the
// punctuation, scripts and separators around them.
TEST(SnippetMakerTest, HighlightsExactlyTheWordsTheAnalyserMatches) {
  Analyzer analyzer;
  const std::string body =
      "U.S. (Reuters) - Huawei's 2,000 staff [HUAWEI]/huawei-5G; café-owners: \"Café\" said "
      "networking networks. net_work {5g} x5g 5G's a.b.c naïve NAIVE 東京都 Москва 'quoted' "
      "e-mail@example.com 3.14 v2.0 U.K.-based — Huawei—5G …Huawei… ¿huawei? #huawei $5g "
      "a<b>c!d*e+f=g|h\\i%j&k^l~m`n 50% 1+1=2 ~5g~ <huawei> AT&T C++ x*y";
  std::vector<Token> tokens;
  analyzer.analyze(body, tokens);
  std::unordered_map<std::string, double> weights;
  for (const Token& t : tokens) {
    weights[t.term] = 1.0;  // every term a query term: every word must be highlighted
  }
  const std::vector<Snippet> all = make_snippets(body, weights, analyzer, 10000, 1);
  ASSERT_EQ(all.size(), 1U);
  std::vector<std::string> highlighted;
  for (const Fragment& f : all[0]) {
    if (f.highlight) {
      highlighted.push_back(f.text);
    }
  }
  std::vector<std::string> expected;
  for (const Token& t : tokens) {
    expected.push_back(body.substr(t.begin, t.end - t.begin));
  }
  EXPECT_EQ(highlighted, expected);
}

}  // namespace
}  // namespace folio
