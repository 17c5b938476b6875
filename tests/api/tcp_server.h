// xapian-tcpsrv serving a database on a free loopback port, for the tests of remote shards.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace folio::testing {

// A port of 127.0.0.1 that was free a moment ago.
inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

inline bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

// xapian-tcpsrv serving one database on 127.0.0.1, killed at the end. Throws, at once, when
// the program cannot be run or exits, and when it does not accept connections within 5 s.
class TcpServer {
 public:
  explicit TcpServer(const std::filesystem::path& db, int at = 0)
      : port_(at != 0 ? at : free_port()) {
    int exec_failed[2];  // the child writes errno here if it cannot run the program
    if (pipe2(exec_failed, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe2 failed");
    }
    const std::string port = std::to_string(port_);
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);  // a group of its own, with the process it forks for each connection
      const int null = open("/dev/null", O_WRONLY);  // it reports each probe's hang-up
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
             port.c_str(), db.c_str(), static_cast<char*>(nullptr));
      const int error = errno;
      (void)!write(exec_failed[1], &error, sizeof error);
      _exit(127);
    }
    close(exec_failed[1]);
    int error = 0;
    const ssize_t got = read(exec_failed[0], &error, sizeof error);  // 0 once it runs
    close(exec_failed[0]);
    if (got == static_cast<ssize_t>(sizeof error)) {
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      throw std::runtime_error("cannot run xapian-tcpsrv (from the Debian package xapian-tools, " +
                               std::string("which scripts/setup installs): ") +
                               std::strerror(error));
    }
    for (int i = 0; i < 500 && !accepts(port_); ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(
            "xapian-tcpsrv for " + db.string() + " on port " + port + " ended (" +
            (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                               : "signal " + std::to_string(WTERMSIG(status))) +
            ") before it accepted a connection");
      }
      usleep(10000);
    }
    if (!accepts(port_)) {
      kill_now();
      throw std::runtime_error("xapian-tcpsrv for " + db.string() +
                               " accepted no connection on port " + port + " within 5 s");
    }
  }
  ~TcpServer() { kill_now(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  int port() const { return port_; }
  std::string name() const { return "remote 127.0.0.1:" + std::to_string(port_); }
  /// Stops the server and its connections without closing them: requests go unanswered.
  void pause() const { kill(-pid_, SIGSTOP); }
  void kill_now() {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      kill(-pid_, SIGCONT);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace folio::testing
