// Rendering search results for folio-search: JSON for programs, text for people.
#pragma once

#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "folio/search.h"

namespace folio::cli {

/// The name of a sort order as --sort and JSON spell it: relevance, newest or oldest.
const char* sort_name(SortOrder order);
/// The order named `name` (see sort_name()); false for an unknown name.
bool parse_sort(std::string_view name, SortOrder& out);

/// The results as the JSON object `folio-search --json` prints (and the web API returns).
nlohmann::json to_json(const SearchResults& res, const SearchRequest& req);

/// The results as text: matches in bold on a terminal, `**between stars**` otherwise.
void print_text(std::ostream& out, const SearchResults& res, bool terminal);

}  // namespace folio::cli
