// folio-search: ranked search over a Folio index, as text for people or JSON for programs.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <unistd.h>

#include "folio/config.h"
#include "folio/error.h"
#include "folio/searcher.h"

#include "batch.h"
#include "flags.h"
#include "output.h"
#include "server.h"
#include "stats.h"

namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SearcherFlags {
  folio::cli::IndexFlags index;
  folio::SearchRequest request;
  bool json = false;
  folio::cli::BatchOptions batch;  // batch mode when batch.queries is set
};

// The default of --pair-weight, as the library has it.
std::string pair_weight_default() {
  std::ostringstream s;
  s << folio::Weighting{}.pairs;
  return s.str();
}

cxxopts::Options make_spec() {
  cxxopts::Options spec("folio-search",
                        "Search a Folio index. A query that starts with '-' "
                        "goes after '--'.");
  spec.custom_help(
      "[--db DIR] [--limit N] [--offset N] [--json] [--category NAME] [--lang CODE]... "
      "[--from DATE] [--to DATE] [--sort ORDER] [--like ID] [--no-collapse] [--snippets N] "
      "[--timeout MS] [--allow-partial]");
  spec.positional_help(
      "[--] QUERY...   (or: folio-search serve --help, folio-search stats --help)");
  folio::cli::add_index_flags(spec, "search");
  // clang-format off
  spec.add_options()
      ("n,limit", "number of hits", cxxopts::value<std::size_t>()->default_value("10"))
      ("offset", "hits to skip (paging)", cxxopts::value<std::size_t>()->default_value("0"))
      ("j,json", "print one JSON object instead of text")
      ("c,category", "only this category (top folder)", cxxopts::value<std::string>())
      ("lang", "only articles in this language (ISO 639-1 code such as de, or a name); "
       "repeatable; query words are then matched in these languages only",
       cxxopts::value<std::vector<std::string>>())
      ("from", "only articles dated on or after YYYY[-MM[-DD]]", cxxopts::value<std::string>())
      ("to", "only articles dated on or before YYYY[-MM[-DD]]", cxxopts::value<std::string>())
      ("feedback", "pseudo-relevance feedback: also search for the best terms of the top 10 hits")
      ("weighting", "how words weigh: ineb2 (the default), bm25 (bm25:K1,B), bb2, inl2, pl2 "
       "(each :C, as ineb2) or dph", cxxopts::value<std::string>())
      ("pair-weight", "neighbouring query words that are neighbours in an article add their "
       "pair's weight times W (0: not asked for; default " + pair_weight_default() + ")",
       cxxopts::value<double>())
      ("snippets", "best passages shown per hit (0: none)",
       cxxopts::value<std::size_t>()->default_value("2"))
      ("sort", "relevance, newest or oldest (undated articles last)",
       cxxopts::value<std::string>()->default_value("relevance"))
      ("like", "more like this: the articles most similar to article ID (no QUERY needed)",
       cxxopts::value<std::string>())
      ("no-collapse", "list articles with identical bodies separately")
      ("queries", "batch mode: run every qid<TAB>query line of FILE",
       cxxopts::value<std::string>())
      ("format", "batch output: trec (qid Q0 id rank score folio) or json (a line a query)",
       cxxopts::value<std::string>()->default_value("trec"))
      ("warmup", "batch mode: untimed passes over the queries first",
       cxxopts::value<std::size_t>()->default_value("1"))
      ("latency", "batch mode: write qid<TAB>milliseconds per query to FILE (from parsing to "
       "having the hits and, when made, their snippets as HTML)", cxxopts::value<std::string>())
      ("latency-top10", "batch mode: also time a pass without snippets, to FILE",
       cxxopts::value<std::string>())
      ("snippets-out", "batch mode: make snippets and write qid<TAB>rank<TAB>id<TAB>title"
       "<TAB>snippet lines (<b> highlights) to FILE", cxxopts::value<std::string>())
      ("version", "print the version")
      ("h,help", "print this help")
      ("query", "the query", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  spec.parse_positional({"query"});
  return spec;
}

// --queries and the flags that go with it.
folio::cli::BatchOptions batch_options(const cxxopts::ParseResult& args) {
  folio::cli::BatchOptions b;
  b.queries = args["queries"].as<std::string>();
  b.format = args["format"].as<std::string>();
  if (b.format != "trec" && b.format != "json") {
    throw UsageError("--format must be trec or json");
  }
  b.warmup = args["warmup"].as<std::size_t>();
  for (auto [name, field] :
       {std::pair{"latency", &b.latency}, std::pair{"latency-top10", &b.latency_top10},
        std::pair{"snippets-out", &b.snippets}}) {
    if (args.count(name) != 0U) {
      *field = args[name].as<std::string>();
    }
  }
  return b;
}

// The query, its filters, order and page.
folio::SearchRequest search_request(const cxxopts::ParseResult& args) {
  folio::SearchRequest r;
  if (!folio::cli::parse_sort(args["sort"].as<std::string>(), r.sort)) {
    throw UsageError("--sort must be relevance, newest or oldest");
  }
  if (args.count("like") != 0U) {
    r.like = args["like"].as<std::string>();
  }
  r.collapse_duplicates = args.count("no-collapse") == 0U;
  if (args.count("query") != 0U) {
    for (const auto& word : args["query"].as<std::vector<std::string>>()) {
      r.query += (r.query.empty() ? "" : " ") + word;
    }
  }
  r.limit = args["limit"].as<std::size_t>();
  r.offset = args["offset"].as<std::size_t>();
  r.snippets = args["snippets"].as<std::size_t>();
  for (auto [name, field] : {std::pair{"category", &r.category}, std::pair{"from", &r.date_from},
                             std::pair{"to", &r.date_to}}) {
    if (args.count(name) != 0U) {
      *field = args[name].as<std::string>();
    }
  }
  if (args.count("lang") != 0U) {
    r.languages = args["lang"].as<std::vector<std::string>>();
  }
  r.feedback = args.count("feedback") != 0U;
  if (args.count("weighting") != 0U) {
    try {
      r.weighting = folio::Weighting::parse(args["weighting"].as<std::string>());
    } catch (const folio::ConfigError& e) {
      throw UsageError(std::string("--weighting: ") + e.what());
    }
  }
  if (args.count("pair-weight") != 0U) {
    const double w = args["pair-weight"].as<double>();
    if (!(w >= 0 && w <= 100)) {  // (NaN too)
      throw UsageError("--pair-weight: give a weight from 0 to 100");
    }
    r.weighting.pairs = w;
  }
  return r;
}

SearcherFlags parse_flags(int argc, char** argv) {
  cxxopts::Options spec = make_spec();
  cxxopts::ParseResult args;
  try {
    args = spec.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(std::string(e.what()) + "; a query starting with '-' goes after '--'");
  }
  if (args.count("help") != 0U) {
    std::cout << spec.help()
              << "\nQuery syntax: words (ranked, any may match), \"a phrase\", +must, -exclude,\n"
                 "a AND b, a OR b, a NOT b, ( ), title:word, author:name, category:NAME,\n"
                 "date:2020-01-01..2020-03-31 (also date:2020, date:2020-01.., date:..2020-06).\n"
                 "A malformed query is searched as plain words, with a notice. With no QUERY,\n"
                 "--category, --lang, --from and --to list every article that passes them.\n";
    std::exit(0);  // NOLINT(concurrency-mt-unsafe)
  }
  if (args.count("version") != 0U) {
    std::cout << "folio-search " << folio::kVersion << '\n';
    std::exit(0);  // NOLINT(concurrency-mt-unsafe)
  }
  SearcherFlags flags;
  flags.index = folio::cli::index_flags(args);
  flags.request = search_request(args);
  flags.json = args.count("json") != 0U;
  if (args.count("queries") != 0U) {
    flags.batch = batch_options(args);
  } else if (args.count("query") == 0U && flags.request.like.empty() &&
             flags.request.category.empty() && flags.request.languages.empty() &&
             flags.request.date_from.empty() && flags.request.date_to.empty()) {
    throw UsageError("no QUERY given");
  }
  return flags;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "serve") {
    return folio::cli::serve_main(argc - 1, argv + 1);
  }
  if (argc > 1 && std::string_view(argv[1]) == "stats") {
    return folio::cli::stats_main(argc - 1, argv + 1);
  }
  try {
    const SearcherFlags flags = parse_flags(argc, argv);
    folio::Searcher searcher(flags.index.dbs, flags.index.open);
    if (!flags.batch.queries.empty()) {
      return folio::cli::run_batch(flags.batch, flags.request, searcher, std::cout);
    }
    const folio::SearchResults res = searcher.search(flags.request);
    if (flags.json) {
      std::cout << folio::cli::results_json(res, flags.request, {}, true) << '\n';
    } else {
      const bool terminal = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
      folio::cli::print_text(std::cout, res, terminal);
    }
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "folio-search: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "folio-search: " << e.what() << '\n';
    return 1;
  }
}
