// Tests of FolderWatch (indexing/watch.h): which changes matter, new folders watched, the
// limit of watches named; and of IndexingOptions::stop.
#include "indexing/watch.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "folio/error.h"
#include "folio/indexing.h"

#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// True when a change that matters comes within two seconds.
bool sees_change(FolderWatch& w) {
  for (int i = 0; i < 20; ++i) {
    if (w.wait(100ms)) {
      return true;
    }
  }
  return false;
}

/// True when nothing that matters comes for half a second.
bool quiet(FolderWatch& w) {
  for (int i = 0; i < 5; ++i) {
    if (w.wait(100ms)) {
      return false;
    }
  }
  return true;
}

TEST(FolderWatchTest, WatchesEveryFolderButHiddenOnes) {
  testing::TempDir dir;
  dir.write("a/b/c/x.txt", "x");
  dir.write("a/.hidden/y.txt", "y");
  FolderWatch w({dir.path()}, 0);
  EXPECT_EQ(w.folders(), 4u);  // the root, a, a/b, a/b/c
}

TEST(FolderWatchTest, TheIndexFolderInsideIsNotWatched) {
  testing::TempDir dir;
  dir.write("news/x.txt", "x");
  dir.write("db/gen-1/postlist.glass", "x");
  FolderWatch w({dir.path()}, 0, dir.path() / "db");
  EXPECT_EQ(w.folders(), 2u);                       // the root and news
  fs::create_directories(dir.path() / "db/gen-2");  // what a new generation does
  EXPECT_TRUE(quiet(w));
}

TEST(FolderWatchTest, FilesFolioReadsMatterOthersDoNot) {
  testing::TempDir dir;
  FolderWatch w({dir.path()}, 0);
  dir.write("notes.bin", "x");
  dir.write(".swap.txt", "x");
  EXPECT_TRUE(quiet(w));
  dir.write("story.txt", "x");
  EXPECT_TRUE(sees_change(w));
  fs::rename(dir.path() / "story.txt", dir.path() / "story.md");
  EXPECT_TRUE(sees_change(w));
  fs::remove(dir.path() / "story.md");
  EXPECT_TRUE(sees_change(w));
}

TEST(FolderWatchTest, NewFoldersAreWatched) {
  testing::TempDir dir;
  FolderWatch w({dir.path()}, 0);
  fs::create_directories(dir.path() / "new/deeper");
  EXPECT_TRUE(sees_change(w));
  EXPECT_TRUE(quiet(w));
  EXPECT_EQ(w.folders(), 3u);
  dir.write("new/deeper/z.txt", "z");
  EXPECT_TRUE(sees_change(w));
}

TEST(FolderWatchTest, InputRemovedAndMadeAgainIsWatchedAgain) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "in");
  FolderWatch w({dir.path() / "in"}, 0);
  fs::remove_all(dir.path() / "in");
  EXPECT_TRUE(sees_change(w));
  EXPECT_TRUE(quiet(w));
  fs::create_directories(dir.path() / "in");
  EXPECT_TRUE(sees_change(w));
  dir.write("in/back.txt", "b");
  EXPECT_TRUE(sees_change(w));
}

TEST(FolderWatchTest, ReachingTheLimitNamesTheSysctl) {
  testing::TempDir dir;
  dir.write("a/b/x.txt", "x");
  try {
    FolderWatch w({dir.path()}, 2);
    FAIL() << "three folders were watched under a limit of two";
  } catch (const IndexError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("fs.inotify.max_user_watches"), std::string::npos) << message;
    EXPECT_NE(message.find("sysctl"), std::string::npos) << message;
  }
}

TEST(IndexingStopTest, StoppedRunReadsNothingMoreAndSaysSo) {
  testing::TempDir dir;
  dir.write("in/a.txt", "A\n\nalpha");
  dir.write("in/b.txt", "B\n\nbeta");
  std::atomic<bool> stop{true};
  IndexingOptions options;
  options.db = dir.path() / "db";
  options.stop = &stop;
  const IndexingReport stopped = run_indexing({dir.path() / "in"}, options);
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.articles, 0u);
  stop = false;
  const IndexingReport next = run_indexing({dir.path() / "in"}, options);
  EXPECT_FALSE(next.stopped);
  EXPECT_EQ(next.total_articles, 2u);
}

}  // namespace
}  // namespace folio
