// The flags folio-search and `folio-search serve` share, declared once: which indexes to
// search and how to open them.
#pragma once

#include <filesystem>
#include <vector>

#include <cxxopts.hpp>

#include "folio/searcher.h"

namespace folio::cli {

/// Where to search and how: --db (repeatable), --timeout, --allow-partial.
struct IndexFlags {
  std::vector<std::filesystem::path> dbs;
  SearcherOptions open;
};

/// Adds --db, --timeout and --allow-partial to `spec`; `what` ends --db's help ("search",
/// "serve").
void add_index_flags(cxxopts::Options& spec, const std::string& what);

/// The values of those flags.
IndexFlags index_flags(const cxxopts::ParseResult& args);

}  // namespace folio::cli
