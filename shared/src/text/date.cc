// All date parsing: dates as written in articles, partial ISO dates of filters, value slots.
#include "text/date.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "text/ascii.h"

namespace folio::text {
namespace {

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool valid_ymd(const Ymd& d) {
  return d.year >= 1000 && d.year <= 2999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

std::size_t letters_end(std::string_view s, std::size_t i) {
  while (i < s.size() && is_ascii_alpha(s[i])) {
    ++i;
  }
  return i;
}

std::size_t digits_end(std::string_view s, std::size_t i) {
  while (i < s.size() && is_ascii_digit(s[i])) {
    ++i;
  }
  return i;
}

std::size_t skip_blanks(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
    ++i;
  }
  return i;
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
  }
  return v;
}

/// 1..12 for an English month name or its 3-letter abbreviation (also "Sept"), else 0.
int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3 || word.size() > 9) {
    return 0;
  }
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (iequals(word, kMonths[m]) || (word.size() == 3 && istarts_with(kMonths[m], word))) {
      return static_cast<int>(m) + 1;
    }
  }
  return iequals(word, "sept") ? 9 : 0;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (word.size() < 3) {
    return false;
  }
  for (std::string_view d : kDays) {
    if (iequals(word, d) || (word.size() <= 5 && istarts_with(d, word))) {
      return true;  // "Tue", "Tues", "Thurs"
    }
  }
  return false;
}

/// Words that introduce a date in datelines and meta fields ("Last updated on ...").
bool is_date_lead_word(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kWords = {
      "published", "updated", "posted", "last",  "first",
      "modified",  "created", "date",   "dated", "on"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [&](std::string_view w) { return iequals(word, w); });
}

/// Skips "st", "nd", "rd", "th" after a day number.
std::size_t skip_ordinal(std::string_view s, std::size_t i) {
  if (i + 2 <= s.size() && letters_end(s, i) == i + 2) {
    const std::string_view suffix = s.substr(i, 2);
    if (iequals(suffix, "st") || iequals(suffix, "nd") || iequals(suffix, "rd") ||
        iequals(suffix, "th")) {
      return i + 2;
    }
  }
  return i;
}

/// Where the date itself starts: after up to four lead words ("Last updated on:") and a
/// weekday ("Tue.,").
std::size_t skip_lead_words(std::string_view s) {
  std::size_t i = skip_blanks(s, 0);
  for (int k = 0; k < 4; ++k) {
    const std::size_t j = letters_end(s, i);
    if (j == i || !is_date_lead_word(s.substr(i, j - i))) {
      break;
    }
    i = j;
    if (i < s.size() && s[i] == ':') {
      ++i;
    }
    i = skip_blanks(s, i);
  }
  if (const std::size_t j = letters_end(s, i); j > i && is_weekday(s.substr(i, j - i))) {
    i = j;
    if (i < s.size() && s[i] == '.') {
      ++i;
    }
    i = skip_blanks(s, i);
    if (i < s.size() && s[i] == ',') {
      i = skip_blanks(s, i + 1);
    }
  }
  return i;
}

/// Four digits of a year at s[j]; sets `j` past them.
bool read_year(std::string_view s, std::size_t& j, Ymd& d) {
  const std::size_t end = digits_end(s, j);
  if (end - j != 4) {
    return false;
  }
  d.year = to_int(s.substr(j, 4));
  j = end;
  return true;
}

/// "2020-01-14", "2020/01/14", "2020.01.14" at s[i] (four digits read up to `j`); sets `j` past
/// the day. False when it is not one.
bool read_year_first(std::string_view s, std::size_t i, std::size_t& j, Ymd& d) {
  d.year = to_int(s.substr(i, 4));
  if (j >= s.size() || (s[j] != '-' && s[j] != '/' && s[j] != '.')) {
    return false;
  }
  const char sep = s[j];
  const std::size_t k = digits_end(s, j + 1);
  if (k - (j + 1) < 1 || k - (j + 1) > 2 || k >= s.size() || s[k] != sep) {
    return false;
  }
  d.month = to_int(s.substr(j + 1, k - (j + 1)));
  j = digits_end(s, k + 1);
  if (j - (k + 1) < 1 || j - (k + 1) > 2) {
    return false;
  }
  d.day = to_int(s.substr(k + 1, j - (k + 1)));
  return true;
}

/// "14 January 2020", "14th Jan. 2020", "14-Jan-2020": the day's digits are s[i, j); sets `j`
/// past the year.
bool read_day_first(std::string_view s, std::size_t i, std::size_t& j, Ymd& d) {
  d.day = to_int(s.substr(i, j - i));
  j = skip_ordinal(s, j);
  while (j < s.size() && (s[j] == ' ' || s[j] == '-' || s[j] == '.')) {
    ++j;
  }
  const std::size_t m_end = letters_end(s, j);
  d.month = month_number(s.substr(j, m_end - j));
  if (d.month == 0) {
    return false;
  }
  j = m_end;
  if (j < s.size() && s[j] == '.') {
    ++j;
  }
  while (j < s.size() && (s[j] == ' ' || s[j] == '-' || s[j] == ',')) {
    ++j;
  }
  return read_year(s, j, d);
}

/// "January 14, 2020", "Jan. 14 2020", "January 14th, 2020" at s[i]; sets `j` past the year.
bool read_month_first(std::string_view s, std::size_t i, std::size_t& j, Ymd& d) {
  const std::size_t m_end = letters_end(s, i);
  d.month = month_number(s.substr(i, m_end - i));
  if (d.month == 0) {
    return false;
  }
  j = m_end;
  if (j < s.size() && s[j] == '.') {
    ++j;
  }
  j = skip_blanks(s, j);
  const std::size_t d_end = digits_end(s, j);
  if (d_end - j < 1 || d_end - j > 2) {
    return false;
  }
  d.day = to_int(s.substr(j, d_end - j));
  j = skip_ordinal(s, d_end);
  if (j < s.size() && s[j] == ',') {
    ++j;
  }
  j = skip_blanks(s, j);
  return read_year(s, j, d);
}

/// The date must end at a word boundary ("2020-01-145" and "May 5, 2020x" are not dates); an
/// ISO date may run into its time ("2020-01-14T10:00:00Z").
bool ends_at_word_boundary(std::string_view s, std::size_t j, bool iso) {
  if (j >= s.size() || !is_ascii_alnum(s[j])) {
    return true;
  }
  return iso && (s[j] == 'T' || s[j] == 't') && j + 1 < s.size() && is_ascii_digit(s[j + 1]);
}

}  // namespace

// A hand scanner: it runs on many lines of every file, so no regex.
std::optional<Ymd> scan_date(std::string_view s, std::size_t& end) {
  const std::size_t i = skip_lead_words(s);
  if (i >= s.size()) {
    return std::nullopt;
  }
  Ymd d;
  std::size_t j = i;
  bool iso = false;
  bool read = false;
  if (is_ascii_digit(s[i])) {
    j = digits_end(s, i);
    iso = j - i == 4;
    read = iso ? read_year_first(s, i, j, d) : j - i <= 2 && read_day_first(s, i, j, d);
  } else {
    read = read_month_first(s, i, j, d);
  }
  if (!read || !ends_at_word_boundary(s, j, iso) || !valid_ymd(d)) {
    return std::nullopt;
  }
  end = j;
  return d;
}

std::string format_ymd(const Ymd& d) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf.data();
}

std::string normalize_date(std::string_view text) {
  std::size_t end = 0;
  const std::optional<Ymd> d = scan_date(text, end);
  return d ? format_ymd(*d) : std::string();
}

std::string date_bound(std::string_view t, bool upper) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t k = from; k < from + n; ++k) {
      if (k >= t.size() || !is_ascii_digit(t[k])) {
        return false;
      }
    }
    return true;
  };
  auto num = [&](std::size_t from, std::size_t n) { return to_int(t.substr(from, n)); };
  if (t.size() == 4 && digits(0, 4)) {
    return std::string(t) + (upper ? "1231" : "0101");
  }
  if (t.size() == 7 && digits(0, 4) && t[4] == '-' && digits(5, 2)) {
    const int m = num(5, 2);
    if (m < 1 || m > 12) {
      return {};
    }
    return std::string(t.substr(0, 4)) + std::string(t.substr(5, 2)) + (upper ? "31" : "01");
  }
  if (t.size() == 10 && digits(0, 4) && t[4] == '-' && digits(5, 2) && t[7] == '-' &&
      digits(8, 2)) {
    const int m = num(5, 2);
    const int d = num(8, 2);
    if (m < 1 || m > 12 || d < 1 || d > 31) {
      return {};
    }
    return std::string(t.substr(0, 4)) + std::string(t.substr(5, 2)) + std::string(t.substr(8, 2));
  }
  return {};
}

std::string date_value(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') {
    return {};
  }
  std::string v;
  v.append(d.substr(0, 4)).append(d.substr(5, 2)).append(d.substr(8, 2));
  for (char c : v) {
    if (!is_ascii_digit(c)) {
      return {};
    }
  }
  return v;
}

}  // namespace folio::text
