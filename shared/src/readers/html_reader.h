// The HTML reader (.html): meta data and the page's visible text.
#pragma once

#include <string>
#include <string_view>

#include "folio/article.h"

namespace folio {

/// An HTML page's UTF-8 text -> Article: the title from og:title, else <title>, else the first
/// <h1>; the date from article:published_time and similar <meta>, microdata, JSON-LD or
/// <time datetime>; the author from <meta name="author"> and similar; the body is the visible
/// text without script, style, navigation, asides, footers and forms, a paragraph a block;
/// the language from <html lang>, else a lang on <body> or its <main>/<article>, else
/// Content-Language, og:locale or language <meta>.
/// Documents nested more than 10,000 levels deep are read by a flat tag stripper instead
/// (title and text only). Never throws on bad content. Thread-safe.
Article parse_html(std::string_view text);

/// The value after "charset=" in `s` (a Content-Type header, a <meta> tag), lower case and
/// without quotes; empty when there is none.
std::string charset_param(std::string_view s);

/// The charset a page's <meta charset> or <meta http-equiv="Content-Type" content="...;
/// charset=..."> names in its first 4 KiB, read from its undecoded bytes; empty when none does.
std::string meta_charset(std::string_view page);

}  // namespace folio
