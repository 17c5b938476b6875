// Rendering search results for folio-search: JSON for programs, text for people.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "folio/search.h"

namespace folio::cli {

/// The results as the JSON object `folio-search --json` prints (and the web API returns).
nlohmann::json to_json(const SearchResults& res, const SearchRequest& req);

/// The results as text: matches in bold on a terminal, `**between stars**` otherwise.
void print_text(std::ostream& out, const SearchResults& res, bool terminal);

}  // namespace folio::cli
