// Fuzz target: an .rss/.atom/.xml file through the dispatch (looks_like_feed, parse_feed: RSS
// 2.0, RSS 1.0, Atom, the XML declaration's charset, each item's HTML).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folio::fuzz::read_as(folio::fuzz::as_text(data, size), "fuzz.xml");
  return 0;
}
