// Per-term score bounds: computing the frontiers after a compaction, and reading them back.
#include "store/term_bounds.h"

#include <algorithm>
#include <string_view>

#include "text/varint.h"

namespace folio {
namespace {

constexpr std::string_view kStampKey = "folio.bounds";        // revision, smallest frequency
constexpr std::string_view kFrontierPrefix = "folio.bound:";  // + term: the frontier
// Xapian's keys hold 245 bytes: a longer term (there are hardly any) has no frontier.
constexpr std::size_t kLongestTerm = 200;

std::string frontier_key(const std::string& term) { return std::string(kFrontierPrefix) + term; }

// What the stamp says: the revision the frontiers describe, and the smallest term frequency
// that has one.
struct Stamp {
  Xapian::rev revision = 0;
  Xapian::doccount from = 0;
};

std::optional<Stamp> stamp_of(const Xapian::Database& db) {
  const std::string value = db.get_metadata(std::string(kStampKey));
  std::string_view in = value;
  std::uint64_t revision = 0;
  std::uint64_t from = 0;
  if (!text::get_varint(in, revision) || !text::get_varint(in, from) || from == 0) {
    return std::nullopt;
  }
  return Stamp{static_cast<Xapian::rev>(revision), static_cast<Xapian::doccount>(from)};
}

// Stamps the frontiers with the revision of the commit it makes now.
void stamp_and_commit(Xapian::WritableDatabase& db, Xapian::doccount from) {
  std::string stamp;
  text::put_varint(stamp, db.get_revision() + 1);  // (each commit is the next revision)
  text::put_varint(stamp, from);
  db.set_metadata(std::string(kStampKey), stamp);
  db.commit();
}

// Frontier from the shortest length at each wdf (index: wdf; ~0U where none).
Frontier frontier_of(const std::vector<Xapian::termcount>& shortest) {
  Frontier f;
  Xapian::termcount best = ~Xapian::termcount{0};
  for (std::size_t wdf = shortest.size(); wdf-- > 0;) {
    if (shortest[wdf] < best) {  // shorter than every article of a higher wdf: a point
      best = shortest[wdf];
      f.emplace_back(static_cast<Xapian::termcount>(wdf), best);
    }
  }
  return f;
}

}  // namespace

std::size_t write_term_bounds(Xapian::WritableDatabase& db) {
  // Every article's length, read once (a look-up a posting costs ten times the posting).
  std::vector<Xapian::termcount> length(db.get_lastdocid() + 1, 0);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    length[*it] = it.get_doclength();
  }
  std::size_t terms = 0;
  std::vector<Xapian::termcount> shortest;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    if (t.get_termfreq() < kBoundsFrom || (*t).size() > kLongestTerm) {
      continue;
    }
    shortest.clear();
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      const Xapian::termcount wdf = p.get_wdf();
      if (wdf >= shortest.size()) {
        shortest.resize(wdf + 1, ~Xapian::termcount{0});
      }
      shortest[wdf] = std::min(shortest[wdf], length[*p]);
    }
    std::string value;
    for (const auto& [wdf, len] : frontier_of(shortest)) {
      text::put_varint(value, wdf);
      text::put_varint(value, len);
    }
    db.set_metadata(frontier_key(*t), value);
    ++terms;
  }
  if (terms == 0) {  // (nothing to bound: the database stays as it is)
    return 0;
  }
  stamp_and_commit(db, kBoundsFrom);
  return terms;
}

bool carry_term_bounds(Xapian::WritableDatabase& db, Xapian::rev was) {
  const std::optional<Stamp> stamp = stamp_of(db);
  if (!stamp || stamp->revision != was) {
    return false;
  }
  stamp_and_commit(db, stamp->from);
  return true;
}

TermBounds::TermBounds(const Xapian::Database& db) {
  if (db.size() != 1) {
    return;
  }
  if (const std::optional<Stamp> stamp = stamp_of(db);
      stamp && stamp->revision == db.get_revision()) {
    valid_ = true;
    from_ = stamp->from;
  }
}

std::optional<Frontier> TermBounds::frontier(const Xapian::Database& db, const std::string& term,
                                             std::optional<Xapian::doccount> termfreq) const {
  if (!valid_ || term.size() > kLongestTerm ||
      (termfreq ? *termfreq : db.get_termfreq(term)) < from_) {
    return std::nullopt;
  }
  const std::string value = db.get_metadata(frontier_key(term));
  std::string_view in = value;
  Frontier f;
  std::uint64_t wdf = 0;
  std::uint64_t len = 0;
  while (!in.empty()) {
    if (!text::get_varint(in, wdf) || !text::get_varint(in, len)) {
      return std::nullopt;  // (damaged: no bound rather than a wrong one)
    }
    f.emplace_back(static_cast<Xapian::termcount>(wdf), static_cast<Xapian::termcount>(len));
  }
  if (f.empty()) {
    return std::nullopt;
  }
  return f;
}

}  // namespace folio
