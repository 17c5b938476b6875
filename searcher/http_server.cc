// The connections of `folio-search serve`: an epoll loop reads, workers answer (http_server.h).
#include "http_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

namespace folio::cli {
namespace {

using Clock = std::chrono::steady_clock;

// How the bytes a connection sent so far stand.
enum class Arrival {
  partial,          // more to come
  complete,         // one whole request (line, headers, body) at the start of the buffer
  bad,              // 400: an unreadable Content-Length
  line_too_long,    // 414
  headers_too_big,  // 431
  body_too_big,     // 413
  length_required,  // 411: a body without Content-Length (chunked)
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Whether `in` starts with a whole request, within `limits`. Only what a worker would wait for
// is read here (where the headers end, Content-Length); httplib parses the request itself.
Arrival arrival(std::string_view in, const ConnectionLimits& limits) {
  const std::size_t line_end = in.find("\r\n");
  if (line_end == std::string_view::npos) {
    return in.size() > CPPHTTPLIB_REQUEST_URI_MAX_LENGTH ? Arrival::line_too_long
                                                         : Arrival::partial;
  }
  if (line_end > CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) {
    return Arrival::line_too_long;
  }
  const std::size_t end = in.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return in.size() > limits.max_header_bytes ? Arrival::headers_too_big : Arrival::partial;
  }
  const std::size_t head = end + 4;
  if (head > limits.max_header_bytes) {
    return Arrival::headers_too_big;
  }
  std::size_t length = 0;
  bool has_length = false;
  std::size_t fields = 0;
  for (std::size_t at = line_end + 2; at < end + 2;) {
    const std::size_t eol = in.find("\r\n", at);
    const std::string_view field = in.substr(at, eol - at);
    at = eol + 2;
    if (++fields > limits.max_headers) {
      return Arrival::headers_too_big;
    }
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) {
      continue;  // httplib answers 400
    }
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = trim(field.substr(colon + 1));
    if (iequals(name, "Transfer-Encoding")) {
      return Arrival::length_required;
    }
    if (iequals(name, "Content-Length")) {
      std::size_t n = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size() || value.empty() ||
          (has_length && n != length)) {
        return Arrival::bad;
      }
      has_length = true;
      length = n;
    }
  }
  if (length > limits.max_body_bytes) {
    return Arrival::body_too_big;
  }
  return in.size() >= head + length ? Arrival::complete : Arrival::partial;
}

// The answer the loop gives itself, without a worker, before it closes the connection.
const char* refusal(Arrival a) {
  switch (a) {
    case Arrival::bad:
      return "HTTP/1.1 400 Bad Request\r\n";
    case Arrival::line_too_long:
      return "HTTP/1.1 414 URI Too Long\r\n";
    case Arrival::headers_too_big:
      return "HTTP/1.1 431 Request Header Fields Too Large\r\n";
    case Arrival::body_too_big:
      return "HTTP/1.1 413 Payload Too Large\r\n";
    case Arrival::length_required:
      return "HTTP/1.1 411 Length Required\r\n";
    case Arrival::partial:
    case Arrival::complete:
      break;
  }
  return "HTTP/1.1 500 Internal Server Error\r\n";
}

// Writes a short answer if the socket takes it now (it never waits), then ends the sending
// side and drops what the client sent that is already here: closing a socket with unread
// bytes resets the connection, and the client could lose the answer with it.
void refuse(int fd, const std::string& status_line) {
  const std::string answer = status_line + "Connection: close\r\nContent-Length: 0\r\n\r\n";
  (void)!send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  shutdown(fd, SHUT_WR);
  char sink[16384];
  for (int i = 0; i < 64 && recv(fd, sink, sizeof(sink), MSG_DONTWAIT) > 0; ++i) {
  }
}

void address_of(int fd, bool remote, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  const int rc = remote ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                        : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) {
    return;
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

// One client connection, in one of three hands: the loop's while a request arrives (reading),
// a worker's from the moment the request is whole until its answer is made (working), the
// loop's again while the answer goes out (writing). Only its holder touches `in` and `out`.
enum class Stage : std::uint8_t { reading, working, writing };

struct Connection {
  int fd = -1;
  Stage stage = Stage::reading;
  std::string in;              // bytes read and not yet answered
  std::string out;             // the answer not yet sent
  Clock::time_point deadline;  // reading: a request must be whole by then; writing: sent
  std::size_t answered = 0;
  bool close_when_sent = false;
};

// The request a worker answers: read from what the loop read; the answer is kept in `out`,
// for the worker to send what the socket takes at once and the loop the rest.
class BufferedStream : public httplib::Stream {
 public:
  explicit BufferedStream(Connection& c) : c_(c) {}

  bool is_readable() const override { return read_ < c_.in.size(); }
  bool is_writable() const override { return true; }

  ssize_t read(char* ptr, std::size_t size) override {
    const std::size_t n = std::min(size, c_.in.size() - read_);
    std::memcpy(ptr, c_.in.data() + read_, n);
    read_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    c_.out.append(ptr, size);
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(c_.fd, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(c_.fd, false, ip, port);
  }
  socket_t socket() const override { return c_.fd; }

  std::size_t consumed() const { return read_; }

 private:
  Connection& c_;
  std::size_t read_ = 0;
};

// Sends what the socket takes of c.out now, without waiting. False when the connection failed.
bool send_some(Connection& c) {
  while (!c.out.empty()) {
    const ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.out.erase(0, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
  }
  return true;
}

// httplib's accept loop hands each new socket to its task queue; this one runs the task on the
// accepting thread, which only registers the socket with the loop.
class InlineQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

class HttpServer::Connections {
 public:
  Connections(HttpServer& server, const ConnectionLimits& limits)
      : server_(server), limits_(limits) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) {
      throw std::runtime_error(std::string("cannot create the server's event loop: ") +
                               std::strerror(errno));
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  }

  ~Connections() {
    stop();
    for (auto& [fd, c] : open_) {
      close(fd);
    }
    close(wake_);
    close(epoll_);
  }
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  void start() {
    loop_ = std::thread([this] { run_loop(); });
    for (std::size_t i = 0; i < std::max<std::size_t>(1, limits_.workers); ++i) {
      workers_.emplace_back([this] { run_worker(); });
    }
  }

  // The requests already whole are answered (with Connection: close); then every thread ends.
  void stop() {
    if (stopping_.exchange(true)) {
      return;
    }
    wake();
    if (loop_.joinable()) {
      loop_.join();
    }
    {
      const std::lock_guard lock(mutex_);
      ready_changed_.notify_all();
    }
    for (std::thread& t : workers_) {
      t.join();
    }
    workers_.clear();
  }

  void add(int fd) {
    accepted_.fetch_add(1, std::memory_order_relaxed);
    std::unique_lock lock(mutex_);
    // select() in httplib's request parser answers 500 to a socket past FD_SETSIZE.
    if (stopping_ || open_.size() >= limits_.max_connections || fd >= FD_SETSIZE) {
      lock.unlock();
      refused_.fetch_add(1, std::memory_order_relaxed);
      refuse(fd, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n");
      close(fd);
      return;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->deadline = Clock::now() + limits_.idle_timeout;
    open_.emplace(fd, std::move(c));
    lock.unlock();
    arm(fd, EPOLL_CTL_ADD);
  }

  ConnectionCounts counts() const {
    ConnectionCounts n;
    {
      const std::lock_guard lock(mutex_);
      n.open = open_.size();
    }
    n.accepted = accepted_.load(std::memory_order_relaxed);
    n.refused = refused_.load(std::memory_order_relaxed);
    n.timed_out = timed_out_.load(std::memory_order_relaxed);
    n.over_limits = over_limits_.load(std::memory_order_relaxed);
    return n;
  }

 private:
  // One event per readiness, then the socket is off until armed again: the loop never touches
  // a connection a worker has. Armed for reading, or for writing while an answer goes out.
  void arm(int fd, int op, bool for_writing = false) {
    epoll_event ev{};
    ev.events = (for_writing ? EPOLLOUT : EPOLLIN | EPOLLRDHUP) | EPOLLONESHOT;
    ev.data.fd = fd;
    epoll_ctl(epoll_, op, fd, &ev);
  }

  void wake() {
    const std::uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof(one));
  }

  // Under mutex_. Forgets `fd` before closing it, so a new connection that gets the same
  // number is never mistaken for this one.
  void close_locked(int fd) {
    open_.erase(fd);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
  }

  void run_loop() {
    constexpr int kBatch = 64;
    epoll_event events[kBatch];
    constexpr int kSweepMs = 100;
    Clock::time_point next_sweep = Clock::now();
    while (!stopping_) {
      const int n = epoll_wait(epoll_, events, kBatch, kSweepMs);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == wake_) {
          std::uint64_t count = 0;
          (void)!::read(wake_, &count, sizeof(count));
          continue;
        }
        on_ready(events[i].data.fd);
      }
      if (Clock::now() >= next_sweep) {
        sweep();
        next_sweep = Clock::now() + std::chrono::milliseconds(kSweepMs);
      }
    }
  }

  void on_ready(int fd) {
    std::unique_lock lock(mutex_);
    const auto it = open_.find(fd);
    if (it == open_.end()) {
      return;
    }
    Connection& c = *it->second;
    if (c.stage == Stage::reading) {
      on_readable(c, lock);
    } else if (c.stage == Stage::writing) {
      if (!send_some(c)) {
        close_locked(fd);
        return;
      }
      answered_locked(c, lock);
    }
  }

  // Reads what c has; a whole request goes to the workers, a refused one is answered here.
  void on_readable(Connection& c, std::unique_lock<std::mutex>& lock) {
    const int fd = c.fd;
    const bool was_idle = c.in.empty();
    // Never more than a request may hold, so a client cannot make the buffer grow.
    const std::size_t cap = limits_.max_header_bytes + limits_.max_body_bytes + 1;
    char buf[16384];
    bool closed = false;
    while (c.in.size() < cap) {
      const ssize_t got = recv(fd, buf, std::min(sizeof(buf), cap - c.in.size()), MSG_DONTWAIT);
      if (got > 0) {
        c.in.append(buf, static_cast<std::size_t>(got));
        continue;
      }
      if (got < 0 && errno == EINTR) {
        continue;
      }
      closed = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
      break;
    }
    if (was_idle && !c.in.empty()) {
      c.deadline = Clock::now() + limits_.request_timeout;
    }
    const Arrival a = arrival(c.in, limits_);
    if (a == Arrival::complete) {
      dispatch_locked(c);  // answered even if the client half-closed after sending it
      return;
    }
    if (a != Arrival::partial) {
      over_limits_.fetch_add(1, std::memory_order_relaxed);
      refuse(fd, refusal(a));
      close_locked(fd);
      return;
    }
    if (closed) {
      close_locked(fd);
      return;
    }
    lock.unlock();
    arm(fd, EPOLL_CTL_MOD);
  }

  // Under mutex_, once an answer is made or more of it sent: the rest goes out when the socket
  // takes it (the loop waits for that, no worker does); once all is sent, the connection
  // closes, or its next request (already whole when a client pipelines) joins the queue, or
  // it waits for one.
  void answered_locked(Connection& c, std::unique_lock<std::mutex>& lock) {
    const int fd = c.fd;
    if (!c.out.empty()) {
      if (c.stage != Stage::writing) {
        c.stage = Stage::writing;
        c.deadline = Clock::now() + limits_.write_timeout;
      }
      lock.unlock();
      arm(fd, EPOLL_CTL_MOD, true);
      return;
    }
    if (c.close_when_sent) {
      close_locked(fd);
      return;
    }
    c.stage = Stage::reading;
    c.deadline = Clock::now() + (c.in.empty() ? limits_.idle_timeout : limits_.request_timeout);
    if (arrival(c.in, limits_) == Arrival::complete) {
      dispatch_locked(c);
      return;
    }
    lock.unlock();
    arm(fd, EPOLL_CTL_MOD);
  }

  // Under mutex_: the connection's request joins the end of the queue.
  void dispatch_locked(Connection& c) {
    c.stage = Stage::working;
    ready_.push_back(&c);
    ready_changed_.notify_one();
  }

  // Closes what waited too long: a request begun and not finished (408), an idle connection,
  // an answer the client did not take in time.
  void sweep() {
    const Clock::time_point now = Clock::now();
    const std::lock_guard lock(mutex_);
    std::vector<int> expired;
    for (const auto& [fd, c] : open_) {
      if (c->stage != Stage::working && c->deadline <= now) {
        expired.push_back(fd);
      }
    }
    for (const int fd : expired) {
      const Connection& c = *open_[fd];
      if (c.stage == Stage::reading && !c.in.empty()) {
        timed_out_.fetch_add(1, std::memory_order_relaxed);
        refuse(fd, "HTTP/1.1 408 Request Timeout\r\n");
      }
      close_locked(fd);
    }
  }

  void run_worker() {
    for (;;) {
      Connection* c = nullptr;
      {
        std::unique_lock lock(mutex_);
        ready_changed_.wait(lock, [this] { return !ready_.empty() || stopping_; });
        if (ready_.empty()) {
          return;  // stopping, and nothing left to answer
        }
        c = ready_.front();
        ready_.pop_front();
      }
      answer(*c);
    }
  }

  // Answers the request at the start of c.in, sends what the socket takes of the answer at
  // once, and hands the connection on (answered_locked).
  void answer(Connection& c) {
    BufferedStream stream(c);
    bool client_closes = false;
    // The last request a connection may make (the Keep-Alive header's max), or the server stops.
    const bool last = stopping_ || ++c.answered >= server_.keep_alive_max_count_;
    const bool ok = server_.process_request(stream, last, client_closes, nullptr);
    c.in.erase(0, stream.consumed());
    c.close_when_sent = !ok || last || client_closes;
    const bool sending = send_some(c);
    std::unique_lock lock(mutex_);
    if (!sending || (stopping_ && !c.out.empty())) {
      close_locked(c.fd);
      return;
    }
    answered_locked(c, lock);
  }

  HttpServer& server_;
  const ConnectionLimits limits_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread loop_;
  std::vector<std::thread> workers_;

  mutable std::mutex mutex_;  // open_, each connection's stage and deadline, ready_
  std::unordered_map<int, std::unique_ptr<Connection>> open_;
  std::deque<Connection*> ready_;  // whole requests, oldest first
  std::condition_variable ready_changed_;

  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> refused_{0};
  std::atomic<std::uint64_t> timed_out_{0};
  std::atomic<std::uint64_t> over_limits_{0};
};

HttpServer::HttpServer(const ConnectionLimits& limits)
    : connections_(std::make_unique<Connections>(*this, limits)) {
  new_task_queue = [] { return new InlineQueue; };
  // The accepted sockets' own timeouts bound nothing here: no read or write ever blocks.
}

HttpServer::~HttpServer() = default;

bool HttpServer::serve() {
  // httplib listens with a backlog of 5: a burst of new connections overflows it, and each
  // connection dropped waits a second for its SYN to be sent again. listen() on a listening
  // socket sets its backlog anew.
  if (svr_sock_ != INVALID_SOCKET) {
    ::listen(svr_sock_, SOMAXCONN);
  }
  connections_->start();
  const bool ok = listen_after_bind();
  connections_->stop();
  return ok;
}

ConnectionCounts HttpServer::counts() const { return connections_->counts(); }

bool HttpServer::process_and_close_socket(socket_t sock) {
  connections_->add(sock);
  return true;
}

}  // namespace folio::cli
