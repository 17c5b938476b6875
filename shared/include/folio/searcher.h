// Searching a Folio index: a query string in, ranked hits with highlighted snippets out.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "folio/article.h"
#include "folio/export.h"
#include "folio/snippet.h"

namespace folio {

/// Order of the hits.
enum class SortOrder {
  relevance,  ///< best match first (default)
  newest,     ///< latest date first; undated articles last
  oldest,     ///< earliest date first; undated articles last
};

/// How a query's words weigh in an article's score (docs/searching.md "How ranking works").
/// Every scheme is one Xapian ships, so a remote shard (xapian-tcpsrv) weighs the same way.
struct FOLIO_API Weighting {
  enum class Scheme {
    bm25,   ///< Okapi BM25
    ineb2,  ///< divergence from randomness (Amati): Ine, Bernoulli after-effect, normalisation 2;
            ///< the default
    bb2,    ///< divergence from randomness: Bose-Einstein, Bernoulli after-effect, normalisation 2
    inl2,   ///< divergence from randomness: In, Laplace after-effect, normalisation 2
    pl2,    ///< divergence from randomness: Poisson, Laplace after-effect, normalisation 2
    dph,    ///< divergence from randomness, parameter-free (hypergeometric)
  };
  Scheme scheme = Scheme::ineb2;
  double k1 = 1.2;  ///< BM25: how soon repeats of a word stop adding (Lucene's default)
  double b = 0.75;  ///< BM25: how much a long article is discounted, 0 to 1 (Lucene's default)
  double c = 1;     ///< normalisation 2 of the DFR schemes (not DPH): > 0, larger favours long
  /// Neighbouring words of the query that are neighbours in an article too (the index's word
  /// pairs, stopwords left out) add their pair's weight times this, whatever the scheme; 0: not
  /// asked for. The default was chosen on the test collections (docs/searching.md).
  double pairs = 0.2;

  /// Reads "bm25", "bm25:K1,B", "ineb2", "ineb2:C" (likewise bb2, inl2, pl2) or "dph"; throws
  /// ConfigError naming `text` otherwise. to_string() writes the same form.
  static Weighting parse(std::string_view text);
  std::string to_string() const;
};

/// What to search for. The query syntax is described in docs/searching.md ("Query syntax").
struct SearchRequest {
  std::string query;
  std::size_t offset = 0;  ///< hits to skip (for paging)
  std::size_t limit = 10;  ///< hits to return
  std::string category;    ///< only this category (top folder) when non-empty
  /// Only articles in these languages (ISO 639-1 codes, or tags or names a language is known
  /// by: "de", "pt-BR", "German"), when non-empty; the query's words are then matched in these
  /// languages only. An unknown language throws ConfigError.
  std::vector<std::string> languages;
  std::string date_from;            ///< only articles dated on or after this ("YYYY[-MM[-DD]]")
  std::string date_to;              ///< only articles dated on or before this
  std::size_t snippet_bytes = 240;  ///< target length of a snippet (bytes of text); 0: none
  std::size_t snippets = 2;         ///< at most this many non-overlapping passages per hit
  SortOrder sort = SortOrder::relevance;
  bool facets = true;               ///< count categories, years and months of all matches
  bool suggest = true;              ///< offer a spelling correction of the query
  bool collapse_duplicates = true;  ///< show articles with identical bodies once
  std::string like;                 ///< "more like this": the id of an article (query ignored)
  Weighting weighting;              ///< how words weigh (the default: IneB2, c = 1)
  bool feedback = false;  ///< pseudo-relevance feedback: add terms from the top hits, search again
  /// A query with no words to match lists every article that passes the filters, even when
  /// there is no filter (a feed of the newest articles); false: none without a filter.
  bool list_all = false;
};

/// One ranked hit. `article.body` is left empty (the snippets stand for it).
struct Hit {
  std::size_t rank = 0;  ///< 1-based, counting from the first hit of the whole result list
  double score = 0;      ///< relevance (SearchRequest::weighting); comparable within one list
  Article article;
  std::vector<Snippet> snippets;  ///< best passages, in the order they appear in the body
  /// Other matching articles with the same body (schema::body_key), not listed; exact when
  /// SearchRequest::facets, else possibly fewer (Xapian stops counting once the page is sure).
  std::uint64_t duplicates = 0;
};

/// How many matching articles have one value of a facet.
struct FacetCount {
  std::string value;  ///< a category, a year "YYYY", a month "YYYY-MM" or a language "de"
  std::uint64_t count = 0;
};

/// Counts over the whole matching set (not only the page shown), most frequent first for
/// categories and languages (equal counts alphabetically), in date order for years and
/// months. Collapsed
/// copies count too (each is a matching article); undated articles are in no year or month.
struct Facets {
  std::vector<FacetCount> categories;
  std::vector<FacetCount> years;
  std::vector<FacetCount> months;
  std::vector<FacetCount> languages;  ///< ISO 639-1 codes
};

struct SearchResults {
  std::string query;
  std::uint64_t total = 0;  ///< estimated number of matching articles
  std::vector<Hit> hits;
  bool fell_back = false;   ///< the query was malformed and was searched as plain words
  std::string notice;       ///< a message for the user when fell_back, else empty
  double milliseconds = 0;  ///< time to parse, match and build snippets
  std::string suggestion;   ///< "did you mean": the query with misspelt words corrected, or ""
  Facets facets;            ///< when SearchRequest::facets
  std::vector<std::string> like_terms;  ///< "more like this": the terms the search used
  /// Shards left out because they did not answer (SearcherOptions::allow_partial), by name:
  /// "remote HOST:PORT" or a path. Empty when every shard answered.
  std::vector<std::string> missing_shards;
  /// Into how many parts the match was split (SearcherOptions::match_threads); 1: not split.
  std::size_t match_parts = 1;
};

/// How a Searcher opens its indexes.
struct SearcherOptions {
  /// How long a remote shard may take to connect, and to answer each request.
  std::chrono::milliseconds timeout{10000};
  /// Search the shards that answer when some do not (SearchResults::missing_shards), instead
  /// of failing with an IndexError that names them.
  bool allow_partial = false;
  /// Into how many parts a match is split, each matched in a thread of its own over a range of
  /// the articles: the same hits, scores, copies and facets as one match, and the same exact
  /// total when every match is looked at (SearchRequest::facets); otherwise the total is an
  /// estimate, as one match's is, and may differ from it. 0: as many parts as there are cores
  /// that the Searchers of this process leave idle (at most 4), for an index of 50,000
  /// articles or more.
  /// 1: never split. Only a relevance-ordered search of local indexes without feedback is
  /// split.
  unsigned match_threads = 0;
};

/// An open index. Throws IndexError (naming the path) if it is missing, unreadable, not a
/// Folio index, or of another schema version. Not thread-safe: one Searcher per thread; any
/// number of Searchers (and processes) may read while one folio-index writes.
class FOLIO_API Searcher {
 public:
  explicit Searcher(const std::filesystem::path& db);
  /// Several indexes searched as one ("shards": each article in one of them). Each may be a
  /// Folio index folder, a Xapian database, or a stub file listing databases, one a line:
  /// `auto PATH` or `remote HOST:PORT` (served by xapian-tcpsrv). Scores are those of one index
  /// holding every article. Over remote shards there are no spelling suggestions or synonyms
  /// (Xapian 1.4's remote protocol carries neither), except from local shards.
  Searcher(std::vector<std::filesystem::path> dbs, const SearcherOptions& options);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  /// Runs one query. A malformed query never throws (see SearchResults::fell_back); throws
  /// ConfigError for a malformed date_from/date_to or a `like` id that is not in the index,
  /// and IndexError when the index itself fails.
  /// Sees the latest committed index state (reopens, and retries after concurrent commits).
  SearchResults search(const SearchRequest& request);

  /// The whole stored article with this id, or false when there is none.
  bool get_article(const std::string& id, Article& out);

  /// All of `text` (an article's title or body, say), unchanged (line and paragraph breaks
  /// kept), as one snippet with the words that `query` would match highlighted exactly as in
  /// search snippets. Empty for empty text; no highlight when the query matches nothing in it.
  /// A malformed query highlights its words. `language` is the text's (an article's
  /// Article::language); empty: the index's default.
  Snippet highlight(std::string_view text, const std::string& query,
                    std::string_view language = {});

  /// The languages of the index's articles with their counts, most articles first.
  std::vector<FacetCount> languages();

  /// Number of articles in the index.
  std::uint64_t article_count();

  /// The generation of each index given, in the order given: for a Folio index folder, N of
  /// its current folder `gen-N` (folio-index publishes a new generation when it builds an
  /// index, rebuilds or compacts it; an update in place keeps the generation); 0 for a
  /// Xapian database, a stub file or a remote shard. Follows the index first, as a search
  /// does, so it is the generation the next search reads. Throws IndexError when the index fails.
  std::vector<std::uint64_t> generations();

  /// The remote shards searched ("remote HOST:PORT"): they give no spelling suggestions or
  /// synonyms (see the constructor).
  std::vector<std::string> remote_shards() const;

  class Impl;
  /// For the library's own factories (a Searcher over a Xapian database, for its tests).
  explicit Searcher(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace folio
