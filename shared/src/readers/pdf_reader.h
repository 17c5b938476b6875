// The PDF reader, through poppler-cpp: the text of every page, and the title, author and date of
// the info dictionary or the XMP metadata.
#pragma once

#include <cstddef>
#include <string_view>

#include "readers/extraction.h"

namespace folio {

/// How much of one PDF parse_pdf() reads, against pathological files.
struct PdfLimits {
  int max_pages = 10000;                     ///< pages read; those after are left out
  std::size_t max_body_bytes = 64ull << 20;  ///< body text kept (cut at a character boundary)
};

/// The PDF of `bytes` as one article with an empty key:
/// - body: the text of each page in poppler's reading order (its text flows and blocks, so
///   columns are read one after the other), pages in order. A line is a run of words on one
///   baseline; the lines of a paragraph are joined with a space, and a paragraph ends at a page
///   end, at a line that starts above the one before (a new column) or after a vertical gap
///   clearly wider than the page's usual gap between lines. A hyphen ('-', U+2010) that ends a
///   line is dropped when a lower-case letter comes before it and starts the next line
///   ("exam-" "ple" -> "example"), unless the document wrote the compound whole inside a line
///   before (up to the end of this page): "well-" "known" stays "well-known" after a
///   "well-known", else it becomes "wellknown". Any other line-end hyphen is kept and the next
///   line joined to it without a space ("Anglo-" "Saxon" -> "Anglo-Saxon", "Covid-" "19" ->
///   "Covid-19"); a line-end soft hyphen (U+00AD) is always dropped. Cleaned per text/clean.h
///   (valid UTF-8, no control characters).
/// - title: the info dictionary's Title, else the XMP dc:title, else the first line of the text
///   (at most 300 bytes). A "Microsoft Word - " (PowerPoint, Excel) prefix is cut; a title that
///   is then empty, blank or "Untitled" counts as missing.
/// - author: Author, else the XMP dc:creator (several joined with ", ").
/// - date: CreationDate, else ModDate, else the XMP xmp:CreateDate, else xmp:ModifyDate: the
///   first that is a valid day of the years 1990 to next year, as "YYYY-MM-DD"; else empty.
/// - language: the document catalog's /Lang.
/// With no article, `skip_reason` says why: "encrypted PDF" (a user password is needed),
/// "image-only PDF" (pages but no text; the detail gives the page count), "no text" (no
/// pages), "corrupt PDF" (poppler cannot open it), "PDF too large" (2 GiB or more). When a
/// limit stops the reading, the article keeps what was read and `skip_detail` says which limit
/// (the only case where an article comes with a detail). Never throws on bad content; poppler's
/// error messages are silenced (for the whole process). Thread-safe: each call has its own
/// poppler document.
Extraction parse_pdf(std::string_view bytes, const PdfLimits& limits = {});

}  // namespace folio
