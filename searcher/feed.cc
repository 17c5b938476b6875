// `folio-search serve`'s subscriptions: a search as an Atom feed and the OpenSearch
// description, written with folio::XmlWriter (escaping, and no character XML forbids).
#include "feed.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <set>
#include <system_error>

#include "folio/config.h"
#include "folio/snippet.h"
#include "folio/xml_writer.h"

namespace folio::cli {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// host[:port]: letters, digits, '.' and '-', or an IPv6 literal in brackets; port 1-5 digits.
bool valid_host(std::string_view h) {
  std::string_view host = h;
  std::string_view port;
  if (!h.empty() && h.front() == '[') {
    const std::size_t close = h.find(']');
    if (close == std::string_view::npos || close == 1) {
      return false;
    }
    const std::string_view literal = h.substr(1, close - 1);
    if (!std::all_of(literal.begin(), literal.end(),
                     [](char c) { return is_alnum(c) || c == ':' || c == '.'; })) {
      return false;
    }
    host = {};
    const std::string_view rest = h.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return false;
      }
      port = rest.substr(1);
      if (port.empty()) {
        return false;
      }
    }
  } else {
    if (const std::size_t colon = h.find(':'); colon != std::string_view::npos) {
      host = h.substr(0, colon);
      port = h.substr(colon + 1);
      if (port.empty()) {
        return false;
      }
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(),
                                     [](char c) { return is_alnum(c) || c == '.' || c == '-'; })) {
      return false;
    }
  }
  return port.size() <= 5 && std::all_of(port.begin(), port.end(), is_digit);
}

// The languages as the page keeps them: lower case, sorted, each once.
std::set<std::string> language_set(const SearchRequest& r) {
  std::set<std::string> out;
  for (std::string code : r.languages) {
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) {
      return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    if (!code.empty()) {
      out.insert(std::move(code));
    }
  }
  return out;
}

// The filters of `r` as query parameters, each with '&' before it.
std::string filter_params(const SearchRequest& r) {
  std::string out;
  const auto add = [&out](std::string_view name, std::string_view value) {
    if (!value.empty()) {
      out.append("&").append(name).append("=").append(percent_encode(value));
    }
  };
  add("category", r.category);
  for (const std::string& code : language_set(r)) {
    add("lang", code);
  }
  add("from", r.date_from);
  add("to", r.date_to);
  return out;
}

// q and the filters, in canonical order: what names the search.
std::string search_params(const SearchRequest& r) {
  return "q=" + percent_encode(r.query) + filter_params(r);
}

// "YYYY-MM-DD" as an RFC 3339 instant (midnight UTC), or "" when `date` is not one.
std::string rfc3339(const std::string& date) {
  const bool ok = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                  std::all_of(date.begin(), date.begin() + 4, is_digit) && is_digit(date[5]) &&
                  is_digit(date[6]) && is_digit(date[8]) && is_digit(date[9]);
  return ok ? date + "T00:00:00Z" : "";
}

bool is_http_url(std::string_view url) {
  const auto starts = [url](std::string_view prefix) {
    return url.size() > prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), url.begin(), [](char a, char b) {
             return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
  };
  return starts("http://") || starts("https://");
}

std::string format_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  return std::string(text, std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm));
}

void write_entry(XmlWriter& w, const Hit& h, const SearchRequest& r, std::string_view base,
                 std::string_view fallback_updated) {
  const Article& a = h.article;
  const std::string date = rfc3339(a.date);
  w.start("entry");
  // The article's id names it in the index whatever address the feed was fetched from.
  w.element("id", "urn:folio:article:" + percent_encode(a.id));
  w.element("title", a.title.empty() ? a.id : a.title);
  w.element("updated", date.empty() ? fallback_updated : std::string_view(date));
  if (!date.empty()) {
    w.element("published", date);
  }
  if (!a.author.empty()) {
    w.start("author").element("name", a.author).end();
  }
  if (!a.category.empty()) {
    w.start("category").attribute("term", a.category).end();
  }
  w.start("link").attribute("rel", "alternate");
  if (is_http_url(a.url)) {  // never a javascript: or file: link from an article's data
    w.attribute("href", a.url);
  } else {
    const std::string q = r.query.empty() ? "" : "q=" + percent_encode(r.query) + "&";
    w.attribute("type", "text/html")
        .attribute("href", std::string(base) + "/?" + q + "article=" + percent_encode(a.id));
  }
  w.end();
  if (const std::string summary = snippet_to_html(join_passages(h.snippets)); !summary.empty()) {
    w.start("summary").attribute("type", "html").text(summary).end();
  }
  w.end();
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out.append({'%', kHex[b >> 4], kHex[b & 15]});
    }
  }
  return out;
}

bool valid_base_url(std::string_view base) {
  std::string_view rest;
  if (base.rfind("http://", 0) == 0) {
    rest = base.substr(7);
  } else if (base.rfind("https://", 0) == 0) {
    rest = base.substr(8);
  } else {
    return false;
  }
  const std::string_view host = rest.substr(0, rest.find('/'));
  return valid_host(host) && std::none_of(rest.begin(), rest.end(), [](char c) {
           const auto b = static_cast<unsigned char>(c);
           return b <= 0x20 || b == 0x7F ||
                  std::string_view("?#\"<>\\^`{|}").find(c) != std::string_view::npos;
         });
}

std::string base_url(std::string_view configured, std::string_view host_header,
                     std::string_view local_addr, int local_port) {
  std::string base;
  if (!configured.empty()) {
    base = configured;
  } else if (valid_host(host_header)) {
    base = "http://" + std::string(host_header);
  } else {
    const bool v6 = local_addr.find(':') != std::string_view::npos;
    base = "http://" + std::string(v6 ? "[" : "") + std::string(local_addr) + (v6 ? "]" : "") +
           ":" + std::to_string(local_port);
  }
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base;
}

std::string feed_query(const SearchRequest& r) {
  std::string out = search_params(r);
  if (r.limit != kFeedSize) {
    out += "&size=" + std::to_string(r.limit);
  }
  return out;
}

std::string page_query(const SearchRequest& r) {
  std::string out = r.query.empty() ? "" : "q=" + percent_encode(r.query);
  out += filter_params(r) + "&sort=newest";
  return out.front() == '&' ? out.substr(1) : out;
}

std::string index_changed(const std::vector<std::filesystem::path>& dbs) {
  namespace fs = std::filesystem;
  std::optional<fs::file_time_type> newest;
  const auto see = [&newest](const fs::path& p) {
    std::error_code ec;
    const fs::file_time_type t = fs::last_write_time(p, ec);
    if (!ec && (!newest || t > *newest)) {
      newest = t;
    }
  };
  for (const fs::path& db : dbs) {
    see(db);
    std::error_code ec;
    // index/XAPIANDB, index/gen-N/..., index/gen-N/shard-K/...: deep enough for every layout.
    for (auto it = fs::recursive_directory_iterator(db, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename() == "partial") {  // a build not yet published
        it.disable_recursion_pending();
        continue;
      }
      see(it->path());
      if (it.depth() >= 2) {
        it.disable_recursion_pending();
      }
    }
  }
  using std::chrono::floor;
  using std::chrono::seconds;
  const std::chrono::sys_seconds when =
      newest ? floor<seconds>(std::chrono::file_clock::to_sys(*newest))
             : floor<seconds>(std::chrono::system_clock::now());
  return format_utc(std::chrono::system_clock::to_time_t(when));
}

std::string atom_feed(const SearchResults& results, const SearchRequest& r, std::string_view base,
                      const std::function<std::string()>& fallback_updated) {
  std::string updated;  // the newest entry's date: the first dated hit, as they come newest first
  bool undated = results.hits.empty();
  for (const Hit& h : results.hits) {
    const std::string date = rfc3339(h.article.date);
    updated = std::max(updated, date);
    undated = undated || date.empty();
  }
  // Asked for only when an entry or the feed has no date of its own (it may read the disk).
  const std::string fallback = undated ? fallback_updated() : std::string();
  XmlWriter w;
  w.start("feed").attribute("xmlns", kAtomNs);
  // Names the search, not the address it was fetched from: q and the filters, in one order.
  w.element("id", "urn:folio:search:" + search_params(r));
  w.element("title", "Folio: " + (r.query.empty() ? std::string("newest articles") : r.query));
  w.element("updated", updated.empty() ? std::string_view(fallback) : std::string_view(updated));
  // RFC 4287 wants an author of the feed when an entry has none: the feed's publisher.
  w.start("author").element("name", "Folio").end();
  w.start("link")
      .attribute("rel", "self")
      .attribute("type", "application/atom+xml")
      .attribute("href", std::string(base) + "/feed?" + feed_query(r))
      .end();
  w.start("link")
      .attribute("rel", "alternate")
      .attribute("type", "text/html")
      .attribute("href", std::string(base) + "/?" + page_query(r))
      .end();
  w.start("generator").attribute("version", kVersion).text("Folio").end();
  for (const Hit& h : results.hits) {
    write_entry(w, h, r, base, fallback);
  }
  return w.finish();
}

std::string opensearch_description(std::string_view base) {
  const std::string b(base);
  XmlWriter w;
  w.start("OpenSearchDescription").attribute("xmlns", kOpenSearchNs);
  w.element("ShortName", "Folio");
  w.element("Description", "Search the articles of this Folio index.");
  w.element("InputEncoding", "UTF-8");
  w.element("OutputEncoding", "UTF-8");
  const auto url = [&w](std::string_view type, const std::string& tmpl, std::string_view rel) {
    w.start("Url").attribute("type", type).attribute("template", tmpl);
    if (!rel.empty()) {
      w.attribute("rel", rel);
    }
    w.end();
  };
  url("text/html", b + "/?q={searchTerms}", "");
  url("application/atom+xml", b + "/feed?q={searchTerms}&size={count?}", "");
  url("application/json", b + "/api/search?q={searchTerms}&page={startPage?}&size={count?}", "");
  url("application/opensearchdescription+xml", b + "/opensearch.xml", "self");
  return w.finish();
}

}  // namespace folio::cli
