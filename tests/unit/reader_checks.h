// Checks shared by the reader tests: the invariants every Article field keeps, and helpers to
// show bytes and build texts.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "folio/article.h"

namespace folio::testing {

/// Shows bytes readably in failure messages: non-printable bytes as \xNN, newlines as \n.
inline std::string show(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (b < 0x20 || b == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

/// An independent strict UTF-8 check (no overlongs, surrogates or code points > U+10FFFF).
inline bool strict_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      lo = b == 0xE0 ? 0xA0 : 0x80;
      hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      lo = b == 0xF0 ? 0x90 : 0x80;
      hi = b == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (s.size() - i < static_cast<std::size_t>(len)) {
      return false;
    }
    for (int k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

/// The invariants every Article field keeps: valid UTF-8, trimmed, no control characters
/// (the body may hold "\n\n" paragraph breaks and nothing else below 0x20).
inline void expect_clean(const Article& a, const std::string& context) {
  const std::vector<std::pair<const char*, const std::string*>> fields = {
      {"id", &a.id},     {"path", &a.path},     {"url", &a.url},           {"title", &a.title},
      {"date", &a.date}, {"author", &a.author}, {"category", &a.category}, {"body", &a.body}};
  for (const auto& [name, value] : fields) {
    const std::string& v = *value;
    SCOPED_TRACE(context + " field " + name + " = " + show(v));
    EXPECT_TRUE(strict_utf8(v));
    if (!v.empty()) {
      EXPECT_NE(v.front(), ' ');
      EXPECT_NE(v.back(), ' ');
      EXPECT_NE(v.back(), '\n');
    }
    const bool body = std::string_view(name) == "body";
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto b = static_cast<unsigned char>(v[i]);
      const bool control =
          b < 0x20 || b == 0x7F ||
          (b == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) < 0xA0);
      if (control && !(body && b == '\n')) {
        ADD_FAILURE() << "control byte at " << i;
        break;
      }
    }
    if (body) {
      EXPECT_EQ(v.find("\n\n\n"), std::string::npos);
      for (std::size_t p = v.find('\n'); p != std::string::npos; p = v.find('\n', p + 2)) {
        ASSERT_TRUE(p + 1 < v.size() && v[p + 1] == '\n') << "single newline at " << p;
      }
    }
  }
}

inline std::vector<std::string> paragraphs(const std::string& body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    const std::size_t end = body.find("\n\n", start);
    out.push_back(body.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) {
      break;
    }
    start = end + 2;
  }
  return out;
}

inline std::string repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

}  // namespace folio::testing
