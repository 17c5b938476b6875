// End-to-end: folio-index reads a folder of every binary format through its extractor workers
// (the real folio-extract, found beside it), skips hostile files with their reasons and goes
// on; a worker that crashes or hangs costs its file only (FOLIO_EXTRACT names a misbehaving
// one). The words of each format are then found by folio-search.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run.h"

namespace folio {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;
using testing::run;
using testing::slurp;

const fs::path kFixtures = fs::path(FOLIO_SOURCE_DIR) / "tests/fixtures/formats";

// A WARC/1.0 file of one page, as wget writes it (uncompressed).
std::string one_page_warc() {
  const std::string body =
      "<html><head><title>Lighthouse keepers</title></head><body><p>The keepers of the "
      "lighthouse logged every storm.</p></body></html>";
  const std::string http =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/light\r\n"
         "WARC-Date: 2023-02-03T04:05:06Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
         "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
         std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
}

class FormatsTest : public ::testing::Test {
 protected:
  void copy(const std::string& fixture, const std::string& as) {
    fs::create_directories((dir_.path() / "in" / as).parent_path());
    fs::copy_file(kFixtures / fixture, dir_.path() / "in" / as);
  }

  Outcome index(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--db", db(), "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back((dir_.path() / "in").string());
    return run(dir_, FOLIO_INDEX_EXE, args);
  }

  std::string search(const std::string& query) {
    return run(dir_, FOLIO_SEARCH_EXE, {"--db", db(), query}).out;
  }

  std::string db() const { return (dir_.path() / "db").string(); }

  testing::TempDir dir_;
};

TEST_F(FormatsTest, EveryFormatIsIndexedAndHostileFilesAreSkippedWithTheirReasons) {
  copy("pdf/two_pages.pdf", "papers/harbour.pdf");
  copy("docx/report.docx", "drafts/report.docx");
  copy("odt/minutes.odt", "drafts/minutes.odt");
  copy("epub/voyage.epub", "books/voyage.epub");
  dir_.write("in/web/crawl.warc", one_page_warc());
  copy("pdf/encrypted.pdf", "hostile/encrypted.pdf");
  copy("pdf/random.pdf", "hostile/random.pdf");
  copy("pdf/page_loop.pdf", "hostile/page_loop.pdf");
  copy("docx/bomb.docx", "hostile/bomb.docx");
  copy("epub/drm.epub", "hostile/drm.epub");
  dir_.write("in/hostile/cut.docx", slurp(kFixtures / "docx/report.docx").substr(0, 700));
  const Outcome r = index();
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("hostile/encrypted.pdf: encrypted PDF"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hostile/random.pdf: corrupt PDF"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hostile/bomb.docx: zip bomb"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hostile/drm.epub: encrypted EPUB"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hostile/cut.docx: corrupt"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Skipped: 5 "), std::string::npos) << r.out;

  EXPECT_NE(search("harbour ships").find("papers/harbour.pdf"), std::string::npos);
  EXPECT_NE(search("tonnage").find("drafts/report.docx"), std::string::npos);
  const std::string page = run(dir_, FOLIO_SEARCH_EXE, {"--db", db(), "--json", "keepers"}).out;
  EXPECT_NE(page.find("\"url\": \"http://example.org/light\""), std::string::npos) << page;
  EXPECT_NE(page.find("web/crawl.warc#http://example.org/light"), std::string::npos) << page;
  EXPECT_NE(search("keepers storm").find("Lighthouse keepers"), std::string::npos);
  const std::string books =
      run(dir_, FOLIO_SEARCH_EXE, {"--db", db(), "--json", "--category", "books", "--from", "1000"})
          .out;
  EXPECT_NE(books.find("books/voyage.epub"), std::string::npos) << books;
}

TEST_F(FormatsTest, AFileGoneFromTheFolderLeavesTheIndex) {
  copy("pdf/two_pages.pdf", "harbour.pdf");
  ASSERT_EQ(index().status, 0);
  ASSERT_NE(search("harbour").find("harbour.pdf"), std::string::npos);
  fs::remove(dir_.path() / "in/harbour.pdf");
  const Outcome again = index();
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("removed 1"), std::string::npos) << again.out;
  EXPECT_EQ(search("harbour").find("harbour.pdf"), std::string::npos);
}

TEST_F(FormatsTest, CrashingAndHangingWorkersCostTheirFilesOnly) {
  dir_.write("in/crash.pdf", "%PDF-1.4");
  dir_.write("in/hang.pdf", "%PDF-1.4");
  dir_.write("in/ok.pdf", "%PDF-1.4");
  dir_.write("in/plain.txt", "Plain text\n\nStill indexed beside the broken workers.");
  ::setenv("FOLIO_EXTRACT", FOLIO_BAD_EXTRACTOR_EXE, 1);
  const Outcome r = index({"--extract-timeout", "1"});
  ::unsetenv("FOLIO_EXTRACT");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("crash.pdf: extractor crashed (signal 11)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hang.pdf: extractor timed out after 1 s"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Indexed 2 articles"), std::string::npos) << r.out;
  EXPECT_NE(search("broken workers").find("plain.txt"), std::string::npos);
}

}  // namespace
}  // namespace folio
