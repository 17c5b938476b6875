// Fuzz target: the HTTP API's parameters. The input is a URL's query string, split and
// decoded by cpp-httplib as the server does, then made a SearchRequest (searcher/params).
#include <httplib.h>

#include "fuzz_support.h"
#include "params.h"
#include "server.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace folio::cli;
  Params params;
  httplib::detail::parse_query_text(std::string(folio::fuzz::as_text(data, size)), params);
  std::size_t page = 0;
  std::size_t size_param = 0;
  try {
    const folio::SearchRequest r = search_request(params, page, size_param);
    FUZZ_CHECK(size_param >= 1 && size_param <= kMaxPageSize && page >= 1);
    FUZZ_CHECK(page * size_param <= kMaxResultDepth && r.offset == (page - 1) * size_param);
    FUZZ_CHECK(r.limit == size_param && r.query.size() <= kMaxQueryBytes && r.snippets <= 5);
    for (const std::string& lang : r.languages) {
      FUZZ_CHECK(!lang.empty() && lang.find(',') == std::string::npos);
    }
  } catch (const HttpError& e) {
    FUZZ_CHECK(e.status == 400);
  }
  return 0;
}
