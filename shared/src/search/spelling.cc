// "Did you mean": corrections of misspelt query words from the index's spelling data.
#include "search/spelling.h"

#include <algorithm>

namespace folio {
namespace {

// Xapian's edit-distance limit, and how much more common (in articles) a correction must be
// than a word the index does hold before it is offered instead.
constexpr unsigned kMaxEditDistance = 2;
constexpr Xapian::doccount kMuchMoreCommon = 100;
constexpr std::size_t kSpellingCacheSize = 50000;  // words remembered by one suggester

// The correction written the way the user wrote the word: "HUAWAI" -> "HUAWEI",
// "Huawai" -> "Huawei" (ASCII only; other scripts keep the folded form).
std::string match_case(std::string_view typed, std::string fix) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  const bool all_upper =
      typed.size() > 1 &&
      std::all_of(typed.begin(), typed.end(), [&](char c) { return upper(c) || !lower(c); }) &&
      std::any_of(typed.begin(), typed.end(), upper);
  for (std::size_t i = 0; i < fix.size(); ++i) {
    if ((all_upper || (i == 0 && !typed.empty() && upper(typed[0]))) && lower(fix[i])) {
      fix[i] = static_cast<char>(fix[i] - 'a' + 'A');
    }
  }
  return fix;
}

}  // namespace

// Xapian's spelling suggestion for `word`: the dearest step of a search by far (it reads
// and compares every spelling sharing a trigram), so each answer is remembered until the
// index changes; a server sees the same words again and again.
const std::string& SpellingSuggester::spelling_suggestion(const Xapian::Database& db,
                                                          const std::string& word) {
  if (const auto it = cache_.find(word); it != cache_.end()) {
    return it->second;
  }
  if (cache_.size() >= kSpellingCacheSize) {
    cache_.clear();
  }
  return cache_.emplace(word, db.get_spelling_suggestion(word, kMaxEditDistance)).first->second;
}

// "Did you mean": the query with each word that the index lacks, or holds in far fewer
// articles than a spelling within kMaxEditDistance, replaced by that spelling; the rest of
// the text is kept as typed. Empty when nothing would change.
std::string SpellingSuggester::suggest(const Xapian::Database& db, const std::string& query,
                                       const std::vector<QueryWord>& words, Analyzer& analyzer) {
  const Xapian::doccount n = db.get_doccount();
  std::string out;
  std::size_t copied = 0;
  for (const QueryWord& w : words) {
    if (w.begin < copied) {
      continue;
    }
    const Xapian::doccount df = db.get_termfreq(w.term);
    if (df > 0 && df > n / kMuchMoreCommon) {
      continue;  // no correction could be that much more common
    }
    const std::string_view typed = std::string_view(query).substr(w.begin, w.end - w.begin);
    const std::string word = analyzer.spelling_word(typed);
    if (word.empty()) {
      continue;  // a number, a short word, a stopword
    }
    const std::string& fix = spelling_suggestion(db, word);
    if (fix.empty() || fix == word) {
      continue;
    }
    const std::vector<std::string> fix_terms = analyzer.terms(fix);
    if (fix_terms.size() != 1 || fix_terms[0] == w.term) {
      continue;  // another form of the same word ("networks" for "network")
    }
    const Xapian::doccount fix_df = db.get_termfreq(fix_terms[0]);
    if (fix_df == 0 || (df > 0 && fix_df < df * kMuchMoreCommon)) {
      continue;
    }
    out.append(query, copied, w.begin - copied);
    out += match_case(typed, fix);
    copied = w.end;
  }
  if (copied == 0) {
    return {};
  }
  out.append(query, copied);
  return out;
}

}  // namespace folio
