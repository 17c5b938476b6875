// Tests of decoding file bytes to UTF-8: BOMs, charsets, windows-1252, binary.
#include "text/charset.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "reader_checks.h"

namespace folio {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form
using testing::repeat;
using testing::show;
using text::decode_to_utf8;
using text::Decoded;

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
      EXPECT_TRUE(testing::strict_utf8(d.text)) << show(d.text);
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

TEST(DecodeDeclaredTest, Table) {
  struct Case {
    const char* name;
    std::string bytes;
    std::string charset;  // as declared
    std::string text;     // expected UTF-8
    std::string read_as;  // expected charset
  };
  const std::vector<Case> cases = {
      {"latin-1 is windows-1252", "Caf\xE9 \x93ok\x94", "ISO-8859-1",
       "Caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D", "windows-1252"},
      {"quoted, any case", "Caf\xE9", "\"Windows-1252\"", "Caf\xC3\xA9", "windows-1252"},
      {"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r",
       "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", "koi8-r"},
      {"utf-8 under a single-byte label stays utf-8", "caf\xC3\xA9", "iso-8859-1", "caf\xC3\xA9",
       "UTF-8"},
      {"a bom overrules",
       "\xEF\xBB\xBF"
       "caf\xC3\xA9",
       "iso-8859-1", "caf\xC3\xA9", "UTF-8"},
      {"unknown label: detected", "caf\xC3\xA9", "x-no-such-charset", "caf\xC3\xA9", "UTF-8"},
      {"empty label: detected", "Caf\xE9", "", "Caf\xC3\xA9", "windows-1252"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Decoded d = text::decode_declared(c.bytes, c.charset);
    ASSERT_TRUE(d.ok) << d.error;
    EXPECT_EQ(show(d.text), show(c.text));
    EXPECT_EQ(d.charset, c.read_as);
  }
  EXPECT_FALSE(text::decode_declared("bin\0ary"s, "iso-8859-1").ok);
}

}  // namespace
}  // namespace folio
