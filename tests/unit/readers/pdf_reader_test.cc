// Tests of the PDF reader: the text in order, paragraphs and line-end hyphens, the metadata of the
// info dictionary or the XMP packet, the files it skips, hostile files and the limits. The
// fixtures are written by tests/fixtures/formats/make_pdfs.py.
#include "readers/pdf_reader.h"

#include <cstddef>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "reader_checks.h"
#include "readers/format_fixtures.h"

namespace folio {
namespace {

using testing::expect_clean;

std::string fixture(const std::string& name) { return testing::format_fixture("pdf/" + name); }

// The one article of a fixture, checked for the Article contract; empty when there is none.
Article article_of(const std::string& name, const PdfLimits& limits = {}) {
  const Extraction got = parse_pdf(fixture(name), limits);
  EXPECT_EQ(got.articles.size(), 1U) << name << ": skipped as " << got.skip_reason;
  if (got.articles.size() != 1) {
    return {};
  }
  EXPECT_EQ(got.articles[0].key, "") << name;
  EXPECT_EQ(got.skip_reason, "") << name;
  expect_clean(got.articles[0].article, name);
  return got.articles[0].article;
}

// What a file poppler may or may not recover gives: an article that keeps the contract, or a
// skip that says why.
void expect_article_or_skip(const Extraction& got, const std::string& context) {
  SCOPED_TRACE(context);
  if (got.articles.empty()) {
    EXPECT_FALSE(got.skip_reason.empty());
  } else {
    ASSERT_EQ(got.articles.size(), 1U);
    expect_clean(got.articles[0].article, context);
  }
}

TEST(PdfReaderTest, InfoDictionaryGivesTheFieldsAndBothPagesInOrder) {
  const Article a = article_of("two_pages.pdf");
  EXPECT_EQ(a.title, "The Harbour in Winter");
  EXPECT_EQ(a.author, "Jane Doe");
  EXPECT_EQ(a.date, "2020-01-14") << "CreationDate before ModDate, the day as written";
  EXPECT_EQ(a.body,
            "Harbour report\n\nThe first page tells of the harbour.\n\n"
            "The second page tells of the ships.")
      << "the gap under the heading and the page end start paragraphs";
}

TEST(PdfReaderTest, CatalogLangIsTheDeclaredLanguage) {
  EXPECT_EQ(article_of("lang.pdf").language, "fr-CA");
  EXPECT_EQ(article_of("lang_utf16.pdf").language, "de-CH") << "a UTF-16 text string";
  EXPECT_EQ(article_of("two_pages.pdf").language, "") << "no /Lang";
}

TEST(PdfReaderTest, LineEndHyphensAreUndoneAndParagraphsSeparated) {
  const Article a = article_of("paragraphs.pdf");
  EXPECT_EQ(a.body,
            "The committee looked at the example of the Anglo-Saxon charters and the Covid-19 "
            "rules, line by line.\n\nA second paragraph follows the gap: a well-known rule is read "
            "as well-known as before.")
      << "lower case on both sides: joined, unless the page writes the compound whole; else "
         "the hyphen kept";
  EXPECT_EQ(a.title, "minutes.doc") << "the \"Microsoft Word - \" prefix cut";
  EXPECT_EQ(a.date, "") << "CreationDate of year 0 and ModDate of 30 February are no dates";
}

TEST(PdfReaderTest, ColumnsAreReadOneAfterTheOther) {
  const Article a = article_of("two_columns.pdf");
  EXPECT_EQ(a.body,
            "Left column, line 1. Left column, line 2. Left column, line 3. Left column, line 4. "
            "Left column, line 5. Left column, line 6.\n\n"
            "Right column, line 1. Right column, line 2. Right column, line 3. "
            "Right column, line 4. Right column, line 5. Right column, line 6.")
      << "drawn row by row, read column by column; a new column starts a paragraph";
}

TEST(PdfReaderTest, XmpMetadataStandsInForAMissingInfoDictionary) {
  const Article a = article_of("xmp_only.pdf");
  EXPECT_EQ(a.title, "Tides of the North Sea \xE2\x80\x93 a survey");
  EXPECT_EQ(a.author, "Ingrid S\xC3\xB8rensen, Piet Jansen");
  EXPECT_EQ(a.date, "2019-05-06");
  EXPECT_EQ(a.body, "Body of a file described by XMP.");
}

TEST(PdfReaderTest, WithoutMetadataTheFirstLineIsTheTitle) {
  const Article a = article_of("no_metadata.pdf");
  EXPECT_EQ(a.title,
            "Caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x93 \xC3\xBC"
            "ber")
      << "a blank info Title falls back too";
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.date, "");
}

TEST(PdfReaderTest, WinAnsiAccentedTextComesOutAsUtf8) {
  const Article a = article_of("no_metadata.pdf");
  EXPECT_EQ(a.body,
            "Caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x93 \xC3\xBC"
            "ber and a second line.");
}

TEST(PdfSkipTest, AnEncryptedPdfThatNeedsAPasswordIsSkipped) {
  const Extraction got = parse_pdf(fixture("encrypted.pdf"));
  EXPECT_TRUE(got.articles.empty());
  EXPECT_EQ(got.skip_reason, "encrypted PDF");
}

TEST(PdfSkipTest, APdfOfOnlyAnImageIsSkippedWithItsPageCount) {
  const Extraction got = parse_pdf(fixture("image_only.pdf"));
  EXPECT_TRUE(got.articles.empty());
  EXPECT_EQ(got.skip_reason, "image-only PDF");
  EXPECT_EQ(got.skip_detail, "1 page without text");
}

TEST(PdfHostileTest, APageTreeLoopGivesTheReachablePages) {
  const Article a = article_of("page_loop.pdf");
  EXPECT_EQ(a.body, "A page beside a loop.");
}

TEST(PdfHostileTest, ABrokenXrefIsRebuiltQuietly) {
  ::testing::internal::CaptureStderr();
  const Article a = article_of("broken_xref.pdf");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << "poppler's messages are silenced";
  EXPECT_EQ(a.body, "Text behind a broken cross-reference table.");
}

TEST(PdfHostileTest, TruncatedRandomAndEmptyInputGiveASkipReason) {
  expect_article_or_skip(parse_pdf(fixture("truncated.pdf")), "truncated.pdf");
  expect_article_or_skip(parse_pdf(fixture("random.pdf")), "random.pdf");
  EXPECT_EQ(parse_pdf(fixture("random.pdf")).skip_reason, "corrupt PDF");
  EXPECT_EQ(parse_pdf("").skip_reason, "corrupt PDF");
  EXPECT_EQ(parse_pdf("%PDF-").skip_reason, "corrupt PDF");
  std::mt19937 random(42);
  for (int round = 0; round < 20; ++round) {
    std::string bytes = "%PDF-1.7\n";
    for (int i = 0; i < 4096; ++i) {
      bytes += static_cast<char>(random() & 0xFF);
    }
    expect_article_or_skip(parse_pdf(bytes), "random bytes, round " + std::to_string(round));
  }
}

TEST(PdfHostileTest, EveryCutOfAGoodFileIsReadOrSkipped) {
  const std::string good = fixture("two_pages.pdf");
  for (std::size_t size = 0; size <= good.size(); size += 37) {
    expect_article_or_skip(parse_pdf(good.substr(0, size)), "cut at " + std::to_string(size));
  }
}

TEST(PdfLimitTest, APageLimitKeepsThePagesReadAndSaysSo) {
  PdfLimits limits;
  limits.max_pages = 1;
  const Extraction got = parse_pdf(fixture("two_pages.pdf"), limits);
  ASSERT_EQ(got.articles.size(), 1U);
  EXPECT_EQ(got.articles[0].article.body, "Harbour report\n\nThe first page tells of the harbour.");
  EXPECT_EQ(got.skip_reason, "");
  EXPECT_EQ(got.skip_detail, "page limit: read 1 of 2 pages");
}

TEST(PdfLimitTest, ATextLimitCutsTheBodyAtACharacterBoundary) {
  PdfLimits limits;
  limits.max_body_bytes = 3;
  const Extraction got = parse_pdf(fixture("no_metadata.pdf"), limits);
  ASSERT_EQ(got.articles.size(), 1U);
  EXPECT_EQ(got.articles[0].article.body, "Caf") << "not half of the \"\xC3\xA9\"";
  expect_clean(got.articles[0].article, "cut body");
  EXPECT_EQ(got.skip_detail.rfind("text limit", 0), 0U) << got.skip_detail;
}

}  // namespace
}  // namespace folio
