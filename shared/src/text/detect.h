// Language detection for articles and queries (CLD2).
#pragma once

#include <string>
#include <string_view>

namespace folio::text {

/// The ISO 639-1 code of the language an article is written in ("de", "zh"), or "" when the
/// text is too short (under 30 bytes of Latin letters: a name and a number), or unlike any language
/// to say reliably. `hint` (an ISO 639-1 code, or empty) is the likeliest language, e.g. the
/// index's default: it tips close calls only, those CLD2 cannot make alone and texts mixed
/// about evenly of the hint's language and another. Reads at most the first kDetectBytes of
/// title and body together. Thread-safe.
std::string detect_language(std::string_view title, std::string_view body,
                            std::string_view hint = {});

inline constexpr std::size_t kDetectBytes = 16 * 1024;
/// Latin-script text with fewer bytes of letters than this gets "" (or the hint, when CLD2
/// agrees with it).
inline constexpr std::size_t kMinDetectBytes = 30;

}  // namespace folio::text
