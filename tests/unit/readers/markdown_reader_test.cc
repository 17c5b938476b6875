// Tests of the Markdown reader: front matter, headings, markup removed.
#include "readers/markdown_reader.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "reader_checks.h"

namespace folio {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form
using testing::expect_clean;
using testing::repeat;
using testing::show;

TEST(MarkdownReaderTest, FrontMatter) {
  const Article a = parse_markdown(
      "---\n"
      "title: \"Rates: the long view\"\n"
      "date: 2021-03-03\n"
      "author:\n"
      "  - Ann Lee\n"
      "  - Bo Chan\n"
      "tags: [economy]\n"
      "---\n"
      "# Rates: the long view\n"
      "\n"
      "Interest rates **rose** again.\n");
  expect_clean(a, "front matter");
  EXPECT_EQ(a.title, "Rates: the long view");
  EXPECT_EQ(a.date, "2021-03-03");
  EXPECT_EQ(a.author, "Ann Lee, Bo Chan");
  EXPECT_EQ(a.body.find("title:"), std::string::npos);
  EXPECT_NE(a.body.find("Interest rates rose again."), std::string::npos) << a.body;
}

TEST(MarkdownReaderTest, FrontMatterLangOrLanguageIsTheDeclaredLanguage) {
  EXPECT_EQ(parse_markdown("---\nlang: fr\n---\nBonjour.\n").language, "fr");
  EXPECT_EQ(parse_markdown("---\nLanguage: en_GB\n---\nHello.\n").language, "en-GB");
  EXPECT_EQ(parse_markdown("---\nlang: [en, fr]\n---\nHello.\n").language, "")
      << "a list is not a tag";
  EXPECT_EQ(parse_markdown("---\ntitle: T\n---\nHello.\n").language, "");
  EXPECT_EQ(parse_markdown("lang: fr\n\nNo front matter.\n").language, "");
}

TEST(MarkdownReaderTest, Table) {
  struct Case {
    const char* name;
    std::string text;
    std::string title;
    std::string date;
    std::string author;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"front matter scalar author, timestamp date",
       "---\ntitle: Hello\ndate: 2021-03-03 10:00:00 +01:00\nauthor: By Ann Lee\n---\nText.\n",
       "Hello", "2021-03-03", "Ann Lee", "Text."},
      {"front matter without title: heading", "---\ndate: March 3, 2021\n---\n# Heading\n\nText.",
       "Heading", "2021-03-03", "", "Text."},
      {"crlf front matter", "---\r\ntitle: Hi\r\n---\r\nText.\r\n", "Hi", "", "", "Text."},
      {"empty front matter", "---\n---\n# T\nText.", "T", "", "", "Text."},
      // (yaml-cpp 0.7 accepts an unterminated "quote" that runs to the end of the block.)
      {"malformed yaml is text", "---\ntitle: x\n  bad: indent: here\n---\n# Real title\n\nBody.",
       "Real title", "", "", "title: x bad: indent: here\n\nReal title\n\nBody."},
      {"malformed yaml flow", "---\ntitle: [unclosed\n---\nText.", "title: [unclosed", "", "",
       "Text."},
      {"front matter that is not a mapping", "---\njust a line\n---\nText.", "just a line", "", "",
       "Text."},
      {"no closing fence", "---\ntitle: x\n\nText.", "title: x", "", "", "Text."},
      {"heading title removed from body", "# The Title #\n\nFirst *para*.", "The Title", "", "",
       "First para."},
      {"later h1 is title and stays in body", "Intro line.\n\n# Title\n\nText.", "Title", "", "",
       "Intro line.\n\nTitle\n\nText."},
      {"setext heading", "The Title\n=========\n\nText.", "The Title", "", "", "Text."},
      {"no heading: first line", "First line\nsecond line\n\nMore.", "First line", "", "",
       "second line\n\nMore."},
      {"dateline and byline from text",
       "# T\n\n*By Ann Lee*\n\n_Published January 3, 2021_\n\nText.", "T", "2021-01-03", "Ann Lee",
       "Text."},
      {"inline markup",
       "# T\n\nSee **bold**, *em*, __strong__, _u_, ~~gone~~ and `a*b_c` in "
       "[the docs](https://x.org/a_(b)) ![a chart](c.png) <https://y.org> snake_case 5 * 3.",
       "T", "", "",
       "See bold, em, strong, u, gone and a*b_c in the docs a chart https://y.org snake_case 5 * "
       "3."},
      {"reference links and definitions", "# T\n\nA [link][1] here.\n\n[1]: https://x.org\n", "T",
       "", "", "A link here."},
      {"lists and quotes", "# T\n\n- one\n- two\n* [x] done\n1. first\n> quoted *text*\n> more",
       "T", "", "", "one\n\ntwo\n\ndone\n\nfirst quoted text more"},
      {"fenced code kept", "# T\n\n```cpp\nint *p = a_b * 2; // [x](y)\n```\nAfter.", "T", "", "",
       "int *p = a_b * 2; // [x](y)\n\nAfter."},
      {"html comments removed",
       "# T\n\nBefore <!-- hidden --> after.\n<!--\nmulti\nline\n-->\nEnd.", "T", "", "",
       "Before after. End."},
      {"rules and tables", "# T\n\n---\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n", "T", "", "",
       "a b\n\n1 2"},
      {"escapes and html tags", "# T\n\n\\*not em\\* and <span class=\"x\">inline</span> html", "T",
       "", "", "*not em* and inline html"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + show(c.text));
    const Article a = parse_markdown(c.text);
    expect_clean(a, c.name);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.body, c.body);
  }
}

TEST(MarkdownReaderTest, PathologicalLinesFinish) {
  // Unmatched brackets and backticks must not make inline stripping quadratic.
  const std::string text =
      "# T\n\n" + repeat("[", 200'000) + repeat("`x ", 50'000) + repeat("](", 50'000) + "\n";
  const Article a = parse_markdown(text);
  EXPECT_EQ(a.title, "T");
  expect_clean(a, "pathological");
}

}  // namespace
}  // namespace folio
