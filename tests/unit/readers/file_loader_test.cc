// Tests of reading files from disk: limits, errors, hashes, and JSON Lines line by line.
#include "readers/file_loader.h"

#include <gtest/gtest.h>

#include "temp_dir.h"
#include "text/hash.h"

namespace folio {
namespace {

TEST(FileLoaderTest, ReadsAWholeFileAndItsHash) {
  testing::TempDir dir;
  const auto file = dir.write("a.txt", "Title\n\nBody.\n");
  const LoadedFile f = load_file(file, "a.txt", 1000);
  EXPECT_FALSE(f.skip.has_value());
  EXPECT_EQ(f.bytes, "Title\n\nBody.\n");
  EXPECT_EQ(f.hash, text::content_hash(f.bytes));
}

TEST(FileLoaderTest, ATooLargeOrMissingFileIsSkippedWithItsReason) {
  testing::TempDir dir;
  const auto file = dir.write("big.txt", std::string(101, 'x'));
  const LoadedFile big = load_file(file, "big.txt", 100);
  ASSERT_TRUE(big.skip.has_value());
  EXPECT_EQ(big.skip->path, "big.txt");
  EXPECT_EQ(big.skip->reason, "too large");
  EXPECT_EQ(big.skip->detail, "101 bytes > 100");
  const LoadedFile missing = load_file(dir.path() / "nope.txt", "nope.txt", 100);
  ASSERT_TRUE(missing.skip.has_value());
  EXPECT_EQ(missing.skip->reason, "unreadable file");
  EXPECT_EQ(missing.skip->detail, "No such file or directory");
}

TEST(JsonlStreamTest, GivesEveryLineNumberedAndHashesTheWholeFile) {
  testing::TempDir dir;
  const std::string text = "{\"a\":1}\n" + std::string(50, 'x') + "\n\nlast";
  const auto file = dir.write("f.jsonl", text);
  JsonlStream stream(file, "f.jsonl", 20);
  ASSERT_FALSE(stream.skip().has_value());
  std::string line;
  bool too_long = false;
  std::vector<std::pair<std::string, bool>> lines;
  std::vector<std::uint64_t> numbers;
  while (stream.next(line, too_long)) {
    lines.emplace_back(line, too_long);
    numbers.push_back(stream.line_number());
  }
  EXPECT_EQ(lines, (std::vector<std::pair<std::string, bool>>{
                       {"{\"a\":1}", false}, {"", true}, {"", false}, {"last", false}}));
  EXPECT_EQ(numbers, (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(stream.bytes(), text.size());
  EXPECT_EQ(stream.consumed(), text.size());
  EXPECT_EQ(stream.hash(), text::content_hash(text));
  EXPECT_EQ(stream.error(), 0);
}

TEST(JsonlStreamTest, ABinaryOrMissingFileGivesNoLines) {
  testing::TempDir dir;
  const auto file = dir.write("b.jsonl", std::string("{\"a\":1}\n\0\0\0", 11));
  JsonlStream binary(file, "b.jsonl", 100);
  ASSERT_TRUE(binary.skip().has_value());
  EXPECT_EQ(binary.skip()->reason, "binary file");
  std::string line;
  bool too_long = false;
  EXPECT_FALSE(binary.next(line, too_long));
  JsonlStream missing(dir.path() / "nope.jsonl", "nope.jsonl", 100);
  ASSERT_TRUE(missing.skip().has_value());
  EXPECT_EQ(missing.skip()->reason, "unreadable file");
}

}  // namespace
}  // namespace folio
