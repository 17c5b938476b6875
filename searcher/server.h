// `folio-search serve`: the searcher as a web server, a JSON API and a page (cpp-httplib).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "folio/searcher.h"

#include "http_server.h"

namespace folio::cli {

/// Limits on what one request may ask for; beyond them the API answers 400.
inline constexpr std::size_t kMaxQueryBytes = 1024;    ///< q, in bytes of UTF-8
inline constexpr std::size_t kMaxPageSize = 100;       ///< size
inline constexpr std::size_t kMaxResultDepth = 10000;  ///< page * size
/// --max-connections at most: httplib's parser uses select(), which takes descriptors below
/// FD_SETSIZE (1024), and the server also holds the index's files.
inline constexpr std::size_t kMaxConnections = 1000;

struct ServeOptions {
  std::vector<std::filesystem::path> dbs;  ///< searched as one (see folio::Searcher)
  SearcherOptions open;                    ///< remote shards: timeout, allow_partial
  std::string bind = "127.0.0.1";          ///< loopback unless told otherwise
  int port = 8080;                         ///< 0: any free port (printed at start)
  ConnectionLimits limits;                 ///< workers, connections, timeouts, request sizes
  bool log = false;                        ///< one JSON line per request (folio::log_line)
  std::filesystem::path log_file;          ///< the log is appended here; empty: stderr
  bool log_queries = false;                ///< the log has each search's query and filters
  /// Where the feeds' and the OpenSearch description's absolute links start ("https://host/
  /// folio"); empty: http:// and the request's Host header (see feed.h, base_url()).
  std::string base_url;
};

/// `folio-search serve [flags]`: argv[0] is "serve". Returns the exit status.
int serve_main(int argc, char** argv);

/// Serves until SIGINT or SIGTERM (then finishes the requests in hand and returns). Prints "serving
/// N articles from DB at http://HOST:PORT/" on stdout once it accepts connections. Throws
/// IndexError when the index cannot be opened and std::runtime_error when the address cannot be
/// bound or the log file cannot be opened.
void serve(const ServeOptions& options);

}  // namespace folio::cli
