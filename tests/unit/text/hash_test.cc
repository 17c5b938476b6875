// Tests of content hashes: hex form, and the same hash fed in pieces.
#include "text/hash.h"

#include <gtest/gtest.h>

namespace folio::text {
namespace {

TEST(HashTest, SixteenHexDigitsAndTheSameInPieces) {
  const std::string h = content_hash("hello world");
  EXPECT_EQ(h.size(), 16U);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(h, content_hash("hello world!"));
  ContentHasher pieces;
  pieces.update("hello");
  pieces.update(" ");
  pieces.update("world");
  EXPECT_EQ(pieces.hex(), h);
  EXPECT_EQ(ContentHasher().hex(), content_hash(""));
}

}  // namespace
}  // namespace folio::text
