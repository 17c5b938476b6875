// Snippets: passages of an article with the words a query matched marked, and as HTML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "folio/export.h"

namespace folio {

/// One piece of a snippet; `highlight` marks a word that matched the query.
struct Fragment {
  std::string text;
  bool highlight = false;
  bool operator==(const Fragment&) const = default;
};

/// A passage of an article body as fragments. Plain UTF-8 text, not escaped; an ellipsis
/// fragment ("…") stands where the passage was cut from a longer text.
using Snippet = std::vector<Fragment>;

/// The snippet as HTML: text escaped, matches wrapped in `open`…`close` (<mark>…</mark>).
FOLIO_API std::string snippet_to_html(const Snippet& snippet, std::string_view open = "<mark>",
                                      std::string_view close = "</mark>");

/// The passages of a hit as one snippet, joined by " … " (the ellipses at the seams merged).
FOLIO_API Snippet join_passages(const std::vector<Snippet>& passages);

/// Escapes &, <, >, " and ' for HTML text and attributes.
FOLIO_API std::string html_escape(std::string_view text);

}  // namespace folio
