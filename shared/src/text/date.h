// All date parsing: dates as written in articles, partial ISO dates of filters, value slots.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace folio::text {

/// A calendar day.
struct Ymd {
  int year = 0;
  int month = 0;
  int day = 0;
};

/// Reads a date at the start of `s`, after lead words ("Published", "Last updated on") and a
/// weekday: "2020-01-14" (also with '/' or '.', and a time after 'T'), "14 January 2020",
/// "14th Jan. 2020", "14-Jan-2020", "January 14, 2020", "Jan. 14th 2020". English month names.
/// Sets `end` to the first byte after the date. nullopt when `s` does not start with a valid
/// date of the years 1000-2999 that ends at a word boundary.
std::optional<Ymd> scan_date(std::string_view s, std::size_t& end);

/// "YYYY-MM-DD".
std::string format_ymd(const Ymd& d);

/// Turns a date written the usual ways ("January 14, 2020, 1:22pm", "14 Jan 2020",
/// "2020-01-14T10:00:00Z", "2020/01/14") into "YYYY-MM-DD"; empty when it is not a date.
std::string normalize_date(std::string_view text);

/// A partial ISO date ("2020", "2020-01", "2020-01-14") as a "YYYYMMDD" bound: the first day it
/// covers when `upper` is false, the last when true. Empty when malformed.
std::string date_bound(std::string_view text, bool upper);

/// "2020-01-14" -> "20200114" (the form a date value slot holds); empty for an empty or
/// malformed date.
std::string date_value(std::string_view iso_date);

}  // namespace folio::text
