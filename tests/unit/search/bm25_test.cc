// FolioBM25 and the term frontiers it is bounded by: the same scores as Xapian's BM25Weight,
// frontiers that dominate every posting and are reached, bounds that are exact for one term,
// and frontiers that stop counting once the database changes.
#include "search/bm25.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "../temp_dir.h"
#include "store/term_bounds.h"

namespace folio {
namespace {

using testing::TempDir;

// 1,500 articles of 20 to 400 words: "common" in four in five (wdf 1 to 12, more in long
// articles than short ones, as in text), "frequent" in most, rare words in a few.
void fill(Xapian::WritableDatabase& db, unsigned n = 1500) {
  std::mt19937 rng(20261205);
  for (unsigned i = 0; i < n; ++i) {
    Xapian::Document doc;
    const unsigned length = 20 + rng() % 380;
    Xapian::termpos pos = 0;
    if (rng() % 5 != 0) {
      const unsigned wdf = 1 + rng() % (1 + length / 40);
      for (unsigned k = 0; k < wdf; ++k) {
        doc.add_posting("common", ++pos);
      }
    }
    if (rng() % 10 != 0) {
      doc.add_posting("frequent", ++pos);
    }
    doc.add_posting("rare" + std::to_string(rng() % 200), ++pos);
    while (pos < length) {
      doc.add_posting("filler" + std::to_string(rng() % 50), ++pos);
    }
    db.add_document(doc);
  }
  db.commit();
}

TEST(TermBoundsTest, FrontierDominatesEveryPostingAndEachPointIsReached) {
  TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  fill(db);
  EXPECT_GT(write_term_bounds(db), 0U);
  const TermBounds bounds(db);
  ASSERT_TRUE(bounds.valid());
  for (const std::string term : {"common", "frequent"}) {
    const std::optional<Frontier> f = bounds.frontier(db, term);
    ASSERT_TRUE(f.has_value()) << term;
    for (std::size_t i = 1; i < f->size(); ++i) {  // wdf and length both strictly descending
      EXPECT_LT((*f)[i].first, (*f)[i - 1].first) << term;
      EXPECT_LT((*f)[i].second, (*f)[i - 1].second) << term;
    }
    std::vector<bool> reached(f->size(), false);
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      bool dominated = false;
      for (std::size_t i = 0; i < f->size(); ++i) {
        const auto [wdf, len] = (*f)[i];
        dominated = dominated || (wdf >= p.get_wdf() && len <= p.get_doclength());
        reached[i] = reached[i] || (p.get_wdf() >= wdf && p.get_doclength() == len);
      }
      EXPECT_TRUE(dominated) << term << " in " << *p;
    }
    for (std::size_t i = 0; i < f->size(); ++i) {
      EXPECT_TRUE(reached[i]) << term << " point " << i;
    }
  }
  // A term in fewer articles than kBoundsFrom has none.
  EXPECT_LT(db.get_termfreq("rare7"), kBoundsFrom);
  EXPECT_FALSE(bounds.frontier(db, "rare7").has_value());
}

TEST(TermBoundsTest, AnyLaterCommitMakesThemStale) {
  TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  fill(db);
  write_term_bounds(db);
  ASSERT_TRUE(TermBounds(db).valid());
  Xapian::Document doc;
  doc.add_term("common", 50);  // above every wdf the frontier knows
  db.add_document(doc);
  db.commit();
  EXPECT_FALSE(TermBounds(db).valid());
  EXPECT_FALSE(TermBounds(db).frontier(db, "common").has_value());
}

TEST(TermBoundsTest, ADatabaseWithoutFrequentTermsIsLeftAsItIs) {
  TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  fill(db, 300);
  const Xapian::rev before = db.get_revision();
  EXPECT_EQ(write_term_bounds(db), 0U);
  EXPECT_EQ(db.get_revision(), before);
  EXPECT_FALSE(TermBounds(db).valid());
}

// The frontiers of the query's terms, as the Searcher gathers them.
std::shared_ptr<const QueryBounds> bounds_of(const Xapian::Database& db,
                                             const std::vector<std::string>& terms) {
  const TermBounds bounds(db);
  auto out = std::make_shared<QueryBounds>();
  for (const std::string& t : terms) {
    if (const auto f = bounds.frontier(db, t); f) {
      (*out)[{db.get_termfreq(t), db.get_collection_freq(t)}] = *f;
    }
  }
  return out;
}

std::vector<std::pair<Xapian::docid, double>> ranked(const Xapian::Database& db,
                                                     const Xapian::Query& q,
                                                     const Xapian::Weight& w, unsigned k) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(w);
  const Xapian::MSet mset = enquire.get_mset(0, k);
  std::vector<std::pair<Xapian::docid, double>> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.emplace_back(*it, it.get_weight());
  }
  return out;
}

std::vector<Xapian::Query> queries() {
  const auto term = [](const char* t) { return Xapian::Query(t); };
  return {term("common"),
          term("frequent"),
          Xapian::Query(Xapian::Query::OP_OR, term("common"), term("rare3")),
          Xapian::Query(Xapian::Query::OP_OR, term("common"), term("frequent")),
          Xapian::Query(Xapian::Query::OP_AND, term("common"), term("filler7")),
          Xapian::Query(Xapian::Query::OP_PHRASE, term("common"), term("frequent")),
          Xapian::Query(Xapian::Query::OP_OR,
                        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, term("frequent"), 0.2),
                        term("rare11"))};
}

TEST(FolioBM25Test, ScoresAsXapiansBM25WeightWithAndWithoutBounds) {
  TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  fill(db);
  write_term_bounds(db);
  const auto bounds = bounds_of(db, {"common", "frequent"});
  ASSERT_EQ(bounds->size(), 2U);
  const Xapian::BM25Weight xapian(1.2, 0, 1, 0.75, 0.5);
  for (const Xapian::Query& q : queries()) {
    for (const unsigned k : {10U, 100U}) {
      const auto want = ranked(db, q, xapian, k);
      EXPECT_EQ(ranked(db, q, FolioBM25(1.2, 0.75, 0.5), k), want) << q.get_description();
      EXPECT_EQ(ranked(db, q, FolioBM25(1.2, 0.75, 0.5, bounds), k), want) << q.get_description();
    }
  }
}

TEST(FolioBM25Test, AOneTermQuerysBoundIsItsBestScore) {
  TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  fill(db);
  write_term_bounds(db);
  for (const char* term : {"common", "frequent"}) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    const Xapian::MSet loose = enquire.get_mset(0, 10);
    enquire.set_weighting_scheme(FolioBM25(1.2, 0.75, 0.5, bounds_of(db, {term})));
    const Xapian::MSet tight = enquire.get_mset(0, 10);
    EXPECT_DOUBLE_EQ(tight.get_max_possible(), tight.get_max_attained()) << term;
    EXPECT_LT(tight.get_max_possible(), loose.get_max_possible()) << term;
    EXPECT_EQ(tight.get_max_attained(), loose.get_max_attained()) << term;
  }
}

}  // namespace
}  // namespace folio
