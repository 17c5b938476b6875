// Folio's BM25: Xapian 1.4's BM25Weight, computed in the same order (the same doubles), with
// the frontier's bound.
#include "search/bm25.h"

#include <algorithm>
#include <cmath>

namespace folio {

FolioBM25::FolioBM25(double k1, double b, double min_normlen,
                     std::shared_ptr<const QueryBounds> bounds)
    : k1_(k1), b_(b), min_normlen_(min_normlen), bounds_(std::move(bounds)) {
  need_stat(COLLECTION_SIZE);
  need_stat(RSET_SIZE);
  need_stat(TERMFREQ);
  need_stat(RELTERMFREQ);
  need_stat(WDF);
  need_stat(WDF_MAX);
  need_stat(DOC_LENGTH_MIN);
  need_stat(AVERAGE_LENGTH);
  need_stat(DOC_LENGTH);
  need_stat(WQF);
  if (bounds_) {
    need_stat(COLLECTION_FREQ);
  }
}

FolioBM25* FolioBM25::clone() const { return new FolioBM25(k1_, b_, min_normlen_, bounds_); }

void FolioBM25::init(double factor) {
  // BM25Weight::init without a relevance set: idf (log of (N - n + 0.5) / (n + 0.5), kept
  // positive for terms in more than half the articles), times the wqf factor of k3 = 1.
  const Xapian::doccount tf = get_termfreq();
  double tw = (get_collection_size() - tf + 0.5) / (tf + 0.5);
  if (tw < 2) {
    tw = tw * 0.5 + 1;
  }
  termweight_ = std::log(tw) * factor;
  const double wqf = get_wqf();
  termweight_ *= (1 + 1) * wqf / (1 + wqf);
  termweight_ *= (k1_ + 1);
  len_factor_ = get_average_length();
  if (len_factor_ != 0) {
    len_factor_ = 1 / len_factor_;
  }
  frontier_ = nullptr;
  if (bounds_) {
    const auto it = bounds_->find({tf, get_collection_freq()});
    if (it != bounds_->end()) {
      frontier_ = &it->second;
    }
  }
}

double FolioBM25::get_sumpart(Xapian::termcount wdf, Xapian::termcount len,
                              Xapian::termcount /*uniqterms*/) const {
  const double normlen = std::max(len * len_factor_, min_normlen_);
  const double wdf_double = wdf;
  const double denom = k1_ * (normlen * b_ + (1 - b_)) + wdf_double;
  return termweight_ * (wdf_double / denom);
}

double FolioBM25::get_maxpart() const {
  // BM25Weight's: the highest wdf of any term, in the shortest article.
  const double normlen_lb = std::max(get_doclength_lower_bound() * len_factor_, min_normlen_);
  const double wdf_max = get_wdf_upper_bound();
  const double denom = k1_ * (normlen_lb * b_ + (1 - b_)) + wdf_max;
  const double loose = termweight_ * (wdf_max / denom);
  if (frontier_ == nullptr) {
    return loose;
  }
  double tight = 0;  // the most at any point of the frontier, which dominates every article
  for (const auto& [wdf, len] : *frontier_) {
    tight = std::max(tight, get_sumpart(wdf, len, 0));
  }
  return std::min(loose, tight);
}

}  // namespace folio
