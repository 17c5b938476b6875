// Tests of the DOCX and ODT readers: text, headings, tables, lists and metadata; fallbacks for
// the title; deleted revisions; broken, encrypted and hostile documents.
#include "readers/office_reader.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reader_checks.h"
#include "readers/format_fixtures.h"

namespace folio {
namespace {

using testing::expect_clean;
using testing::format_fixture;
using testing::mutated;
using testing::paragraphs;
using testing::random_bytes;
using testing::stored_zip;

constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// A DOCX of one paragraph, with the given docProps/core.xml and word/styles.xml when not empty.
std::string small_docx(const std::string& core, const std::string& styles) {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"word/document.xml", std::string("<w:document xmlns:w=\"") + kWordNs +
                                "\"><w:body><w:p><w:r><w:t>Text</w:t></w:r></w:p></w:body>"
                                "</w:document>"}};
  if (!core.empty()) {
    parts.emplace_back("docProps/core.xml",
                       "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
                       "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/"
                       "1.1/\">" +
                           core + "</cp:coreProperties>");
  }
  if (!styles.empty()) {
    parts.emplace_back("word/styles.xml", std::string("<w:styles xmlns:w=\"") + kWordNs + "\">" +
                                              styles + "</w:styles>");
  }
  return stored_zip(parts);
}

// An ODT of one paragraph, with the given office:meta content.
std::string small_odt(const std::string& meta) {
  const std::string ns =
      "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";
  return stored_zip(
      {{"mimetype", "application/vnd.oasis.opendocument.text"},
       {"content.xml", "<office:document-content " + ns +
                           "><office:body><office:text><text:p>Text</text:p></office:text>"
                           "</office:body></office:document-content>"},
       {"meta.xml", "<office:document-meta " + ns + "><office:meta>" + meta +
                        "</office:meta></office:document-meta>"}});
}

// The one article of a document that has text.
Article only_article(const Extraction& e, const std::string& context) {
  EXPECT_EQ(e.skip_reason, "") << context << ": " << e.skip_detail;
  EXPECT_EQ(e.articles.size(), 1U) << context;
  if (e.articles.size() != 1) {
    return {};
  }
  EXPECT_EQ(e.articles[0].key, "") << context;
  expect_clean(e.articles[0].article, context);
  return e.articles[0].article;
}

TEST(DocxTest, ReadsCoreMetadataHeadingsTablesTabsTextBoxesAndFootnotes) {
  const Article a = only_article(parse_docx(format_fixture("docx/report.docx"), {}), "report");
  EXPECT_EQ(a.title, "The Harbour Report");
  EXPECT_EQ(a.author, "Ada Lovelace");
  EXPECT_EQ(a.date, "2021-03-04") << "dcterms:created, not dcterms:modified";
  EXPECT_EQ(a.language, "");
  const std::vector<std::string> expected = {
      "Harbour traffic",                   // Heading1
      "Ships arrived daily. Cargo grew.",  // a tab, and an inserted revision
      "Line one line two",                 // a line break
      "Port | Tonnage",                    // a table row a paragraph
      "Leith | 1200",
      "Map",
      "Outlook",
      "Linked text",              // in a hyperlink; the field code " PAGE " left out
      "Boxed aside",              // a text box after the text, once (not its VML fallback)
      "A footnote about tides.",  // footnotes after the text, separators left out
  };
  EXPECT_EQ(paragraphs(a.body), expected) << a.body;
}

TEST(DocxTest, DeletedRevisionsAreLeftOut) {
  const Article a = only_article(parse_docx(format_fixture("docx/report.docx"), {}), "report");
  EXPECT_EQ(a.body.find("Sunken galleon"), std::string::npos) << a.body;
  EXPECT_EQ(parse_docx(format_fixture("docx/empty.docx"), {}).skip_reason, "no text")
      << "a document whose only text is deleted has none";
}

TEST(DocxTest, WithoutMetadataTheFirstHeadingIsTheTitle) {
  const Article a = only_article(parse_docx(format_fixture("docx/untitled.docx"), {}), "untitled");
  EXPECT_EQ(a.title, "Tide tables");
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.date, "");
  EXPECT_EQ(a.body, "draft, do not circulate\n\nTide tables\n\nHigh water at noon.");
}

TEST(DocxTest, TheMainPartIsWherePackageRelationshipsSay) {
  const Article a =
      only_article(parse_docx(format_fixture("docx/other-main-part.docx"), {}), "other");
  EXPECT_EQ(a.body, "Main part elsewhere");
}

TEST(DocxTest, BrokenDocumentsAreSkippedWithAReason) {
  const std::string report = format_fixture("docx/report.docx");
  struct Case {
    const char* what;
    std::string bytes;
    const char* reason;
  };
  const std::vector<Case> cases = {
      {"empty input", "", "corrupt archive"},
      {"random bytes", random_bytes(2000), "corrupt archive"},
      {"truncated", report.substr(0, report.size() * 2 / 3), "corrupt archive"},
      {"no word/document.xml", format_fixture("docx/no-main.docx"), "corrupt document"},
      {"an ODT", format_fixture("odt/minutes.odt"), "corrupt document"},
      {"an encrypted main part", format_fixture("docx/encrypted.docx"), "encrypted archive"},
      {"50 MB of zeros", format_fixture("docx/bomb.docx"), "zip bomb"},
  };
  for (const Case& c : cases) {
    const Extraction e = parse_docx(c.bytes, {});
    EXPECT_EQ(e.skip_reason, c.reason) << c.what;
    EXPECT_TRUE(e.articles.empty()) << c.what;
    EXPECT_FALSE(e.skip_detail.empty()) << c.what;
  }
}

TEST(DocxTest, ZipBombIsRefusedWithTighterLimitsToo) {
  UnpackLimits tight;
  tight.max_bytes = 4 << 10;
  EXPECT_EQ(parse_docx(format_fixture("docx/bomb.docx"), tight).skip_reason, "zip bomb");
  EXPECT_EQ(parse_docx(format_fixture("docx/report.docx"), tight).skip_reason, "")
      << "a small document fits";
  tight.max_bytes = 1 << 10;
  EXPECT_EQ(parse_docx(format_fixture("docx/report.docx"), tight).skip_reason, "zip bomb");
}

// "Billion laughs" in word/document.xml: &k; would be 10^10 "lol"s. It is never expanded;
// libxml2 stops reading the part at the reference (its amplification guard), keeping the text
// before it.
TEST(DocxTest, EntitiesAreNotExpanded) {
  const Article a = only_article(parse_docx(format_fixture("docx/laughs.docx"), {}), "laughs");
  EXPECT_TRUE(a.body.starts_with("Laughs")) << a.body.substr(0, 100);
  EXPECT_LT(a.body.size(), 100U) << a.body.substr(0, 100);
  EXPECT_EQ(a.body.find("lol"), std::string::npos);
}

// 100,000 nested elements: libxml2 stops at its depth limit; what came before is kept.
TEST(DocxTest, DeepNestingIsReadAsFarAsItGoes) {
  const Article a = only_article(parse_docx(format_fixture("docx/nested.docx"), {}), "nested");
  EXPECT_TRUE(a.body.starts_with("Before the pit")) << a.body.substr(0, 100);
}

TEST(DocxTest, HostileEntryNamesDoNotMatter) {
  const Article a =
      only_article(parse_docx(format_fixture("docx/hostile-names.docx"), {}), "names");
  EXPECT_EQ(a.body, "Names are only names");
}

TEST(DocxTest, CoreDcLanguageIsTheDeclaredLanguage) {
  const std::string styles =
      "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en-US\"/></w:rPr></w:rPrDefault>"
      "</w:docDefaults>";
  EXPECT_EQ(
      only_article(parse_docx(small_docx("<dc:language>nb-NO</dc:language>", styles), {}), "core")
          .language,
      "nb-NO")
      << "dc:language before the default style's";
}

// The template's default run language (en-US in most Word installs) says nothing of the text.
TEST(DocxTest, TheDefaultRunLanguageOfTheStylesIsNoDeclaration) {
  const std::string styles =
      "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"de-DE\" w:eastAsia=\"zh-CN\"/>"
      "</w:rPr></w:rPrDefault></w:docDefaults>";
  EXPECT_EQ(
      only_article(parse_docx(small_docx("<dc:title>T</dc:title>", styles), {}), "styles").language,
      "");
  EXPECT_EQ(only_article(parse_docx(small_docx("", ""), {}), "bare").language, "");
}

TEST(OdtTest, MetaDcLanguageIsTheDeclaredLanguage) {
  EXPECT_EQ(
      only_article(parse_odt(small_odt("<dc:language>pl-PL</dc:language>"), {}), "meta").language,
      "pl-PL");
  EXPECT_EQ(only_article(parse_odt(small_odt("<dc:title>T</dc:title>"), {}), "none").language, "");
}

TEST(OdtTest, ReadsMetaHeadingsListsTablesSpacesAndFrames) {
  const Article a = only_article(parse_odt(format_fixture("odt/minutes.odt"), {}), "minutes");
  EXPECT_EQ(a.title, "Minutes of the Board");
  EXPECT_EQ(a.author, "Grace Hopper") << "meta:initial-creator before dc:creator";
  EXPECT_EQ(a.date, "2019-11-12") << "meta:creation-date before dc:date";
  const std::vector<std::string> expected = {
      "Attendance",                            // text:h
      "Present: five members and one guest.",  // text:s, text:tab, text:line-break, a span
      "Budget",                                // list items, nested lists
      "Roof repairs",
      "Gutters",
      "Motion | Result",  // header rows, then rows; a covered cell left out
      "Budget | Carried",
      "Closed at nine.",
      "Seal",
      "Guest of the chair.",  // the footnote and the text box, after the text
      "Framed note",
  };
  EXPECT_EQ(paragraphs(a.body), expected) << a.body;
  EXPECT_EQ(a.body.find("Withdrawn motion"), std::string::npos) << "a tracked deletion";
}

TEST(OdtTest, TextSpacesAreSpaces) {
  const Article a = only_article(parse_odt(format_fixture("odt/minutes.odt"), {}), "minutes");
  EXPECT_NE(a.body.find("Present: five"), std::string::npos) << "not \"Present:five\"";
}

TEST(OdtTest, WithoutMetaATitleStyledParagraphIsTheTitle) {
  const Article a = only_article(parse_odt(format_fixture("odt/untitled.odt"), {}), "untitled");
  EXPECT_EQ(a.title, "Garden plans") << "P1's parent style is Title";
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.date, "");
  EXPECT_EQ(a.body, "Scribbles first\n\nGarden plans\n\nPlant beans.");
}

TEST(OdtTest, BrokenDocumentsAreSkippedWithAReason) {
  const std::string minutes = format_fixture("odt/minutes.odt");
  EXPECT_EQ(parse_odt(format_fixture("odt/no-content.odt"), {}).skip_reason, "corrupt document");
  EXPECT_EQ(parse_odt(format_fixture("docx/report.docx"), {}).skip_reason, "corrupt document");
  EXPECT_EQ(parse_odt("", {}).skip_reason, "corrupt archive");
  EXPECT_EQ(parse_odt(random_bytes(300), {}).skip_reason, "corrupt archive");
  EXPECT_EQ(parse_odt(minutes.substr(0, minutes.size() / 2), {}).skip_reason, "corrupt archive");
}

// Damaged files (a few bytes changed anywhere) give an article that keeps the invariants, or
// a reason; never a crash (the sanitizer build runs this too).
TEST(DocxTest, DamagedFilesNeverCrash) {
  std::mt19937 gen(13);
  for (const char* name : {"docx/report.docx", "docx/untitled.docx", "odt/minutes.odt"}) {
    const std::string good = format_fixture(name);
    for (int i = 0; i < 300; ++i) {
      const std::string bad = mutated(good, gen, 1 + i % 4);
      const Extraction e =
          std::string(name).ends_with(".odt") ? parse_odt(bad, {}) : parse_docx(bad, {});
      EXPECT_NE(e.articles.empty(), e.skip_reason.empty()) << name << " #" << i;
      for (const KeyedArticle& k : e.articles) {
        expect_clean(k.article, std::string(name) + " #" + std::to_string(i));
      }
    }
  }
}

}  // namespace
}  // namespace folio
