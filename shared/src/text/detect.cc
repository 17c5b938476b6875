// Language detection with CLD2 (Debian's libcld2, the 83-language tables of "cld2", not
// "cld2_full"): title and body in, an ISO 639-1 code or "" out.
#include "text/detect.h"

#include <algorithm>

// compact_lang_det.h uses FILE without including <cstdio>.
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "text/utf8.h"

namespace folio::text {
namespace {

// CLD2 wants "interchange-valid" UTF-8: on anything else its detect calls give up on the whole
// text (UNKNOWN_LANGUAGE). Beyond ill-formed bytes that rejects the C0 controls other than tab,
// LF, FF and CR, DEL and the C1 controls, and the noncharacters (U+FDD0..U+FDEF, U+xxFFFE/F):
// found by feeding CLD2::SpanInterchangeValid every code point. Each such code point, and each
// ill-formed byte, becomes a space here.
bool interchange_valid(char32_t cp) {
  if (cp < 0x20) {
    return cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r';
  }
  if (cp >= 0x7F && cp <= 0x9F) {
    return false;
  }
  if (cp >= 0xFDD0 && cp <= 0xFDEF) {
    return false;
  }
  return (cp & 0xFFFE) != 0xFFFE;
}

// A letter of a script other than Latin: Greek to the Indic scripts, CJK, kana, Hangul and
// their compatibility and extension blocks.
bool non_latin(char32_t cp) {
  return (cp >= 0x0370 && cp <= 0x1DFF) || (cp >= 0x2E80 && cp <= 0xD7FF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000;
}

// An ASCII byte that interchange_valid() keeps (and no letter of a non-Latin script).
bool plain_ascii(unsigned char b) {
  return b < 0x80 && (b >= 0x20 ? b != 0x7F : interchange_valid(b));
}

// Appends `s` made interchange-valid; returns whether it holds a letter of a non-Latin script.
// Runs of plain ASCII, most of most texts, are copied whole rather than a character at a time.
bool append_clean(std::string& out, std::string_view s) {
  bool other_script = false;
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < s.size()) {
    std::size_t run = i;
    while (run < s.size() && plain_ascii(static_cast<unsigned char>(s[run]))) {
      ++run;
    }
    out.append(s.substr(i, run - i));
    i = run;
    if (i == s.size()) {
      break;
    }
    const std::size_t len = utf8_next(s, i, cp);
    if (len == 0 || !interchange_valid(cp)) {
      out += ' ';
      i += len == 0 ? 1 : len;
      continue;
    }
    other_script = other_script || non_latin(cp);
    out.append(s.substr(i, len));
    i += len;
  }
  return other_script;
}

// CLD2's code for a language as Folio spells it: ISO 639-1 where CLD2 keeps an older or
// regional code ("iw", "jw", "zh-Hant"), "" for its pseudo-languages (script-only
// "xx-Latn", the joke languages "zzp" Pig Latin and "tlh" Klingon). A language without a
// 639-1 code keeps CLD2's three letters ("ceb", "haw").
std::string folio_code(CLD2::Language lang) {
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE ||
      (lang >= CLD2::X_BORK_BORK_BORK && lang <= CLD2::X_ELMER_FUDD) || lang >= CLD2::X_Common) {
    return {};
  }
  std::string code = CLD2::LanguageCode(lang);
  code = code.substr(0, code.find('-'));
  if (code == "iw") {
    return "he";
  }
  if (code == "jw") {
    return "jv";
  }
  if (code == "xx" || code == "un") {
    return {};
  }
  return code;
}

// Fewer bytes of Latin letters than this are too little to go on, whatever CLD2 says: it calls
// "TRDIAG (Algorithm 17)" reliably Irish and "Gauss-Seidel (Algorithm 220)" Norwegian.
// (A short headline has more: 35 bytes and up.)
constexpr int kMinTextBytes = static_cast<int>(kMinDetectBytes);
// A text whose two leading languages are this close in share (percent of the text) is mixed
// ("la plasmatherapie ... dans le traitement ... some fifty clinically similar cases": French
// 50, English 49): the hint decides between them.
constexpr int kCloseCall = 10;

// What one CLD2 call says of interchange-valid text.
struct Reading {
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;  // UNKNOWN unless reliable
  CLD2::Language top[3] = {};
  int percent[3] = {};
  int text_bytes = 0;

  // The share of the text in `lang` (0 when it is not among the top three).
  int share(CLD2::Language lang) const {
    for (int i = 0; i < 3; ++i) {
      if (top[i] == lang) {
        return percent[i];
      }
    }
    return 0;
  }
};

Reading read(const std::string& text, CLD2::Language hint, int flags) {
  const CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, hint};
  Reading r;
  double normalized_score3[3];
  bool is_reliable = false;
  int valid_prefix_bytes = 0;
  // The checking call costs one more pass over at most kDetectBytes; append_clean leaves nothing
  // for it to reject, and if it ever did the answer would be "", not a wrong language.
  const CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints, flags, r.top,
      r.percent, normalized_score3, /*resultchunkvector=*/nullptr, &r.text_bytes, &is_reliable,
      &valid_prefix_bytes);
  if (is_reliable && r.text_bytes > 0) {
    r.language = lang;
  }
  return r;
}

}  // namespace

std::string detect_language(std::string_view title, std::string_view body, std::string_view hint) {
  title = utf8_prefix(title, kDetectBytes);
  std::string text;
  text.reserve(std::min(kDetectBytes, title.size() + 1 + body.size()));
  bool other_script = append_clean(text, title);
  if (text.size() + 1 < kDetectBytes && !body.empty()) {
    text += '\n';
    other_script =
        append_clean(text, utf8_prefix(body, kDetectBytes - text.size())) || other_script;
  }

  // The hint is not given to CLD2 up front: its language_hint is a strong prior within a set of
  // close languages, and turned a clear Portuguese sentence into Galician under a "gl" hint
  // (into "" under "es") and a clear Danish one into Norwegian under "no". So the text is first
  // read alone, and the hint decides only what CLD2 cannot call ("la casa": it, es or pt), when
  // CLD2's best guess with the hint is the hinted language, and a mixed text's close call.
  const CLD2::Language hinted =
      hint.empty() ? CLD2::UNKNOWN_LANGUAGE : CLD2::GetLanguageFromName(std::string(hint).c_str());
  const Reading alone = read(text, CLD2::UNKNOWN_LANGUAGE, 0);
  // (The minimum is for Latin letters: a few words of Chinese, Japanese or Cyrillic are no
  // English title taken for Irish.)
  if (alone.language != CLD2::UNKNOWN_LANGUAGE &&
      (alone.text_bytes >= kMinTextBytes || other_script)) {
    const int lead = alone.share(alone.language);
    if (hinted != CLD2::UNKNOWN_LANGUAGE && hinted != alone.language && alone.share(hinted) > 0 &&
        lead - alone.share(hinted) <= kCloseCall) {
      return folio_code(hinted);
    }
    return folio_code(alone.language);
  }
  if (hinted == CLD2::UNKNOWN_LANGUAGE ||
      read(text, hinted, CLD2::kCLDFlagBestEffort).language != hinted) {
    return {};
  }
  return folio_code(hinted);
}

}  // namespace folio::text
