// Tests of the zip layer: entries listed and read by name, in any order; the unpack limits
// enforced while reading (zip bombs); corrupt, truncated, encrypted and hostile archives.
#include "readers/zip_archive.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "readers/format_fixtures.h"

namespace folio {
namespace {

using testing::format_fixture;
using testing::random_bytes;

bool has_name(const ZipArchive& zip, const std::string& name) {
  return std::find(zip.names().begin(), zip.names().end(), name) != zip.names().end();
}

TEST(ZipArchiveTest, ListsFilesAndReadsThemByNameInAnyOrder) {
  const std::string bytes = format_fixture("epub/voyage.epub");
  ZipArchive zip(bytes, UnpackLimits{});
  ASSERT_EQ(zip.error(), "") << zip.error_detail();
  EXPECT_EQ(zip.names().size(), 9U);
  EXPECT_EQ(zip.names().front(), "mimetype");
  EXPECT_TRUE(zip.contains("OEBPS/text/part 2/two.xhtml"));
  EXPECT_FALSE(zip.contains("OEBPS/text/"));
  EXPECT_EQ(zip.read("mimetype"), "application/epub+zip");
  // Later in the archive, then earlier (the archive is opened again), then later again.
  const std::optional<std::string> one = zip.read("OEBPS/text/one.xhtml");
  ASSERT_TRUE(one.has_value());
  EXPECT_NE(one->find("We left at dawn."), std::string::npos);
  const std::optional<std::string> two = zip.read("OEBPS/text/part 2/two.xhtml");
  ASSERT_TRUE(two.has_value());
  EXPECT_NE(two->find("Waves rose high."), std::string::npos);
  EXPECT_EQ(zip.read("OEBPS/text/one.xhtml"), one);
  EXPECT_EQ(zip.read("no/such/entry"), std::nullopt);
  EXPECT_EQ(zip.error(), "") << "a missing entry is no error";
  EXPECT_GT(zip.unpacked(), one->size() * 2);
}

// bomb.docx: 50 MB of zeros packed into about 50 KB. Refused as soon as the bytes unpacked so
// far pass the limits, long before the 50 MB are all unpacked.
TEST(ZipArchiveTest, ZipBombIsRefusedWhileReading) {
  const std::string bytes = format_fixture("docx/bomb.docx");
  ASSERT_LT(bytes.size(), 100U << 10);
  const std::uint64_t whole = 50ull << 20;
  const std::uint64_t block = 64 << 10;

  ZipArchive zip(bytes, UnpackLimits{});
  ASSERT_EQ(zip.error(), "") << "listing unpacks nothing";
  EXPECT_EQ(zip.read("word/document.xml"), std::nullopt);
  EXPECT_EQ(zip.error(), "zip bomb");
  EXPECT_NE(zip.error_detail().find("word/document.xml"), std::string::npos);
  // Past the ratio floor (16 MB) at more than 100 times the packed size.
  EXPECT_GT(zip.unpacked(), UnpackLimits{}.ratio_floor);
  EXPECT_LE(zip.unpacked(), UnpackLimits{}.ratio_floor + block);
  EXPECT_LT(zip.unpacked(), whole);

  UnpackLimits small;
  small.max_bytes = 1 << 20;
  ZipArchive capped(bytes, small);
  EXPECT_EQ(capped.read("word/document.xml"), std::nullopt);
  EXPECT_EQ(capped.error(), "zip bomb");
  EXPECT_LE(capped.unpacked(), small.max_bytes + block);

  UnpackLimits ratio;
  ratio.max_ratio = 10;
  ratio.ratio_floor = 0;
  ZipArchive by_ratio(bytes, ratio);
  EXPECT_EQ(by_ratio.read("word/document.xml"), std::nullopt);
  EXPECT_EQ(by_ratio.error(), "zip bomb");
  // The ratio is compared in whole numbers: refused from 11 times the packed size.
  EXPECT_LE(by_ratio.unpacked(), bytes.size() * 11 + block);
  EXPECT_EQ(by_ratio.read("word/document.xml"), std::nullopt) << "the error stays";

  UnpackLimits roomy;
  roomy.max_bytes = 64ull << 20;
  roomy.max_ratio = 2000;
  ZipArchive allowed(bytes, roomy);
  const std::optional<std::string> zeros = allowed.read("word/document.xml");
  ASSERT_TRUE(zeros.has_value()) << allowed.error() << ": " << allowed.error_detail();
  EXPECT_EQ(zeros->size(), whole);
}

TEST(ZipArchiveTest, LimitsCountAllReadsTogether) {
  const std::string bytes = format_fixture("epub/voyage.epub");
  UnpackLimits limits;
  limits.max_bytes = 1500;  // more than any one chapter, less than the book
  ZipArchive zip(bytes, limits);
  ASSERT_EQ(zip.error(), "");
  std::size_t read = 0;
  for (const std::string& name : zip.names()) {
    if (zip.read(name)) {
      ++read;
    }
  }
  EXPECT_GT(read, 1U);
  EXPECT_LT(read, zip.names().size());
  EXPECT_EQ(zip.error(), "zip bomb");
}

TEST(ZipArchiveTest, TooManyEntriesIsAZipBomb) {
  const std::string bytes = format_fixture("epub/voyage.epub");
  ZipArchive zip(bytes, UnpackLimits{}, 3);
  EXPECT_EQ(zip.error(), "zip bomb");
  EXPECT_EQ(zip.error_detail(), "more than 3 entries");
  EXPECT_EQ(zip.read("mimetype"), std::nullopt);
}

TEST(ZipArchiveTest, CorruptInputIsACorruptArchive) {
  const std::string good = format_fixture("docx/report.docx");
  struct Case {
    const char* what;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"random bytes", random_bytes(4096)},
      {"a text file", "PK is how a zip starts, but this is text\n"},
      {"cut in half", good.substr(0, good.size() / 2)},
      {"cut in its last entry", good.substr(0, good.find("word/footnotes.xml") + 40)},
      {"the first 100 bytes", good.substr(0, 100)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ZipArchive zip(c.bytes, UnpackLimits{});
    for (const std::string& name : std::vector<std::string>(zip.names())) {
      zip.read(name);
    }
    EXPECT_EQ(zip.error(), "corrupt archive");
    EXPECT_FALSE(zip.error_detail().empty());
  }
}

// Without its central directory, a zip is read from its entries' local headers (libarchive's
// streaming reader), as far as they are whole.
TEST(ZipArchiveTest, AZipCutInItsCentralDirectoryIsReadFromItsEntries) {
  const std::string good = format_fixture("docx/report.docx");
  const std::string cut = good.substr(0, good.size() - 30);
  ZipArchive zip(cut, UnpackLimits{});
  ASSERT_EQ(zip.error(), "") << zip.error_detail();
  EXPECT_TRUE(zip.read("word/document.xml").has_value());
  EXPECT_TRUE(zip.read("docProps/core.xml").has_value());
  EXPECT_EQ(zip.error(), "");
}

TEST(ZipArchiveTest, EncryptedEntryIsAnEncryptedArchive) {
  const std::string bytes = format_fixture("docx/encrypted.docx");
  ZipArchive zip(bytes, UnpackLimits{});
  ASSERT_EQ(zip.error(), "") << zip.error_detail();
  EXPECT_TRUE(zip.read("[Content_Types].xml").has_value()) << "the others are plain";
  EXPECT_EQ(zip.read("word/document.xml"), std::nullopt);
  EXPECT_EQ(zip.error(), "encrypted archive");
}

TEST(ZipArchiveTest, EntryNamesAreOnlyNames) {
  const std::string bytes = format_fixture("docx/hostile-names.docx");
  ZipArchive zip(bytes, UnpackLimits{});
  ASSERT_EQ(zip.error(), "") << zip.error_detail();
  EXPECT_TRUE(has_name(zip, "../../escape.txt"));
  EXPECT_EQ(zip.read("../../escape.txt"), "up");
  EXPECT_EQ(zip.read("/etc/owned"), "absolute");
  EXPECT_EQ(zip.read("escape.txt"), std::nullopt);
}

}  // namespace
}  // namespace folio
