// `folio-search serve`: the searcher as a web server, a JSON API and a page (cpp-httplib).
#include "server.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <cxxopts.hpp>
#include <httplib.h>
#include <pthread.h>

#include "folio/config.h"
#include "folio/error.h"
#include "folio/json_writer.h"
#include "folio/query_log.h"
#include "folio/searcher.h"

#include "feed.h"
#include "flags.h"
#include "http_server.h"
#include "metrics.h"
#include "output.h"
#include "params.h"
#include "request_log.h"
#include "settings.h"
#include "web_assets.h"

namespace folio::cli {
namespace {

// What the handlers tell the logger about the request in hand. A connection is served by one
// worker from its request line to the logger, which httplib calls once the answer is written,
// so a thread-local carries it: the pre-routing handler starts it, the route fills it in.
struct RequestContext {
  std::chrono::steady_clock::time_point start;
  bool started = false;  // false for a request refused before routing (a bad request line)
  Endpoint endpoint = Endpoint::other;
  LogEntry entry;  // hits, and the query and filters of a search
};
thread_local RequestContext t_request;

// Searchers for the worker threads: each request borrows one and gives it back, so no two
// threads share a database handle and there are never more handles than busy workers.
class SearcherPool {
 public:
  SearcherPool(std::vector<std::filesystem::path> dbs, const SearcherOptions& options)
      : dbs_(std::move(dbs)), options_(options) {
    idle_.push_back(make());  // fails now if the index is unusable
  }

  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> s) : pool_(pool), s_(std::move(s)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(s_)); }
    Searcher* operator->() const { return s_.get(); }

   private:
    SearcherPool& pool_;
    std::unique_ptr<Searcher> s_;
  };

  Lease borrow() {
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<Searcher> s = std::move(idle_.back());
        idle_.pop_back();
        return {*this, std::move(s)};
      }
    }
    return {*this, make()};  // opened outside the lock
  }

 private:
  std::unique_ptr<Searcher> make() const { return std::make_unique<Searcher>(dbs_, options_); }

  void give_back(std::unique_ptr<Searcher> s) {
    const std::lock_guard lock(mutex_);
    idle_.push_back(std::move(s));
  }

  std::vector<std::filesystem::path> dbs_;
  SearcherOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> idle_;
};

// What the routes share: the searchers, the counters, what the log says.
struct Services {
  SearcherPool& pool;
  Metrics& metrics;
  bool log_queries = false;
};

std::string db_names(const std::vector<std::filesystem::path>& dbs) {
  std::string out;
  for (const auto& db : dbs) {
    out += (out.empty() ? "" : ", ") + db.string();
  }
  return out;
}

// Sends what `w` wrote (invalid UTF-8 in an article was replaced, not a failed answer).
void send_json(httplib::Response& res, const JsonWriter& w, int status = 200) {
  res.status = status;
  res.set_content(w.str(), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  JsonWriter w;
  w.begin_object().field("error", message).key("status").integer(status).end_object();
  send_json(res, w, status);
}

// `text` cut to at most kMaxQueryBytes, so that a log line stays short (one atomic write).
std::string capped(std::string text) {
  text.resize(std::min(text.size(), kMaxQueryBytes));
  return text;
}

// The query and filters of a search as the log has them (--log-queries): as the client sent
// them, the `lang` parameters joined with commas.
void log_query(const httplib::Request& req, LogEntry& e) {
  e.query = capped(req.get_param_value("q"));
  e.category = capped(req.get_param_value("category"));
  for (std::size_t i = 0, n = req.get_param_value_count("lang"); i < n; ++i) {
    e.languages += (i == 0 ? "" : ",") + req.get_param_value("lang", i);
  }
  e.languages = capped(std::move(e.languages));
  e.date_from = capped(req.get_param_value("from"));
  e.date_to = capped(req.get_param_value("to"));
  e.sort = capped(req.get_param_value("sort"));
}

void handle_search(const Services& s, const httplib::Request& req, httplib::Response& res) {
  if (s.log_queries) {
    log_query(req, t_request.entry);
  }
  std::size_t page = 1;
  std::size_t size = 10;
  const SearchRequest r = search_request(req.params, page, size);
  if (s.log_queries && !req.get_param_value("page").empty()) {
    t_request.entry.page = page;
  }
  SearchResults results;
  try {
    results = s.pool.borrow()->search(r);
  } catch (const ConfigError& e) {  // a malformed date, an unknown `like` id or language
    throw HttpError(400, e.what());
  }
  s.metrics.count_search(results.total);
  t_request.entry.hits = results.total;
  JsonExtras paging;
  paging.page = page;
  paging.size = size;
  paging.pages = (std::min<std::uint64_t>(results.total, kMaxResultDepth) + size - 1) / size;
  res.set_content(results_json(results, r, paging), "application/json; charset=utf-8");
}

void handle_article(SearcherPool& pool, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  const std::string query = query_param(req.params);
  Article a;
  const auto searcher = pool.borrow();
  if (!searcher->get_article(id, a)) {
    throw HttpError(404, "no article with id '" + id + "'");
  }
  JsonWriter w;
  w.begin_object();
  write_article_fields(w, a);
  w.field("body", a.body);
  w.field("query", query);
  w.field("title_html", snippet_to_html(searcher->highlight(a.title, query, a.language)));
  w.field("body_html", snippet_to_html(searcher->highlight(a.body, query, a.language)));
  w.end_object();
  send_json(res, w);
}

void handle_health(SearcherPool& pool, httplib::Response& res) {
  JsonWriter w;
  try {
    const auto searcher = pool.borrow();
    const std::uint64_t articles = searcher->article_count();
    w.begin_object().field("status", "ok").key("articles").uint(articles);
    w.key("remote_shards").begin_array();
    for (const std::string& shard : searcher->remote_shards()) {
      w.string(shard);
    }
    w.end_array();
    // The page shows a language filter before any search, and each hit's language when the
    // index has several.
    w.key("languages").begin_array();
    for (const FacetCount& l : searcher->languages()) {
      w.begin_object().field("value", l.value).key("count").uint(l.count).end_object();
    }
    w.end_array().field("version", kVersion).end_object();
    send_json(res, w);
  } catch (const std::exception& e) {
    JsonWriter error;
    error.begin_object().field("status", "error").field("error", e.what()).end_object();
    send_json(res, error, 503);
  }
}

// GET /metrics: the counters, and the index's size and generation read now.
void handle_metrics(const Services& s, const std::vector<std::filesystem::path>& dbs,
                    const ConnectionCounts& connections, httplib::Response& res) {
  IndexGauges index;
  try {
    const auto searcher = s.pool.borrow();
    index.articles = searcher->article_count();
    index.generations = searcher->generations();
    index.dbs = dbs;
    index.known = true;
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): /healthz says why
  }
  res.set_content(s.metrics.exposition(index, connections, kVersion),
                  "text/plain; version=0.0.4; charset=utf-8");
}

// Runs a handler, turning what it throws into a JSON error.
template <class Fn>
void guarded(httplib::Response& res, Fn&& fn) {
  try {
    fn();
  } catch (const HttpError& e) {
    send_error(res, e.status, e.what());
  } catch (const std::exception& e) {
    send_error(res, 500, e.what());
  }
}

void add_routes(HttpServer& http, const Services& s,
                const std::vector<std::filesystem::path>& dbs) {
  http.Get("/api/search", [&s](const httplib::Request& req, httplib::Response& res) {
    t_request.endpoint = Endpoint::search;
    guarded(res, [&] { handle_search(s, req, res); });
  });
  http.Get("/api/article/(.+)", [&s](const httplib::Request& req, httplib::Response& res) {
    t_request.endpoint = Endpoint::article;
    guarded(res, [&] { handle_article(s.pool, req, res); });
  });
  http.Get("/healthz", [&s](const httplib::Request&, httplib::Response& res) {
    t_request.endpoint = Endpoint::healthz;
    handle_health(s.pool, res);
  });
  http.Get("/metrics", [&s, &dbs, &http](const httplib::Request&, httplib::Response& res) {
    t_request.endpoint = Endpoint::metrics;
    handle_metrics(s, dbs, http.counts(), res);
  });
  // The page: only the files built into the binary, never a path on disk.
  for (const WebAsset& asset : web_assets()) {
    const auto serve_asset = [&asset](const httplib::Request&, httplib::Response& res) {
      t_request.endpoint = Endpoint::page;
      res.set_header("Cache-Control", "no-cache");
      res.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
    };
    if (asset.path == "/index.html") {
      http.Get("/", serve_asset);
    }
    http.Get(std::string(asset.path), serve_asset);
  }
  // Anything else, and errors raised by the library itself (bad request line, URI too long);
  // the API's own errors already carry their JSON body.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        send_error(res, res.status,
                   res.status == 404
                       ? "not found: " + req.path
                       : "the request was refused (HTTP " + std::to_string(res.status) + ")");
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        send_error(res, 500, "internal error");
      });
  // Defence in depth for the page: no inline script, no foreign origin, no framing.
  http.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
  });
}

// /feed: the search of /api/search's q and filters (and its errors) as an Atom feed, the
// newest `size` articles first; no words and no filter: the newest of the index.
void handle_feed(const Services& s, const ServeOptions& o, const httplib::Request& req,
                 httplib::Response& res) {
  if (s.log_queries) {
    log_query(req, t_request.entry);
  }
  std::size_t page = 1;
  std::size_t size = 10;
  SearchRequest r = search_request(req.params, page, size);  // page, sort and like are not feed's
  r.limit = count_param(req.params, "size", kFeedSize, 1, kMaxPageSize);
  r.offset = 0;
  r.sort = SortOrder::newest;
  r.like.clear();
  r.facets = false;
  r.suggest = false;
  r.list_all = true;
  SearchResults results;
  try {
    results = s.pool.borrow()->search(r);
  } catch (const ConfigError& e) {  // a malformed date or an unknown language
    throw HttpError(400, e.what());
  }
  t_request.entry.hits = results.total;
  const std::string base =
      base_url(o.base_url, req.get_header_value("Host"), req.local_addr, req.local_port);
  res.set_content(atom_feed(results, r, base, [&o] { return index_changed(o.dbs); }),
                  "application/atom+xml; charset=utf-8");
}

void add_feed_routes(httplib::Server& http, const Services& s, const ServeOptions& o) {
  http.Get("/feed", [&s, &o](const httplib::Request& req, httplib::Response& res) {
    t_request.endpoint = Endpoint::feed;
    guarded(res, [&] { handle_feed(s, o, req, res); });
  });
  http.Get("/opensearch.xml", [&o](const httplib::Request& req, httplib::Response& res) {
    t_request.endpoint = Endpoint::opensearch;
    const std::string base =
        base_url(o.base_url, req.get_header_value("Host"), req.local_addr, req.local_port);
    res.set_content(opensearch_description(base), "application/opensearchdescription+xml");
  });
}

}  // namespace

void serve(const ServeOptions& options) {
  // SIGINT and SIGTERM are taken by one thread that stops the server; blocked everywhere else
  // (the mask is inherited by the worker threads created below).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SearcherPool pool(options.dbs, options.open);
  Metrics metrics;
  const Services services{pool, metrics, options.log_queries};
  std::unique_ptr<RequestLog> log;
  if (options.log) {
    log = std::make_unique<RequestLog>(options.log_file);
  }
  HttpServer http(options.limits);
  add_routes(http, services, options.dbs);
  add_feed_routes(http, services, options);
  // A connection may carry any number of requests; between them it holds no worker (see
  // http_server.h), and it is closed after the idle timeout.
  http.set_keep_alive_max_count(100000);
  http.set_keep_alive_timeout(std::max<std::chrono::seconds::rep>(
      1, std::chrono::duration_cast<std::chrono::seconds>(options.limits.idle_timeout).count()));
  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request = RequestContext{};
    t_request.start = std::chrono::steady_clock::now();
    t_request.started = true;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Called once each answer is written: counts the request, and logs it.
  http.set_logger([&metrics, &log](const httplib::Request&, const httplib::Response& res) {
    RequestContext& c = t_request;
    const std::chrono::nanoseconds took =
        c.started ? std::chrono::steady_clock::now() - c.start : std::chrono::nanoseconds(0);
    metrics.count_request(c.endpoint, res.status, took);
    if (log) {
      c.entry.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
      c.entry.endpoint = endpoint_name(c.endpoint);
      c.entry.status = res.status;
      c.entry.ms = std::chrono::duration<double, std::milli>(took).count();
      if (res.status != 200) {
        c.entry.hits.reset();
      }
      log->write(c.entry);
    }
    c = RequestContext{};
  });
  const int port = options.port == 0
                       ? http.bind_to_any_port(options.bind)
                       : (http.bind_to_port(options.bind, options.port) ? options.port : -1);
  if (port < 0) {
    throw std::runtime_error("cannot listen on " + options.bind + ":" +
                             std::to_string(options.port) + " (in use, or not an address here)");
  }
  std::thread([&http, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    // stop() does nothing before listen_after_bind() is running, and a signal can come first.
    while (!http.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    http.stop();
  }).detach();
  const std::string host =
      options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
  {
    const auto searcher = pool.borrow();
    std::cout << "folio-search: serving " << searcher->article_count() << " articles from "
              << db_names(options.dbs) << " at http://" << host << ':' << port << "/";
    if (!searcher->remote_shards().empty()) {  // Xapian 1.4's remote protocol carries neither
      std::cout << " (remote shards: no spelling suggestions or synonyms from them)";
    }
    std::cout << std::endl;
  }
  if (!http.serve()) {
    throw std::runtime_error("the server on " + options.bind + ":" + std::to_string(port) +
                             " failed");
  }
}

// --threads, --max-connections, --request-timeout and --idle-timeout, checked.
ConnectionLimits connection_limits(const Settings& settings) {
  const cxxopts::ParseResult& args = settings.args;
  ConnectionLimits limits;
  limits.workers = args["threads"].as<std::size_t>();
  if (limits.workers == 0) {
    limits.workers = std::max(1U, std::thread::hardware_concurrency());
  }
  limits.max_connections = args["max-connections"].as<std::size_t>();
  if (limits.max_connections == 0 || limits.max_connections > kMaxConnections) {
    throw UsageError(settings.where("max-connections") + ": must be from 1 to " +
                     std::to_string(kMaxConnections) + ", not " +
                     std::to_string(limits.max_connections));
  }
  const auto seconds = [&](const char* name) {
    const double s = args[name].as<double>();
    if (!(s > 0 && s <= 3600)) {
      throw UsageError(settings.where(name) + ": must be more than 0 and at most 3600 seconds");
    }
    return std::chrono::milliseconds(std::max<long>(1, std::lround(s * 1000)));
  };
  limits.request_timeout = seconds("request-timeout");
  limits.idle_timeout = seconds("idle-timeout");
  return limits;
}

int serve_main(int argc, char** argv) {
  cxxopts::Options spec("folio-search serve",
                        "Serve a Folio index over HTTP: a search page at /, a JSON API at "
                        "/api/search and /api/article/ID, /healthz and /metrics. Each flag may "
                        "also be set as $FOLIO_<NAME> or in the --config file.");
  add_index_flags(spec, "serve");
  // clang-format off
  spec.add_options()
      ("config", "read settings from FILE: 'name = value' lines, a name being a flag's long "
       "name; flags and $FOLIO_<NAME> variables win over it", cxxopts::value<std::string>(),
       "FILE")
      ("bind", "address to listen on (anything but loopback exposes the index)",
       cxxopts::value<std::string>()->default_value("127.0.0.1"))
      ("p,port", "port to listen on (0: any free port)",
       cxxopts::value<int>()->default_value("8080"))
      ("threads", "worker threads that answer requests, each with its own database handle "
       "when busy (0: one a core)", cxxopts::value<std::size_t>()->default_value("0"))
      ("max-connections", "connections open at once; more are answered 503 (at most 1000)",
       cxxopts::value<std::size_t>()->default_value("512"))
      ("request-timeout", "seconds a request may take to arrive, from its first byte; then 408",
       cxxopts::value<double>()->default_value("10"), "SECONDS")
      ("idle-timeout", "seconds a kept-alive connection may wait for its next request",
       cxxopts::value<double>()->default_value("5"), "SECONDS")
      ("log", "log each request as a JSON line (time, endpoint, status, ms, hits) on stderr")
      ("log-file", "append the request log to FILE instead of stderr (turns --log on)",
       cxxopts::value<std::string>(), "FILE")
      ("log-queries", "put each search's query and filters in the request log (turns --log on)")
      ("base-url", "URL the links of /feed and /opensearch.xml start with (default: from Host)",
       cxxopts::value<std::string>(), "URL")
      ("h,help", "print this help");
  // clang-format on
  try {
    {
      const cxxopts::ParseResult given = spec.parse(argc, argv);
      if (given.count("help") != 0U) {
        std::cout << spec.help();
        return 0;
      }
    }
    const Settings settings = parse_settings(spec, argc, argv, "config", {"help", "config"});
    const cxxopts::ParseResult& args = settings.args;
    if (!args.unmatched().empty()) {
      throw UsageError("unexpected argument '" + args.unmatched().front() + "'");
    }
    ServeOptions o;
    IndexFlags index = index_flags(args);
    o.dbs = std::move(index.dbs);
    o.open = index.open;
    o.bind = args["bind"].as<std::string>();
    o.port = args["port"].as<int>();
    if (o.port < 0 || o.port > 65535) {
      throw UsageError(settings.where("port") + ": the port must be from 0 to 65535, not " +
                       std::to_string(o.port));
    }
    o.limits = connection_limits(settings);
    if (args.count("log-file") != 0U) {
      o.log_file = args["log-file"].as<std::string>();
    }
    o.log_queries = args["log-queries"].as<bool>();
    o.log = args["log"].as<bool>() || !o.log_file.empty() || o.log_queries;
    if (args.count("base-url") != 0U) {
      o.base_url = args["base-url"].as<std::string>();
      if (!valid_base_url(o.base_url)) {
        throw UsageError(settings.where("base-url") +
                         ": the base URL must be http(s):// with no ? or #, not '" + o.base_url +
                         "'");
      }
    }
    serve(o);
    return 0;
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "folio-search serve: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::invalid_argument& e) {  // UsageError
    std::cerr << "folio-search serve: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "folio-search serve: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace folio::cli
