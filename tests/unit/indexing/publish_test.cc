// Tests of finishing a run: the layout of a new generation, and a merge published atomically.
#include "indexing/publish.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "folio/error.h"

#include "indexing/partial_build.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

constexpr int kFailed = 77;  // the exit status of a child whose merge failed where it was made to

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

// The crash matrix (tests/crash) found a sharded build killed as its merge began missing
// articles after the next run: the merge committed the scratch databases shard by shard, shard
// 0 (the manifest's) first, so a kill between the commits left files recorded as done whose
// articles in another shard were never committed, and the next run passed over them. Here
// shard 1's commit fails (its folder removed) and the merge stops there as a killed run does, in a
// child process that exits at once (Xapian's destructors would commit): shard 0 must not have
// committed the manifest before.
TEST(PublishTest, AMergeCommitsTheManifestShardAfterTheOthers) {
  testing::TempDir dir;
  const IndexDir index(dir.path() / "db");
  fs::create_directories(index.path());
  const PartialBuild build = PartialBuild::start(index, "en", 2);
  const std::string record = std::string(schema::kMetaFilePrefix) + "x";
  const pid_t pid = ::fork();
  if (pid == 0) {
    RunReport report({});
    ShardWriter writer(build, 1, BatchRule{}, report, "db");
    writer.codec().train_now();  // on nothing: no unit waits for a dictionary
    Unit u;  // a file of two articles, one in each shard, and its manifest entry
    for (const std::string id : {"a", "b", "c", "d", "e", "f"}) {
      const std::string term = schema::id_term(id);
      if (u.docs.size() == shard_of(term, 2)) {
        Xapian::Document d;
        d.add_boolean_term(term);
        u.docs.emplace_back(term, d);
      }
    }
    u.metadata.emplace_back(record, "record");
    writer.apply(0, u);
    fs::remove_all(build.scratch(1, 1, 0));  // shard 1's next commit fails
    try {
      merge_and_publish(writer, index, std::nullopt, std::nullopt, report.counts());
    } catch (const IndexError&) {
      ::_exit(u.docs.size() == 2 ? kFailed : 1);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == kFailed) << status;
  EXPECT_FALSE(index.current());
  const Xapian::Database shard0(build.scratch(1, 0, 0).string());
  EXPECT_EQ(shard0.get_metadata(record), "") << "shard 0 committed before shard 1";
}

}  // namespace
}  // namespace folio
