// Article readers: decode file bytes to UTF-8 and turn .txt, .md, .html and .jsonl into Articles.
#include "folio/article.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <gumbo.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <yaml-cpp/yaml.h>

#include "line_reader.h"

// Output format shared by all readers (the contract callers and tests rely on):
// - title, date, author, url and id are single lines: whitespace runs (incl. NBSP and other
//   Unicode spaces) become one ASCII space, and the ends are trimmed.
// - body is paragraphs separated by exactly "\n\n" and contains no other '\n': lines inside a
//   paragraph are joined with one space, since .txt files are often hard-wrapped at ~72 columns.
// - Invalid UTF-8 becomes U+FFFD; C0/C1 control characters, DEL and U+FEFF are dropped.

namespace folio {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// --- Small ASCII helpers (locale-independent, unlike <cctype>). ---

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}
bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char to_lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = to_lower_ascii(c);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) {
      return false;
    }
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_ascii_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_blank(std::string_view s) { return trim_ascii(s).empty(); }

// --- UTF-8 ---

/// Length of the well-formed UTF-8 sequence starting at s[i] (and its code point in `cp`), or 0
/// when the bytes there are not well-formed (overlong, surrogate, > U+10FFFF, truncated).
std::size_t utf8_next(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() - i < len) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_next(s, i, cp);
    if (len == 0) {
      return false;
    }
    i += len;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) {
    return s;
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
    --end;
  }
  return s.substr(0, end);
}

// Windows-1252 bytes 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t cp1252_to_unicode(unsigned char b) {
  if (b < 0x80 || b >= 0xA0) {
    return b;  // ASCII, and 0xA0..0xFF equal Latin-1 and Unicode
  }
  const char16_t u = kCp1252High[b - 0x80];
  return u == 0 ? 0xFFFD : u;
}

bool is_cp1252_undefined(unsigned char b) {
  return b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80] == 0;
}

/// Copies well-formed UTF-8 sequences and reads every other byte as windows-1252. For text
/// without any multi-byte UTF-8 this is plain windows-1252 decoding.
std::string decode_utf8_or_cp1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  char32_t cp = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_next(bytes, i, cp);
    if (len > 0) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      append_utf8(out, cp1252_to_unicode(static_cast<unsigned char>(bytes[i])));
      ++i;
    }
  }
  return out;
}

// --- Text cleaning ---

enum class CharClass { kText, kSpace, kLineBreak, kParagraphBreak, kDrop };

CharClass classify(char32_t cp) {
  if (cp < 0x20) {
    switch (cp) {
      case '\n':
      case '\r':
        return CharClass::kLineBreak;
      case '\t':
      case '\v':
        return CharClass::kSpace;
      case '\f':
        return CharClass::kParagraphBreak;
      default:
        return CharClass::kDrop;
    }
  }
  if (cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
      cp == 0x205F || cp == 0x3000) {
    return CharClass::kSpace;
  }
  if (cp == 0x85 || cp == 0x2028) {
    return CharClass::kLineBreak;
  }
  if (cp == 0x2029) {
    return CharClass::kParagraphBreak;
  }
  if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFEFF) {
    return CharClass::kDrop;
  }
  return CharClass::kText;
}

/// Cleans text per the format above. With `paragraphs`, a blank line (or \f, U+2029) becomes
/// "\n\n" and a single line break a space; without, every break is a space.
std::string clean_text(std::string_view s, bool paragraphs) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  int pending_breaks = 0;  // line breaks since the last visible character
  auto flush = [&] {
    if (!out.empty()) {
      if (paragraphs && pending_breaks >= 2) {
        out += "\n\n";
      } else if (pending_breaks > 0 || pending_space) {
        out += ' ';
      }
    }
    pending_space = false;
    pending_breaks = 0;
  };
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x21 && b < 0x7F) {  // printable ASCII: the common case
      if (pending_space || pending_breaks > 0) {
        flush();
      }
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    std::size_t len = utf8_next(s, i, cp);
    const bool invalid = len == 0;
    if (invalid) {
      cp = 0xFFFD;
      len = 1;
    }
    switch (classify(cp)) {
      case CharClass::kText:
        flush();
        if (invalid) {
          append_utf8(out, cp);
        } else {
          out.append(s.substr(i, len));
        }
        break;
      case CharClass::kSpace:
        pending_space = true;
        break;
      case CharClass::kLineBreak:
        // "\r\n" is one break.
        if (!(cp == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) {
          ++pending_breaks;
        }
        break;
      case CharClass::kParagraphBreak:
        pending_breaks += 2;
        break;
      case CharClass::kDrop:
        break;
    }
    i += len;
  }
  return out;
}

std::string clean_inline(std::string_view s) { return clean_text(s, false); }
std::string clean_body(std::string_view s) { return clean_text(s, true); }

/// For ids, paths and URLs: valid UTF-8 without control characters, trimmed, but inner
/// whitespace kept as is (collapsing it could change a file name).
std::string clean_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8_next(s, i, cp);
    if (len == 0) {
      append_utf8(out, 0xFFFD);
      ++i;
      continue;
    }
    const CharClass c = classify(cp);
    if (c == CharClass::kText || (c == CharClass::kSpace && cp == ' ')) {
      out.append(s.substr(i, len));
    } else if (c != CharClass::kDrop) {
      out += ' ';
    }
    i += len;
  }
  return std::string(trim_ascii(out));
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      start = i + 1;
    }
  }
  if (start < text.size()) {
    lines.push_back(text.substr(start));
  }
  return lines;
}

/// "By Jane Doe" -> "Jane Doe"; other text unchanged.
std::string_view strip_by(std::string_view s) {
  s = trim_ascii(s);
  if (s.size() > 3 && istarts_with(s, "by") && (s[2] == ' ' || s[2] == ':')) {
    s.remove_prefix(3);
    s = trim_ascii(s);
    if (!s.empty() && s.front() == ':') {
      s = trim_ascii(s.substr(1));
    }
  }
  return s;
}

// --- Dates ---

struct Ymd {
  int year = 0;
  int month = 0;
  int day = 0;
};

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

/// Reads a date at the start of `s` (after lead words and a weekday); sets `end` to the first
/// byte after it. A hand scanner: it runs on many lines of every file, so no regex.
std::optional<Ymd> scan_date(std::string_view s, std::size_t& end) {
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
  if (i >= s.size()) {
    return std::nullopt;
  }
  Ymd d;
  bool iso = false;
  std::size_t j = 0;
  if (is_ascii_digit(s[i])) {
    j = digits_end(s, i);
    const std::size_t len = j - i;
    if (len == 4) {  // 2020-01-14, 2020/01/14, 2020.01.14
      d.year = to_int(s.substr(i, 4));
      if (j >= s.size() || (s[j] != '-' && s[j] != '/' && s[j] != '.')) {
        return std::nullopt;
      }
      const char sep = s[j];
      std::size_t k = digits_end(s, j + 1);
      if (k - (j + 1) < 1 || k - (j + 1) > 2 || k >= s.size() || s[k] != sep) {
        return std::nullopt;
      }
      d.month = to_int(s.substr(j + 1, k - (j + 1)));
      j = digits_end(s, k + 1);
      if (j - (k + 1) < 1 || j - (k + 1) > 2) {
        return std::nullopt;
      }
      d.day = to_int(s.substr(k + 1, j - (k + 1)));
      iso = true;
    } else if (len <= 2) {  // 14 January 2020, 14th Jan. 2020, 14-Jan-2020
      d.day = to_int(s.substr(i, len));
      j = skip_ordinal(s, j);
      while (j < s.size() && (s[j] == ' ' || s[j] == '-' || s[j] == '.')) {
        ++j;
      }
      const std::size_t m_end = letters_end(s, j);
      d.month = month_number(s.substr(j, m_end - j));
      if (d.month == 0) {
        return std::nullopt;
      }
      j = m_end;
      if (j < s.size() && s[j] == '.') {
        ++j;
      }
      while (j < s.size() && (s[j] == ' ' || s[j] == '-' || s[j] == ',')) {
        ++j;
      }
      const std::size_t y_end = digits_end(s, j);
      if (y_end - j != 4) {
        return std::nullopt;
      }
      d.year = to_int(s.substr(j, 4));
      j = y_end;
    } else {
      return std::nullopt;
    }
  } else {  // January 14, 2020; Jan. 14 2020; January 14th, 2020
    const std::size_t m_end = letters_end(s, i);
    d.month = month_number(s.substr(i, m_end - i));
    if (d.month == 0) {
      return std::nullopt;
    }
    j = m_end;
    if (j < s.size() && s[j] == '.') {
      ++j;
    }
    j = skip_blanks(s, j);
    const std::size_t d_end = digits_end(s, j);
    if (d_end - j < 1 || d_end - j > 2) {
      return std::nullopt;
    }
    d.day = to_int(s.substr(j, d_end - j));
    j = skip_ordinal(s, d_end);
    if (j < s.size() && s[j] == ',') {
      ++j;
    }
    j = skip_blanks(s, j);
    const std::size_t y_end = digits_end(s, j);
    if (y_end - j != 4) {
      return std::nullopt;
    }
    d.year = to_int(s.substr(j, 4));
    j = y_end;
  }
  // The date must end at a word boundary ("2020-01-145" and "May 5, 2020x" are not dates); an
  // ISO date may run into its time ("2020-01-14T10:00:00Z").
  if (j < s.size() && is_ascii_alnum(s[j])) {
    const bool iso_time =
        iso && (s[j] == 'T' || s[j] == 't') && j + 1 < s.size() && is_ascii_digit(s[j + 1]);
    if (!iso_time) {
      return std::nullopt;
    }
  }
  if (!valid_ymd(d)) {
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

// --- Plain-text layout: title line, dateline, byline, body ---

constexpr std::size_t kMaxTitleLineBytes = 300;  // a longer first line is a paragraph
constexpr std::size_t kMaxMetaLineBytes = 120;   // datelines and bylines are short
constexpr std::size_t kMaxDatelineTail = 48;     // ", 1:22pm", "10:22 GMT", "| Reuters"
constexpr int kMetaLineWindow = 8;               // non-empty lines searched after the title
constexpr int kTitleWords = 12;                  // words in a title made from a long line
constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kMaxAuthorBytes = 200;

/// One cleaned line (single spaces, trimmed); empty text is a blank line = paragraph break.
struct Line {
  std::string text;
  int heading = 0;  ///< Markdown heading level, 0 for ordinary text
};

std::optional<std::string> dateline_date(std::string_view line) {
  if (line.size() >= kMaxMetaLineBytes) {
    return std::nullopt;
  }
  std::size_t end = 0;
  const std::optional<Ymd> d = scan_date(line, end);
  if (!d || trim_ascii(line.substr(end)).size() > kMaxDatelineTail) {
    return std::nullopt;
  }
  return format_ymd(*d);
}

/// True for a name word ("Jane", "O'Neil", "J.", "Émile"): starts with an uppercase letter.
bool is_capitalised(std::string_view word) {
  char32_t cp = 0;
  if (word.empty() || utf8_next(word, 0, cp) == 0) {
    return false;
  }
  return u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp));
}

bool is_name_particle(std::string_view word) {
  static constexpr std::array<std::string_view, 13> kParticles = {
      "de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "y"};
  return std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end();
}

/// "By Jane Doe and John Roe" -> "Jane Doe and John Roe": up to 4 names of 1-5 capitalised
/// words each, joined by "and", "&" or commas; lower-case particles ("van", "de") may sit inside
/// a name. Anything else ("By the way, ...") is not a byline.
std::optional<std::string> byline_author(std::string_view line) {
  if (line.size() >= kMaxMetaLineBytes || line.size() < 4 || !istarts_with(line, "by") ||
      (line[2] != ' ' && line[2] != ':')) {
    return std::nullopt;
  }
  std::string_view name = strip_by(line);
  while (!name.empty() && (name.back() == '.' || name.back() == ',')) {
    name.remove_suffix(1);
  }
  constexpr int kMaxNames = 4;
  constexpr int kMaxNameWords = 5;
  int names = 0;
  int words = 0;            // capitalised words in the current name
  bool expect_name = true;  // at the start and after "and" or a comma
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = name.find(' ', i);
    if (j == std::string_view::npos) {
      j = name.size();
    }
    std::string_view word = name.substr(i, j - i);
    i = j + 1;
    bool comma = false;
    if (!word.empty() && word.back() == ',') {
      word.remove_suffix(1);
      comma = true;
    }
    if (word == "and" || word == "&") {
      if (expect_name) {
        return std::nullopt;
      }
      expect_name = true;
      continue;
    }
    if (is_capitalised(word)) {
      if (expect_name) {
        ++names;
        words = 0;
      }
      if (++words > kMaxNameWords || names > kMaxNames) {
        return std::nullopt;
      }
      expect_name = comma;
    } else if (!expect_name && is_name_particle(word)) {
      expect_name = comma;
    } else {
      return std::nullopt;
    }
  }
  if (names == 0 || expect_name) {
    return std::nullopt;
  }
  return std::string(name);
}

/// A title made from the first words of an over-long first line.
std::string title_from_words(std::string_view line) {
  std::size_t cut = line.size();
  int words = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ' && ++words == kTitleWords) {
      cut = i;
      break;
    }
  }
  std::string_view head = utf8_prefix(line.substr(0, cut), kMaxTitleBytes);
  if (head.size() == line.size()) {
    return std::string(head);
  }
  return std::string(trim_ascii(head)) + std::string(kEllipsis);
}

struct LayoutOptions {
  bool find_title = true;
  bool h1_title = false;  ///< Markdown: a level-1 heading is the title
  bool find_date = true;
  bool find_author = true;
};

/// Picks title, dateline and byline from cleaned lines and joins the rest into the body.
Article layout(std::vector<Line>& lines, const LayoutOptions& opt) {
  Article a;
  std::size_t first = 0;
  while (first < lines.size() && lines[first].text.empty()) {
    ++first;
  }
  if (first == lines.size()) {
    return a;
  }
  std::size_t scan_from = first;  // where datelines and bylines are looked for
  if (opt.find_title) {
    std::size_t h1 = lines.size();
    if (opt.h1_title) {
      for (std::size_t i = first; i < lines.size(); ++i) {
        if (lines[i].heading == 1) {
          h1 = i;
          break;
        }
      }
    }
    if (h1 < lines.size()) {
      a.title = lines[h1].text;
      scan_from = h1 + 1;
      if (h1 == first) {
        lines[h1].text.clear();  // a later H1 is part of the text and stays in the body
      }
    } else if (lines[first].text.size() <= kMaxTitleLineBytes) {
      a.title = std::move(lines[first].text);
      lines[first].text.clear();
      scan_from = first + 1;
    } else {
      a.title = title_from_words(lines[first].text);
    }
  }
  int seen = 0;
  for (std::size_t i = scan_from; i < lines.size() && seen < kMetaLineWindow; ++i) {
    if (lines[i].text.empty()) {
      continue;
    }
    ++seen;
    if (opt.find_date && a.date.empty()) {
      if (std::optional<std::string> d = dateline_date(lines[i].text)) {
        a.date = std::move(*d);
        lines[i].text.clear();  // a removed line separates paragraphs like a blank one
        continue;
      }
    }
    if (opt.find_author && a.author.empty() && lines[i].heading == 0) {
      if (std::optional<std::string> name = byline_author(lines[i].text)) {
        a.author = std::move(*name);
        lines[i].text.clear();
      }
    }
  }
  bool paragraph_break = false;
  for (const Line& line : lines) {
    if (line.text.empty()) {
      paragraph_break = true;
      continue;
    }
    if (!a.body.empty()) {
      a.body += paragraph_break ? "\n\n" : " ";
    }
    a.body += line.text;
    paragraph_break = false;
  }
  return a;
}

std::vector<Line> text_lines(std::string_view text) {
  std::vector<Line> lines;
  for (std::string_view raw : split_lines(text)) {
    lines.push_back({clean_inline(raw), 0});
  }
  return lines;
}

// --- Markdown ---

struct FrontMatter {
  std::string title;
  std::string date;
  std::string author;
};

constexpr std::size_t kMaxFrontMatterBytes = 256 << 10;

std::string yaml_names(const YAML::Node& node) {
  if (node.IsScalar()) {
    return clean_inline(strip_by(node.Scalar()));
  }
  std::string out;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      std::string name;
      if (item.IsScalar()) {
        name = clean_inline(item.Scalar());
      } else if (item.IsMap() && item["name"] && item["name"].IsScalar()) {
        name = clean_inline(item["name"].Scalar());
      }
      if (!name.empty()) {
        out += out.empty() ? "" : ", ";
        out += name;
      }
    }
  } else if (node.IsMap() && node["name"] && node["name"].IsScalar()) {
    out = clean_inline(node["name"].Scalar());
  }
  return out;
}

/// Splits "---\n<yaml>\n---\n" off the start of `text`. Returns nullopt (and leaves `text`)
/// when there is none or it is not a YAML mapping: such a block is then read as Markdown.
std::optional<FrontMatter> take_front_matter(std::string_view& text) {
  const std::size_t pos = text.find('\n');
  if (text.substr(0, 3) != "---" || pos == std::string_view::npos ||
      trim_ascii(text.substr(0, pos)) != "---") {
    return std::nullopt;
  }
  const std::size_t yaml_start = pos + 1;
  std::size_t yaml_end = std::string_view::npos;
  std::size_t rest = text.size();
  for (std::size_t line = yaml_start; line < text.size() && line <= kMaxFrontMatterBytes;) {
    std::size_t nl = text.find('\n', line);
    const std::size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view l = trim_ascii(text.substr(line, line_end - line));
    if (l == "---" || l == "...") {
      yaml_end = line;
      rest = nl == std::string_view::npos ? text.size() : nl + 1;
      break;
    }
    if (nl == std::string_view::npos) {
      break;
    }
    line = nl + 1;
  }
  if (yaml_end == std::string_view::npos) {
    return std::nullopt;
  }
  FrontMatter fm;
  try {
    const YAML::Node root = YAML::Load(std::string(text.substr(yaml_start, yaml_end - yaml_start)));
    if (!root.IsMap() && !root.IsNull()) {
      return std::nullopt;
    }
    if (root.IsMap()) {
      for (const auto& kv : root) {
        if (!kv.first.IsScalar()) {
          continue;
        }
        const std::string key = lower_ascii(kv.first.Scalar());
        const YAML::Node& value = kv.second;
        if (key == "title" && value.IsScalar() && fm.title.empty()) {
          fm.title = clean_inline(value.Scalar());
        } else if (key == "date" && value.IsScalar() && fm.date.empty()) {
          fm.date = normalize_date(value.Scalar());
        } else if ((key == "author" || key == "authors") && fm.author.empty()) {
          fm.author = yaml_names(value);
        }
      }
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;  // malformed: the block stays in the text
  }
  text.remove_prefix(rest);
  return fm;
}

/// Precomputed jumps over link syntax: "[text](url)" and "![alt](url)" keep only the text,
/// "[text][ref]" too. Brackets are matched with a stack so a line costs O(n) whatever it holds.
std::vector<std::size_t> link_jumps(std::string_view s) {
  std::vector<std::size_t> jump;
  if (s.find('[') == std::string_view::npos) {
    return jump;
  }
  constexpr std::size_t kNone = std::string_view::npos;
  std::vector<std::size_t> close_bracket(s.size(), kNone);
  std::vector<std::size_t> close_paren(s.size(), kNone);
  std::vector<std::size_t> brackets;
  std::vector<std::size_t> parens;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      brackets.push_back(i);
    } else if (c == ']' && !brackets.empty()) {
      close_bracket[brackets.back()] = i;
      brackets.pop_back();
    } else if (c == '(') {
      parens.push_back(i);
    } else if (c == ')' && !parens.empty()) {
      close_paren[parens.back()] = i;
      parens.pop_back();
    }
  }
  jump.assign(s.size(), 0);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t close = close_bracket[i];
    if (close == kNone || close + 1 >= s.size()) {
      continue;
    }
    std::size_t after = kNone;
    if (s[close + 1] == '(' && close_paren[close + 1] != kNone) {
      after = close_paren[close + 1] + 1;
    } else if (s[close + 1] == '[' && close_bracket[close + 1] != kNone) {
      after = close_bracket[close + 1] + 1;
    }
    if (after == kNone) {
      continue;
    }
    jump[i] = i + 1;
    if (i > 0 && s[i - 1] == '!' && jump[i - 1] == 0) {
      jump[i - 1] = i + 1;
    }
    jump[close] = after;
  }
  return jump;
}

/// Removes inline Markdown: emphasis, code backticks, links/images (text kept), autolinks
/// (URL kept), inline HTML tags and backslash escapes.
std::string strip_inline_markdown(std::string_view s) {
  const std::vector<std::size_t> jump = link_jumps(s);
  std::vector<std::size_t> unclosed_ticks;  // backtick run lengths known to have no closer
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (!jump.empty() && jump[i] != 0) {
      i = jump[i];
      continue;
    }
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    if (c == '`') {
      std::size_t run = i;
      while (run < s.size() && s[run] == '`') {
        ++run;
      }
      const std::size_t ticks = run - i;
      std::size_t close = std::string_view::npos;
      if (std::find(unclosed_ticks.begin(), unclosed_ticks.end(), ticks) == unclosed_ticks.end()) {
        for (std::size_t k = s.find('`', run); k != std::string_view::npos; k = s.find('`', k)) {
          std::size_t k_end = k;
          while (k_end < s.size() && s[k_end] == '`') {
            ++k_end;
          }
          if (k_end - k == ticks) {
            close = k;
            break;
          }
          k = k_end;
        }
        if (close == std::string_view::npos) {
          unclosed_ticks.push_back(ticks);
        }
      }
      if (close == std::string_view::npos) {
        out.append(s.substr(i, ticks));
        i = run;
      } else {
        out.append(s.substr(run, close - run));  // code is kept verbatim
        i = close + ticks;
      }
      continue;
    }
    if (c == '<') {
      const std::size_t close = s.find('>', i + 1);
      if (close != std::string_view::npos && close - i < 512) {
        const std::string_view inner = s.substr(i + 1, close - i - 1);
        const bool spaced = inner.find(' ') != std::string_view::npos;
        if (!spaced && (inner.find("://") != std::string_view::npos ||
                        (inner.find('@') != std::string_view::npos && !inner.empty() &&
                         is_ascii_alnum(inner.front())))) {
          out.append(inner);  // <https://example.com>, <me@example.com>
          i = close + 1;
          continue;
        }
        if (!inner.empty() &&
            (is_ascii_alpha(inner.front()) ||
             (inner.front() == '/' && inner.size() > 1 && is_ascii_alpha(inner[1])) ||
             inner.front() == '!')) {
          i = close + 1;  // an inline HTML tag or comment remnant
          continue;
        }
      }
      out += c;
      ++i;
      continue;
    }
    if (c == '*' || c == '_' || c == '~') {
      std::size_t run = i;
      while (run < s.size() && s[run] == c) {
        ++run;
      }
      const char before = i > 0 ? s[i - 1] : ' ';
      const char after = run < s.size() ? s[run] : ' ';
      const bool opens = !is_ascii_space(after);
      const bool closes = !is_ascii_space(before);
      bool strip = false;
      if (c == '*') {
        strip = opens || closes;  // "5 * 3" keeps its star
      } else if (c == '_') {
        // Intraword underscores (snake_case) are not emphasis.
        strip = (opens && !is_ascii_alnum(before)) || (closes && !is_ascii_alnum(after));
      } else {
        strip = run - i == 2 && (opens || closes);  // ~~strikethrough~~
      }
      if (!strip) {
        out.append(s.substr(i, run - i));
      }
      i = run;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

/// Drops "<!-- ... -->" (which may span lines) from `line`; `in_comment` carries the state.
std::string remove_html_comments(std::string_view line, bool& in_comment) {
  std::string out;
  while (!line.empty()) {
    if (in_comment) {
      const std::size_t end = line.find("-->");
      if (end == std::string_view::npos) {
        return out;
      }
      line.remove_prefix(end + 3);
      in_comment = false;
    }
    const std::size_t start = line.find("<!--");
    if (start == std::string_view::npos) {
      out.append(line);
      break;
    }
    out.append(line.substr(0, start));
    line.remove_prefix(start + 4);
    in_comment = true;
  }
  return out;
}

/// "***", "- - -", "___": a thematic break (or, for '-', a setext underline).
bool is_rule(std::string_view s, char& ch) {
  int count = 0;
  ch = 0;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      continue;
    }
    if ((c != '-' && c != '*' && c != '_' && c != '=') || (ch != 0 && c != ch)) {
      return false;
    }
    ch = c;
    ++count;
  }
  return count >= 3 || (ch == '=' && count >= 1);
}

/// Length of a list marker ("- ", "* ", "+ ", "1. ", "2) ") at the start of `s`, or 0.
std::size_t list_marker_length(std::string_view s) {
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
      (s[1] == ' ' || s[1] == '\t')) {
    return 2;
  }
  const std::size_t d = digits_end(s, 0);
  if (d >= 1 && d <= 9 && d + 1 < s.size() && (s[d] == '.' || s[d] == ')') &&
      (s[d + 1] == ' ' || s[d + 1] == '\t')) {
    return d + 2;
  }
  return 0;
}

bool is_table_separator(std::string_view s) {
  bool dash = false;
  for (char c : s) {
    if (c == '-') {
      dash = true;
    } else if (c != '|' && c != ':' && c != ' ' && c != '\t') {
      return false;
    }
  }
  return dash && s.find('|') != std::string_view::npos;
}

/// Markdown to cleaned lines: block markup removed, headings and list items made paragraphs.
std::vector<Line> markdown_lines(std::string_view text) {
  std::vector<Line> lines;
  auto blank = [&lines] {
    if (!lines.empty() && !lines.back().text.empty()) {
      lines.push_back({});
    }
  };
  bool in_fence = false;
  char fence_char = 0;
  std::size_t fence_len = 0;
  bool in_comment = false;
  bool after_text = false;  // the previous line was paragraph text (for setext headings)
  for (std::string_view raw : split_lines(text)) {
    std::string_view content = raw.substr(std::min(raw.find_first_not_of(" \t"), raw.size()));
    if (in_fence) {
      std::size_t n = 0;
      while (n < content.size() && content[n] == fence_char) {
        ++n;
      }
      if (n >= fence_len && is_blank(content.substr(n))) {
        in_fence = false;
        blank();
      } else {
        lines.push_back({clean_inline(raw), 0});  // code is kept as is
      }
      continue;
    }
    std::string uncommented;
    if (in_comment || content.find("<!--") != std::string_view::npos) {
      uncommented = remove_html_comments(content, in_comment);
      content = trim_ascii(uncommented);
      if (content.empty()) {
        continue;  // a comment-only line is not a paragraph break
      }
    }
    if (content.size() >= 3 && (content.substr(0, 3) == "```" || content.substr(0, 3) == "~~~")) {
      fence_char = content[0];
      fence_len = content.find_first_not_of(fence_char);
      if (fence_len == std::string_view::npos) {
        fence_len = content.size();
      }
      in_fence = true;
      after_text = false;
      blank();
      continue;
    }
    while (!content.empty() && content.front() == '>') {
      content.remove_prefix(1);
      content = trim_ascii(content);
    }
    if (content.empty()) {
      blank();
      after_text = false;
      continue;
    }
    char rule = 0;
    if (is_rule(content, rule)) {
      if ((rule == '-' || rule == '=') && after_text) {
        lines.back().heading = rule == '=' ? 1 : 2;  // setext heading underline
        blank();
        after_text = false;
        continue;
      }
      if (rule != '=') {
        blank();
        after_text = false;
        continue;
      }
    }
    if (content.front() == '#') {
      const std::size_t level = content.find_first_not_of('#');
      const std::size_t hashes = level == std::string_view::npos ? content.size() : level;
      if (hashes <= 6 &&
          (hashes == content.size() || content[hashes] == ' ' || content[hashes] == '\t')) {
        std::string_view h = trim_ascii(content.substr(hashes));
        const std::size_t closing = h.find_last_not_of('#');
        if (closing == std::string_view::npos) {
          h = {};
        } else if (closing + 1 < h.size() && (h[closing] == ' ' || h[closing] == '\t')) {
          h = trim_ascii(h.substr(0, closing + 1));
        }
        blank();
        lines.push_back({clean_inline(strip_inline_markdown(h)), static_cast<int>(hashes)});
        blank();
        after_text = false;
        continue;
      }
    }
    // "[ref]: https://..." link reference definitions are not text.
    if (content.front() == '[') {
      const std::size_t close = content.find("]:");
      if (close != std::string_view::npos && content.find(']') == close) {
        continue;
      }
    }
    if (is_table_separator(content)) {
      continue;
    }
    std::string table_row;
    bool item = false;  // a table row or list item: its own paragraph, never a setext heading
    if (content.front() == '|') {
      table_row.assign(content);
      std::replace(table_row.begin(), table_row.end(), '|', ' ');
      content = table_row;
      item = true;
      blank();
    }
    if (const std::size_t marker = list_marker_length(content); marker > 0) {
      item = true;
      content = trim_ascii(content.substr(marker));
      if (content.size() >= 3 && content[0] == '[' && content[2] == ']' &&
          (content[1] == ' ' || content[1] == 'x' || content[1] == 'X')) {
        content = trim_ascii(content.substr(3));  // task list box
      }
      blank();
    }
    lines.push_back({clean_inline(strip_inline_markdown(content)), 0});
    after_text = !item && !lines.back().text.empty();
  }
  return lines;
}

// --- HTML ---

/// gumbo 0.10.1 frees its tree recursively (~40 bytes of stack per level: 8 MiB overflows near
/// 200,000 levels) and its parse time grows quadratically with depth (100,000 nested <div>:
/// 14 s; 10,000: 0.1 s). Deeper documents are read by the flat tag stripper instead.
constexpr std::size_t kMaxHtmlNesting = 10'000;

bool name_in(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void_tag(std::string_view name) {
  return name_in(name, {"area",   "base",     "br",      "col",   "embed",  "hr",     "img",
                        "input",  "link",     "meta",    "param", "source", "track",  "wbr",
                        "keygen", "basefont", "bgsound", "frame", "image",  "command"});
}

/// Elements whose end tag is optional and routinely left out; the parser closes them itself,
/// so they are not counted as nesting.
bool is_self_closing_in_practice(std::string_view name) {
  return name_in(name, {"p",  "li", "dt",    "dd",    "option", "optgroup", "tr",
                        "td", "th", "thead", "tbody", "tfoot",  "colgroup", "caption",
                        "rb", "rt", "rtc",   "rp",    "html",   "head",     "body"});
}

/// Elements whose content is not markup (a "<div>" inside a script is not a tag).
bool is_raw_text_tag(std::string_view name) {
  return name_in(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                        "noframes", "plaintext"});
}

/// Position after the end tag "</name ...>" searched from `from` (case-insensitive), or npos.
std::size_t find_end_tag(std::string_view s, std::size_t from, std::string_view name) {
  for (std::size_t i = s.find("</", from); i != std::string_view::npos; i = s.find("</", i + 2)) {
    if (istarts_with(s.substr(i + 2), name)) {
      const std::size_t after = i + 2 + name.size();
      if (after >= s.size() || !is_ascii_alnum(s[after])) {
        const std::size_t gt = s.find('>', after);
        return gt == std::string_view::npos ? s.size() : gt + 1;
      }
    }
  }
  return std::string_view::npos;
}

/// A tag found by the flat scanner.
struct RawTag {
  std::string name;  ///< lower-case; empty for comments, doctypes and stray '<'
  bool closing = false;
  bool self_closing = false;
  std::size_t end = 0;  ///< position after '>'
};

/// Reads the markup at s[i] == '<'.
RawTag read_tag(std::string_view s, std::size_t i) {
  RawTag tag;
  if (s.compare(i, 4, "<!--") == 0) {
    const std::size_t end = s.find("-->", i + 4);
    tag.end = end == std::string_view::npos ? s.size() : end + 3;
    return tag;
  }
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '/') {
    tag.closing = true;
    ++j;
  }
  if (j >= s.size() || !(is_ascii_alpha(s[j]) || (!tag.closing && (s[j] == '!' || s[j] == '?')))) {
    tag.end = i + 1;  // a lone '<' is text
    tag.closing = false;
    return tag;
  }
  const std::size_t name_start = j;
  while (j < s.size() && (is_ascii_alnum(s[j]) || s[j] == '-' || s[j] == ':')) {
    ++j;
  }
  if (s[name_start] != '!' && s[name_start] != '?') {
    tag.name = lower_ascii(s.substr(name_start, j - name_start));
  }
  char quote = 0;
  for (; j < s.size(); ++j) {
    if (quote != 0) {
      if (s[j] == quote) {
        quote = 0;
      }
    } else if (s[j] == '"' || s[j] == '\'') {
      quote = s[j];
    } else if (s[j] == '>') {
      break;
    }
  }
  tag.self_closing = j < s.size() && j > 0 && s[j - 1] == '/';
  tag.end = j < s.size() ? j + 1 : s.size();
  return tag;
}

/// Rough element nesting depth of `html`, counted without building a tree; stops early once
/// it passes `limit`.
std::size_t html_nesting_estimate(std::string_view html, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t max_depth = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i)) {
    const RawTag tag = read_tag(html, i);
    i = tag.end;
    if (tag.name.empty() || is_self_closing_in_practice(tag.name)) {
      continue;
    }
    if (tag.closing) {
      depth -= depth > 0 ? 1 : 0;
      continue;
    }
    if (is_raw_text_tag(tag.name)) {
      const std::size_t end = find_end_tag(html, i, tag.name);
      if (end == std::string_view::npos) {
        break;
      }
      i = end;
      continue;
    }
    if (tag.self_closing || is_void_tag(tag.name)) {
      continue;
    }
    max_depth = std::max(max_depth, ++depth);
    if (max_depth > limit) {
      break;
    }
  }
  return max_depth;
}

/// Decodes the common character references (the flat fallback has no gumbo to do it).
std::string decode_entities(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, char32_t>, 24> kNamed = {{
      {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},    {"mdash", 0x2014}, {"ndash", 0x2013},
      {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
      {"rdquo", 0x201D},  {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
      {"pound", 0xA3},    {"euro", 0x20AC},  {"eacute", 0xE9},  {"egrave", 0xE8},
      {"aacute", 0xE1},   {"uuml", 0xFC},    {"ouml", 0xF6},    {"auml", 0xE4},
  }};
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, amp - i));
    i = amp + 1;
    const std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10 || semi == i) {
      out += '&';
      continue;
    }
    const std::string_view ref = s.substr(i, semi - i);
    char32_t cp = 0;
    if (ref[0] == '#') {
      const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      bool ok = !digits.empty();
      for (char c : digits) {
        const int v = is_ascii_digit(c)             ? c - '0'
                      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                    : -1;
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      }
      if (!ok || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = ok ? 0xFFFD : 0;
      }
    } else {
      for (const auto& [name, value] : kNamed) {
        if (ref == name) {
          cp = value;
          break;
        }
      }
    }
    if (cp == 0) {
      out += '&';
      continue;
    }
    append_utf8(out, cp);
    i = semi + 1;
  }
  return out;
}

bool is_block_tag_name(std::string_view name) {
  return name_in(name,
                 {"address",    "article", "blockquote", "br",      "caption", "center", "dd",
                  "details",    "dialog",  "dir",        "div",     "dl",      "dt",     "fieldset",
                  "figcaption", "figure",  "h1",         "h2",      "h3",      "h4",     "h5",
                  "h6",         "header",  "hgroup",     "hr",      "li",      "main",   "menu",
                  "ol",         "p",       "pre",        "section", "summary", "table",  "tbody",
                  "thead",      "tfoot",   "tr",         "ul",      "legend",  "body",   "html"});
}

/// The reader for documents too deep for gumbo: strips tags with a linear scanner, drops the
/// content of script/style-like elements, and turns block tags into paragraph breaks. Finds
/// only the <title>; no meta data, and nav/aside/footer text is kept.
Article parse_html_flat(std::string_view html) {
  Article a;
  std::string raw;
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    const std::string_view text =
        html.substr(i, (lt == std::string_view::npos ? html.size() : lt) - i);
    for (char c : decode_entities(text)) {
      raw += is_ascii_space(c) ? ' ' : c;  // only block tags break paragraphs
    }
    if (lt == std::string_view::npos) {
      break;
    }
    const RawTag tag = read_tag(html, lt);
    i = tag.end;
    if (tag.name.empty() || tag.closing) {
      if (tag.end == lt + 1) {
        raw += '<';
      } else if (is_block_tag_name(tag.name)) {
        raw += "\n\n";
      }
      continue;
    }
    if (tag.name == "title" || tag.name == "script" || tag.name == "style" ||
        tag.name == "noscript" || tag.name == "template" || tag.name == "svg" ||
        tag.name == "iframe" || tag.name == "textarea" || tag.name == "xmp") {
      if (tag.self_closing) {
        continue;
      }
      std::size_t end = find_end_tag(html, i, tag.name);
      if (end == std::string_view::npos) {
        end = html.size();
      }
      if (tag.name == "title" && a.title.empty()) {
        const std::string_view inner = html.substr(i, end - i);
        a.title = clean_inline(decode_entities(inner.substr(0, inner.rfind("</"))));
      }
      i = end;
      continue;
    }
    if (is_block_tag_name(tag.name)) {
      raw += "\n\n";
    }
  }
  a.body = clean_body(raw);
  return a;
}

const char* attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&e.attributes, name);
  return attr == nullptr ? nullptr : attr->value;
}

bool is_html(const GumboElement& e) { return e.tag_namespace == GUMBO_NAMESPACE_HTML; }

/// Elements whose content is not the article's visible text.
bool is_skipped(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
      return true;
    default:
      break;
  }
  if (attribute(e, "hidden") != nullptr) {
    return true;
  }
  const char* aria = attribute(e, "aria-hidden");
  return aria != nullptr && iequals(aria, "true");
}

bool is_block(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  if (node->type == GUMBO_NODE_DOCUMENT) {
    return &node->v.document.children;
  }
  return nullptr;
}

/// Appends text with all whitespace as spaces, except inside <pre> where line breaks stay.
void append_html_text(std::string& out, const char* text, bool pre) {
  for (const char* p = text; *p != '\0'; ++p) {
    const char c = *p;
    if (c == '\n' || c == '\r') {
      out += pre ? '\n' : ' ';
    } else if (c == '\t' || c == '\f') {
      out += ' ';
    } else {
      out += c;
    }
  }
}

/// The text of an element's subtree (for <title>, <h1>, itemprop author), at most `max` bytes.
std::string text_content(const GumboNode* root, std::size_t max = 4096) {
  std::string out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty() && out.size() <= max) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      append_html_text(out, node->v.text.text, false);
      continue;
    }
    const GumboVector* kids = children_of(node);
    if (kids == nullptr ||
        (node->type == GUMBO_NODE_ELEMENT &&
         (node->v.element.tag == GUMBO_TAG_SCRIPT || node->v.element.tag == GUMBO_TAG_STYLE))) {
      continue;
    }
    if (node->type == GUMBO_NODE_ELEMENT && is_block(node->v.element)) {
      out += ' ';
    }
    for (unsigned k = kids->length; k > 0; --k) {
      stack.push_back(static_cast<const GumboNode*>(kids->data[k - 1]));
    }
  }
  return clean_inline(utf8_prefix(out, max));
}

/// What the meta-data pass finds; the first occurrence of each wins.
struct HtmlMeta {
  std::unordered_map<std::string, std::string> meta;  ///< lower(name|property) -> content
  std::string title_tag;
  std::string h1;
  std::string time_datetime;
  std::string itemprop_date;
  std::string itemprop_author;
  std::string rel_author;
  std::vector<std::string> json_ld;
};

void collect_element_meta(const GumboNode* node, HtmlMeta& m) {
  const GumboElement& e = node->v.element;
  if (!is_html(e)) {
    return;
  }
  const char* itemprop = attribute(e, "itemprop");
  if (itemprop != nullptr) {
    const std::string prop = lower_ascii(itemprop);
    const char* value = attribute(e, "content");
    if (value == nullptr) {
      value = attribute(e, "datetime");
    }
    if (prop == "datepublished" && m.itemprop_date.empty()) {
      m.itemprop_date = value != nullptr ? clean_inline(value) : text_content(node, 200);
    } else if (prop == "author" && m.itemprop_author.empty()) {
      m.itemprop_author = value != nullptr ? clean_inline(value) : text_content(node, 400);
    }
  }
  switch (e.tag) {
    case GUMBO_TAG_META: {
      const char* key = attribute(e, "property");
      if (key == nullptr) {
        key = attribute(e, "name");
      }
      const char* content = attribute(e, "content");
      if (key != nullptr && content != nullptr) {
        m.meta.emplace(lower_ascii(key), content);
      }
      break;
    }
    case GUMBO_TAG_TITLE:
      if (m.title_tag.empty()) {
        m.title_tag = text_content(node);
      }
      break;
    case GUMBO_TAG_H1:
      if (m.h1.empty()) {
        m.h1 = text_content(node);
      }
      break;
    case GUMBO_TAG_TIME:
      if (const char* dt = attribute(e, "datetime"); dt != nullptr && m.time_datetime.empty()) {
        m.time_datetime = dt;
      }
      break;
    case GUMBO_TAG_A:
      if (const char* rel = attribute(e, "rel");
          rel != nullptr && iequals(rel, "author") && m.rel_author.empty()) {
        m.rel_author = text_content(node, 400);
      }
      break;
    case GUMBO_TAG_SCRIPT:
      if (const char* type = attribute(e, "type");
          type != nullptr && iequals(trim_ascii(type), "application/ld+json") &&
          m.json_ld.size() < 4 && e.children.length > 0) {
        const auto* child = static_cast<const GumboNode*>(e.children.data[0]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
            child->type == GUMBO_NODE_WHITESPACE) {
          m.json_ld.emplace_back(child->v.text.text);
        }
      }
      break;
    default:
      break;
  }
}

/// Walks the whole document (an explicit stack: documents can be thousands of levels deep).
HtmlMeta collect_meta(const GumboNode* document) {
  HtmlMeta m;
  std::vector<const GumboNode*> stack{document};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT) {
      collect_element_meta(node, m);
    }
    if (const GumboVector* kids = children_of(node)) {
      for (unsigned k = kids->length; k > 0; --k) {
        stack.push_back(static_cast<const GumboNode*>(kids->data[k - 1]));
      }
    }
  }
  return m;
}

std::string json_names(const nlohmann::json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_object()) {
    const auto name = v.find("name");
    return name != v.end() && name->is_string() ? name->get<std::string>() : std::string();
  }
  std::string out;
  if (v.is_array()) {
    for (const nlohmann::json& item : v) {
      const std::string name = item.is_array() ? std::string() : json_names(item);
      if (!name.empty()) {
        out += out.empty() ? "" : ", ";
        out += name;
      }
    }
  }
  return out;
}

/// datePublished and author from schema.org JSON-LD, which many news sites use instead of meta.
void read_json_ld(const std::vector<std::string>& scripts, std::string& date, std::string& author) {
  for (const std::string& script : scripts) {
    const nlohmann::json doc = nlohmann::json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      continue;
    }
    std::vector<const nlohmann::json*> stack{&doc};
    for (int visited = 0; !stack.empty() && visited < 10'000; ++visited) {
      const nlohmann::json* v = stack.back();
      stack.pop_back();
      if (v->is_object()) {
        if (const auto d = v->find("datePublished");
            d != v->end() && d->is_string() && date.empty()) {
          date = d->get<std::string>();
        }
        if (const auto a = v->find("author"); a != v->end() && author.empty()) {
          author = json_names(*a);
        }
      }
      if (v->is_object() || v->is_array()) {
        for (const nlohmann::json& child : *v) {
          if (child.is_object() || child.is_array()) {
            stack.push_back(&child);
          }
        }
      }
    }
  }
}

bool looks_like_url(std::string_view s) {
  return s.find("://") != std::string_view::npos || (!s.empty() && s.front() == '/');
}

/// The visible text of the tree below `root`, paragraphs for block elements.
std::string visible_text(const GumboNode* root) {
  struct Frame {
    const GumboNode* node;
    bool exit;  ///< true: the element's children are done
  };
  std::string raw;
  std::vector<Frame> stack{{root, false}};
  int pre_depth = 0;
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (frame.exit) {
      const GumboElement& e = node->v.element;
      if (e.tag == GUMBO_TAG_PRE) {
        --pre_depth;
      }
      if (is_block(e)) {
        raw += "\n\n";
      } else if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) {
        raw += ' ';  // cells would otherwise glue their words together
      }
      continue;
    }
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        append_html_text(raw, node->v.text.text, pre_depth > 0);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& e = node->v.element;
        if (is_skipped(e)) {
          break;
        }
        if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_HR) {
          raw += "\n\n";
          break;
        }
        if (is_block(e)) {
          raw += "\n\n";
        }
        if (e.tag == GUMBO_TAG_PRE) {
          ++pre_depth;
        }
        stack.push_back({node, true});
        for (unsigned k = e.children.length; k > 0; --k) {
          stack.push_back({static_cast<const GumboNode*>(e.children.data[k - 1]), false});
        }
        break;
      }
      default:  // comments, the document node (not reached: we start at <html>), templates
        break;
    }
  }
  return clean_body(raw);
}

// --- Encoding detection ---

constexpr const char* kRepairedUtf8 = "UTF-8 with windows-1252 bytes";
constexpr std::size_t kDetectorSampleBytes = 64 << 10;
constexpr std::int32_t kMinConfidence = 11;  // ICU gives UTF-16 and CJK guesses 10 as a floor

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

/// Converts `bytes` in `charset` to UTF-8 with ICU (malformed input becomes U+FFFD). False when
/// ICU has no such converter or fails.
bool icu_to_utf8(std::string_view bytes, const char* charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr from(ucnv_open(charset, &status));
  if (U_FAILURE(status)) {
    return false;
  }
  ConverterPtr to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) {
    return false;
  }
  out.assign(bytes.size() + bytes.size() / 2 + 64, '\0');
  std::array<UChar, 4096> pivot{};
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* source = bytes.data();
  const char* const source_limit = bytes.data() + bytes.size();
  char* target = out.data();
  bool reset = true;
  for (;;) {
    status = U_ZERO_ERROR;
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, source_limit,
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(),
                   static_cast<UBool>(reset),
                   /*flush=*/true, &status);
    reset = false;
    if (status != U_BUFFER_OVERFLOW_ERROR) {
      break;
    }
    const std::size_t used = static_cast<std::size_t>(target - out.data());
    out.resize(out.size() * 2);
    target = out.data() + used;
  }
  if (U_FAILURE(status)) {
    return false;
  }
  out.resize(static_cast<std::size_t>(target - out.data()));
  return true;
}

/// More than 1% of the characters are control characters other than \t \n \r \f.
bool mostly_binary(std::string_view utf8) {
  std::size_t chars = 0;
  std::size_t controls = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if ((b & 0xC0) == 0x80) {
      continue;  // continuation byte
    }
    ++chars;
    const bool c0 = (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F;
    const bool c1 =  // U+0080..U+009F
        b == 0xC2 && i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) < 0xA0;
    if (c0 || c1) {
      ++controls;
    }
  }
  return controls * 100 > chars;
}

struct ByteStats {
  std::size_t multibyte = 0;  ///< well-formed multi-byte UTF-8 sequences
  std::size_t invalid = 0;    ///< bytes not part of well-formed UTF-8
  std::size_t high = 0;       ///< bytes >= 0x80
  std::size_t cp1252_undefined = 0;
  std::size_t c1_range = 0;  ///< invalid bytes 0x80..0x9F (C1 controls in ISO-8859-1)
  std::size_t first_invalid = std::string_view::npos;
};

ByteStats byte_stats(std::string_view bytes) {
  ByteStats st;
  char32_t cp = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_next(bytes, i, cp);
    if (len > 0) {
      ++st.multibyte;
      st.high += len;
      i += len;
      continue;
    }
    ++st.invalid;
    ++st.high;
    st.cp1252_undefined += is_cp1252_undefined(b) ? 1 : 0;
    st.c1_range += b < 0xA0 ? 1 : 0;
    if (st.first_invalid == std::string_view::npos) {
      st.first_invalid = i;
    }
    ++i;
  }
  return st;
}

/// ICU's best guess for `bytes` (not valid UTF-8, no NULs) with confidence >= kMinConfidence,
/// converted; charset empty when there is none. UTF-8 and BOM-less UTF-16/32 guesses are
/// skipped: we know the bytes are not UTF-8, and NUL-free text is not UTF-16.
Decoded detect_and_convert(std::string_view bytes, const ByteStats& st) {
  Decoded d;
  // Detect on a window that includes the first non-UTF-8 byte: that is where the evidence is.
  std::size_t start = 0;
  if (bytes.size() > kDetectorSampleBytes && st.first_invalid > kDetectorSampleBytes / 4) {
    start =
        std::min(st.first_invalid - kDetectorSampleBytes / 4, bytes.size() - kDetectorSampleBytes);
  }
  const std::string_view sample = bytes.substr(start, kDetectorSampleBytes);
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&status));
  if (U_FAILURE(status)) {
    return d;
  }
  ucsdet_enableInputFilter(detector.get(), true);  // ignore <markup> in HTML files
  ucsdet_setText(detector.get(), sample.data(), static_cast<std::int32_t>(sample.size()), &status);
  if (U_FAILURE(status)) {
    return d;
  }
  std::int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status) || matches == nullptr) {
    return d;
  }
  for (std::int32_t k = 0; k < count; ++k) {
    status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[k], &status);
    const std::int32_t confidence = ucsdet_getConfidence(matches[k], &status);
    if (U_FAILURE(status) || name == nullptr || confidence < kMinConfidence) {
      continue;
    }
    const std::string_view n = name;
    if (n == "UTF-8" || istarts_with(n, "UTF-16") || istarts_with(n, "UTF-32")) {
      continue;
    }
    // Bytes 0x80..0x9F are C1 controls in ISO-8859-1 but letters and quotes in windows-1252,
    // which is what such "Latin-1" files really are (browsers read them so too).
    std::string charset(n);
    if (charset == "ISO-8859-1" && st.c1_range > 0 && st.cp1252_undefined == 0) {
      charset = "windows-1252";
    }
    if (icu_to_utf8(bytes, charset.c_str(), d.text)) {
      d.ok = true;
      d.charset = std::move(charset);
      return d;
    }
  }
  d.text.clear();
  return d;
}

FileKind kind_from_extension(std::string_view ext) {
  const std::string e = lower_ascii(ext);
  if (e == ".txt" || e == ".text") {
    return FileKind::kText;
  }
  if (e == ".md" || e == ".markdown") {
    return FileKind::kMarkdown;
  }
  if (e == ".html" || e == ".htm" || e == ".xhtml") {
    return FileKind::kHtml;
  }
  if (e == ".jsonl" || e == ".ndjson") {
    return FileKind::kJsonl;
  }
  return FileKind::kUnsupported;
}

// --- Files ---

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::string errno_message(int err) { return std::generic_category().message(err); }

/// id = path below root ('/'-separated), category = its first folder when it has one.
void set_id_and_category(const fs::path& file, const fs::path& root, Article& a) {
  auto normal = [](const fs::path& p) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(p, ec);
    return (ec ? p : absolute).lexically_normal();
  };
  const fs::path rel = normal(file).lexically_relative(normal(root));
  if (rel.empty() || rel == "." || *rel.begin() == "..") {
    a.id = clean_key(file.filename().generic_string());
    a.category.clear();
    return;
  }
  a.id = clean_key(rel.generic_string());
  a.category = std::distance(rel.begin(), rel.end()) > 1 ? clean_key(rel.begin()->string()) : "";
}

ReadResult read_jsonl(const std::string& path, const ArticleSink& sink, std::uint64_t max_bytes,
                      FilePtr stream) {
  ReadResult result;
  LineReader reader(stream.get());
  if (reader.starts_binary()) {
    result.bytes = reader.bytes();
    result.skipped.push_back({path, "binary file", "NUL bytes in the first 8 KiB"});
    return result;
  }
  std::string line;
  bool too_long = false;
  std::uint64_t number = 0;
  bool any_content = false;
  while (reader.next(line, max_bytes, too_long)) {
    ++number;
    if (too_long) {
      any_content = true;
      result.skipped.push_back({path + ":" + std::to_string(number), "too large",
                                "line longer than " + std::to_string(max_bytes) + " bytes"});
      continue;
    }
    Article a;
    Skip skip;
    if (read_jsonl_record(line, number, path, a, skip)) {
      any_content = true;
      sink(std::move(a));
      ++result.articles;
    } else if (!skip.reason.empty()) {
      any_content = true;
      result.skipped.push_back(std::move(skip));
    }
  }
  result.bytes = reader.bytes();
  if (reader.error() != 0) {
    result.skipped.push_back({path, "unreadable file", errno_message(reader.error())});
  } else if (!any_content) {
    result.skipped.push_back({path, "empty file", ""});
  }
  return result;
}

}  // namespace

Decoded decode_to_utf8(std::string_view bytes) {
  Decoded d;
  auto finish = [](std::string text, std::string charset) {
    Decoded result;
    if (mostly_binary(text)) {
      result.error = "binary file";
      return result;
    }
    result.ok = true;
    result.text = std::move(text);
    result.charset = std::move(charset);
    return result;
  };
  struct Bom {
    std::string_view bytes;
    const char* charset;
  };
  // UTF-32LE first: its BOM starts with the UTF-16LE one.
  static constexpr std::array<Bom, 4> kWideBoms = {{{{"\xFF\xFE\x00\x00", 4}, "UTF-32LE"},
                                                    {{"\x00\x00\xFE\xFF", 4}, "UTF-32BE"},
                                                    {{"\xFF\xFE", 2}, "UTF-16LE"},
                                                    {{"\xFE\xFF", 2}, "UTF-16BE"}}};
  for (const Bom& bom : kWideBoms) {
    if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
      std::string text;
      if (!icu_to_utf8(bytes.substr(bom.bytes.size()), bom.charset, text)) {
        d.error = "unknown encoding";
        return d;
      }
      return finish(std::move(text), bom.charset);
    }
  }
  if (bytes.substr(0, kBinaryProbeBytes).find('\0') != std::string_view::npos) {
    d.error = "binary file";
    return d;
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    // A UTF-8 BOM settles the charset; stray invalid bytes are read as windows-1252.
    return is_valid_utf8(bytes) ? finish(std::string(bytes), "UTF-8")
                                : finish(decode_utf8_or_cp1252(bytes), kRepairedUtf8);
  }
  if (is_valid_utf8(bytes)) {
    return finish(std::string(bytes), "UTF-8");
  }
  const ByteStats st = byte_stats(bytes);
  // Mostly UTF-8 with a few stray bytes (a pasted "£" in Latin-1): keep the UTF-8 and read the
  // strays as windows-1252, instead of turning every "’" into mojibake by converting it all.
  if (st.multibyte > 0 && st.multibyte >= st.invalid) {
    return finish(decode_utf8_or_cp1252(bytes), kRepairedUtf8);
  }
  Decoded detected = detect_and_convert(bytes, st);
  if (detected.ok) {
    return finish(std::move(detected.text), std::move(detected.charset));
  }
  // ICU is unsure on short text ("Caf\xe9"). Western text is by far the most common case, so
  // read it as windows-1252 when it could be: no byte the code page leaves undefined and at
  // most half the bytes non-ASCII.
  if (st.cp1252_undefined == 0 && st.high * 2 <= bytes.size()) {
    return finish(decode_utf8_or_cp1252(bytes), "windows-1252");
  }
  d.error = "unknown encoding";
  return d;
}

std::string normalize_date(std::string_view text) {
  std::size_t end = 0;
  const std::optional<Ymd> d = scan_date(text, end);
  return d ? format_ymd(*d) : std::string();
}

Article parse_text(std::string_view text) {
  std::vector<Line> lines = text_lines(text);
  return layout(lines, LayoutOptions{});
}

Article parse_markdown(std::string_view text) {
  const std::optional<FrontMatter> fm = take_front_matter(text);
  std::vector<Line> lines = markdown_lines(text);
  LayoutOptions opt;
  opt.h1_title = true;
  if (fm) {
    opt.find_title = fm->title.empty();
    opt.find_date = fm->date.empty();
    opt.find_author = fm->author.empty();
  }
  Article a = layout(lines, opt);
  if (fm) {
    if (!fm->title.empty()) {
      a.title = fm->title;
    }
    if (!fm->date.empty()) {
      a.date = fm->date;
    }
    if (!fm->author.empty()) {
      a.author = fm->author;
    }
  }
  return a;
}

Article parse_html(std::string_view text) {
  if (html_nesting_estimate(text, kMaxHtmlNesting) > kMaxHtmlNesting) {
    return parse_html_flat(text);
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never look at parse errors; don't spend memory on them
  GumboOutput* output = gumbo_parse_with_options(&options, text.data(), text.size());
  if (output == nullptr) {
    return parse_html_flat(text);
  }
  struct OutputGuard {
    const GumboOptions* options;
    GumboOutput* output;
    ~OutputGuard() { gumbo_destroy_output(options, output); }
  } guard{&options, output};

  const HtmlMeta m = collect_meta(output->document);
  auto meta = [&m](const char* key) -> std::string {
    const auto it = m.meta.find(key);
    return it == m.meta.end() ? std::string() : it->second;
  };
  Article a;
  a.title = clean_inline(meta("og:title"));
  if (a.title.empty()) {
    a.title = m.title_tag;
  }
  if (a.title.empty()) {
    a.title = m.h1;
  }

  std::string ld_date;
  std::string ld_author;
  read_json_ld(m.json_ld, ld_date, ld_author);
  const std::array<std::string, 10> dates = {meta("article:published_time"),
                                             meta("og:published_time"),
                                             meta("date"),
                                             meta("pubdate"),
                                             meta("publish-date"),
                                             meta("dc.date"),
                                             meta("dc.date.issued"),
                                             m.itemprop_date,
                                             ld_date,
                                             m.time_datetime};
  for (const std::string& candidate : dates) {
    a.date = normalize_date(clean_inline(candidate));
    if (!a.date.empty()) {
      break;
    }
  }

  std::string article_author = meta("article:author");
  if (looks_like_url(article_author)) {
    article_author.clear();  // often a link to the author's profile page
  }
  const std::array<std::string, 7> authors = {meta("author"),    article_author,     meta("byl"),
                                              m.itemprop_author, meta("dc.creator"), ld_author,
                                              m.rel_author};
  for (const std::string& candidate : authors) {
    std::string name = clean_inline(strip_by(clean_inline(candidate)));
    if (!name.empty() && name.size() <= kMaxAuthorBytes && !looks_like_url(name)) {
      a.author = std::move(name);
      break;
    }
  }

  a.body = visible_text(output->root);
  return a;
}

bool parse_jsonl_line(std::string_view line, Article& out, std::string& error) {
  // simdjson: JSON parsing was a tenth of the indexing time of a JSONL corpus with nlohmann.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto err = parser.parse(simdjson::padded_string(line)).get(root); err) {
    error = std::string("invalid JSON: ") + simdjson::error_message(err);
    return false;
  }
  simdjson::dom::object j;
  if (root.get(j) != simdjson::SUCCESS) {
    error = "not a JSON object";
    return false;
  }
  Article a;
  simdjson::dom::element id;
  if (j["id"].get(id) != simdjson::SUCCESS || id.is_null()) {
    error = "missing \"id\"";
    return false;
  }
  if (id.is_string()) {
    a.id = clean_key(std::string_view(id.get_string().value_unsafe()));
  } else if (id.is_uint64()) {
    a.id = std::to_string(id.get_uint64().value_unsafe());
  } else if (id.is_int64()) {
    a.id = std::to_string(id.get_int64().value_unsafe());
  } else {
    error = "\"id\" must be a string or an integer";
    return false;
  }
  if (a.id.empty()) {
    error = "empty \"id\"";
    return false;
  }
  // Optional string fields; null counts as absent.
  auto field = [&j, &error](const char* name, std::string& value) {
    simdjson::dom::element e;
    if (j[name].get(e) != simdjson::SUCCESS || e.is_null()) {
      return true;
    }
    if (!e.is_string()) {
      error = std::string("\"") + name + "\" must be a string";
      return false;
    }
    value = std::string_view(e.get_string().value_unsafe());
    return true;
  };
  std::string title;
  std::string text;
  std::string date;
  std::string author;
  std::string url;
  if (!field("title", title) || !field("text", text) || !field("date", date) ||
      !field("author", author) || !field("url", url)) {
    return false;
  }
  a.title = clean_inline(title);
  a.body = clean_body(text);
  if (a.title.empty() && a.body.empty()) {
    error = "no \"title\" or \"text\"";
    return false;
  }
  a.date = normalize_date(clean_inline(date));
  a.author = clean_inline(strip_by(clean_inline(author)));
  a.url = clean_key(url);
  out = std::move(a);
  return true;
}

FileKind file_kind(const std::filesystem::path& file) {
  return kind_from_extension(file.extension().string());
}

ReadResult read_file(const std::filesystem::path& file, const std::filesystem::path& root,
                     const ArticleSink& sink, std::uint64_t max_bytes) {
  ReadResult result;
  const std::string path = clean_key(file.string());
  const FileKind kind = file_kind(file);
  if (kind == FileKind::kUnsupported) {
    result.skipped.push_back({path, "unsupported file type", clean_key(file.extension().string())});
    return result;
  }
  FilePtr stream(std::fopen(file.c_str(), "rb"));
  if (!stream) {
    result.skipped.push_back({path, "unreadable file", errno_message(errno)});
    return result;
  }
  if (kind == FileKind::kJsonl) {
    return read_jsonl(path, sink, max_bytes, std::move(stream));
  }
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (!ec && size > max_bytes) {
    result.skipped.push_back(
        {path, "too large", std::to_string(size) + " bytes > " + std::to_string(max_bytes)});
    return result;
  }
  std::string bytes;
  std::vector<char> chunk(64 << 10);
  int read_errno = 0;
  for (;;) {
    errno = 0;
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), stream.get());
    if (std::ferror(stream.get()) != 0) {
      read_errno = errno != 0 ? errno : EIO;
      break;
    }
    bytes.append(chunk.data(), n);
    if (bytes.size() > max_bytes) {  // grew since file_size()
      result.bytes = bytes.size();
      result.skipped.push_back(
          {path, "too large", "more than " + std::to_string(max_bytes) + " bytes"});
      return result;
    }
    if (n < chunk.size()) {
      break;
    }
  }
  if (read_errno != 0) {
    result.bytes = bytes.size();
    result.skipped.push_back({path, "unreadable file", errno_message(read_errno)});
    return result;
  }
  return read_bytes(bytes, file, root, sink);
}

ReadResult read_bytes(std::string_view bytes, const std::filesystem::path& file,
                      const std::filesystem::path& root, const ArticleSink& sink) {
  ReadResult result;
  result.bytes = bytes.size();
  const std::string path = clean_key(file.string());
  const FileKind kind = file_kind(file);
  if (is_blank(bytes)) {
    result.skipped.push_back({path, "empty file", ""});
    return result;
  }
  Decoded decoded = decode_to_utf8(bytes);
  if (!decoded.ok) {
    result.skipped.push_back({path, decoded.error, ""});
    return result;
  }
  if (decoded.charset != "UTF-8") {
    result.converted_from = decoded.charset;
    result.notes.push_back("converted from " + decoded.charset);
  }
  if (clean_inline(decoded.text).empty()) {
    result.skipped.push_back({path, "empty file", ""});
    return result;
  }
  Article a = kind == FileKind::kMarkdown ? parse_markdown(decoded.text)
              : kind == FileKind::kHtml   ? parse_html(decoded.text)
                                          : parse_text(decoded.text);
  if (a.title.empty() && a.body.empty()) {
    result.skipped.push_back({path, "no text", ""});
    return result;
  }
  set_id_and_category(file, root, a);
  a.path = path;
  sink(std::move(a));
  result.articles = 1;
  return result;
}

bool read_jsonl_record(std::string_view line, std::uint64_t number, const std::string& path,
                       Article& out, Skip& skip) {
  if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
    line.remove_prefix(3);
  }
  if (is_blank(line)) {
    return false;
  }
  const std::string where = path + ":" + std::to_string(number);
  if (!is_valid_utf8(line)) {
    skip = {where, "bad encoding", "line is not valid UTF-8"};
    return false;
  }
  std::string error;
  if (!parse_jsonl_line(line, out, error)) {
    skip = {where, "bad JSONL line", std::move(error)};
    return false;
  }
  out.path = path;
  out.category.clear();
  return true;
}

}  // namespace folio
