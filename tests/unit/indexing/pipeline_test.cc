// Tests of the pipeline alone: files read, analysed and handed to a shard writer over an
// in-memory database; files the manifest says are unchanged left unread.
#include "indexing/pipeline.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "store/database.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    dir_.write("in/a.txt", "Alpha\n\nThe first article.\n");
    dir_.write("in/b/b.md", "# Beta\n\nThe second article.\n");
    dir_.write("in/c.jsonl",
               "{\"id\":\"c1\",\"title\":\"Gamma\",\"text\":\"One.\"}\n"
               "{\"id\":\"c2\",\"title\":\"Delta\",\"text\":\"Two.\"}\n"
               "not json\n");
    dir_.write("in/d.xls", "xls");
  }

  void run(const Manifest& manifest) {
    const Sources sources = walk_sources({dir_.path() / "in"}, [](const Skip&) {});
    ShardWriter writer({db_}, 2, BatchRule{}, report_, "memory");
    Pipeline(sources, manifest, writer, report_, "english", true, ReadOptions{1 << 20, {}}).run();
  }

  testing::TempDir dir_;
  Xapian::WritableDatabase db_;
  RunReport report_{IndexingListener{}};
};

TEST_F(PipelineTest, ReadsEveryFileAndRecordsItInTheManifest) {
  run(Manifest{});
  EXPECT_EQ(db_.get_doccount(), 4U);
  for (const char* id : {"a.txt", "b/b.md", "c1", "c2"}) {
    EXPECT_TRUE(db_.term_exists(schema::id_term(id))) << id;
  }
  const IndexingReport r = report_.result();
  EXPECT_EQ(r.added, 4U);
  EXPECT_EQ(r.files_read, 3U);
  EXPECT_EQ(r.skipped_by_reason.at("unsupported file type"), 1U);
  EXPECT_EQ(r.skipped_by_reason.at("bad JSONL line"), 1U);
  const std::string a = std::filesystem::absolute(dir_.path() / "in" / "a.txt").string();
  schema::FileRecord record;
  ASSERT_TRUE(
      schema::decode_manifest(db_.get_metadata(manifest_key(schema::source_key(a))), record));
  EXPECT_EQ(record.articles, 1U);
  EXPECT_EQ(record.path, a);
}

TEST_F(PipelineTest, AFileTheManifestKnowsUnchangedIsNotRead) {
  const Sources sources = walk_sources({dir_.path() / "in"}, [](const Skip&) {});
  Manifest manifest;
  for (const Source& s : sources.files) {
    if (s.file.filename() == "a.txt") {
      manifest.add(s.key, schema::FileRecord{s.size, s.mtime_ns, "h", 1, s.abs});
    }
  }
  run(manifest);
  EXPECT_FALSE(db_.term_exists(schema::id_term("a.txt")));
  EXPECT_EQ(report_.result().unchanged, 1U);
  EXPECT_EQ(report_.result().files_read, 2U);
}

}  // namespace
}  // namespace folio
