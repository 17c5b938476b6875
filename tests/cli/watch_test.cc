// Tests of `folio-index --watch`: the index follows its folder (add, change, delete, rename, an
// editor's save-by-rename, a folder removed and made again, a burst of 10,000 files), seen by a
// searcher polling; SIGINT and SIGTERM end it with status 0.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "folio/searcher.h"

#include "run.h"

namespace folio {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::slurp;

/// folio-index --watch running in the background; stopped (SIGTERM) when it goes.
class Watcher {
 public:
  Watcher(const fs::path& dir, const fs::path& db, const fs::path& in) : dir_(dir) {
    const std::string exe = FOLIO_INDEX_EXE;
    const std::vector<std::string> args = {exe, "--watch", "--db", db.string(), in.string()};
    std::vector<char*> argv;
    for (const std::string& a : args) {
      argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out = ::open((dir / "watch.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open((dir / "watch.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      ::execv(exe.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~Watcher() {
    if (pid_ > 0) {
      stop(SIGKILL);
    }
  }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  /// Sends `signal` and returns the exit status (128 + signal when it killed the program).
  int stop(int signal) {
    ::kill(pid_, signal);
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
    pid_ = -1;
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  }

  std::string out() const { return slurp(dir_ / "watch.out"); }
  std::string err() const { return slurp(dir_ / "watch.err"); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
};

class WatchTest : public ::testing::Test {
 protected:
  WatchTest() : in_(dir_.path() / "in"), db_(dir_.path() / "db") {
    fs::create_directories(in_ / "news");
    write("news/first.txt", "First story\n\nAardvarks were seen in the park.\n");
    watcher_ = std::make_unique<Watcher>(dir_.path(), db_, in_);
    EXPECT_TRUE(eventually([&] { return hits("aardvarks") == 1; })) << watcher_->err();
  }

  void write(const std::string& relative, const std::string& text) {
    dir_.write("in/" + relative, text);
  }

  /// Articles matching `query` now (a fresh searcher sees the last commit); -1 before the
  /// index exists.
  long hits(const std::string& query) {
    try {
      Searcher searcher(db_);
      SearchRequest request;
      request.query = query;
      request.limit = 0;
      return static_cast<long>(searcher.search(request).total);
    } catch (const std::exception&) {
      return -1;
    }
  }

  std::vector<std::string> ids(const std::string& query) {
    std::vector<std::string> out;
    try {
      Searcher searcher(db_);
      SearchRequest request;
      request.query = query;
      for (const Hit& h : searcher.search(request).hits) {
        out.push_back(h.article.id);
      }
    } catch (const std::exception&) {
    }
    return out;
  }

  /// Polls `condition` every 50 ms until it holds or `limit` passes.
  static bool eventually(const std::function<bool()>& condition, std::chrono::seconds limit = 20s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (condition()) {
        return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    return condition();
  }

  testing::TempDir dir_;
  fs::path in_;
  fs::path db_;
  std::unique_ptr<Watcher> watcher_;
};

TEST_F(WatchTest, AddedFileBecomesSearchable) {
  write("news/second.txt", "Second story\n\nBadgers dug a tunnel.\n");
  EXPECT_TRUE(eventually([&] { return hits("badgers") == 1; }));
  EXPECT_EQ(hits("aardvarks"), 1);
}

TEST_F(WatchTest, ChangedFileIsReindexed) {
  write("news/first.txt", "First story\n\nCapybaras replaced the aardvarks.\n");
  EXPECT_TRUE(eventually([&] { return hits("capybaras") == 1; }));
  write("news/first.txt", "First story\n\nOnly dingoes now.\n");
  EXPECT_TRUE(eventually([&] { return hits("dingoes") == 1 && hits("capybaras") == 0; }));
  EXPECT_EQ(hits("aardvarks"), 0);
}

TEST_F(WatchTest, DeletedFileLeavesTheIndex) {
  fs::remove(in_ / "news/first.txt");
  EXPECT_TRUE(eventually([&] { return hits("aardvarks") == 0; }));
}

TEST_F(WatchTest, RenamedFileKeepsItsTextUnderItsNewId) {
  fs::rename(in_ / "news/first.txt", in_ / "news/renamed.txt");
  EXPECT_TRUE(
      eventually([&] { return ids("aardvarks") == std::vector<std::string>{"news/renamed.txt"}; }));
}

TEST_F(WatchTest, EditorsSaveByRenameIsSeen) {
  // What vim and many editors do: write a hidden temporary file, then rename it over the old.
  write("news/.first.txt.swp", "First story\n\nEmus took over the park.\n");
  fs::rename(in_ / "news/.first.txt.swp", in_ / "news/first.txt");
  EXPECT_TRUE(eventually([&] { return hits("emus") == 1 && hits("aardvarks") == 0; }));
  EXPECT_EQ(ids("emus"), std::vector<std::string>{"news/first.txt"});
}

TEST_F(WatchTest, FolderRemovedAndMadeAgain) {
  write("sport/match.txt", "Match report\n\nFerrets won the cup.\n");
  EXPECT_TRUE(eventually([&] { return hits("ferrets") == 1; }));
  fs::remove_all(in_ / "sport");
  EXPECT_TRUE(eventually([&] { return hits("ferrets") == 0; }));
  write("sport/rematch.txt", "Rematch\n\nGeckos won the rematch.\n");
  EXPECT_TRUE(eventually([&] { return hits("geckos") == 1; }));
  write("sport/deeper/inner.txt", "Inner\n\nHedgehogs in a new subfolder.\n");
  EXPECT_TRUE(eventually([&] { return hits("hedgehogs") == 1; }));
}

TEST_F(WatchTest, BurstOfTenThousandFiles) {
  // Written straight into a new folder while the watcher indexes: runs overlap the writes.
  for (int i = 0; i < 10000; ++i) {
    write("burst/f" + std::to_string(i) + ".txt",
          "Burst " + std::to_string(i) + "\n\nIguanas number " + std::to_string(i) + ".\n");
  }
  EXPECT_TRUE(eventually([&] { return hits("iguanas") == 10000; }, 240s)) << hits("iguanas");
  EXPECT_EQ(hits("aardvarks"), 1);
}

TEST_F(WatchTest, SigtermFinishesAndExitsZero) {
  EXPECT_EQ(watcher_->stop(SIGTERM), 0) << watcher_->err();
  EXPECT_NE(watcher_->out().find("Stopped watching."), std::string::npos) << watcher_->out();
  EXPECT_EQ(hits("aardvarks"), 1);  // the index is whole
}

TEST_F(WatchTest, SigintExitsZero) { EXPECT_EQ(watcher_->stop(SIGINT), 0) << watcher_->err(); }

}  // namespace
}  // namespace folio
