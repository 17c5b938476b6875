// Query expansion: pseudo-relevance feedback and "more like this", both from Xapian's
// relevance-feedback term ranking (ESet).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "search/query_parser.h"

namespace folio {

/// Free-text terms only (prefixed terms - title, author, id, category - start with a capital),
/// leaving out `exclude`; with `shared_in`, also only terms another article of it has too (a
/// term of one article alone can find nothing else).
class FreeTextTerms : public Xapian::ExpandDecider {
 public:
  explicit FreeTextTerms(std::vector<std::string> exclude,
                         const Xapian::Database* shared_in = nullptr)
      : exclude_(std::move(exclude)), shared_in_(shared_in) {}
  bool operator()(const std::string& term) const override;

 private:
  std::vector<std::string> exclude_;
  const Xapian::Database* shared_in_;
};

/// The query with feedback terms from its own top hits (SearchRequest::feedback); `q` itself
/// when there are none. For a query of plain words the new terms may also find articles of
/// their own (OR); when the query filters, excludes or requires, they only re-rank its matches
/// (AND_MAYBE). `query_terms` are left out of the new terms.
Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& q,
                            const std::vector<std::string>& query_terms);

/// "More like this": the terms that best tell the article `id` of `db` from the rest
/// (relevance feedback with it as the one relevant document), OR-ed, the article itself and
/// its copies (same body key) excluded; `terms` gets them, best first. Throws ConfigError
/// naming the id and `index_name` when there is no such article.
ParsedQuery like_query(const Xapian::Database& db, const std::string& id,
                       const std::string& index_name, std::vector<std::string>& terms);

}  // namespace folio
