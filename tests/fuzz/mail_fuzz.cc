// Fuzz target: mail through the dispatch (GMime: MIME parts, encodings, charsets). An input
// that starts "From " is read as an mbox mailbox, any other as one .eml message.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = folio::fuzz::as_text(data, size);
  folio::fuzz::read_as(bytes, bytes.starts_with("From ") ? "fuzz.mbox" : "fuzz.eml");
  return 0;
}
