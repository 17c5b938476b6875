// The flags folio-search and `folio-search serve` share, declared once.
#include "flags.h"

#include <chrono>

#include "folio/config.h"

namespace folio::cli {

void add_index_flags(cxxopts::Options& spec, const std::string& what) {
  // clang-format off
  spec.add_options()
      ("d,db", "index folder, database or stub file; repeat it to " + what + " several as one "
       "(default: $FOLIO_DB, else ./folio-db)",
       cxxopts::value<std::vector<std::string>>()->default_value(default_db_path().string()))
      ("timeout", "milliseconds a remote shard may take to connect or answer",
       cxxopts::value<unsigned>()->default_value("10000"))
      ("allow-partial", "answer from the shards that answer when some do not, and say which "
       "did not")
      ("match-threads", "split each match into N parts matched side by side (1: never; 0: "
       "over the idle cores, for an index of 50,000 articles or more)",
       cxxopts::value<unsigned>()->default_value("0"));
  // clang-format on
}

IndexFlags index_flags(const cxxopts::ParseResult& args) {
  IndexFlags flags;
  for (const std::string& db : args["db"].as<std::vector<std::string>>()) {
    flags.dbs.emplace_back(db);
  }
  flags.open.timeout = std::chrono::milliseconds(args["timeout"].as<unsigned>());
  flags.open.allow_partial = args["allow-partial"].as<bool>();
  flags.open.match_threads = args["match-threads"].as<unsigned>();
  return flags;
}

}  // namespace folio::cli
