// Tests of the article readers: decoding, dates, .txt/.md/.html/.jsonl parsing and read_file().
#include "folio/article.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;  // "\0" inside literals needs the ""s form

/// Shows bytes readably in failure messages: non-printable bytes as \xNN, newlines as \n.
std::string show(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (b < 0x20 || b == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

/// An independent strict UTF-8 check (no overlongs, surrogates or code points > U+10FFFF).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      lo = b == 0xE0 ? 0xA0 : 0x80;
      hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      lo = b == 0xF0 ? 0x90 : 0x80;
      hi = b == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (s.size() - i < static_cast<std::size_t>(len)) {
      return false;
    }
    for (int k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

/// The invariants every Article field keeps: valid UTF-8, trimmed, no control characters
/// (the body may hold "\n\n" paragraph breaks and nothing else below 0x20).
void expect_clean(const Article& a, const std::string& context) {
  const std::vector<std::pair<const char*, const std::string*>> fields = {
      {"id", &a.id},     {"path", &a.path},     {"url", &a.url},           {"title", &a.title},
      {"date", &a.date}, {"author", &a.author}, {"category", &a.category}, {"body", &a.body}};
  for (const auto& [name, value] : fields) {
    const std::string& v = *value;
    SCOPED_TRACE(context + " field " + name + " = " + show(v));
    EXPECT_TRUE(valid_utf8(v));
    if (!v.empty()) {
      EXPECT_NE(v.front(), ' ');
      EXPECT_NE(v.back(), ' ');
      EXPECT_NE(v.back(), '\n');
    }
    const bool body = std::string_view(name) == "body";
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto b = static_cast<unsigned char>(v[i]);
      const bool control =
          b < 0x20 || b == 0x7F ||
          (b == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) < 0xA0);
      if (control && !(body && b == '\n')) {
        ADD_FAILURE() << "control byte at " << i;
        break;
      }
    }
    if (body) {
      EXPECT_EQ(v.find("\n\n\n"), std::string::npos);
      for (std::size_t p = v.find('\n'); p != std::string::npos; p = v.find('\n', p + 2)) {
        ASSERT_TRUE(p + 1 < v.size() && v[p + 1] == '\n') << "single newline at " << p;
      }
    }
  }
}

std::vector<std::string> paragraphs(const std::string& body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    const std::size_t end = body.find("\n\n", start);
    out.push_back(body.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) {
      break;
    }
    start = end + 2;
  }
  return out;
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// decode_to_utf8

TEST(DecodeTest, Table) {
  struct Case {
    const char* name;
    std::string bytes;
    bool ok;
    std::string text;     // expected UTF-8 when ok
    std::string charset;  // expected charset when ok, error when not
  };
  const std::vector<Case> cases = {
      {"empty", "", true, "", "UTF-8"},
      {"ascii", "Hello, world.\n", true, "Hello, world.\n", "UTF-8"},
      {"utf-8", "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80", true,
       "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80", "UTF-8"},
      {"utf-8 bom stripped", "\xEF\xBB\xBFTitle\n", true, "Title\n", "UTF-8"},
      {"latin-1 sentence",
       "The price was \xA3"
       "5 at the caf\xE9 on the corner.",
       true,
       "The price was \xC2\xA3"
       "5 at the caf\xC3\xA9 on the corner.",
       "ISO-8859-1"},
      {"latin-1 short line",
       "Price \xA3"
       "5",
       true,
       "Price \xC2\xA3"
       "5",
       "ISO-8859-1"},
      {"too short for ICU: windows-1252 fallback", "Caf\xE9", true, "Caf\xC3\xA9", "windows-1252"},
      {"windows-1252 quotes", "Smart \x93quotes\x94 here", true,
       "Smart \xE2\x80\x9Cquotes\xE2\x80\x9D here", "windows-1252"},
      {"utf-8 with a stray latin-1 byte",
       "It\xE2\x80\x99s \xA3"
       "5 and it\xE2\x80\x99s fine",
       true,
       "It\xE2\x80\x99s \xC2\xA3"
       "5 and it\xE2\x80\x99s fine",
       "UTF-8 with windows-1252 bytes"},
      {"utf-16le bom", "\xFF\xFEH\0i\0 \0\xE9\0\n\0"s, true, "Hi \xC3\xA9\n", "UTF-16LE"},
      {"utf-16be bom", "\xFE\xFF\0H\0i\0 \x20\xAC"s, true, "Hi \xE2\x82\xAC", "UTF-16BE"},
      {"utf-32le bom", "\xFF\xFE\0\0H\0\0\0i\0\0\0"s, true, "Hi", "UTF-32LE"},
      {"nul bytes", "PK\x03\x04\0\0\0\0binary"s, false, "", "binary file"},
      {"nul after text", "Some text\n\0\0\0\0more"s, false, "", "binary file"},
      {"control characters", "text\x01\x02\x03\x04\x05\x06 and a bit more", false, "",
       "binary file"},
      {"undefined windows-1252 bytes", "\x81\x8D\x8F\x90\x9D\xFE\xFD\xFC\x81", false, "",
       "unknown encoding"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + show(c.bytes));
    const Decoded d = decode_to_utf8(c.bytes);
    EXPECT_EQ(d.ok, c.ok) << d.error;
    if (c.ok) {
      EXPECT_EQ(d.text, c.text);
      EXPECT_EQ(d.charset, c.charset);
      EXPECT_TRUE(d.error.empty());
    } else {
      EXPECT_EQ(d.error, c.charset);
    }
  }
}

TEST(DecodeTest, MalformedUtf8IsNeverPassedThrough) {
  // Each is invalid UTF-8 somewhere; whatever decoding does, it must not call it UTF-8 and
  // must return valid UTF-8.
  const std::vector<std::string> cases = {
      "overlong slash \xC0\xAF in text",
      "overlong \xE0\x80\xAF three bytes",
      "surrogate \xED\xA0\x80 in text",
      "beyond U+10FFFF \xF4\x90\x80\x80 here",
      "truncated euro \xE2\x82",
      "lone continuation \x80 byte",
      "five-byte form \xF8\x88\x80\x80\x80 here",
  };
  for (const std::string& bytes : cases) {
    SCOPED_TRACE(show(bytes));
    const Decoded d = decode_to_utf8(bytes);
    EXPECT_NE(d.charset, "UTF-8");
    if (d.ok) {
      EXPECT_TRUE(valid_utf8(d.text)) << show(d.text);
    }
  }
}

TEST(DecodeTest, LongLatin1TextIsDetected) {
  // Mostly ASCII with the non-ASCII byte far from the start, like bbc/sport/199.txt.
  const std::string bytes = repeat("Chelsea have decided to write off a possible fee. ", 400) +
                            "Mutu, a \xA3"
                            "15.8m signing from Parma.";
  const Decoded d = decode_to_utf8(bytes);
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.charset, "ISO-8859-1");
  EXPECT_NE(d.text.find("a \xC2\xA3"
                        "15.8m signing"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// normalize_date

TEST(DateTest, Table) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"January 14, 2020, 1:22pm", "2020-01-14"},
      {"January 14, 2020", "2020-01-14"},
      {"Jan. 14, 2020", "2020-01-14"},
      {"Jan 14 2020", "2020-01-14"},
      {"jan 4, 2020", "2020-01-04"},
      {"JANUARY 14TH, 2020", "2020-01-14"},
      {"Sept. 3, 2019", "2019-09-03"},
      {"14 January 2020", "2020-01-14"},
      {"14th Jan 2020", "2020-01-14"},
      {"1 May 2021", "2021-05-01"},
      {"14-Jan-2020", "2020-01-14"},
      {"Tuesday, 14 January 2020", "2020-01-14"},
      {"Tue, 14 Jan 2020 10:00:00 GMT", "2020-01-14"},
      {"2020-01-14", "2020-01-14"},
      {"2020-1-4", "2020-01-04"},
      {"2020-01-14T10:00:00Z", "2020-01-14"},
      {"2020-01-14T10:00:00+01:00", "2020-01-14"},
      {"1987-02-26T15:01:01.79", "1987-02-26"},
      {"2020-01-14 10:22", "2020-01-14"},
      {"2020/01/14", "2020-01-14"},
      {"2020.01.14", "2020-01-14"},
      {"Published: January 14, 2020", "2020-01-14"},
      {"Published January 14, 2020", "2020-01-14"},
      {"Updated 14 Jan 2020 10:22 GMT", "2020-01-14"},
      {"Last updated on 14 January 2020", "2020-01-14"},
      {"  February 29, 2020  ", "2020-02-29"},
      {"February 29, 2000", "2000-02-29"},
      // Not dates.
      {"", ""},
      {"not a date", ""},
      {"May the force be with you", ""},
      {"Mayor 14, 2020", ""},
      {"March on", ""},
      {"January 2020", ""},
      {"14 January", ""},
      {"2020", ""},
      {"2020-13-01", ""},
      {"2020-00-10", ""},
      {"2020-01-32", ""},
      {"2020-02-30", ""},
      {"February 29, 2019", ""},
      {"February 29, 1900", ""},
      {"31 April 2020", ""},
      {"0 May 2020", ""},
      {"2020-01-145", ""},
      {"12020-01-14", ""},
      {"2020-01/14", ""},
      {"January 14, 20", ""},
      {"January 14, 2020x", ""},
      {"01/14/2020", ""},
      {"Published", ""},
      {"On Monday, the minister said", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(normalize_date(c.input), c.expected) << "input: \"" << c.input << '"';
  }
}

// ---------------------------------------------------------------------------------------------
// parse_text

// An excerpt of the seed article (a scraped news page: title, dek, dateline, caption, body).
constexpr std::string_view kSeedExcerpt =
    "Boris Johnson Is Defying Trump on Chinese-Built 5G\xC2\xA0Networks\n"
    "\n"
    "The U.S. has warned that the Chinese government is using 5G networks built by Chinese "
    "telecom giant Huawei for surveillance.\n"
    "January 14, 2020, 1:22pm\n"
    "Prime Minister, Boris Johnson, speaking in the Parliament Buildings, Stormont, Belfast\n"
    "\n"
    "Want the best of VICE News straight to your inbox? Sign up here.\n"
    "\n"
    "National security officials from the U.S. visited the U.K. on Monday to push their claim "
    "that allowing Chinese telecom giant Huawei access to the country\xE2\x80\x99s 5G networks "
    "would be \xE2\x80\x9Cnothing short of madness.\xE2\x80\x9D\n"
    "\n"
    "Less than 24 hours later, British Prime Minister Boris Johnson suggested once again that "
    "when he does make a final decision on the matter, he will likely ignore Washington\xE2\x80"
    "\x99s concerns.\n";

TEST(TextReaderTest, SeedArticle) {
  const Article a = parse_text(kSeedExcerpt);
  expect_clean(a, "seed");
  EXPECT_EQ(a.title, "Boris Johnson Is Defying Trump on Chinese-Built 5G Networks");
  EXPECT_EQ(a.date, "2020-01-14");
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.body.find("1:22pm"), std::string::npos) << a.body;
  EXPECT_EQ(a.body.find("Boris Johnson Is Defying"), std::string::npos);
  const std::vector<std::string> p = paragraphs(a.body);
  ASSERT_EQ(p.size(), 5u) << show(a.body);
  // The removed dateline separates the dek from the photo caption.
  EXPECT_EQ(p[0],
            "The U.S. has warned that the Chinese government is using 5G networks built by "
            "Chinese telecom giant Huawei for surveillance.");
  EXPECT_EQ(p[1],
            "Prime Minister, Boris Johnson, speaking in the Parliament Buildings, Stormont, "
            "Belfast");
  EXPECT_EQ(p[3].rfind("National security officials from the U.S. visited the U.K.", 0), 0u);
}

TEST(TextReaderTest, BbcStyle) {
  const Article a = parse_text(
      "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped "
      "76% to $1.13bn (\xC2\xA3"
      "600m) for the three months to December.\n\nThe firm, which is now "
      "one of the biggest investors in Google, benefited from sales.\n");
  expect_clean(a, "bbc");
  EXPECT_EQ(a.title, "Ad sales boost Time Warner profit");
  EXPECT_EQ(a.date, "");
  EXPECT_EQ(a.body,
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (\xC2\xA3"
            "600m) "
            "for the three months to December.\n\nThe firm, which is now one of the biggest "
            "investors in Google, benefited from sales.");
}

TEST(TextReaderTest, Table) {
  struct Case {
    const char* name;
    std::string text;
    std::string title;
    std::string date;
    std::string author;
    std::string body;
  };
  const std::string long_line =
      "This first line is a whole paragraph rather than a title, because it goes on and on " +
      repeat("and on ", 40) + "until the end.";
  const std::vector<Case> cases = {
      {"empty", "", "", "", "", ""},
      {"blank lines only", "\n \n\t\n", "", "", "", ""},
      {"title only", "  Just a title  \n", "Just a title", "", "", ""},
      {"byline", "Title\n\nBy Jane Doe\n\nBody text.", "Title", "", "Jane Doe", "Body text."},
      {"byline with two names", "Title\nBY John Smith and Jane van Doe\nBody.", "Title", "",
       "John Smith and Jane van Doe", "Body."},
      {"byline with comma list", "Title\nBy Ann Lee, Bo Chan and Cy Diaz\nBody.", "Title", "",
       "Ann Lee, Bo Chan and Cy Diaz", "Body."},
      {"byline with five names", "Title\nBy A B, C D, E F, G H and I J\nBody.", "Title", "", "",
       "By A B, C D, E F, G H and I J Body."},
      {"byline ending in and", "Title\nBy Ann Lee and\nBody.", "Title", "", "",
       "By Ann Lee and Body."},
      {"by-sentence is not a byline", "Title\n\nBy the way, this is text.", "Title", "", "",
       "By the way, this is text."},
      {"too many names", "Title\nBy One Two Three Four Five Six\nBody.", "Title", "", "",
       "By One Two Three Four Five Six Body."},
      {"dateline and byline", "Title\nPublished: March 3, 2021\nBy Ann Lee\n\nBody.", "Title",
       "2021-03-03", "Ann Lee", "Body."},
      {"updated dateline", "Title\nUpdated 14 Jan 2020 10:22 GMT\nBody.", "Title", "2020-01-14", "",
       "Body."},
      {"dated sentence stays in the body",
       "Title\n\n14 January 2020 was the day the minister finally announced the new plan for "
       "the railways.",
       "Title", "", "",
       "14 January 2020 was the day the minister finally announced the new plan for the "
       "railways."},
      {"dateline beyond the window", "Title\n1\n2\n3\n4\n5\n6\n7\n8\nJanuary 14, 2020\n", "Title",
       "", "", "1 2 3 4 5 6 7 8 January 14, 2020"},
      {"crlf", "Title\r\n\r\nFirst line\r\nsecond line\r\n\r\n\r\n\r\nNext para\r\n", "Title", "",
       "", "First line second line\n\nNext para"},
      {"old mac line ends", "Title\r\rBody one\rBody two", "Title", "", "", "Body one Body two"},
      {"whitespace collapsed", "  Spaced \t  title \n\n  body   with\tspaces  ", "Spaced title", "",
       "", "body with spaces"},
      {"controls and nul removed", "Ti\x01tle\n\nbo\0dy\x7F text\x1B"s, "Title", "", "",
       "body text"},
      {"bom removed", "\xEF\xBB\xBFTitle\nBody", "Title", "", "", "Body"},
      {"invalid utf-8 replaced", "Tit\xFFle\nBody", "Tit\xEF\xBF\xBDle", "", "", "Body"},
      {"over-long first line", long_line + "\n\nSecond paragraph.",
       "This first line is a whole paragraph rather than a title, because\xE2\x80\xA6", "", "",
       long_line + "\n\nSecond paragraph."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + show(c.text));
    const Article a = parse_text(c.text);
    expect_clean(a, c.name);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.body, c.body);
  }
}

// ---------------------------------------------------------------------------------------------
// parse_markdown

TEST(MarkdownReaderTest, FrontMatter) {
  const Article a = parse_markdown(
      "---\n"
      "title: \"Rates: the long view\"\n"
      "date: 2021-03-03\n"
      "author:\n"
      "  - Ann Lee\n"
      "  - Bo Chan\n"
      "tags: [economy]\n"
      "---\n"
      "# Rates: the long view\n"
      "\n"
      "Interest rates **rose** again.\n");
  expect_clean(a, "front matter");
  EXPECT_EQ(a.title, "Rates: the long view");
  EXPECT_EQ(a.date, "2021-03-03");
  EXPECT_EQ(a.author, "Ann Lee, Bo Chan");
  EXPECT_EQ(a.body.find("title:"), std::string::npos);
  EXPECT_NE(a.body.find("Interest rates rose again."), std::string::npos) << a.body;
}

TEST(MarkdownReaderTest, Table) {
  struct Case {
    const char* name;
    std::string text;
    std::string title;
    std::string date;
    std::string author;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"front matter scalar author, timestamp date",
       "---\ntitle: Hello\ndate: 2021-03-03 10:00:00 +01:00\nauthor: By Ann Lee\n---\nText.\n",
       "Hello", "2021-03-03", "Ann Lee", "Text."},
      {"front matter without title: heading", "---\ndate: March 3, 2021\n---\n# Heading\n\nText.",
       "Heading", "2021-03-03", "", "Text."},
      {"crlf front matter", "---\r\ntitle: Hi\r\n---\r\nText.\r\n", "Hi", "", "", "Text."},
      {"empty front matter", "---\n---\n# T\nText.", "T", "", "", "Text."},
      // (yaml-cpp 0.7 accepts an unterminated "quote" that runs to the end of the block.)
      {"malformed yaml is text", "---\ntitle: x\n  bad: indent: here\n---\n# Real title\n\nBody.",
       "Real title", "", "", "title: x bad: indent: here\n\nReal title\n\nBody."},
      {"malformed yaml flow", "---\ntitle: [unclosed\n---\nText.", "title: [unclosed", "", "",
       "Text."},
      {"front matter that is not a mapping", "---\njust a line\n---\nText.", "just a line", "", "",
       "Text."},
      {"no closing fence", "---\ntitle: x\n\nText.", "title: x", "", "", "Text."},
      {"heading title removed from body", "# The Title #\n\nFirst *para*.", "The Title", "", "",
       "First para."},
      {"later h1 is title and stays in body", "Intro line.\n\n# Title\n\nText.", "Title", "", "",
       "Intro line.\n\nTitle\n\nText."},
      {"setext heading", "The Title\n=========\n\nText.", "The Title", "", "", "Text."},
      {"no heading: first line", "First line\nsecond line\n\nMore.", "First line", "", "",
       "second line\n\nMore."},
      {"dateline and byline from text",
       "# T\n\n*By Ann Lee*\n\n_Published January 3, 2021_\n\nText.", "T", "2021-01-03", "Ann Lee",
       "Text."},
      {"inline markup",
       "# T\n\nSee **bold**, *em*, __strong__, _u_, ~~gone~~ and `a*b_c` in "
       "[the docs](https://x.org/a_(b)) ![a chart](c.png) <https://y.org> snake_case 5 * 3.",
       "T", "", "",
       "See bold, em, strong, u, gone and a*b_c in the docs a chart https://y.org snake_case 5 * "
       "3."},
      {"reference links and definitions", "# T\n\nA [link][1] here.\n\n[1]: https://x.org\n", "T",
       "", "", "A link here."},
      {"lists and quotes", "# T\n\n- one\n- two\n* [x] done\n1. first\n> quoted *text*\n> more",
       "T", "", "", "one\n\ntwo\n\ndone\n\nfirst quoted text more"},
      {"fenced code kept", "# T\n\n```cpp\nint *p = a_b * 2; // [x](y)\n```\nAfter.", "T", "", "",
       "int *p = a_b * 2; // [x](y)\n\nAfter."},
      {"html comments removed",
       "# T\n\nBefore <!-- hidden --> after.\n<!--\nmulti\nline\n-->\nEnd.", "T", "", "",
       "Before after. End."},
      {"rules and tables", "# T\n\n---\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n", "T", "", "",
       "a b\n\n1 2"},
      {"escapes and html tags", "# T\n\n\\*not em\\* and <span class=\"x\">inline</span> html", "T",
       "", "", "*not em* and inline html"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": " + show(c.text));
    const Article a = parse_markdown(c.text);
    expect_clean(a, c.name);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.body, c.body);
  }
}

TEST(MarkdownReaderTest, PathologicalLinesFinish) {
  // Unmatched brackets and backticks must not make inline stripping quadratic.
  const std::string text =
      "# T\n\n" + repeat("[", 200'000) + repeat("`x ", 50'000) + repeat("](", 50'000) + "\n";
  const Article a = parse_markdown(text);
  EXPECT_EQ(a.title, "T");
  expect_clean(a, "pathological");
}

// ---------------------------------------------------------------------------------------------
// parse_html

TEST(HtmlReaderTest, Article) {
  const Article a = parse_html(
      "<!DOCTYPE html><html><head>"
      "<title>Page title | Site</title>"
      "<meta property=\"og:title\" content=\"The &quot;real&quot; title\">"
      "<meta property=\"article:published_time\" content=\"2020-01-14T10:00:00Z\">"
      "<meta name=\"author\" content=\"Jane Doe\">"
      "<style>p { color: red }</style><script>var x = '<p>no</p>';</script>"
      "</head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
      "<article><h1>Heading</h1>"
      "<p>First &amp; <b>bold</b>\n  paragraph&nbsp;here.</p>"
      "<p>Caf&eacute; &#8220;quoted&#x201D;<br>after break</p>"
      "<ul><li>one</li><li>two</li></ul>"
      "<table><tr><td>a</td><td>b</td></tr></table>"
      "<pre>line 1\nline 2</pre>"
      "<script>document.write('hidden')</script><noscript>Enable JS</noscript>"
      "<form><button>Subscribe</button></form><div hidden>secret</div>"
      "<aside>Related</aside></article>"
      "<footer>Copyright</footer></body></html>");
  expect_clean(a, "html");
  EXPECT_EQ(a.title, "The \"real\" title");
  EXPECT_EQ(a.date, "2020-01-14");
  EXPECT_EQ(a.author, "Jane Doe");
  EXPECT_EQ(a.body,
            "Heading\n\nFirst & bold paragraph here.\n\nCaf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"
            "\n\nafter break\n\none\n\ntwo\n\na b\n\nline 1 line 2");
}

TEST(HtmlReaderTest, MetaTable) {
  struct Case {
    const char* name;
    std::string head;  // inside <head>
    std::string body;  // inside <body>
    std::string title;
    std::string date;
    std::string author;
  };
  const std::vector<Case> cases = {
      {"title tag", "<title> A  title </title>", "<p>x</p>", "A title", "", ""},
      {"h1 fallback", "", "<h1>Big <i>head</i></h1><p>x</p>", "Big head", "", ""},
      {"og:title over title", "<title>T</title><meta property=og:title content=OG>", "", "OG", "",
       ""},
      {"og published", "<meta property=\"og:published_time\" content=\"2019-05-06\">", "", "",
       "2019-05-06", ""},
      {"name=date", "<meta name=\"date\" content=\"May 6, 2019\">", "", "", "2019-05-06", ""},
      {"pubdate",
       "<meta name=\"pubdate\" content=\"20190506\"><meta name=publish-date "
       "content=2019-05-07>",
       "", "", "2019-05-07", ""},
      {"dc.date upper case", "<meta name=\"DC.date.issued\" content=\"2019-05-08\">", "", "",
       "2019-05-08", ""},
      {"itemprop datePublished", "",
       "<span itemprop=\"datePublished\" content=\"2019-05-09T08:00\">May 9</span>", "",
       "2019-05-09", ""},
      {"time datetime", "", "<p>Posted <time datetime=\"2019-05-10T08:00:00Z\">Friday</time></p>",
       "", "2019-05-10", ""},
      {"meta beats time", "<meta name=date content=2019-05-11>",
       "<time datetime=\"2018-01-01\">x</time>", "", "2019-05-11", ""},
      {"json-ld",
       "<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"NewsArticle\", "
       "\"datePublished\": \"2019-05-12T10:00:00Z\", \"author\": [{\"name\": \"Ann "
       "Lee\"}, {\"name\": \"Bo Chan\"}]}]}</script>",
       "", "", "2019-05-12", "Ann Lee, Bo Chan"},
      {"article:author url skipped",
       "<meta property=\"article:author\" content=\"https://x.com/ann\"><meta name=byl "
       "content=\"By Ann Lee\">",
       "", "", "", "Ann Lee"},
      {"article:author name", "<meta property=\"article:author\" content=\"Bo Chan\">", "", "", "",
       "Bo Chan"},
      {"itemprop author", "",
       "<span itemprop=\"author\" itemscope><span itemprop=\"name\">Cy Diaz</span></span>", "", "",
       "Cy Diaz"},
      {"unparsable meta date falls through", "<meta name=date content=\"soon\">",
       "<time datetime=\"2019-05-13\">x</time>", "", "2019-05-13", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Article a =
        parse_html("<html><head>" + c.head + "</head><body>" + c.body + "</body></html>");
    expect_clean(a, c.name);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
  }
}

TEST(HtmlReaderTest, FragmentsAndJunk) {
  EXPECT_EQ(parse_html("").body, "");
  EXPECT_EQ(parse_html("plain text, no tags").body, "plain text, no tags");
  EXPECT_EQ(parse_html("<p>unclosed <b>tags<p>second").body, "unclosed tags\n\nsecond");
  const Article junk = parse_html("<<>>&&&;\x01<p\n<script>");
  expect_clean(junk, "junk");
}

/// Deep nesting: gumbo handles 10,000 levels, and the walk must not recurse.
TEST(HtmlReaderTest, TenThousandNestedTags) {
  for (const char* tag : {"div", "b", "span"}) {
    SCOPED_TRACE(tag);
    const std::string open = std::string("<") + tag + ">";
    const std::string close = std::string("</") + tag + ">";
    const std::string html = "<html><head><title>Deep</title></head><body>" + repeat(open, 10'000) +
                             "deep text" + repeat(close, 10'000) + "<p>after</p></body></html>";
    const Article a = parse_html(html);
    EXPECT_EQ(a.title, "Deep");
    EXPECT_NE(a.body.find("deep text"), std::string::npos);
    EXPECT_NE(a.body.find("after"), std::string::npos);
  }
}

/// Deeper than gumbo can take (stack overflow in its recursive free at ~200,000 levels, and
/// quadratic time): the flat tag stripper reads it.
TEST(HtmlReaderTest, VeryDeepNestingFallsBackToTagStripping) {
  const std::string html =
      "<html><head><title>Very &amp; deep</title><style>x{}</style></head><body>" +
      repeat("<div>", 300'000) + "deep &lt;text&gt;<script>no()</script>" +
      repeat("</div>", 300'000) + "<p>after</p></body></html>";
  const Article a = parse_html(html);  // gumbo would overflow its stack here
  expect_clean(a, "flat");
  EXPECT_EQ(a.title, "Very & deep");
  EXPECT_EQ(a.body, "deep <text>\n\nafter");
}

// ---------------------------------------------------------------------------------------------
// parse_jsonl_line

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

// ---------------------------------------------------------------------------------------------
// file_kind

TEST(FileKindTest, Table) {
  struct Case {
    const char* file;
    FileKind kind;
  };
  const std::vector<Case> cases = {
      {"a.txt", FileKind::kText},           {"a/B.TXT", FileKind::kText},
      {"a.text", FileKind::kText},          {"a.md", FileKind::kMarkdown},
      {"a.Markdown", FileKind::kMarkdown},  {"a.html", FileKind::kHtml},
      {"a.HTM", FileKind::kHtml},           {"a.xhtml", FileKind::kHtml},
      {"a.jsonl", FileKind::kJsonl},        {"a.ndjson", FileKind::kJsonl},
      {"a.json", FileKind::kUnsupported},   {"a.pdf", FileKind::kUnsupported},
      {"README", FileKind::kUnsupported},   {".txt", FileKind::kUnsupported},
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
        file, root, [&r](Article&& a) { r.articles.push_back(std::move(a)); }, max_bytes);
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
  EXPECT_EQ(skip_reason(write("doc.pdf", "%PDF-1.4")), "unsupported file type");
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
