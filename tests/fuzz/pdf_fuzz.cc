// Fuzz target: the PDF reader (poppler: pages' words, lines and paragraphs, hyphens, the info
// dictionary and XMP metadata), as the extractor worker runs it.
#include "fuzz_support.h"
#include "readers/pdf_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const folio::PdfLimits limits{.max_pages = 50, .max_body_bytes = 1 << 20};
  folio::fuzz::check_extraction(folio::parse_pdf(folio::fuzz::as_text(data, size), limits));
  return 0;
}
