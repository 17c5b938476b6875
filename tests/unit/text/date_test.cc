// Tests of date parsing: dates as written in articles, partial ISO dates, value slots.
#include "text/date.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "reader_checks.h"

namespace folio {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form
using text::normalize_date;

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

struct BoundCase {
  const char* text;
  bool upper;
  const char* expected;
};

TEST(DateTest, PartialIsoDatesAreBounds) {
  const BoundCase cases[] = {
      {"2020", false, "20200101"},
      {"2020", true, "20201231"},
      {"2020-02", false, "20200201"},
      {"2020-02", true, "20200231"},
      {"2020-01-14", false, "20200114"},
      {"2020-01-14", true, "20200114"},
      {"2020-13", false, ""},
      {"2020-01-32", true, ""},
      {"20", false, ""},
      {"", false, ""},
      {"2020/01/14", false, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(text::date_bound(c.text, c.upper), c.expected) << c.text << " upper=" << c.upper;
  }
}

TEST(DateTest, IsoDatesBecomeValueSlotDates) {
  EXPECT_EQ(text::date_value("2020-01-14"), "20200114");
  EXPECT_EQ(text::date_value(""), "");
  EXPECT_EQ(text::date_value("2020-1-14"), "");
  EXPECT_EQ(text::date_value("2020-01-1x"), "");
  EXPECT_EQ(text::date_value("2020/01/14"), "");
}

}  // namespace
}  // namespace folio
