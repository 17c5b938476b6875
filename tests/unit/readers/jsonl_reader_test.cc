// Tests of the JSON Lines reader: one article a line.
#include "readers/jsonl_reader.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "reader_checks.h"

namespace folio {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form
using testing::expect_clean;

TEST(JsonlReaderTest, Table) {
  struct Case {
    const char* line;
    bool ok;
    std::string id;
    std::string title;
    std::string body;
    std::string date;
    std::string error_part;  // expected substring of the error when !ok
  };
  const std::vector<Case> cases = {
      {R"({"id": "a1", "title": "T", "text": "Body\n\nMore", "date": "2020-01-14T10:00:00Z",
           "author": "By Ann Lee", "url": "https://x.org/a"})",
       true, "a1", "T", "Body\n\nMore", "2020-01-14", ""},
      {R"({"id": 42, "title": "Numeric id"})", true, "42", "Numeric id", "", "", ""},
      {R"({"id": -7, "text": "negative"})", true, "-7", "", "negative", "", ""},
      {R"({"id": "x", "text": "t", "date": "soon", "extra": [1, 2]})", true, "x", "", "t", "", ""},
      {R"({"id": "x", "title": null, "text": "t", "date": null})", true, "x", "", "t", "", ""},
      {R"({"id": "  spaced  ", "title": "T\u0000\u0007"})", true, "spaced", "T", "", "", ""},
      {R"({"title": "no id"})", false, "", "", "", "", "\"id\""},
      {R"({"id": "", "title": "empty id"})", false, "", "", "", "", "\"id\""},
      {R"({"id": 1.5, "title": "float id"})", false, "", "", "", "", "\"id\""},
      {R"({"id": true, "title": "bool id"})", false, "", "", "", "", "\"id\""},
      {R"({"id": "x"})", false, "", "", "", "", "\"title\" or \"text\""},
      {R"({"id": "x", "title": " ", "text": ""})", false, "", "", "", "", "\"title\" or \"text\""},
      {R"({"id": "x", "title": 5})", false, "", "", "", "", "\"title\" must be a string"},
      {R"({"id": "x", "title": "T", "text": ["a"]})", false, "", "", "", "", "\"text\""},
      {R"({"id": "x", "title": "T", "date": 20200114})", false, "", "", "", "", "\"date\""},
      {R"({"id": "x", "title": "T", "author": {"name": "A"}})", false, "", "", "", "",
       "\"author\""},
      {R"({"id": "x", "title": "T", "url": 1})", false, "", "", "", "", "\"url\""},
      {R"(["id", "x"])", false, "", "", "", "", "not a JSON object"},
      {R"("just a string")", false, "", "", "", "", "not a JSON object"},
      {R"({"id": "x", "title": "T")", false, "", "", "", "", "invalid JSON"},
      {R"(not json)", false, "", "", "", "", "invalid JSON"},
      {R"({"id": "x", "title": "T"} trailing)", false, "", "", "", "", "invalid JSON"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    Article a;
    std::string error;
    EXPECT_EQ(parse_jsonl_line(c.line, a, error), c.ok) << error;
    if (c.ok) {
      expect_clean(a, c.line);
      EXPECT_EQ(a.id, c.id);
      EXPECT_EQ(a.title, c.title);
      EXPECT_EQ(a.body, c.body);
      EXPECT_EQ(a.date, c.date);
    } else {
      EXPECT_NE(error.find(c.error_part), std::string::npos) << error;
    }
  }
  Article a;
  std::string error;
  ASSERT_TRUE(parse_jsonl_line(cases[0].line, a, error));
  EXPECT_EQ(a.author, "Ann Lee");
  EXPECT_EQ(a.url, "https://x.org/a");
}

TEST(JsonlReaderTest, DeclaredLanguageTable) {
  struct Case {
    const char* line;
    std::string language;
  };
  const std::vector<Case> cases = {
      {R"({"id": "x", "title": "T", "language": "pt-BR"})", "pt-BR"},
      {R"({"id": "x", "title": "T", "lang": " de "})", "de"},
      {R"({"id": "x", "title": "T", "language": "en", "lang": "fr"})", "en"},
      {R"({"id": "x", "title": "T", "language": 7, "lang": "fr"})", "fr"},
      {R"({"id": "x", "title": "T", "lang": ["en"]})", ""},
      {R"({"id": "x", "title": "T", "language": null})", ""},
      {R"({"id": "x", "title": "T"})", ""},
  };
  for (const Case& c : cases) {
    Article a;
    std::string error;
    EXPECT_TRUE(parse_jsonl_line(c.line, a, error))
        << c.line << ": " << error << " (a language that is no string is ignored)";
    EXPECT_EQ(a.language, c.language) << c.line;
  }
}

}  // namespace
}  // namespace folio
