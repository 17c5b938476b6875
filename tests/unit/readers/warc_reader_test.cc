// Tests of the WARC reader: WARC/1.0 and 1.1 records as articles, .warc.gz, HTTP bodies
// (chunked, gzip, charsets), duplicates, and broken and hostile files. The files are built here.
#include "readers/warc_reader.h"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <zlib.h>

#include "reader_checks.h"

namespace folio {
namespace {

using testing::expect_clean;

constexpr std::string_view kDate = "2024-05-06T07:08:09Z";

struct Rec {
  std::string type;
  std::string uri;
  std::string block;
  std::string content_type = {};  // the record's own Content-Type
  std::string version = "WARC/1.1";
  std::string eol = "\r\n";
};

// One WARC record, as a writer would put it.
std::string record(const Rec& r) {
  static int serial = 0;
  const std::string& e = r.eol;
  std::string out = r.version + e + "WARC-Type: " + r.type + e +
                    "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-" +
                    std::to_string(100000000000 + ++serial) + ">" + e +
                    "WARC-Date: " + std::string(kDate) + e;
  if (!r.uri.empty()) {
    out += "WARC-Target-URI: " + r.uri + e;
  }
  if (!r.content_type.empty()) {
    out += "Content-Type: " + r.content_type + e;
  }
  out += "Content-Length: " + std::to_string(r.block.size()) + e + e + r.block + e + e;
  return out;
}

// An HTTP response message; `headers` are whole lines, each ending in CRLF.
std::string http(std::string_view status, std::string_view headers, std::string_view body) {
  return "HTTP/1.1 " + std::string(status) + "\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

std::string response(const std::string& uri, std::string_view headers, std::string_view body,
                     std::string_view status = "200 OK") {
  return record(
      {"response", uri, http(status, headers, body), "application/http;msgtype=response"});
}

// `bytes` as one gzip member.
std::string gzip(std::string_view bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, bytes.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// `body` in chunks of `size` bytes, as Transfer-Encoding: chunked sends it.
std::string chunked(std::string_view body, std::size_t size) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); i += size) {
    const std::string_view piece = body.substr(i, size);
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx", piece.size());
    out += std::string(hex) + "\r\n" + std::string(piece) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

const std::string kHtmlPage =
    "<!DOCTYPE html><html><head><title>Harbour news</title></head><body>"
    "<p>The ferry to the island runs again from Monday.</p></body></html>";
const std::string kTextPage = "Tide tables\n\nHigh water at noon, low water at six.\n";
const std::string kHtmlHeaders = "Content-Type: text/html; charset=utf-8\r\n";

// A crawl of one site: warcinfo, request, response (HTML), resource (text), a 404 response and
// a revisit.
std::string crawl(const std::string& version, const std::string& uri_open = "",
                  const std::string& uri_close = "") {
  auto uri = [&](const std::string& u) { return uri_open + u + uri_close; };
  std::string out;
  Rec info{"warcinfo", "", "software: test\r\nformat: WARC File Format\r\n",
           "application/warc-fields", version};
  out += record(info);
  out += record({"request", uri("https://example.org/news"),
                 "GET /news HTTP/1.1\r\nHost: example.org\r\n\r\n",
                 "application/http;msgtype=request", version});
  out +=
      record({"response", uri("https://example.org/news"), http("200 OK", kHtmlHeaders, kHtmlPage),
              "application/http;msgtype=response", version});
  out += record({"resource", uri("file:///srv/tides.txt"), kTextPage, "text/plain", version});
  out += record({"response", uri("https://example.org/missing"),
                 http("404 Not Found", kHtmlHeaders,
                      "<html><title>Not found</title><body><p>No such page.</p></body></html>"),
                 "application/http;msgtype=response", version});
  out += record({"revisit", uri("https://example.org/news"), http("200 OK", kHtmlHeaders, ""),
                 "application/http;msgtype=response", version});
  return out;
}

void expect_crawl_read(const Extraction& x) {
  ASSERT_EQ(x.articles.size(), 2U) << x.skip_reason << ": " << x.skip_detail;
  const KeyedArticle& page = x.articles[0];
  EXPECT_EQ(page.key, "https://example.org/news");
  EXPECT_EQ(page.article.url, "https://example.org/news");
  EXPECT_EQ(page.article.title, "Harbour news");
  EXPECT_EQ(page.article.body, "The ferry to the island runs again from Monday.");
  EXPECT_EQ(page.article.date, "2024-05-06") << "the WARC-Date, as the page has none";
  const KeyedArticle& text = x.articles[1];
  EXPECT_EQ(text.key, "file:///srv/tides.txt");
  EXPECT_EQ(text.article.title, "Tide tables");
  EXPECT_EQ(text.article.body, "High water at noon, low water at six.");
  EXPECT_EQ(text.article.date, "2024-05-06");
  for (const KeyedArticle& k : x.articles) {
    expect_clean(k.article, k.key);
  }
}

TEST(WarcReaderTest, Warc11PagesBecomeArticles) {
  const Extraction x = parse_warc(crawl("WARC/1.1"), {});
  expect_crawl_read(x);
  EXPECT_EQ(x.skip_detail, "") << "nothing went wrong";
}

TEST(WarcReaderTest, Warc10PagesBecomeArticlesWithAngleBracketedUris) {
  expect_crawl_read(parse_warc(crawl("WARC/1.0", "<", ">"), {}));
}

TEST(WarcReaderTest, PageDateWinsOverWarcDate) {
  const Extraction x = parse_warc(
      response("https://example.org/a", kHtmlHeaders,
               "<html><head><title>T</title><meta property=\"article:published_time\" "
               "content=\"2019-03-04T10:00:00Z\"></head><body><p>Text.</p></body></html>"),
      {});
  ASSERT_EQ(x.articles.size(), 1U);
  EXPECT_EQ(x.articles[0].article.date, "2019-03-04");
}

TEST(WarcReaderTest, PageLangWinsOverHttpContentLanguage) {
  const std::string headers = kHtmlHeaders + "Content-Language: de, en\r\n";
  const Extraction x = parse_warc(
      response("https://example.org/de", headers, "<html><title>T</title><p>Text.</p></html>") +
          response("https://example.org/fr", headers,
                   "<html lang=\"fr\"><title>T</title><p>Texte.</p></html>") +
          response("https://example.org/none", kHtmlHeaders, kHtmlPage),
      {});
  ASSERT_EQ(x.articles.size(), 3U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.language, "de") << "the header's first tag";
  EXPECT_EQ(x.articles[1].article.language, "fr");
  EXPECT_EQ(x.articles[2].article.language, "") << "neither declares one";
}

TEST(WarcReaderTest, OnlyPagesCountAsText) {
  const std::string file =
      record({"warcinfo", "", "software: test\r\n", "application/warc-fields"}) +
      response("https://example.org/gone", kHtmlHeaders, "<p>Gone</p>", "404 Not Found") +
      response("https://example.org/logo.png", "Content-Type: image/png\r\n", "\x89PNG....") +
      record({"revisit", "https://example.org/", http("200 OK", kHtmlHeaders, "")}) +
      record({"metadata", "https://example.org/", "outlink: x\r\n", "application/warc-fields"}) +
      record({"resource", "metadata://gnu.org/software/wget/warc/wget_arguments.txt",
              "\"-r\" \"https://example.org/\"\n", "text/plain"});
  const Extraction x = parse_warc(file, {});
  EXPECT_TRUE(x.articles.empty());
  EXPECT_EQ(x.skip_reason, "no text");
  EXPECT_NE(x.skip_detail.find("6 records"), std::string::npos) << x.skip_detail;
  EXPECT_NE(x.skip_detail.find("1 resource(s) about the crawl"), std::string::npos)
      << "a crawler's own log or arguments";
  EXPECT_NE(x.skip_detail.find("1 response(s) of status 404"), std::string::npos) << x.skip_detail;
  EXPECT_NE(x.skip_detail.find("1 page(s) of type image/png"), std::string::npos) << x.skip_detail;
}

TEST(WarcReaderTest, DuplicateUriKeepsTheLaterCapture) {
  const std::string file =
      response("https://example.org/", kHtmlHeaders, "<title>Old</title><p>First capture.</p>") +
      response("https://example.org/other", kHtmlHeaders, "<title>Other</title><p>X.</p>") +
      response("https://example.org/", kHtmlHeaders, "<title>New</title><p>Second capture.</p>");
  const Extraction x = parse_warc(file, {});
  ASSERT_EQ(x.articles.size(), 2U);
  EXPECT_EQ(x.articles[0].key, "https://example.org/");
  EXPECT_EQ(x.articles[0].article.title, "New");
  EXPECT_EQ(x.articles[0].article.body, "Second capture.");
  EXPECT_NE(x.skip_detail.find("later capture kept"), std::string::npos) << x.skip_detail;
}

TEST(WarcReaderTest, LfOnlyLineEndsAndFoldedHeaders) {
  Rec r{"resource", "https://example.org/lf", "Plain title\n\nBody over LF lines.\n", "text/plain"};
  r.eol = "\n";
  std::string file = record(r);
  // A folded WARC-Target-URI: its value on the next line.
  file +=
      "WARC/1.1\nWARC-Type: resource\nWARC-Target-URI:\n https://example.org/folded\n"
      "Content-Type: text/html\nContent-Length: 24\n\n<title>Folded</title>abc\n\n";
  const Extraction x = parse_warc(file, {});
  ASSERT_EQ(x.articles.size(), 2U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "Plain title");
  EXPECT_EQ(x.articles[0].article.body, "Body over LF lines.");
  EXPECT_EQ(x.articles[1].article.url, "https://example.org/folded");
  EXPECT_EQ(x.articles[1].article.title, "Folded");
}

TEST(WarcReaderTest, JunkBetweenRecordsAndOtherVersionsArePassedOver) {
  Rec old{"resource", "https://example.org/old", "Old format\n", "text/plain", "WARC/0.18"};
  const std::string file =
      "some junk\r\n" +
      record({"resource", "https://example.org/1", "One\n\nFirst.\n", "text/plain"}) +
      "garbage line\nWARC is not at the start here\n" + record(old) +
      record({"resource", "https://example.org/2", "Two\n\nSecond.\n", "text/plain"});
  const Extraction x = parse_warc(file, {});
  ASSERT_EQ(x.articles.size(), 2U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "One");
  EXPECT_EQ(x.articles[1].article.title, "Two");
  EXPECT_NE(x.skip_detail.find("another WARC version"), std::string::npos) << x.skip_detail;
  EXPECT_NE(x.skip_detail.find("junk"), std::string::npos) << x.skip_detail;
}

TEST(WarcGzipTest, OneMemberPerRecord) {
  std::string file;
  const std::string plain = crawl("WARC/1.1");
  // Re-split the crawl into its records, each its own member.
  std::size_t at = 0;
  int members = 0;
  while (at < plain.size()) {
    std::size_t next = plain.find("WARC/1.1\r\n", at + 1);
    next = next == std::string::npos ? plain.size() : next;
    file += gzip(std::string_view(plain).substr(at, next - at));
    at = next;
    ++members;
  }
  ASSERT_EQ(members, 6);
  expect_crawl_read(parse_warc(file, {}));
}

TEST(WarcGzipTest, OneMemberForTheWholeFileAndTrailingPadding) {
  const Extraction x = parse_warc(gzip(crawl("WARC/1.0")) + std::string(512, '\0'), {});
  expect_crawl_read(x);
  EXPECT_EQ(x.skip_detail, "");
}

TEST(WarcGzipTest, RecordsThatAreNoPagesArePassedOverUnread) {
  // A 4 MB image, and a request whose block is not even read, between two pages.
  const std::string image(4 << 20, '\0');
  const std::string file =
      gzip(record({"resource", "https://example.org/1", "One\n\nFirst.\n", "text/plain"})) +
      gzip(response("https://example.org/big.png", "Content-Type: image/png\r\n", image)) +
      gzip(record({"request", "https://example.org/2", "GET /2 HTTP/1.1\r\n\r\n"})) +
      gzip(record({"resource", "https://example.org/2", "Two\n\nSecond.\n", "text/plain"}));
  const Extraction x = parse_warc(file, {});
  ASSERT_EQ(x.articles.size(), 2U) << x.skip_detail;
  EXPECT_EQ(x.articles[1].article.title, "Two");
}

TEST(WarcHttpTest, ChunkedGzipBody) {
  const std::string page = "<html><head><title>Chunked</title></head><body><p>" +
                           testing::repeat("word ", 4000) + "end.</p></body></html>";
  const std::string body = chunked(gzip(page), 1000);
  const Extraction x =
      parse_warc(gzip(response("https://example.org/chunked",
                               "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                               "Content-Encoding: gzip\r\n",
                               body)),
                 {});
  ASSERT_EQ(x.articles.size(), 1U) << x.skip_reason << ": " << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "Chunked");
  EXPECT_EQ(x.articles[0].article.body.size(), 5 * 4000 + 4) << "all the chunks";
  EXPECT_EQ(x.skip_detail, "");
}

TEST(WarcHttpTest, DeflateAndAlreadyInflatedBodies) {
  // zlib-wrapped deflate, and a body a crawler stored inflated under "Content-Encoding: gzip".
  std::string zlib(compressBound(100), '\0');
  const std::string page = "<title>Deflated</title><p>Squeezed text.</p>";
  uLongf size = zlib.size();
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(zlib.data()), &size,
                     reinterpret_cast<const Bytef*>(page.data()), page.size()),
            Z_OK);
  zlib.resize(size);
  const Extraction x = parse_warc(
      response("https://example.org/d", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n",
               zlib) +
          response("https://example.org/g", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                   "<title>Stored plain</title><p>Not gzip at all.</p>"),
      {});
  ASSERT_EQ(x.articles.size(), 2U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.body, "Squeezed text.");
  EXPECT_EQ(x.articles[1].article.title, "Stored plain");
}

TEST(WarcCharsetTest, FromTheHttpHeader) {
  const Extraction x = parse_warc(
      response("https://example.org/cafe", "Content-Type: text/html; charset=ISO-8859-1\r\n",
               "<title>Caf\xE9</title><p>Le caf\xE9 est ouvert.</p>"),
      {});
  ASSERT_EQ(x.articles.size(), 1U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "Caf\xC3\xA9");
  EXPECT_EQ(x.articles[0].article.body, "Le caf\xC3\xA9 est ouvert.");
}

TEST(WarcCharsetTest, FromTheMetaTag) {
  const Extraction x = parse_warc(
      response("https://example.org/quotes", "Content-Type: text/html\r\n",
               "<html><head><meta charset=\"windows-1252\"><title>\x93Quoted\x94</title></head>"
               "<body><p>Caf\xE9 \x96 open.</p></body></html>") +
          response("https://example.org/equiv", "Content-Type: text/html\r\n",
                   "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                   "charset=koi8-r\"><title>\xF0\xD2\xC9\xD7\xC5\xD4</title></head></html>"),
      {});
  ASSERT_EQ(x.articles.size(), 2U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "\xE2\x80\x9CQuoted\xE2\x80\x9D");
  EXPECT_EQ(x.articles[0].article.body, "Caf\xC3\xA9 \xE2\x80\x93 open.");
  EXPECT_EQ(x.articles[1].article.title, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

TEST(WarcCharsetTest, HttpHeaderWinsOverTheMetaTag) {
  const Extraction x = parse_warc(
      response("https://example.org/x", "Content-Type: text/html; charset=iso-8859-1\r\n",
               "<meta charset=\"koi8-r\"><title>Caf\xE9</title>"),
      {});
  ASSERT_EQ(x.articles.size(), 1U);
  EXPECT_EQ(x.articles[0].article.title, "Caf\xC3\xA9");
}

// Broken and hostile files: never a crash, never invalid UTF-8, and a reason when there is
// nothing to read.

TEST(WarcHostileTest, TruncatedRecordIsDropped) {
  const std::string whole =
      record({"resource", "https://example.org/1", "One\n\nFirst.\n", "text/plain"});
  const std::string cut =
      record({"resource", "https://example.org/2", "Two\n\nSecond, cut.\n", "text/plain"});
  const Extraction x = parse_warc(whole + cut.substr(0, cut.size() - 12), {});
  ASSERT_EQ(x.articles.size(), 1U);
  EXPECT_EQ(x.articles[0].article.title, "One");
  EXPECT_NE(x.skip_detail.find("1 record(s) cut short"), std::string::npos) << x.skip_detail;

  const Extraction only = parse_warc(cut.substr(0, cut.size() - 12), {});
  EXPECT_TRUE(only.articles.empty());
  EXPECT_EQ(only.skip_reason, "corrupt archive") << only.skip_detail;
}

TEST(WarcHostileTest, TruncatedGzipMemberKeepsTheRecordsBefore) {
  const std::string first =
      gzip(record({"resource", "https://example.org/1", "One\n\nFirst.\n", "text/plain"}));
  const std::string second = gzip(record({"resource", "https://example.org/2",
                                          "Two\n\n" + testing::repeat("x y ", 500), "text/plain"}));
  const Extraction x = parse_warc(first + second.substr(0, second.size() / 2), {});
  ASSERT_EQ(x.articles.size(), 1U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "One");
  EXPECT_NE(x.skip_detail.find("cut short"), std::string::npos) << x.skip_detail;

  const Extraction none = parse_warc(second.substr(0, second.size() / 2), {});
  EXPECT_TRUE(none.articles.empty());
  EXPECT_EQ(none.skip_reason, "corrupt archive") << none.skip_detail;
}

TEST(WarcHostileTest, CorruptGzipMemberKeepsTheRecordsBefore) {
  const std::string first =
      gzip(record({"resource", "https://example.org/1", "One\n\nFirst.\n", "text/plain"}));
  std::string second =
      gzip(record({"resource", "https://example.org/2", "Two\n\nSecond.\n", "text/plain"}));
  second[10] = '\x07';  // the first deflate block: final, of the reserved type 3
  const Extraction x = parse_warc(first + second, {});
  ASSERT_EQ(x.articles.size(), 1U) << x.skip_detail;
  EXPECT_NE(x.skip_detail.find("corrupt gzip data"), std::string::npos) << x.skip_detail;
  const Extraction none = parse_warc(second, {});
  EXPECT_EQ(none.skip_reason, "corrupt archive") << none.skip_detail;
}

// 50 MB of zeros, packed once for the bomb tests.
const std::string& zeros_gzip() {
  static const std::string packed = gzip(std::string(50 << 20, '\0'));
  return packed;
}

TEST(WarcHostileTest, GzipBombMemberIsRefused) {
  const std::string page =
      gzip(record({"resource", "https://example.org/1", "One\n\nFirst.\n", "text/plain"}));
  // A record whose 50 MB body packs to some 50 KB: the header, then the zeros, in one member.
  const std::string header =
      "WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: " +
      std::to_string(50 << 20) + "\r\n\r\n";
  const std::string bomb = gzip(header) + zeros_gzip();
  const Extraction x = parse_warc(page + bomb, {});
  EXPECT_TRUE(x.articles.empty()) << "the whole file is refused";
  EXPECT_EQ(x.skip_reason, "zip bomb");

  UnpackLimits tight;
  tight.max_bytes = 4 << 10;
  const std::string big = gzip(record(
      {"resource", "https://example.org/big", testing::repeat("Word ", 2000), "text/plain"}));
  EXPECT_EQ(parse_warc(big, tight).skip_reason, "zip bomb") << "past max_bytes";
  tight = UnpackLimits{};
  tight.ratio_floor = 0;
  tight.max_ratio = 2;
  EXPECT_EQ(parse_warc(big, tight).skip_reason, "zip bomb") << "past max_ratio";
  EXPECT_EQ(parse_warc(big, {}).articles.size(), 1U) << "the default limits let it be";
}

TEST(WarcHostileTest, GzipBombInAnHttpBodyIsRefused) {
  const Extraction x =
      parse_warc(response("https://example.org/bomb",
                          "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", zeros_gzip()),
                 {});
  EXPECT_TRUE(x.articles.empty());
  EXPECT_EQ(x.skip_reason, "zip bomb");
}

TEST(WarcHostileTest, BogusChunkSize) {
  const std::string body = "1a\r\n<title>Chunks</title><p>Fi\r\nZZ\r\nrst.</p>\r\n0\r\n\r\n";
  const Extraction x =
      parse_warc(response("https://example.org/c",
                          "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", body) +
                     response("https://example.org/huge",
                              "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                              "fffffffffffffff\r\n<title>Huge</title>\r\n0\r\n\r\n") +
                     response("https://example.org/first",
                              "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                              "<title>Not chunked</title><p>Stored de-chunked.</p>"),
                 {});
  ASSERT_EQ(x.articles.size(), 3U) << x.skip_detail;
  EXPECT_EQ(x.articles[0].article.title, "Chunks");
  EXPECT_EQ(x.articles[0].article.body, "Fi") << "the chunks before the bogus size";
  EXPECT_EQ(x.articles[1].article.title, "Huge") << "a chunk past the end: what there is";
  EXPECT_EQ(x.articles[2].article.title, "Not chunked");
  EXPECT_NE(x.skip_detail.find("2 page(s) with a broken body"), std::string::npos) << x.skip_detail;
  for (const KeyedArticle& k : x.articles) {
    expect_clean(k.article, k.key);
  }
}

TEST(WarcHostileTest, RandomBytes) {
  std::mt19937 rng(13);
  for (std::size_t size : {1U, 7U, 100U, 4096U, 100000U}) {
    for (const std::string& prefix : {std::string(), std::string("\x1F\x8B"),
                                      std::string("WARC/1.1\r\n"), std::string("\x1F\x8B\x08")}) {
      std::string bytes = prefix;
      for (std::size_t i = 0; i < size; ++i) {
        bytes += static_cast<char>(rng() & 0xFF);
      }
      const Extraction x = parse_warc(bytes, {});
      EXPECT_TRUE(x.articles.empty()) << size;
      EXPECT_EQ(x.skip_reason, "corrupt archive") << size << " " << x.skip_detail;
    }
  }
  const Extraction pdf = parse_warc("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", {});
  EXPECT_EQ(pdf.skip_reason, "corrupt archive");
  EXPECT_NE(pdf.skip_detail.find("%PDF-1.7"), std::string::npos) << pdf.skip_detail;
  EXPECT_TRUE(testing::strict_utf8(pdf.skip_detail));
}

TEST(WarcHostileTest, EmptyInput) {
  const Extraction x = parse_warc("", {});
  EXPECT_TRUE(x.articles.empty());
  EXPECT_EQ(x.skip_reason, "no text");
  EXPECT_EQ(parse_warc(gzip(""), {}).skip_reason, "no text");
}

TEST(WarcHostileTest, GiantContentLength) {
  const std::string after =
      record({"resource", "https://example.org/after", "After\n\nStill read.\n", "text/plain"});
  for (const char* length : {"999999999999999999", "99999999999999999999999", "-5", "12abc"}) {
    const std::string giant = std::string("WARC/1.1\r\nWARC-Type: resource\r\n") +
                              "Content-Type: text/plain\r\nContent-Length: " + length +
                              "\r\n\r\nGiant\n\nBody.\r\n\r\n";
    for (const bool packed : {false, true}) {
      const Extraction x = parse_warc(packed ? gzip(giant) + gzip(after) : giant + after, {});
      ASSERT_EQ(x.articles.size(), 1U) << length << " " << x.skip_detail;
      EXPECT_EQ(x.articles[0].article.title, "After") << "read on after the broken record";
    }
  }
}

TEST(WarcHostileTest, GiantContentLengthOfARecordPassedOver) {
  const std::string giant =
      "WARC/1.1\r\nWARC-Type: request\r\nContent-Length: 999999999999999999\r\n\r\n"
      "GET / HTTP/1.1\r\n\r\n\r\n\r\n";
  const std::string after =
      record({"resource", "https://example.org/after", "After\n\nStill read.\n", "text/plain"});
  const Extraction plain = parse_warc(giant + after, {});
  ASSERT_EQ(plain.articles.size(), 1U) << plain.skip_detail;
  EXPECT_EQ(plain.articles[0].article.title, "After");
  // A gzip stream is not kept to read on from: a record passed over is inflated and dropped.
  const Extraction packed = parse_warc(gzip(giant) + gzip(after), {});
  EXPECT_TRUE(packed.articles.empty());
  EXPECT_EQ(packed.skip_reason, "corrupt archive");
  EXPECT_NE(packed.skip_detail.find("cut short"), std::string::npos) << packed.skip_detail;
}

// Mutated crawls (bytes changed, cut, repeated; plain and gzip): whatever comes out keeps the
// contract.
TEST(WarcHostileTest, MutatedFilesKeepTheContract) {
  const std::string chunked_page = response(
      "https://example.org/c",
      "Content-Type: text/html; charset=windows-1252\r\nTransfer-Encoding: chunked\r\n"
      "Content-Encoding: gzip\r\n",
      chunked(
          gzip("<title>Caf\xE9</title><p>" + testing::repeat("Text \x93here\x94. ", 50) + "</p>"),
          64));
  const std::string plain = crawl("WARC/1.0", "<", ">") + chunked_page;
  std::string members;
  for (std::size_t at = 0; at < plain.size();) {
    std::size_t next = plain.find("WARC/1.", at + 1);
    next = next == std::string::npos ? plain.size() : next;
    members += gzip(std::string_view(plain).substr(at, next - at));
    at = next;
  }
  for (const std::string& file : {plain, members}) {
    const Extraction whole = parse_warc(file, {});
    ASSERT_EQ(whole.articles.size(), 3U) << whole.skip_detail;
    EXPECT_EQ(whole.articles[2].article.title, "Caf\xC3\xA9");
  }
  std::mt19937 rng(2026);
  for (int round = 0; round < 400; ++round) {
    std::string bytes = round % 2 == 0 ? plain : members;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0:
          bytes[at] = static_cast<char>(rng() & 0xFF);
          break;
        case 1:
          bytes.resize(at);
          break;
        case 2:
          bytes.insert(at, bytes.substr(rng() % bytes.size(), rng() % 200));
          break;
        default:
          bytes.erase(at, rng() % 50);
      }
    }
    const Extraction x = parse_warc(bytes, {});
    SCOPED_TRACE("round " + std::to_string(round));
    EXPECT_EQ(x.articles.empty(), !x.skip_reason.empty());
    EXPECT_TRUE(testing::strict_utf8(x.skip_detail));
    for (const KeyedArticle& k : x.articles) {
      EXPECT_FALSE(k.key.empty());
      EXPECT_TRUE(testing::strict_utf8(k.key));
      expect_clean(k.article, k.key);
    }
  }
}

}  // namespace
}  // namespace folio
