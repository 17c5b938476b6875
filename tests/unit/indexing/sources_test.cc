// Tests of the source walk: which files a run finds, in which order, and what it passes over.
#include "indexing/sources.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names(const Sources& s, const fs::path& base) {
  std::vector<std::string> out;
  for (const Source& f : s.files) {
    out.push_back(f.file.lexically_relative(base).generic_string());
  }
  return out;
}

TEST(SourceWalkTest, FindsEveryFileInPathOrderAndPassesOverHiddenOnes) {
  testing::TempDir dir;
  dir.write("in/b/2.txt", "x");
  dir.write("in/a.md", "x");
  dir.write("in/b/1.html", "x");
  dir.write("in/c.xls", "x");  // unsupported, but found: the pipeline reports it
  dir.write("in/.hidden.txt", "x");
  dir.write("in/.git/HEAD.txt", "x");
  std::vector<Skip> skipped;
  const Sources s = walk_sources({dir.path() / "in"}, [&](const Skip& k) { skipped.push_back(k); });
  EXPECT_EQ(names(s, dir.path() / "in"),
            (std::vector<std::string>{"a.md", "b/1.html", "b/2.txt", "c.xls"}));
  EXPECT_TRUE(skipped.empty()) << "hidden files are passed over without a word";
  ASSERT_EQ(s.files.size(), 4U);
  const Source& md = s.files[0];
  EXPECT_EQ(md.root, fs::absolute(dir.path() / "in").lexically_normal());
  EXPECT_EQ(md.abs, md.file.string());
  EXPECT_EQ(md.key, schema::source_key(md.abs));
  EXPECT_EQ(md.size, 1U);
  EXPECT_GT(md.mtime_ns, 0);
  EXPECT_EQ(md.kind, FileKind::kMarkdown);
  EXPECT_EQ(s.files[3].kind, FileKind::kUnsupported);
}

TEST(SourceWalkTest, ACollectionsOwnDocumentationIsSkippedAndSaidSo) {
  testing::TempDir dir;
  for (const char* name : {"README.md", "LICENSE", "Licence.txt", "CHANGELOG.md",
                           "contributing.txt", "sub/README.txt"}) {
    dir.write(std::string("in/") + name, "x");
  }
  dir.write("in/readme-tips.txt", "an article about readmes");
  std::vector<Skip> skipped;
  const Sources s = walk_sources({dir.path() / "in"}, [&](const Skip& k) { skipped.push_back(k); });
  EXPECT_EQ(names(s, dir.path() / "in"), (std::vector<std::string>{"readme-tips.txt"}));
  EXPECT_EQ(skipped.size(), 6U);
  for (const Skip& k : skipped) {
    EXPECT_EQ(k.reason, "README/LICENSE file") << k.path;
  }
}

TEST(SourceWalkTest, AFileGivenAloneHasItsFolderAsRoot) {
  testing::TempDir dir;
  const fs::path file = dir.write("in/x/one.txt", "x");
  dir.write("in/x/two.txt", "x");
  const Sources s = walk_sources({file, dir.path() / "in"}, [](const Skip&) {});
  ASSERT_EQ(s.files.size(), 3U);
  EXPECT_EQ(s.files[0].root, file.parent_path());
  EXPECT_EQ(s.roots.size(), 2U);
  EXPECT_TRUE(s.covers(file.string()));
  EXPECT_TRUE(s.covers((dir.path() / "in" / "x" / "gone.txt").string()));
  EXPECT_FALSE(s.covers((dir.path() / "elsewhere.txt").string()));
  EXPECT_FALSE(s.covers((dir.path() / "in2" / "a.txt").string())) << "a folder is not a prefix";
}

}  // namespace
}  // namespace folio
