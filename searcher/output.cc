// Rendering search results for folio-search: JSON for programs, text for people.
#include "output.h"

#include <iomanip>
#include <string>

namespace folio::cli {
namespace {

constexpr std::size_t kTextFacetValues = 12;  // per line of the text facet block

nlohmann::json facet_json(const std::vector<FacetCount>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const FacetCount& c : counts) {
    out.push_back({{"value", c.value}, {"count", c.count}});
  }
  return out;
}

// "Years: 2019 (3) · 2020 (5)"; the first kTextFacetValues values, then how many more.
void print_facet(std::ostream& out, const char* label, const std::vector<FacetCount>& counts) {
  if (counts.empty()) {
    return;
  }
  out << label << ": ";
  for (std::size_t i = 0; i < counts.size() && i < kTextFacetValues; ++i) {
    out << (i == 0 ? "" : " · ") << counts[i].value << " (" << counts[i].count << ')';
  }
  if (counts.size() > kTextFacetValues) {
    out << " · … " << counts.size() - kTextFacetValues << " more";
  }
  out << '\n';
}

}  // namespace

const char* sort_name(SortOrder order) {
  switch (order) {
    case SortOrder::newest:
      return "newest";
    case SortOrder::oldest:
      return "oldest";
    case SortOrder::relevance:
      break;
  }
  return "relevance";
}

bool parse_sort(std::string_view name, SortOrder& out) {
  for (const SortOrder o : {SortOrder::relevance, SortOrder::newest, SortOrder::oldest}) {
    if (name == sort_name(o)) {
      out = o;
      return true;
    }
  }
  return false;
}

nlohmann::json to_json(const SearchResults& res, const SearchRequest& req) {
  nlohmann::json results = nlohmann::json::array();
  for (const Hit& h : res.hits) {
    nlohmann::json passages = nlohmann::json::array();
    for (const Snippet& p : h.snippets) {
      passages.push_back(snippet_to_html(p));
    }
    results.push_back({{"rank", h.rank},
                       {"id", h.article.id},
                       {"title", h.article.title},
                       {"date", h.article.date},
                       {"author", h.article.author},
                       {"category", h.article.category},
                       {"path", h.article.path},
                       {"url", h.article.url},
                       {"score", h.score},
                       {"duplicates", h.duplicates},
                       {"snippet", snippet_to_html(join_passages(h.snippets))},
                       {"snippets", std::move(passages)}});
  }
  nlohmann::json j = {{"query", res.query},
                      {"total", res.total},
                      {"offset", req.offset},
                      {"limit", req.limit},
                      {"sort", sort_name(req.sort)},
                      {"fell_back", res.fell_back},
                      {"notice", res.notice},
                      {"suggestion", res.suggestion},
                      {"milliseconds", res.milliseconds},
                      {"results", std::move(results)}};
  if (!req.like.empty()) {
    j["like"] = req.like;
    j["like_terms"] = res.like_terms;
  }
  if (req.facets) {
    j["facets"] = {{"category", facet_json(res.facets.categories)},
                   {"year", facet_json(res.facets.years)},
                   {"month", facet_json(res.facets.months)}};
  }
  return j;
}

void print_text(std::ostream& out, const SearchResults& res, bool terminal) {
  const std::string on = terminal ? "\033[1m" : "**";
  const std::string off = terminal ? "\033[0m" : "**";
  if (res.fell_back) {
    out << "Note: " << res.notice << "\n\n";
  }
  if (!res.suggestion.empty()) {
    out << "Did you mean: " << res.suggestion << "?\n\n";
  }
  if (!res.like_terms.empty()) {
    out << "Similar articles, found with the terms:";
    for (const std::string& t : res.like_terms) {
      out << ' ' << t;
    }
    out << "\n\n";
  }
  for (const Hit& h : res.hits) {
    const Article& a = h.article;
    out << h.rank << ". " << (a.title.empty() ? a.id : a.title) << '\n';
    out << "   " << (a.date.empty() ? "undated" : a.date);
    if (!a.category.empty()) {
      out << " · " << a.category;
    }
    out << " · " << a.path << " · score " << std::fixed << std::setprecision(3) << h.score;
    if (h.duplicates > 0) {
      out << " (+" << h.duplicates << (h.duplicates == 1 ? " copy)" : " copies)");
    }
    out << '\n';
    out << "   ";
    for (const Fragment& f : join_passages(h.snippets)) {
      if (f.highlight) {
        out << on << f.text << off;
      } else {
        out << f.text;
      }
    }
    out << "\n\n";
  }
  out << (res.total == 0 ? "No matches" : "About " + std::to_string(res.total) + " matches") << " ("
      << std::fixed << std::setprecision(1) << res.milliseconds << " ms)\n";
  if (!res.facets.categories.empty() || !res.facets.years.empty()) {
    out << '\n';
    print_facet(out, "Categories", res.facets.categories);
    print_facet(out, "Years", res.facets.years);
    print_facet(out, "Months", res.facets.months);
  }
}

}  // namespace folio::cli
