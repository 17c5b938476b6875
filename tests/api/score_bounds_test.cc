// The score bounds that a build and `folio-index compact` keep (store/term_bounds.h) change no
// answer: the same hits, scores, totals, copies and facets as a copy of the index without them,
// in one thread and split. A re-run that only removes articles keeps them; one that adds or
// changes an article makes them stale, and they are not read.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/indexing.h"
#include "folio/searcher.h"

#include "../unit/temp_dir.h"
#include "shard_answers.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/term_bounds.h"

namespace folio {
namespace {

using namespace shard_answers;  // NOLINT(google-build-using-namespace): the shard tests' helpers
using testing::TempDir;

// Enough articles for the most frequent made-up words to be in kBoundsFrom of them.
constexpr std::size_t kArticles = 1400;

std::vector<SearchResults> answers(const fs::path& db, unsigned threads) {
  SearcherOptions o;
  o.match_threads = threads;
  Searcher searcher({db}, o);
  std::vector<SearchResults> out;
  for (SearchRequest r : shard_requests()) {
    for (const bool facets : {true, false}) {
      r.facets = facets;
      out.push_back(searcher.search(r));
    }
  }
  return out;
}

// The same answers; `split`: the second matched in parts, whose totals without facets (every
// other answer) are estimates made otherwise, so those are not compared.
void expect_same_answers(const std::vector<SearchResults>& want, std::vector<SearchResults> got,
                         const std::string& when, bool split = false) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (split && i % 2 == 1) {
      got[i].total = want[i].total;  // (estimates: not compared)
    }
    expect_same(want[i], got[i], when + ": '" + want[i].query + "' #" + std::to_string(i));
  }
}

// A copy of the index in `db` at `copy` whose bounds are dropped (their stamp emptied).
void copy_without_bounds(const fs::path& db, const fs::path& copy) {
  fs::copy(db, copy, fs::copy_options::recursive);
  Xapian::WritableDatabase w(IndexDir(copy).current()->string(), Xapian::DB_OPEN);
  w.set_metadata("folio.bounds", "");
  w.commit();
  ASSERT_FALSE(TermBounds(open_for_reading(copy)).valid());
}

TEST(ScoreBoundsTest, BuildsAndCompactionsKeepThemAndNoAnswerChanges) {
  TempDir dir;
  write_files(dir, "in", generated_articles(kArticles));
  const fs::path db = dir.path() / "db";
  run_indexing({dir.path() / "in"}, options_for(db, 0));
  {
    const Xapian::Database built = open_for_reading(db);
    const TermBounds bounds(built);
    ASSERT_TRUE(bounds.valid());
    EXPECT_TRUE(bounds.frontier(built, "kakaka").has_value());
  }
  copy_without_bounds(db, dir.path() / "without");
  const std::vector<SearchResults> without = answers(dir.path() / "without", 1);
  expect_same_answers(without, answers(db, 1), "built, one thread");
  expect_same_answers(without, answers(db, 2), "built, split in two", true);

  const CompactReport report = compact_index(db);
  EXPECT_GT(report.bounded_terms, 0U);
  ASSERT_TRUE(TermBounds(open_for_reading(db)).valid());
  expect_same_answers(without, answers(db, 1), "compacted, one thread");

  // A re-run that finds nothing new, and one that only removes an article, keep them: every
  // frontier still bounds what is left.
  run_indexing({dir.path() / "in"}, options_for(db, 0));
  EXPECT_TRUE(TermBounds(open_for_reading(db)).valid()) << "after a re-run that changed nothing";
  ASSERT_TRUE(fs::remove(dir.path() / "in" / "news" / "a0.txt"));
  const IndexingReport removal = run_indexing({dir.path() / "in"}, options_for(db, 0));
  EXPECT_EQ(removal.removed, 1U);
  EXPECT_TRUE(TermBounds(open_for_reading(db)).valid()) << "after a re-run that removed one";

  // An article added in place: the bounds no longer hold, and answers are as without them.
  std::vector<Article> more = {testing::make_article(
      "loud", "kakaka kakaka", "kakaka kakaka kakaka kakaka kakaka kakaka kakaka kakaka kakaka",
      "2021-01-01", "", "news")};
  write_files(dir, "in", more);
  run_indexing({dir.path() / "in"}, options_for(db, 0));
  EXPECT_FALSE(TermBounds(open_for_reading(db)).valid());
  SearchRequest r;
  r.query = "kakaka";
  SearcherOptions o;
  o.match_threads = 1;
  const SearchResults top = Searcher({db}, o).search(r);
  ASSERT_FALSE(top.hits.empty());
  EXPECT_EQ(top.hits.front().article.id, "news/loud.txt");
}

TEST(ScoreBoundsTest, AShardedIndexKeepsNone) {
  TempDir dir;
  write_files(dir, "in", generated_articles(kArticles));
  const fs::path db = dir.path() / "db";
  run_indexing({dir.path() / "in"}, options_for(db, 2));
  EXPECT_FALSE(TermBounds(open_for_reading(db)).valid());
  EXPECT_EQ(compact_index(db).bounded_terms, 0U);
}

}  // namespace
}  // namespace folio
