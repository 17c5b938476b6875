// The Markdown reader (.md): YAML front matter, headings, and the text without its markup.
#pragma once

#include <string_view>

#include "folio/article.h"

namespace folio {

/// A .md article's UTF-8 text -> Article: title, date and author from YAML front matter when
/// it has them, else the first level-1 heading and the plain-text layout's dateline and byline;
/// the body is the text with block and inline markup removed (code kept, links' text kept);
/// the language from front matter "lang" or "language".
/// Never throws on bad content. Thread-safe.
Article parse_markdown(std::string_view text);

}  // namespace folio
