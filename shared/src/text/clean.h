// Cleaning text for the Article fields: one-line fields, paragraph bodies, keys, lines, bylines.
//
// The output format shared by all readers (the contract callers and tests rely on):
// - title, date, author, url and id are single lines: whitespace runs (incl. NBSP and other
//   Unicode spaces) become one ASCII space, and the ends are trimmed.
// - body is paragraphs separated by exactly "\n\n" and contains no other '\n': lines inside a
//   paragraph are joined with one space, since .txt files are often hard-wrapped at ~72 columns.
// - Invalid UTF-8 becomes U+FFFD; C0/C1 control characters, DEL and U+FEFF are dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace folio::text {

/// One line: white space (line breaks too) collapsed to single spaces, trimmed.
std::string clean_inline(std::string_view s);

/// Paragraphs: a blank line (or \f, U+2029) becomes "\n\n", a single line break a space.
std::string clean_body(std::string_view s);

/// For ids, paths and URLs: valid UTF-8 without control characters, trimmed, but inner
/// whitespace kept as is (collapsing it could change a file name).
std::string clean_key(std::string_view s);

/// A title made of the first 12 words of an over-long line (at most 200 bytes), with "…" when
/// it is cut; the line itself when it is shorter.
std::string title_from_words(std::string_view line);

/// The lines of `text`, split at \n, \r\n and \r (without them).
std::vector<std::string_view> split_lines(std::string_view text);

/// "By Jane Doe" -> "Jane Doe" (also "by:"); other text unchanged but trimmed.
std::string_view strip_by(std::string_view s);

/// A declared language as Article::language holds it: the first tag of a list ("de, en" ->
/// "de"), trimmed, '_' as '-' ("en_US" -> "en-US"), otherwise as written. Empty when it is
/// not shaped like a BCP 47 tag (letters, digits and '-', at most 35 bytes).
std::string language_tag(std::string_view raw);

}  // namespace folio::text
