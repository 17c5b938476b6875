// Tests of the UTF-8 helpers: validity, cutting at a boundary, and repair for JSON.
#include "text/utf8.h"

#include <gtest/gtest.h>

namespace folio::text {
namespace {

TEST(Utf8Test, ValidityFollowsTheStandard) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("caf\xE9"));           // Latin-1
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x80"));          // cut short
}

TEST(Utf8Test, PrefixNeverSplitsACharacter) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC";  // a é €
  EXPECT_EQ(utf8_prefix(s, 1), "a");
  EXPECT_EQ(utf8_prefix(s, 2), "a");
  EXPECT_EQ(utf8_prefix(s, 3), "a\xC3\xA9");
  EXPECT_EQ(utf8_prefix(s, 5), "a\xC3\xA9");
  EXPECT_EQ(utf8_prefix(s, 6), s);
}

TEST(Utf8Test, RepairReplacesEachIllFormedSequenceOnce) {
  std::string scratch;
  const std::string good = "caf\xC3\xA9";
  EXPECT_EQ(valid_utf8(good, scratch).data(), good.data()) << "valid text is not copied";
  EXPECT_EQ(valid_utf8("caf\xE9!", scratch), "caf\xEF\xBF\xBD!");
  // A truncated three-byte sequence is one maximal subpart: one U+FFFD, as ICU gives.
  EXPECT_EQ(valid_utf8("a\xE2\x82z", scratch), "a\xEF\xBF\xBDz");
  EXPECT_EQ(valid_utf8("\xFF\xFE", scratch), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("\xED\xA0\x80", scratch), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8Test, AppendEncodesEveryPlane) {
  std::string out;
  for (const char32_t cp : {U'A', U'\u00E9', U'\u20AC', U'\U0001F600'}) {
    append_utf8(out, cp);
  }
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace folio::text
