// Searching shards: one index, the same articles split over two local shards, and the same two
// shards served by xapian-tcpsrv must give the same answers; a shard that stops answering is
// named, or left out with allow_partial.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/indexing.h"
#include "folio/searcher.h"

#include "../unit/articles.h"
#include "../unit/temp_dir.h"
#include "shard_answers.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/stored_text.h"
#include "tcp_server.h"

namespace folio {
namespace {

using namespace shard_answers;  // NOLINT(google-build-using-namespace): the shard tests' helpers
using testing::TcpServer;
using testing::TempDir;
namespace fs = std::filesystem;

// FNV-1a: the same shard for an id on every run and machine.
std::size_t shard_of(const std::string& id, std::size_t n) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : id) {
    h = (h ^ c) * 1099511628211ULL;
  }
  return h % n;
}

void write_index(const fs::path& db, const std::vector<Article>& articles) {
  IndexWriter w(db);
  for (const Article& a : articles) {
    w.add(a);
  }
  w.commit();
}

class ShardsTest : public ::testing::Test {
 protected:
  static constexpr std::size_t kShards = 2;

  void SetUp() override {
    const std::vector<Article> all = generated_articles(300);
    std::vector<std::vector<Article>> parts(kShards);
    for (const Article& a : all) {
      parts[shard_of(a.id, kShards)].push_back(a);
    }
    write_index(dir_.path() / "one", all);
    std::string local_stub;
    for (std::size_t s = 0; s < kShards; ++s) {
      const std::string name = "shard" + std::to_string(s);
      write_index(dir_.path() / name, parts[s]);
      local_stub += "auto " + name + "\n";
      servers_.push_back(std::make_unique<TcpServer>(dir_.path() / name));
    }
    dir_.write("local.stub", local_stub);
    // The same shards reached through a program that speaks Xapian's remote protocol.
    dir_.write("program.stub", "remote :xapian-progsrv " + path("shard0").string() +
                                   "\nremote :xapian-progsrv " + path("shard1").string() + "\n");
    dir_.write("remote.stub", "remote 127.0.0.1:" + std::to_string(servers_[0]->port()) +
                                  "\nremote 127.0.0.1:" + std::to_string(servers_[1]->port()) +
                                  "\n");
  }

  fs::path path(const std::string& name) const { return dir_.path() / name; }

  static std::vector<SearchRequest> requests() { return shard_requests(); }

 protected:
  TempDir dir_;
  std::vector<std::unique_ptr<TcpServer>> servers_;
};

// Also through `remote :PROGRAM ARGS` stub lines (xapian-progsrv).
TEST_F(ShardsTest, OneIndexLocalShardsAndRemoteShardsGiveTheSameAnswers) {
  Searcher one(path("one"));
  Searcher several({path("shard0"), path("shard1")}, {});
  Searcher local_stub({path("local.stub")}, {});
  Searcher remote_stub({path("remote.stub")}, {});
  Searcher program_stub({path("program.stub")}, {});
  std::size_t hits = 0;
  std::size_t months = 0;
  for (SearchRequest r : requests()) {
    r.suggest = false;  // not over the remote protocol (see README)
    const SearchResults want = one.search(r);
    hits += want.hits.size();
    months += want.facets.months.size();
    expect_same(want, several.search(r), "two --db: " + r.query);
    expect_same(want, local_stub.search(r), "local stub: " + r.query);
    expect_same(want, remote_stub.search(r), "remote stub: " + r.query);
    expect_same(want, program_stub.search(r), "program stub: " + r.query);
  }
  EXPECT_GT(hits, 200U);    // the queries do find articles
  EXPECT_GT(months, 300U);  // and count them by month
  Article a;
  ASSERT_TRUE(remote_stub.get_article("a7", a));
  EXPECT_EQ(a.id, "a7");
  EXPECT_EQ(remote_stub.article_count(), 300U);
  EXPECT_EQ(program_stub.article_count(), 300U);
  EXPECT_EQ(program_stub.remote_shards().size(), 2U);
}

// The same indexes with stored text compressed with dictionaries: "one" and each shard trains
// its own (other ids), so the searcher finds a record's dictionary in the shard that has it,
// local or remote.
class DictionaryShardsTest : public ShardsTest {
 protected:
  void SetUp() override {
    StoredTextCodec::set_train_bytes(32 << 10);
    ShardsTest::SetUp();
  }
  void TearDown() override { StoredTextCodec::set_train_bytes(0); }
};

TEST_F(DictionaryShardsTest, RecordsReadBackFromLocalAndRemoteShards) {
  std::vector<std::string> ids;
  for (const char* name : {"one", "shard0", "shard1"}) {
    ids.push_back(open_for_reading(path(name)).get_metadata(std::string(schema::kMetaDictNewest)));
    ASSERT_FALSE(ids.back().empty()) << name;
  }
  EXPECT_NE(ids[1], ids[2]) << "each shard trained its own";
  Searcher one(path("one"));
  Searcher local_stub({path("local.stub")}, {});
  Searcher remote_stub({path("remote.stub")}, {});
  for (const Article& a : generated_articles(300)) {
    Article local, remote;
    ASSERT_TRUE(local_stub.get_article(a.id, local)) << a.id;
    ASSERT_TRUE(remote_stub.get_article(a.id, remote)) << a.id;
    EXPECT_EQ(local.body, a.body) << a.id;
    EXPECT_EQ(remote.body, a.body) << a.id;
  }
  for (SearchRequest r : requests()) {
    r.suggest = false;
    const SearchResults want = one.search(r);
    expect_same(want, local_stub.search(r), "local stub: " + r.query);
    expect_same(want, remote_stub.search(r), "remote stub: " + r.query);
  }
}

TEST_F(ShardsTest, SpellingComesFromLocalShardsOnly) {
  SearchRequest r;
  r.query = "kakakq";
  EXPECT_EQ(Searcher(path("one")).search(r).suggestion, "kakaka");
  EXPECT_EQ(Searcher({path("local.stub")}, {}).search(r).suggestion, "kakaka");
  EXPECT_EQ(Searcher({path("remote.stub")}, {}).search(r).suggestion, "");
}

// A shard server restarted between two searches, or moved to another port by editing the
// stub: the next search connects afresh, with no error.
TEST_F(ShardsTest, ARestartedOrMovedShardServerIsReconnected) {
  Searcher searcher({path("remote.stub")}, {});
  SearchRequest r;
  r.query = "kakaka";
  const std::uint64_t total = searcher.search(r).total;
  const int port = servers_[1]->port();
  servers_[1]->kill_now();
  servers_[1] = std::make_unique<TcpServer>(path("shard1"), port);
  const SearchResults again = searcher.search(r);
  EXPECT_EQ(again.total, total);
  EXPECT_TRUE(again.missing_shards.empty());

  // Moved to a server on another port: the stub changes, then the old server stops.
  auto moved = std::make_unique<TcpServer>(path("shard1"));
  dir_.write("remote.stub", "remote 127.0.0.1:" + std::to_string(servers_[0]->port()) +
                                "\nremote 127.0.0.1:" + std::to_string(moved->port()) + "\n");
  servers_[1] = std::move(moved);
  const SearchResults after_move = searcher.search(r);
  EXPECT_EQ(after_move.total, total);
  EXPECT_TRUE(after_move.missing_shards.empty());
  EXPECT_EQ(searcher.remote_shards().back(), servers_[1]->name());
}

TEST_F(ShardsTest, ASilentShardIsNamedOrLeftOut) {
  SearcherOptions quick;
  quick.timeout = std::chrono::milliseconds(300);
  Searcher strict({path("remote.stub")}, quick);
  quick.allow_partial = true;
  Searcher partial({path("remote.stub")}, quick);
  SearchRequest r;
  r.query = "kakaka";
  r.limit = 300;
  ASSERT_TRUE(strict.search(r).missing_shards.empty());
  const std::uint64_t everywhere = partial.search(r).total;

  servers_[1]->pause();  // stops answering, mid-run
  try {
    strict.search(r);
    ADD_FAILURE() << "a silent shard gave no error";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find(servers_[1]->name()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("300 ms"), std::string::npos) << e.what();
  }
  const SearchResults some = partial.search(r);
  ASSERT_EQ(some.missing_shards, std::vector<std::string>{servers_[1]->name()});
  EXPECT_GT(some.total, 0U);
  EXPECT_LT(some.total, everywhere);
  for (const Hit& h : some.hits) {
    EXPECT_EQ(shard_of(h.article.id, kShards), 0U) << h.article.id;
  }

  servers_[1]->kill_now();                      // now down: refused at once
  Searcher late({path("remote.stub")}, quick);  // opened while it is down
  EXPECT_EQ(late.search(r).missing_shards, std::vector<std::string>{servers_[1]->name()});
  quick.allow_partial = false;
  try {
    Searcher refused({path("remote.stub")}, quick);
    ADD_FAILURE() << "a shard that is down gave no error";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find(servers_[1]->name()), std::string::npos) << e.what();
  }
  servers_[0]->kill_now();
  EXPECT_THROW(partial.search(r), IndexError);  // nothing left to answer
}

// Remote shards cannot run Folio's date KeyMaker, so they sort by the date slot: newest first
// is the same as over local ones, but oldest first lists undated articles first.
TEST(RemoteShardsSortTest, OldestFirstListsUndatedArticlesFirstNewestFirstIsTheSame) {
  TempDir dir;
  // Of different lengths, so that relevance orders the undated ones: u1 before u2.
  write_index(
      dir.path() / "shard0",
      {testing::make_article("d2020", "Kestrel watch", "A kestrel over the field.", "2020-05-01"),
       testing::make_article("u1", "Kestrel", "Kestrel kestrel.")});
  write_index(dir.path() / "shard1",
              {testing::make_article("d2019", "Kestrel count", "The kestrel count rose again.",
                                     "2019-03-01"),
               testing::make_article("u2", "Birds", "A kestrel and many other birds were seen."),
               testing::make_article("d2021", "Kestrel nest", "A kestrel nest on the tower.",
                                     "2021-01-01")});
  dir.write("local.stub", "auto shard0\nauto shard1\n");
  TcpServer s0(dir.path() / "shard0");
  TcpServer s1(dir.path() / "shard1");
  dir.write("remote.stub", s0.name() + "\n" + s1.name() + "\n");
  dir.write("program.stub", "remote :xapian-progsrv " + (dir.path() / "shard0").string() +
                                "\nremote :xapian-progsrv " + (dir.path() / "shard1").string() +
                                "\n");
  const auto ids = [&](const std::string& stub, SortOrder order) {
    SearchRequest r;
    r.query = "kestrel";
    r.sort = order;
    std::vector<std::string> out;
    for (const Hit& h : Searcher({dir.path() / stub}, {}).search(r).hits) {
      out.push_back(h.article.id);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  // Two shards served by one program are told apart by its arguments.
  EXPECT_EQ(Searcher({dir.path() / "program.stub"}, {}).remote_shards(),
            (Ids{"remote :xapian-progsrv " + (dir.path() / "shard0").string(),
                 "remote :xapian-progsrv " + (dir.path() / "shard1").string()}));
  EXPECT_EQ(ids("local.stub", SortOrder::relevance).size(), 5U);
  EXPECT_EQ(ids("local.stub", SortOrder::oldest), (Ids{"d2019", "d2020", "d2021", "u1", "u2"}));
  for (const char* remote : {"remote.stub", "program.stub"}) {
    EXPECT_EQ(ids(remote, SortOrder::oldest), (Ids{"u1", "u2", "d2019", "d2020", "d2021"}))
        << remote;
  }
  for (const char* stub : {"local.stub", "remote.stub", "program.stub"}) {
    EXPECT_EQ(ids(stub, SortOrder::newest), (Ids{"d2021", "d2020", "d2019", "u1", "u2"})) << stub;
  }
}

// The command line: several --db, a remote stub, --allow-partial and "missing_shards".
TEST_F(ShardsTest, CommandLineSearchesShardsAndSaysWhichAreMissing) {
  const auto run = [&](const std::string& args) {
    const std::string cmd = std::string(FOLIO_SEARCH_EXE) + " " + args + " 2>&1";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    for (std::size_t n = 0; (n = fread(buf, 1, sizeof buf, p)) > 0;) {
      out.append(buf, n);
    }
    const int status = pclose(p);
    return std::pair{WEXITSTATUS(status), out};
  };
  const std::string shards = "--db " + path("shard0").string() + " --db " + path("shard1").string();
  const auto [both_status, both] = run(shards + " --json kakaka");
  ASSERT_EQ(both_status, 0) << both;
  EXPECT_NE(both.find("\"missing_shards\": []"), std::string::npos) << both;
  servers_[1]->kill_now();
  const std::string remote = "--db " + path("remote.stub").string() + " --timeout 500 ";
  const auto [down_status, down] = run(remote + "kakaka");
  EXPECT_EQ(down_status, 1);
  EXPECT_NE(down.find(servers_[1]->name()), std::string::npos) << down;
  const auto [partial_status, partial] = run(remote + "--allow-partial --json kakaka");
  EXPECT_EQ(partial_status, 0) << partial;
  EXPECT_NE(partial.find("\"missing_shards\": [\n    \"" + servers_[1]->name()), std::string::npos)
      << partial;
}

// ---- folio-index --shards N ----

// The generated articles as .txt files in "in", and a JSON Lines file of a few more.
fs::path write_articles(const TempDir& dir, const std::vector<Article>& articles) {
  write_files(dir, "in", articles);
  std::string jsonl;
  for (int i = 0; i < 6; ++i) {
    jsonl += R"({"id": "j)" + std::to_string(i) + R"(", "title": "kakaka line", "text": "body )" +
             std::to_string(i) + R"( kakalo mimimi"})" + "\n";
  }
  dir.write("in/lines.jsonl", jsonl);
  return dir.path() / "in";
}

class ShardedIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    in_ = write_articles(dir_, generated_articles(300));
    run_indexing({in_}, options_for(one(), 0));
    const IndexingReport r = run_indexing({in_}, options_for(sharded(), 3));
    EXPECT_EQ(r.shards, 3U);
    EXPECT_EQ(r.total_articles, 306U);
  }
  fs::path one() const { return dir_.path() / "one"; }
  fs::path sharded() const { return dir_.path() / "sharded"; }

  // Every request gives the same answers, suggestions included (all shards are local).
  void expect_same_everywhere() {
    Searcher a(one());
    Searcher b(sharded());
    for (const SearchRequest& r : shard_requests()) {
      const SearchResults want = a.search(r);
      const SearchResults got = b.search(r);
      expect_same(want, got, "sharded index: " + r.query);
      EXPECT_EQ(got.suggestion, want.suggestion) << r.query;
    }
  }

  TempDir dir_;
  fs::path in_;
};

TEST_F(ShardedIndexTest, ShardsAreListedByAStubAndAnswerAsOneIndex) {
  const std::vector<fs::path> shards = generation_shards(*IndexDir(sharded()).current());
  ASSERT_EQ(shards.size(), 3U);
  std::size_t total = 0;
  for (const fs::path& shard : shards) {
    const Xapian::doccount n = Xapian::Database(shard.string()).get_doccount();
    EXPECT_GT(n, 50U) << shard;  // a hash spreads 306 articles
    total += n;
  }
  EXPECT_EQ(total, 306U);
  EXPECT_EQ(placement(sharded()).size(), 306U);
  EXPECT_EQ(Xapian::Database(sharded().string()).get_doccount(), 306U);  // any Xapian program
  expect_same_everywhere();
  SearchRequest r;
  r.query = "kakakq";
  EXPECT_EQ(Searcher(sharded()).search(r).suggestion, "kakaka");
}

TEST_F(ShardedIndexTest, ReRunsUpdatesAndDeletesReachTheRightShard) {
  const std::map<std::string, std::size_t> before = placement(sharded());
  dir_.write("in/news/a0.txt", "Changed title\n\n2020-01-01\n\nThe zebrafinch story.\n");
  fs::remove(in_ / "sport" / "a1.txt");
  dir_.write("in/arts/new.txt", "A new one\n\n2021-05-05\n\nAbout a quokkabird.\n");
  std::string jsonl;
  for (int i = 0; i < 5; ++i) {  // j5 gone, j2 changed
    jsonl += R"({"id": "j)" + std::to_string(i) + R"(", "title": "kakaka line", "text": "body )" +
             (i == 2 ? std::string("wombatline") : std::to_string(i)) + R"( kakalo mimimi"})" +
             "\n";
  }
  dir_.write("in/lines.jsonl", jsonl);
  for (const fs::path& db : {one(), sharded()}) {
    const IndexingReport r = run_indexing({in_}, options_for(db, 0));
    EXPECT_FALSE(r.rebuilt);
    EXPECT_EQ(r.added, 1U) << db;
    EXPECT_EQ(r.updated, 2U) << db;
    EXPECT_EQ(r.removed, 2U) << db;
    EXPECT_EQ(r.total_articles, 305U) << db;
  }
  const std::map<std::string, std::size_t> after = placement(sharded());
  EXPECT_EQ(after.size(), 305U);
  for (const auto& [id, shard] : after) {  // every article stays in the shard its id hashes to
    if (before.count(id) != 0) {
      EXPECT_EQ(shard, before.at(id)) << id;
    }
  }
  EXPECT_EQ(after.count("sport/a1.txt"), 0U);
  EXPECT_EQ(after.count("j5"), 0U);
  expect_same_everywhere();
  for (const fs::path& db : {one(), sharded()}) {
    Searcher s(db);
    for (const char* word : {"zebrafinch", "quokkabird", "wombatline"}) {
      SearchRequest r;
      r.query = word;
      EXPECT_EQ(s.search(r).hits.size(), 1U) << word << " in " << db;
    }
  }
}

TEST_F(ShardedIndexTest, ChangingTheShardCountNeedsARebuildAndCompactKeepsShards) {
  EXPECT_THROW(run_indexing({in_}, options_for(sharded(), 2)), ConfigError);
  IndexingOptions rebuild = options_for(sharded(), 2);
  rebuild.rebuild = true;
  EXPECT_EQ(run_indexing({in_}, rebuild).shards, 2U);
  EXPECT_EQ(generation_shards(*IndexDir(sharded()).current()).size(), 2U);
  rebuild.shards = 0;  // a rebuild keeps the count it finds
  EXPECT_EQ(run_indexing({in_}, rebuild).shards, 2U);
  compact_index(sharded());
  EXPECT_EQ(generation_shards(*IndexDir(sharded()).current()).size(), 2U);
  EXPECT_TRUE(fs::exists(*IndexDir(sharded()).current() / "front"));  // compaction writes it too
  EXPECT_EQ(placement(sharded()).size(), 306U);
  expect_same_everywhere();
}

// Copies (same body, other id) spread by their ids over the shards of one index are marked over
// all of them at the end of every run, so the index answers as one unsharded index does: the
// same hits and totals, the same copies hidden, locally and over xapian-tcpsrv, after a first
// build and after a re-run that removes a copy. A copy and its original score alike (same
// title, same body): the one with the smaller id stands for both, whatever the layout.
TEST(ShardedCopiesTest, CopiesInDifferentShardsCollapseAsInOneIndex) {
  TempDir dir;
  std::vector<Article> articles = generated_articles(60);
  for (int i = 0; i < 12; ++i) {  // a copy of each of the first twelve, under another id
    Article copy = articles[static_cast<std::size_t>(i)];
    copy.id = "copy" + std::to_string(i);
    articles.push_back(copy);
  }
  const fs::path in = write_articles(dir, articles);
  const fs::path one = dir.path() / "one";
  const fs::path sharded = dir.path() / "sharded";
  run_indexing({in}, options_for(one, 0));
  run_indexing({in}, options_for(sharded, 3));
  const std::map<std::string, std::size_t> where = placement(sharded);
  const auto shard_of_article = [&](const Article& a) {
    return where.at(a.category + "/" + a.id + ".txt");
  };
  std::size_t apart = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    apart += shard_of_article(articles[i]) != shard_of_article(articles[60 + i]) ? 1 : 0;
  }
  ASSERT_GE(apart, 4U);  // the hash puts most copies in another shard than their original

  // Queries made of the copied articles' own words, so that their copies match.
  std::vector<SearchRequest> requests = shard_requests();
  for (int i = 0; i < 12; ++i) {
    SearchRequest r;
    r.query = articles[static_cast<std::size_t>(i)].title;
    r.limit = 20;
    requests.push_back(r);
  }
  const auto compare = [&](const std::string& stage) {
    const std::vector<fs::path> shards = generation_shards(*IndexDir(sharded).current());
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::string stub;
    for (const fs::path& shard : shards) {
      servers.push_back(std::make_unique<TcpServer>(shard));
      stub += "remote 127.0.0.1:" + std::to_string(servers.back()->port()) + "\n";
    }
    dir.write("remote.stub", stub);
    Searcher a(one);
    Searcher local(sharded);
    Searcher remote({dir.path() / "remote.stub"}, SearcherOptions{});
    std::uint64_t hidden = 0;
    for (const SearchRequest& r : requests) {
      const SearchResults want = a.search(r);
      for (const Hit& h : want.hits) {
        hidden += h.duplicates;
      }
      expect_same(want, local.search(r), stage + ", local shards: " + r.query);
      expect_same(want, remote.search(r), stage + ", remote shards: " + r.query);
    }
    EXPECT_GT(hidden, 0U) << stage << ": no copy was collapsed, so nothing was compared";
  };
  compare("first build");
  fs::remove(in / articles[60].category / (articles[60].id + ".txt"));  // copy0 goes
  run_indexing({in}, options_for(one, 0));
  run_indexing({in}, options_for(sharded, 0));
  compare("after a re-run");
}

// Xapian 1.4's remote protocol carries no spelling or synonym table: a sharded index's runs
// write a front database (no articles; shard 0's spelling and synonyms) beside the shards, and a
// stub listing it beside the remote shards suggests and expands as one index does; without it,
// nothing is suggested. Re-runs keep it up to date.
TEST(ShardedFrontTest, RemoteShardsWithTheFrontSuggestAndExpandAsOneIndex) {
  TempDir dir;
  const fs::path in = write_articles(dir, generated_articles(120));
  dir.write("synonyms.txt", "kakaka, zorzorzor\n");
  const fs::path one = dir.path() / "one";
  const fs::path sharded = dir.path() / "sharded";
  for (const auto& [db, shards] : {std::pair{one, 0U}, std::pair{sharded, 3U}}) {
    IndexingOptions o = options_for(db, shards);
    o.synonyms = dir.path() / "synonyms.txt";
    run_indexing({in}, o);
  }
  const auto compare = [&](const std::string& stage, const std::string& new_word,
                           const std::string& fix) {
    const fs::path gen = *IndexDir(sharded).current();
    ASSERT_TRUE(fs::exists(gen / "front")) << stage;
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::string remote;
    for (const fs::path& shard : generation_shards(gen)) {
      servers.push_back(std::make_unique<TcpServer>(shard));
      remote += "remote 127.0.0.1:" + std::to_string(servers.back()->port()) + "\n";
    }
    dir.write("remote.stub", remote);
    dir.write("front.stub", "auto " + (gen / "front").string() + "\n" + remote);
    Searcher a(one);
    Searcher bare({dir.path() / "remote.stub"}, SearcherOptions{});
    Searcher fronted({dir.path() / "front.stub"}, SearcherOptions{});
    std::vector<SearchRequest> requests = shard_requests();
    for (const std::string& q : {std::string("kakakq"), std::string("zorzorzor"),
                                 std::string("kakaka mimimi"), new_word}) {
      SearchRequest r;
      r.query = q;
      r.limit = 20;
      requests.push_back(r);
    }
    for (const SearchRequest& r : requests) {
      const SearchResults want = a.search(r);
      const SearchResults got = fronted.search(r);
      expect_same(want, got, stage + ", remote shards and the front: " + r.query);
      EXPECT_EQ(got.suggestion, want.suggestion) << stage << ": " << r.query;
    }
    SearchRequest typo;
    typo.query = new_word;
    EXPECT_EQ(a.search(typo).suggestion, fix) << stage;
    EXPECT_EQ(fronted.search(typo).suggestion, fix) << stage;
    EXPECT_EQ(bare.search(typo).suggestion, "") << stage << ": without the front, no spelling";
    SearchRequest synonym;
    synonym.query = "zorzorzor";
    EXPECT_GT(fronted.search(synonym).total, bare.search(synonym).total) << stage;
  };
  compare("first build", "kakakq", "kakaka");
  dir.write("in/news/late.txt", "Late story\n\n2021-01-01\n\nA quixotic zebrafish appears.\n");
  for (const fs::path& db : {one, sharded}) {
    IndexingOptions o = options_for(db, 0);
    run_indexing({in}, o);
  }
  compare("after a re-run", "quixotik", "quixotic");  // a word only the new file has
}

}  // namespace
}  // namespace folio
