// Picking and highlighting the passages of an article that best match a query.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "folio/analyzer.h"
#include "folio/snippet.h"

namespace folio {

/// Makes snippets: up to N non-overlapping passages of an article body where the query's terms
/// are densest, with the matched words highlighted. Highlights are exactly the words the
/// Analyzer turns into a query term: the body is cut into pieces at characters where a word
/// can never continue (white space, brackets, most ASCII punctuation), and each distinct piece
/// is analysed once and remembered, so a warm SnippetMaker scans a body with one hash look-up
/// a piece instead of running ICU over it. Not thread-safe (it uses the Analyzer): one per
/// Searcher. `analyzer` must be configured as the index's and outlive the SnippetMaker.
class SnippetMaker {
 public:
  explicit SnippetMaker(Analyzer& analyzer) : analyzer_(analyzer) {}

  /// Up to `max_passages` passages of about `max_bytes` each, in body order, not overlapping.
  /// The first is the passage covering the most weight of distinct terms (`term_weights`:
  /// term -> weight, e.g. its idf), then the most matches, then the earliest; the others are
  /// the next best that do not overlap it. Each starts at a sentence start when one is near,
  /// else at a word, and ends at a word. A body that (nearly) fits in `max_bytes` is one
  /// passage, whole. With no match, one passage from the start of the body. Empty when
  /// `max_passages` or `max_bytes` is 0, or the body is empty or white space alone.
  std::vector<Snippet> make(std::string_view body,
                            const std::unordered_map<std::string, double>& term_weights,
                            std::size_t max_bytes, std::size_t max_passages);

  /// All of `text`, white space and all, as fragments, with the words that analyse to one of
  /// `terms` highlighted (the same words make() would highlight). Empty for empty text.
  Snippet mark(std::string_view text, const std::vector<std::string>& terms);

 private:
  using Range = std::pair<std::size_t, std::size_t>;  // byte offsets in the body
  // The matches a passage of at most max_bytes ending with matches_[last] holds.
  struct Window {
    double distinct;  // weight of the distinct terms
    std::size_t count, first, last;
  };

  struct Word {
    std::uint32_t term;   // id in term_ids_
    std::uint32_t begin;  // byte offsets in the piece
    std::uint32_t end;
  };
  struct Match {
    std::size_t begin;  // byte offsets in the body
    std::size_t end;
    std::size_t slot;  // index of the query term
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Words = std::vector<Word>;
  struct WordSpan {
    const Word* first;
    const Word* last;
    const Word* begin() const { return first; }
    const Word* end() const { return last; }
  };
  // One remembered piece: its text in piece_text_, its words in piece_words_ (offsets there,
  // so that neither arena's growth invalidates a slot). hash == 0 marks an empty slot.
  struct PieceSlot {
    std::uint64_t hash;
    std::uint32_t text_begin;
    std::uint32_t text_size;
    std::uint32_t words_begin;
    std::uint32_t words_size;
  };

  WordSpan words_of(std::string_view piece, std::uint64_t hash);
  std::uint32_t term_id(const std::string& term);
  void clear_pieces();
  void grow_pieces();
  void find_matches(std::string_view body, const std::vector<std::uint32_t>& query_ids);
  std::size_t word_end_before(std::string_view body, std::size_t start, std::size_t limit);
  std::vector<Range> passages(std::string_view body, const std::vector<double>& weights,
                              std::size_t max_bytes, std::size_t max_passages);
  std::vector<Window> windows(const std::vector<double>& weights, std::size_t max_bytes) const;
  const Window* best_window(const std::vector<Window>& candidates, const std::vector<bool>& used,
                            const std::vector<Range>& taken) const;
  Range passage_around(std::string_view body, const Window& w, const std::vector<Range>& taken,
                       std::size_t max_bytes, std::size_t tail);
  Snippet render(std::string_view body, const Range& range) const;

  Analyzer& analyzer_;
  // The piece cache: an open-addressing table (power-of-two size, linear probing) over two
  // arenas, so that a look-up is one cheap hash, usually one probe and one memcmp.
  std::vector<PieceSlot> piece_slots_;
  std::string piece_text_;
  Words piece_words_;
  std::size_t piece_count_ = 0;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> term_ids_;
  std::vector<Token> tokens_;  // scratch
  Words uncached_;             // scratch: the words of a piece too long to remember
  std::vector<Match> matches_;
};

/// Convenience for one-off use (tests): SnippetMaker(analyzer).make(...).
std::vector<Snippet> make_snippets(std::string_view body,
                                   const std::unordered_map<std::string, double>& term_weights,
                                   Analyzer& analyzer, std::size_t max_bytes,
                                   std::size_t max_passages);

}  // namespace folio
