// Tests of synonyms files: groups, comments, and errors naming the file and line.
#include "folio/synonyms.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/error.h"

#include "temp_dir.h"

namespace folio {
namespace {

using Strings = std::vector<std::string>;

TEST(SynonymFileTest, ReadsGroupsAndSkipsCommentsAndBlankLines) {
  const SynonymFile f = parse_synonyms(
      "# countries\n"
      "\n"
      "UK, United Kingdom ,Britain\r\n"
      "   # indented comment\n"
      "Bank of England, BoE,\n"
      "C#, C sharp",
      "syn.txt");
  EXPECT_EQ(f.name, "syn.txt");
  ASSERT_EQ(f.groups.size(), 3U);
  EXPECT_EQ(f.groups[0].entries, (Strings{"UK", "United Kingdom", "Britain"}));
  EXPECT_EQ(f.groups[0].line, 3U);
  EXPECT_EQ(f.groups[1].entries, (Strings{"Bank of England", "BoE"}));
  EXPECT_EQ(f.groups[2].entries, (Strings{"C#", "C sharp"}));
  EXPECT_EQ(f.groups[2].line, 6U);
}

TEST(SynonymFileTest, ALineWithOneEntryIsAnErrorNamingFileAndLine) {
  for (const char* text :
       {"UK, Britain\n\nlonely\n", "UK, Britain\n\nlonely,\n", "UK, Britain\n\n , ,\n"}) {
    try {
      parse_synonyms(text, "syn.txt");
      ADD_FAILURE() << "no error for " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("'syn.txt', line 3"), std::string::npos) << e.what();
    }
  }
}

TEST(SynonymFileTest, AMissingFileIsAnErrorNamingIt) {
  testing::TempDir dir;
  try {
    read_synonyms(dir.path() / "nope.txt");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("nope.txt"), std::string::npos) << e.what();
  }
  dir.write("ok.txt", "a, b\n");
  EXPECT_EQ(read_synonyms(dir.path() / "ok.txt").groups.size(), 1U);
}

}  // namespace
}  // namespace folio
