// Tests of the HTML reader: meta data, visible text, deep documents.
#include "readers/html_reader.h"

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

TEST(HtmlReaderTest, Article) {
  const Article a = parse_html(
      "<!DOCTYPE html><html><head>"
      "<title>Page title | Site</title>"
      "<meta property=\"og:title\" content=\"The &quot;real&quot; title\">"
      "<meta property=\"article:published_time\" content=\"2020-01-14T10:00:00Z\">"
      "<meta name=\"author\" content=\"Jane Doe\">"
      "<style>p { color: red }</style><script>var x = '<p>no</p>';</script>"
      "</head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
      "<article><h1>Heading</h1>"
      "<p>First &amp; <b>bold</b>\n  paragraph&nbsp;here.</p>"
      "<p>Caf&eacute; &#8220;quoted&#x201D;<br>after break</p>"
      "<ul><li>one</li><li>two</li></ul>"
      "<table><tr><td>a</td><td>b</td></tr></table>"
      "<pre>line 1\nline 2</pre>"
      "<script>document.write('hidden')</script><noscript>Enable JS</noscript>"
      "<form><button>Subscribe</button></form><div hidden>secret</div>"
      "<aside>Related</aside></article>"
      "<footer>Copyright</footer></body></html>");
  expect_clean(a, "html");
  EXPECT_EQ(a.title, "The \"real\" title");
  EXPECT_EQ(a.date, "2020-01-14");
  EXPECT_EQ(a.author, "Jane Doe");
  EXPECT_EQ(a.body,
            "Heading\n\nFirst & bold paragraph here.\n\nCaf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"
            "\n\nafter break\n\none\n\ntwo\n\na b\n\nline 1 line 2");
}

TEST(HtmlReaderTest, MetaTable) {
  struct Case {
    const char* name;
    std::string head;  // inside <head>
    std::string body;  // inside <body>
    std::string title;
    std::string date;
    std::string author;
  };
  const std::vector<Case> cases = {
      {"title tag", "<title> A  title </title>", "<p>x</p>", "A title", "", ""},
      {"h1 fallback", "", "<h1>Big <i>head</i></h1><p>x</p>", "Big head", "", ""},
      {"og:title over title", "<title>T</title><meta property=og:title content=OG>", "", "OG", "",
       ""},
      {"og published", "<meta property=\"og:published_time\" content=\"2019-05-06\">", "", "",
       "2019-05-06", ""},
      {"name=date", "<meta name=\"date\" content=\"May 6, 2019\">", "", "", "2019-05-06", ""},
      {"pubdate",
       "<meta name=\"pubdate\" content=\"20190506\"><meta name=publish-date "
       "content=2019-05-07>",
       "", "", "2019-05-07", ""},
      {"dc.date upper case", "<meta name=\"DC.date.issued\" content=\"2019-05-08\">", "", "",
       "2019-05-08", ""},
      {"itemprop datePublished", "",
       "<span itemprop=\"datePublished\" content=\"2019-05-09T08:00\">May 9</span>", "",
       "2019-05-09", ""},
      {"time datetime", "", "<p>Posted <time datetime=\"2019-05-10T08:00:00Z\">Friday</time></p>",
       "", "2019-05-10", ""},
      {"meta beats time", "<meta name=date content=2019-05-11>",
       "<time datetime=\"2018-01-01\">x</time>", "", "2019-05-11", ""},
      {"json-ld",
       "<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"NewsArticle\", "
       "\"datePublished\": \"2019-05-12T10:00:00Z\", \"author\": [{\"name\": \"Ann "
       "Lee\"}, {\"name\": \"Bo Chan\"}]}]}</script>",
       "", "", "2019-05-12", "Ann Lee, Bo Chan"},
      {"article:author url skipped",
       "<meta property=\"article:author\" content=\"https://x.com/ann\"><meta name=byl "
       "content=\"By Ann Lee\">",
       "", "", "", "Ann Lee"},
      {"article:author name", "<meta property=\"article:author\" content=\"Bo Chan\">", "", "", "",
       "Bo Chan"},
      {"itemprop author", "",
       "<span itemprop=\"author\" itemscope><span itemprop=\"name\">Cy Diaz</span></span>", "", "",
       "Cy Diaz"},
      {"unparsable meta date falls through", "<meta name=date content=\"soon\">",
       "<time datetime=\"2019-05-13\">x</time>", "", "2019-05-13", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Article a =
        parse_html("<html><head>" + c.head + "</head><body>" + c.body + "</body></html>");
    expect_clean(a, c.name);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
  }
}

TEST(HtmlReaderTest, DeclaredLanguageTable) {
  struct Case {
    const char* name;
    std::string page;
    std::string language;
  };
  const std::vector<Case> cases = {
      {"html lang", "<html lang=\" fr-CA \"><p>x</p></html>", "fr-CA"},
      {"xml:lang", "<html xml:lang=\"nl\"><p>x</p></html>", "nl"},
      {"html lang over meta", "<html lang=de><meta http-equiv=content-language content=en><p>x",
       "de"},
      {"body lang", "<html><body lang=it><p>x</p></body></html>", "it"},
      {"article lang", "<html><body><nav lang=en>n</nav><article lang=pt-BR>x</article>", "pt-BR"},
      {"http-equiv, first of a list",
       "<meta http-equiv=\"Content-Language\" content=\"de, en\"><p>x", "de"},
      {"og:locale", "<meta property=\"og:locale\" content=\"de_DE\"><p>x", "de-DE"},
      {"meta name language", "<meta name=\"language\" content=\"sv\"><p>x", "sv"},
      {"meta dc.language", "<meta name=\"DC.Language\" content=\"fi\"><p>x", "fi"},
      {"not a tag", "<html lang=\"the English language\"><p>x", ""},
      {"nothing declared", "<html><head><title>t</title></head><body><p>x</p></body></html>", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_html(c.page).language, c.language) << c.name;
  }
}

TEST(HtmlCharsetTest, MetaCharsetInEitherForm) {
  EXPECT_EQ(meta_charset("<meta charset=\"ISO-8859-2\"><title>x</title>"), "iso-8859-2");
  EXPECT_EQ(meta_charset("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=KOI8-R'>"),
            "koi8-r");
  EXPECT_EQ(meta_charset("<meta name=\"author\" content=\"x\"><meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(meta_charset("<meta name=\"description\" content=\"charset free\">"), "");
  EXPECT_EQ(meta_charset(std::string(5000, ' ') + "<meta charset=\"koi8-r\">"), "")
      << "only the first 4 KiB are looked at";
  EXPECT_EQ(charset_param("text/html; charset=\"Shift_JIS\""), "shift_jis");
  EXPECT_EQ(charset_param("text/html"), "");
}

TEST(HtmlReaderTest, FragmentsAndJunk) {
  EXPECT_EQ(parse_html("").body, "");
  EXPECT_EQ(parse_html("plain text, no tags").body, "plain text, no tags");
  EXPECT_EQ(parse_html("<p>unclosed <b>tags<p>second").body, "unclosed tags\n\nsecond");
  const Article junk = parse_html("<<>>&&&;\x01<p\n<script>");
  expect_clean(junk, "junk");
}

/// Deep nesting: gumbo handles 10,000 levels, and the walk must not recurse.
TEST(HtmlReaderTest, TenThousandNestedTags) {
  for (const char* tag : {"div", "b", "span"}) {
    SCOPED_TRACE(tag);
    const std::string open = std::string("<") + tag + ">";
    const std::string close = std::string("</") + tag + ">";
    const std::string html = "<html><head><title>Deep</title></head><body>" + repeat(open, 10'000) +
                             "deep text" + repeat(close, 10'000) + "<p>after</p></body></html>";
    const Article a = parse_html(html);
    EXPECT_EQ(a.title, "Deep");
    EXPECT_NE(a.body.find("deep text"), std::string::npos);
    EXPECT_NE(a.body.find("after"), std::string::npos);
  }
}

/// Deeper than gumbo can take (stack overflow in its recursive free at ~200,000 levels, and
/// quadratic time): the flat tag stripper reads it.
TEST(HtmlReaderTest, VeryDeepNestingFallsBackToTagStripping) {
  const std::string html =
      "<html><head><title>Very &amp; deep</title><style>x{}</style></head><body>" +
      repeat("<div>", 300'000) + "deep &lt;text&gt;<script>no()</script>" +
      repeat("</div>", 300'000) + "<p>after</p></body></html>";
  const Article a = parse_html(html);  // gumbo would overflow its stack here
  expect_clean(a, "flat");
  EXPECT_EQ(a.title, "Very & deep");
  EXPECT_EQ(a.body, "deep <text>\n\nafter");
}

}  // namespace
}  // namespace folio
