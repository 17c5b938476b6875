// XML parts of packed formats through libxml2, with the options that keep a hostile part
// harmless.
#include "readers/xml_tree.h"

#include <limits>

#include <libxml/parser.h>

namespace folio {
namespace {

// No XML_PARSE_NOENT (entities stay references), no XML_PARSE_DTDLOAD or DTDATTR (no external
// DTD), no XML_PARSE_HUGE (libxml2 keeps its limits on depth and on text sizes).
constexpr int kParseOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
constexpr std::size_t kMaxTextBytes = 16 << 20;
constexpr int kMaxDepth = 512;  // beyond libxml2's own limit; a guard for the recursion

void append_text(const xmlNode* n, std::string& out, int depth) {
  if (depth > kMaxDepth) {
    return;
  }
  for (const xmlNode* c = n->children; c != nullptr && out.size() < kMaxTextBytes; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr) {
      out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      append_text(c, out, depth + 1);
    }
  }
}

}  // namespace

XmlDoc parse_xml(std::string_view bytes) {
  if (bytes.empty() || bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return nullptr;
  }
  return XmlDoc(
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, kParseOptions));
}

const xmlNode* root_of(const XmlDoc& doc) {
  return doc ? xmlDocGetRootElement(doc.get()) : nullptr;
}

std::string_view local_name(const xmlNode* n) {
  return n->type != XML_ELEMENT_NODE || n->name == nullptr ? std::string_view()
                                                           : reinterpret_cast<const char*>(n->name);
}

bool is_element(const xmlNode* n, std::string_view name, std::string_view ns) {
  if (n == nullptr || local_name(n) != name) {
    return false;
  }
  if (ns.empty()) {
    return true;
  }
  const std::string_view href = n->ns == nullptr || n->ns->href == nullptr
                                    ? std::string_view()
                                    : reinterpret_cast<const char*>(n->ns->href);
  return href.find(ns) != std::string_view::npos;
}

const xmlNode* child_element(const xmlNode* n, std::string_view name) {
  for (const xmlNode* c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next) {
    if (is_element(c, name)) {
      return c;
    }
  }
  return nullptr;
}

std::string attribute(const xmlNode* n, std::string_view name) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE) {
    return {};
  }
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || reinterpret_cast<const char*>(a->name) != name) {
      continue;
    }
    // Only the text nodes: xmlGetProp() would expand entity references in the value.
    std::string out;
    for (const xmlNode* c = a->children; c != nullptr && out.size() < kMaxTextBytes; c = c->next) {
      if (c->type == XML_TEXT_NODE && c->content != nullptr) {
        out += reinterpret_cast<const char*>(c->content);
      }
    }
    return out;
  }
  return {};
}

std::string text_of(const xmlNode* n) {
  std::string out;
  if (n != nullptr) {
    append_text(n, out, 0);
  }
  return out;
}

}  // namespace folio
