// The score bounds `folio-index compact` keeps (store/term_bounds.h) change no answer: the same
// hits, scores, totals, copies and facets before and after, in one thread and split, and after
// the index changes in place (when they no longer hold and are not read).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/indexing.h"
#include "folio/searcher.h"

#include "../unit/temp_dir.h"
#include "shard_answers.h"
#include "store/database.h"
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

TEST(ScoreBoundsTest, CompactionKeepsThemAndNoAnswerChanges) {
  TempDir dir;
  write_files(dir, "in", generated_articles(kArticles));
  const fs::path db = dir.path() / "db";
  run_indexing({dir.path() / "in"}, options_for(db, 0));
  EXPECT_FALSE(TermBounds(open_for_reading(db)).valid());
  const std::vector<SearchResults> before = answers(db, 1);

  const CompactReport report = compact_index(db);
  EXPECT_GT(report.bounded_terms, 0U);
  const Xapian::Database compacted = open_for_reading(db);
  const TermBounds bounds(compacted);
  ASSERT_TRUE(bounds.valid());
  EXPECT_TRUE(bounds.frontier(compacted, "kakaka").has_value());
  expect_same_answers(before, answers(db, 1), "compacted, one thread");
  expect_same_answers(before, answers(db, 2), "compacted, split in two", true);

  // An article added in place: the bounds no longer hold, and answers are as without them.
  std::vector<Article> more = {testing::make_article(
      "loud", "kakaka kakaka", "kakaka kakaka kakaka kakaka kakaka kakaka kakaka kakaka kakaka",
      "2021-01-01", "", "news")};
  write_files(dir, "in", more);
  run_indexing({dir.path() / "in"}, options_for(db, 0));
  EXPECT_FALSE(TermBounds(open_for_reading(db)).valid());
  const std::vector<SearchResults> updated = answers(db, 1);
  SearchRequest r;
  r.query = "kakaka";
  SearcherOptions o;
  o.match_threads = 1;
  const SearchResults top = Searcher({db}, o).search(r);
  ASSERT_FALSE(top.hits.empty());
  EXPECT_EQ(top.hits.front().article.id, "news/loud.txt");
  expect_same_answers(updated, answers(db, 2), "updated, split in two", true);
}

}  // namespace
}  // namespace folio
