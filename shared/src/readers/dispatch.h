// The one dispatch by file type: bytes read from a file -> the articles its format holds.
#pragma once

#include <filesystem>
#include <string_view>

#include "folio/reader.h"

namespace folio {

/// What read_file() does with a (non-JSONL) file once its bytes are read: parse them in this
/// process (parse_bytes()), or in an extractor worker when the file's kind needs_extractor().
/// `result.bytes` is the size of `bytes`; `hash` is left empty.
ReadResult read_bytes(std::string_view bytes, const std::filesystem::path& file,
                      const std::filesystem::path& root, const ArticleSink& sink,
                      const ExtractorOptions& extractor);

/// Parses `bytes` in this process with the reader `file`'s kind selects: decode them to UTF-8
/// (text formats), parse, set id, path and category (see read_file()) and hand each article to
/// `sink`. Empty, binary, undecodable and textless files become `skipped` entries. What the
/// extractor worker runs; the indexer itself calls read_bytes().
ReadResult parse_bytes(std::string_view bytes, const std::filesystem::path& file,
                       const std::filesystem::path& root, const ArticleSink& sink);

}  // namespace folio
