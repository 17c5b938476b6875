// End-to-end tests of indexing at scale (issue 3): incremental runs, JSONL line ids, parallel
// workers, crash safety, readers during writes, compaction, progress output, locking, schema.
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

namespace {

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
std::string word(std::uint32_t n) {
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
std::string tag(std::uint32_t n) { return "tag" + word(n); }

// Article `n`'s text: its tag, then `length` words drawn from 2000 with a skew (a few are
// common, most are rare, as in prose).
std::string body(std::uint32_t n, int length) {
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
std::string text_article(std::uint32_t n, int length) {
  return "Report " + word(n) + "\n\nMarch 3, 2021\n\n" +
         body(n, length + static_cast<int>(n % 37)) + "\n";
}

// Articles `first` .. `first + count - 1` as JSON Lines, with ids `prefix` + number.
std::string jsonl(const std::string& prefix, std::uint32_t first, std::uint32_t count, int length) {
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
Indexed index(const TempDir& dir, const fs::path& db, std::vector<std::string> args) {
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

Outcome search(const TempDir& dir, const fs::path& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db.string()});
  return run(dir, FOLIO_SEARCH_EXE, args);
}

// The counts of a run in one line, so that a failure shows all of them.
std::string tally(const Json& stats) {
  return "added " + stats["articles_added"].dump() + ", updated " +
         stats["articles_updated"].dump() + ", removed " + stats["articles_removed"].dump() +
         ", unchanged " + stats["articles_unchanged"].dump() + ", files_read " +
         stats["files_read"].dump();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Checks a run that succeeded: its summary line and its --stats-json both give `counts`
// ("added A, updated U, removed R, unchanged C, files_read F"), and the index holds `total`.
void expect_counts(const Indexed& r, const std::string& counts, long total) {
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
std::vector<Ranked> ranked(const Json& results, std::size_t limit) {
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

std::vector<std::string> ids(const Json& results) {
  std::vector<std::string> out;
  for (const auto& r : results["results"]) {
    out.push_back(r["id"].get<std::string>());
  }
  return out;
}

// folio-search --json, parsed; a failed search fails the test.
Json search_json(const TempDir& dir, const fs::path& db, const std::string& query, int limit = 10) {
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

Child start_index(const TempDir& dir, const fs::path& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db.string()});
  return Child(dir, FOLIO_INDEX_EXE, args);
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void sleep_seconds(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

// The folders the index folder holds, by name.
std::vector<std::string> folders(const fs::path& db) {
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
std::string current_generation(const fs::path& db) {
  std::string stub = slurp(db / "XAPIANDB");
  while (!stub.empty() && stub.back() == '\n') {
    stub.pop_back();
  }
  return stub.rfind("auto ", 0) == 0 ? stub.substr(5) : std::string();
}

// ---- 1. Incremental runs ----

// 30 .txt articles in three category folders, indexed once by SetUp().
class IncrementalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 30; ++n) {
      dir_.write(name(n), text_article(n, 40));
    }
    first_ = index(dir_, db(), {"--threads", "2", in().string()});
    ASSERT_EQ(first_.run.status, 0) << first_.run.err;
  }

  static std::string name(std::uint32_t n) {
    return "in/c" + std::to_string(n % 3) + "/a" + std::to_string(n) + ".txt";
  }
  fs::path in() const { return dir_.path() / "in"; }
  fs::path db() const { return dir_.path() / "db"; }
  Indexed again() { return index(dir_, db(), {"--threads", "2", in().string()}); }
  long found(const std::string& query) {
    return search_json(dir_, db(), query)["total"].get<long>();
  }

  TempDir dir_;
  Indexed first_;
};

TEST_F(IncrementalTest, FirstRunReportsEveryArticleAddedToANewIndex) {
  expect_counts(first_, "added 30, updated 0, removed 0, unchanged 0, files_read 30", 30);
  EXPECT_TRUE(contains(first_.run.out, "(new index)")) << first_.run.out;
  const Json& s = first_.stats;
  for (const char* key : kStatsKeys) {
    EXPECT_FALSE(s[key].is_null()) << key << " missing from --stats-json";
  }
  std::uint64_t bytes = 0;
  for (std::uint32_t n = 0; n < 30; ++n) {
    bytes += fs::file_size(dir_.path() / name(n));
  }
  EXPECT_EQ(s["files"], 30);
  EXPECT_EQ(s["skipped"], 0);
  EXPECT_EQ(s["threads"], 2);
  EXPECT_EQ(s["rebuilt"], true);
  EXPECT_EQ(s["bytes"], bytes);
  EXPECT_GE(s["seconds"].get<double>(), 0);
}

TEST_F(IncrementalTest, RunWithoutChangesReadsNoFile) {
  const Indexed r = again();
  expect_counts(r, "added 0, updated 0, removed 0, unchanged 30, files_read 0", 30);
  EXPECT_TRUE(contains(r.run.out, "from 0 of 30 files")) << r.run.out;
  EXPECT_FALSE(contains(r.run.out, "(new index)")) << r.run.out;
  EXPECT_EQ(r.stats["bytes"], 0);
  EXPECT_EQ(r.stats["rebuilt"], false);
}

TEST_F(IncrementalTest, ChangedFileUpdatesItsArticle) {
  dir_.write(name(7), text_article(7, 40) + "A late paragraph mentions zanzibarquux.\n");
  const Indexed r = again();
  expect_counts(r, "added 0, updated 1, removed 0, unchanged 29, files_read 1", 30);
  EXPECT_EQ(found("zanzibarquux"), 1);
}

TEST_F(IncrementalTest, TouchedFileIsReadButNotUpdated) {
  const fs::path file = dir_.path() / name(4);
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::hours(1));
  expect_counts(again(), "added 0, updated 0, removed 0, unchanged 30, files_read 1", 30);
  // The new mtime is remembered: the next run reads nothing.
  expect_counts(again(), "added 0, updated 0, removed 0, unchanged 30, files_read 0", 30);
}

TEST_F(IncrementalTest, DeletedFileLosesItsArticle) {
  ASSERT_EQ(found(tag(11)), 1);
  fs::remove(dir_.path() / name(11));
  const Indexed r = again();
  expect_counts(r, "added 0, updated 0, removed 1, unchanged 29, files_read 0", 29);
  EXPECT_EQ(found(tag(11)), 0);
}

TEST_F(IncrementalTest, NewFileIsAdded) {
  dir_.write("in/c1/new.txt", text_article(99, 40));
  const Indexed r = again();
  expect_counts(r, "added 1, updated 0, removed 0, unchanged 30, files_read 1", 31);
  EXPECT_EQ(found(tag(99)), 1);
}

TEST_F(IncrementalTest, RebuildAddsEveryArticleToANewIndexReplacingTheOld) {
  const Indexed r = index(dir_, db(), {"--threads", "2", "--rebuild", in().string()});
  expect_counts(r, "added 30, updated 0, removed 0, unchanged 0, files_read 30", 30);
  EXPECT_TRUE(contains(r.run.out, "(new index)")) << r.run.out;
  EXPECT_EQ(r.stats["rebuilt"], true);
  EXPECT_EQ(folders(db()), std::vector<std::string>{current_generation(db())});
}

TEST_F(IncrementalTest, RunsOverOneFolderLeaveAnotherFoldersArticles) {
  for (std::uint32_t n = 100; n < 110; ++n) {
    dir_.write("other/b" + std::to_string(n) + ".txt", text_article(n, 40));
  }
  const fs::path other = dir_.path() / "other";
  expect_counts(index(dir_, db(), {other.string()}),
                "added 10, updated 0, removed 0, unchanged 0, files_read 10", 40);
  expect_counts(again(), "added 0, updated 0, removed 0, unchanged 30, files_read 0", 40);
  EXPECT_EQ(found(tag(105)), 1);
  EXPECT_EQ(found(tag(5)), 1);
}

// ---- 2. JSON Lines: compared line id by line id ----

TEST(JsonlIndexTest, LinesAreAddedUpdatedAndRemovedByTheirIds) {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  std::vector<std::string> lines;
  for (std::uint32_t n = 0; n < 50; ++n) {
    std::string line = jsonl("j", n, 1, 30);
    line.pop_back();
    lines.push_back(line);
  }
  auto write = [&] {
    std::string all;
    for (const std::string& l : lines) {
      all += l + '\n';
    }
    return dir.write("in/feed.jsonl", all);
  };
  write();
  const fs::path in = dir.path() / "in";
  expect_counts(index(dir, db, {in.string()}),
                "added 50, updated 0, removed 0, unchanged 0, files_read 1", 50);

  lines[10] =
      Json{{"id", "j10"}, {"title", "Dispatch revised"}, {"text", "Now about quokkasurf."}}.dump();
  lines.erase(lines.begin() + 20);  // j20
  lines.push_back(
      Json{{"id", "j-new"}, {"title", "Late dispatch"}, {"text", "About wombatlog."}}.dump());
  write();
  expect_counts(index(dir, db, {in.string()}),
                "added 1, updated 1, removed 1, unchanged 48, files_read 1", 50);

  EXPECT_EQ(ids(search_json(dir, db, "quokkasurf")), std::vector<std::string>{"j10"});
  EXPECT_EQ(ids(search_json(dir, db, "wombatlog")), std::vector<std::string>{"j-new"});
  EXPECT_TRUE(ids(search_json(dir, db, tag(10))).empty()) << "old text of j10 still found";
  EXPECT_TRUE(ids(search_json(dir, db, tag(20))).empty()) << "removed j20 still found";
  EXPECT_EQ(ids(search_json(dir, db, tag(21))), std::vector<std::string>{"j21"});
}

// ---- 3. Parallel workers ----

TEST(ParallelIndexTest, AnyThreadCountGivesTheSameArticlesAndRanking) {
  TempDir dir;
  for (std::uint32_t n = 0; n < 120; ++n) {
    dir.write("in/c" + std::to_string(n % 3) + "/a" + std::to_string(n) + ".txt",
              text_article(n, 60));
  }
  // Over 2000 lines: the file is cut into chunks that different workers index.
  dir.write("in/feed.jsonl", jsonl("j", 1000, 2600, 12));
  const fs::path in = dir.path() / "in";
  // A phrase that article 17 contains: the two words after its tag.
  const std::string text = body(17, 60 + 17 % 37);
  const std::size_t first = text.find(' ') + 1;
  const std::size_t second = text.find(' ', first) + 1;
  const std::string phrase = '"' + text.substr(first, text.find(' ', second) - first) + '"';
  const std::vector<std::string> queries = {"ba",
                                            "ko mu",
                                            phrase,
                                            tag(17),
                                            tag(2017) + " OR " + tag(3500),
                                            "title:report vu",
                                            "category:c1 ra",
                                            "vu -ba"};
  std::optional<Json> baseline_stats;
  std::vector<Json> baseline;
  for (const char* threads : {"1", "2", "3"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    const fs::path db = dir.path() / (std::string("db-") + threads);
    const Indexed r = index(dir, db, {"--threads", threads, in.string()});
    ASSERT_EQ(r.run.status, 0) << r.run.err;
    EXPECT_EQ(r.stats["threads"], std::stoi(threads));
    EXPECT_EQ(r.stats["total_articles"], 2720);
    std::vector<Json> answers;
    for (const std::string& q : queries) {
      answers.push_back(search_json(dir, db, q, 50));
    }
    if (!baseline_stats) {
      baseline_stats = r.stats;
      baseline = answers;
      continue;
    }
    EXPECT_EQ(tally(r.stats), tally(*baseline_stats));
    for (std::size_t i = 0; i < queries.size(); ++i) {
      SCOPED_TRACE(queries[i]);
      EXPECT_EQ(answers[i]["total"], baseline[i]["total"]);
      const std::vector<Ranked> got = ranked(answers[i], 50);
      const std::vector<Ranked> want = ranked(baseline[i], 50);
      ASSERT_EQ(got.size(), want.size());
      ASSERT_FALSE(got.empty());
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].id, want[k].id) << "rank " << k + 1;
        EXPECT_NEAR(got[k].score, want[k].score, 1e-9 * std::abs(want[k].score))
            << "rank " << k + 1;
      }
    }
  }
}

// ---- 4. Crash safety ----

// The crash tests index two JSON Lines files of kCrashHalf short articles each: a build of
// both takes about 1.5 s with two threads on a 2-core machine, an update of the second half
// as long, committing between its 2000-article chunks. The kill points are fractions of a
// run measured first, so a faster or busier machine only moves them.
constexpr std::uint32_t kCrashHalf = 8000;
constexpr int kWords = 20;
constexpr double kKillPoints[] = {0.1, 0.3, 0.5, 0.7, 0.9, 1.1};  // 1.1: just after the end

// Writes in/part-`part`.jsonl: `count` articles, ids p`part`-N.
void write_part(const TempDir& dir, int part, std::uint32_t count) {
  dir.write("in/part-" + std::to_string(part) + ".jsonl",
            jsonl("p" + std::to_string(part) + "-", part * count, count, kWords));
}

// After a completed run: only the current generation is left, no scratch shards or old ones.
void expect_only_the_current_generation(const fs::path& db) {
  const std::string gen = current_generation(db);
  EXPECT_FALSE(gen.empty());
  EXPECT_EQ(folders(db), std::vector<std::string>{gen});
}

// Runs `args` to the end and returns how long it took.
double timed_run(const TempDir& dir, const fs::path& db, const std::vector<std::string>& args) {
  const auto t0 = Clock::now();
  Child c = start_index(dir, db, args);
  EXPECT_TRUE(c.started());
  const Outcome o = c.outcome();
  EXPECT_EQ(o.status, 0) << o.err;
  return seconds_since(t0);
}

// Starts `args` and, after `after` seconds, stops it and kills it with SIGKILL. True when the
// kill interrupted the run (the program was still running when it was stopped), false when
// the run had ended first.
bool kill_after(const TempDir& dir, const fs::path& db, const std::vector<std::string>& args,
                double after) {
  Child c = start_index(dir, db, args);
  EXPECT_TRUE(c.started());
  sleep_seconds(after);
  if (!c.stop()) {
    const Outcome o = c.outcome();
    EXPECT_EQ(o.status, 0) << o.err;
    return false;
  }
  c.signal(SIGKILL);
  EXPECT_EQ(c.wait(), 128 + SIGKILL);
  return true;
}

// Kills a run at `point` of the `full` seconds a run took (kill_after), from the state
// `reset()` makes. A kill before the end must interrupt the run: if the run ended first
// (this one went faster than the one measured, the machine being shared), the kill is tried
// again, from the same state, at half the time, at most four times. Whether the kill
// interrupted the run.
bool kill_at(const TempDir& dir, const fs::path& db, const std::vector<std::string>& args,
             double point, double full, const std::function<void()>& reset) {
  double after = point * full;
  for (int attempt = 1;; ++attempt) {
    reset();
    const bool interrupted = kill_after(dir, db, args, after);
    if (interrupted || point >= 1 || attempt == 5) {
      return interrupted;
    }
    after /= 2;
  }
}

// The normal run after a kill completes the work: the index holds the whole corpus, the
// articles the killed run had not committed (all but `held`) are added and the others left
// unchanged (none updated or removed), and no scratch shard or old generation is left.
void expect_next_run_completes(const TempDir& dir, const fs::path& db,
                               const std::vector<std::string>& args, std::uint64_t held) {
  const Indexed next = index(dir, db, args);
  ASSERT_EQ(next.run.status, 0) << next.run.err;
  EXPECT_EQ(next.stats["total_articles"], 2 * kCrashHalf);
  EXPECT_EQ(next.stats["articles_added"], 2 * kCrashHalf - held) << tally(next.stats);
  EXPECT_EQ(next.stats["articles_unchanged"], held) << tally(next.stats);
  EXPECT_EQ(next.stats["articles_updated"], 0) << tally(next.stats);
  EXPECT_EQ(next.stats["articles_removed"], 0) << tally(next.stats);
  expect_only_the_current_generation(db);
}

TEST(CrashTest, KillDuringTheFirstBuildLeavesNoIndexAndTheNextRunBuildsIt) {
  TempDir dir;
  write_part(dir, 1, kCrashHalf);
  write_part(dir, 2, kCrashHalf);
  const std::vector<std::string> args = {"--threads", "2", "--quiet", (dir.path() / "in").string()};
  const double full = timed_run(dir, dir.path() / "db-measure", args);
  const fs::path db = dir.path() / "db";
  int unpublished = 0;  // kills that left no index
  for (const double point : kKillPoints) {
    SCOPED_TRACE("killed at " + std::to_string(point) + " of " + std::to_string(full) + " s");
    const bool killed = kill_at(dir, db, args, point, full, [&] { fs::remove_all(db); });
    if (point < 1) {
      EXPECT_TRUE(killed) << "the run ended before the kill";
    }
    // A new index is published only at the very end of a bulk build: a kill before that
    // leaves no index at all, which is the last committed state of a first run.
    const Outcome s = search(dir, db, {"--json", "ba"});
    std::uint64_t held = 0;
    if (fs::exists(db / "XAPIANDB")) {
      EXPECT_EQ(s.status, 0) << s.err;
      held = folio::Searcher(db).article_count();
      EXPECT_EQ(held, 2 * kCrashHalf);
    } else {
      EXPECT_TRUE(killed);
      ++unpublished;
      EXPECT_EQ(s.status, 1);
      EXPECT_TRUE(contains(s.err, "no index")) << s.err;
    }
    expect_next_run_completes(dir, db, args, held);
  }
  EXPECT_GT(unpublished, 0) << "no kill came before the index was published";
}

TEST(CrashTest, KillDuringAnUpdateKeepsTheLastCommitAndTheNextRunCompletesIt) {
  TempDir dir;
  write_part(dir, 1, kCrashHalf);
  const std::vector<std::string> args = {"--threads", "2", "--quiet", (dir.path() / "in").string()};
  const fs::path half = dir.path() / "db-half";
  ASSERT_EQ(index(dir, half, args).run.status, 0);
  write_part(dir, 2, kCrashHalf);
  const fs::path measure = dir.path() / "db-measure";
  fs::copy(half, measure, fs::copy_options::recursive);
  const double full = timed_run(dir, measure, args);
  const fs::path db = dir.path() / "db";
  int unfinished = 0;  // kills that left some of the second half out of the index
  for (const double point : kKillPoints) {
    SCOPED_TRACE("killed at " + std::to_string(point) + " of " + std::to_string(full) + " s");
    const bool killed = kill_at(dir, db, args, point, full, [&] {
      fs::remove_all(db);
      fs::copy(half, db, fs::copy_options::recursive);
    });
    if (point < 1) {
      EXPECT_TRUE(killed) << "the run ended before the kill";
    }
    // The index is at its last commit: the first half, plus whatever batches were committed.
    const Outcome s = search(dir, db, {"--json", "ba"});
    EXPECT_EQ(s.status, 0) << s.err;
    const std::uint64_t held = folio::Searcher(db).article_count();
    EXPECT_GE(held, kCrashHalf);
    EXPECT_LE(held, 2 * kCrashHalf);
    if (held < 2 * kCrashHalf) {
      EXPECT_TRUE(killed);
      ++unfinished;
    }
    expect_next_run_completes(dir, db, args, held);
  }
  EXPECT_GT(unfinished, 0) << "no kill came before the last commit";
}

// ---- 5. Readers while the index is written ----

TEST(ReadersTest, SearchesNeverFailWhileTheIndexIsUpdatedRebuiltAndCompacted) {
  // Half the articles indexed first; each phase below takes a good part of a second.
  constexpr std::uint32_t kHalf = 3000;
  TempDir dir;
  const fs::path db = dir.path() / "db";
  const std::string in = (dir.path() / "in").string();
  write_part(dir, 1, kHalf);
  ASSERT_EQ(index(dir, db, {"--quiet", in}).run.status, 0);

  // One Searcher kept open across every phase, searching from its own thread.
  folio::Searcher searcher(db);
  std::atomic<bool> stop{false};
  std::atomic<int> in_process_searches{0};
  std::vector<std::string> in_process_failures;
  std::thread reader([&] {
    folio::SearchRequest request;
    request.query = "ba ko";
    while (!stop.load()) {
      try {
        searcher.search(request);
        ++in_process_searches;
      } catch (const std::exception& e) {
        in_process_failures.emplace_back(e.what());
      }
      sleep_seconds(0.002);  // leave the writer a core
    }
  });

  auto searches_during = [&](const char* phase, std::vector<std::string> args) {
    SCOPED_TRACE(phase);
    Child writer = start_index(dir, db, std::move(args));
    ASSERT_TRUE(writer.started());
    int searches = 0;
    do {  // at least once, however quickly the writer ends
      const Outcome s = search(dir, db, {"--json", "mu ra"});
      EXPECT_EQ(s.status, 0) << "search " << searches << ": " << s.err;
      ++searches;
    } while (writer.running());
    const Outcome w = writer.outcome();
    EXPECT_EQ(w.status, 0) << w.err;
  };
  write_part(dir, 2, kHalf);
  searches_during("update in place", {"--quiet", in});
  searches_during("rebuild", {"--quiet", "--rebuild", in});
  searches_during("compaction", {"compact"});
  stop = true;
  reader.join();

  EXPECT_GT(in_process_searches.load(), 0);
  EXPECT_TRUE(in_process_failures.empty())
      << in_process_failures.size() << " failed, first: " << in_process_failures.front();
  EXPECT_EQ(searcher.article_count(), 2 * kHalf);
}

// Each new generation (a compaction or a rebuild) is published by switching the stub, and the
// old generation is removed right after: a reader that has just read the old stub must still
// open the index, and one kept open must still search it.
TEST(ReadersTest, OpeningAndSearchingNeverFailWhileNewGenerationsArePublished) {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  dir.write("in/feed.jsonl", jsonl("j", 0, 50, kWords));
  ASSERT_EQ(index(dir, db, {"--quiet", (dir.path() / "in").string()}).run.status, 0);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) {
      Child c = start_index(dir, db, {"compact"});
      EXPECT_EQ(c.wait(), 0);
    }
    stop = true;
  });
  // More readers than cores, so that some are descheduled between reading the stub and
  // opening the generation it names. Reader 0 keeps its Searcher; the others open one for
  // each search.
  std::atomic<int> searches{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&, r] {
      folio::SearchRequest request;
      request.query = tag(7);
      std::optional<folio::Searcher> kept;
      while (!stop.load()) {
        try {
          std::optional<folio::Searcher> fresh;
          folio::Searcher& searcher =
              r == 0 ? (kept ? *kept : kept.emplace(db)) : fresh.emplace(db);
          const folio::SearchResults found = searcher.search(request);
          ++searches;
          if (found.hits.size() != 1 || searcher.article_count() != 50) {
            std::lock_guard lock(mu);
            failures.emplace_back("wrong answer");
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(mu);
          failures.emplace_back(e.what());
        }
      }
    });
  }
  for (auto& r : readers) {
    r.join();
  }
  writer.join();
  EXPECT_GT(searches.load(), 0);
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << searches.load() + failures.size()
                                << " failed; first: " << failures.front();
}

// ---- 6. Compaction ----

// 200 articles indexed, then 80 changed and 20 deleted in place, which leaves free space.
class CompactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 200; ++n) {
      dir_.write(name(n), text_article(n, 80));
    }
    ASSERT_EQ(index(dir_, db(), {in()}).run.status, 0);
    for (std::uint32_t n = 0; n < 80; ++n) {
      dir_.write(name(n), text_article(n, 80) + "Revised: " + body(n + 500, 30) + "\n");
    }
    for (std::uint32_t n = 180; n < 200; ++n) {
      fs::remove(dir_.path() / name(n));
    }
    expect_counts(index(dir_, db(), {in()}),
                  "added 0, updated 80, removed 20, unchanged 100, files_read 80", 180);
    ASSERT_FALSE(HasFailure());
  }

  static std::string name(std::uint32_t n) {
    return "in/c" + std::to_string(n % 4) + "/a" + std::to_string(n) + ".txt";
  }
  std::string in() const { return (dir_.path() / "in").string(); }
  fs::path db() const { return dir_.path() / "db"; }
  std::vector<std::vector<std::string>> answers() {
    std::vector<std::vector<std::string>> out;
    const std::vector<std::string> queries = {"ba",           "ko mu",          "revised",
                                              "title:report", "category:c2 vu", tag(7)};
    for (const std::string& q : queries) {
      out.push_back(ids(search_json(dir_, db(), q, 30)));
    }
    return out;
  }

  TempDir dir_;
};

TEST_F(CompactTest, ReportsNoGrowthKeepsTheAnswersAndRemovesTheOldGeneration) {
  const auto before = answers();
  const Outcome c = run(dir_, FOLIO_INDEX_EXE, {"--db", db().string(), "compact"});
  ASSERT_EQ(c.status, 0) << c.err;
  const std::string prefix = "Compacted " + db().string() + " from ";
  ASSERT_EQ(c.out.rfind(prefix, 0), 0U) << c.out;
  double from = 0;
  double to = 0;
  ASSERT_EQ(std::sscanf(c.out.c_str() + prefix.size(), "%lf MB to %lf MB", &from, &to), 2) << c.out;
  EXPECT_GT(from, 0);
  EXPECT_GT(to, 0);
  EXPECT_LE(to, from) << c.out;
  EXPECT_EQ(answers(), before);
  EXPECT_EQ(search_json(dir_, db(), "report", 200)["total"], 180);
  expect_only_the_current_generation(db());
}

TEST_F(CompactTest, SearcherOpenedBeforeCompactionWorksAfterIt) {
  folio::Searcher searcher(db());
  folio::SearchRequest request;
  request.query = tag(42);
  ASSERT_EQ(searcher.search(request).hits.size(), 1U);
  const Outcome c = run(dir_, FOLIO_INDEX_EXE, {"--db", db().string(), "compact"});
  ASSERT_EQ(c.status, 0) << c.err;
  const folio::SearchResults after = searcher.search(request);
  ASSERT_EQ(after.hits.size(), 1U);
  EXPECT_EQ(after.hits[0].article.id, "c2/a42.txt");
  EXPECT_EQ(searcher.article_count(), 180U);
}

// ---- 7. Progress and notes ----

// Articles plus a Latin-1 file (a "converted from" note) and an empty one (a skipped file).
class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 40; ++n) {
      dir_.write("in/a" + std::to_string(n) + ".txt", text_article(n, 40));
    }
    dir_.write("in/latin1.txt",
               "Caf\xe9 prices\n\nThe caf\xe9 raised its prices to \xa3"
               "3 a cup, the owner said.\n");
    dir_.write("in/empty.txt", "");
  }
  Outcome index_all(std::vector<std::string> args) {
    args.push_back((dir_.path() / "in").string());
    return index(dir_, dir_.path() / "db", std::move(args)).run;
  }

  TempDir dir_;
};

TEST_F(ProgressTest, NoCarriageReturnOrEscapeWhenStderrIsNotATerminal) {
  const Outcome r = index_all({});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "converted from")) << r.err;  // stderr did get notes
  for (const char* code : {"\r", "\033"}) {
    EXPECT_FALSE(contains(r.err, code)) << r.err;
    EXPECT_FALSE(contains(r.out, code)) << r.out;
  }
}

TEST_F(ProgressTest, QuietDropsNotesButKeepsTheSummaryAndSkippedFiles) {
  const Outcome r = index_all({"--quiet"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(contains(r.err, "converted from")) << r.err;
  EXPECT_FALSE(contains(r.err, "latin1.txt")) << r.err;
  EXPECT_TRUE(contains(r.err, "skipped " + (dir_.path() / "in/empty.txt").string())) << r.err;
  for (const char* line :
       {"Added 41, updated 0, removed 0, unchanged 0", "Skipped: 1 (empty file: 1)",
        "Converted to UTF-8: 1", "The index now holds 41 articles."}) {
    EXPECT_TRUE(contains(r.out, line)) << r.out;
  }
}

// ---- 8. The writer lock ----

TEST(LockTest, SecondIndexOrCompactOnTheSameDbFailsWithLocked) {
  TempDir dir;
  const fs::path db = dir.path() / "db";
  dir.write("in/feed.jsonl", jsonl("j", 0, 2000, kWords));
  Child first = start_index(dir, db, {"--quiet", (dir.path() / "in").string()});
  ASSERT_TRUE(first.started());
  // A first build makes its scratch shards (tmp-*) once it holds the lock. Stopping it there
  // keeps the lock held for as long as the test needs, however fast the machine.
  auto has_shards = [&] {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(db, ec)) {
      if (e.path().filename().string().rfind("tmp-", 0) == 0) {
        return true;
      }
    }
    return false;
  };
  while (!has_shards() && first.running()) {
    sleep_seconds(0.001);
  }
  first.signal(SIGSTOP);
  ASSERT_TRUE(first.running()) << "the first run ended before it could be stopped";

  const Outcome second =
      run(dir, FOLIO_INDEX_EXE, {"--db", db.string(), dir.write("x.txt", "X\n\nY\n").string()});
  EXPECT_EQ(second.status, 1);
  EXPECT_TRUE(contains(second.err, "locked")) << second.err;
  const Outcome compact = run(dir, FOLIO_INDEX_EXE, {"--db", db.string(), "compact"});
  EXPECT_EQ(compact.status, 1);
  EXPECT_TRUE(contains(compact.err, "locked")) << compact.err;

  first.signal(SIGCONT);
  const Outcome done = first.outcome();
  EXPECT_EQ(done.status, 0) << done.err;
  EXPECT_TRUE(contains(done.out, "The index now holds 2000 articles.")) << done.out;
}

// ---- 9. Schema version ----

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint32_t n = 0; n < 5; ++n) {
      dir_.write("in/a" + std::to_string(n) + ".txt", text_article(n, 20));
    }
    ASSERT_EQ(index(dir_, db(), {in()}).run.status, 0);
    // An index written by another Folio: the same layout, another schema version recorded.
    Xapian::WritableDatabase gen((db() / current_generation(db())).string(), Xapian::DB_OPEN);
    gen.set_metadata(std::string(folio::schema::kMetaSchema),
                     std::to_string(folio::schema::kSchemaVersion + 1));
    gen.commit();
  }

  std::string in() const { return (dir_.path() / "in").string(); }
  fs::path db() const { return dir_.path() / "db"; }

  TempDir dir_;
};

TEST_F(SchemaTest, SearchIndexAndCompactRefuseAnotherSchemaVersionByName) {
  const Outcome s = search(dir_, db(), {"ba"});
  EXPECT_EQ(s.status, 1);
  EXPECT_TRUE(contains(s.err, "schema version")) << s.err;
  const Indexed i = index(dir_, db(), {in()});
  EXPECT_EQ(i.run.status, 1);
  EXPECT_TRUE(contains(i.run.err, "schema version")) << i.run.err;
  const Outcome c = run(dir_, FOLIO_INDEX_EXE, {"--db", db().string(), "compact"});
  EXPECT_EQ(c.status, 1);
  EXPECT_TRUE(contains(c.err, "schema version")) << c.err;
}

TEST_F(SchemaTest, RebuildReplacesAnIndexOfAnotherSchemaVersion) {
  const Indexed i = index(dir_, db(), {"--rebuild", in()});
  ASSERT_EQ(i.run.status, 0) << i.run.err;
  EXPECT_EQ(i.stats["total_articles"], 5);
  EXPECT_EQ(search(dir_, db(), {"ba"}).status, 0);
}

}  // namespace
