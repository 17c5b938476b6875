// `folio-search serve` run as a child process on a free port, for the tests of the server.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace folio::testing {

// `folio-search serve` started on a free port (of 127.0.0.1 unless `extra` has --bind), stopped
// with SIGTERM at the end. Its stderr goes to `errors` when given; `env` is added to its
// environment; with no `db`, no --db is given.
class Server {
 public:
  explicit Server(const std::filesystem::path& db, std::vector<std::string> extra = {},
                  const std::filesystem::path& errors = {},
                  const std::vector<std::pair<std::string, std::string>>& env = {}) {
    int out[2];
    if (pipe(out) != 0) {
      throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> args = {FOLIO_SEARCH_EXE, "serve", "--port", "0"};
    if (!db.empty()) {
      args.insert(args.end(), {"--db", db.string()});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      for (const auto& [name, value] : env) {
        setenv(name.c_str(), value.c_str(), 1);
      }
      if (!errors.empty()) {
        const int fd = open(errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, STDERR_FILENO);
        close(fd);
      }
      std::vector<char*> argv;
      for (std::string& a : args) {
        argv.push_back(a.data());
      }
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    first_line_ = read_line(out[0]);
    close(out[0]);
    // "folio-search: serving N articles from DB at http://HOST:PORT/ ..." (an IPv4 HOST)
    const auto at = first_line_.find(" at http://");
    const auto colon = at == std::string::npos ? at : first_line_.find(':', at + 11);
    if (colon == std::string::npos) {
      stop();
      throw std::runtime_error("the server did not start: '" + first_line_ + "'");
    }
    host_ = first_line_.substr(at + 11, colon - at - 11);
    port_ = std::stoi(first_line_.substr(colon + 1));
  }
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// `signal` (SIGTERM unless told), then the exit status (128 + signal if it died of one).
  int stop(int signal = SIGTERM) {
    if (pid_ <= 0) {
      return status_;
    }
    kill(pid_, signal);
    int raw = 0;
    waitpid(pid_, &raw, 0);
    pid_ = -1;
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return status_;
  }

  httplib::Client client() const {
    httplib::Client c(host_, port_);
    c.set_read_timeout(30);
    return c;
  }
  const std::string& first_line() const { return first_line_; }
  int port() const { return port_; }

 private:
  // The first line the server prints, waiting at most 60 s (the index is opened first).
  static std::string read_line(int fd) {
    std::string line;
    pollfd p{fd, POLLIN, 0};
    char c = 0;
    while (poll(&p, 1, 60000) == 1 && read(fd, &c, 1) == 1 && c != '\n') {
      line += c;
    }
    return line;
  }

  pid_t pid_ = -1;
  std::string host_;
  int port_ = 0;
  int status_ = -1;
  std::string first_line_;
};

}  // namespace folio::testing
