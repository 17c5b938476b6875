// The JSON Lines reader (.jsonl): one article a line, {"id", "title", "text", ...}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "folio/article.h"
#include "folio/reader.h"

namespace folio {

/// Parses one JSON Lines record; returns false and sets `error` when the line is not a JSON
/// object with a non-empty "id" (a string or an integer) and some "title" or "text". Optional
/// string fields: "date", "author", "url" (null counts as absent); "language" else "lang" as
/// the language, ignored unless a string. Thread-safe.
bool parse_jsonl_line(std::string_view line, Article& out, std::string& error);

/// One line of a JSON Lines file as the indexer reads it: `line` without its '\n', `number`
/// 1-based, `path` the file. True with `out` filled (path set, category empty); false with
/// `skip` filled ("bad encoding", "bad JSONL line"), or with an empty `skip.reason` for a blank
/// line. A UTF-8 BOM on line 1 is ignored. Thread-safe.
bool read_jsonl_record(std::string_view line, std::uint64_t number, const std::string& path,
                       Article& out, Skip& skip);

}  // namespace folio
