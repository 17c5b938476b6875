// The query language: text typed by a user -> a Xapian query, through the shared Analyzer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"

namespace folio {

/// One word of the query text that spelling correction may replace.
struct QueryWord {
  std::size_t begin = 0;  ///< byte offset of the word in the query text
  std::size_t end = 0;    ///< one past it
  std::string term;       ///< its free-text term (no field prefix)
};

/// The analysers a query is read with: one for each language the query may match in.
struct QueryAnalysis {
  /// The query's own language: its function words are left out, its synonyms and spelling
  /// looked up. One of `stemmers`.
  Analyzer* primary = nullptr;
  /// A word matches the term each of these makes of it, as one term for ranking (OP_SYNONYM;
  /// OP_OR inside a phrase). Distinct stemmers.
  std::vector<Analyzer*> stemmers;
  /// For each of `stemmers` (or none at all: no filters), the articles its terms may match
  /// (their languages' terms); an empty query for a stemmer whose terms match anywhere. A term
  /// that several stemmers make may match the articles of any of them. Phrases take no filter.
  std::vector<Xapian::Query> filters;
  /// When given, a word's terms that this database lacks are left out (most of a word's terms
  /// in other languages are in none of the articles), so that such a word is one plain term.
  const Xapian::Database* db = nullptr;
  /// Above 0: each two neighbouring ranked words (plain, unsigned, no field; the query's
  /// function words left out between them, as the articles' stopwords are) also ask for their
  /// pair term (schema::pair_term()), all the pairs together at this weight of a word's.
  double pair_weight = 0;
};

/// The index's synonym table, for the parser to expand words with.
struct SynonymLookup {
  const Xapian::Database* db = nullptr;  ///< null: no synonyms
  unsigned max_words = 0;                ///< the most word positions a synonym key spans
};

/// A parsed query and what the snippet highlighter needs to know about it.
struct ParsedQuery {
  Xapian::Query query;                       ///< empty (MatchNothing) when nothing searchable
  std::vector<std::string> highlight_terms;  ///< free-text terms of positive words, no prefix
  /// The free-text and title: words (plain or in phrases), in order; empty when fell_back.
  std::vector<QueryWord> words;
  bool fell_back = false;  ///< the syntax was malformed; plain words were used
  std::string error;       ///< why it fell back, naming the fault
};

/// Parses `text`:
///   words            ranked by BM25, any may match (OR); each word's terms in every language
///                    of `analysis` count as one term (OP_SYNONYM)
///   "a phrase"       the words adjacent, in order (stopwords keep their place)
///   +word, -word     must / must not match; -"a phrase" too
///   a AND b, a OR b, a NOT b, NOT a, ( ... )   (operators in capitals; AND binds tighter than OR)
///                    (a query all in capitals, six words or more, is prose: no operators)
///   title:word, title:"phrase", author:name     match in that field only
///   category:NAME    filter by category (several: any of them)
///   date:2020-01-01..2020-03-31, date:2020, date:2020-01.., date:..2020-06   filter by date
/// A malformed query (unbalanced quote or parenthesis, lone or doubled operator, empty field)
/// never throws: it falls back to an OR of its plain words and says why. Nesting is limited.
///
/// With `synonyms`, a plain word, or a run of plain words (no field, quote or sign inside),
/// matching a synonym key becomes OP_SYNONYM of itself and its alternatives (several words: a
/// phrase); the longest run wins. Words in quotes or fields are taken as written. May throw
/// Xapian::Error from reading the synonym table.
ParsedQuery parse_query(std::string_view text, const QueryAnalysis& analysis,
                        const SynonymLookup& synonyms = {});
/// parse_query() in one language.
ParsedQuery parse_query(std::string_view text, Analyzer& analyzer,
                        const SynonymLookup& synonyms = {});

/// Articles dated from `lo` to `hi` ("YYYYMMDD" bounds from text::date_bound(); either may be empty
/// for an open end). An empty query when both are empty.
Xapian::Query date_range_query(const std::string& lo, const std::string& hi);

}  // namespace folio
