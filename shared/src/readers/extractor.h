// Parsing binary formats in extractor worker processes: the indexer's side. A pool of
// long-lived workers (the program folio-extract, see extractor_main()), each started with its
// limits and given one file at a time; a worker that crashes, hangs or floods is killed and
// replaced, and its file skipped with the reason.
#pragma once

#include <filesystem>
#include <string_view>

#include "folio/reader.h"

namespace folio {

/// Has a worker parse `bytes` (the file `file` below `root`, whose kind needs_extractor()) and
/// hands its articles to `sink` once the worker's reply is complete. Failures of the worker
/// become `skipped` entries naming the file; never throws for them. Thread-safe: concurrent
/// callers each get a worker of their own.
ReadResult extract_in_worker(std::string_view bytes, const std::filesystem::path& file,
                             const std::filesystem::path& root, const ArticleSink& sink,
                             const ExtractorOptions& options);

/// The worker program `options` name, resolved as ExtractorOptions::program says; empty when
/// there is none.
std::filesystem::path extractor_program(const ExtractorOptions& options);

}  // namespace folio
