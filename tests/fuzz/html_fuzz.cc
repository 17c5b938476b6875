// Fuzz target: an .html file through the dispatch (<meta charset>, gumbo, the HTML reader's
// metadata: JSON-LD, microdata, <time>), and charset_param() on the same bytes.
#include "fuzz_support.h"
#include "readers/html_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = folio::fuzz::as_text(data, size);
  folio::fuzz::read_as(bytes, "fuzz.html");
  const std::string charset = folio::charset_param(bytes);
  FUZZ_CHECK(charset.find_first_of("\"'") == std::string::npos);
  return 0;
}
