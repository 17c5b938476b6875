// Folio's BM25: Xapian's BM25Weight formula (k2 = 0, k3 = 1), the same score to the last bit,
// with a tighter bound on what each term can add when the index keeps its frontier
// (store/term_bounds.h), so that Xapian's matcher skips more articles that cannot make the page.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include <xapian.h>

#include "store/term_bounds.h"

namespace folio {

/// The frontiers of a query's terms, by what the weighting sees of a term: (term frequency,
/// collection frequency). Terms that share both share the union of their frontiers.
using QueryBounds = std::map<std::pair<Xapian::doccount, Xapian::termcount>, Frontier>;

class FolioBM25 : public Xapian::Weight {
 public:
  /// Xapian::BM25Weight(k1, 0, 1, b, min_normlen), bounded by `bounds` where they have the
  /// term (none: exactly BM25Weight's bounds).
  FolioBM25(double k1, double b, double min_normlen,
            std::shared_ptr<const QueryBounds> bounds = nullptr);

  FolioBM25* clone() const override;
  void init(double factor) override;
  std::string name() const override { return "folio.bm25"; }
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount len,
                     Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount /*len*/, Xapian::termcount /*uniq*/) const override {
    return 0;
  }
  double get_maxextra() const override { return 0; }

 private:
  double k1_;
  double b_;
  double min_normlen_;
  std::shared_ptr<const QueryBounds> bounds_;
  double termweight_ = 0;               // idf, wqf and (k1 + 1) together, as BM25Weight's
  double len_factor_ = 0;               // 1 / average length
  const Frontier* frontier_ = nullptr;  // this term's, when the query has it
};

}  // namespace folio
