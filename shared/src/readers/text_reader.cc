// The plain-text reader (.txt), and the layout it shares with Markdown.
#include "readers/text_reader.h"

#include <algorithm>
#include <array>
#include <optional>

#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

constexpr std::size_t kMaxTitleLineBytes = 300;  // a longer first line is a paragraph
constexpr std::size_t kMaxMetaLineBytes = 120;   // datelines and bylines are short
constexpr std::size_t kMaxDatelineTail = 48;     // ", 1:22pm", "10:22 GMT", "| Reuters"
constexpr int kMetaLineWindow = 8;               // non-empty lines searched after the title

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
    if (starts_with_capital(word)) {
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

std::vector<Line> text_lines(std::string_view text) {
  std::vector<Line> lines;
  for (std::string_view raw : split_lines(text)) {
    lines.push_back({clean_inline(raw), 0});
  }
  return lines;
}

}  // namespace

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

Article parse_text(std::string_view text) {
  std::vector<Line> lines = text_lines(text);
  return layout(lines, LayoutOptions{});
}

}  // namespace folio
