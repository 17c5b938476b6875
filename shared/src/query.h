// The query language: text typed by a user -> a Xapian query, through the shared Analyzer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"

namespace folio {

/// A parsed query and what the snippet highlighter needs to know about it.
struct ParsedQuery {
  Xapian::Query query;                       ///< empty (MatchNothing) when nothing searchable
  std::vector<std::string> highlight_terms;  ///< free-text terms of positive words, no prefix
  bool fell_back = false;                    ///< the syntax was malformed; plain words were used
  std::string error;                         ///< why it fell back, naming the fault
};

/// Parses `text`:
///   words            ranked by BM25, any may match (OR)
///   "a phrase"       the words adjacent, in order (stopwords keep their place)
///   +word, -word     must / must not match; -"a phrase" too
///   a AND b, a OR b, a NOT b, NOT a, ( ... )   (operators in capitals; AND binds tighter than OR)
///                    (a query all in capitals, six words or more, is prose: no operators)
///   title:word, title:"phrase", author:name     match in that field only
///   category:NAME    filter by category (several: any of them)
///   date:2020-01-01..2020-03-31, date:2020, date:2020-01.., date:..2020-06   filter by date
/// A malformed query (unbalanced quote or parenthesis, lone or doubled operator, empty field)
/// never throws: it falls back to an OR of its plain words and says why. Nesting is limited.
ParsedQuery parse_query(std::string_view text, Analyzer& analyzer);

/// Parses a partial ISO date ("2020", "2020-01", "2020-01-14") into a "YYYYMMDD" bound:
/// the first day it covers when `upper` is false, the last when true. Empty when malformed.
std::string date_bound(std::string_view text, bool upper);

/// Articles dated from `lo` to `hi` ("YYYYMMDD" bounds from date_bound(); either may be empty
/// for an open end). An empty query when both are empty.
Xapian::Query date_range_query(const std::string& lo, const std::string& hi);

}  // namespace folio
