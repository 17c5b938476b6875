// Tests of snippets as text and HTML: passages joined, text escaped, matches marked.
#include "folio/snippet.h"

#include <gtest/gtest.h>

#include "snippets.h"

namespace folio {
namespace {

using testing::plain;

TEST(SnippetTest, JoinedPassagesShareOneEllipsis) {
  const std::vector<Snippet> passages = {{{"… ", false}, {"a", true}, {" …", false}},
                                         {{"… ", false}, {"b", false}, {" …", false}}};
  EXPECT_EQ(plain(join_passages(passages)), "… [a] … b …");
  EXPECT_EQ(plain(join_passages({})), "");
  // As SnippetMaker makes them: the ellipses are ends of the plain text around the matches.
  const std::vector<Snippet> merged = {{{"… x ", false}, {"a", true}, {" y …", false}},
                                       {{"… z ", false}, {"b", true}, {" w …", false}}};
  EXPECT_EQ(plain(join_passages(merged)), "… x [a] y … z [b] w …");
}

TEST(SnippetTest, HtmlEscapesTextAndMarksMatches) {
  const Snippet s = {{"<b>Tom & \"Jerry\"</b> ", false}, {"Huawei", true}};
  EXPECT_EQ(snippet_to_html(s),
            "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt; <mark>Huawei</mark>");
}

TEST(SnippetTest, HtmlEscapeReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("a < b & c > d \"e\" 'f'"),
            "a &lt; b &amp; c &gt; d &quot;e&quot; &#39;f&#39;");
  EXPECT_EQ(html_escape("plain text, ünïcödé"), "plain text, ünïcödé");
}

TEST(SnippetTest, HtmlTakesOtherMarkers) {
  const Snippet s = {{"a ", false}, {"b", true}};
  EXPECT_EQ(snippet_to_html(s, "<b>", "</b>"), "a <b>b</b>");
}

}  // namespace
}  // namespace folio
