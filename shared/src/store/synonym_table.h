// Synonyms in a Xapian index: how entries become keys of its synonym table, and storing them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/synonyms.h"

namespace folio {

/// The synonym-table key of analysed words: their terms joined by spaces, one space more for
/// each position a stopword took ("Bank of England" -> "bank  england"), so that a query's run
/// of words and a file's entry meet only when they analyse alike. Empty for no tokens.
std::string synonym_key(const std::vector<Token>& tokens);

/// The terms of a key, and the phrase window they span (1 for a single term).
struct KeyTerms {
  std::vector<std::string> terms;
  Xapian::termcount window = 1;
};
KeyTerms split_synonym_key(std::string_view key);

/// The keys of each group (entries analysed with `analyzer`, duplicates dropped). Throws
/// ConfigError naming the file and line of an entry with no searchable word (only stopwords).
std::vector<std::vector<std::string>> synonym_keys(const SynonymFile& file, Analyzer& analyzer);

/// Replaces the synonyms stored in `db` by `groups` (each key gets the others of its group;
/// a key in several groups gets them all). Uncommitted, like any change.
void store_synonyms(Xapian::WritableDatabase& db,
                    const std::vector<std::vector<std::string>>& groups);

/// Copies the synonym table of `from` into `to` (which is assumed to have none).
void copy_synonyms(const Xapian::Database& from, Xapian::WritableDatabase& to);

}  // namespace folio
