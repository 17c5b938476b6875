// Rendering search results for folio-search: JSON for programs, text for people.
#include "output.h"

#include <iomanip>
#include <string>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>
#include <unicode/unistr.h>

namespace folio::cli {
namespace {

constexpr std::size_t kTextFacetValues = 12;  // per line of the text facet block

// `text` as valid UTF-8: itself when it is (nearly always), else with U+FFFD for bad bytes.
std::string_view valid_utf8(std::string_view text, std::string& scratch) {
  if (simdjson::validate_utf8(text)) {
    return text;
  }
  scratch.clear();
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .toUTF8String(scratch);
  return scratch;
}

template <class Writer>
class ResultsWriter {
 public:
  explicit ResultsWriter(Writer& w) : w_(w) {}

  void write(const SearchResults& res, const SearchRequest& req, const JsonExtras& extras) {
    w_.StartObject();
    if (!extras.qid.empty()) {
      field("qid", extras.qid);
    }
    field("query", res.query);
    number("total", res.total);
    number("offset", req.offset);
    number("limit", req.limit);
    if (extras.page > 0) {
      number("page", extras.page);
      number("size", extras.size);
      number("pages", extras.pages);
    }
    field("sort", sort_name(req.sort));
    key("fell_back");
    w_.Bool(res.fell_back);
    field("notice", res.notice);
    field("suggestion", res.suggestion);
    key("milliseconds");
    w_.Double(res.milliseconds);
    key("results");
    w_.StartArray();
    for (const Hit& h : res.hits) {
      hit(h);
    }
    w_.EndArray();
    if (!req.like.empty()) {
      field("like", req.like);
      key("like_terms");
      w_.StartArray();
      for (const std::string& t : res.like_terms) {
        string(t);
      }
      w_.EndArray();
    }
    key("missing_shards");
    w_.StartArray();
    for (const std::string& m : res.missing_shards) {
      string(m);
    }
    w_.EndArray();
    if (req.facets) {
      key("facets");
      w_.StartObject();
      facet("category", res.facets.categories);
      facet("year", res.facets.years);
      facet("month", res.facets.months);
      w_.EndObject();
    }
    w_.EndObject();
  }

 private:
  void hit(const Hit& h) {
    const Article& a = h.article;
    w_.StartObject();
    number("rank", h.rank);
    field("id", a.id);
    field("title", a.title);
    field("date", a.date);
    field("author", a.author);
    field("category", a.category);
    field("path", a.path);
    field("url", a.url);
    key("score");
    w_.Double(h.score);
    number("duplicates", h.duplicates);
    field("snippet", snippet_to_html(join_passages(h.snippets)));
    key("snippets");
    w_.StartArray();
    for (const Snippet& p : h.snippets) {
      string(snippet_to_html(p));
    }
    w_.EndArray();
    w_.EndObject();
  }

  void facet(std::string_view name, const std::vector<FacetCount>& counts) {
    key(name);
    w_.StartArray();
    for (const FacetCount& c : counts) {
      w_.StartObject();
      field("value", c.value);
      number("count", c.count);
      w_.EndObject();
    }
    w_.EndArray();
  }

  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void string(std::string_view text) {
    const std::string_view v = valid_utf8(text, scratch_);
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  void field(std::string_view k, std::string_view text) {
    key(k);
    string(text);
  }
  void number(std::string_view k, std::uint64_t n) {
    key(k);
    w_.Uint64(n);
  }

  Writer& w_;
  std::string scratch_;
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

std::string results_json(const SearchResults& res, const SearchRequest& req,
                         const JsonExtras& extras, bool pretty) {
  rapidjson::StringBuffer buffer;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    ResultsWriter(w).write(res, req, extras);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    ResultsWriter(w).write(res, req, extras);
  }
  return {buffer.GetString(), buffer.GetSize()};
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
