// Tests of the extractor workers (readers/extractor.h): a worker that crashes, hangs, hogs
// memory, floods or answers garbage costs its file only, with the reason; workers live on
// between files; the real folio-extract answers through read_file().
#include "readers/extractor.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

struct Extracted {
  ReadResult result;
  std::vector<Article> articles;

  std::string reason() const { return result.skipped.empty() ? "" : result.skipped[0].reason; }
};

class ExtractorTest : public ::testing::Test {
 protected:
  ExtractorTest() {
    options_.program = FOLIO_BAD_EXTRACTOR_EXE;
    options_.timeout = std::chrono::seconds(2);
    options_.memory_bytes = 256ull << 20;
    options_.max_output_bytes = 1u << 20;
  }

  Extracted extract(const std::string& name) const {
    Extracted x;
    x.result = extract_in_worker(
        "%PDF-1.4 bytes", dir_.path() / name, dir_.path(),
        [&x](Article&& a) { x.articles.push_back(std::move(a)); }, options_);
    EXPECT_EQ(x.result.articles, x.articles.size());
    return x;
  }

  testing::TempDir dir_;
  ExtractorOptions options_;
};

TEST_F(ExtractorTest, AnswerGivesTheArticles) {
  const Extracted x = extract("ok.pdf");
  ASSERT_EQ(x.articles.size(), 1u);
  EXPECT_EQ(x.articles[0].title, "ok");
  EXPECT_TRUE(x.result.skipped.empty());
}

TEST_F(ExtractorTest, WorkerServesFileAfterFile) {
  // Long-lived workers: one process answers both files (its id is in the body).
  const Extracted first = extract("ok.pdf");
  const Extracted second = extract("ok.pdf");
  ASSERT_EQ(first.articles.size(), 1u);
  ASSERT_EQ(second.articles.size(), 1u);
  EXPECT_EQ(first.articles[0].body, second.articles[0].body);
}

TEST_F(ExtractorTest, CrashSkipsTheFileWithTheSignal) {
  const Extracted x = extract("crash.pdf");
  EXPECT_TRUE(x.articles.empty());
  ASSERT_EQ(x.result.skipped.size(), 1u);
  EXPECT_EQ(x.result.skipped[0].reason, "extractor crashed (signal 11)");
  EXPECT_EQ(x.result.skipped[0].path, (dir_.path() / "crash.pdf").string());
  // A new worker takes the next file.
  EXPECT_EQ(extract("ok.pdf").articles.size(), 1u);
}

TEST_F(ExtractorTest, HangIsStoppedAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const Extracted x = extract("hang.pdf");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(x.articles.empty());
  EXPECT_EQ(x.reason(), "extractor timed out after 2 s");
  EXPECT_GE(took, std::chrono::seconds(2));
  EXPECT_EQ(extract("ok.pdf").articles.size(), 1u);
}

TEST_F(ExtractorTest, MemoryLimitApplies) {
  const Extracted x = extract("hog.pdf");
  EXPECT_TRUE(x.articles.empty()) << "the worker allocated 8 GiB under a 256 MiB limit";
  EXPECT_EQ(x.reason(), "extractor out of memory");
}

TEST_F(ExtractorTest, OutputOverTheLimitIsRefused) {
  const Extracted x = extract("flood.pdf");
  EXPECT_TRUE(x.articles.empty());
  EXPECT_EQ(x.reason(), "extractor output too large");
  options_.max_output_bytes = 4u << 20;
  const Extracted allowed = extract("flood.pdf");
  ASSERT_EQ(allowed.articles.size(), 1u);
  EXPECT_EQ(allowed.articles[0].body.size(), 2u << 20);
}

TEST_F(ExtractorTest, MalformedReplyIsAFailure) {
  EXPECT_EQ(extract("garbage.pdf").reason(), "extractor failed");
  EXPECT_EQ(extract("ok.pdf").articles.size(), 1u);
}

TEST_F(ExtractorTest, ExitStatusIsReported) {
  EXPECT_EQ(extract("exit.pdf").reason(), "extractor failed (exit status 3)");
}

TEST_F(ExtractorTest, MissingProgramSkipsWithReason) {
  options_.program = dir_.path() / "no-such-extractor";
  const Extracted x = extract("ok.pdf");
  EXPECT_EQ(x.reason(), "extractor not found");
  ASSERT_EQ(x.result.skipped.size(), 1u);
  EXPECT_NE(x.result.skipped[0].detail.find("no-such-extractor"), std::string::npos);
}

TEST_F(ExtractorTest, ConcurrentCallersEachGetAnAnswer) {
  std::vector<std::thread> threads;
  std::vector<std::string> reasons(8);
  std::vector<std::size_t> counts(8);
  for (std::size_t i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const Extracted x = extract(i % 4 == 3 ? "crash.pdf" : "ok.pdf");
      reasons[i] = x.reason();
      counts[i] = x.articles.size();
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (std::size_t i = 0; i < 8; ++i) {
    if (i % 4 == 3) {
      EXPECT_EQ(reasons[i], "extractor crashed (signal 11)") << i;
    } else {
      EXPECT_EQ(counts[i], 1u) << i;
    }
  }
}

/// read_file() through the real worker program, folio-extract.
struct RealRead {
  ReadResult result;
  std::vector<Article> articles;
};

RealRead read_with_real_worker(const fs::path& file, const fs::path& root) {
  ReadOptions options;
  options.extractor.program = FOLIO_EXTRACT_EXE;
  RealRead r;
  r.result = read_file(
      file, root, [&](Article&& a) { r.articles.push_back(std::move(a)); }, options);
  return r;
}

const fs::path kPdfs = fs::path(FOLIO_SOURCE_DIR) / "tests/fixtures/formats/pdf";

TEST(ExtractorProgramTest, RealWorkerReadsAPdf) {
  const RealRead r = read_with_real_worker(kPdfs / "two_pages.pdf", kPdfs.parent_path());
  ASSERT_EQ(r.articles.size(), 1u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "pdf/two_pages.pdf");
  EXPECT_EQ(a.category, "pdf");
  EXPECT_EQ(a.path, (kPdfs / "two_pages.pdf").string());
  EXPECT_EQ(a.title, "The Harbour in Winter");
  EXPECT_EQ(a.author, "Jane Doe");
  EXPECT_NE(a.body.find("The second page tells of the ships."), std::string::npos);
  EXPECT_TRUE(r.result.skipped.empty());
}

// The declared language crosses the process boundary ('A' messages carry it), whatever the
// format.
TEST(ExtractorProgramTest, RealWorkerKeepsTheDeclaredLanguage) {
  const RealRead pdf = read_with_real_worker(kPdfs / "lang.pdf", kPdfs.parent_path());
  ASSERT_EQ(pdf.articles.size(), 1u);
  EXPECT_EQ(pdf.articles[0].language, "fr-CA");
  const fs::path epub = kPdfs.parent_path() / "epub/voyage.epub";
  const RealRead book = read_with_real_worker(epub, kPdfs.parent_path());
  ASSERT_EQ(book.articles.size(), 1u);
  EXPECT_EQ(book.articles[0].language, "fr-CA");
}

TEST(ExtractorProgramTest, RealWorkerSkipsHostilePdfsWithTheirReasons) {
  EXPECT_EQ(read_with_real_worker(kPdfs / "encrypted.pdf", kPdfs).result.skipped.at(0).reason,
            "encrypted PDF");
  EXPECT_EQ(read_with_real_worker(kPdfs / "random.pdf", kPdfs).result.skipped.at(0).reason,
            "corrupt PDF");
  // A page tree that loops gives the pages it reaches; the worker lives on.
  EXPECT_EQ(read_with_real_worker(kPdfs / "page_loop.pdf", kPdfs).articles.size(), 1u);
  EXPECT_EQ(read_with_real_worker(kPdfs / "two_pages.pdf", kPdfs).articles.size(), 1u);
}

}  // namespace
}  // namespace folio
