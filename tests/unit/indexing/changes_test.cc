// Tests of what changed since the last run: the manifest's view of each file and of files gone.
#include "indexing/changes.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "store/schema.h"

namespace folio {
namespace {

Source source(const std::string& abs, std::uint64_t size, std::int64_t mtime) {
  Source s;
  s.file = abs;
  s.abs = abs;
  s.key = schema::source_key(abs);
  s.size = size;
  s.mtime_ns = mtime;
  return s;
}

TEST(ManifestTest, AFileIsUnchangedWhenSizeTimeAndPathAgree) {
  const schema::FileRecord r{10, 99, "hash", 1, "/in/a.txt"};
  EXPECT_TRUE(Manifest::unchanged(source("/in/a.txt", 10, 99), r));
  EXPECT_FALSE(Manifest::unchanged(source("/in/a.txt", 11, 99), r));
  EXPECT_FALSE(Manifest::unchanged(source("/in/a.txt", 10, 100), r));
  EXPECT_FALSE(Manifest::unchanged(source("/in/b.txt", 10, 99), r));
}

TEST(ManifestTest, FilesGoneAreThoseRecordedUnderTheInputsOnly) {
  Manifest m;
  for (const char* path : {"/in/a.txt", "/in/sub/b.txt", "/other/c.txt", "/in2/d.txt"}) {
    m.add(schema::source_key(path), schema::FileRecord{1, 1, "h", 1, path});
  }
  Sources now;
  now.roots = {"/in/"};
  now.files.push_back(source("/in/a.txt", 1, 1));
  std::vector<std::string> gone = m.gone(now);
  EXPECT_EQ(gone, (std::vector<std::string>{schema::source_key("/in/sub/b.txt")}));
  ASSERT_NE(m.find(schema::source_key("/other/c.txt")), nullptr);
  EXPECT_EQ(m.find(schema::source_key("/other/c.txt"))->path, "/other/c.txt");
  EXPECT_EQ(m.find("no such key"), nullptr);
}

TEST(ManifestTest, ARemovalDeletesTheFilesArticlesAndItsEntry) {
  const Unit u = file_removal("0123456789abcdef");
  EXPECT_EQ(u.delete_terms,
            (std::vector<std::string>{std::string(schema::kPrefixSource) + "0123456789abcdef"}));
  ASSERT_EQ(u.metadata.size(), 1U);
  EXPECT_EQ(u.metadata[0].first, manifest_key("0123456789abcdef"));
  EXPECT_EQ(u.metadata[0].second, "");
  EXPECT_TRUE(u.docs.empty());
}

}  // namespace
}  // namespace folio
