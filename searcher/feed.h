// `folio-search serve`'s subscriptions: a search as an Atom feed (RFC 4287) and the OpenSearch
// description that lets a browser add Folio as a search engine.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "folio/searcher.h"

namespace folio::cli {

inline constexpr std::size_t kFeedSize = 20;  ///< entries of a feed without `size`

/// `s` percent-encoded for a URL's query or a URN: every byte but A-Z a-z 0-9 - . _ ~ as %XX.
std::string percent_encode(std::string_view s);

/// Whether `base` can be --base-url: http:// or https://, a host, an optional path, and no
/// query, fragment, space or control character.
bool valid_base_url(std::string_view base);

/// The absolute URL the server's links start with (no trailing slash): `configured` (the
/// --base-url) when given; else http:// and the request's Host header when it is a host[:port]
/// of letters, digits, '.', '-' (or an [IPv6] literal); else http:// and the address and port
/// the request came in on (`local_addr`, `local_port`).
std::string base_url(std::string_view configured, std::string_view host_header,
                     std::string_view local_addr, int local_port);

/// The query string of a feed of `r` (q, then category, lang, from and to when given, then size
/// when not kFeedSize), each parameter percent-encoded, in that order whatever the request's:
/// one search has one feed URL and one feed id. `r.languages` are lower-cased, sorted, once.
std::string feed_query(const SearchRequest& r);

/// The page's URL query of the same search, newest first (`q`, filters, `sort=newest`).
std::string page_query(const SearchRequest& r);

/// When the index last changed on disk: the newest modification time of `dbs` and the files
/// and folders below them (a commit renames files in the shard's folder, a new generation
/// replaces the stub), as RFC 3339 UTC; the time now when none can be read (remote shards).
std::string index_changed(const std::vector<std::filesystem::path>& dbs);

/// The Atom feed of `results` (the answer to `r`, newest first): links absolute from `base`;
/// `updated` is the newest entry's date, or `fallback_updated()` (RFC 3339) when no entry has
/// one, which is called only when an entry or the feed has no date. Entries are ids
/// urn:folio:article:ID, titles, dates, authors, categories, a link to the article's own http(s)
/// URL (else to the page showing it) and the best passages as an HTML summary.
std::string atom_feed(const SearchResults& results, const SearchRequest& r, std::string_view base,
                      const std::function<std::string()>& fallback_updated);

/// The OpenSearch 1.1 description: the page, the feed and the JSON API as URL templates
/// under `base`.
std::string opensearch_description(std::string_view base);

}  // namespace folio::cli
