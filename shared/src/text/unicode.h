// Unicode character properties and case folding that the other stages need, through ICU.
#pragma once

#include <string>
#include <string_view>

namespace folio::text {

/// Unicode full case folding of UTF-8 text ("Ökonomie" -> "ökonomie", "STRASSE" -> "strasse").
std::string fold_case(std::string_view utf8);

/// True when `word` starts with an upper-case or title-case letter ("Jane", "Émile", "J.").
bool starts_with_capital(std::string_view word);

}  // namespace folio::text
