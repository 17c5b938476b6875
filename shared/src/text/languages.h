// Languages Folio knows: ISO 639-1 codes, their names, their Snowball stemmers and stop lists.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace folio::text {

/// One language: what an article's language field records and what analyses it.
struct Language {
  std::string_view code;     ///< ISO 639-1 code, lower case: "de"
  std::string_view name;     ///< English name: "German"
  std::string_view stemmer;  ///< Snowball algorithm name ("german"), or "none" for no stemmer
};

/// Every ISO 639-1 language, in code order.
std::span<const Language> known_languages();

/// The language a tag or name stands for, or nullptr: an ISO 639-1 code ("de"), a BCP 47 tag
/// ("de-CH", "zh-Hant-TW", "pt_BR"; case-insensitive, '_' as '-'), an ISO 639-2/3 code
/// ("deu", "ger"), an English name ("German") or a Snowball stemmer name ("german", and
/// "porter" for English). Surrounding white space is ignored.
const Language* find_language(std::string_view tag);

/// The Snowball project's stop list of a stemmer ("german"), folded as the Analyzer folds
/// words (NFKC case folding, curly apostrophes straight), sorted and without duplicates. Empty
/// for a stemmer without one and for "none".
const std::vector<std::string>& stopwords(std::string_view stemmer);

}  // namespace folio::text
