// The one text analyser used for documents and queries: UTF-8 text -> search terms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "folio/export.h"

namespace folio {

/// One word of analysed text.
struct Token {
  std::string term;        ///< the search term: normalised, case-folded, stemmed, accent-folded
  std::uint32_t position;  ///< word position; stopwords are dropped but still take a position
  std::size_t begin;       ///< byte offset of the word in the analysed text
  std::size_t end;         ///< byte offset one past the word
};

/// How often each word occurred, for spelling data: keys are folded but unstemmed words.
/// Looked up by std::string_view without a copy.
struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordCounts = std::unordered_map<std::string, std::uint32_t, WordHash, std::equal_to<>>;

/// Turns text into terms: NFKC normalisation and case folding, ICU word breaking (which also
/// segments Chinese, Japanese and Thai into words), a stopword list, Snowball stemming, then
/// diacritic folding of Latin letters (after stemming, since the stemmers expect accents).
/// Acronyms lose their dots ("U.K." -> "uk"), numbers their group separators ("2,000" -> "2000"),
/// and curly apostrophes become straight ones. Words longer than kMaxTermBytes are dropped.
///
/// Documents and queries must go through the same Analyzer configuration, or queries miss.
/// Not thread-safe (ICU break iterator and Snowball stemmer state): one Analyzer per thread.
class FOLIO_API Analyzer {
 public:
  static constexpr std::size_t kMaxTermBytes = 64;

  /// `language` is a Snowball algorithm name ("english", "french", ...) or "none" for no
  /// stemming. Throws ConfigError for an unknown language.
  explicit Analyzer(std::string_view language = "english");
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Appends the tokens of `text` to `out`, numbering positions from `first_position`.
  /// Returns the position after the last word (so fields can be analysed one after another).
  /// When `spelling` is given, also counts there each word's spelling_word() (if any).
  std::uint32_t analyze(std::string_view text, std::vector<Token>& out,
                        std::uint32_t first_position = 1, WordCounts* spelling = nullptr);

  /// The form of one word that spelling data records and suggests: normalised and case-folded
  /// (and accent-folded where the language folds before stemming) but not stemmed. Empty for
  /// words not worth correcting: stopwords, numbers, words of fewer than kMinSpellingChars
  /// characters, and words of scripts without letters-and-spaces spelling (Chinese, Japanese).
  std::string spelling_word(std::string_view word);

  static constexpr std::size_t kMinSpellingChars = 3;

  /// The terms of `text`, in order, without positions (convenience for tests and queries).
  std::vector<std::string> terms(std::string_view text);

  /// True when `folded_word` (already case-folded, unstemmed) is a stopword.
  bool is_stopword(std::string_view folded_word) const;

  /// True when `folded_word` is a function word to leave out of a query of several words (the
  /// Snowball stop list of the language: "what", "about", "would", ... for English, "und",
  /// "über" for German; none for a language without a list or "none").
  /// Documents keep these words; only the query parser drops them.
  bool is_query_stopword(std::string_view folded_word) const;

  const std::string& language() const { return language_; }

  /// The languages the stemmer supports, plus "none".
  static std::vector<std::string> languages();

 private:
  class Impl;
  std::string language_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace folio
