// Tests of the EPUB reader: OPF metadata, the spine's chapters in order, hrefs relative to the
// OPF; the title fallback; missing parts, DRM and hostile archives.
#include "readers/epub_reader.h"

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

// voyage.epub: the manifest lists chapter two before chapter one, and so does the zip; the
// spine says one, two, then an appendix outside the OPF's folder ("../extra/three.xhtml");
// chapter two lives in "text/part 2/" (its href percent-encoded). The cover image in the spine
// is passed over. encryption.xml lists an obfuscated font only.
TEST(EpubTest, ReadsOpfMetadataAndTheSpineInOrder) {
  const Extraction e = parse_epub(format_fixture("epub/voyage.epub"), {});
  ASSERT_EQ(e.skip_reason, "") << e.skip_detail;
  ASSERT_EQ(e.articles.size(), 1U);
  const Article& a = e.articles[0].article;
  expect_clean(a, "voyage");
  EXPECT_EQ(e.articles[0].key, "");
  EXPECT_EQ(a.title, "A Voyage Out");
  EXPECT_EQ(a.author, "Virginia Woolf");
  EXPECT_EQ(a.date, "1915-03-26");
  EXPECT_EQ(a.language, "fr-CA");
  const std::vector<std::string> expected = {"Departure",    "We left at dawn.", "Gulls followed.",
                                             "The Crossing", "Waves rose high.", "Notes",
                                             "An appendix."};
  EXPECT_EQ(paragraphs(a.body), expected) << a.body;
}

TEST(EpubTest, WithoutADcTitleTheFirstChaptersTitleIsUsed) {
  const Extraction e = parse_epub(format_fixture("epub/untitled.epub"), {});
  ASSERT_EQ(e.articles.size(), 1U) << e.skip_reason;
  EXPECT_EQ(e.articles[0].article.title, "Departure");
  EXPECT_EQ(e.articles[0].article.author, "");
  EXPECT_EQ(e.articles[0].article.language, "");
}

TEST(EpubTest, BrokenBooksAreSkippedWithAReason) {
  struct Case {
    const char* what;
    std::string bytes;
    const char* reason;
  };
  const std::string voyage = format_fixture("epub/voyage.epub");
  const std::vector<Case> cases = {
      {"a container naming a missing OPF", format_fixture("epub/missing-opf.epub"), "corrupt EPUB"},
      {"no container", format_fixture("epub/no-container.epub"), "corrupt EPUB"},
      {"a DOCX", format_fixture("docx/report.docx"), "corrupt EPUB"},
      {"DRM: encryption.xml lists a chapter", format_fixture("epub/drm.epub"), "encrypted EPUB"},
      {"empty input", "", "corrupt archive"},
      {"random bytes", random_bytes(5000), "corrupt archive"},
      {"truncated", voyage.substr(0, voyage.size() / 2), "corrupt archive"},
  };
  for (const Case& c : cases) {
    const Extraction e = parse_epub(c.bytes, {});
    EXPECT_EQ(e.skip_reason, c.reason) << c.what << ": " << e.skip_detail;
    EXPECT_TRUE(e.articles.empty()) << c.what;
    EXPECT_FALSE(e.skip_detail.empty()) << c.what;
  }
  EXPECT_NE(
      parse_epub(format_fixture("epub/missing-opf.epub"), {}).skip_detail.find("OEBPS/nowhere.opf"),
      std::string::npos);
}

TEST(EpubTest, ZipLimitsApplyToTheWholeBook) {
  UnpackLimits tight;
  tight.max_bytes = 2 << 10;
  EXPECT_EQ(parse_epub(format_fixture("epub/voyage.epub"), tight).skip_reason, "zip bomb");
}

TEST(EpubTest, HrefsBecomeEntryNames) {
  struct Case {
    const char* base;
    const char* href;
    const char* name;
  };
  const std::vector<Case> cases = {
      {"OEBPS/", "text/one.xhtml", "OEBPS/text/one.xhtml"},
      {"OEBPS/", "text/part%202/two.xhtml#p3", "OEBPS/text/part 2/two.xhtml"},
      {"OEBPS/", "../extra/three.xhtml", "extra/three.xhtml"},
      {"OEBPS/", "./a/../b.xhtml", "OEBPS/b.xhtml"},
      {"OEBPS/", "../../../../etc/passwd", "etc/passwd"},
      {"OEBPS/", "/root.xhtml", "root.xhtml"},
      {"", "caf%C3%A9.xhtml", "caf\xC3\xA9.xhtml"},
      {"", "100%.xhtml", "100%.xhtml"},
      {"OEBPS/", "http://example.com/x.xhtml", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(epub_entry_name(c.base, c.href), c.name) << c.base << " + " << c.href;
  }
}

// Damaged books (a few bytes changed anywhere) give an article that keeps the invariants, or
// a reason; never a crash (the sanitizer build runs this too).
TEST(EpubTest, DamagedBooksNeverCrash) {
  std::mt19937 gen(17);
  const std::string good = format_fixture("epub/voyage.epub");
  for (int i = 0; i < 500; ++i) {
    const Extraction e = parse_epub(mutated(good, gen, 1 + i % 4), {});
    EXPECT_NE(e.articles.empty(), e.skip_reason.empty()) << i;
    for (const KeyedArticle& k : e.articles) {
      expect_clean(k.article, "voyage #" + std::to_string(i));
    }
  }
}

}  // namespace
}  // namespace folio
