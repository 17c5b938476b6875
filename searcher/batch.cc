// Batch mode of folio-search, for evaluation and the serving-latency benchmark.
#include "batch.h"

#include <chrono>
#include <fstream>
#include <utility>
#include <vector>

#include "folio/error.h"

#include "output.h"

namespace folio::cli {
namespace {

using Queries = std::vector<std::pair<std::string, std::string>>;

Queries read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ConfigError("cannot read queries file '" + path + "'");
  }
  Queries queries;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) {
      queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
  }
  return queries;
}

std::ofstream open_output(const std::string& path) {
  std::ofstream out(path);
  if (!out) {
    throw ConfigError("cannot write '" + path + "'");
  }
  return out;
}

// One line of a TSV file: tabs and line breaks become spaces.
std::string tsv_field(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return text;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int run_batch(const BatchOptions& opts, SearchRequest request, Searcher& searcher,
              std::ostream& out) {
  const Queries queries = read_queries(opts.queries);
  request.suggest = false;  // evaluation and latency runs want the hits only
  request.facets = false;   // they would make every query look at all its matches
  const bool snippets = (opts.format == "json" || !opts.snippets.empty()) && request.snippets > 0;
  if (!snippets) {
    request.snippets = 0;
  }
  SearchRequest top10 = request;  // the same without snippets
  top10.snippets = 0;
  for (std::size_t pass = 0; pass < opts.warmup; ++pass) {
    for (const auto& [qid, text] : queries) {
      request.query = text;
      searcher.search(request);
      if (!opts.latency_top10.empty()) {
        top10.query = text;
        searcher.search(top10);
      }
    }
  }
  if (!opts.latency_top10.empty()) {
    std::ofstream lat = open_output(opts.latency_top10);
    for (const auto& [qid, text] : queries) {
      top10.query = text;
      const auto t0 = std::chrono::steady_clock::now();
      searcher.search(top10);
      lat << qid << '\t' << ms_since(t0) << '\n';
    }
  }
  std::ofstream latency;
  std::ofstream snippet_lines;
  if (!opts.latency.empty()) {
    latency = open_output(opts.latency);
  }
  if (!opts.snippets.empty()) {
    snippet_lines = open_output(opts.snippets);
  }
  std::vector<std::string> html;
  for (const auto& [qid, text] : queries) {
    request.query = text;
    const auto t0 = std::chrono::steady_clock::now();
    const SearchResults res = searcher.search(request);
    html.clear();
    if (snippets) {
      for (const Hit& h : res.hits) {
        html.push_back(snippet_to_html(join_passages(h.snippets), "<b>", "</b>"));
      }
    }
    const double ms = ms_since(t0);
    if (latency.is_open()) {
      latency << qid << '\t' << ms << '\n';
    }
    if (snippet_lines.is_open()) {
      for (std::size_t i = 0; i < html.size(); ++i) {
        const Hit& h = res.hits[i];
        snippet_lines << qid << '\t' << h.rank << '\t' << tsv_field(h.article.id) << '\t'
                      << tsv_field(h.article.title) << '\t' << tsv_field(html[i]) << '\n';
      }
    }
    if (opts.format == "json") {
      JsonExtras extras;
      extras.qid = qid;
      out << results_json(res, request, extras) << '\n';
      continue;
    }
    for (const Hit& h : res.hits) {
      out << qid << " Q0 " << h.article.id << ' ' << h.rank << ' ' << h.score << " folio\n";
    }
  }
  return 0;
}

}  // namespace folio::cli
