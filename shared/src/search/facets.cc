// Facets: counting the categories, dates and languages of every match while Xapian matches.
#include "search/facets.h"

#include <algorithm>

#include "store/schema.h"

namespace folio {
namespace {

// Values come in ascending order, so a value is either the last one seen or a new one.
void add_in_order(std::vector<FacetCount>& out, std::string value, std::uint64_t n) {
  if (out.empty() || out.back().value != value) {
    out.push_back({std::move(value), 0});
  }
  out.back().count += n;
}

}  // namespace

void ValueCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  const Xapian::docid did = doc.get_docid();
  if (!started_ || did < last_) {  // (never, in docid order; then it still counts right)
    values_ = db_.valuestream_begin(slot_);
    started_ = true;
  }
  last_ = did;
  if (values_ == end_) {
    return;
  }
  if (values_.get_docid() < did) {
    values_.skip_to(did);
  }
  if (values_ != end_ && values_.get_docid() == did) {
    ++counts_[*values_];
  }
}

void ValueCounter::add(const ValueCounter& other) {
  for (const auto& [value, n] : other.counts_) {
    counts_[value] += n;
  }
}

FacetSpies::FacetSpies(const Xapian::Database& db, bool remote, bool languages)
    : remote_(remote || db.size() != 1),
      languages_(languages),
      category_(db, schema::kSlotCategory),
      day_(db, schema::kSlotDate),
      language_(db, schema::kSlotLanguage),
      remote_category_(schema::kSlotCategory),
      remote_day_(schema::kSlotDate),
      remote_language_(schema::kSlotLanguage) {}

void FacetSpies::attach(Xapian::Enquire& enquire) {
  enquire.add_matchspy(remote_ ? static_cast<Xapian::MatchSpy*>(&remote_category_) : &category_);
  enquire.add_matchspy(remote_ ? static_cast<Xapian::MatchSpy*>(&remote_day_) : &day_);
  if (languages_) {
    enquire.add_matchspy(remote_ ? static_cast<Xapian::MatchSpy*>(&remote_language_) : &language_);
  }
}

void FacetSpies::add(const FacetSpies& other) {
  if (remote_) {
    remote_category_.merge_results(other.remote_category_.serialise_results());
    remote_day_.merge_results(other.remote_day_.serialise_results());
    remote_language_.merge_results(other.remote_language_.serialise_results());
    return;
  }
  category_.add(other.category_);
  day_.add(other.day_);
  language_.add(other.language_);
}

Facets FacetSpies::counts() const {
  Facets f;
  for (const auto& [category, n] : counts(category_, remote_category_)) {
    f.categories.push_back({category, n});
  }
  // The counts are in value order, so equal counts stay alphabetical.
  std::stable_sort(f.categories.begin(), f.categories.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  if (languages_) {
    for (const auto& [code, n] : counts(language_, remote_language_)) {
      f.languages.push_back({code, n});
    }
    std::stable_sort(f.languages.begin(), f.languages.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  }
  for (const auto& [day, n] : counts(day_, remote_day_)) {  // "YYYYMMDD", ascending
    if (day.size() == 8) {
      add_in_order(f.years, day.substr(0, 4), n);
      add_in_order(f.months, day.substr(0, 4) + "-" + day.substr(4, 2), n);
    }
  }
  return f;
}

std::map<std::string, std::uint64_t> FacetSpies::counts(
    const ValueCounter& local, const Xapian::ValueCountMatchSpy& remote) const {
  if (!remote_) {
    return local.counts();
  }
  std::map<std::string, std::uint64_t> out;
  for (auto it = remote.values_begin(); it != remote.values_end(); ++it) {
    out.emplace(*it, it.get_termfreq());
  }
  return out;
}

}  // namespace folio
