// The query parameters of the HTTP API -> a SearchRequest.
#include "params.h"

#include <algorithm>
#include <charconv>
#include <iterator>

#include "output.h"
#include "server.h"

namespace folio::cli {
namespace {

// The `i`-th value of `name`, empty when there is none (as httplib's get_param_value()).
std::string value(const Params& params, const std::string& name, std::size_t i = 0) {
  const auto [first, last] = params.equal_range(name);
  if (static_cast<std::size_t>(std::distance(first, last)) <= i) {
    return {};
  }
  return std::next(first, static_cast<std::ptrdiff_t>(i))->second;
}

}  // namespace

std::size_t count_param(const Params& params, const char* name, std::size_t fallback,
                        std::size_t lo, std::size_t hi) {
  const std::string text = value(params, name);
  if (text.empty()) {
    return fallback;
  }
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < lo || n > hi) {
    throw HttpError(400, std::string(name) + " must be a whole number from " + std::to_string(lo) +
                             " to " + std::to_string(hi) + ", not '" + text + "'");
  }
  return n;
}

std::string query_param(const Params& params) {
  std::string q = value(params, "q");
  if (q.size() > kMaxQueryBytes) {
    throw HttpError(400, "the query is too long: " + std::to_string(q.size()) + " bytes, at most " +
                             std::to_string(kMaxQueryBytes));
  }
  return q;
}

SearchRequest search_request(const Params& params, std::size_t& page, std::size_t& size) {
  SearchRequest r;
  r.query = query_param(params);
  size = count_param(params, "size", 10, 1, kMaxPageSize);
  page = count_param(params, "page", 1, 1, kMaxResultDepth / size);
  r.offset = (page - 1) * size;
  r.limit = size;
  if (const std::string sort = value(params, "sort"); !sort.empty() && !parse_sort(sort, r.sort)) {
    throw HttpError(400, "sort must be relevance, newest or oldest, not '" + sort + "'");
  }
  r.category = value(params, "category");
  // lang=de&lang=fr, or lang=de,fr
  for (std::size_t i = 0, n = params.count("lang"); i < n; ++i) {
    const std::string langs = value(params, "lang", i);
    for (std::size_t begin = 0; begin <= langs.size();) {
      const std::size_t comma = std::min(langs.find(',', begin), langs.size());
      if (comma > begin) {
        r.languages.push_back(langs.substr(begin, comma - begin));
      }
      begin = comma + 1;
    }
  }
  r.date_from = value(params, "from");
  r.date_to = value(params, "to");
  r.like = value(params, "like");
  r.snippets = count_param(params, "snippets", r.snippets, 0, 5);
  return r;
}

}  // namespace folio::cli
