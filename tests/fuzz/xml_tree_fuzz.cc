// Fuzz target: parse_xml (libxml2 without DTDs, entities or the network) and the tree
// functions the DOCX, ODT and EPUB readers use, over every element.
#include "fuzz_support.h"
#include "readers/xml_tree.h"

namespace {

void walk(const xmlNode* n, int depth) {
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) {  // (an entity reference's children are its entity's)
      FUZZ_CHECK(folio::is_element(n, folio::local_name(n)));
      folio::attribute(n, "id");
      folio::child_element(n, "p");
      if (depth < 3) {  // text_of() reads the whole subtree: near the top only
        FUZZ_CHECK(folio::text_of(n).size() <= (16u << 20));
      }
      walk(n->children, depth + 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const folio::XmlDoc doc = folio::parse_xml(folio::fuzz::as_text(data, size));
  if (const xmlNode* root = folio::root_of(doc); root != nullptr) {
    walk(root, 0);
  }
  return 0;
}
