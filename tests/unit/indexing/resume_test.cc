// Tests of continuing an interrupted build (indexing/partial_build.h, run_indexing()): a first
// build, a sharded build or a rebuild killed midway is continued by the next run, which keeps
// what the killed one committed, redoes what changed since, and ends with the index an
// uninterrupted run makes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "folio/indexing.h"

#include "indexing/partial_build.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/stored_text.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

constexpr int kKilled = 77;  // the exit status of a child that died where it was told to

std::string article(int n) {
  // Every 25th article has the body of article 0: copies, some of them in other shards.
  const int body = n % 25 == 0 ? 0 : n;
  return "Story number " + std::to_string(n) + "\n\nMarch 3, 2021\n\nThe report on topic" +
         std::to_string(body) + " says markets moved " + std::to_string(body * 7 % 13) +
         " points as traders watched the central bank.\n";
}

std::string jsonl_line(int n) {
  return R"({"id": "line-)" + std::to_string(n) + R"(", "title": "Line )" + std::to_string(n) +
         R"(", "text": "A dispatch about harbour number )" + std::to_string(n % 40) +
         R"( and the ferries that call there."})"
         "\n";
}

// Everything a reader can see of an index, for comparing two of them: each article's stored
// data and values by id, the manifest, the spelling data and what is left in the journal.
struct Contents {
  std::map<std::string, std::string> articles;  // id term -> data and values
  std::map<std::string, std::string> manifest;
  std::map<std::string, Xapian::doccount> spelling;
  std::size_t journal = 0;
  bool operator==(const Contents&) const = default;
};

Contents contents(const fs::path& db) {
  Contents c;
  const Xapian::Database d = open_for_reading(db);
  StoredTextReader dictionaries([&d](const std::string& key) { return d.get_metadata(key); });
  const std::string id(schema::kPrefixId);
  for (auto t = d.allterms_begin(id); t != d.allterms_end(id); ++t) {
    EXPECT_EQ(t.get_termfreq(), 1U) << *t;
    const Xapian::Document doc = d.get_document(*d.postlist_begin(*t));
    // The fields, not the bytes: each build trains its own stored-text dictionary.
    Article a;
    EXPECT_TRUE(schema::decode_data(doc.get_value(schema::kSlotText), a, &dictionaries)) << *t;
    std::string all = a.id + "|" + a.path + "|" + a.url + "|" + a.title + "|" + a.date + "|" +
                      a.author + "|" + a.category + "|" + a.body + "|" + a.language;
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      if (v.get_valueno() == schema::kSlotText) {
        continue;  // (its fields are above)
      }
      all += "|" + std::to_string(v.get_valueno()) + "=" + *v;
    }
    c.articles.emplace(*t, all);
  }
  // A sharded index keeps its manifest and spelling data in shard 0.
  const std::vector<fs::path> shards = generation_shards(*IndexDir(db).current());
  const Xapian::Database shard0(shards.front().string());
  const std::string file(schema::kMetaFilePrefix);
  for (auto k = shard0.metadata_keys_begin(file); k != shard0.metadata_keys_end(file); ++k) {
    schema::FileRecord r;
    EXPECT_TRUE(schema::decode_manifest(shard0.get_metadata(*k), r));
    c.manifest.emplace(*k, r.hash + " " + std::to_string(r.articles) + " " + r.path);
  }
  for (auto w = d.spellings_begin(); w != d.spellings_end(); ++w) {
    c.spelling.emplace(*w, w.get_termfreq());
  }
  const std::string journal(schema::kMetaSpellingPrefix);
  for (auto k = d.metadata_keys_begin(journal); k != d.metadata_keys_end(journal); ++k) {
    ++c.journal;
  }
  return c;
}

// The first difference between two maps, for a readable failure.
template <class Map>
std::string first_difference(const Map& got, const Map& want) {
  for (const auto& [key, value] : want) {
    const auto it = got.find(key);
    if (it == got.end()) {
      return "missing " + key;
    }
    if (it->second != value) {
      std::ostringstream out;
      out << "differs at " << key << ": " << it->second << " instead of " << value;
      return out.str();
    }
  }
  for (const auto& [key, value] : got) {
    if (want.count(key) == 0) {
      return "extra " + key;
    }
  }
  return "";
}

void PrintTo(const Contents& c, std::ostream* out) {
  *out << c.articles.size() << " articles, " << c.manifest.size() << " files, " << c.spelling.size()
       << " spelling words, " << c.journal << " journal entries";
}

// Fails naming the first difference of each part.
void expect_same(const Contents& got, const Contents& want) {
  EXPECT_EQ(got, want) << "articles: " << first_difference(got.articles, want.articles)
                       << "; manifest: " << first_difference(got.manifest, want.manifest)
                       << "; spelling: " << first_difference(got.spelling, want.spelling);
}

class ResumeTest : public ::testing::Test {
 protected:
  // Units wait to be written until the stored-text dictionary is trained (or training gives
  // up): here at once, on too little to train on, so that what a killed run has committed does
  // not depend on when training ends. ADictionaryTrainedBeforeTheKill... trains one.
  void SetUp() override { StoredTextCodec::set_train_bytes(1); }
  void TearDown() override { StoredTextCodec::set_train_bytes(0); }

  // 300 stories, a JSON Lines file of 300 lines (line 150 broken, one id given twice), an
  // unsupported file after them, then 60 more stories: in path order, which is the order the
  // producer takes them in. The stored-text dictionary is trained after about 50 (SetUp()).
  void write_corpus() const {
    for (int n = 0; n < 360; ++n) {
      const std::string name = (n < 300 ? "a-" : "d-") + std::to_string(1000 + n) + ".txt";
      dir_.write("in/" + name, article(n));
    }
    std::string lines;
    for (int n = 1; n <= 300; ++n) {
      lines += n == 150   ? std::string("{broken\n")
               : n == 200 ? std::string(R"({"id": "line-20", "title": "Line 20 again", )"
                                        R"("text": "The later version of line twenty."})"
                                        "\n")
                          : jsonl_line(n);
    }
    dir_.write("in/b-lines.jsonl", lines);
    dir_.write("in/c-stop.xyz", "not an article");
  }

  IndexingOptions options(const fs::path& db, unsigned shards = 0) const {
    IndexingOptions o;
    o.db = db;
    o.threads = 2;
    o.shards = shards;
    o.batch_articles = 5;  // many commits: a kill anywhere finds some
    return o;
  }

  // Runs `o` in a child process that dies, as under kill -9 (no commit, no clean-up), when the
  // run reports a skip or note whose path ends with `at`. True when it died there.
  bool killed_at(const std::string& at, const IndexingOptions& o) const {
    const pid_t pid = ::fork();
    if (pid == 0) {
      try {
        run_indexing({in()}, o, [&](const Skip& s) {
          if (s.path.ends_with(at)) {
            ::_exit(kKilled);
          }
        });
      } catch (...) {
        ::_exit(2);
      }
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == kKilled;
  }

  // The index an uninterrupted run makes of the folder as it is now.
  Contents reference(unsigned shards = 0) const {
    const fs::path db = dir_.path() / ("reference-" + std::to_string(count_++));
    run_indexing({in()}, options(db, shards));
    return contents(db);
  }

  fs::path in() const { return dir_.path() / "in"; }
  fs::path db() const { return dir_.path() / "db"; }

  testing::TempDir dir_;
  mutable int count_ = 0;
};

TEST_F(ResumeTest, AFirstBuildKilledMidwayIsContinuedAndEndsAsAnUninterruptedOne) {
  write_corpus();
  ASSERT_TRUE(killed_at("c-stop.xyz", options(db())));
  EXPECT_FALSE(IndexDir(db()).current()) << "nothing is published before the build ends";
  ASSERT_TRUE(PartialBuild::find(IndexDir(db())));

  const IndexingReport r = run_indexing({in()}, options(db()));
  EXPECT_GT(r.resumed, 0U) << "what the killed run committed is kept";
  EXPECT_LT(r.files_read, r.files) << "files the killed run completed are not read again";
  EXPECT_LT(r.added, r.total_articles);
  EXPECT_TRUE(r.rebuilt);
  expect_same(contents(db()), reference());
  EXPECT_FALSE(fs::exists(IndexDir(db()).partial())) << "the build's scratch is removed";
}

TEST_F(ResumeTest, ADictionaryTrainedBeforeTheKillReadsTheRecordsItMadeWhenContinued) {
  StoredTextCodec::set_train_bytes(8 << 10);  // after about 50 of the 300 stories before the kill
  write_corpus();
  ASSERT_TRUE(killed_at("c-stop.xyz", options(db())));
  const PartialBuild build = *PartialBuild::find(IndexDir(db()));
  EXPECT_FALSE(Xapian::Database(build.scratch(1, 0, 0).string())
                   .get_metadata(std::string(schema::kMetaDictNewest))
                   .empty());
  const IndexingReport r = run_indexing({in()}, options(db()));
  EXPECT_GT(r.resumed, 0U);
  expect_same(contents(db()), reference());
}

TEST_F(ResumeTest, AKillInsideAJsonLinesFileKeepsTheLinesItCommitted) {
  write_corpus();
  ASSERT_TRUE(killed_at("b-lines.jsonl:150", options(db())));
  const IndexingReport r = run_indexing({in()}, options(db()));
  EXPECT_GT(r.resumed, 0U);
  expect_same(contents(db()), reference());
}

TEST_F(ResumeTest, AShardedBuildIsContinuedAndCopiesCollapseAcrossItsRuns) {
  write_corpus();
  ASSERT_TRUE(killed_at("c-stop.xyz", options(db(), 3)));
  const IndexingReport r = run_indexing({in()}, options(db()));  // the shard count it recorded
  EXPECT_GT(r.resumed, 0U);
  EXPECT_EQ(r.shards, 3U);
  EXPECT_EQ(generation_shards(*IndexDir(db()).current()).size(), 3U);
  expect_same(contents(db()), reference(3));
}

TEST_F(ResumeTest, FilesChangedOrGoneSinceTheKillAreRedone) {
  write_corpus();
  ASSERT_TRUE(killed_at("c-stop.xyz", options(db())));
  // a-1001 and a-1002 were completed by the killed run (the producer was far past them).
  dir_.write("in/a-1001.txt", "Story rewritten\n\nMarch 4, 2021\n\nAn entirely new lighthouse.\n");
  fs::last_write_time(in() / "a-1001.txt",
                      fs::last_write_time(in() / "a-1001.txt") + std::chrono::seconds(5));
  fs::remove(in() / "a-1002.txt");
  std::string lines;
  for (int n = 1; n <= 300; ++n) {
    lines += n % 3 == 0 ? std::string() : jsonl_line(n);  // a third of the lines gone
  }
  dir_.write("in/b-lines.jsonl", lines);
  const IndexingReport r = run_indexing({in()}, options(db()));
  EXPECT_GT(r.resumed, 0U);
  expect_same(contents(db()), reference());
}

TEST_F(ResumeTest, ARebuildKilledMidwayIsContinuedByTheNextRun) {
  write_corpus();
  run_indexing({in()}, options(db()));
  dir_.write("in/a-1003.txt", "Story changed\n\nMarch 5, 2021\n\nA new bridge opens.\n");
  fs::last_write_time(in() / "a-1003.txt",
                      fs::last_write_time(in() / "a-1003.txt") + std::chrono::seconds(5));
  IndexingOptions rebuild = options(db());
  rebuild.rebuild = true;
  ASSERT_TRUE(killed_at("c-stop.xyz", rebuild));
  EXPECT_TRUE(IndexDir(db()).current()) << "the old generation serves until the new one is done";
  const IndexingReport r = run_indexing({in()}, options(db()));  // a plain run continues it
  EXPECT_GT(r.resumed, 0U);
  EXPECT_TRUE(r.rebuilt);
  expect_same(contents(db()), reference());
}

TEST_F(ResumeTest, ARunAskingForAnotherShardCountDropsTheInterruptedBuild) {
  write_corpus();
  ASSERT_TRUE(killed_at("c-stop.xyz", options(db())));
  std::vector<std::string> notes;
  const IndexingReport r = run_indexing({in()}, options(db(), 2), [&](const Skip& s) {
    if (s.reason.empty()) {
      notes.push_back(s.detail);
    }
  });
  EXPECT_EQ(r.resumed, 0U);
  EXPECT_EQ(r.added, r.total_articles);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes.front().find("dropped the interrupted build"), std::string::npos)
      << notes.front();
  expect_same(contents(db()), reference(2));
}

TEST_F(ResumeTest, ABuildLeftUnreadableIsDroppedAndStartedAgain) {
  write_corpus();
  ASSERT_TRUE(killed_at("c-stop.xyz", options(db())));
  // As a power cut might leave a scratch database (they are written without syncing).
  const fs::path version = PartialBuild::find(IndexDir(db()))->scratch(1, 0, 0) / "iamglass";
  ASSERT_TRUE(fs::exists(version));
  fs::resize_file(version, 10);
  std::vector<std::string> notes;
  const IndexingReport r = run_indexing({in()}, options(db()), [&](const Skip& s) {
    if (s.reason.empty()) {
      notes.push_back(s.detail);
    }
  });
  EXPECT_EQ(r.resumed, 0U);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes.front().find("dropped the interrupted build"), std::string::npos)
      << notes.front();
  expect_same(contents(db()), reference());
}

TEST(PartialBuildTest, RecordsWhetherArticlesGetWordPairs) {
  testing::TempDir dir;
  const IndexDir index(dir.path());
  PartialBuild::start(index, "en", 1, /*pairs=*/false);
  const std::optional<PartialBuild> found = PartialBuild::find(index);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->pairs());
  EXPECT_FALSE(recorded_pairs(create_generation(found->scratch(1, 0, 0), "en", 0, false)));
}

TEST(PartialBuildTest, RecordsItsSettingsAndListsEarlierRunsInOrder) {
  testing::TempDir dir;
  const IndexDir index(dir.path());
  EXPECT_FALSE(PartialBuild::find(index));
  const PartialBuild b = PartialBuild::start(index, "de", 2);
  EXPECT_EQ(b.run(), 1U);
  for (const fs::path& p : {b.scratch(1, 0, 0), b.scratch(1, 1, 0), b.late(1), b.scratch(2, 1, 3),
                            b.late(2), b.scratch(10, 0, 1)}) {
    fs::create_directories(p);
  }
  const std::optional<PartialBuild> found = PartialBuild::find(index);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language(), "de");
  EXPECT_EQ(found->shards(), 2U);
  EXPECT_TRUE(found->pairs());
  EXPECT_EQ(found->run(), 11U);
  std::vector<std::string> names;
  for (const PartialBuild::Earlier& e : found->earlier()) {
    names.push_back(e.path.filename().string() + ":" + (e.shard ? std::to_string(*e.shard) : "-"));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"r1-late:-", "r1-s0-w0:0", "r1-s1-w0:1", "r2-late:-",
                                             "r2-s1-w3:1", "r10-s0-w1:0"}));
  found->discard();
  EXPECT_FALSE(PartialBuild::find(index));
}

TEST(PartialBuildTest, ABuildWhoseRecordIsCutShortIsNone) {
  testing::TempDir dir;
  const IndexDir index(dir.path());
  dir.write("partial/BUILD", "language en\n");
  EXPECT_FALSE(PartialBuild::find(index));
}

}  // namespace
}  // namespace folio
