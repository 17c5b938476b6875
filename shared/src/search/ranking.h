// The weighting schemes a search can rank with (SearchRequest::weighting): Folio's BM25 with
// its term bounds, or one of the divergence-from-randomness schemes Xapian ships.
#pragma once

#include <memory>

#include <xapian.h>

#include "folio/searcher.h"

#include "search/bm25.h"

namespace folio {

/// The scheme `w` names. BM25 is FolioBM25 (bounded by `bounds` where they have the term)
/// unless `xapian_only`: Xapian's own BM25Weight, the same scores, for a remote server, which
/// knows only Xapian's schemes. The DFR schemes are Xapian's in both cases.
std::unique_ptr<Xapian::Weight> make_weighting(const Weighting& w,
                                               std::shared_ptr<const QueryBounds> bounds,
                                               bool xapian_only = false);

}  // namespace folio
