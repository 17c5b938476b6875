// What the fuzz targets share: the invariant check that aborts, the input as a string_view,
// the unpack limits of the packed formats, and the checks every article must pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "folio/article.h"
#include "folio/reader.h"

#include "readers/dispatch.h"
#include "readers/extraction.h"
#include "text/date.h"
#include "text/utf8.h"

// Aborts (a crash to libFuzzer, which keeps the input) when `cond` is false. Unlike assert(),
// it holds in every build type.
#define FUZZ_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : folio::fuzz::broken(#cond, __FILE__, __LINE__))

namespace folio::fuzz {

[[noreturn]] inline void broken(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The indexer's ratios, with a smaller ceiling than its 512 MB: a fuzzer's zip bomb is then
// refused before it passes the run's memory limit, and the limit is exercised all the same.
inline constexpr UnpackLimits kLimits{
    .max_bytes = 32ull << 20, .max_ratio = 100, .ratio_floor = 1ull << 20};

// What every reader promises of an article: valid UTF-8 everywhere, and a date that is a
// real "YYYY-MM-DD" day or nothing.
inline void check_article(const Article& a) {
  for (const std::string* field :
       {&a.id, &a.path, &a.url, &a.title, &a.date, &a.author, &a.category, &a.body, &a.language}) {
    FUZZ_CHECK(text::is_valid_utf8(*field));
  }
  FUZZ_CHECK(a.date.empty() || text::normalize_date(a.date) == a.date);
}

// A packed format's result: articles that pass check_article(), or a reason for none.
inline void check_extraction(const Extraction& x) {
  FUZZ_CHECK(!x.articles.empty() || !x.skip_reason.empty());
  FUZZ_CHECK(text::is_valid_utf8(x.skip_detail));
  for (const KeyedArticle& k : x.articles) {
    check_article(k.article);
  }
}

// `bytes` read as the file `name` (its extension picks the reader) by the dispatch the
// indexer and the extractor worker run (parse_bytes): charset decoding, the reader, the ids.
// Each article passes check_article(); a file without one is skipped with a reason.
inline void read_as(std::string_view bytes, const char* name) {
  std::uint64_t seen = 0;
  const ReadResult r = parse_bytes(bytes, name, ".", [&](Article&& a) {
    check_article(a);
    ++seen;
  });
  FUZZ_CHECK(seen == r.articles);
  FUZZ_CHECK(r.articles > 0 || !r.skipped.empty());
  for (const Skip& s : r.skipped) {
    FUZZ_CHECK(!s.reason.empty());
  }
}

}  // namespace folio::fuzz
