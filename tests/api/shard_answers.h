// What the shard tests share: a generated corpus, the requests they compare, comparing two
// answers, writing and indexing articles as files, and where a sharded index put each article.
#pragma once

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/indexing.h"
#include "folio/searcher.h"

#include "../unit/articles.h"
#include "../unit/temp_dir.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"

namespace folio::shard_answers {

namespace fs = std::filesystem;
using testing::TempDir;

// Few hundred articles of made-up words with a skewed vocabulary, so that terms have
// different document frequencies, dates over three years and four categories.
inline std::vector<Article> generated_articles(std::size_t n) {
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

// Queries of one to three words, a phrase, a filter, an exclusion, a date sort.
inline std::vector<SearchRequest> shard_requests() {
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

// A facet's values and counts in order, "2019 (40), 2020 (38)", to compare and to show.
inline std::string facet_text(const std::vector<FacetCount>& counts) {
  std::string out;
  for (const FacetCount& c : counts) {
    out += (out.empty() ? "" : ", ") + c.value + " (" + std::to_string(c.count) + ")";
  }
  return out;
}

// Same ranked ids, scores within rounding, snippets, totals and facets (values and counts of
// categories, years, months and languages). Hits of equal score may come in either order
// (their order follows internal document numbers), and so may cross the end of the page.
inline void expect_same(const SearchResults& want, const SearchResults& got,
                        const std::string& where) {
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

// The articles as .txt files (title, date, body) in `folder` of `dir`, one folder a category:
// their ids are "CATEGORY/ID.txt".
inline void write_files(const TempDir& dir, const std::string& folder,
                        const std::vector<Article>& articles) {
  for (const Article& a : articles) {
    dir.write(folder + "/" + a.category + "/" + a.id + ".txt",
              a.title + "\n\n" + a.date + "\n\n" + a.body + "\n");
  }
}

inline IndexingOptions options_for(const fs::path& db, unsigned shards) {
  IndexingOptions o;
  o.db = db;
  o.shards = shards;
  o.threads = 2;
  o.batch_articles = 50;  // several commits a run
  return o;
}

// Article id -> the shard (index in the generation's stub) that holds it; fails on an id that
// is in two shards.
inline std::map<std::string, std::size_t> placement(const fs::path& db) {
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

}  // namespace folio::shard_answers
