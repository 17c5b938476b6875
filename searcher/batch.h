// Batch mode of folio-search: a file of queries in, a TREC run or JSON lines and timings out.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "folio/searcher.h"

namespace folio::cli {

struct BatchOptions {
  std::string queries;          ///< qid<TAB>query lines
  std::string format = "trec";  ///< "trec" (qid Q0 id rank score folio) or "json" (a line a query)
  std::size_t warmup = 1;       ///< untimed passes over all queries first
  std::string latency;          ///< qid<TAB>ms: parse to hits, and to snippet strings when made
  std::string latency_top10;    ///< qid<TAB>ms of an extra pass without snippets
  std::string snippets;         ///< qid<TAB>rank<TAB>id<TAB>title<TAB>snippet, <b> highlights
};

/// Runs `opts.warmup` untimed passes, then (with `latency_top10`) a timed pass without
/// snippets, then the timed pass whose results go to `out`. Snippets (request.snippets
/// passages per hit) are made when the format is json or `snippets` names a file; their time,
/// up to HTML strings, is part of `latency`. Throws ConfigError when a file cannot be read or
/// written; returns the exit code.
int run_batch(const BatchOptions& opts, SearchRequest request, Searcher& searcher,
              std::ostream& out);

}  // namespace folio::cli
