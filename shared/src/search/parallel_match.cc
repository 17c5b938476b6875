// Matching one query in parts, each in a thread on its own handle, merged into one page.
#include "search/parallel_match.h"

#include <algorithm>
#include <future>
#include <unordered_map>

#include "search/facets.h"

namespace folio {
namespace {

// The documents numbered lo..hi, weightless: filtering a query by it matches that range only,
// and the query's posting lists skip straight to `lo`.
class DocRange : public Xapian::PostingSource {
 public:
  DocRange(Xapian::docid lo, Xapian::docid hi) : lo_(lo), hi_(hi) {}

  // (The range may have gaps: deleted articles.)
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  void init(const Xapian::Database& /*db*/) override { at_ = 0; }
  void next(double /*min_wt*/) override { at_ = at_ == 0 ? lo_ : at_ + 1; }
  void skip_to(Xapian::docid did, double /*min_wt*/) override { at_ = std::max(did, lo_); }
  bool at_end() const override { return at_ > hi_; }
  Xapian::docid get_docid() const override { return at_; }
  DocRange* clone() const override { return new DocRange(lo_, hi_); }
  std::string get_description() const override {
    return "DocRange(" + std::to_string(lo_) + ".." + std::to_string(hi_) + ")";
  }

 private:
  Xapian::doccount size() const { return hi_ - lo_ + 1; }

  Xapian::docid lo_;
  Xapian::docid hi_;
  Xapian::docid at_ = 0;
};

struct Part {
  std::vector<Matched> hits;
  Xapian::doccount estimated = 0;
  Xapian::doccount lower_bound = 0;
  std::unique_ptr<FacetSpies> spies;
  std::unique_ptr<ValueCounter> groups;  // matches by collapse key, when counting exactly
};

// One part: `query` restricted to lo..hi on `db`, its first offset + limit hits (each range's
// best include every hit of the merged page: see match_in_parts).
Part match_part(const Xapian::Database& db, const Xapian::Query& query, const MatchJob& job,
                Xapian::docid lo, Xapian::docid hi) {
  Part part;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query((new DocRange(lo, hi))->release())));
  enquire.set_weighting_scheme(*job.weight());
  if (job.collapse) {
    enquire.set_collapse_key(job.collapse_slot);
  }
  if (job.facets) {
    part.spies = std::make_unique<FacetSpies>(db, /*remote=*/false, job.languages);
    part.spies->attach(enquire);
    if (job.collapse) {  // which groups of copies the part has, for the exact count
      part.groups = std::make_unique<ValueCounter>(db, job.collapse_slot);
      enquire.add_matchspy(part.groups.get());
    }
  }
  const Xapian::MSet mset = enquire.get_mset(0, job.offset + job.limit, job.check);
  part.estimated = mset.get_matches_estimated();
  part.lower_bound = mset.get_matches_lower_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    part.hits.push_back({*it,
                         it.get_weight(),
                         it.get_collapse_count(),
                         job.collapse ? it.get_collapse_key() : std::string(),
                         {}});
  }
  return part;
}

}  // namespace

MatchedPage match_in_parts(const std::vector<const Xapian::Database*>& dbs, const MatchJob& job) {
  const auto n = static_cast<Xapian::docid>(dbs.size());
  const Xapian::docid last = dbs.front()->get_lastdocid();
  const auto bound = [&](Xapian::docid i) {  // the last document number of range i - 1
    return static_cast<Xapian::docid>(std::uint64_t{last} * i / n);
  };
  // Xapian's queries count their references without atomics: each thread reads its own copy.
  const std::string wire = job.query.serialise();
  std::vector<std::future<Part>> others;
  for (Xapian::docid i = 1; i < n; ++i) {
    // (Out of threads, libstdc++ runs the part here instead, when its result is asked for.)
    others.push_back(std::async(std::launch::async | std::launch::deferred, [&, i] {
      return match_part(*dbs[i], Xapian::Query::unserialise(wire), job, bound(i) + 1, bound(i + 1));
    }));
  }
  std::vector<Part> parts;
  parts.push_back(match_part(*dbs.front(), job.query, job, 1, bound(1)));
  for (auto& f : others) {
    parts.push_back(f.get());  // (rethrows the part's error)
  }

  // The best hits of all parts in one match's order: weight, then document number. A group of
  // copies keeps its best hit: that hit is among its part's best offset + limit, since every
  // group shown above it there is shown above it in the merged page too.
  MatchedPage page;
  std::vector<Matched> all;
  for (Part& p : parts) {
    page.estimated += p.estimated;
    page.lower_bound += p.lower_bound;
    std::move(p.hits.begin(), p.hits.end(), std::back_inserter(all));
  }
  std::sort(all.begin(), all.end(), [](const Matched& a, const Matched& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
  });
  // A group with copies in several parts counts once in one match. Counting exactly (every
  // match looked at), each part says which groups it has; otherwise the groups met again in
  // the parts' best hits come off the estimate.
  const bool exact = !parts.empty() && parts.front().groups != nullptr;
  const auto counted_twice = [&page](Xapian::doccount extra) {
    page.estimated -= std::min(page.estimated, extra);
    page.lower_bound -= std::min(page.lower_bound, extra);
  };
  if (exact) {
    std::unordered_map<std::string, Xapian::doccount> parts_with;  // collapse key -> parts
    for (const Part& p : parts) {
      for (const auto& [key, matches] : p.groups->counts()) {
        ++parts_with[key];
      }
    }
    for (const auto& [key, in_parts] : parts_with) {
      counted_twice(in_parts - 1);
    }
  }
  std::unordered_map<std::string, std::size_t> group_at;  // collapse key -> index in kept
  std::vector<Matched> kept;
  for (Matched& m : all) {
    if (job.collapse && !m.collapse_key.empty()) {
      const auto [at, fresh] = group_at.emplace(m.collapse_key, kept.size());
      if (!fresh) {  // a copy another part kept: one more collapsed into the better one
        kept[at->second].collapse_count += 1 + m.collapse_count;
        if (!exact) {
          counted_twice(1);
        }
        continue;
      }
    }
    kept.push_back(std::move(m));
  }
  const std::size_t from = std::min<std::size_t>(job.offset, kept.size());
  const std::size_t to = std::min<std::size_t>(from + job.limit, kept.size());
  page.hits.assign(std::make_move_iterator(kept.begin() + static_cast<std::ptrdiff_t>(from)),
                   std::make_move_iterator(kept.begin() + static_cast<std::ptrdiff_t>(to)));
  if (job.facets) {
    for (std::size_t i = 1; i < parts.size(); ++i) {
      parts.front().spies->add(*parts[i].spies);
    }
    page.facets = parts.front().spies->counts();
  }
  return page;
}

std::vector<Matched> hits_of(const Xapian::MSet& mset) {
  std::vector<Matched> hits;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    hits.push_back({*it, it.get_weight(), it.get_collapse_count(), {}, it.get_document()});
  }
  return hits;
}

}  // namespace folio
