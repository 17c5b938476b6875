// Rendering search results for folio-search: JSON for programs, text for people.
#include "output.h"

#include <iomanip>
#include <string>

#include "folio/json_writer.h"

namespace folio::cli {
namespace {

constexpr std::size_t kTextFacetValues = 12;  // per line of the text facet block

// Writes the results object.
class ResultsWriter {
 public:
  explicit ResultsWriter(JsonWriter& w) : w_(w) {}

  void write(const SearchResults& res, const SearchRequest& req, const JsonExtras& extras) {
    w_.begin_object();
    if (!extras.qid.empty()) {
      w_.field("qid", extras.qid);
    }
    w_.field("query", res.query);
    w_.key("total").uint(res.total);
    w_.key("offset").uint(req.offset);
    w_.key("limit").uint(req.limit);
    if (extras.page > 0) {
      w_.key("page").uint(extras.page);
      w_.key("size").uint(extras.size);
      w_.key("pages").uint(extras.pages);
    }
    w_.field("sort", sort_name(req.sort));
    w_.key("fell_back").boolean(res.fell_back);
    w_.field("notice", res.notice);
    w_.field("suggestion", res.suggestion);
    w_.key("milliseconds").real(res.milliseconds);
    w_.key("results").begin_array();
    for (const Hit& h : res.hits) {
      hit(h);
    }
    w_.end_array();
    if (!req.like.empty()) {
      w_.field("like", req.like);
      strings("like_terms", res.like_terms);
    }
    strings("missing_shards", res.missing_shards);
    if (req.facets) {
      w_.key("facets").begin_object();
      facet("category", res.facets.categories);
      facet("year", res.facets.years);
      facet("month", res.facets.months);
      facet("language", res.facets.languages);
      w_.end_object();
    }
    w_.end_object();
  }

 private:
  void hit(const Hit& h) {
    const Article& a = h.article;
    w_.begin_object();
    w_.key("rank").uint(h.rank);
    write_article_fields(w_, a);
    w_.key("score").real(h.score);
    w_.key("duplicates").uint(h.duplicates);
    w_.field("snippet", snippet_to_html(join_passages(h.snippets)));
    w_.key("snippets").begin_array();
    for (const Snippet& p : h.snippets) {
      w_.string(snippet_to_html(p));
    }
    w_.end_array();
    w_.end_object();
  }

  void strings(std::string_view name, const std::vector<std::string>& values) {
    w_.key(name).begin_array();
    for (const std::string& v : values) {
      w_.string(v);
    }
    w_.end_array();
  }

  void facet(std::string_view name, const std::vector<FacetCount>& counts) {
    w_.key(name).begin_array();
    for (const FacetCount& c : counts) {
      w_.begin_object();
      w_.field("value", c.value);
      w_.key("count").uint(c.count);
      w_.end_object();
    }
    w_.end_array();
  }

  JsonWriter& w_;
};

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

void write_article_fields(JsonWriter& w, const Article& a) {
  w.field("id", a.id);
  w.field("title", a.title);
  w.field("date", a.date);
  w.field("author", a.author);
  w.field("category", a.category);
  w.field("path", a.path);
  w.field("url", a.url);
  w.field("language", a.language);
}

std::string results_json(const SearchResults& res, const SearchRequest& req,
                         const JsonExtras& extras, bool pretty) {
  JsonWriter w(pretty);
  ResultsWriter(w).write(res, req, extras);
  return w.str();
}

void print_text(std::ostream& out, const SearchResults& res, bool terminal) {
  const std::string on = terminal ? "\033[1m" : "**";
  const std::string off = terminal ? "\033[0m" : "**";
  if (res.fell_back) {
    out << "Note: " << res.notice << "\n\n";
  }
  if (!res.missing_shards.empty()) {
    out << "Note: these shards did not answer and are left out:";
    for (const std::string& m : res.missing_shards) {
      out << ' ' << m;
    }
    out << "\n\n";
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
  // Each hit's language, when the matches are in more than one.
  const bool several_languages = res.facets.languages.size() > 1;
  for (const Hit& h : res.hits) {
    const Article& a = h.article;
    out << h.rank << ". " << (a.title.empty() ? a.id : a.title) << '\n';
    out << "   " << (a.date.empty() ? "undated" : a.date);
    if (!a.category.empty()) {
      out << " · " << a.category;
    }
    if (several_languages && !a.language.empty()) {
      out << " · " << a.language;
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
  if (!res.facets.categories.empty() || !res.facets.years.empty() ||
      res.facets.languages.size() > 1) {
    out << '\n';
    print_facet(out, "Categories", res.facets.categories);
    if (res.facets.languages.size() > 1) {
      print_facet(out, "Languages", res.facets.languages);
    }
    print_facet(out, "Years", res.facets.years);
    print_facet(out, "Months", res.facets.months);
  }
}

}  // namespace folio::cli
