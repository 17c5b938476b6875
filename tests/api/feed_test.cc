// Tests of `folio-search serve`'s subscriptions: /feed (Atom) and /opensearch.xml, parsed with
// libxml2, and --base-url.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <nlohmann/json.hpp>

#include "folio/config.h"

#include "server_suite.h"

namespace {

using namespace folio::testing::serve_suite;  // NOLINT(google-build-using-namespace)

// ---- Feeds and OpenSearch ----

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr const char* kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";

// An XML answer parsed strictly (no recovery, no network), queried with XPath: prefix `a` is
// Atom's namespace, `os` OpenSearch's.
class XmlDoc {
 public:
  explicit XmlDoc(const std::string& xml)
      : doc_(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) {
    if (doc_ != nullptr) {
      ctx_ = xmlXPathNewContext(doc_);
      xmlXPathRegisterNs(ctx_, BAD_CAST "a", BAD_CAST kAtomNs);
      xmlXPathRegisterNs(ctx_, BAD_CAST "os", BAD_CAST kOpenSearchNs);
    }
  }
  ~XmlDoc() {
    xmlXPathFreeContext(ctx_);
    xmlFreeDoc(doc_);
  }
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;

  bool ok() const { return doc_ != nullptr; }
  xmlNodePtr root() const { return xmlDocGetRootElement(doc_); }

  // The elements `xpath` selects, from `at` (the root when null).
  std::vector<xmlNodePtr> nodes(const std::string& xpath, xmlNodePtr at = nullptr) const {
    std::vector<xmlNodePtr> out;
    ctx_->node = at != nullptr ? at : root();
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath.c_str(), ctx_);
    if (r != nullptr && r->nodesetval != nullptr) {
      for (int i = 0; i < r->nodesetval->nodeNr; ++i) {
        out.push_back(r->nodesetval->nodeTab[i]);
      }
    }
    xmlXPathFreeObject(r);
    return out;
  }
  // The string value of `xpath` (text of the first node selected), from `at`.
  std::string text(const std::string& xpath, xmlNodePtr at = nullptr) const {
    ctx_->node = at != nullptr ? at : root();
    const std::string expression = "string(" + xpath + ")";
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expression.c_str(), ctx_);
    std::string out =
        r != nullptr && r->stringval != nullptr ? reinterpret_cast<const char*>(r->stringval) : "";
    xmlXPathFreeObject(r);
    return out;
  }

 private:
  xmlDocPtr doc_;
  xmlXPathContextPtr ctx_ = nullptr;
};

// GET `path` (query string included, as given) from `server` with these headers; the answer,
// or a failure.
httplib::Result get_raw(const Server& server, const std::string& path,
                        const httplib::Headers& headers = {}) {
  httplib::Client c = server.client();
  c.set_url_encode(false);
  return c.Get(path, headers);
}

// GET a /feed URL, expecting 200 and Atom.
std::string fetch_feed(const Server& server, const std::string& path) {
  const httplib::Result r = get_raw(server, path);
  if (!r) {
    ADD_FAILURE() << "no answer to " << path;
    return {};
  }
  EXPECT_EQ(r->status, 200) << path << ": " << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8") << path;
  return r->body;
}

const std::regex kRfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");

// `s` with every byte but A-Z a-z 0-9 - . _ ~ as %XX (RFC 3986's unreserved characters).
std::string pct(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      out += hex;
    }
  }
  return out;
}

// The entries' ids, in order.
std::vector<std::string> entry_ids(const XmlDoc& feed) {
  std::vector<std::string> out;
  for (xmlNodePtr e : feed.nodes("/a:feed/a:entry")) {
    out.push_back(feed.text("a:id", e));
  }
  return out;
}

TEST_F(ServerTest, FeedIsAtomWithEveryRequiredElementNewestFirst) {
  const std::string base = "http://127.0.0.1:" + std::to_string(server_->port());
  const XmlDoc feed(fetch_feed(*server_, "/feed?q=said&size=50"));
  ASSERT_TRUE(feed.ok());
  EXPECT_STREQ(reinterpret_cast<const char*>(feed.root()->name), "feed");
  ASSERT_NE(feed.root()->ns, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(feed.root()->ns->href), kAtomNs);
  EXPECT_EQ(feed.text("/a:feed/a:id"), "urn:folio:search:q=said");
  EXPECT_EQ(feed.text("/a:feed/a:title"), "Folio: said");
  const std::string updated = feed.text("/a:feed/a:updated");
  EXPECT_TRUE(std::regex_match(updated, kRfc3339)) << updated;
  EXPECT_EQ(feed.text("/a:feed/a:link[@rel='self']/@href"), base + "/feed?q=said&size=50");
  EXPECT_EQ(feed.text("/a:feed/a:link[@rel='alternate'][@type='text/html']/@href"),
            base + "/?q=said&sort=newest");
  EXPECT_EQ(feed.text("/a:feed/a:generator"), "Folio");
  EXPECT_EQ(feed.text("/a:feed/a:generator/@version"), folio::kVersion);
  EXPECT_FALSE(feed.text("/a:feed/a:author/a:name").empty());

  // The same articles as /api/search's, newest first, each with what Atom requires.
  const json api = search({{"q", "said"}, {"sort", "newest"}, {"size", "50"}});
  const std::vector<xmlNodePtr> entries = feed.nodes("/a:feed/a:entry");
  ASSERT_EQ(entries.size(), 24U);
  ASSERT_EQ(api["results"].size(), 24U);
  std::string previous = "9999";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& hit = api["results"][i];
    const std::string id = hit["id"];
    xmlNodePtr e = entries[i];
    EXPECT_EQ(feed.text("a:id", e), "urn:folio:article:" + pct(id)) << id;
    EXPECT_EQ(feed.text("a:title", e), hit["title"]) << id;
    const std::string date = feed.text("a:updated", e);
    EXPECT_EQ(date, hit["date"].get<std::string>() + "T00:00:00Z") << id;
    EXPECT_EQ(feed.text("a:published", e), date) << id;
    EXPECT_LE(date, previous) << id << ": not newest first";
    previous = date;
    EXPECT_EQ(feed.text("a:category/@term", e), hit["category"]) << id;
    // No article of the corpus has a URL of its own: the link opens it in the page.
    EXPECT_EQ(feed.text("a:link[@rel='alternate']/@href", e), base + "/?q=said&article=" + pct(id))
        << id;
    EXPECT_EQ(feed.text("a:summary/@type", e), "html") << id;
    EXPECT_NE(feed.text("a:summary", e).find("<mark>said</mark>"), std::string::npos) << id;
  }
  EXPECT_EQ(updated, feed.text("/a:feed/a:entry[1]/a:updated"));  // the newest entry's
}

TEST_F(ServerTest, FeedIdsAreStableAndIndependentOfParameterOrder) {
  const XmlDoc first(fetch_feed(*server_, "/feed?q=said&category=business&from=2020"));
  const XmlDoc again(fetch_feed(*server_, "/feed?q=said&category=business&from=2020"));
  const XmlDoc reordered(fetch_feed(*server_, "/feed?from=2020&category=business&q=said"));
  ASSERT_TRUE(first.ok() && again.ok() && reordered.ok());
  const std::string id = first.text("/a:feed/a:id");
  EXPECT_EQ(id, "urn:folio:search:q=said&category=business&from=2020");
  EXPECT_EQ(again.text("/a:feed/a:id"), id);
  EXPECT_EQ(reordered.text("/a:feed/a:id"), id);
  EXPECT_EQ(reordered.text("/a:feed/a:link[@rel='self']/@href"),
            first.text("/a:feed/a:link[@rel='self']/@href"));
  ASSERT_FALSE(entry_ids(first).empty());
  EXPECT_EQ(entry_ids(again), entry_ids(first));
  EXPECT_EQ(entry_ids(reordered), entry_ids(first));
  for (xmlNodePtr e : first.nodes("/a:feed/a:entry")) {
    EXPECT_EQ(first.text("a:category/@term", e), "business");
    EXPECT_GE(first.text("a:updated", e), "2020-01-01");
  }
}

TEST_F(ServerTest, FeedEscapesWhatItCarries) {
  // A query of XML's special characters comes back as it was typed.
  const std::string q = "zanzibar <&\"'>";
  const XmlDoc feed(fetch_feed(*server_, "/feed?q=" + pct(q)));
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed.text("/a:feed/a:title"), "Folio: " + q);
  EXPECT_EQ(
      feed.text("/a:feed/a:link[@rel='self']/@href"),
      "http://127.0.0.1:" + std::to_string(server_->port()) + "/feed?q=zanzibar%20%3C%26%22%27%3E");
  // The payload article: its title is text, its summary HTML with only the highlight as markup.
  const std::vector<xmlNodePtr> entries = feed.nodes("/a:feed/a:entry");
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(feed.text("a:title", entries[0]), "Payload <script>alert('title')</script> zanzibar");
  const std::string summary = feed.text("a:summary", entries[0]);
  EXPECT_NE(summary.find("<mark>zanzibar</mark>"), std::string::npos) << summary;
  EXPECT_NE(summary.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("<img"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("<script"), std::string::npos) << summary;
}

TEST_F(ServerTest, FeedWithNoHitsIsValidAndHasNoEntries) {
  const XmlDoc feed(fetch_feed(*server_, "/feed?q=qqxzjvnotaword"));
  ASSERT_TRUE(feed.ok());
  EXPECT_TRUE(feed.nodes("/a:feed/a:entry").empty());
  EXPECT_EQ(feed.text("/a:feed/a:title"), "Folio: qqxzjvnotaword");
  EXPECT_FALSE(feed.text("/a:feed/a:id").empty());
  // No entry to take a date from: when the index last changed.
  const std::string updated = feed.text("/a:feed/a:updated");
  EXPECT_TRUE(std::regex_match(updated, kRfc3339)) << updated;
  EXPECT_GE(updated, "2020-01-01T00:00:00Z");
}

TEST_F(ServerTest, FeedWithoutWordsListsTheNewestArticles) {
  const XmlDoc all(fetch_feed(*server_, "/feed"));
  ASSERT_TRUE(all.ok());
  // The API's newest dated articles (a filter, so that no words list them); undated ones
  // would come last in the feed, after these.
  const json newest = search({{"q", ""}, {"sort", "newest"}, {"size", "20"}, {"from", "1900"}});
  const std::vector<xmlNodePtr> entries = all.nodes("/a:feed/a:entry");
  ASSERT_EQ(entries.size(), 20U);  // the default size
  EXPECT_EQ(all.text("/a:feed/a:title"), "Folio: newest articles");
  ASSERT_EQ(newest["results"].size(), 20U);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(all.text("a:id", entries[i]),
              "urn:folio:article:" + pct(newest["results"][i]["id"].get<std::string>()));
  }
  const XmlDoc sport(fetch_feed(*server_, "/feed?category=sport"));
  ASSERT_EQ(sport.nodes("/a:feed/a:entry").size(), 5U);
  for (xmlNodePtr e : sport.nodes("/a:feed/a:entry")) {
    EXPECT_EQ(sport.text("a:category/@term", e), "sport");
  }
}

TEST_F(ServerTest, FeedRefusesBadParametersWithTheApisJson400) {
  for (const std::string query :
       {"q=said&size=0", "q=said&size=101", "q=said&size=ten", "q=said&from=yesterday",
        "q=said&to=2020-13-45", "q=said&lang=klingonish"}) {
    const httplib::Result feed = get_raw(*server_, "/feed?" + query);
    const httplib::Result api = get_raw(*server_, "/api/search?" + query);
    ASSERT_TRUE(feed && api) << query;
    EXPECT_EQ(feed->status, 400) << query;
    EXPECT_EQ(feed->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(feed->body, api->body) << query;
    EXPECT_EQ(json::parse(feed->body)["status"], 400) << query;
  }
}

TEST_F(ServerTest, OpenSearchDescriptionPointsAtThisServer) {
  const std::string base = "http://127.0.0.1:" + std::to_string(server_->port());
  const httplib::Result r = get("/opensearch.xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/opensearchdescription+xml");
  const XmlDoc d(r->body);
  ASSERT_TRUE(d.ok()) << r->body;
  EXPECT_STREQ(reinterpret_cast<const char*>(d.root()->name), "OpenSearchDescription");
  ASSERT_NE(d.root()->ns, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(d.root()->ns->href), kOpenSearchNs);
  const std::string short_name = d.text("/os:OpenSearchDescription/os:ShortName");
  EXPECT_EQ(short_name, "Folio");
  EXPECT_LE(short_name.size(), 16U);
  EXPECT_FALSE(d.text("/os:OpenSearchDescription/os:Description").empty());
  EXPECT_EQ(d.text("/os:OpenSearchDescription/os:InputEncoding"), "UTF-8");
  const std::string html = d.text("/os:OpenSearchDescription/os:Url[@type='text/html']/@template");
  EXPECT_EQ(html, base + "/?q={searchTerms}");
  const std::string atom =
      d.text("/os:OpenSearchDescription/os:Url[@type='application/atom+xml']/@template");
  EXPECT_EQ(atom.rfind(base + "/feed?q={searchTerms}", 0), 0U) << atom;
  const std::string api =
      d.text("/os:OpenSearchDescription/os:Url[@type='application/json']/@template");
  EXPECT_EQ(api.rfind(base + "/api/search?q={searchTerms}", 0), 0U) << api;
  EXPECT_EQ(d.text("/os:OpenSearchDescription/os:Url[@rel='self']/@template"),
            base + "/opensearch.xml");
  // The templates, filled in as a browser does, are searches this server answers.
  std::string feed_url = atom.substr(base.size());
  feed_url.replace(feed_url.find("{searchTerms}"), 13, "huawei");
  feed_url.replace(feed_url.find("{count?}"), 8, "");
  EXPECT_FALSE(XmlDoc(fetch_feed(*server_, feed_url)).nodes("/a:feed/a:entry").empty());
}

TEST_F(ServerTest, LinksFollowTheHostHeaderWhenItIsAHost) {
  const auto self_of = [](const httplib::Headers& headers) {
    const httplib::Result r = get_raw(*server_, "/feed?q=said", headers);
    EXPECT_TRUE(r && r->status == 200);
    return r ? XmlDoc(r->body).text("/a:feed/a:link[@rel='self']/@href") : "";
  };
  EXPECT_EQ(self_of({{"Host", "search.example:8443"}}), "http://search.example:8443/feed?q=said");
  EXPECT_EQ(self_of({{"Host", "[::1]:8080"}}), "http://[::1]:8080/feed?q=said");
  const std::string bound = "http://127.0.0.1:" + std::to_string(server_->port());
  for (const std::string bad : {"evil.example/path?", "a b", "x\"><script>", "host:port", ""}) {
    EXPECT_EQ(self_of({{"Host", bad}}), bound + "/feed?q=said") << bad;
  }
}

TEST(ServerOptionsTest, BaseUrlStartsEveryAbsoluteLink) {
  TempDir dir;
  dir.write("news/a.txt",
            "Zebra crossing\n\nMarch 3, 2021\n\nBy Ann Writer\n\nA zebra crossed the road.\n");
  dir.write("news/more.jsonl",
            "{\"id\": \"web\", \"title\": \"Zebra web\", \"text\": \"A zebra online.\", "
            "\"date\": \"2020-05-01\", \"url\": \"https://example.org/zebra?a=1&b=2\"}\n"
            "{\"id\": \"js\", \"title\": \"Zebra js\", \"text\": \"A zebra scripted.\", "
            "\"date\": \"2019-05-01\", \"url\": \"javascript:alert(1)\"}\n");
  ASSERT_EQ(index(dir, {(dir.path() / "news").string()}).status, 0);
  Server server(dir.path() / "db", {"--base-url", "https://search.example/folio/"});
  const httplib::Result d = get_raw(server, "/opensearch.xml", {{"Host", "other.example"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(XmlDoc(d->body).text("/os:OpenSearchDescription/os:Url[@type='text/html']/@template"),
            "https://search.example/folio/?q={searchTerms}");
  const XmlDoc feed(fetch_feed(server, "/feed?q=zebra"));
  EXPECT_EQ(feed.text("/a:feed/a:link[@rel='self']/@href"),
            "https://search.example/folio/feed?q=zebra");
  // Newest first; the link is the article's own when it is http(s), else the page's.
  const std::vector<xmlNodePtr> entries = feed.nodes("/a:feed/a:entry");
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(feed.text("a:updated", entries[0]), "2021-03-03T00:00:00Z");
  EXPECT_EQ(feed.text("a:author/a:name", entries[0]), "Ann Writer");
  EXPECT_TRUE(feed.nodes("a:category", entries[0]).empty());  // at the root: no category
  EXPECT_EQ(feed.text("a:link/@href", entries[0]),
            "https://search.example/folio/?q=zebra&article=a.txt");
  EXPECT_EQ(feed.text("a:link/@href", entries[1]), "https://example.org/zebra?a=1&b=2");
  EXPECT_TRUE(feed.nodes("a:author", entries[1]).empty());
  const std::string js_id = feed.text("a:id", entries[2]);  // urn:folio:article: + the id
  EXPECT_EQ(feed.text("a:title", entries[2]), "Zebra js");
  ASSERT_EQ(js_id.rfind("urn:folio:article:", 0), 0U) << js_id;
  EXPECT_EQ(feed.text("a:link/@href", entries[2]),
            "https://search.example/folio/?q=zebra&article=" + js_id.substr(18));
  EXPECT_EQ(feed.text("/a:feed/a:updated"), "2021-03-03T00:00:00Z");
  for (const std::string bad : {"search.example", "ftp://x", "https://x/?q=1", "https://a b"}) {
    EXPECT_EQ(run(dir, FOLIO_SEARCH_EXE,
                  {"serve", "--db", (dir.path() / "db").string(), "--base-url", bad})
                  .status,
              2)
        << bad;
  }
}

}  // namespace
