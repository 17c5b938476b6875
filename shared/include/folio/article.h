// Articles and the readers that turn files (.txt, .md, .html, .jsonl) into them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace folio {

/// Files larger than this are skipped (a 10 MB article is read; a 1 GB dump is not).
inline constexpr std::uint64_t kDefaultMaxFileBytes = 64ull << 20;

/// One article as Folio indexes and shows it. All strings are valid UTF-8.
struct Article {
  std::string id;    ///< unique key: path relative to the indexed root, or the JSONL "id"
  std::string path;  ///< the file it came from (for JSONL: the .jsonl file); index_paths() makes it
                     ///< absolute
  std::string url;   ///< optional source URL
  std::string title;     ///< may be empty
  std::string date;      ///< ISO "YYYY-MM-DD", or empty when unknown
  std::string author;    ///< may be empty
  std::string category;  ///< top folder below the indexed root, or empty
  std::string body;      ///< the visible text, paragraphs separated by blank lines
};

/// Why a file (or one JSONL line) was not indexed.
struct Skip {
  std::string path;  ///< file, or "file:line" for a JSONL line
  std::string
      reason;  ///< short, stable reason used for counting ("empty file", "binary file", ...)
  std::string detail;  ///< human-readable detail, may be empty
};

/// What reading one file produced. A file yields zero or more articles (JSONL: one per line).
struct ReadResult {
  std::uint64_t articles = 0;      ///< articles handed to the sink
  std::vector<Skip> skipped;       ///< the file itself, or individual JSONL lines
  std::vector<std::string> notes;  ///< non-fatal remarks, e.g. "converted from ISO-8859-1"
  std::string converted_from;      ///< the source charset when the file was not UTF-8
  std::uint64_t bytes = 0;         ///< bytes read from disk
};

/// Result of decoding raw bytes to UTF-8.
struct Decoded {
  bool ok = false;
  std::string text;     ///< UTF-8 (BOM removed) when ok
  std::string charset;  ///< source charset when it was converted ("UTF-8" when it already was)
  std::string error;    ///< why not, when !ok ("binary file", "unknown encoding", ...)
};

/// Returns `bytes` as UTF-8: valid UTF-8 passes through; a UTF-16/32 BOM or another charset
/// detected by ICU with enough confidence is converted; NUL bytes mean binary. Mostly-UTF-8
/// text with a few stray bytes keeps its UTF-8 and reads the strays as windows-1252; text
/// ICU cannot place falls back to windows-1252 when every byte is defined there and at most
/// half are non-ASCII; otherwise "unknown encoding". Thread-safe.
Decoded decode_to_utf8(std::string_view bytes);

/// Parsers of one article's UTF-8 text. They never throw on bad content; fields they cannot
/// find stay empty. `id`, `path` and `category` are left for the caller. Thread-safe.
Article parse_text(std::string_view text);
Article parse_markdown(std::string_view text);
Article parse_html(std::string_view text);

/// Parses one JSON Lines record; returns false and sets `error` when the line is not a JSON
/// object with a non-empty "id" and some "title" or "text". Thread-safe.
bool parse_jsonl_line(std::string_view line, Article& out, std::string& error);

/// Turns a date written the usual ways ("January 14, 2020, 1:22pm", "14 Jan 2020",
/// "2020-01-14T10:00:00Z", "2020/01/14") into "YYYY-MM-DD"; empty when it is not a date.
std::string normalize_date(std::string_view text);

/// Which reader a file name selects.
enum class FileKind { kText, kMarkdown, kHtml, kJsonl, kUnsupported };
FileKind file_kind(const std::filesystem::path& file);

/// Receives each article read; may move from it.
using ArticleSink = std::function<void(Article&&)>;

/// Reads one file below `root` (root may equal the file's parent) and hands each article to
/// `sink`. Sets id (path relative to root, '/'-separated), path and category (first folder
/// below root, empty for files directly in root) for file articles; JSONL articles keep their
/// own id and are streamed line by line (no whole-file limit; `max_bytes` applies per line).
/// Unreadable, unsupported, empty, binary or undecodable files become `skipped` entries; never
/// throws for bad content. Files over `max_bytes` are skipped. Thread-safe.
ReadResult read_file(const std::filesystem::path& file, const std::filesystem::path& root,
                     const ArticleSink& sink, std::uint64_t max_bytes = kDefaultMaxFileBytes);

/// What read_file() does with a (non-JSONL) file once its bytes are read: decode, parse by
/// the kind `file`'s name selects, set id/path/category, hand the article to `sink`.
ReadResult read_bytes(std::string_view bytes, const std::filesystem::path& file,
                      const std::filesystem::path& root, const ArticleSink& sink);

/// What read_file() does with one JSON Lines record: `line` without its '\n', `number` 1-based,
/// `path` the file. True with `out` filled; false with `skip` filled, or with an empty
/// `skip.reason` for a blank line. Thread-safe.
bool read_jsonl_record(std::string_view line, std::uint64_t number, const std::string& path,
                       Article& out, Skip& skip);

}  // namespace folio
