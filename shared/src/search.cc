// Searcher: query parsing, BM25 matching, and snippets for the hits.
#include "folio/search.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <type_traits>
#include <unordered_map>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/error.h"
#include "folio/schema.h"

#include "collection.h"
#include "database.h"
#include "query.h"
#include "snippet.h"

namespace folio {
namespace {

// Lucene's BM25 defaults (k1 = 1.2, b = 0.75) rather than Xapian's (1, 0.5): they suit
// news-length documents, where length normalisation matters.
constexpr double kBm25K1 = 1.2;
constexpr double kBm25B = 0.75;
constexpr int kRetries = 3;                   // reopen-and-retry after a concurrent commit
constexpr Xapian::termcount kLikeTerms = 30;  // "more like this" query size
// Spelling suggestions: Xapian's edit-distance limit, and how much more common (in articles)
// a correction must be than a word the index does hold before it is offered instead.
constexpr unsigned kMaxEditDistance = 2;
constexpr Xapian::doccount kMuchMoreCommon = 100;
constexpr std::size_t kSpellingCacheSize = 50000;  // words remembered by one Searcher

// The correction written the way the user wrote the word: "HUAWAI" -> "HUAWEI",
// "Huawai" -> "Huawei" (ASCII only; other scripts keep the folded form).
std::string match_case(std::string_view typed, std::string fix) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  const bool all_upper =
      typed.size() > 1 &&
      std::all_of(typed.begin(), typed.end(), [&](char c) { return upper(c) || !lower(c); }) &&
      std::any_of(typed.begin(), typed.end(), upper);
  for (std::size_t i = 0; i < fix.size(); ++i) {
    if ((all_upper || (i == 0 && !typed.empty() && upper(typed[0]))) && lower(fix[i])) {
      fix[i] = static_cast<char>(fix[i] - 'a' + 'A');
    }
  }
  return fix;
}

// Pseudo-relevance feedback (SearchRequest::feedback): the top kFeedbackDocs hits are taken as
// relevant; Xapian's expansion ranks their terms, and the best kFeedbackTerms that are not in
// the query are added, each scaled by its expansion weight relative to the best one, all
// together by kFeedbackWeight so that the original query keeps most of the say.
constexpr Xapian::doccount kFeedbackDocs = 10;
constexpr Xapian::termcount kFeedbackTerms = 20;
constexpr double kFeedbackWeight = 0.2;

// Free-text terms only (prefixed terms - title, author, id, category - start with a capital),
// leaving out `exclude`; with `shared_in`, also only terms another article of it has too (a
// term of one article alone can find nothing else).
class FreeTextTerms : public Xapian::ExpandDecider {
 public:
  explicit FreeTextTerms(std::vector<std::string> exclude,
                         const Xapian::Database* shared_in = nullptr)
      : exclude_(std::move(exclude)), shared_in_(shared_in) {}
  bool operator()(const std::string& term) const override {
    return !term.empty() && std::isupper(static_cast<unsigned char>(term[0])) == 0 &&
           std::find(exclude_.begin(), exclude_.end(), term) == exclude_.end() &&
           (shared_in_ == nullptr || shared_in_->get_termfreq(term) > 1);
  }

 private:
  std::vector<std::string> exclude_;
  const Xapian::Database* shared_in_;
};

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

// The query with feedback terms from its own top hits; `q` itself when there are none. For a
// query of plain words the new terms may also find articles of their own (OR); when the query
// filters, excludes or requires, they only re-rank its matches (AND_MAYBE).
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

Xapian::Query date_filter(const SearchRequest& r) {
  const std::string lo = r.date_from.empty() ? "" : date_bound(r.date_from, false);
  const std::string hi = r.date_to.empty() ? "" : date_bound(r.date_to, true);
  for (const auto& [given, bound] : {std::pair{r.date_from, lo}, std::pair{r.date_to, hi}}) {
    if (!given.empty() && bound.empty()) {
      throw ConfigError("bad date '" + given + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
    }
  }
  return date_range_query(lo, hi);
}

// The category and date filters of the request: an empty query when there are none.
Xapian::Query filter_query(const SearchRequest& r) {
  Xapian::Query f = date_filter(r);  // throws ConfigError for a bad date
  if (!r.category.empty()) {
    const Xapian::Query c(schema::category_term(r.category));
    f = f.empty() ? c : Xapian::Query(Xapian::Query::OP_FILTER, c, f);
  }
  return f;
}

// `q` restricted by `filter`. An empty query with a filter lists the filtered articles (to
// browse a category or a month), except for "more like this": no terms there means no hits.
Xapian::Query apply_filter(const Xapian::Query& q, const Xapian::Query& filter, bool browse) {
  if (filter.empty() || (q.empty() && !browse)) {
    return q;
  }
  return Xapian::Query(Xapian::Query::OP_FILTER, q.empty() ? Xapian::Query::MatchAll : q, filter);
}

// Date orders keep undated articles last either way: their default key sorts after every date
// (forwards "~" > any digit; reversed, the empty string comes after any reversed date). Ties
// keep relevance order.
// Over a remote shard, Xapian 1.4 sorts by a value slot but runs no KeyMaker: undated
// articles (an empty date) then come first in oldest order instead of last.
void set_order(Xapian::Enquire& enquire, SortOrder order, Xapian::MultiValueKeyMaker& key,
               bool remote) {
  if (order == SortOrder::relevance) {
    return;
  }
  const bool newest = order == SortOrder::newest;
  if (remote) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotDate, newest);
    return;
  }
  key.add_value(schema::kSlotDate, newest, newest ? "" : "~");
  enquire.set_sort_by_key_then_relevance(&key, false);
}

// Counts the values of one slot over the matches, as Xapian::ValueCountMatchSpy does, but reads
// them with a value stream that moves forward with the matcher (which hands it documents in
// docid order) instead of a look-up a document, which decodes a whole value chunk each time.
class ValueCounter : public Xapian::MatchSpy {
 public:
  ValueCounter(const Xapian::Database& db, Xapian::valueno slot) : db_(db), slot_(slot) {}

  void operator()(const Xapian::Document& doc, double /*weight*/) override {
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

  /// Value -> number of matches, in value order; empty values are not counted.
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }

 private:
  Xapian::Database db_;
  Xapian::valueno slot_;
  Xapian::ValueIterator values_;
  Xapian::ValueIterator end_;
  Xapian::docid last_ = 0;
  bool started_ = false;
  std::map<std::string, std::uint64_t> counts_;
};

// Counts of every match by category and by day; years and months are summed from the days.
// Exact only when the match looks at every document (checkatleast = doccount).
class FacetSpies {
 public:
  // ValueCounter needs one local database: the matcher hands a spy the documents of several
  // shards one shard after another, and over a remote shard only Xapian's own spies run (the
  // server must know them by name). Otherwise Xapian's ValueCountMatchSpy counts.
  FacetSpies(const Xapian::Database& db, bool remote)
      : remote_(remote || db.size() != 1),
        category_(db, schema::kSlotCategory),
        day_(db, schema::kSlotDate) {}

  void attach(Xapian::Enquire& enquire) {
    enquire.add_matchspy(remote_ ? static_cast<Xapian::MatchSpy*>(&remote_category_) : &category_);
    enquire.add_matchspy(remote_ ? static_cast<Xapian::MatchSpy*>(&remote_day_) : &day_);
  }

  Facets counts() const {
    Facets f;
    for (const auto& [category, n] : counts(category_, remote_category_)) {
      f.categories.push_back({category, n});
    }
    // The counts are in value order, so equal counts stay alphabetical.
    std::stable_sort(f.categories.begin(), f.categories.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    for (const auto& [day, n] : counts(day_, remote_day_)) {  // "YYYYMMDD", ascending
      if (day.size() == 8) {
        add_in_order(f.years, day.substr(0, 4), n);
        add_in_order(f.months, day.substr(0, 4) + "-" + day.substr(4, 2), n);
      }
    }
    return f;
  }

 private:
  // Values come in ascending order, so a value is either the last one seen or a new one.
  static void add_in_order(std::vector<FacetCount>& out, std::string value, std::uint64_t n) {
    if (out.empty() || out.back().value != value) {
      out.push_back({std::move(value), 0});
    }
    out.back().count += n;
  }

  std::map<std::string, std::uint64_t> counts(const ValueCounter& local,
                                              const Xapian::ValueCountMatchSpy& remote) const {
    if (!remote_) {
      return local.counts();
    }
    std::map<std::string, std::uint64_t> out;
    for (auto it = remote.values_begin(); it != remote.values_end(); ++it) {
      out.emplace(*it, it.get_termfreq());
    }
    return out;
  }

  bool remote_;
  ValueCounter category_;
  ValueCounter day_;
  Xapian::ValueCountMatchSpy remote_category_{schema::kSlotCategory};
  Xapian::ValueCountMatchSpy remote_day_{schema::kSlotDate};
};

}  // namespace

class Searcher::Impl {
 public:
  explicit Impl(const std::filesystem::path& path)
      : Impl(std::vector<std::filesystem::path>{path}, SearcherOptions{}) {}

  Impl(std::vector<std::filesystem::path> paths, const SearcherOptions& options)
      : collection_(std::move(paths), options),
        db_(collection_.db()),
        analyzer_(recorded_language(db_)) {
    try {
      load_synonyms();
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot read the synonyms of index '" + collection_.name() +
                       "': " + e.get_description());
    }
  }

  SearchResults search(const SearchRequest& r) {
    const auto t0 = std::chrono::steady_clock::now();
    SearchResults res;
    res.query = r.query;
    const Xapian::Query filter = filter_query(r);  // throws ConfigError before any work
    with_retries("search", [&] {
      refresh();
      // Parsed against the index just opened: synonyms come from its synonym table.
      ParsedQuery pq;
      res.fell_back = false;
      res.notice.clear();
      if (r.like.empty()) {
        pq = parse_query(r.query, analyzer_, synonyms_);
        const bool blank = r.query.find_first_not_of(" \t\r\n") == std::string::npos;
        if (pq.fell_back && !blank) {  // no words at all is no query, not a malformed one
          res.fell_back = true;
          res.notice =
              "Could not parse the query (" + pq.error + "); searched for its words instead.";
        }
      } else {
        pq = like_query(r.like, res.like_terms);
      }
      run(apply_filter(pq.query, filter, r.like.empty()), pq, r, res);
      res.suggestion = r.suggest && r.like.empty() ? suggest(r.query, pq.words) : std::string();
    });
    res.missing_shards = collection_.missing();
    res.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return res;
  }

  bool get_article(const std::string& id, Article& out) {
    return with_retries("lookup", [&] {
      refresh();
      const std::string term = schema::id_term(id);
      Xapian::PostingIterator p = db_.postlist_begin(term);
      return p != db_.postlist_end(term) &&
             schema::decode_data(db_.get_document(*p).get_data(), out);
    });
  }

  Snippet highlight(std::string_view text, const std::string& query) {
    if (text.empty()) {
      return {};
    }
    std::vector<std::string> terms;
    with_retries("highlight", [&] {
      refresh();  // the synonyms the query expands with
      terms = parse_query(query, analyzer_, synonyms_).highlight_terms;
    });
    return snippets_.mark(text, terms);
  }

  const Collection& collection() const { return collection_; }

  std::uint64_t article_count() {
    return with_retries("count", [&] {
      refresh();
      return static_cast<std::uint64_t>(db_.get_doccount());
    });
  }

 private:
  // Runs `fn` on the database, reopening and retrying when a concurrent commit by the indexer
  // invalidated what it was reading; other Xapian errors become IndexError naming the index.
  template <class Fn>
  std::invoke_result_t<Fn> with_retries(const char* what, Fn&& fn) {
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
      try {
        return fn();
      } catch (const Xapian::DatabaseError& e) {
        // A commit overwrote blocks being read (DatabaseModifiedError), or a compaction or
        // rebuild replaced the generation being read: open the index afresh and try again.
        if (attempt == kRetries) {
          const std::string_view type = e.get_type();  // Xapian's errors are not polymorphic
          const bool moved = type == "DatabaseModifiedError" || type == "DatabaseOpeningError";
          throw IndexError(moved ? "index '" + collection_.name() + "' kept changing during the " +
                                       what + ": " + e.get_description()
                                 : std::string(what) + " in '" + collection_.name() +
                                       "' failed: " + e.get_description() +
                                       " (xapian-check tells whether the index is damaged; " +
                                       "folio-index --rebuild writes it afresh)");
        }
        collection_.forget();  // the next attempt's refresh() opens the index afresh
      } catch (const Xapian::NetworkError& e) {
        // A remote shard closed the connection (its server restarted, say): connect afresh,
        // once. If it is down or silent, name it, or (allow_partial) go on without it.
        if (!reconnected) {
          reconnected = true;
          collection_.forget();
          continue;
        }
        collection_.drop_silent_shards(e);
        db_ = collection_.db();
        index_changed();
      } catch (const Xapian::Error& e) {
        throw IndexError(std::string(what) + " in '" + collection_.name() +
                         "' failed: " + e.get_description());
      }
    }
  }

  // Follows the indexer: a new commit needs reopen(), a new generation a fresh open.
  void refresh() {
    if (collection_.refresh()) {
      db_ = collection_.db();
      index_changed();
    }
  }

  // What the Searcher remembers about the index is stale once it changes.
  void index_changed() {
    load_synonyms();
    spellings_.clear();
  }

  // Xapian's spelling suggestion for `word`: the dearest step of a search by far (it reads
  // and compares every spelling sharing a trigram), so each answer is remembered until the
  // index changes; a server sees the same words again and again.
  const std::string& spelling_suggestion(const std::string& word) {
    if (const auto it = spellings_.find(word); it != spellings_.end()) {
      return it->second;
    }
    if (spellings_.size() >= kSpellingCacheSize) {
      spellings_.clear();
    }
    return spellings_.emplace(word, db_.get_spelling_suggestion(word, kMaxEditDistance))
        .first->second;
  }

  // Whether the index has synonyms (the parser looks nothing up when it has none), and the
  // longest run of words a key spans.
  void load_synonyms() {
    synonyms_ = SynonymLookup{};
    for (auto k = db_.synonym_keys_begin(); k != db_.synonym_keys_end(); ++k) {
      const std::string key = *k;
      const auto words = static_cast<unsigned>(std::count(key.begin(), key.end(), ' ') + 1);
      synonyms_.db = &db_;
      synonyms_.max_words = std::max(synonyms_.max_words, words);
    }
  }

  // "Did you mean": the query with each word that the index lacks, or holds in far fewer
  // articles than a spelling within kMaxEditDistance, replaced by that spelling; the rest of
  // the text is kept as typed. Empty when nothing would change.
  std::string suggest(const std::string& query, const std::vector<QueryWord>& words) {
    const Xapian::doccount n = db_.get_doccount();
    std::string out;
    std::size_t copied = 0;
    for (const QueryWord& w : words) {
      if (w.begin < copied) {
        continue;
      }
      const Xapian::doccount df = db_.get_termfreq(w.term);
      if (df > 0 && df > n / kMuchMoreCommon) {
        continue;  // no correction could be that much more common
      }
      const std::string_view typed = std::string_view(query).substr(w.begin, w.end - w.begin);
      const std::string word = analyzer_.spelling_word(typed);
      if (word.empty()) {
        continue;  // a number, a short word, a stopword
      }
      const std::string& fix = spelling_suggestion(word);
      if (fix.empty() || fix == word) {
        continue;
      }
      const std::vector<std::string> fix_terms = analyzer_.terms(fix);
      if (fix_terms.size() != 1 || fix_terms[0] == w.term) {
        continue;  // another form of the same word ("networks" for "network")
      }
      const Xapian::doccount fix_df = db_.get_termfreq(fix_terms[0]);
      if (fix_df == 0 || (df > 0 && fix_df < df * kMuchMoreCommon)) {
        continue;
      }
      out.append(query, copied, w.begin - copied);
      out += match_case(typed, fix);
      copied = w.end;
    }
    if (copied == 0) {
      return {};
    }
    out.append(query, copied);
    return out;
  }

  // "More like this": the terms that best tell the article `id` from the rest (relevance
  // feedback with it as the one relevant document), OR-ed, the article itself and its copies
  // (same body key) excluded. Throws ConfigError naming the id when there is no such article.
  ParsedQuery like_query(const std::string& id, std::vector<std::string>& terms) {
    const std::string id_term = schema::id_term(id);
    Xapian::PostingIterator p = db_.postlist_begin(id_term);
    if (p == db_.postlist_end(id_term)) {
      throw ConfigError("no article with id '" + id + "' in index '" + collection_.name() + "'");
    }
    Xapian::RSet rset;
    rset.add_document(*p);
    const FreeTextTerms decider({}, &db_);
    const Xapian::ESet eset = Xapian::Enquire(db_).get_eset(kLikeTerms, rset, &decider);
    ParsedQuery pq;
    terms.assign(eset.begin(), eset.end());
    pq.highlight_terms = terms;
    if (!terms.empty()) {
      Xapian::Query itself(id_term);
      // Its copies too: only articles with a copy carry kSlotCopies, so the range is short.
      if (const std::string key = db_.get_document(*p).get_value(schema::kSlotCopies);
          !key.empty()) {
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

  void run(const Xapian::Query& q, const ParsedQuery& pq, const SearchRequest& r,
           SearchResults& res) {
    res.hits.clear();
    res.total = 0;
    res.facets = {};
    if (q.empty()) {
      return;
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
    if (r.feedback) {
      enquire.set_query(with_feedback(enquire, q, pq.highlight_terms));
    }
    Xapian::MultiValueKeyMaker date_key;
    set_order(enquire, r.sort, date_key, collection_.has_remote());
    if (r.collapse_duplicates) {
      enquire.set_collapse_key(schema::kSlotCopies);
    }
    FacetSpies spies(db_, collection_.has_remote());
    if (r.facets) {
      spies.attach(enquire);
    }
    const auto offset = static_cast<Xapian::doccount>(r.offset);
    const auto limit = static_cast<Xapian::doccount>(r.limit);
    // Facets (and exact duplicate counts) need every match looked at.
    const Xapian::doccount check = r.facets ? db_.get_doccount() : offset + limit;
    Xapian::MSet mset = enquire.get_mset(offset, limit, check);
    // Having seen every match, Xapian knows the count exactly: its lower bound. (With a
    // collapse key and a short page, 1.4's estimate can exceed the exact count.)
    res.total = r.facets ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
    if (r.facets) {
      res.facets = spies.counts();
    }

    // Rarer query terms weigh more when choosing the passage to show (idf).
    std::unordered_map<std::string, double> weights;
    const double n = std::max<double>(1, db_.get_doccount());
    for (const std::string& t : pq.highlight_terms) {
      const double df = db_.get_termfreq(t);
      weights.emplace(t, std::log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    std::size_t rank = r.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.rank = ++rank;
      hit.score = it.get_weight();
      hit.duplicates = it.get_collapse_count();
      // The body is only read for the snippets: viewed in the document data, not copied.
      std::string data = it.get_document().get_data();
      std::string_view body;
      schema::decode_data(data, hit.article, body);
      hit.snippets = snippets_.make(body, weights, r.snippet_bytes, r.snippets);
      res.hits.push_back(std::move(hit));
    }
  }

  Collection collection_;
  Xapian::Database db_;  // collection_.db()
  Analyzer analyzer_;
  SnippetMaker snippets_{analyzer_};                        // after analyzer_, which it uses
  SynonymLookup synonyms_;                                  // db_ when it has synonyms
  std::unordered_map<std::string, std::string> spellings_;  // see spelling_suggestion()
};

Searcher::Searcher(const std::filesystem::path& db) : impl_(std::make_unique<Impl>(db)) {}
Searcher::Searcher(std::vector<std::filesystem::path> dbs, const SearcherOptions& options)
    : impl_(std::make_unique<Impl>(std::move(dbs), options)) {}
Searcher::~Searcher() = default;
SearchResults Searcher::search(const SearchRequest& request) { return impl_->search(request); }
bool Searcher::get_article(const std::string& id, Article& out) {
  return impl_->get_article(id, out);
}
std::uint64_t Searcher::article_count() { return impl_->article_count(); }
std::vector<std::string> Searcher::remote_shards() const {
  return impl_->collection().remote_names();
}
Snippet Searcher::highlight(std::string_view text, const std::string& query) {
  return impl_->highlight(text, query);
}

namespace {

// Appends `text` escaped: plain runs are copied whole, only the five special bytes replaced.
void append_escaped(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text, from, i - from);
    out += entity;
    from = i + 1;
  }
  out.append(text, from);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_escaped(out, text);
  return out;
}

std::string snippet_to_html(const Snippet& snippet, std::string_view open, std::string_view close) {
  std::string out;
  std::size_t size = 0;
  for (const Fragment& f : snippet) {
    size += f.text.size() + (f.highlight ? open.size() + close.size() : 0);
  }
  out.reserve(size + size / 8);
  for (const Fragment& f : snippet) {
    if (f.highlight) {
      out += open;
      append_escaped(out, f.text);
      out += close;
    } else {
      append_escaped(out, f.text);
    }
  }
  return out;
}

}  // namespace folio
