// UTF-8: decoding one sequence, validity, encoding a code point, cutting at a boundary, repair.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace folio::text {

/// Length of the well-formed UTF-8 sequence starting at s[i] (and its code point in `cp`), or 0
/// when the bytes there are not well-formed (overlong, surrogate, > U+10FFFF, truncated).
std::size_t utf8_next(std::string_view s, std::size_t i, char32_t& cp);

/// True when every byte of `s` belongs to a well-formed UTF-8 sequence.
bool is_valid_utf8(std::string_view s);

/// Appends `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, char32_t cp);

/// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max);

/// `s` as valid UTF-8: `s` itself when it is (nearly always, and without a copy), else a copy in
/// `scratch` with U+FFFD for each byte that is not part of a well-formed sequence.
std::string_view valid_utf8(std::string_view s, std::string& scratch);

}  // namespace folio::text
