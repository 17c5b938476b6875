// What a reader of a binary or packed format (PDF, DOCX, ODT, EPUB, WARC) gives back, and the
// limits on how much a packed file may unpack to. These readers run in the extractor worker
// (readers/extract_worker.h), never in the indexer's own process.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "readers/keyed_article.h"

namespace folio {

/// The articles read from one file, or why there are none. A format of one article a file
/// (PDF, DOCX, ODT, EPUB) gives one with an empty key (its id is then the file's own); a
/// format of several (WARC) gives each its key (id "PATH#KEY").
struct Extraction {
  std::vector<KeyedArticle> articles;
  std::string skip_reason;  ///< short and stable when `articles` is empty: "encrypted PDF",
                            ///< "image-only PDF", "corrupt archive", "zip bomb", "no text"
  std::string skip_detail;  ///< for people, may be empty

  /// No articles, and why.
  static Extraction skipped(std::string reason, std::string detail) {
    Extraction e;
    e.skip_reason = std::move(reason);
    e.skip_detail = std::move(detail);
    return e;
  }
};

/// How far a packed file (a zip, a gzip stream) may unpack. A file is refused ("zip bomb") as
/// soon as what it unpacked passes `max_bytes`, or passes both `ratio_floor` and `max_ratio`
/// times the packed size.
struct UnpackLimits {
  std::uint64_t max_bytes = 512ull << 20;
  std::uint64_t max_ratio = 100;
  std::uint64_t ratio_floor = 16ull << 20;

  /// True while `unpacked` bytes from `packed` bytes are within the limits.
  bool allows(std::uint64_t packed, std::uint64_t unpacked) const {
    if (unpacked > max_bytes) {
      return false;
    }
    return unpacked <= ratio_floor || unpacked / (packed == 0 ? 1 : packed) <= max_ratio;
  }
};

}  // namespace folio
