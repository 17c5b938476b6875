// Tests of the plain-text reader: title, dateline, byline and body.
#include "readers/text_reader.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "reader_checks.h"

namespace folio {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form
using testing::expect_clean;
using testing::paragraphs;
using testing::repeat;
using testing::show;

// An excerpt of the seed article (a scraped news page: title, dek, dateline, caption, body).
constexpr std::string_view kSeedExcerpt =
    "Boris Johnson Is Defying Trump on Chinese-Built 5G\xC2\xA0Networks\n"
    "\n"
    "The U.S. has warned that the Chinese government is using 5G networks built by Chinese "
    "telecom giant Huawei for surveillance.\n"
    "January 14, 2020, 1:22pm\n"
    "Prime Minister, Boris Johnson, speaking in the Parliament Buildings, Stormont, Belfast\n"
    "\n"
    "Want the best of VICE News straight to your inbox? Sign up here.\n"
    "\n"
    "National security officials from the U.S. visited the U.K. on Monday to push their claim "
    "that allowing Chinese telecom giant Huawei access to the country\xE2\x80\x99s 5G networks "
    "would be \xE2\x80\x9Cnothing short of madness.\xE2\x80\x9D\n"
    "\n"
    "Less than 24 hours later, British Prime Minister Boris Johnson suggested once again that "
    "when he does make a final decision on the matter, he will likely ignore Washington\xE2\x80"
    "\x99s concerns.\n";

TEST(TextReaderTest, SeedArticle) {
  const Article a = parse_text(kSeedExcerpt);
  expect_clean(a, "seed");
  EXPECT_EQ(a.title, "Boris Johnson Is Defying Trump on Chinese-Built 5G Networks");
  EXPECT_EQ(a.date, "2020-01-14");
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.body.find("1:22pm"), std::string::npos) << a.body;
  EXPECT_EQ(a.body.find("Boris Johnson Is Defying"), std::string::npos);
  const std::vector<std::string> p = paragraphs(a.body);
  ASSERT_EQ(p.size(), 5u) << show(a.body);
  // The removed dateline separates the dek from the photo caption.
  EXPECT_EQ(p[0],
            "The U.S. has warned that the Chinese government is using 5G networks built by "
            "Chinese telecom giant Huawei for surveillance.");
  EXPECT_EQ(p[1],
            "Prime Minister, Boris Johnson, speaking in the Parliament Buildings, Stormont, "
            "Belfast");
  EXPECT_EQ(p[3].rfind("National security officials from the U.S. visited the U.K.", 0), 0u);
}

TEST(TextReaderTest, BbcStyle) {
  const Article a = parse_text(
      "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped "
      "76% to $1.13bn (\xC2\xA3"
      "600m) for the three months to December.\n\nThe firm, which is now "
      "one of the biggest investors in Google, benefited from sales.\n");
  expect_clean(a, "bbc");
  EXPECT_EQ(a.title, "Ad sales boost Time Warner profit");
  EXPECT_EQ(a.date, "");
  EXPECT_EQ(a.body,
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (\xC2\xA3"
            "600m) "
            "for the three months to December.\n\nThe firm, which is now one of the biggest "
            "investors in Google, benefited from sales.");
}

TEST(TextReaderTest, Table) {
  struct Case {
    const char* name;
    std::string text;
    std::string title;
    std::string date;
    std::string author;
    std::string body;
  };
  const std::string long_line =
      "This first line is a whole paragraph rather than a title, because it goes on and on " +
      repeat("and on ", 40) + "until the end.";
  const std::vector<Case> cases = {
      {"empty", "", "", "", "", ""},
      {"blank lines only", "\n \n\t\n", "", "", "", ""},
      {"title only", "  Just a title  \n", "Just a title", "", "", ""},
      {"byline", "Title\n\nBy Jane Doe\n\nBody text.", "Title", "", "Jane Doe", "Body text."},
      {"byline with two names", "Title\nBY John Smith and Jane van Doe\nBody.", "Title", "",
       "John Smith and Jane van Doe", "Body."},
      {"byline with comma list", "Title\nBy Ann Lee, Bo Chan and Cy Diaz\nBody.", "Title", "",
       "Ann Lee, Bo Chan and Cy Diaz", "Body."},
      {"byline with five names", "Title\nBy A B, C D, E F, G H and I J\nBody.", "Title", "", "",
       "By A B, C D, E F, G H and I J Body."},
      {"byline ending in and", "Title\nBy Ann Lee and\nBody.", "Title", "", "",
       "By Ann Lee and Body."},
      {"by-sentence is not a byline", "Title\n\nBy the way, this is text.", "Title", "", "",
       "By the way, this is text."},
      {"too many names", "Title\nBy One Two Three Four Five Six\nBody.", "Title", "", "",
       "By One Two Three Four Five Six Body."},
      {"dateline and byline", "Title\nPublished: March 3, 2021\nBy Ann Lee\n\nBody.", "Title",
       "2021-03-03", "Ann Lee", "Body."},
      {"updated dateline", "Title\nUpdated 14 Jan 2020 10:22 GMT\nBody.", "Title", "2020-01-14", "",
       "Body."},
      {"dated sentence stays in the body",
       "Title\n\n14 January 2020 was the day the minister finally announced the new plan for "
       "the railways.",
       "Title", "", "",
       "14 January 2020 was the day the minister finally announced the new plan for the "
       "railways."},
      {"dateline beyond the window", "Title\n1\n2\n3\n4\n5\n6\n7\n8\nJanuary 14, 2020\n", "Title",
       "", "", "1 2 3 4 5 6 7 8 January 14, 2020"},
      {"crlf", "Title\r\n\r\nFirst line\r\nsecond line\r\n\r\n\r\n\r\nNext para\r\n", "Title", "",
       "", "First line second line\n\nNext para"},
      {"old mac line ends", "Title\r\rBody one\rBody two", "Title", "", "", "Body one Body two"},
      {"whitespace collapsed", "  Spaced \t  title \n\n  body   with\tspaces  ", "Spaced title", "",
       "", "body with spaces"},
      {"controls and nul removed", "Ti\x01tle\n\nbo\0dy\x7F text\x1B"s, "Title", "", "",
       "body text"},
      {"bom removed", "\xEF\xBB\xBFTitle\nBody", "Title", "", "", "Body"},
      {"invalid utf-8 replaced", "Tit\xFFle\nBody", "Tit\xEF\xBF\xBDle", "", "", "Body"},
      {"over-long first line", long_line + "\n\nSecond paragraph.",
       "This first line is a whole paragraph rather than a title, because\xE2\x80\xA6", "", "",
       long_line + "\n\nSecond paragraph."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + show(c.text));
    const Article a = parse_text(c.text);
    expect_clean(a, c.name);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.body, c.body);
  }
}

}  // namespace
}  // namespace folio
