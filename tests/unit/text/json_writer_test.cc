// Tests of the JSON writer: structure, escaping, numbers, repair of invalid UTF-8.
#include "folio/json_writer.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace folio {
namespace {

TEST(JsonWriterTest, WritesObjectsArraysAndEveryKindOfValue) {
  JsonWriter w;
  w.begin_object();
  w.field("s", "text");
  w.key("u").uint(18446744073709551615ULL);
  w.key("i").integer(-5);
  w.key("r").real(0.25);
  w.key("b").boolean(true);
  w.key("n").null();
  w.key("a").begin_array().string("x").uint(2).end_array();
  w.end_object();
  EXPECT_EQ(w.str(), R"({"s":"text","u":18446744073709551615,"i":-5,"r":0.25,"b":true,"n":null,)"
                     R"("a":["x",2]})");
}

TEST(JsonWriterTest, EscapesWhatJsonMustAndKeepsUnicode) {
  JsonWriter w;
  w.begin_array().string("quote \" backslash \\ newline \n tab \t nul " + std::string(1, '\0') +
                         " é 漢");
  w.end_array();
  const nlohmann::json back = nlohmann::json::parse(w.str());
  EXPECT_EQ(back[0],
            "quote \" backslash \\ newline \n tab \t nul " + std::string(1, '\0') + " é 漢");
  EXPECT_NE(w.str().find("é 漢"), std::string::npos) << "non-ASCII is written as it is";
}

TEST(JsonWriterTest, InvalidUtf8AndNonFiniteNumbersStillGiveValidJson) {
  JsonWriter w;
  w.begin_object().field("bad", "caf\xE9").key("nan").real(std::nan("")).key("inf");
  w.real(std::numeric_limits<double>::infinity()).end_object();
  const nlohmann::json back = nlohmann::json::parse(w.str());
  EXPECT_EQ(back["bad"], "caf\xEF\xBF\xBD");
  EXPECT_TRUE(back["nan"].is_null());
  EXPECT_TRUE(back["inf"].is_null());
}

TEST(JsonWriterTest, PrettyIndentsByTwoSpaces) {
  JsonWriter w(/*pretty=*/true);
  w.begin_object().key("a").begin_array().uint(1).end_array().end_object();
  EXPECT_EQ(w.str(), "{\n  \"a\": [\n    1\n  ]\n}");
}

}  // namespace
}  // namespace folio
