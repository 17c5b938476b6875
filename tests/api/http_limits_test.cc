// The connections of `folio-search serve` under clients that misbehave: slow clients, idle
// kept-alive connections, too many connections, requests over the size limits, pipelining.
// Each test talks raw HTTP over a socket, so it controls every byte and when it is sent.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../cli/run.h"
#include "serve_process.h"

namespace {

using folio::testing::Outcome;
using folio::testing::run;
using folio::testing::Server;
using folio::testing::TempDir;
using Clock = std::chrono::steady_clock;

const std::string kCorpus = std::string(FOLIO_SOURCE_DIR) + "/corpus";

// A generous bound for what should happen at once: only a server that waits for something
// else (a worker held by another connection, a timeout) comes near it.
constexpr int kPatienceMs = 10000;

std::filesystem::path corpus_index(const TempDir& dir) {
  const Outcome r =
      run(dir, FOLIO_INDEX_EXE, {"--db", (dir.path() / "db").string(), "--quiet", kCorpus});
  EXPECT_EQ(r.status, 0) << r.err;
  return dir.path() / "db";
}

// One client connection, byte by byte.
class Socket {
 public:
  // `receive_buffer` > 0: the socket's receive buffer, in bytes, set before it connects.
  explicit Socket(int port, int receive_buffer = 0) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (receive_buffer > 0) {
      setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~Socket() { close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool connected() const { return connected_; }

  bool send_all(const std::string& bytes) const {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  // One answer: its status line, headers and Content-Length body; "" when the connection
  // ended or nothing came within `ms`.
  std::string answer(int ms = kPatienceMs) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      const std::size_t head = buffer_.find("\r\n\r\n");
      if (head != std::string::npos) {
        const std::size_t length = content_length(buffer_.substr(0, head));
        if (buffer_.size() >= head + 4 + length) {
          std::string one = buffer_.substr(0, head + 4 + length);
          buffer_.erase(0, one.size());
          return one;
        }
      }
      if (!receive(until)) {
        return "";
      }
    }
  }

  // Whether the server closed the connection within `ms` (what it sent first is dropped).
  bool closed_by_server(int ms = kPatienceMs) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (receive(until)) {
    }
    return eof_;
  }

  // Whether the server has begun to answer, waiting at most `ms`; reads nothing.
  bool answer_began(int ms = kPatienceMs) const {
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, ms) == 1;
  }

  // Whether the connection is open and nothing has come from the server.
  bool quiet_and_open() const {
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, 0) == 0;
  }

 private:
  static std::size_t content_length(const std::string& head) {
    const std::string name = "\r\nContent-Length: ";
    const std::size_t at = head.find(name);
    return at == std::string::npos ? 0 : std::stoul(head.substr(at + name.size()));
  }

  // Reads what has come, waiting until `until`; false at the end of the connection or the time.
  bool receive(Clock::time_point until) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) != 1) {
      return false;
    }
    char buf[65536];
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  bool eof_ = false;
  std::string buffer_;
};

std::string get(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n";
}

std::string status_line(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

class HttpLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = new std::filesystem::path(corpus_index(*dir_));
  }
  static void TearDownTestSuite() {
    delete db_;
    delete dir_;
  }
  static const std::filesystem::path& db() { return *db_; }

 private:
  static TempDir* dir_;
  static std::filesystem::path* db_;
};
TempDir* HttpLimitsTest::dir_ = nullptr;
std::filesystem::path* HttpLimitsTest::db_ = nullptr;

TEST_F(HttpLimitsTest, ClientsSendingAByteAtATimeHoldNoWorker) {
  // Two workers and 40 clients that have sent part of a request: a whole request that comes
  // after them is answered while they all still wait, and each is answered once it finishes.
  Server server(db(), {"--threads", "2", "--request-timeout", "60"});
  const std::string request = get("/api/search?q=huawei");
  std::vector<std::unique_ptr<Socket>> slow;
  for (int i = 0; i < 40; ++i) {
    slow.push_back(std::make_unique<Socket>(server.port()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->send_all(request.substr(0, 1 + i % 20)));
  }
  for (int round = 0; round < 3; ++round) {  // a byte more each, as a slow client would
    for (int i = 0; i < 40; ++i) {
      ASSERT_TRUE(slow[i]->send_all(request.substr(1 + i % 20 + round, 1)));
    }
  }
  Socket quick(server.port());
  ASSERT_TRUE(quick.send_all(request));
  EXPECT_EQ(status_line(quick.answer()), "HTTP/1.1 200 OK");
  for (const auto& s : slow) {
    EXPECT_TRUE(s->quiet_and_open());
  }
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(slow[i]->send_all(request.substr(1 + i % 20 + 3)));
  }
  for (const auto& s : slow) {
    EXPECT_EQ(status_line(s->answer()), "HTTP/1.1 200 OK");
  }
}

TEST_F(HttpLimitsTest, ARequestNotWholeWithinTheRequestTimeoutGets408AndIsClosed) {
  Server server(db(), {"--request-timeout", "0.3"});
  Socket s(server.port());
  ASSERT_TRUE(s.send_all("GET /api/search?q=hua"));
  const std::string answer = s.answer();
  EXPECT_EQ(status_line(answer), "HTTP/1.1 408 Request Timeout");
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(s.closed_by_server());
  httplib::Client c = server.client();
  const httplib::Result m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("\nfolio_http_request_timeouts_total 1\n"), std::string::npos);
}

TEST_F(HttpLimitsTest, AnIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout) {
  Server server(db(), {"--idle-timeout", "0.3", "--request-timeout", "60"});
  Socket s(server.port());
  ASSERT_TRUE(s.send_all(get("/healthz")));
  const std::string answer = s.answer();
  EXPECT_EQ(status_line(answer), "HTTP/1.1 200 OK");
  EXPECT_EQ(answer.find("Connection: close"), std::string::npos);  // kept alive, at first
  EXPECT_TRUE(s.closed_by_server());
}

TEST_F(HttpLimitsTest, AKeptAliveConnectionHoldsNoWorkerBetweenItsRequests) {
  // One worker, and a connection that stays open after its answer: another connection's
  // request is answered while the first is still open, then the first is served again.
  Server server(db(), {"--threads", "1", "--idle-timeout", "60"});
  Socket first(server.port());
  ASSERT_TRUE(first.send_all(get("/api/search?q=brexit")));
  EXPECT_EQ(status_line(first.answer()), "HTTP/1.1 200 OK");
  Socket second(server.port());
  ASSERT_TRUE(second.send_all(get("/api/search?q=huawei")));
  EXPECT_EQ(status_line(second.answer()), "HTTP/1.1 200 OK");
  EXPECT_TRUE(first.quiet_and_open());
  ASSERT_TRUE(first.send_all(get("/healthz")));
  EXPECT_EQ(status_line(first.answer()), "HTTP/1.1 200 OK");
}

TEST(HttpSlowReaderTest, AClientThatStopsReadingHoldsNoWorker) {
  // One worker, and a client that asks for an article of 3 MB (an answer of twice that, more
  // than the sockets' buffers hold) through a small receive buffer and reads none of it: the
  // answer waits for the client, the worker does not, and another connection is answered
  // while the first is still open.
  const TempDir dir;
  std::string body;
  for (int i = 0; body.size() < 3'000'000; ++i) {
    body += "market" + std::to_string(i % 997) + " growth" + std::to_string(i % 991) + ' ';
  }
  dir.write("in/big.txt", "A very long report\n\nJune 2, 2021\n\n" + body + "\n");
  const Outcome r =
      run(dir, FOLIO_INDEX_EXE,
          {"--db", (dir.path() / "db").string(), "--quiet", (dir.path() / "in").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  Server server(dir.path() / "db", {"--threads", "1"});
  Socket stuck(server.port(), 4096);
  ASSERT_TRUE(stuck.send_all(get("/api/article/big.txt")));
  ASSERT_TRUE(stuck.answer_began());
  Socket other(server.port());
  ASSERT_TRUE(other.send_all(get("/api/search?q=report")));
  EXPECT_EQ(status_line(other.answer()), "HTTP/1.1 200 OK");
  // Still open at the server (a closed one would still have its first bytes to read here).
  ASSERT_TRUE(other.send_all(get("/metrics")));
  EXPECT_NE(other.answer().find("\nfolio_http_connections 2\n"), std::string::npos);
}

TEST_F(HttpLimitsTest, PipelinedRequestsAreAnsweredInTheirOrder) {
  Server server(db());
  Socket s(server.port());
  ASSERT_TRUE(s.send_all(get("/healthz") + get("/api/search?q=huawei") + get("/nowhere")));
  EXPECT_EQ(status_line(s.answer()), "HTTP/1.1 200 OK");
  const std::string search = s.answer();
  EXPECT_EQ(status_line(search), "HTTP/1.1 200 OK");
  EXPECT_NE(search.find("\"query\":\"huawei\""), std::string::npos);
  EXPECT_EQ(status_line(s.answer()), "HTTP/1.1 404 Not Found");
}

TEST_F(HttpLimitsTest, ConnectionsOverTheCapAreAnswered503AndTheCapFreesAsTheyClose) {
  Server server(db(), {"--max-connections", "3", "--idle-timeout", "60"});
  std::vector<std::unique_ptr<Socket>> held;
  for (int i = 0; i < 3; ++i) {  // each answered once, so each is surely open at the server
    held.push_back(std::make_unique<Socket>(server.port()));
    ASSERT_TRUE(held.back()->send_all(get("/healthz")));
    ASSERT_EQ(status_line(held.back()->answer()), "HTTP/1.1 200 OK");
  }
  Socket over(server.port());
  const std::string refused = over.answer();
  EXPECT_EQ(status_line(refused), "HTTP/1.1 503 Service Unavailable");
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  EXPECT_TRUE(over.closed_by_server());
  for (const auto& s : held) {  // the held ones are served as before
    ASSERT_TRUE(s->send_all(get("/healthz")));
    EXPECT_EQ(status_line(s->answer()), "HTTP/1.1 200 OK");
  }
  held.pop_back();  // closed: once the server has seen it, a new connection fits again
  std::string after;
  for (int attempt = 0; attempt < 100 && status_line(after) != "HTTP/1.1 200 OK"; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt == 0 ? 0 : 20));
    Socket again(server.port());
    if (again.send_all(get("/metrics"))) {
      after = again.answer();
    }
  }
  ASSERT_EQ(status_line(after), "HTTP/1.1 200 OK");
  EXPECT_NE(after.find("\nfolio_http_connections 3\n"), std::string::npos);
  EXPECT_NE(after.find("\nfolio_http_connections_refused_total "), std::string::npos);
  EXPECT_EQ(after.find("\nfolio_http_connections_refused_total 0\n"), std::string::npos);
}

TEST_F(HttpLimitsTest, RequestsOverTheSizeLimitsAreRefusedAndClosedBeforeAnyRoute) {
  Server server(db());
  struct Case {
    std::string request;
    std::string status;
  };
  const std::string many_fields = [] {
    std::string h;
    for (int i = 0; i < 101; ++i) {
      h += "X-Field-" + std::to_string(i) + ": a\r\n";
    }
    return h;
  }();
  const std::vector<Case> cases = {
      {get("/api/search?q=" + std::string(9000, 'a')), "HTTP/1.1 414 URI Too Long"},
      {get("/healthz", "X-Big-1: " + std::string(6000, 'b') +
                           "\r\nX-Big-2: " + std::string(6000, 'b') +
                           "\r\nX-Big-3: " + std::string(6000, 'b') + "\r\n"),
       "HTTP/1.1 431 Request Header Fields Too Large"},
      {get("/healthz", many_fields), "HTTP/1.1 431 Request Header Fields Too Large"},
      // The body is never sent: the answer comes from the header alone.
      {get("/api/search?q=a", "Content-Length: 10000000\r\n"), "HTTP/1.1 413 Payload Too Large"},
      {get("/api/search?q=a", "Transfer-Encoding: chunked\r\n"), "HTTP/1.1 411 Length Required"},
      {get("/api/search?q=a", "Content-Length: 12x\r\n"), "HTTP/1.1 400 Bad Request"},
  };
  for (const Case& c : cases) {
    Socket s(server.port());
    ASSERT_TRUE(s.send_all(c.request));
    EXPECT_EQ(status_line(s.answer()), c.status) << c.request.substr(0, 60);
    EXPECT_TRUE(s.closed_by_server()) << c.status;
  }
  // Just under the limits: answered.
  Socket fine(server.port());
  ASSERT_TRUE(fine.send_all(
      get("/api/search?q=" + std::string(1000, 'a'), "X-Big: " + std::string(7000, 'b') + "\r\n")));
  EXPECT_EQ(status_line(fine.answer()), "HTTP/1.1 200 OK");
  httplib::Client c = server.client();
  const httplib::Result m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("\nfolio_http_requests_over_limits_total " + std::to_string(cases.size()) +
                         "\n"),
            std::string::npos);
}

TEST_F(HttpLimitsTest, ConnectionSettingsOutOfRangeAreUsageErrors) {
  const TempDir dir;
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--max-connections", "0"},
                                              {"--max-connections", "5000"},
                                              {"--request-timeout", "0"},
                                              {"--idle-timeout", "-1"}}) {
    std::vector<std::string> args = {"serve", "--db", db().string(), "--port", "0"};
    args.insert(args.end(), bad.begin(), bad.end());
    const Outcome r = run(dir, FOLIO_SEARCH_EXE, args);
    EXPECT_EQ(r.status, 2) << bad[0] << ' ' << bad[1];
    EXPECT_NE(r.err.find(bad[0]), std::string::npos) << r.err;
  }
}

}  // namespace
