// The office document readers: DOCX (Office Open XML) and ODT (OpenDocument Text).
#pragma once

#include <string_view>

#include "readers/extraction.h"

namespace folio {

/// A .docx file's bytes -> one article (empty key). The body is word/document.xml's text: each
/// paragraph and heading a paragraph, a table row a paragraph of its cells' text joined by
/// " | ", tabs and line breaks as spaces, then the text of text boxes and footnotes;
/// deleted revisions (w:del, w:moveFrom) and field codes are left out. Title, author and date
/// from docProps/core.xml (dc:title, dc:creator, dcterms:created else dcterms:modified), the
/// language from its dc:language, else from word/styles.xml's default w:lang; without
/// a title, the first heading or Title-styled paragraph, else the first paragraph's first
/// words. Skips: the zip's errors ("corrupt archive", "encrypted archive", "zip bomb"),
/// "corrupt document" (no word/document.xml, or not XML), "no text". Never throws on bad
/// content. Thread-safe.
Extraction parse_docx(std::string_view bytes, const UnpackLimits& limits);

/// A .odt file's bytes -> one article (empty key), as parse_docx() does for DOCX: content.xml's
/// paragraphs, headings, list items and table rows (cells joined by " | "), text:s spaces, tabs
/// and line breaks, then text boxes and notes; tracked deletions and comments left out. Title,
/// author, date and language from meta.xml (dc:title, meta:initial-creator else dc:creator,
/// meta:creation-date else dc:date, dc:language), else the first heading or Title-styled paragraph,
/// else the first paragraph's first words. Skips as parse_docx() ("corrupt document": no
/// content.xml). Never throws on bad content. Thread-safe.
Extraction parse_odt(std::string_view bytes, const UnpackLimits& limits);

}  // namespace folio
