// Cleaning text for the Article fields: one-line fields, paragraph bodies, keys, lines, bylines.
#include "text/clean.h"

#include "text/ascii.h"
#include "text/utf8.h"

namespace folio::text {
namespace {

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

/// Cleans text per the format in clean.h. With `paragraphs`, a blank line (or \f, U+2029)
/// becomes "\n\n" and a single line break a space; without, every break is a space.
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

}  // namespace

std::string clean_inline(std::string_view s) { return clean_text(s, false); }
std::string clean_body(std::string_view s) { return clean_text(s, true); }

std::string title_from_words(std::string_view line) {
  constexpr int kTitleWords = 12;
  constexpr std::size_t kMaxTitleBytes = 200;
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026
  std::size_t cut = line.size();
  int words = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ' && ++words == kTitleWords) {
      cut = i;
      break;
    }
  }
  const std::string_view head = utf8_prefix(line.substr(0, cut), kMaxTitleBytes);
  if (head.size() == line.size()) {
    return std::string(head);
  }
  return std::string(trim_ascii(head)) + std::string(kEllipsis);
}

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

std::string language_tag(std::string_view raw) {
  constexpr std::size_t kMaxBytes = 35;  // RFC 5646's longest useful tag
  std::string tag(trim_ascii(raw.substr(0, raw.find(','))));
  for (char& c : tag) {
    if (c == '_') {
      c = '-';  // POSIX locales and og:locale write "de_DE"
    }
    if (!is_ascii_alnum(c) && c != '-') {
      return {};
    }
  }
  return tag.size() <= kMaxBytes ? tag : std::string();
}

}  // namespace folio::text
