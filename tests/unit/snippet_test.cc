// Tests of passage selection and highlighting.
#include "snippet.h"

#include <gtest/gtest.h>

namespace folio {
namespace {

std::string plain(const Snippet& s) {
  std::string out;
  for (const auto& f : s) {
    out += f.highlight ? "[" + f.text + "]" : f.text;
  }
  return out;
}

const std::unordered_map<std::string, double> kHuawei5g = {{"huawei", 2.0}, {"5g", 1.5}};

std::string filler(int sentences) {
  std::string s;
  for (int i = 0; i < sentences; ++i) {
    s += "The council met on Tuesday to discuss bus routes and school budgets. ";
  }
  return s;
}

TEST(SnippetTest, PicksTheBestPassageNotTheFirstLines) {
  Analyzer analyzer;
  const std::string body =
      filler(20) + "Ministers said Huawei could supply parts of the 5G network. " + filler(20);
  const std::string s = plain(make_snippet(body, kHuawei5g, analyzer, 200));
  EXPECT_NE(s.find("[Huawei]"), std::string::npos) << s;
  EXPECT_NE(s.find("[5G]"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("… Ministers said", 0), 0U) << "starts at the sentence: " << s;
  EXPECT_EQ(s.substr(s.size() - 3), "…") << s;
}

TEST(SnippetTest, PrefersAPassageWithMoreDistinctTerms) {
  Analyzer analyzer;
  const std::string body = "Huawei, Huawei, Huawei and Huawei again. " + filler(10) +
                           "Huawei built the 5G masts. " + filler(10);
  const std::string s = plain(make_snippet(body, kHuawei5g, analyzer, 120));
  EXPECT_NE(s.find("[5G]"), std::string::npos) << s;
}

TEST(SnippetTest, HighlightsTheWordAsWritten) {
  Analyzer analyzer;
  const std::string body = "Huawei’s 5G kit and HUAWEI phones.";
  EXPECT_EQ(plain(make_snippet(body, kHuawei5g, analyzer, 200)),
            "[Huawei’s] [5G] kit and [HUAWEI] phones.");
}

TEST(SnippetTest, WithoutAMatchShowsTheStart) {
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

TEST(SnippetTest, ShortBodyIsWholeAndLineBreaksBecomeSpaces) {
  Analyzer analyzer;
  EXPECT_EQ(plain(make_snippet("First line.\n\nHuawei  5G.", kHuawei5g, analyzer, 200)),
            "First line. [Huawei] [5G].");
  EXPECT_EQ(plain(make_snippet("", kHuawei5g, analyzer, 200)), "");
}

TEST(SnippetTest, CutsOnlyAtUtf8Boundaries) {
  Analyzer analyzer;
  const std::string body = std::string(3000, 'a') + " " + std::string(300, 'x') + "é";
  const std::string s =
      plain(make_snippet(std::string(1000, '\xC3') + body, kHuawei5g, analyzer, 100));
  EXPECT_FALSE(s.empty());
  const std::string accents = "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé";
  const Snippet t = make_snippet(accents + accents + accents, kHuawei5g, analyzer, 31);
  ASSERT_FALSE(t.empty());
  const std::string& first = t.front().text;
  EXPECT_EQ(first.size() % 2, 0U) << "a 2-byte character was split: " << first.size();
}

TEST(SnippetTest, HandlesAVeryLongArticle) {
  Analyzer analyzer;
  std::string body;
  while (body.size() < 5'000'000) {
    body += filler(1);
  }
  body += "At the very end Huawei and 5G appear.";
  const std::string s = plain(make_snippet(body, kHuawei5g, analyzer, 200));
  EXPECT_NE(s.find("[Huawei] and [5G]"), std::string::npos) << s;
}

TEST(SnippetTest, HtmlEscapesTextAndMarksMatches) {
  const Snippet s = {{"<b>Tom & \"Jerry\"</b> ", false}, {"Huawei", true}};
  EXPECT_EQ(snippet_to_html(s),
            "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt; <mark>Huawei</mark>");
}

}  // namespace
}  // namespace folio
