// Per-term score bounds kept in the index. What a term can add to an article's BM25 score grows
// with its wdf there and shrinks with the article's length, so for each term in many articles
// the index keeps its "frontier": for each wdf it has, the shortest article where it has at
// least that wdf. The most the term can weigh in any article is then the largest score over
// those few points, whatever the collection's statistics are when it is searched, usually far
// below what Xapian 1.4 assumes (the highest wdf of any term in the shortest article), so the
// matcher skips more articles that cannot reach the page.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace folio {

/// (wdf, the length of the shortest article where the term has at least that wdf), wdf
/// descending and length strictly descending: every article holding the term is dominated by
/// a point (a wdf at least its, a length at most its).
using Frontier = std::vector<std::pair<Xapian::termcount, Xapian::termcount>>;

/// Terms in at least this many articles get a frontier (a rarer term's postings are few, so
/// its bound matters less than what storing every term would cost).
constexpr Xapian::doccount kBoundsFrom = 1000;

/// Computes the frontier of every term of `db` in kBoundsFrom articles or more, writes them
/// and a stamp naming the revision they describe into its metadata, and commits (when there
/// are any). Returns the number of terms. `db` must be one database, not a stub of several.
std::size_t write_term_bounds(Xapian::WritableDatabase& db);

/// After commits that removed articles and added or changed none (a re-run that found nothing
/// new): the frontiers still bound every article left, so if they described revision `was`,
/// they are stamped with the revision of a commit made now. Returns whether they were.
bool carry_term_bounds(Xapian::WritableDatabase& db, Xapian::rev was);

/// The frontiers of one database, if they describe its current revision: any later commit
/// makes them stale (unless carry_term_bounds() carried them), and then none are read.
class TermBounds {
 public:
  /// Reads the stamp of `db` (one database; a stub of several has none).
  explicit TermBounds(const Xapian::Database& db);

  /// Whether the frontiers describe `db` as it is.
  bool valid() const { return valid_; }

  /// The frontier of `term`, or nothing when it has none (stale, or a rarer term). `db` is
  /// the database given to the constructor; `termfreq`, the term's frequency there when the
  /// caller has it (else it is looked up).
  std::optional<Frontier> frontier(const Xapian::Database& db, const std::string& term,
                                   std::optional<Xapian::doccount> termfreq = {}) const;

 private:
  bool valid_ = false;
  Xapian::doccount from_ = 0;  // the smallest term frequency with a frontier
};

}  // namespace folio
