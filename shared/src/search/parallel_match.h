// Matching one query in parts: the articles split by document number into ranges, each range
// matched in a thread of its own on a handle of its own, and the parts' pages merged into the
// page that one match would give.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "folio/searcher.h"

namespace folio {

/// A hit of a page, whichever way it was matched.
struct Matched {
  Xapian::docid docid = 0;
  double weight = 0;
  /// Copies collapsed into this hit that the match saw (a lower bound; 0: none seen).
  Xapian::doccount collapse_count = 0;
  std::string collapse_key;
  Xapian::Document doc;  // the hit's document when the match read it (else the caller does)
};

/// A page of hits with the match's count of matches and, when asked, its facets.
struct MatchedPage {
  std::vector<Matched> hits;
  Xapian::doccount estimated = 0;    // Xapian's estimate of the matches
  Xapian::doccount lower_bound = 0;  // at least this many (exact when every match was looked at)
  Facets facets;                     // when MatchJob::facets
};

/// What a match in parts matches: a relevance-ordered page of `query` (BM25 from `weight`),
/// copies collapsed on `collapse_slot` when `collapse`, at least `check` matches looked at.
struct MatchJob {
  Xapian::Query query;
  std::function<std::unique_ptr<Xapian::Weight>()> weight;
  bool collapse = false;
  Xapian::valueno collapse_slot = 0;
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  Xapian::doccount check = 0;
  bool facets = false;     // count the facets of every match (then check covers them all)
  bool languages = false;  // with the facets, count languages too
};

/// Matches `job` in dbs.size() parts: the document numbers 1..dbs[0]->get_lastdocid() cut into
/// that many ranges, range i matched on dbs[i] (range 0 in this thread, the others in threads of
/// their own). Every handle must read the same revision of the same local index. The page,
/// the collapsed copies and the facets are those of one match; the counts are the sums of the
/// parts' (exact when every match was looked at, as with facets; otherwise estimates, as one
/// match's are). Xapian errors of any part are thrown here.
MatchedPage match_in_parts(const std::vector<const Xapian::Database*>& dbs, const MatchJob& job);

/// The hits of `mset` (a whole match's page) in the same form, with their documents.
std::vector<Matched> hits_of(const Xapian::MSet& mset);

}  // namespace folio
