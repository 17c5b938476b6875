// Picking and highlighting the passage of an article that best matches a query.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "folio/analyzer.h"
#include "folio/search.h"

namespace folio {

/// Returns about `max_bytes` of `body` around the passage where the query's terms are densest:
/// the passage covering the most weight of distinct terms (`term_weights`: term -> weight, e.g.
/// its idf), then the most matches, then the earliest. It starts at a sentence start when one
/// is near, else at a word, and ends at a word; matched words are highlighted. With no match,
/// the start of the body. `analyzer` must be configured as the index's.
Snippet make_snippet(std::string_view body,
                     const std::unordered_map<std::string, double>& term_weights,
                     Analyzer& analyzer, std::size_t max_bytes);

}  // namespace folio
