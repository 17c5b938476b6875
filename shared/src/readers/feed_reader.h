// The feed reader (.rss, .atom, and .xml whose root is a feed): RSS 2.0, RSS 1.0 and Atom, one
// article an item or entry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "folio/article.h"

#include "readers/keyed_article.h"

namespace folio {

/// One item of a feed: title, url, date, author, body; its key is the guid or entry id, else
/// the link, else "item-N" (N from 1).
using FeedItem = KeyedArticle;

/// What a feed holds.
struct Feed {
  bool is_feed = false;  ///< the root element is <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0)
  std::vector<FeedItem> items;
};

/// Whether `bytes` (an XML file) looks like a feed: <rss, <feed or <rdf:RDF as its first element.
bool looks_like_feed(std::string_view bytes);

/// The items of a feed in `bytes` (the file as it is: its XML declaration names its charset;
/// a declaration that the bytes contradict, such as UTF-8 over Latin-1 text, is overruled).
/// For each item: title; link -> url; pubDate, dc:date, published or updated -> date; author,
/// dc:creator or Atom's author name -> author; content:encoded, content, description or summary
/// (HTML, read as the HTML reader reads a page) -> body; the nearest xml:lang (content, entry,
/// feed) or <language>/dc:language (item, channel) -> language. Malformed XML is read as far as it
/// goes; entities are never expanded. Never throws on bad content. Thread-safe.
Feed parse_feed(std::string_view bytes);

}  // namespace folio
