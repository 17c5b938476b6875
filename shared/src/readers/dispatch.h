// The one dispatch by file type: bytes read from a file -> the articles its format holds.
#pragma once

#include <filesystem>
#include <string_view>

#include "folio/reader.h"

namespace folio {

/// What read_file() does with a (non-JSONL) file once its bytes are read: decode them to
/// UTF-8, parse them with the reader `file`'s kind selects, set id, path and category (see
/// read_file()) and hand the article to `sink`. Empty, binary, undecodable and textless files
/// become `skipped` entries. `result.bytes` is the size of `bytes`; `hash` is left empty.
ReadResult read_bytes(std::string_view bytes, const std::filesystem::path& file,
                      const std::filesystem::path& root, const ArticleSink& sink);

}  // namespace folio
