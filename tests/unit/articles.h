// Building Article values for tests that index a few hand-written articles, and reading hits.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "folio/article.h"
#include "folio/index_writer.h"
#include "folio/searcher.h"

namespace folio::testing {

/// An article with these fields; its path is "/articles/" + id.
inline Article make_article(std::string id, std::string title, std::string body,
                            std::string date = "", std::string author = "",
                            std::string category = "") {
  Article a;
  a.id = std::move(id);
  a.path = "/articles/" + a.id;
  a.title = std::move(title);
  a.body = std::move(body);
  a.date = std::move(date);
  a.author = std::move(author);
  a.category = std::move(category);
  return a;
}

/// An article with a date and a category (no author).
inline Article make_filed(std::string id, std::string title, std::string body,
                          std::string date = "", std::string category = "") {
  return make_article(std::move(id), std::move(title), std::move(body), std::move(date), "",
                      std::move(category));
}

/// Six short news articles (dated but one, four categories) that the search tests share, added
/// and committed.
inline void add_news(IndexWriter& w) {
  w.add(make_article("uk-huawei", "UK lets Huawei into its 5G network",
                     "The government decided that Huawei may supply parts of the 5G network, "
                     "despite security warnings from Washington.",
                     "2020-01-28", "Jane Smith", "technology"));
  w.add(make_article("rural-5g", "Rural villages get faster mobile coverage",
                     "Operators switched on 5G masts in hill villages. Huawei was not involved.",
                     "2021-06-08", "Tom Jones", "technology"));
  w.add(make_article("nokia", "Nokia wins contracts",
                     "Nokia and Ericsson won contracts to build 5G networks in Europe.",
                     "2020-10-22", "Ann Lee", "business"));
  w.add(make_article("marathon", "Cafe owner wins marathon",
                     "The café owner crossed the line first. Security at the race was tight.",
                     "2023-04-23", "Jane Smith", "sport"));
  w.add(make_article("bank", "Bank of England raises rates",
                     "The Bank of England raised interest rates to 3.5% on Thursday.", "2022-12-15",
                     "", "business"));
  w.add(make_article("undated", "An undated note about networks", "Networks of trust matter."));
  w.commit();
}

using Ids = std::vector<std::string>;
using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

/// The ids of the hits, in rank order.
inline Ids ids_of(const SearchResults& res) {
  Ids out;
  for (const Hit& h : res.hits) {
    out.push_back(h.article.id);
  }
  return out;
}

/// A facet's values and counts, in its order.
inline Counts counts_of(const std::vector<FacetCount>& facet) {
  Counts out;
  for (const FacetCount& c : facet) {
    out.emplace_back(c.value, c.count);
  }
  return out;
}

}  // namespace folio::testing
