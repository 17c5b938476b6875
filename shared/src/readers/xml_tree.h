// XML parts of packed formats (DOCX, ODT, EPUB) as libxml2 trees: parsed safely, read by
// local name.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace folio {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

/// Parses `bytes` leniently (a broken part is read as far as it goes), without the network,
/// without loading a DTD and without substituting entities: a document's own entities (the
/// "billion laughs") stay unexpanded references, which the functions below never follow.
/// libxml2 stops at its nesting limit (256 levels), keeping what came before. Null when nothing
/// could be read. Thread-safe.
XmlDoc parse_xml(std::string_view bytes);

/// The root element, or null.
const xmlNode* root_of(const XmlDoc& doc);

/// The element's name without its prefix ("p" for <w:p>); empty for other nodes.
std::string_view local_name(const xmlNode* n);

/// True when `n` is an element of local name `name` whose namespace URI contains `ns` (any
/// namespace when `ns` is empty).
bool is_element(const xmlNode* n, std::string_view name, std::string_view ns = {});

/// The first child element of local name `name`, or null.
const xmlNode* child_element(const xmlNode* n, std::string_view name);

/// The value of the attribute of local name `name` in any namespace (the first found); empty
/// when there is none. Entity references in the value are not followed.
std::string attribute(const xmlNode* n, std::string_view name);

/// The text of an element's subtree (text and CDATA nodes; entity references not followed),
/// at most 16 MB.
std::string text_of(const xmlNode* n);

}  // namespace folio
