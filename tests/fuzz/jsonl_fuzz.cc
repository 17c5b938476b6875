// Fuzz target: a JSON Lines file, line by line as the indexer reads it (read_jsonl_record:
// BOM, UTF-8 check, simdjson, the fields).
#include "fuzz_support.h"
#include "readers/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = folio::fuzz::as_text(data, size);
  for (std::uint64_t number = 1; !rest.empty(); ++number) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    folio::Article a;
    folio::Skip skip;
    if (folio::read_jsonl_record(line, number, "fuzz.jsonl", a, skip)) {
      folio::fuzz::check_article(a);
      FUZZ_CHECK(!a.id.empty());
    }
  }
  return 0;
}
