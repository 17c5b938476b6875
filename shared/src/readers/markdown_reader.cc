// The Markdown reader (.md): YAML front matter, headings, and the text without its markup.
#include "readers/markdown_reader.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "readers/text_reader.h"
#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

struct FrontMatter {
  std::string title;
  std::string date;
  std::string author;
  std::string language;
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
        } else if ((key == "lang" || key == "language") && value.IsScalar() &&
                   fm.language.empty()) {
          fm.language = language_tag(value.Scalar());
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

/// Removes inline Markdown from one line: emphasis, code backticks, links and images (their
/// text kept), autolinks (the URL kept), inline HTML tags and backslash escapes. Each construct
/// has a method that reads it at s_[i_] and returns false when it is not one there.
class InlineStripper {
 public:
  explicit InlineStripper(std::string_view s) : s_(s), jump_(link_jumps(s)) {
    out_.reserve(s.size());
  }

  std::string strip() {
    while (i_ < s_.size()) {
      if (!jump_.empty() && jump_[i_] != 0) {
        i_ = jump_[i_];
      } else if (!escape() && !code_span() && !angle_brackets() && !emphasis()) {
        out_ += s_[i_++];
      }
    }
    return std::move(out_);
  }

 private:
  // "\*": the character itself.
  bool escape() {
    if (s_[i_] != '\\' || i_ + 1 >= s_.size() || !is_ascii_punct(s_[i_ + 1])) {
      return false;
    }
    out_ += s_[i_ + 1];
    i_ += 2;
    return true;
  }

  // `code` (any run of backticks, closed by a run as long): the code verbatim; a run with no
  // closer is text.
  bool code_span() {
    if (s_[i_] != '`') {
      return false;
    }
    std::size_t run = i_;
    while (run < s_.size() && s_[run] == '`') {
      ++run;
    }
    const std::size_t ticks = run - i_;
    const std::size_t close = closing_ticks(run, ticks);
    if (close == std::string_view::npos) {
      out_.append(s_.substr(i_, ticks));
      i_ = run;
    } else {
      out_.append(s_.substr(run, close - run));
      i_ = close + ticks;
    }
    return true;
  }

  // Where a run of exactly `ticks` backticks starts after `from`, or npos. Runs known to have
  // no closer are remembered, so a line costs O(n) whatever it holds.
  std::size_t closing_ticks(std::size_t from, std::size_t ticks) {
    if (std::find(unclosed_ticks_.begin(), unclosed_ticks_.end(), ticks) != unclosed_ticks_.end()) {
      return std::string_view::npos;
    }
    for (std::size_t k = s_.find('`', from); k != std::string_view::npos; k = s_.find('`', k)) {
      std::size_t k_end = k;
      while (k_end < s_.size() && s_[k_end] == '`') {
        ++k_end;
      }
      if (k_end - k == ticks) {
        return k;
      }
      k = k_end;
    }
    unclosed_ticks_.push_back(ticks);
    return std::string_view::npos;
  }

  // <https://example.com> and <me@example.com>: the address; <b>, </b>, <!--: dropped.
  bool angle_brackets() {
    if (s_[i_] != '<') {
      return false;
    }
    const std::size_t close = s_.find('>', i_ + 1);
    if (close == std::string_view::npos || close - i_ >= 512) {
      return false;
    }
    const std::string_view inner = s_.substr(i_ + 1, close - i_ - 1);
    const bool spaced = inner.find(' ') != std::string_view::npos;
    if (!spaced && (inner.find("://") != std::string_view::npos ||
                    (inner.find('@') != std::string_view::npos && !inner.empty() &&
                     is_ascii_alnum(inner.front())))) {
      out_.append(inner);
      i_ = close + 1;
      return true;
    }
    if (!inner.empty() && (is_ascii_alpha(inner.front()) ||
                           (inner.front() == '/' && inner.size() > 1 && is_ascii_alpha(inner[1])) ||
                           inner.front() == '!')) {
      i_ = close + 1;  // an inline HTML tag or comment remnant
      return true;
    }
    return false;
  }

  // *emphasis*, _emphasis_ and ~~strikethrough~~ markers: dropped where they open or close
  // a span; "5 * 3" and snake_case keep theirs.
  bool emphasis() {
    const char c = s_[i_];
    if (c != '*' && c != '_' && c != '~') {
      return false;
    }
    std::size_t run = i_;
    while (run < s_.size() && s_[run] == c) {
      ++run;
    }
    const char before = i_ > 0 ? s_[i_ - 1] : ' ';
    const char after = run < s_.size() ? s_[run] : ' ';
    const bool opens = !is_ascii_space(after);
    const bool closes = !is_ascii_space(before);
    bool strip = false;
    if (c == '*') {
      strip = opens || closes;
    } else if (c == '_') {
      strip = (opens && !is_ascii_alnum(before)) || (closes && !is_ascii_alnum(after));
    } else {
      strip = run - i_ == 2 && (opens || closes);
    }
    if (!strip) {
      out_.append(s_.substr(i_, run - i_));
    }
    i_ = run;
    return true;
  }

  std::string_view s_;
  std::vector<std::size_t> jump_;
  std::vector<std::size_t> unclosed_ticks_;  // backtick run lengths known to have no closer
  std::string out_;
  std::size_t i_ = 0;
};

std::string strip_inline_markdown(std::string_view s) { return InlineStripper(s).strip(); }

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

std::size_t digits_end(std::string_view s, std::size_t i) {
  while (i < s.size() && is_ascii_digit(s[i])) {
    ++i;
  }
  return i;
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
/// One line at a time, with the state that spans lines (fenced code, comments, whether the
/// line before was paragraph text and so may be a setext heading).
class MarkdownLines {
 public:
  std::vector<Line> read(std::string_view text) {
    for (std::string_view raw : split_lines(text)) {
      line(raw);
    }
    return std::move(lines_);
  }

 private:
  void line(std::string_view raw) {
    std::string_view content = raw.substr(std::min(raw.find_first_not_of(" \t"), raw.size()));
    if (in_fence_) {
      fenced(raw, content);
      return;
    }
    std::string uncommented;
    if (in_comment_ || content.find("<!--") != std::string_view::npos) {
      uncommented = remove_html_comments(content, in_comment_);
      content = trim_ascii(uncommented);
      if (content.empty()) {
        return;  // a comment-only line is not a paragraph break
      }
    }
    if (opens_fence(content)) {
      return;
    }
    while (!content.empty() && content.front() == '>') {  // block quote markers
      content.remove_prefix(1);
      content = trim_ascii(content);
    }
    if (content.empty()) {
      blank();
      after_text_ = false;
      return;
    }
    if (rule(content) || atx_heading(content) || is_reference_definition(content) ||
        is_table_separator(content)) {
      return;
    }
    text(content);
  }

  // A line inside fenced code: kept as it is, until the closing fence.
  void fenced(std::string_view raw, std::string_view content) {
    std::size_t n = 0;
    while (n < content.size() && content[n] == fence_char_) {
      ++n;
    }
    if (n >= fence_len_ && is_blank(content.substr(n))) {
      in_fence_ = false;
      blank();
    } else {
      lines_.push_back({clean_inline(raw), 0});
    }
  }

  // "```" or "~~~" (three or more) opens fenced code.
  bool opens_fence(std::string_view content) {
    if (content.size() < 3 || (content.substr(0, 3) != "```" && content.substr(0, 3) != "~~~")) {
      return false;
    }
    fence_char_ = content[0];
    fence_len_ = content.find_first_not_of(fence_char_);
    if (fence_len_ == std::string_view::npos) {
      fence_len_ = content.size();
    }
    in_fence_ = true;
    after_text_ = false;
    blank();
    return true;
  }

  // A thematic break ("***", "- - -") separates paragraphs; "---" or "===" under paragraph
  // text makes that text a heading (setext). A line of '=' alone is ordinary text.
  bool rule(std::string_view content) {
    char ch = 0;
    if (!is_rule(content, ch)) {
      return false;
    }
    if ((ch == '-' || ch == '=') && after_text_) {
      lines_.back().heading = ch == '=' ? 1 : 2;
    } else if (ch == '=') {
      return false;
    }
    blank();
    after_text_ = false;
    return true;
  }

  // "# Heading", "## Heading ##": a paragraph of its own with its level.
  bool atx_heading(std::string_view content) {
    if (content.front() != '#') {
      return false;
    }
    const std::size_t level = content.find_first_not_of('#');
    const std::size_t hashes = level == std::string_view::npos ? content.size() : level;
    if (hashes > 6 ||
        (hashes != content.size() && content[hashes] != ' ' && content[hashes] != '\t')) {
      return false;
    }
    std::string_view h = trim_ascii(content.substr(hashes));
    const std::size_t closing = h.find_last_not_of('#');
    if (closing == std::string_view::npos) {
      h = {};
    } else if (closing + 1 < h.size() && (h[closing] == ' ' || h[closing] == '\t')) {
      h = trim_ascii(h.substr(0, closing + 1));
    }
    blank();
    lines_.push_back({clean_inline(strip_inline_markdown(h)), static_cast<int>(hashes)});
    blank();
    after_text_ = false;
    return true;
  }

  // "[ref]: https://..." link reference definitions are not text.
  static bool is_reference_definition(std::string_view content) {
    if (content.front() != '[') {
      return false;
    }
    const std::size_t close = content.find("]:");
    return close != std::string_view::npos && content.find(']') == close;
  }

  // Paragraph text, a table row or a list item (each of those its own paragraph, and never a
  // setext heading).
  void text(std::string_view content) {
    std::string table_row;
    bool item = false;
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
    lines_.push_back({clean_inline(strip_inline_markdown(content)), 0});
    after_text_ = !item && !lines_.back().text.empty();
  }

  void blank() {
    if (!lines_.empty() && !lines_.back().text.empty()) {
      lines_.push_back({});
    }
  }

  std::vector<Line> lines_;
  bool in_fence_ = false;
  char fence_char_ = 0;
  std::size_t fence_len_ = 0;
  bool in_comment_ = false;
  bool after_text_ = false;  // the previous line was paragraph text (for setext headings)
};

}  // namespace

Article parse_markdown(std::string_view text) {
  const std::optional<FrontMatter> fm = take_front_matter(text);
  std::vector<Line> lines = MarkdownLines().read(text);
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
    a.language = fm->language;
  }
  return a;
}

}  // namespace folio
