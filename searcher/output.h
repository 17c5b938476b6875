// Rendering search results for folio-search: JSON for programs, text for people.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "folio/json_writer.h"
#include "folio/searcher.h"

namespace folio::cli {

/// The name of a sort order as --sort and JSON spell it: relevance, newest or oldest.
const char* sort_name(SortOrder order);
/// The order named `name` (see sort_name()); false for an unknown name.
bool parse_sort(std::string_view name, SortOrder& out);

/// Fields that some callers add to the results object.
struct JsonExtras {
  std::string_view qid;  ///< batch mode: "qid", when not empty
  std::size_t page = 0;  ///< the web API: "page", "size" and "pages", when page > 0
  std::size_t size = 0;
  std::uint64_t pages = 0;
};

/// The results as the JSON object `folio-search --json` prints (`pretty`: indented) and the
/// web API returns. Written straight to text (folio::JsonWriter): building a JSON tree first
/// took a fifth of the server's time. Text that is not valid UTF-8 (a query typed in Latin-1)
/// has its bad bytes replaced by U+FFFD.
std::string results_json(const SearchResults& res, const SearchRequest& req,
                         const JsonExtras& extras = {}, bool pretty = false);

/// Writes the stored fields of `a` (but its body) as members of the object being written:
/// id, title, date, author, category, path and url. The search results and the article API
/// both write them so.
void write_article_fields(JsonWriter& w, const Article& a);

/// The results as text: matches in bold on a terminal, `**between stars**` otherwise.
void print_text(std::ostream& out, const SearchResults& res, bool terminal);

}  // namespace folio::cli
