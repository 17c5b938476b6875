// "Did you mean": corrections of misspelt query words from the index's spelling data.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"

#include "search/query_parser.h"

namespace folio {

/// Suggests the query with each word that the index lacks, or holds in far fewer articles than
/// a spelling within two edits of it, replaced by that spelling; the rest of the text is kept
/// as typed ("Huawai 5g" -> "Huawei 5g"). Remembers Xapian's answers until clear(). Not
/// thread-safe: one per Searcher.
class SpellingSuggester {
 public:
  /// The corrected `query` (whose words the parser listed in `words`, analysed by `analyzer`:
  /// the query's language), or "" when nothing would change.
  std::string suggest(const Xapian::Database& db, const std::string& query,
                      const std::vector<QueryWord>& words, Analyzer& analyzer);

  /// Forgets the remembered answers: the index changed.
  void clear() { cache_.clear(); }

 private:
  const std::string& spelling_suggestion(const Xapian::Database& db, const std::string& word);

  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace folio
