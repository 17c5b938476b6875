// A match split over threads (SearcherOptions::match_threads) against the same match in one
// thread: the same hits, scores, copies, facets and exact totals, on one index, on a sharded
// one, and after the index changed under the Searcher.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/indexing.h"
#include "folio/searcher.h"

#include "../unit/articles.h"
#include "../unit/temp_dir.h"
#include "shard_answers.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"

namespace folio {
namespace {

using namespace shard_answers;  // NOLINT(google-build-using-namespace): the shard tests' helpers
using testing::TempDir;

constexpr const char* kCopied = "quokka";  // the word only the copied article has

// 300 generated articles, and one article with six copies (identical bodies) in folders that
// sort first, in the middle and last, so that the copies are spread over the document numbers.
class SplitMatchTest : public ::testing::Test {
 public:
  // The requests of the shard tests, with facets (every match looked at: exact totals) and
  // without, on the first page and on a later one, and the copied article's word.
  static std::vector<SearchRequest> requests() {
    std::vector<SearchRequest> out;
    std::vector<SearchRequest> base = shard_requests();
    SearchRequest copied;
    copied.query = kCopied;
    base.push_back(copied);
    // BM25 (with Folio's bounds), a DFR scheme, and BM25 with other parameters: each part weighs
    // with the request's scheme.
    const std::vector<SearchRequest> plain(base.begin(), base.begin() + 2);
    for (const char* w : {"bm25", "pl2:2", "bm25:0.9,0.4"}) {
      for (SearchRequest weighted : plain) {
        weighted.weighting = Weighting::parse(w);
        base.push_back(weighted);
      }
    }
    for (const SearchRequest& r : base) {
      for (const bool facets : {true, false}) {
        for (const std::size_t offset : {0U, 5U}) {
          SearchRequest v = r;
          v.facets = facets;
          v.offset = offset;
          v.limit = offset == 0 ? r.limit : 7;
          out.push_back(v);
        }
      }
    }
    return out;
  }

  static Searcher open(const fs::path& db, unsigned threads) {
    SearcherOptions o;
    o.match_threads = threads;
    return Searcher({db}, o);
  }

 protected:
  void SetUp() override {
    std::vector<Article> articles = generated_articles(300);
    const std::string body = std::string("The ") + kCopied + " of the island kakaka kakalo.";
    articles.push_back(
        testing::make_article("original", "Island news", body, "2020-05-05", "", "island"));
    for (const char* category : {"aaa", "aab", "moo", "mop", "zzy", "zzz"}) {
      articles.push_back(testing::make_article(std::string("copy-") + category, "Island news", body,
                                               "2020-05-06", "", category));
    }
    write_files(dir_, "in", articles);
    for (const auto& [name, shards] : {std::pair{"one", 0U}, std::pair{"three", 3U}}) {
      IndexingOptions o = options_for(db(name), shards);
      o.threads = 1;  // document numbers in the order of the files: the copies spread out
      run_indexing({dir_.path() / "in"}, o);
    }
  }

  fs::path db(const std::string& name) const { return dir_.path() / ("db-" + name); }

  TempDir dir_;
};

std::string describe(const SearchRequest& r, unsigned threads) {
  return "'" + r.query + "' offset " + std::to_string(r.offset) + (r.facets ? " with facets" : "") +
         " weighted " + r.weighting.to_string() + ", " + std::to_string(threads) + " threads";
}

// The same answers as one thread. Without facets the totals are estimates, which a split
// match makes differently: only that they cover the page is required of them.
void expect_split_like_one(Searcher& one, Searcher& split, unsigned threads) {
  for (const SearchRequest& r : SplitMatchTest::requests()) {
    const SearchResults want = one.search(r);
    SearchResults got = split.search(r);
    const std::string where = describe(r, threads);
    EXPECT_EQ(want.match_parts, 1U) << where;
    EXPECT_EQ(got.match_parts, r.sort == SortOrder::relevance ? threads : 1U) << where;
    if (!r.facets) {
      if (!got.hits.empty()) {
        EXPECT_GE(got.total, r.offset + got.hits.size()) << where;
      }
      got.total = want.total;  // (estimates: not compared)
    }
    expect_same(want, got, where);
  }
}

TEST_F(SplitMatchTest, CopiesAreSpreadOverTheParts) {
  // What the comparisons below rely on: whether the index is cut in two or in three, some of
  // the copies are in different parts (their folders sort first, in the middle and last).
  const Xapian::Database x = open_for_reading(db("one"));
  const Xapian::docid last = x.get_lastdocid();
  std::map<Xapian::docid, int> halves;
  std::map<Xapian::docid, int> thirds;
  for (auto it = x.postlist_begin(kCopied); it != x.postlist_end(kCopied); ++it) {
    ++halves[(*it - 1) * 2 / last];
    ++thirds[(*it - 1) * 3 / last];
  }
  EXPECT_EQ(halves.size(), 2U);
  EXPECT_EQ(thirds.size(), 3U);
}

// The index at `db` split in 2 and in 3 answers as it does in one thread.
void expect_splits_like_one_thread(const fs::path& db) {
  Searcher one = SplitMatchTest::open(db, 1);
  for (const unsigned threads : {2U, 3U}) {
    Searcher split = SplitMatchTest::open(db, threads);
    expect_split_like_one(one, split, threads);
  }
}

TEST_F(SplitMatchTest, TwoAndThreePartsAnswerAsOneThread) {
  expect_splits_like_one_thread(db("one"));
}

TEST_F(SplitMatchTest, CopiesInDifferentPartsCollapseIntoOneHit) {
  Searcher one = open(db("one"), 1);
  Searcher split = open(db("one"), 3);
  SearchRequest r;
  r.query = kCopied;
  const SearchResults want = one.search(r);
  const SearchResults got = split.search(r);
  ASSERT_EQ(want.hits.size(), 1U);
  EXPECT_EQ(want.total, 1U);
  EXPECT_EQ(want.hits[0].duplicates, 6U);
  ASSERT_EQ(got.hits.size(), 1U);
  EXPECT_EQ(got.total, 1U);
  EXPECT_EQ(got.hits[0].duplicates, 6U);
  EXPECT_EQ(got.hits[0].article.id, want.hits[0].article.id);
}

TEST_F(SplitMatchTest, AShardedIndexSplitsAsItMatchesInOneThread) {
  expect_splits_like_one_thread(db("three"));
}

TEST_F(SplitMatchTest, FollowsTheIndexWhenItChanges) {
  Searcher split = open(db("one"), 2);
  SearchRequest r;
  r.query = "kakaka kakalo";
  const std::uint64_t before = split.search(r).total;
  // More articles with the words, added in place while the Searcher is open.
  std::vector<Article> more;
  for (int i = 0; i < 40; ++i) {
    more.push_back(testing::make_article("more" + std::to_string(i), "kakaka later",
                                         "kakalo kakaka news number " + std::to_string(i),
                                         "2022-01-01", "", "later"));
  }
  write_files(dir_, "in", more);
  run_indexing({dir_.path() / "in"}, options_for(db("one"), 0));
  Searcher fresh = open(db("one"), 1);
  const SearchResults want = fresh.search(r);
  const SearchResults got = split.search(r);
  EXPECT_EQ(want.total, before + 40);
  EXPECT_EQ(got.match_parts, 2U);
  expect_same(want, got, "after the update");
}

TEST_F(SplitMatchTest, SmallIndexesAndOtherOrdersAreNotSplit) {
  Searcher automatic = open(db("one"), 0);  // 307 articles: under the size worth splitting
  SearchRequest r;
  r.query = "kakaka";
  EXPECT_EQ(automatic.search(r).match_parts, 1U);
  Searcher split = open(db("one"), 2);
  EXPECT_EQ(split.search(r).match_parts, 2U);
  r.sort = SortOrder::newest;
  EXPECT_EQ(split.search(r).match_parts, 1U);
  r.sort = SortOrder::relevance;
  r.feedback = true;
  EXPECT_EQ(split.search(r).match_parts, 1U);
}

}  // namespace
}  // namespace folio
