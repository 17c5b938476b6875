// The query parameters of the HTTP API -> a SearchRequest, apart from cpp-httplib (a fuzz
// target drives them: tests/fuzz/server_params_fuzz.cc).
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>

#include "folio/searcher.h"

namespace folio::cli {

/// A request the API refuses, with the HTTP status to say so.
struct HttpError : std::runtime_error {
  HttpError(int s, const std::string& message) : std::runtime_error(message), status(s) {}
  int status;
};

/// A request's query parameters, each name with its values in order: httplib::Params.
using Params = std::multimap<std::string, std::string>;

/// A whole number parameter from `lo` to `hi`, `fallback` when absent or empty. Throws
/// HttpError 400 naming the parameter otherwise.
std::size_t count_param(const Params& params, const char* name, std::size_t fallback,
                        std::size_t lo, std::size_t hi);

/// The `q` parameter. Throws HttpError 400 when it is longer than kMaxQueryBytes.
std::string query_param(const Params& params);

/// The search request a /api/search query string asks for, and its `page` and `size`. Throws
/// HttpError 400 for a parameter out of range or malformed.
SearchRequest search_request(const Params& params, std::size_t& page, std::size_t& size);

}  // namespace folio::cli
