// Helpers of the end-to-end indexing tests: generated articles, running folio-index and
// folio-search, and reading what they say.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <xapian.h>

#include "folio/searcher.h"

#include "run.h"
#include "store/schema.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): for posix_spawn

namespace index_runs {

using folio::testing::Outcome;
using folio::testing::run;
using folio::testing::slurp;
using folio::testing::TempDir;
using Json = nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// ---- Generated articles ----

// A deterministic pseudo-random sequence, the same on every platform.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : x_(seed) {}
  std::uint32_t next() {
    x_ = x_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(x_ >> 33);
  }

 private:
  std::uint64_t x_;
};

// A made-up word for a number. Every word ends in a, o or u, so the stemmer leaves it whole
// and no two numbers give the same term; none is a stopword.
inline std::string word(std::uint32_t n) {
  static const char* const kSyllables[] = {"ba", "ko", "mu", "ra", "tu", "vu", "za", "po",
                                           "du", "fo", "gu", "ja", "nu", "so", "wa", "xo"};
  std::string w;
  do {
    w += kSyllables[n % 16];
    n /= 16;
  } while (n != 0);
  return w;
}

// The word only article `n` contains.
inline std::string tag(std::uint32_t n) { return "tag" + word(n); }

// Article `n`'s text: its tag, then `length` words drawn from 2000 with a skew (a few are
// common, most are rare, as in prose).
inline std::string body(std::uint32_t n, int length) {
  Lcg rng(n + 1);
  std::string text = tag(n);
  for (int i = 0; i < length; ++i) {
    const std::uint32_t a = rng.next() % 2000;
    const std::uint32_t b = rng.next() % 2000;
    text += ' ';
    text += word(a * b / 2000);
  }
  return text;
}

// A .txt article: title, dateline, body; `length` words, plus some so that lengths differ.
inline std::string text_article(std::uint32_t n, int length) {
  return "Report " + word(n) + "\n\nMarch 3, 2021\n\n" +
         body(n, length + static_cast<int>(n % 37)) + "\n";
}

// Articles `first` .. `first + count - 1` as JSON Lines, with ids `prefix` + number.
inline std::string jsonl(const std::string& prefix, std::uint32_t first, std::uint32_t count,
                         int length) {
  std::string out;
  for (std::uint32_t n = first; n < first + count; ++n) {
    const Json line = {{"id", prefix + std::to_string(n)},
                       {"title", "Dispatch " + word(n)},
                       {"date", "2021-03-" + std::to_string(10 + n % 19)},
                       {"text", body(n, length + static_cast<int>(n % 23))}};
    out += line.dump() + '\n';
  }
  return out;
}

// ---- Running the programs ----

// The keys of --stats-json that the tests read.
const char* const kStatsKeys[] = {"files",
                                  "files_read",
                                  "articles_added",
                                  "articles_updated",
                                  "articles_removed",
                                  "articles_unchanged",
                                  "skipped",
                                  "total_articles",
                                  "threads",
                                  "rebuilt",
                                  "seconds",
                                  "bytes"};

struct Indexed {
  Outcome run;
  Json stats;  // the --stats-json file; null for each key it lacks (all of them when none)
};

// folio-index --db `db` --stats-json ... `args`.
inline Indexed index(const TempDir& dir, const fs::path& db, std::vector<std::string> args) {
  const fs::path stats = dir.path() / "stats.json";
  fs::remove(stats);
  args.insert(args.begin(), {"--db", db.string(), "--stats-json", stats.string()});
  Indexed r{run(dir, FOLIO_INDEX_EXE, args), Json::parse(slurp(stats), nullptr, false)};
  if (!r.stats.is_object()) {
    r.stats = Json::object();
  }
  for (const char* key : kStatsKeys) {
    if (!r.stats.contains(key)) {
      r.stats[key] = nullptr;  // reading a missing key of a const json is undefined
    }
  }
  return r;
}

inline Outcome search(const TempDir& dir, const fs::path& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db.string()});
  return run(dir, FOLIO_SEARCH_EXE, args);
}

// The counts of a run in one line, so that a failure shows all of them.
inline std::string tally(const Json& stats) {
  return "added " + stats["articles_added"].dump() + ", updated " +
         stats["articles_updated"].dump() + ", removed " + stats["articles_removed"].dump() +
         ", unchanged " + stats["articles_unchanged"].dump() + ", files_read " +
         stats["files_read"].dump();
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Checks a run that succeeded: its summary line and its --stats-json both give `counts`
// ("added A, updated U, removed R, unchanged C, files_read F"), and the index holds `total`.
inline void expect_counts(const Indexed& r, const std::string& counts, long total) {
  ASSERT_EQ(r.run.status, 0) << r.run.err;
  std::string summary = counts.substr(0, counts.find(", files_read")) + "\n";
  summary[0] = 'A';
  EXPECT_TRUE(contains(r.run.out, summary)) << r.run.out;
  EXPECT_EQ(tally(r.stats), counts);
  EXPECT_EQ(r.stats["total_articles"], total);
}

// One ranked hit of folio-search --json.
struct Ranked {
  std::string id;
  double score = 0;
};

// The ranked hits of a query, ties (equal scores) put in id order: the order of equal
// scores follows Xapian's document numbers, which depend on how the work was shared out. When
// the page is full (`limit` hits), which of the articles tied with the last one made it onto
// the page depends on those numbers too, so their ids read "(tied at the cut)".
inline std::vector<Ranked> ranked(const Json& results, std::size_t limit) {
  std::vector<Ranked> out;
  for (const auto& r : results["results"]) {
    out.push_back({r["id"].get<std::string>(), r["score"].get<double>()});
  }
  auto same = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(a, b); };
  for (std::size_t i = 0; i < out.size();) {
    std::size_t j = i + 1;
    while (j < out.size() && same(out[i].score, out[j].score)) {
      ++j;
    }
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(i),
              out.begin() + static_cast<std::ptrdiff_t>(j),
              [](const Ranked& a, const Ranked& b) { return a.id < b.id; });
    if (j == out.size() && out.size() == limit) {
      for (std::size_t k = i; k < j; ++k) {
        out[k].id = "(tied at the cut)";
      }
    }
    i = j;
  }
  return out;
}

inline std::vector<std::string> ids(const Json& results) {
  std::vector<std::string> out;
  for (const auto& r : results["results"]) {
    out.push_back(r["id"].get<std::string>());
  }
  return out;
}

// folio-search --json, parsed; a failed search fails the test.
inline Json search_json(const TempDir& dir, const fs::path& db, const std::string& query,
                        int limit = 10) {
  const Outcome s = search(dir, db, {"--json", "--limit", std::to_string(limit), query});
  EXPECT_EQ(s.status, 0) << query << ": " << s.err;
  return Json::parse(s.out, nullptr, false);
}

// folio-index or folio-search running in the background, its output going to files.
class Child {
 public:
  Child(const TempDir& dir, const std::string& exe, const std::vector<std::string>& args)
      : out_(dir.path() / "child-stdout.txt"), err_(dir.path() / "child-stderr.txt") {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> words = {exe};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& w : words) {
      argv.push_back(w.data());
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Child() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  /// True until the program has exited (it is reaped then).
  bool running() {
    if (status_) {
      return false;
    }
    int raw = 0;
    if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
      status_ = decode(raw);
      return false;
    }
    return true;
  }
  /// Stops the program (SIGSTOP) and waits until it is stopped: true when it was still running,
  /// false when it had exited first (it is reaped then).
  bool stop() {
    if (status_) {
      return false;
    }
    ::kill(pid_, SIGSTOP);
    int raw = 0;
    pid_t got = -1;
    while ((got = ::waitpid(pid_, &raw, WUNTRACED)) < 0 && errno == EINTR) {
    }
    if (got == pid_ && WIFSTOPPED(raw)) {
      return true;
    }
    status_ = got == pid_ ? decode(raw) : -1;
    return false;
  }
  /// Sends a signal; harmless once the program has exited but is not yet reaped.
  void signal(int sig) const {
    if (!status_) {
      ::kill(pid_, sig);
    }
  }
  /// Waits for the program to end; its exit status, or 128 + the signal that ended it.
  int wait() {
    if (!status_) {
      int raw = 0;
      pid_t got = -1;
      while ((got = ::waitpid(pid_, &raw, 0)) < 0 && errno == EINTR) {
      }
      status_ = got == pid_ ? decode(raw) : -1;
    }
    return *status_;
  }
  Outcome outcome() { return {wait(), slurp(out_), slurp(err_)}; }

 private:
  static int decode(int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw); }

  fs::path out_, err_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

inline Child start_index(const TempDir& dir, const fs::path& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db.string()});
  return Child(dir, FOLIO_INDEX_EXE, args);
}

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

inline void sleep_seconds(double s) {
  std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

// The folders the index folder holds, by name.
inline std::vector<std::string> folders(const fs::path& db) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(db)) {
    if (e.is_directory()) {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The generation the stub names ("auto gen-N" -> "gen-N").
inline std::string current_generation(const fs::path& db) {
  std::string stub = slurp(db / "XAPIANDB");
  while (!stub.empty() && stub.back() == '\n') {
    stub.pop_back();
  }
  return stub.rfind("auto ", 0) == 0 ? stub.substr(5) : std::string();
}

}  // namespace index_runs
