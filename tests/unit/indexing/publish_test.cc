// Tests of finishing a run: the layout of a new generation, and a merge published atomically.
#include "indexing/publish.h"

#include <gtest/gtest.h>

#include "indexing/partial_build.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

TEST(PublishTest, AGenerationOfOneShardIsOneDatabaseElseAFolderOfShards) {
  testing::TempDir dir;
  EXPECT_EQ(generation_layout(dir.path() / "gen-1", 1),
            (std::vector<fs::path>{dir.path() / "gen-1"}));
  const auto three = generation_layout(dir.path() / "gen-2", 3);
  EXPECT_EQ(three, (std::vector<fs::path>{dir.path() / "gen-2" / "shard-0",
                                          dir.path() / "gen-2" / "shard-1",
                                          dir.path() / "gen-2" / "shard-2"}));
  EXPECT_TRUE(fs::is_directory(dir.path() / "gen-2"));
}

TEST(PublishTest, ScratchDatabasesAreMergedIntoAPublishedGenerationAndLateCopiesWin) {
  testing::TempDir dir;
  const IndexDir index(dir.path() / "db");
  fs::create_directories(index.path());
  RunReport report({});
  const PartialBuild build = PartialBuild::start(index, "en", 1);
  ShardWriter writer(build, 2, BatchRule{}, report, "db");
  const auto doc = [](const std::string& id, const std::string& data) {
    Xapian::Document d;
    d.add_boolean_term(schema::id_term(id));
    d.set_data(data);
    return std::pair{schema::id_term(id), d};
  };
  Unit a;
  a.docs = {doc("one", "first"), doc("two", "first")};
  writer.apply(0, a);
  Unit b;
  b.docs = {doc("two", "second")};  // met again by the other worker: held back
  writer.apply(1, b);
  EXPECT_EQ(writer.late_count(), 1U);
  ASSERT_FALSE(index.current());
  EXPECT_EQ(merge_and_publish(writer, index, std::nullopt, std::nullopt, report.counts()), 2U);
  ASSERT_TRUE(index.current());
  const Xapian::Database db = open_for_reading(index.path());
  EXPECT_EQ(db.get_doccount(), 2U);
  const std::string two = schema::id_term("two");
  EXPECT_EQ(db.get_document(*db.postlist_begin(two)).get_data(), "second");
  EXPECT_EQ(report.counts().updated, 1U);
  EXPECT_FALSE(fs::exists(index.partial())) << "the build's scratch is removed once published";
}

}  // namespace
}  // namespace folio
