// Reading files into articles: the formats Folio reads, one entry point for all of them.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "folio/article.h"
#include "folio/export.h"

namespace folio {

/// Files larger than this are skipped (a 10 MB article is read; a 1 GB dump is not).
inline constexpr std::uint64_t kDefaultMaxFileBytes = 64ull << 20;

/// Why a file (or one JSONL line) was not indexed.
struct Skip {
  std::string path;    ///< file, or "file:line" for a JSONL line
  std::string reason;  ///< short, stable reason used for counting ("empty file", "binary file")
  std::string detail;  ///< human-readable detail, may be empty
};

/// What reading one file produced. A file yields zero or more articles (JSONL: one per line).
struct ReadResult {
  std::uint64_t articles = 0;      ///< articles handed to the sink
  std::vector<Skip> skipped;       ///< the file itself, or individual JSONL lines
  std::vector<std::string> notes;  ///< non-fatal remarks, e.g. "converted from ISO-8859-1"
  std::string converted_from;      ///< the source charset when the file was not UTF-8
  std::uint64_t bytes = 0;         ///< bytes read from disk
  std::string hash;                ///< content hash of the bytes read (16 hex digits)
};

/// Which reader a file name selects (by its extension, in any case).
enum class FileKind {
  kText,      ///< .txt, .text: title line, dateline, byline, body
  kMarkdown,  ///< .md, .markdown: YAML front matter, # headings, markup removed
  kHtml,      ///< .html, .htm, .xhtml: meta data, visible text of the page
  kJsonl,     ///< .jsonl, .ndjson: one article a line ({"id", "title", "text", ...})
  kFeed,      ///< .rss, .atom: RSS 2.0, RSS 1.0 or Atom, one article an item ("PATH#KEY")
  kXml,       ///< .xml, .rdf: read as a feed when its root element is one, else skipped
  kMail,      ///< .eml: one mail message (MIME)
  kMailbox,   ///< .mbox: a mailbox of messages, one article a message ("PATH#MESSAGE-ID")
  kPdf,       ///< .pdf: the text of every page, meta data from the document info or XMP
  kDocx,      ///< .docx: Word's Office Open XML
  kOdt,       ///< .odt: OpenDocument text
  kEpub,      ///< .epub: one article a book, the spine's chapters in order
  kWarc,      ///< .warc, .warc.gz: a web archive, one article a page ("PATH#URL")
  kUnsupported
};
FOLIO_API FileKind file_kind(const std::filesystem::path& file);

/// True for the binary and packed formats (PDF, DOCX, ODT, EPUB, WARC), which are parsed in an
/// extractor worker process under limits, never in the caller's process.
FOLIO_API bool needs_extractor(FileKind kind);

/// The extractor workers: long-lived processes of the program folio-extract, each parsing one
/// file at a time under limits. A file whose worker crashes, hangs or passes a limit is skipped
/// with the reason ("extractor crashed (signal 11)", "extractor timed out after 30 s",
/// "extractor output too large"); the worker is replaced and nothing else is lost.
struct ExtractorOptions {
  /// The worker program; empty: $FOLIO_EXTRACT, else folio-extract beside the running program,
  /// else the installed one. Without one, such files are skipped ("extractor not found").
  std::filesystem::path program;
  /// Wall-clock time for one file (also the worker's CPU limit for it).
  std::chrono::seconds timeout{30};
  /// Address space of a worker (RLIMIT_AS), 0 for none; unset: 2 GiB (none in builds with
  /// AddressSanitizer, which reserves terabytes of address space).
  std::optional<std::uint64_t> memory_bytes;
  /// What one file's articles may add up to (text and fields).
  std::uint64_t max_output_bytes = 256ull << 20;
};

/// How read_file() reads.
struct ReadOptions {
  /// Files larger than this are skipped; for JSON Lines, lines larger than this.
  std::uint64_t max_bytes = kDefaultMaxFileBytes;
  ExtractorOptions extractor;
};

/// Reads one file below `root` (root may equal the file's parent) and hands each article to
/// `sink`. Sets id (path relative to root, '/'-separated), path and category (first folder
/// below root, empty for files directly in root) for file articles; an article of a file that
/// holds several (a feed's item, a mailbox's message) has the id PATH#KEY, KEY its own (a feed
/// item's guid or id, else its link; a message's Message-ID; else its position); JSONL articles
/// keep their own id and are streamed line by line (no whole-file limit; `options.max_bytes`
/// applies per line). Unreadable, unsupported, empty, binary or undecodable files become `skipped`
/// entries; never throws for bad content. Files over `options.max_bytes` are skipped; binary
/// formats go through an extractor worker (see needs_extractor()). This is how run_indexing() reads
/// every file. Thread-safe.
FOLIO_API ReadResult read_file(const std::filesystem::path& file, const std::filesystem::path& root,
                               const ArticleSink& sink, const ReadOptions& options = {});

/// The loop of the worker program folio-extract: reads requests on its standard input (a
/// socket from the indexer), parses each file in this process and writes the articles back.
/// Returns the program's exit code. Not for other uses.
FOLIO_API int extractor_main(int argc, char** argv);

}  // namespace folio
