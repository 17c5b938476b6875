// The plain-text reader (.txt), and the layout it shares with Markdown: a title line, a
// dateline and a byline near the top, then the body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "folio/article.h"

namespace folio {

/// One cleaned line (single spaces, trimmed); empty text is a blank line = paragraph break.
struct Line {
  std::string text;
  int heading = 0;  ///< Markdown heading level, 0 for ordinary text
};

struct LayoutOptions {
  bool find_title = true;
  bool h1_title = false;  ///< Markdown: a level-1 heading is the title
  bool find_date = true;
  bool find_author = true;
};

/// Picks title, dateline and byline from cleaned lines and joins the rest into the body:
/// the title is the first non-blank line (or, with h1_title, the first level-1 heading; a
/// first line too long for a title gives one made of its first words); a date line and a
/// "By NAME" line are looked for among the next few lines and removed from the body.
Article layout(std::vector<Line>& lines, const LayoutOptions& options);

/// A .txt article's UTF-8 text -> Article (id, path and category left for the caller). Never
/// throws on bad content; fields it cannot find stay empty. Thread-safe.
Article parse_text(std::string_view text);

}  // namespace folio
