// Unicode character properties and case folding that the other stages need, through ICU.
#include "text/unicode.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/utf8.h"

namespace folio::text {

std::string fold_case(std::string_view utf8) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

bool starts_with_capital(std::string_view word) {
  char32_t cp = 0;
  if (word.empty() || utf8_next(word, 0, cp) == 0) {
    return false;
  }
  return u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp));
}

}  // namespace folio::text
