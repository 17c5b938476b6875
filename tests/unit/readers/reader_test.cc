// Tests of read_file(): the dispatch by file type, ids and categories, skips, JSON Lines.
#include "folio/reader.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "reader_checks.h"
#include "temp_dir.h"

namespace folio {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form
using testing::expect_clean;
using testing::repeat;
namespace fs = std::filesystem;

TEST(FileKindTest, Table) {
  struct Case {
    const char* file;
    FileKind kind;
  };
  const std::vector<Case> cases = {
      {"a.txt", FileKind::kText},
      {"a/B.TXT", FileKind::kText},
      {"a.text", FileKind::kText},
      {"a.md", FileKind::kMarkdown},
      {"a.Markdown", FileKind::kMarkdown},
      {"a.html", FileKind::kHtml},
      {"a.HTM", FileKind::kHtml},
      {"a.xhtml", FileKind::kHtml},
      {"a.jsonl", FileKind::kJsonl},
      {"a.ndjson", FileKind::kJsonl},
      {"a.json", FileKind::kUnsupported},
      {"a.pdf", FileKind::kPdf},
      {"a.PDF", FileKind::kPdf},
      {"a.docx", FileKind::kDocx},
      {"a.doc", FileKind::kUnsupported},
      {"a.odt", FileKind::kOdt},
      {"a.epub", FileKind::kEpub},
      {"a.warc", FileKind::kWarc},
      {"a.WARC.GZ", FileKind::kWarc},
      {"a.gz", FileKind::kUnsupported},
      {".warc.gz", FileKind::kUnsupported},
      {"a.eml", FileKind::kMail},
      {"a.rdf", FileKind::kXml},
      {"README", FileKind::kUnsupported},
      {".txt", FileKind::kUnsupported},
      {"a.txt.gz", FileKind::kUnsupported},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(file_kind(c.file), c.kind) << c.file;
  }
}

// ---------------------------------------------------------------------------------------------
// read_file

class ReadFileTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& relative, std::string_view bytes) {
    return dir_.write(relative, bytes);
  }

  struct Read {
    ReadResult result;
    std::vector<Article> articles;
  };

  Read read(const fs::path& file, const fs::path& root,
            std::uint64_t max_bytes = kDefaultMaxFileBytes) {
    Read r;
    r.result = read_file(
        file, root, [&r](Article&& a) { r.articles.push_back(std::move(a)); },
        ReadOptions{max_bytes, {}});
    EXPECT_EQ(r.result.articles, r.articles.size());
    for (const Article& a : r.articles) {
      expect_clean(a, file.string());
    }
    return r;
  }

  /// The single skip reason when the file was skipped, else "".
  std::string skip_reason(const fs::path& file, std::uint64_t max_bytes = kDefaultMaxFileBytes) {
    const Read r = read(file, root_, max_bytes);
    EXPECT_TRUE(r.articles.empty());
    EXPECT_EQ(r.result.skipped.size(), 1u);
    if (r.result.skipped.empty()) {
      return "";
    }
    EXPECT_EQ(r.result.skipped[0].path, file.string());
    return r.result.skipped[0].reason;
  }

  testing::TempDir dir_;  // folio::testing, not GoogleTest's
  const fs::path root_ = dir_.path();
};

TEST_F(ReadFileTest, IdAndCategory) {
  const fs::path nested = write("politics/a.txt", "Title\n\nBody.");
  const fs::path top = write("b.txt", "Title\n\nBody.");
  const fs::path deep = write("x/y/c.md", "# Title\n\nBody.");
  struct Case {
    fs::path file;
    fs::path root;
    std::string id;
    std::string category;
  };
  const std::vector<Case> cases = {
      {nested, root_, "politics/a.txt", "politics"},
      {top, root_, "b.txt", ""},
      {deep, root_, "x/y/c.md", "x"},
      {deep, root_ / "x", "y/c.md", "y"},
      {nested, root_ / "politics", "a.txt", ""},
      {nested, nested, "a.txt", ""},
      {nested, root_ / "politics" / "", "a.txt", ""},
      {root_ / "politics" / ".." / "b.txt", root_, "b.txt", ""},
      {nested, root_ / "elsewhere", "a.txt", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file.string() + " under " + c.root.string());
    const Read r = read(c.file, c.root);
    ASSERT_EQ(r.articles.size(), 1u);
    EXPECT_TRUE(r.result.skipped.empty());
    EXPECT_EQ(r.articles[0].id, c.id);
    EXPECT_EQ(r.articles[0].category, c.category);
    EXPECT_EQ(r.articles[0].path, c.file.string());
    EXPECT_EQ(r.articles[0].title, "Title");
    EXPECT_EQ(r.articles[0].body, "Body.");
    EXPECT_GT(r.result.bytes, 0u);
  }
}

TEST_F(ReadFileTest, Skips) {
  EXPECT_EQ(skip_reason(write("empty.txt", "")), "empty file");
  EXPECT_EQ(skip_reason(write("blank.md", " \n\t\r\n")), "empty file");
  EXPECT_EQ(skip_reason(write("bom-only.txt", "\xEF\xBB\xBF\n")), "empty file");
  EXPECT_EQ(skip_reason(write("image.txt", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s)), "binary file");
  EXPECT_EQ(skip_reason(write("sheet.xls", "\xd0\xcf\x11\xe0")), "unsupported file type");
  EXPECT_EQ(skip_reason(write("mystery.txt", "\x81\x8D\x8F\x90\x9D\xFE\xFD\xFC\x81")),
            "unknown encoding");
  EXPECT_EQ(skip_reason(write("scripts.html", "<script>x()</script><style>p{}</style>")),
            "no text");
  EXPECT_EQ(skip_reason(write("big.txt", repeat("word ", 100)), 50), "too large");
  EXPECT_EQ(skip_reason(root_ / "missing.txt"), "unreadable file");
  fs::create_directories(root_ / "folder.txt");
  EXPECT_EQ(skip_reason(root_ / "folder.txt"), "unreadable file");
}

TEST_F(ReadFileTest, UnreadableFileHasDetail) {
  const Read r = read(root_ / "missing.txt", root_);
  ASSERT_EQ(r.result.skipped.size(), 1u);
  EXPECT_FALSE(r.result.skipped[0].detail.empty());
}

TEST_F(ReadFileTest, Latin1FileIsConverted) {
  const fs::path file = write("sport/199.txt",
                              "Chelsea sack Mutu\n\nMutu, a \xA3"
                              "15.8m signing from Parma, who "
                              "may face a two-year suspension.\n");
  const Read r = read(file, root_);
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.result.notes, std::vector<std::string>{"converted from ISO-8859-1"});
  EXPECT_EQ(r.articles[0].title, "Chelsea sack Mutu");
  EXPECT_NE(r.articles[0].body.find("a \xC2\xA3"
                                    "15.8m signing"),
            std::string::npos);
  EXPECT_EQ(r.articles[0].category, "sport");
}

TEST_F(ReadFileTest, HtmlPageIsReadInTheCharsetItsMetaNames) {
  // ISO-8859-2 bytes that detection alone took for ISO-8859-1 ("Zaýó³æ ...").
  const fs::path page = write("pl.html",
                              "<html><head><meta charset=\"iso-8859-2\"><title>Za\xBF\xF3\xB3\xE6 "
                              "g\xEA\xB6l\xB1 ja\xBC\xF1</title></head><body><p>\xA3\xF3"
                              "d\xBC, "
                              "\xB6roda.</p></body></html>");
  const Read r = read(page, root_);
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144");
  EXPECT_EQ(r.result.converted_from, "iso-8859-2");
  // UTF-8 under a wrong single-byte declaration stays UTF-8, as in browsers.
  const Read utf8 = read(write("u.html",
                               "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                               "charset=windows-1252\"><title>Caf\xC3\xA9 cr\xC3\xA8me</title>"
                               "</head></html>"),
                         root_);
  ASSERT_EQ(utf8.articles.size(), 1u);
  EXPECT_EQ(utf8.articles[0].title, "Caf\u00e9 cr\u00e8me");
}

TEST_F(ReadFileTest, EachFormat) {
  const Read text = read(write("a.txt", "Title\r\nBy Ann Lee\r\n\r\nBody."), root_);
  ASSERT_EQ(text.articles.size(), 1u);
  EXPECT_EQ(text.articles[0].author, "Ann Lee");
  EXPECT_TRUE(text.result.notes.empty());

  const Read md = read(write("b.md", "---\ntitle: MD\n---\nSome *text*."), root_);
  ASSERT_EQ(md.articles.size(), 1u);
  EXPECT_EQ(md.articles[0].title, "MD");
  EXPECT_EQ(md.articles[0].body, "Some text.");

  const Read html = read(write("c.htm", "<title>H</title><p>Para</p>"), root_);
  ASSERT_EQ(html.articles.size(), 1u);
  EXPECT_EQ(html.articles[0].title, "H");
  EXPECT_EQ(html.articles[0].body, "Para");

  const Read utf16 = read(write("d.txt", "\xFF\xFET\0i\0\n\0b\0"s), root_);
  ASSERT_EQ(utf16.articles.size(), 1u);
  EXPECT_EQ(utf16.articles[0].title, "Ti");
  EXPECT_EQ(utf16.result.notes, std::vector<std::string>{"converted from UTF-16LE"});
}

TEST_F(ReadFileTest, JsonlGoodAndBadLines) {
  const fs::path file =
      write("data/docs.jsonl",
            "\xEF\xBB\xBF{\"id\": \"1\", \"title\": \"One\", \"text\": \"Body one\"}\n"
            "\n"
            "{\"id\": 2, \"title\": \"Two\"}\r\n"
            "{\"id\": \"3\", \"title\": \"Three\"\n"
            "[1, 2]\n"
            "{\"id\": \"5\", \"title\": \"Caf\xE9\"}\n"
            "{\"id\": \"6\", \"title\": \"Six\", \"date\": \"Jan 6, 2020\"}");
  const Read r = read(file, root_);
  ASSERT_EQ(r.articles.size(), 3u);
  EXPECT_EQ(r.articles[0].id, "1");
  EXPECT_EQ(r.articles[0].body, "Body one");
  EXPECT_EQ(r.articles[1].id, "2");
  EXPECT_EQ(r.articles[2].id, "6");
  EXPECT_EQ(r.articles[2].date, "2020-01-06");
  for (const Article& a : r.articles) {
    EXPECT_EQ(a.path, file.string());
    EXPECT_EQ(a.category, "");
  }
  struct Expected {
    std::string path;
    std::string reason;
  };
  const std::vector<Expected> expected = {{file.string() + ":4", "bad JSONL line"},
                                          {file.string() + ":5", "bad JSONL line"},
                                          {file.string() + ":6", "bad encoding"}};
  ASSERT_EQ(r.result.skipped.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.result.skipped[i].path, expected[i].path) << i;
    EXPECT_EQ(r.result.skipped[i].reason, expected[i].reason) << i;
  }
  EXPECT_NE(r.result.skipped[0].detail.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(r.result.skipped[1].detail, "not a JSON object");
  EXPECT_EQ(r.result.bytes, fs::file_size(file));
}

TEST_F(ReadFileTest, JsonlLimitsApplyPerLine) {
  const std::string big = "{\"id\": \"big\", \"text\": \"" + repeat("x", 1000) + "\"}\n";
  const fs::path file = write("docs.ndjson", big + "{\"id\": \"small\", \"title\": \"S\"}\n" + big);
  const Read r = read(file, root_, 100);
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].id, "small");
  ASSERT_EQ(r.result.skipped.size(), 2u);
  EXPECT_EQ(r.result.skipped[0].path, file.string() + ":1");
  EXPECT_EQ(r.result.skipped[0].reason, "too large");
  EXPECT_EQ(r.result.skipped[1].path, file.string() + ":3");
}

TEST_F(ReadFileTest, JsonlEmptyAndBinary) {
  EXPECT_EQ(skip_reason(write("empty.jsonl", "")), "empty file");
  EXPECT_EQ(skip_reason(write("blank.jsonl", "\n\n  \n")), "empty file");
  EXPECT_EQ(skip_reason(write("zip.jsonl", "PK\x03\x04\0\0\n{}"s)), "binary file");
  fs::create_directories(root_ / "folder.jsonl");
  EXPECT_EQ(skip_reason(root_ / "folder.jsonl"), "unreadable file");
}

}  // namespace
}  // namespace folio
