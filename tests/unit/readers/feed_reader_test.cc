// Tests of the feed reader: RSS 2.0, RSS 1.0 and Atom items as articles; charsets; broken and
// hostile feeds; and feeds read through read_file().
#include "readers/feed_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/reader.h"

#include "reader_checks.h"
#include "temp_dir.h"

namespace folio {
namespace {

using testing::expect_clean;

constexpr const char* kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Wire</title>
  <link>https://example.com/</link>
  <item>
    <title>Huawei &amp; 5G: the decision</title>
    <link>https://example.com/huawei</link>
    <guid isPermaLink="false">wire-1001</guid>
    <pubDate>Tue, 14 Jan 2020 10:22:00 GMT</pubDate>
    <dc:creator>Helen Carver</dc:creator>
    <description>A short summary.</description>
    <content:encoded><![CDATA[<p>The government let <b>Huawei</b> into the network.</p><p>Second paragraph.</p>]]></content:encoded>
  </item>
  <item>
    <title>Rates rise</title>
    <link>https://example.com/rates</link>
    <author>jane@example.com (Jane Doe)</author>
    <description>&lt;p&gt;The bank raised rates &amp;amp; more.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Untitled note without a link</title>
    <description>Just text.</description>
  </item>
</channel>
</rss>
)";

TEST(FeedReaderTest, Rss2ItemsBecomeArticles) {
  const Feed feed = parse_feed(kRss);
  ASSERT_TRUE(feed.is_feed);
  ASSERT_EQ(feed.items.size(), 3U);
  const Article& a = feed.items[0].article;
  EXPECT_EQ(feed.items[0].key, "wire-1001");
  EXPECT_EQ(a.title, "Huawei & 5G: the decision");
  EXPECT_EQ(a.url, "https://example.com/huawei");
  EXPECT_EQ(a.date, "2020-01-14");
  EXPECT_EQ(a.author, "Helen Carver");
  EXPECT_EQ(a.body, "The government let Huawei into the network.\n\nSecond paragraph.")
      << "content:encoded wins over the description, read as HTML";
  EXPECT_EQ(feed.items[1].key, "https://example.com/rates") << "no guid: the link";
  EXPECT_EQ(feed.items[1].article.author, "Jane Doe");
  EXPECT_EQ(feed.items[1].article.body, "The bank raised rates & more.");
  EXPECT_EQ(feed.items[2].key, "item-3") << "neither guid nor link: the position";
  for (const FeedItem& item : feed.items) {
    expect_clean(item.article, item.key);
  }
}

TEST(FeedReaderTest, AtomEntriesBecomeArticles) {
  const Feed feed = parse_feed(R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog</title>
  <entry>
    <title type="html">Storms &lt;em&gt;hit&lt;/em&gt; the coast</title>
    <link rel="self" href="https://example.org/feed/1"/>
    <link rel="alternate" href="https://example.org/storms"/>
    <id>tag:example.org,2021:1</id>
    <updated>2021-03-05T08:00:00Z</updated>
    <published>2021-03-04T10:00:00+01:00</published>
    <author><name>Sam Lee</name><email>sam@example.org</email></author>
    <summary>Short.</summary>
    <content type="html">&lt;p&gt;Roofs were lost.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Only updated</title>
    <id>tag:example.org,2021:2</id>
    <updated>2021-04-01T00:00:00Z</updated>
    <summary>Summary as the body.</summary>
  </entry>
</feed>)");
  ASSERT_TRUE(feed.is_feed);
  ASSERT_EQ(feed.items.size(), 2U);
  const Article& a = feed.items[0].article;
  EXPECT_EQ(feed.items[0].key, "tag:example.org,2021:1");
  EXPECT_EQ(a.title, "Storms hit the coast");
  EXPECT_EQ(a.url, "https://example.org/storms") << "the alternate link, not self";
  EXPECT_EQ(a.date, "2021-03-04") << "published wins over updated";
  EXPECT_EQ(a.author, "Sam Lee");
  EXPECT_EQ(a.body, "Roofs were lost.");
  EXPECT_EQ(feed.items[1].article.date, "2021-04-01");
  EXPECT_EQ(feed.items[1].article.body, "Summary as the body.");
}

TEST(FeedReaderTest, Rss1ItemsAreReadToo) {
  const Feed feed = parse_feed(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.net/"><title>Old</title></channel>
  <item rdf:about="https://example.net/a">
    <title>First</title><link>https://example.net/a</link>
    <dc:date>2005-07-08T12:00:00Z</dc:date><description>Text one.</description>
  </item>
</rdf:RDF>)");
  ASSERT_TRUE(feed.is_feed);
  ASSERT_EQ(feed.items.size(), 1U);
  EXPECT_EQ(feed.items[0].key, "https://example.net/a");
  EXPECT_EQ(feed.items[0].article.date, "2005-07-08");
}

TEST(FeedReaderTest, TheChannelLanguageAppliesToEveryItemUnlessItDeclaresItsOwn) {
  const Feed feed = parse_feed(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>Nieuws</title><language>nl-BE</language>
  <item><title>Een</title><description>Tekst.</description></item>
  <item><title>Deux</title><dc:language>fr</dc:language><description>Texte.</description></item>
</channel></rss>)");
  ASSERT_EQ(feed.items.size(), 2U);
  EXPECT_EQ(feed.items[0].article.language, "nl-BE");
  EXPECT_EQ(feed.items[1].article.language, "fr");
}

TEST(FeedReaderTest, TheNearestAtomXmlLangWins) {
  const Feed feed = parse_feed(R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
  <entry><id>1</id><title>Feed's</title><content>Text.</content></entry>
  <entry xml:lang="de"><id>2</id><title>Entry's</title><content>Text.</content></entry>
  <entry xml:lang="de"><id>3</id><title>Content's</title>
    <content xml:lang="es" type="html">Texto.</content></entry>
</feed>)");
  ASSERT_EQ(feed.items.size(), 3U);
  EXPECT_EQ(feed.items[0].article.language, "en-GB");
  EXPECT_EQ(feed.items[1].article.language, "de");
  EXPECT_EQ(feed.items[2].article.language, "es");
}

TEST(FeedReaderTest, Rss1ChannelDcLanguageAppliesToTheItemsBesideIt) {
  const Feed feed = parse_feed(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.net/"><title>Old</title><dc:language>ja</dc:language></channel>
  <item rdf:about="https://example.net/a"><title>First</title><description>x</description></item>
</rdf:RDF>)");
  ASSERT_EQ(feed.items.size(), 1U);
  EXPECT_EQ(feed.items[0].article.language, "ja");
}

TEST(FeedReaderTest, AFeedThatDeclaresNoLanguageGivesNone) {
  const Feed feed = parse_feed(kRss);
  ASSERT_EQ(feed.items.size(), 3U);
  for (const FeedItem& item : feed.items) {
    EXPECT_EQ(item.article.language, "") << item.key;
  }
}

TEST(FeedReaderTest, TheCharsetTheBytesBearOutWins) {
  const std::string item =
      "<item><title>Caf\xE9</title><description>Le caf\xE9 ouvre.</description></item>";
  const std::string latin1_body = "<rss><channel>" + item + "</channel></rss>";
  // Declared UTF-8 (or not at all) over Latin-1 bytes: read as what they are.
  for (const std::string& decl :
       {std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), std::string()}) {
    const Feed feed = parse_feed(decl + latin1_body);
    ASSERT_EQ(feed.items.size(), 1U) << decl;
    EXPECT_EQ(feed.items[0].article.title, "Caf\xC3\xA9") << decl;
    EXPECT_EQ(feed.items[0].article.body, "Le caf\xC3\xA9 ouvre.") << decl;
  }
  // Declared Latin-1, and so it is.
  const Feed latin1 = parse_feed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + latin1_body);
  ASSERT_EQ(latin1.items.size(), 1U);
  EXPECT_EQ(latin1.items[0].article.title, "Caf\xC3\xA9");
  // Declared Latin-1 over UTF-8 bytes: UTF-8 (read as Latin-1 it would be "CafÃ©").
  const Feed utf8 = parse_feed(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf\xC3\xA9"
      "</title></item></channel></rss>");
  ASSERT_EQ(utf8.items.size(), 1U);
  EXPECT_EQ(utf8.items[0].article.title, "Caf\xC3\xA9");
}

TEST(FeedReaderTest, ABrokenFeedIsReadAsFarAsItGoes) {
  const std::string rss = kRss;
  const std::string cut = rss.substr(0, rss.find("<item>", rss.find("Rates rise")));
  const Feed feed = parse_feed(cut + "<item><title>Half an it");
  ASSERT_TRUE(feed.is_feed);
  ASSERT_GE(feed.items.size(), 2U);
  EXPECT_EQ(feed.items[0].key, "wire-1001");
  EXPECT_EQ(feed.items[1].article.title, "Rates rise");
  EXPECT_FALSE(parse_feed("").is_feed);
  EXPECT_FALSE(parse_feed("not xml at all <<<").is_feed);
  EXPECT_FALSE(parse_feed("<?xml version=\"1.0\"?><html><body>A page</body></html>").is_feed);
}

// "Billion laughs": nested entities that would expand to gigabytes are never expanded.
TEST(FeedReaderTest, EntitiesAreNotExpanded) {
  std::string doctype = "<!DOCTYPE rss [<!ENTITY a \"lol\">";
  for (char e = 'b'; e <= 'k'; ++e) {
    const std::string prev(1, static_cast<char>(e - 1));
    doctype += std::string("<!ENTITY ") + e + " \"" + std::string(10, '&') + "\">";
    std::string refs;
    for (int i = 0; i < 10; ++i) {
      refs += "&" + prev + ";";
    }
    doctype.replace(doctype.rfind(std::string(10, '&')), 10, refs);
  }
  doctype += "]>";
  const Feed feed = parse_feed("<?xml version=\"1.0\"?>" + doctype +
                               "<rss><channel><item><title>Laughs</title><description>&k; "
                               "and words</description></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1U);
  EXPECT_LT(feed.items[0].article.body.size(), 100U) << feed.items[0].article.body.substr(0, 80);
}

TEST(FeedReaderTest, OnlyAnXmlFileWhoseRootIsAFeedLooksLikeOne) {
  EXPECT_TRUE(
      looks_like_feed("<?xml version=\"1.0\"?>\n<!-- a comment -->\n<rss version=\"2.0\">"));
  EXPECT_TRUE(looks_like_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(looks_like_feed("<?xml version=\"1.0\"?><rdf:RDF>"));
  EXPECT_FALSE(looks_like_feed("<?xml version=\"1.0\"?><svg/>"));
  EXPECT_FALSE(looks_like_feed("plain text"));
}

TEST(FeedReaderTest, ReadFileGivesEachItemTheIdPathHashKey) {
  testing::TempDir dir;
  const auto file = dir.write("news/wire.rss", kRss);
  const auto not_a_feed = dir.write("news/sitemap.xml", "<?xml version=\"1.0\"?><urlset/>");
  const auto feed_xml = dir.write("feed.xml", kRss);
  std::vector<Article> got;
  const ReadResult r = read_file(file, dir.path(), [&](Article&& a) { got.push_back(a); });
  ASSERT_EQ(r.articles, 3U);
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0].id, "news/wire.rss#wire-1001");
  EXPECT_EQ(got[1].id, "news/wire.rss#https://example.com/rates");
  EXPECT_EQ(got[2].id, "news/wire.rss#item-3");
  EXPECT_EQ(got[0].category, "news");
  EXPECT_EQ(got[0].path, file.string());
  EXPECT_EQ(got[0].url, "https://example.com/huawei");
  const ReadResult skipped = read_file(not_a_feed, dir.path(), [](Article&&) {});
  ASSERT_EQ(skipped.skipped.size(), 1U);
  EXPECT_EQ(skipped.skipped[0].reason, "unsupported file type");
  EXPECT_EQ(read_file(feed_xml, dir.path(), [](Article&&) {}).articles, 3U);
  EXPECT_EQ(file_kind("a.RSS"), FileKind::kFeed);
  EXPECT_EQ(file_kind("a.atom"), FileKind::kFeed);
  EXPECT_EQ(file_kind("a.xml"), FileKind::kXml);
}

}  // namespace
}  // namespace folio
