// A small XML writer: what Folio's XML answers (the server's Atom feeds and OpenSearch
// description) are written with.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "folio/export.h"

namespace folio {

/// Writes an XML 1.0 document in UTF-8 (libxml2's xmlTextWriter), element by element, in the
/// order given. Text and attribute values are escaped; characters that XML 1.0 does not allow
/// (most C0 controls, U+FFFE, U+FFFF) are left out and each ill-formed UTF-8 sequence becomes
/// U+FFFD, so the output is always well-formed whatever the strings hold. Calls must nest
/// properly (attributes right after start()); a misuse is a bug, caught by an assertion.
/// Not thread-safe: one writer per document.
class FOLIO_API XmlWriter {
 public:
  /// `indent`: one element a line, indented by two spaces per level.
  explicit XmlWriter(bool indent = true);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  /// Opens element `name` (a qualified name, written as given).
  XmlWriter& start(std::string_view name);
  /// An attribute of the element just opened (`xmlns` declares its default namespace).
  XmlWriter& attribute(std::string_view name, std::string_view value);
  /// Text content of the open element.
  XmlWriter& text(std::string_view text);
  /// Closes the innermost open element.
  XmlWriter& end();
  /// start(name), text(content), end().
  XmlWriter& element(std::string_view name, std::string_view content) {
    return start(name).text(content).end();
  }

  /// Closes every open element and returns the whole document, XML declaration first. The
  /// writer is done: call nothing else after it.
  std::string finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// `s` with the characters XML 1.0 does not allow left out and each ill-formed UTF-8 sequence
/// replaced by U+FFFD: what XmlWriter writes of a string.
FOLIO_API std::string xml_text(std::string_view s);

}  // namespace folio
