// Query expansion: pseudo-relevance feedback and "more like this".
#include "search/expansion.h"

#include <algorithm>
#include <cctype>

#include "folio/error.h"

#include "store/schema.h"

namespace folio {
namespace {

// Pseudo-relevance feedback (SearchRequest::feedback): the top kFeedbackDocs hits are taken as
// relevant; Xapian's expansion ranks their terms, and the best kFeedbackTerms that are not in
// the query are added, each scaled by its expansion weight relative to the best one, all
// together by kFeedbackWeight so that the original query keeps most of the say.
constexpr Xapian::doccount kFeedbackDocs = 10;
constexpr Xapian::termcount kFeedbackTerms = 20;
constexpr double kFeedbackWeight = 0.2;

constexpr Xapian::termcount kLikeTerms = 30;  // "more like this" query size

// True for a query of ranked words and phrases only: no filter, exclusion or requirement.
bool only_ranked_words(const Xapian::Query& q) {
  switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_SYNONYM:
      return true;
    case Xapian::Query::OP_OR:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        if (!only_ranked_words(q.get_subquery(i))) {
          return false;
        }
      }
      return true;
    default:
      return false;
  }
}

}  // namespace

bool FreeTextTerms::operator()(const std::string& term) const {
  return !term.empty() && std::isupper(static_cast<unsigned char>(term[0])) == 0 &&
         std::find(exclude_.begin(), exclude_.end(), term) == exclude_.end() &&
         (shared_in_ == nullptr || shared_in_->get_termfreq(term) > 1);
}

Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& q,
                            const std::vector<std::string>& query_terms) {
  const Xapian::MSet top = enquire.get_mset(0, kFeedbackDocs);
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) {
    rset.add_document(*it);
  }
  if (rset.empty()) {
    return q;
  }
  const FreeTextTerms decider(query_terms);
  const Xapian::ESet eset = enquire.get_eset(kFeedbackTerms, rset, &decider);
  if (eset.empty()) {
    return q;
  }
  const double best = eset.begin().get_weight();
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       best > 0 ? it.get_weight() / best : 1.0);
  }
  return {only_ranked_words(q) ? Xapian::Query::OP_OR : Xapian::Query::OP_AND_MAYBE, q,
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                        kFeedbackWeight)};
}

ParsedQuery like_query(const Xapian::Database& db, const std::string& id,
                       const std::string& index_name, std::vector<std::string>& terms) {
  const std::string id_term = schema::id_term(id);
  Xapian::PostingIterator p = db.postlist_begin(id_term);
  if (p == db.postlist_end(id_term)) {
    throw ConfigError("no article with id '" + id + "' in index '" + index_name + "'");
  }
  Xapian::RSet rset;
  rset.add_document(*p);
  const FreeTextTerms decider({}, &db);
  const Xapian::ESet eset = Xapian::Enquire(db).get_eset(kLikeTerms, rset, &decider);
  ParsedQuery pq;
  terms.assign(eset.begin(), eset.end());
  pq.highlight_terms = terms;
  if (!terms.empty()) {
    Xapian::Query itself(id_term);
    // Its copies too: only articles with a copy carry kSlotCopies, so the range is short.
    if (const std::string key = db.get_document(*p).get_value(schema::kSlotCopies); !key.empty()) {
      itself = Xapian::Query(
          Xapian::Query::OP_OR, itself,
          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotCopies, key, key));
    }
    pq.query =
        Xapian::Query(Xapian::Query::OP_AND_NOT,
                      Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), itself);
  }
  return pq;
}

}  // namespace folio
