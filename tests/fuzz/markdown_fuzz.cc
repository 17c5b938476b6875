// Fuzz target: a .md file through the dispatch (charset detection, front matter, the
// Markdown reader).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folio::fuzz::read_as(folio::fuzz::as_text(data, size), "fuzz.md");
  return 0;
}
