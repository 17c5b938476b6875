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
#include "store/database.h"
#include "store/schema.h"
#include "store/stored_text.h"
#include "tcp_server.h"

namespace folio {
namespace {

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

// Few hundred articles of made-up words with a skewed vocabulary, so that terms have
// different document frequencies, dates over three years and four categories.
std::vector<Article> generated_articles(std::size_t n) {
  std::mt19937 rng(20261128);
  std::vector<std::string> vocabulary;
  const std::vector<std::string> syllables = {"ka", "lo", "mi", "ren", "tu", "vas", "zor", "pel"};
  for (const auto& a : syllables) {
    for (const auto& b : syllables) {
      for (const auto& c : syllables) {
        vocabulary.push_back(a + b + c);
      }
    }
  }
  std::geometric_distribution<std::size_t> skewed(0.02);
  const auto word = [&] { return vocabulary[skewed(rng) % vocabulary.size()]; };
  const std::vector<std::string> categories = {"news", "sport", "arts", "money"};
  std::vector<Article> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string title = word() + " " + word() + " " + word();
    std::string body;
    const std::size_t words = 30 + rng() % 120;
    for (std::size_t w = 0; w < words; ++w) {
      body += word() + (w % 12 == 11 ? ". " : " ");
    }
    char date[16];
    std::snprintf(date, sizeof date, "%04u-%02u-%02u", 2019 + static_cast<unsigned>(i % 3),
                  1 + static_cast<unsigned>(rng() % 12), 1 + static_cast<unsigned>(rng() % 28));
    out.push_back(testing::make_article("a" + std::to_string(i), title, body, date, "",
                                        categories[i % categories.size()]));
  }
  return out;
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

  // Queries of one to three words, a phrase, a filter, an exclusion, a date sort.
 public:
  static std::vector<SearchRequest> requests() {
    std::vector<SearchRequest> out;
    const std::vector<std::string> texts = {"kakaka",
                                            "kalolo mimimi",
                                            "renrentu",
                                            "vasvasvas kakalo",
                                            "zorzorzor",
                                            "pelpelpel kaka",
                                            "\"kakaka kakalo\"",
                                            "tututu -kakaka",
                                            "lololo OR kaka",
                                            "kakami renka tu",
                                            "title:kakaka",
                                            "mikaka date:2020",
                                            "kakalo kakami",
                                            "lokaka",
                                            "kapelka",
                                            "category:sport kakaka",
                                            "kakaka kakalo kakami",
                                            "kakaren",
                                            "vaskaka",
                                            "zorpel kakaka",
                                            "kakatu",
                                            "kakavas mi",
                                            "pelka",
                                            "tukaka lomi",
                                            "renpel",
                                            "kakazor",
                                            "lotutu",
                                            "mizor",
                                            "kakapel kakaka",
                                            "vaslo"};
    for (const std::string& t : texts) {
      SearchRequest r;
      r.query = t;
      r.limit = 20;
      out.push_back(r);
    }
    SearchRequest newest;
    newest.query = "kakaka kakalo";
    newest.sort = SortOrder::newest;
    out.push_back(newest);
    return out;
  }

 protected:
  TempDir dir_;
  std::vector<std::unique_ptr<TcpServer>> servers_;
};

// A facet's values and counts in order, "2019 (40), 2020 (38)", to compare and to show.
std::string facet_text(const std::vector<FacetCount>& counts) {
  std::string out;
  for (const FacetCount& c : counts) {
    out += (out.empty() ? "" : ", ") + c.value + " (" + std::to_string(c.count) + ")";
  }
  return out;
}

// Same ranked ids, scores within rounding, snippets, totals and facets (values and counts of
// categories, years, months and languages). Hits of equal score may come in either order
// (their order follows internal document numbers), and so may cross the end of the page.
void expect_same(const SearchResults& want, const SearchResults& got, const std::string& where) {
  EXPECT_EQ(got.total, want.total) << where;
  ASSERT_EQ(got.hits.size(), want.hits.size()) << where;
  for (std::size_t i = 0; i < want.hits.size(); ++i) {
    const Hit& w = want.hits[i];
    EXPECT_NEAR(got.hits[i].score, w.score, 1e-9 * std::max(1.0, w.score)) << where << " #" << i;
    bool found = false;
    for (const Hit& g : got.hits) {  // the same article, at a rank of equal score
      if (g.article.id == w.article.id) {
        found = std::abs(g.score - w.score) <= 1e-9 * std::max(1.0, w.score);
        EXPECT_EQ(g.snippets, w.snippets) << where << ' ' << w.article.id;
      }
    }
    // Hits tied with the page's last one may be swapped with tied hits beyond the page.
    const bool boundary_tie =
        std::abs(w.score - want.hits.back().score) <= 1e-9 * std::max(1.0, w.score);
    EXPECT_TRUE(found || boundary_tie)
        << where << ": " << w.article.id << " missing or scored otherwise";
  }
  EXPECT_EQ(facet_text(got.facets.categories), facet_text(want.facets.categories)) << where;
  EXPECT_EQ(facet_text(got.facets.years), facet_text(want.facets.years)) << where;
  EXPECT_EQ(facet_text(got.facets.months), facet_text(want.facets.months)) << where;
  EXPECT_EQ(facet_text(got.facets.languages), facet_text(want.facets.languages)) << where;
  for (const Hit& w : want.hits) {  // copies collapsed alike: the same number hidden
    for (const Hit& g : got.hits) {
      if (g.article.id == w.article.id) {
        EXPECT_EQ(g.duplicates, w.duplicates) << where << ' ' << w.article.id;
      }
    }
  }
  EXPECT_TRUE(got.missing_shards.empty()) << where;
}

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

// The articles as .txt files (title, date, body) in `folder` of `dir`, one folder a category:
// their ids are "CATEGORY/ID.txt".
void write_files(const TempDir& dir, const std::string& folder,
                 const std::vector<Article>& articles) {
  for (const Article& a : articles) {
    dir.write(folder + "/" + a.category + "/" + a.id + ".txt",
              a.title + "\n\n" + a.date + "\n\n" + a.body + "\n");
  }
}

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

IndexingOptions options_for(const fs::path& db, unsigned shards) {
  IndexingOptions o;
  o.db = db;
  o.shards = shards;
  o.threads = 2;
  o.batch_articles = 50;  // several commits a run
  return o;
}

// Article id -> the shard (index in the generation's stub) that holds it; fails on an id that
// is in two shards.
std::map<std::string, std::size_t> placement(const fs::path& db) {
  const std::vector<fs::path> shards = generation_shards(*IndexDir(db).current());
  std::map<std::string, std::size_t> out;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const Xapian::Database x(shards[k].string());
    for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
      const std::string id = x.get_document(*it).get_value(schema::kSlotId);
      EXPECT_TRUE(out.emplace(id, k).second) << id << " is in two shards";
    }
  }
  return out;
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
    for (const SearchRequest& r : ShardsTest::requests()) {
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
  std::vector<SearchRequest> requests = ShardsTest::requests();
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
    std::vector<SearchRequest> requests = ShardsTest::requests();
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

// ---- Every way of sharding against one index ----

// A file's article id: "CATEGORY/ID.txt" (write_files()).
std::string file_id(const Article& a) { return a.category + "/" + a.id + ".txt"; }

// Whether two articles go to different shards both of a 2-shard and of a 3-shard index (Folio's
// own hash of their id terms).
bool apart(const Article& x, const Article& y) {
  for (const unsigned n : {2U, 3U}) {
    const std::string tx = schema::id_term(file_id(x));
    const std::string ty = schema::id_term(file_id(y));
    if (folio::shard_of(tx, n) == folio::shard_of(ty, n)) {  // (not the FNV-1a one above)
      return false;
    }
  }
  return true;
}

// One corpus (two input folders, "a" and "b": made-up words, four categories, three years,
// copies, English, German and French JSONL lines, a synonyms file) indexed every way Folio can
// split it, each compared with one index of it on a table of requests (plain words, a phrase,
// misspellings, synonyms, a category, a language, a date range, browsing, date order): the same
// hits (scores; ids in score order, equal scores as sets), total, copies collapsed (how many, and
// the one shown), facets (categories, years, months, languages), suggestion, synonym expansion
// (highlighting) and article count. The ways:
// - `--shards 2` and `--shards 3` (local);
// - "a" and "b" indexed apart, searched as two local shards;
// - the shards of the 2- and 3-shard index served by xapian-tcpsrv, behind their front.
// Each copy is in the same input folder as its original, but in other shards of both sharded
// indexes: indexes built apart know nothing of each other's copies (docs/shards.md), which
// SeparateIndexesTest shows.
class ShardEquivalenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<Article> generated = generated_articles(90);
    for (std::size_t i = 0; i < generated.size(); ++i) {  // both folders get every category
      (i % 3 == 0 ? b_ : a_).push_back(generated[i]);
    }
    // Copies in category "syndicated": two of a_[0] (a group of three), one each of a_[1],
    // a_[2] and b_[0]; ids chosen so that each lies in another shard than its original.
    for (const auto& [part, k, copies] : {std::tuple{&a_, 0, 2}, std::tuple{&a_, 1, 1},
                                          std::tuple{&a_, 2, 1}, std::tuple{&b_, 0, 1}}) {
      const Article source = (*part)[static_cast<std::size_t>(k)];
      for (int c = 0, n = 0; c < copies; ++n) {
        Article copy = source;
        copy.category = "syndicated";
        copy.id = "copy-" + source.id + "-" + std::to_string(n);
        if (apart(source, copy)) {
          part->push_back(copy);
          ++c;
        }
      }
    }
    write_files(dir_, "a", a_);
    write_files(dir_, "b", b_);
    dir_.write("a/arts/wombat.txt",
               "Wombat days\n\n2021-02-02\n\nA wombat dug under the fence by the kakalo road.\n");
    dir_.write("a/world/lines.jsonl", lines(true));
    dir_.write("synonyms.txt", "kakaka, zorzorzor\nwombat, marsupial\n");
    for (const auto& [name, shards] :
         {std::pair{"one", 0U}, std::pair{"two", 2U}, std::pair{"three", 3U}, std::pair{"a", 0U},
          std::pair{"b", 0U}}) {
      IndexingOptions o = options_for(db(name), shards);
      o.synonyms = dir_.path() / "synonyms.txt";
      run_indexing(inputs(name), o);
    }
    for (const char* name : {"two", "three"}) {
      const std::map<std::string, std::size_t> where = placement(db(name));
      ASSERT_EQ(where.size(), 90U + 5U + 1U + 4U) << name;
      for (const auto& part : {a_, b_}) {
        for (const Article& copy : part) {
          if (copy.category == "syndicated") {
            const std::string original =
                copy.id.substr(5, copy.id.rfind('-') - 5);  // "copy-a7-1": a7
            const auto o = std::find_if(generated.begin(), generated.end(),
                                        [&](const Article& g) { return g.id == original; });
            EXPECT_NE(where.at(file_id(copy)), where.at(file_id(*o))) << name << ' ' << copy.id;
          }
        }
      }
    }
  }

  fs::path db(const std::string& name) const { return dir_.path() / ("db-" + name); }

  // The input folders of each index: "a" and "b" indexed apart, the others both.
  std::vector<fs::path> inputs(const std::string& name) const {
    if (name == "a" || name == "b") {
      return {dir_.path() / name};
    }
    return {dir_.path() / "a", dir_.path() / "b"};
  }

  // Declared languages, dates, and the made-up words of the others. After a re-run (`first`
  // false): de2 changed, fr2 gone.
  static std::string lines(bool first) {
    std::string out =
        R"({"id": "de1", "language": "de", "date": "2020-03-04", "title": "Häuser am See", )"
        R"("text": "Die alten Häuser am See werden kakaka verkauft. Der Hafen ist leer."})"
        "\n"
        R"({"id": "fr1", "language": "fr", "date": "2021-07-14", "title": "Les maisons", )"
        R"("text": "Les maisons du village sont anciennes. Le port kakaka est calme."})"
        "\n";
    out += first ? R"({"id": "de2", "language": "de", "date": "2019-11-30", "title": "Das )"
                   R"(Haus", "text": "Ein Haus mit einem Garten und kakalo Bäumen."})"
                   "\n"
                   R"({"id": "fr2", "language": "fr", "date": "2020-01-02", "title": "La )"
                   R"(maison", "text": "Une maison avec un jardin et des arbres."})"
                   "\n"
                 : R"({"id": "de2", "language": "de", "date": "2019-11-30", "title": "Das )"
                   R"(Haus", "text": "Ein Haus am Hafen, ohne Garten."})"
                   "\n";
    return out;
  }

  // The requests, with `more`; 20 hits a page.
  static std::vector<SearchRequest> requests(const std::vector<std::string>& more) {
    std::vector<SearchRequest> out = ShardsTest::requests();
    const auto request = [](std::string query, std::string category = "",
                            std::vector<std::string> languages = {}, std::string from = "",
                            std::string to = "", SortOrder sort = SortOrder::relevance) {
      SearchRequest r;
      r.query = std::move(query);
      r.category = std::move(category);
      r.languages = std::move(languages);
      r.date_from = std::move(from);
      r.date_to = std::move(to);
      r.sort = sort;
      return r;
    };
    const std::vector<SearchRequest> table = {
        request("kakakq"),                       // misspelt
        request("wombet"),                       // misspelt, of a real word
        request("zorzorzor"),                    // a synonym of kakaka
        request("marsupial"),                    // a synonym that no article has
        request("\"kakaka kakalo\" zorzorzor"),  // a phrase and a synonym
        request("kakaka", "sport"),
        request("kakaka", "syndicated"),
        request("kakaka", "", {}, "2020", "2020-06"),
        request("haus"),
        request("maison", "", {"fr"}),
        request("hafen kakaka", "", {"de", "en"}),
        request("", "syndicated"),    // browsing a category
        request("", "", {}, "2019"),  // browsing dates: every language
        request("kakaka", "", {}, "", "", SortOrder::newest),
    };
    out.insert(out.end(), table.begin(), table.end());
    for (const std::string& q : more) {
      out.push_back(request(q));
    }
    for (SearchRequest& r : out) {
      r.limit = 20;
    }
    return out;
  }

  static std::string describe(const SearchRequest& r) {
    std::string out = "'" + r.query + "'";
    for (const std::string& l : r.languages) {
      out += " lang " + l;
    }
    out += r.category.empty() ? "" : " in " + r.category;
    out += r.date_from.empty() && r.date_to.empty() ? "" : " " + r.date_from + ".." + r.date_to;
    return out + (r.sort == SortOrder::newest ? " newest first" : "");
  }

  // The results with every score 0: to compare all but the scores (expect_same()).

  // Every way compared with one index on requests(more), at `stage`; returns what one index
  // answered, for the caller to check that the corpus exercises what is compared.
  //
  std::vector<SearchResults> expect_equivalent(const std::string& stage,
                                               const std::vector<std::string>& more) {
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::vector<std::pair<std::string, Searcher>> ways;
    ways.emplace_back("2 shards", Searcher(db("two")));
    ways.emplace_back("3 shards", Searcher(db("three")));
    ways.emplace_back("indexes built apart", Searcher({db("a"), db("b")}, SearcherOptions{}));
    for (const char* name : {"two", "three"}) {
      const fs::path gen = *IndexDir(db(name)).current();
      std::string stub = "auto " + (gen / "front").string() + "\n";
      for (const fs::path& shard : generation_shards(gen)) {
        servers.push_back(std::make_unique<TcpServer>(shard));
        stub += servers.back()->name() + "\n";
      }
      ways.emplace_back(std::string("remote ") + name + " shards and front",
                        Searcher({dir_.write(std::string(name) + ".stub", stub)}, {}));
    }
    Searcher one(db("one"));
    const std::uint64_t count = one.article_count();
    const std::string text = "A wombat, a marsupial; kakaka and zorzorzor.";
    std::vector<SearchResults> answers;
    for (const SearchRequest& r : requests(more)) {
      answers.push_back(one.search(r));
      const SearchResults& want = answers.back();
      for (auto& [name, searcher] : ways) {
        const std::string where = stage + ", " + name + ": " + describe(r);
        const SearchResults got = searcher.search(r);
        expect_same(want, got, where);
        EXPECT_EQ(got.suggestion, want.suggestion) << where;
      }
    }
    for (auto& [name, searcher] : ways) {
      EXPECT_EQ(searcher.article_count(), count) << stage << ", " << name;
      for (const char* q : {"marsupial", "zorzorzor", "wombat kakaka"}) {  // synonyms expanded
        EXPECT_EQ(snippet_to_html(searcher.highlight(text, q)),
                  snippet_to_html(one.highlight(text, q)))
            << stage << ", " << name << ": " << q;
      }
    }
    return answers;
  }

  // One index's answer to the (first) request for `query`.
  static const SearchResults& answer(const std::vector<SearchResults>& answers,
                                     const std::string& query) {
    const auto it = std::find_if(answers.begin(), answers.end(),
                                 [&](const SearchResults& res) { return res.query == query; });
    assert(it != answers.end());
    return *it;
  }

  // The hit with one of these ids, or null.
  static const Hit* hit_of(const SearchResults& res, const std::vector<std::string>& ids) {
    for (const Hit& h : res.hits) {
      if (std::find(ids.begin(), ids.end(), h.article.id) != ids.end()) {
        return &h;
      }
    }
    return nullptr;
  }

  TempDir dir_;
  std::vector<Article> a_;
  std::vector<Article> b_;
};

TEST_F(ShardEquivalenceTest, EveryWayAnswersAsOneIndexAfterTheFirstBuild) {
  const std::vector<std::string> titles = {a_[0].title, a_[1].title, b_[0].title};
  const std::vector<SearchResults> one = expect_equivalent("first build", titles);
  // What was compared is there to compare: collapsed copies (a group of three), suggestions,
  // synonyms, three languages.
  std::uint64_t hidden = 0;
  std::size_t languages = 0;
  std::set<std::string> suggestions;
  for (const SearchResults& res : one) {
    for (const Hit& h : res.hits) {
      hidden += h.duplicates;
    }
    languages = std::max(languages, res.facets.languages.size());
    suggestions.insert(res.suggestion);
  }
  EXPECT_GT(hidden, 10U);
  EXPECT_EQ(languages, 3U);
  EXPECT_EQ(suggestions.count("kakaka"), 1U);
  EXPECT_EQ(suggestions.count("wombat"), 1U);
  // a_[0] and its two copies: the original, of the smallest id, stands for them.
  const Hit* h = hit_of(answer(one, a_[0].title), {file_id(a_[0])});
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->duplicates, 2U);
  EXPECT_EQ(answer(one, "marsupial").total, 1U);  // wombat's article, by its synonym
}

// The same after a re-run in place that adds, changes and deletes files and JSONL lines, makes a
// new copy across shards (a file changed to another's title, date and body), and undoes two
// (a copy deleted; a copy of a group of three changed).
TEST_F(ShardEquivalenceTest, EveryWayAnswersAsOneIndexAfterAReRun) {
  const auto file = [](const std::string& part, const Article& x) {
    return part + "/" + file_id(x);
  };
  const Article source = a_[10];  // not copied yet
  const auto target = std::find_if(a_.begin() + 11, a_.end(), [&](const Article& x) {
    return x.category != "syndicated" && apart(source, x);
  });
  ASSERT_NE(target, a_.end());
  dir_.write(file("a", *target), source.title + "\n\n" + source.date + "\n\n" + source.body + "\n");
  const Article copy_of_a1 = *std::find_if(a_.begin(), a_.end(), [&](const Article& x) {
    return x.category == "syndicated" && x.title == a_[1].title;
  });
  fs::remove(dir_.path() / file("a", copy_of_a1));
  const Article copy_of_a0 = *std::find_if(a_.begin(), a_.end(), [&](const Article& x) {
    return x.category == "syndicated" && x.title == a_[0].title;
  });
  dir_.write(file("a", copy_of_a0), copy_of_a0.title + "\n\n2021-01-01\n\nNo longer a copy.\n");
  dir_.write(file("b", b_[5]), "Changed title\n\n2020-01-01\n\nThe zebrafinch story.\n");
  fs::remove(dir_.path() / file("b", b_[6]));
  dir_.write("b/news/late.txt", "Late story\n\n2021-01-01\n\nA quixotic zebrafish appears.\n");
  dir_.write("a/world/lines.jsonl", lines(false));
  for (const char* name : {"one", "two", "three", "a", "b"}) {
    const IndexingReport r = run_indexing(inputs(name), options_for(db(name), 0));
    EXPECT_FALSE(r.rebuilt) << name;
  }
  const std::vector<SearchResults> one = expect_equivalent(
      "after a re-run",
      {a_[0].title, a_[1].title, source.title, "zebrafinch", "quixotik", "haus garten"});
  const Hit* was_three = hit_of(answer(one, a_[0].title), {file_id(a_[0])});
  const Hit* was_two = hit_of(answer(one, a_[1].title), {file_id(a_[1])});
  const Hit* now_two = hit_of(answer(one, source.title), {file_id(source), file_id(*target)});
  ASSERT_TRUE(was_three != nullptr && was_two != nullptr && now_two != nullptr);
  EXPECT_EQ(was_three->duplicates, 1U);
  EXPECT_EQ(was_two->duplicates, 0U);
  EXPECT_EQ(now_two->duplicates, 1U);
  EXPECT_EQ(answer(one, "zebrafinch").hits.size(), 1U);       // the changed file
  EXPECT_EQ(answer(one, "quixotik").suggestion, "quixotic");  // a word only the new file has
}

// Indexes built apart mark the copies each holds, and no others: searched together, a copy in
// one of an article in the other is a hit of its own, where one index shows it once. (This is
// why ShardEquivalenceTest keeps each copy in its original's folder.)
TEST(SeparateIndexesTest, CopiesInIndexesBuiltApartAreNotCollapsed) {
  TempDir dir;
  const Article a =
      testing::make_filed("x1", "Kestrel", "A kestrel over the field.", "2020-05-01", "news");
  Article copy = a;
  copy.id = "x2";
  write_files(dir, "a", {a});
  write_files(dir, "b", {copy});
  run_indexing({dir.path() / "a", dir.path() / "b"}, options_for(dir.path() / "one", 0));
  run_indexing({dir.path() / "a"}, options_for(dir.path() / "db-a", 0));
  run_indexing({dir.path() / "b"}, options_for(dir.path() / "db-b", 0));
  SearchRequest r;
  r.query = "kestrel";
  const SearchResults one = Searcher(dir.path() / "one").search(r);
  ASSERT_EQ(one.hits.size(), 1U);
  EXPECT_EQ(one.hits[0].duplicates, 1U);
  EXPECT_EQ(one.total, 1U);
  const SearchResults apart =
      Searcher({dir.path() / "db-a", dir.path() / "db-b"}, SearcherOptions{}).search(r);
  EXPECT_EQ(apart.hits.size(), 2U);
  EXPECT_EQ(apart.total, 2U);
  for (const Hit& h : apart.hits) {
    EXPECT_EQ(h.duplicates, 0U) << h.article.id;
  }
}

}  // namespace
}  // namespace folio
