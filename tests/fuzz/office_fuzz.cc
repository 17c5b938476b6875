// Fuzz target: the office readers, DOCX and ODT (each input read as both): the zip, the XML
// parts, paragraphs, tables, revisions, core and meta properties.
#include "fuzz_support.h"
#include "readers/office_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = folio::fuzz::as_text(data, size);
  folio::fuzz::check_extraction(folio::parse_docx(bytes, folio::fuzz::kLimits));
  folio::fuzz::check_extraction(folio::parse_odt(bytes, folio::fuzz::kLimits));
  return 0;
}
