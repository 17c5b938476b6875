// Parsing binary formats in extractor worker processes: the indexer's side.
#include "readers/extractor.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "readers/extract_protocol.h"
#include "text/clean.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr std::uint64_t kDefaultMemory = 0;  // ASan's shadow memory needs terabytes
#else
constexpr std::uint64_t kDefaultMemory = 2ull << 30;
#endif

/// The overhead a reply may add to the articles' own bytes (tags, lengths, skips, notes).
constexpr std::uint64_t kReplySlack = 1 << 20;

bool executable(const fs::path& p) { return !p.empty() && ::access(p.c_str(), X_OK) == 0; }

fs::path default_program() {
  if (const char* env = std::getenv("FOLIO_EXTRACT"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && executable(self.parent_path() / "folio-extract")) {
    return self.parent_path() / "folio-extract";
  }
#ifdef FOLIO_LIBEXEC_FROM_BIN
  // An installed tree: bin/folio-index and libexec/folio/folio-extract, wherever it was put.
  if (const fs::path p = self.parent_path() / FOLIO_LIBEXEC_FROM_BIN / "folio-extract";
      !ec && executable(p)) {
    return p.lexically_normal();
  }
#endif
#ifdef FOLIO_LIBEXEC_DIR
  if (executable(fs::path(FOLIO_LIBEXEC_DIR) / "folio-extract")) {
    return fs::path(FOLIO_LIBEXEC_DIR) / "folio-extract";
  }
#endif
  return {};
}

/// One worker process and the indexer's end of its socket.
class Worker {
 public:
  Worker(pid_t pid, int fd, std::string key) : pid_(pid), fd_(fd), key_(std::move(key)) {}
  ~Worker() {
    ::close(fd_);  // the worker reads the end of its input and exits
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  int fd() const { return fd_; }
  const std::string& key() const { return key_; }

  /// Kills the worker and says how it ended.
  int kill() {
    ::kill(pid_, SIGKILL);
    return reap();
  }
  /// Waits for a worker that has gone (its socket closed) and returns its wait status.
  int reap() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_;
  int fd_;
  std::string key_;
};

/// Starts `program` with its standard input and output on a new socket, under `memory`.
std::unique_ptr<Worker> spawn(const fs::path& program, std::uint64_t memory, std::string key,
                              std::string& error) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    error = std::strerror(errno);
    return nullptr;
  }
  const std::string path = program.string();
  char* const argv[] = {const_cast<char*>(path.c_str()), nullptr};
  const pid_t pid = ::fork();
  if (pid < 0) {
    error = std::strerror(errno);
    ::close(sv[0]);
    ::close(sv[1]);
    return nullptr;
  }
  if (pid == 0) {  // the child: async-signal-safe calls only
    ::dup2(sv[1], 0);
    ::dup2(sv[1], 1);
    ::fcntl(0, F_SETFD, 0);
    ::fcntl(1, F_SETFD, 0);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    if (memory > 0) {
      const rlimit as{memory, memory};
      ::setrlimit(RLIMIT_AS, &as);
    }
    ::execv(path.c_str(), argv);
    ::_exit(127);
  }
  ::close(sv[1]);
  return std::make_unique<Worker>(pid, sv[0], std::move(key));
}

/// The idle workers, by program and memory limit.
class Pool {
 public:
  std::unique_ptr<Worker> acquire(const fs::path& program, std::uint64_t memory,
                                  std::string& error) {
    std::string key = program.string() + '\n' + std::to_string(memory);
    {
      std::lock_guard lock(mu_);
      auto& idle = idle_[key];
      if (!idle.empty()) {
        std::unique_ptr<Worker> w = std::move(idle.back());
        idle.pop_back();
        return w;
      }
    }
    return spawn(program, memory, std::move(key), error);
  }

  void release(std::unique_ptr<Worker> w) {
    std::lock_guard lock(mu_);
    idle_[w->key()].push_back(std::move(w));
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<Worker>>> idle_;
};

Pool& pool() {
  static Pool p;
  return p;
}

/// The reason a worker's end gives its file.
std::string ended(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU) {
      return "extractor passed its CPU limit";
    }
    return "extractor crashed (signal " + std::to_string(sig) + ")";
  }
  if (WIFEXITED(status)) {
    return "extractor failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  return "extractor failed";
}

/// Reads one worker's reply to the end.
class Reply {
 public:
  Reply(ReadResult& result, std::uint64_t max_output) : result_(result), max_(max_output) {}

  /// Takes one message; false when it is malformed. Sets done() at the last.
  bool take(const std::string& payload) {
    received_ += payload.size();
    extract::MessageReader in(payload);
    switch (in.tag()) {
      case extract::kArticle: {
        Article a;
        if (!(in.text(a.id) && in.text(a.path) && in.text(a.url) && in.text(a.title) &&
              in.text(a.date) && in.text(a.author) && in.text(a.category) && in.text(a.body) &&
              in.text(a.language))) {
          return false;
        }
        articles_.push_back(std::move(a));
        return true;
      }
      case extract::kSkip: {
        Skip s;
        if (!(in.text(s.path) && in.text(s.reason) && in.text(s.detail))) {
          return false;
        }
        result_.skipped.push_back(std::move(s));
        return true;
      }
      case extract::kNote: {
        std::string note;
        if (!in.text(note)) {
          return false;
        }
        result_.notes.push_back(std::move(note));
        return true;
      }
      case extract::kDone: {
        if (!in.text(result_.converted_from)) {
          return false;
        }
        done_ = true;
        return true;
      }
      default:
        return false;
    }
  }

  bool done() const { return done_; }
  std::uint64_t budget() const { return received_ >= max_ ? 0 : max_ - received_; }
  std::vector<Article>& articles() { return articles_; }

 private:
  ReadResult& result_;
  std::uint64_t max_;
  std::uint64_t received_ = 0;
  std::vector<Article> articles_;
  bool done_ = false;
};

}  // namespace

fs::path extractor_program(const ExtractorOptions& options) {
  if (!options.program.empty()) {
    return options.program;
  }
  static const fs::path found = default_program();
  return found;
}

ReadResult extract_in_worker(std::string_view bytes, const fs::path& file, const fs::path& root,
                             const ArticleSink& sink, const ExtractorOptions& options) {
  ReadResult result;
  result.bytes = bytes.size();
  const std::string path = text::clean_key(file.string());
  auto skip = [&](std::string reason, std::string detail) {
    result.skipped.push_back({path, std::move(reason), std::move(detail)});
    return result;
  };
  const fs::path program = extractor_program(options);
  if (!executable(program)) {
    return skip("extractor not found",
                program.empty() ? "folio-extract is neither beside this program nor installed; "
                                  "set FOLIO_EXTRACT to its path"
                                : program.string() + " is not an executable program");
  }
  const std::string request = extract::MessageWriter(extract::kRequest)
                                  .text(file.string())
                                  .text(root.string())
                                  .text(bytes)
                                  .number(static_cast<std::uint64_t>(options.timeout.count()))
                                  .finish();
  const std::uint64_t memory = options.memory_bytes.value_or(kDefaultMemory);
  std::unique_ptr<Worker> worker;
  for (int attempt = 0; attempt < 2 && !worker; ++attempt) {  // an idle worker may have died
    std::string error;
    worker = pool().acquire(program, memory, error);
    if (!worker) {
      return skip("extractor failed to start", error);
    }
    if (!extract::write_all(worker->fd(), request)) {
      worker.reset();
    }
  }
  if (!worker) {
    return skip("extractor failed to start", "it exits at once");
  }
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  Reply reply(result, options.max_output_bytes + kReplySlack);
  std::string payload;
  while (!reply.done()) {
    switch (extract::read_message(worker->fd(), payload, reply.budget(), deadline)) {
      case extract::ReadStatus::kOk:
        if (!reply.take(payload)) {
          worker->kill();
          return skip("extractor failed", "malformed reply");
        }
        break;
      case extract::ReadStatus::kTimeout:
        worker->kill();
        return skip("extractor timed out after " + std::to_string(options.timeout.count()) + " s",
                    "");
      case extract::ReadStatus::kTooLarge:
        worker->kill();
        return skip("extractor output too large",
                    "more than " + std::to_string(options.max_output_bytes) + " bytes");
      case extract::ReadStatus::kEnd:
      case extract::ReadStatus::kError:
        return skip(ended(worker->reap()), "");
    }
  }
  pool().release(std::move(worker));
  for (Article& a : reply.articles()) {
    sink(std::move(a));
    ++result.articles;
  }
  return result;
}

}  // namespace folio
