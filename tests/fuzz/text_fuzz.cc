// Fuzz target: a .txt file through the dispatch (charset detection, the plain-text reader).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folio::fuzz::read_as(folio::fuzz::as_text(data, size), "fuzz.txt");
  return 0;
}
