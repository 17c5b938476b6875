// Searcher: a request in, the query parsed and filtered, matched with its weighting (facets,
// collapsed copies, sort), and snippets made for the hits.
#include "folio/searcher.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <type_traits>
#include <unordered_map>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/error.h"

#include "search/bm25.h"
#include "search/collection.h"
#include "search/expansion.h"
#include "search/facets.h"
#include "search/parallel_match.h"
#include "search/query_parser.h"
#include "search/ranking.h"
#include "search/searcher_impl.h"
#include "search/snippet_maker.h"
#include "search/spelling.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/stored_text.h"
#include "store/term_bounds.h"
#include "text/article_language.h"
#include "text/date.h"
#include "text/detect.h"
#include "text/languages.h"

namespace folio {
namespace {

constexpr int kRetries = 3;
// An index of this many articles or more has its matches split over the idle cores (a part's
// thread costs tens of microseconds; a match of this many articles, a millisecond or so).
constexpr Xapian::doccount kSplitFrom = 50000;
// At most this many parts when Folio decides: each part past the first keeps a database handle
// of its own open (a few files) in every Searcher, and a server has a Searcher a thread.
constexpr std::size_t kMaxParts = 4;  // reopen-and-retry after a concurrent commit
// The most copies of the page's groups read to count them and choose the one shown (a page of
// groups of more matching copies than this says this many).
constexpr Xapian::doccount kMaxGroupLooked = 10000;

Xapian::Query date_filter(const SearchRequest& r) {
  const std::string lo = r.date_from.empty() ? "" : text::date_bound(r.date_from, false);
  const std::string hi = r.date_to.empty() ? "" : text::date_bound(r.date_to, true);
  for (const auto& [given, bound] : {std::pair{r.date_from, lo}, std::pair{r.date_to, hi}}) {
    if (!given.empty() && bound.empty()) {
      throw ConfigError("bad date '" + given + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
    }
  }
  return date_range_query(lo, hi);
}

// The ISO 639-1 codes of the request's languages; throws ConfigError for an unknown one.
std::vector<std::string> language_codes(const SearchRequest& r) {
  std::vector<std::string> codes;
  for (const std::string& given : r.languages) {
    const text::Language* l = text::find_language(given);
    if (l == nullptr) {
      throw ConfigError("unknown language '" + given + "' (use a code such as de, or a name)");
    }
    if (std::find(codes.begin(), codes.end(), l->code) == codes.end()) {
      codes.emplace_back(l->code);
    }
  }
  return codes;
}

// The category, language and date filters of the request: an empty query when there are none.
Xapian::Query filter_query(const SearchRequest& r) {
  Xapian::Query f = date_filter(r);  // throws ConfigError for a bad date
  const auto add = [&f](const Xapian::Query& q) {
    f = f.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, f);
  };
  if (!r.category.empty()) {
    add(Xapian::Query(schema::category_term(r.category)));
  }
  if (const std::vector<std::string> codes = language_codes(r); !codes.empty()) {
    std::vector<Xapian::Query> terms;
    for (const std::string& c : codes) {
      terms.emplace_back(schema::language_term(c));
    }
    add(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  }
  return f;
}

// `q` restricted by `filter`. An empty query with a filter lists the filtered articles (to
// browse a category or a month), and without one every article when `all`; except for "more
// like this": no terms there means no hits.
Xapian::Query apply_filter(const Xapian::Query& q, const Xapian::Query& filter, bool browse,
                           bool all) {
  if (q.empty() && filter.empty() && browse && all) {
    return Xapian::Query::MatchAll;
  }
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

// The language of a database given as it is (no folder, so not checked on opening); throws
// IndexError unless it is a Folio index.
std::string checked_language(const Xapian::Database& db, const std::string& name) {
  check_schema(db, name);
  return recorded_language(db);
}

// Rarer query terms weigh more when choosing the passage to show: their idf.
std::unordered_map<std::string, double> passage_weights(const Xapian::Database& db,
                                                        const std::vector<std::string>& terms) {
  std::unordered_map<std::string, double> weights;
  const double n = std::max<double>(1, db.get_doccount());
  for (const std::string& t : terms) {
    const double df = db.get_termfreq(t);
    weights.emplace(t, std::log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  return weights;
}

}  // namespace

class Searcher::Impl {
 public:
  Impl(std::vector<std::filesystem::path> paths, const SearcherOptions& options)
      : collection_(std::move(paths), options),
        db_(collection_.db()),
        match_threads_(options.match_threads),
        setting_(text::LanguageSetting::parse(recorded_language(db_))) {
    load_index_data_or_throw();
  }

  Impl(const Xapian::Database& db, std::string name)
      : collection_(db, std::move(name)),
        db_(collection_.db()),
        setting_(text::LanguageSetting::parse(checked_language(db_, collection_.name()))) {
    load_index_data_or_throw();
  }

  SearchResults search(const SearchRequest& r) {
    const InFlight in_flight;
    const auto t0 = std::chrono::steady_clock::now();
    SearchResults res;
    res.query = r.query;
    const Xapian::Query filter = filter_query(r);  // throws ConfigError before any work
    const std::vector<std::string> codes = language_codes(r);
    with_retries("search", [&] {
      refresh();
      // Parsed against the index just opened: synonyms come from its synonym table, the
      // languages its words are matched in from its articles.
      QueryAnalysis analysis = query_analysis(r.query, codes);
      analysis.pair_weight = r.weighting.pairs;
      const ParsedQuery pq = parse(r, analysis, res);
      Xapian::Query used;  // what was matched (with feedback terms when asked)
      const std::vector<Matched> page =
          match(apply_filter(pq.query, filter, r.like.empty(), r.list_all), pq, r, res, used);
      make_hits(page, used, pq, r, res);
      res.suggestion = r.suggest && r.like.empty()
                           ? spelling_.suggest(db_, r.query, pq.words, *analysis.primary)
                           : std::string();
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
             schema::decode_data(db_.get_document(*p).get_value(schema::kSlotText), out,
                                 &stored_text_);
    });
  }

  Snippet highlight(std::string_view text, const std::string& query, std::string_view language) {
    if (text.empty()) {
      return {};
    }
    std::vector<std::string> terms;
    with_retries("highlight", [&] {
      refresh();  // the synonyms the query expands with
      terms = parse_query(query, query_analysis(query, {}), synonyms_).highlight_terms;
    });
    return snippets_for(language.empty() ? setting_.code : language).mark(text, terms);
  }

  std::vector<FacetCount> languages() {
    return with_retries("count", [&] {
      refresh();
      return languages_;
    });
  }

  const Collection& collection() const { return collection_; }

  std::vector<std::uint64_t> generations() {
    return with_retries("count", [&] {
      refresh();
      return collection_.generations();
    });
  }

  std::uint64_t article_count() {
    return with_retries("count", [&] {
      refresh();
      return static_cast<std::uint64_t>(db_.get_doccount());
    });
  }

 private:
  // The analysers a query is read with: those of the languages asked for (`codes`), else of
  // every language in the index (one fixed language: its own), the stemmer of most articles
  // first. A term only other stemmers make is kept to their languages' articles (a Norwegian
  // stem of an English word is often an English stem of another: "linear" -> "line"). The
  // primary analyser, whose function words are left out, is the query's language when detection
  // says so clearly and the index has it, else the language of most articles.
  QueryAnalysis query_analysis(std::string_view query, const std::vector<std::string>& codes) {
    std::vector<std::string_view> stemmers;
    std::vector<std::vector<Xapian::Query>> languages;  // each stemmer's language terms
    const auto add = [&](std::string_view code) {
      const std::string_view s = text::stemmer_for(code);
      auto it = std::find(stemmers.begin(), stemmers.end(), s);
      if (it == stemmers.end()) {
        stemmers.push_back(s);
        languages.emplace_back();
        it = stemmers.end() - 1;
      }
      languages[it - stemmers.begin()].emplace_back(schema::language_term(code));
    };
    if (!setting_.detect) {
      add(setting_.code);
    } else {
      for (const FacetCount& l : languages_) {  // most articles first
        if (codes.empty() || std::find(codes.begin(), codes.end(), l.value) != codes.end()) {
          add(l.value);
        }
      }
    }
    if (stemmers.empty()) {
      add(codes.empty() ? setting_.code : codes.front());
    }
    QueryAnalysis analysis;
    std::string_view primary = stemmers.front();
    if (stemmers.size() > 1) {
      // A query shorter than detection can read (most: a few words) keeps the first language.
      const std::string said = query.size() < text::kMinDetectBytes
                                   ? std::string()
                                   : text::detect_language({}, query,
                                                           codes.empty() && !languages_.empty()
                                                               ? languages_.front().value
                                                               : codes.front());
      const std::string_view s = text::stemmer_for(said);
      if (!said.empty() && std::find(stemmers.begin(), stemmers.end(), s) != stemmers.end()) {
        primary = s;
      }
      analysis.filters.emplace_back();  // the first stemmer's terms match anywhere
      for (std::size_t i = 1; i < languages.size(); ++i) {
        analysis.filters.emplace_back(Xapian::Query::OP_OR, languages[i].begin(),
                                      languages[i].end());
      }
    }
    // Over remote shards too, though each look-up is a round trip: only words that the index's
    // languages analyse into several terms are looked up, and without it their scores would
    // not be one index's.
    analysis.db = &db_;
    analysis.primary = &analyzers_.by_stemmer(primary);
    for (std::string_view s : stemmers) {
      analysis.stemmers.push_back(&analyzers_.by_stemmer(s));
    }
    return analysis;
  }

  // The snippet maker of articles in language `code` (one per stemmer, each with its cache).
  SnippetMaker& snippets_for(std::string_view code) {
    if (auto known = snippets_by_code_.find(code); known != snippets_by_code_.end()) {
      return *known->second;  // a look-up per hit, without resolving the code again
    }
    const std::string_view stemmer = text::stemmer_for(setting_.detect ? code : setting_.code);
    auto it = snippets_.find(stemmer);
    if (it == snippets_.end()) {
      it = snippets_
               .emplace(std::string(stemmer),
                        std::make_unique<SnippetMaker>(analyzers_.by_stemmer(stemmer)))
               .first;
    }
    snippets_by_code_.emplace(std::string(code), it->second.get());
    return *it->second;
  }

  // The request's query parsed (a malformed one says so in `res`), or its "more like this".
  ParsedQuery parse(const SearchRequest& r, const QueryAnalysis& analysis, SearchResults& res) {
    res.fell_back = false;
    res.notice.clear();
    if (!r.like.empty()) {
      return like_query(db_, r.like, collection_.name(), res.like_terms);
    }
    ParsedQuery pq = parse_query(r.query, analysis, synonyms_);
    const bool blank = r.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (pq.fell_back && !blank) {  // no words at all is no query, not a malformed one
      res.fell_back = true;
      res.notice = "Could not parse the query (" + pq.error + "); searched for its words instead.";
    }
    return pq;
  }

  // Matches `q` for the page the request asks for: BM25 (and feedback when asked), copies
  // collapsed, sorted; counts the total and, when asked, the facets of every match.
  std::vector<Matched> match(const Xapian::Query& q, const ParsedQuery& pq, const SearchRequest& r,
                             SearchResults& res, Xapian::Query& used) {
    res.total = 0;
    res.facets = {};
    used = q;
    if (q.empty()) {
      return {};
    }
    // One language in the index: its count is the total, and counting costs every match.
    const bool count_languages = languages_.size() > 1;
    const auto offset = static_cast<Xapian::doccount>(r.offset);
    const auto limit = static_cast<Xapian::doccount>(r.limit);
    // Facets (and exact duplicate counts) need every match looked at.
    const Xapian::doccount check = r.facets ? db_.get_doccount() : offset + limit;
    const Splitting split(*this, r);
    if (const std::vector<const Xapian::Database*> dbs = split.handles(); dbs.size() > 1) {
      std::shared_ptr<const QueryBounds> bounds = query_bounds(q);
      MatchedPage page = match_in_parts(
          dbs, MatchJob{q, [bounds, w = r.weighting] { return make_weighting(w, bounds); },
                        r.collapse_duplicates, schema::kSlotCopies, offset, limit, check, r.facets,
                        count_languages});
      res.total = r.facets ? page.lower_bound : page.estimated;
      res.match_parts = dbs.size();
      for (Matched& m : page.hits) {
        m.doc = db_.get_document(m.docid);
      }
      if (r.facets) {
        res.facets = std::move(page.facets);
        add_language_count(res);
      }
      return std::move(page.hits);
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    enquire.set_weighting_scheme(*weighting(r, nullptr));
    if (r.feedback) {
      used = with_feedback(enquire, q, pq.highlight_terms);
      enquire.set_query(used);
    }
    enquire.set_weighting_scheme(*weighting(r, query_bounds(used)));
    Xapian::MultiValueKeyMaker date_key;
    set_order(enquire, r.sort, date_key, collection_.has_remote());
    if (r.collapse_duplicates) {
      enquire.set_collapse_key(schema::kSlotCopies);
    }
    FacetSpies spies(db_, collection_.has_remote(), count_languages);
    if (r.facets) {
      spies.attach(enquire);
    }
    Xapian::MSet mset = enquire.get_mset(offset, limit, check);
    // Having seen every match, Xapian knows the count exactly: its lower bound. (With a
    // collapse key and a short page, 1.4's estimate can exceed the exact count.)
    res.total = r.facets ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
    if (r.facets) {
      res.facets = spies.counts();
      add_language_count(res);
    }
    return hits_of(mset);
  }

  // One language in the index: every match has it, so the total is its count.
  void add_language_count(SearchResults& res) const {
    if (languages_.size() == 1 && res.total > 0) {
      res.facets.languages.push_back(FacetCount{languages_.front().value, res.total});
    }
  }

  // Whether a request's match is split into parts matched side by side (match_in_parts), and
  // on which handles. Only a relevance-ordered match of local indexes without feedback is
  // split; SearcherOptions::match_threads says into how many parts, and when it is left to
  // Folio (0), an index of kSplitFrom articles or more is split into as many parts as the
  // machine has cores that other searches of this process leave idle (InFlight).
  class Splitting {
   public:
    Splitting(Impl& impl, const SearchRequest& r) : impl_(impl), request_(r) {}

    std::vector<const Xapian::Database*> handles() const {
      const std::size_t parts = this->parts();
      if (parts < 2 || request_.sort != SortOrder::relevance || request_.feedback ||
          impl_.collection_.has_remote()) {
        return {};
      }
      std::vector<const Xapian::Database*> dbs{&impl_.db_};
      for (std::size_t i = 1; i < parts; ++i) {
        const Xapian::Database* twin = impl_.collection_.twin(i - 1);
        if (twin == nullptr) {
          return {};
        }
        dbs.push_back(twin);
      }
      return dbs;
    }

   private:
    std::size_t parts() const {
      if (impl_.match_threads_ != 0) {
        return impl_.match_threads_;
      }
      const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
      if (impl_.db_.get_doccount() < kSplitFrom) {
        return 1;
      }
      const std::size_t idle = cores / std::max<std::size_t>(1, InFlight::count.load());
      return std::min(idle, kMaxParts);
    }

    Impl& impl_;
    const SearchRequest& request_;
  };

  // Counts the searches of this process in hand (parsing, matching or making snippets) while it
  // lives: under load each of them has a core, and their matches are not split.
  struct InFlight {
    InFlight() { ++count; }
    ~InFlight() { --count; }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    static inline std::atomic<std::size_t> count{0};
  };

  // The page's hits: stored fields and the passages that best match.
  void make_hits(const std::vector<Matched>& page, const Xapian::Query& q, const ParsedQuery& pq,
                 const SearchRequest& r, SearchResults& res) {
    res.hits.clear();
    if (page.empty()) {
      return;
    }
    std::vector<Xapian::Document> grouped;  // hits whose copies copy_groups() must look at
    for (const Matched& m : page) {
      // Locally Xapian counted the copies it saw; only where it saw some is there a choice of
      // the one to show. Over remote shards it adds up no counts: every hit with copies.
      if (m.collapse_count > 0 || collection_.has_remote()) {
        grouped.push_back(m.doc);
      }
    }
    const std::map<std::string, Group> groups =
        r.collapse_duplicates ? copy_groups(q, grouped, r) : std::map<std::string, Group>{};
    const auto weights = passage_weights(db_, pq.highlight_terms);
    std::size_t rank = r.offset;
    for (const Matched& m : page) {
      Hit hit;
      hit.rank = ++rank;
      hit.score = m.weight;
      hit.duplicates = m.collapse_count;
      Xapian::Document doc = m.doc;
      if (const auto g = groups.empty() ? groups.end()  // (a value look-up costs)
                                        : groups.find(doc.get_value(schema::kSlotCopies));
          g != groups.end()) {
        hit.duplicates = g->second.members - 1;
        if (r.sort == SortOrder::relevance && g->second.stand_in.get_docid() != 0) {
          doc = g->second.stand_in;
        }
      }
      // The body is only read for the snippets: viewed in the record, not copied.
      std::string data = doc.get_value(schema::kSlotText);
      std::string_view body;
      schema::decode_data(data, hit.article, body, &stored_text_);
      hit.snippets =
          snippets_for(hit.article.language).make(body, weights, r.snippet_bytes, r.snippets);
      res.hits.push_back(std::move(hit));
    }
  }

  // A group of copies that a hit stands for: how many of them match, and the one to show.
  struct Group {
    Xapian::doccount members = 0;
    double best = 0;            // the best score among them
    std::string smallest;       // the smallest id among those of the best score
    Xapian::Document stand_in;  // its document
  };

  // The groups of copies the page's hits stand for (their collapse keys): the number of copies
  // matching `q`, and, of the best-scored, the one with the smallest id. Matching picks among
  // copies of equal score by document number, which differs between one index and its shards,
  // and Xapian 1.4 merges remote shards' answers without adding up their collapse counts: this
  // makes both the same whatever the layout. One match for the whole page, through the groups'
  // XK terms (a few articles each), not a scan.
  std::map<std::string, Group> copy_groups(const Xapian::Query& q,
                                           const std::vector<Xapian::Document>& docs,
                                           const SearchRequest& r) {
    std::map<std::string, Group> groups;
    std::vector<Xapian::Query> terms;
    for (const Xapian::Document& doc : docs) {
      if (std::string key = doc.get_value(schema::kSlotCopies); !key.empty()) {
        terms.emplace_back(std::string(schema::kPrefixCopies) + key);
        groups.emplace(std::move(key), Group{});
      }
    }
    if (groups.empty()) {
      return groups;
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, q,
                      Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
    enquire.set_weighting_scheme(*weighting(r, nullptr));
    const Xapian::MSet members = enquire.get_mset(0, kMaxGroupLooked, db_.get_doccount());
    for (auto it = members.begin(); it != members.end(); ++it) {
      Xapian::Document doc = it.get_document();
      const auto g = groups.find(doc.get_value(schema::kSlotCopies));
      if (g == groups.end()) {
        continue;
      }
      Group& group = g->second;
      ++group.members;
      const double w = it.get_weight();  // (in descending order: the first is the best)
      std::string id = doc.get_value(schema::kSlotId);
      if (group.members == 1 || (w >= group.best * (1 - 1e-12) && id < group.smallest)) {
        group.best = group.members == 1 ? w : group.best;
        group.smallest = std::move(id);
        group.stand_in = doc;
      }
    }
    return groups;
  }

  // The request's weighting scheme; Xapian's own when a shard is remote (a remote server
  // knows only those).
  std::unique_ptr<Xapian::Weight> weighting(const SearchRequest& r,
                                            std::shared_ptr<const QueryBounds> bounds) const {
    return make_weighting(r.weighting, std::move(bounds), collection_.has_remote());
  }

  // The frontiers of the terms of `q` that the index keeps, for FolioBM25's bounds; null when
  // it keeps none that hold (a stub of several databases, or an index changed since its last
  // compaction) or when `q` weighs something other than terms one by one (OP_SYNONYM weighs its
  // terms as one, whose frequencies could be those of another term of the query).
  std::shared_ptr<const QueryBounds> query_bounds(const Xapian::Query& q) const {
    if (bounds_ == nullptr || !bounds_->valid() || !weighs_terms_alone(q)) {
      return nullptr;
    }
    auto out = std::make_shared<QueryBounds>();
    std::set<std::pair<Xapian::doccount, Xapian::termcount>> unbounded;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
      const std::pair key{db_.get_termfreq(*t), db_.get_collection_freq(*t)};
      if (const std::optional<Frontier> f = bounds_->frontier(db_, *t, key.first); f) {
        Frontier& merged = (*out)[key];  // (terms of equal frequencies: both points hold)
        merged.insert(merged.end(), f->begin(), f->end());
      } else {
        unbounded.insert(key);  // a term of the same frequencies without one: no bound
      }
    }
    for (const auto& key : unbounded) {
      out->erase(key);
    }
    return out;
  }

  static bool weighs_terms_alone(const Xapian::Query& q) {
    if (q.get_type() == Xapian::Query::OP_SYNONYM || q.get_type() == Xapian::Query::OP_WILDCARD) {
      return false;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      if (!weighs_terms_alone(q.get_subquery(i))) {
        return false;
      }
    }
    return true;
  }

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
    load_bounds();
    load_synonyms();
    load_languages();
    spelling_.clear();
    stored_text_.clear();
  }

  // The term frontiers of a single local database (store/term_bounds.h).
  void load_bounds() {
    bounds_ =
        collection_.has_remote() || db_.size() != 1 ? nullptr : std::make_unique<TermBounds>(db_);
  }

  void load_index_data_or_throw() {
    try {
      load_bounds();
      load_synonyms();
      load_languages();
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot read the synonyms and languages of index '" + collection_.name() +
                       "': " + e.get_description());
    }
  }

  // The languages of the index's articles, most articles first (their language terms).
  void load_languages() {
    languages_.clear();
    const std::string prefix(schema::kPrefixLanguage);
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
      languages_.push_back(FacetCount{(*t).substr(prefix.size()), t.get_termfreq()});
    }
    std::stable_sort(languages_.begin(), languages_.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
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

  Collection collection_;
  Xapian::Database db_;                 // collection_.db()
  std::size_t match_threads_ = 0;       // SearcherOptions::match_threads
  std::unique_ptr<TermBounds> bounds_;  // null: none (remote or several databases)
  text::LanguageSetting setting_;
  std::vector<FacetCount> languages_;  // the index's languages, most articles first
  text::Analyzers analyzers_;          // by stemmer, for queries and snippets
  std::map<std::string, std::unique_ptr<SnippetMaker>, std::less<>> snippets_;  // by stemmer
  std::map<std::string, SnippetMaker*, std::less<>> snippets_by_code_;          // into snippets_
  SpellingSuggester spelling_;
  SynonymLookup synonyms_;  // db_ when it has synonyms
  // The stored-text dictionaries, read from the index the first time a record names one.
  StoredTextReader stored_text_{
      [this](const std::string& key) { return collection_.metadata(key); }};
};

Searcher::Searcher(const std::filesystem::path& db)
    : impl_(std::make_unique<Impl>(std::vector<std::filesystem::path>{db}, SearcherOptions{})) {}
Searcher::Searcher(std::vector<std::filesystem::path> dbs, const SearcherOptions& options)
    : impl_(std::make_unique<Impl>(std::move(dbs), options)) {}
Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;
SearchResults Searcher::search(const SearchRequest& request) { return impl_->search(request); }
bool Searcher::get_article(const std::string& id, Article& out) {
  return impl_->get_article(id, out);
}
std::uint64_t Searcher::article_count() { return impl_->article_count(); }
std::vector<std::uint64_t> Searcher::generations() { return impl_->generations(); }

std::vector<std::string> Searcher::remote_shards() const {
  return impl_->collection().remote_names();
}
Snippet Searcher::highlight(std::string_view text, const std::string& query,
                            std::string_view language) {
  return impl_->highlight(text, query, language);
}
std::vector<FacetCount> Searcher::languages() { return impl_->languages(); }

Searcher searcher_over(const Xapian::Database& db, std::string name) {
  return Searcher(std::make_unique<Searcher::Impl>(db, std::move(name)));
}

}  // namespace folio
