// What folio-index prints: the progress line, skips and notes as they happen, the summary of
// a run (text and JSON) and the one line of each run in --watch.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "folio/indexing.h"

/// The live line on a terminal: files, megabytes, rate and time left.
void show_progress(const folio::IndexingProgress& p);

/// Skips and notes as they happen, one line each, on stderr (`live`: after clearing the
/// progress line).
folio::IndexingListener skip_printer(bool quiet, bool live);

/// The summary of a run into the index `db`.
void print_report(std::ostream& out, const folio::IndexingReport& r,
                  const std::filesystem::path& db);

/// The summary as --stats-json writes it.
std::string to_json(const folio::IndexingReport& r, const std::filesystem::path& db);

/// One run of --watch after the first, as one line with the time.
void print_run_line(std::ostream& out, const folio::IndexingReport& r);
