// Fuzz target: stub files, the lists of shards an index folder or a user writes (parse_stub:
// `auto PATH`, `remote HOST:PORT`, `remote :PROGRAM ARGS`), and an index folder's stub
// naming its generation (generation_number).
#include "folio/error.h"

#include "fuzz_support.h"
#include "search/collection.h"
#include "store/index_dir.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view stub = folio::fuzz::as_text(data, size);
  folio::generation_number(stub);
  try {
    for (const folio::StubShard& s : folio::parse_stub(stub, "/index", "fuzz")) {
      // Exactly one of: a local path, a host and port, a program.
      FUZZ_CHECK(!s.local.empty() + !s.host.empty() + !s.program.empty() == 1);
      FUZZ_CHECK(!s.name.empty());
      FUZZ_CHECK(s.host.empty() ? s.port == 0 : s.port >= 1 && s.port <= 65535);
    }
  } catch (const folio::IndexError&) {
  }
  return 0;
}
