// Facets: counting the categories and dates of every match while Xapian matches.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <xapian.h>

#include "folio/searcher.h"

namespace folio {

/// Counts the values of one slot over the matches, as Xapian::ValueCountMatchSpy does, but reads
/// them with a value stream that moves forward with the matcher (which hands it documents in
/// docid order) instead of a look-up a document, which decodes a whole value chunk each time.
/// Needs one local database.
class ValueCounter : public Xapian::MatchSpy {
 public:
  ValueCounter(const Xapian::Database& db, Xapian::valueno slot) : db_(db), slot_(slot) {}

  void operator()(const Xapian::Document& doc, double weight) override;

  /// Value -> number of matches, in value order; empty values are not counted.
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }
  /// Adds the counts of `other` (another part of the same match).
  void add(const ValueCounter& other);

 private:
  Xapian::Database db_;
  Xapian::valueno slot_;
  Xapian::ValueIterator values_;
  Xapian::ValueIterator end_;
  Xapian::docid last_ = 0;
  bool started_ = false;
  std::map<std::string, std::uint64_t> counts_;
};

/// Counts of every match by category, by day and (when asked) by language; years and months
/// are summed from the days.
/// Exact only when the match looks at every document (checkatleast = doccount).
class FacetSpies {
 public:
  /// ValueCounter needs one local database: the matcher hands a spy the documents of several
  /// shards one shard after another, and over a remote shard only Xapian's own spies run (the
  /// server must know them by name). Otherwise Xapian's ValueCountMatchSpy counts.
  /// `languages`: count languages too.
  FacetSpies(const Xapian::Database& db, bool remote, bool languages);

  void attach(Xapian::Enquire& enquire);
  /// Adds the counts of `other`, the spies of another part of the same match (the same kind
  /// of database).
  void add(const FacetSpies& other);

  /// Categories and languages most frequent first (equal counts alphabetically), years and
  /// months in date order.
  Facets counts() const;

 private:
  std::map<std::string, std::uint64_t> counts(const ValueCounter& local,
                                              const Xapian::ValueCountMatchSpy& remote) const;

  bool remote_;
  bool languages_;
  ValueCounter category_;
  ValueCounter day_;
  ValueCounter language_;
  Xapian::ValueCountMatchSpy remote_category_;
  Xapian::ValueCountMatchSpy remote_day_;
  Xapian::ValueCountMatchSpy remote_language_;
};

}  // namespace folio
