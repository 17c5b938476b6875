// Fuzz target: the EPUB reader (container.xml, the OPF's metadata and spine, each chapter's
// HTML, encryption.xml) and epub_entry_name() on its paths.
#include "fuzz_support.h"
#include "readers/epub_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = folio::fuzz::as_text(data, size);
  folio::fuzz::check_extraction(folio::parse_epub(bytes, folio::fuzz::kLimits));
  // The same bytes as an href: resolved lexically, never above the zip's root.
  const std::string name = folio::epub_entry_name("OEBPS/text/", bytes.substr(0, 256));
  FUZZ_CHECK(!name.starts_with("/") && !name.starts_with("../") && name != "..");
  return 0;
}
