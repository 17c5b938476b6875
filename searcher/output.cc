// Rendering search results for folio-search: JSON for programs, text for people.
#include "output.h"

#include <iomanip>
#include <string>

namespace folio::cli {

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
                       {"snippet", snippet_to_html(join_passages(h.snippets))},
                       {"snippets", std::move(passages)}});
  }
  return {{"query", res.query},           {"total", res.total},
          {"offset", req.offset},         {"limit", req.limit},
          {"fell_back", res.fell_back},   {"notice", res.notice},
          {"suggestion", res.suggestion}, {"milliseconds", res.milliseconds},
          {"results", std::move(results)}};
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
  for (const Hit& h : res.hits) {
    const Article& a = h.article;
    out << h.rank << ". " << (a.title.empty() ? a.id : a.title) << '\n';
    out << "   " << (a.date.empty() ? "undated" : a.date);
    if (!a.category.empty()) {
      out << " · " << a.category;
    }
    out << " · " << a.path << " · score " << std::fixed << std::setprecision(3) << h.score << '\n';
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
}

}  // namespace folio::cli
