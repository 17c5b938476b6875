// The HTTP server under `folio-search serve`: cpp-httplib parses requests, routes them and
// writes the answers; this class owns the connections. One event loop reads every connection
// (epoll), and only a request that has fully arrived goes to a worker, which makes the answer,
// sends what the socket takes at once and hands the connection back; the loop sends the rest
// as the client takes it. So a kept-alive connection holds no worker between requests, a
// client that sends or reads a byte at a time holds none at all, and requests are answered in
// the order they arrived, however many connections there are.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <httplib.h>

#include "metrics.h"

namespace folio::cli {

/// What one connection and one request may take; beyond it the server answers an error status
/// and closes the connection.
struct ConnectionLimits {
  std::size_t workers = 2;            ///< threads that answer requests
  std::size_t max_connections = 512;  ///< open at once; more are answered 503 and closed
  /// From a request's first byte to its last: else 408 (a client sending a byte at a time).
  std::chrono::milliseconds request_timeout{10000};
  /// A kept-alive connection with no request for this long is closed.
  std::chrono::milliseconds idle_timeout{5000};
  /// To send one answer: a client that stops reading loses its connection.
  std::chrono::milliseconds write_timeout{10000};
  std::size_t max_header_bytes = 16384;  ///< request line and headers: else 431 (414 the line)
  std::size_t max_headers = 100;         ///< header fields: else 431
  std::size_t max_body_bytes = 65536;    ///< Content-Length: else 413 (the API reads no body)
};

/// httplib::Server with the connections handled as above. Use it as an httplib::Server (routes,
/// handlers, bind_to_port), then call serve() instead of listen_after_bind().
class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(const ConnectionLimits& limits);
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Accepts connections until stop(); then answers the requests that have arrived, closes
  /// every connection and returns. False when listening failed.
  bool serve();

  ConnectionCounts counts() const;

 private:
  class Connections;
  friend class Connections;

  // Called by httplib's accept loop for each new connection: registers it with the loop.
  bool process_and_close_socket(socket_t sock) override;

  std::unique_ptr<Connections> connections_;
};

}  // namespace folio::cli
