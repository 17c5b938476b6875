// Fuzz target: the WARC reader (records, HTTP responses, chunked and gzip bodies, gzip
// members, charsets), as the extractor worker runs it.
#include "fuzz_support.h"
#include "readers/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folio::fuzz::check_extraction(
      folio::parse_warc(folio::fuzz::as_text(data, size), folio::fuzz::kLimits));
  return 0;
}
