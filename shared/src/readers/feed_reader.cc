// The feed reader: RSS 2.0, RSS 1.0 and Atom through libxml2, one article an item or entry.
#include "readers/feed_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "readers/html_reader.h"
#include "text/ascii.h"
#include "text/charset.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

// Parsed leniently (a broken feed is read as far as it goes), without the network, and
// without substituting entities: a document's own entities (the "billion laughs") stay
// unexpanded, and only text nodes are read.
constexpr int kParseOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
constexpr std::size_t kMaxTextBytes = 16 << 20;  // of one element's text

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

std::string_view name_of(const xmlNode* n) {
  return n->name == nullptr ? std::string_view() : reinterpret_cast<const char*>(n->name);
}

// The local name and namespace URI of an element ("encoded", "http://purl.org/rss/1.0/...").
bool is(const xmlNode* n, std::string_view name, std::string_view ns_suffix = {}) {
  if (n->type != XML_ELEMENT_NODE || name_of(n) != name) {
    return false;
  }
  if (ns_suffix.empty()) {
    return true;
  }
  const std::string_view href = n->ns == nullptr || n->ns->href == nullptr
                                    ? std::string_view()
                                    : reinterpret_cast<const char*>(n->ns->href);
  return href.size() >= ns_suffix.size() &&
         href.substr(href.size() - ns_suffix.size()) == ns_suffix;
}

// The text of an element: its text and CDATA nodes, and those of its children (entity
// references are not followed).
void append_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr && out.size() < kMaxTextBytes; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr) {
      out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      append_text(c, out);
    }
  }
}

std::string text_of(const xmlNode* n) {
  std::string out;
  append_text(n, out);
  return out;
}

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) {
    return {};
  }
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// The xml:lang of an element itself (not inherited), read as attribute() reads values.
std::string xml_lang(const xmlNode* n) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->ns != nullptr && a->ns->prefix != nullptr &&
        std::strcmp(reinterpret_cast<const char*>(a->ns->prefix), "xml") == 0 &&
        a->name != nullptr && std::strcmp(reinterpret_cast<const char*>(a->name), "lang") == 0) {
      std::string out;
      for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content != nullptr) {
          out += reinterpret_cast<const char*>(c->content);
        }
      }
      return out;
    }
  }
  return {};
}

// The language an element declares for what it holds: its xml:lang (Atom), else a
// <language> or <dc:language> child (RSS 2.0's channel, RSS 1.0 and Dublin Core); empty
// when it declares none.
std::string declared_language(const xmlNode* n) {
  std::string tag = language_tag(xml_lang(n));
  for (const xmlNode* c = n->children; c != nullptr && tag.empty(); c = c->next) {
    if (is(c, "language")) {
      tag = language_tag(text_of(c));
    }
  }
  return tag;
}

// An item's or entry's fields, the first of each kind found winning, content over summary.
struct Fields {
  std::string title, link, id, date, updated, author, content, summary;
  std::string language, content_language, summary_language;  // of the item; of its text
};

void read_atom_link(const xmlNode* c, Fields& f) {
  const std::string rel = attribute(c, "rel");
  if (f.link.empty() && (rel.empty() || rel == "alternate")) {
    f.link = attribute(c, "href");
  }
}

void read_author(const xmlNode* c, Fields& f) {
  if (!f.author.empty()) {
    return;
  }
  for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
    if (is(a, "name")) {
      f.author = text_of(a);
      return;
    }
  }
  // RSS 2.0: "jane@example.com (Jane Doe)" or a bare name.
  std::string v = clean_inline(text_of(c));
  const std::size_t open = v.find('(');
  const std::size_t close = v.rfind(')');
  if (v.find('@') != std::string::npos && open != std::string::npos && close > open) {
    v = v.substr(open + 1, close - open - 1);
  }
  f.author = v;
}

Fields read_fields(const xmlNode* item) {
  Fields f;
  for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    const std::string_view n = name_of(c);
    if (n == "title" && f.title.empty()) {
      f.title = text_of(c);
    } else if (n == "link") {
      if (std::string href = attribute(c, "href"); !href.empty() || c->children == nullptr) {
        read_atom_link(c, f);
      } else if (f.link.empty()) {
        f.link = text_of(c);
      }
    } else if ((n == "guid" || n == "id") && f.id.empty()) {
      f.id = text_of(c);
    } else if ((n == "pubDate" || n == "published" || n == "date") && f.date.empty()) {
      f.date = text_of(c);
    } else if (n == "updated" && f.updated.empty()) {
      f.updated = text_of(c);  // the date only when there is no published one
    } else if (n == "author" || n == "creator") {
      read_author(c, f);
    } else if ((is(c, "encoded", "/content/") || n == "content") && f.content.empty()) {
      f.content = text_of(c);
      f.content_language = language_tag(xml_lang(c));
    } else if ((n == "description" || n == "summary") && f.summary.empty()) {
      f.summary = text_of(c);
      f.summary_language = language_tag(xml_lang(c));
    }
  }
  f.language = declared_language(item);
  if (f.content.empty()) {
    f.content = std::move(f.summary);
    f.content_language = std::move(f.summary_language);
  }
  if (f.date.empty()) {
    f.date = std::move(f.updated);
  }
  return f;
}

// `language`: the one the feed or channel declares; the item's own, and its text's, come
// first (the nearest declaration wins).
FeedItem make_item(Fields f, const std::string& language, std::size_t position) {
  FeedItem item;
  Article& a = item.article;
  a.language = !f.content_language.empty() ? std::move(f.content_language)
               : !f.language.empty()       ? std::move(f.language)
                                           : language;
  a.title = clean_inline(parse_html(f.title).body);  // titles may carry entities or markup
  a.url = clean_key(f.link);
  a.date = normalize_date(clean_inline(f.date));
  a.author = clean_inline(strip_by(clean_inline(f.author)));
  a.body = parse_html(f.content).body;
  item.key = clean_key(f.id);
  if (item.key.empty()) {
    item.key = a.url;
  }
  if (item.key.empty()) {
    item.key = "item-" + std::to_string(position);
  }
  return item;
}

// The items of a feed: RSS 2.0 <rss><channel><item>, RSS 1.0 <rdf:RDF><item>, Atom
// <feed><entry>.
void collect_items(const xmlNode* root, Feed& feed) {
  std::size_t position = 0;
  const auto take = [&](const xmlNode* parent, const std::string& language) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (is(c, "item") || is(c, "entry")) {
        FeedItem item = make_item(read_fields(c), language, ++position);
        if (!item.article.title.empty() || !item.article.body.empty()) {
          feed.items.push_back(std::move(item));
        }
      }
    }
  };
  // RSS 1.0 declares it in the <channel> beside the items, RSS 2.0 in the one around them.
  std::string feed_language = declared_language(root);
  for (const xmlNode* c = root->children; c != nullptr && feed_language.empty(); c = c->next) {
    if (is(c, "channel")) {
      feed_language = declared_language(c);
    }
  }
  take(root, feed_language);
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (is(c, "channel")) {
      const std::string channel_language = declared_language(c);
      take(c, channel_language.empty() ? feed_language : channel_language);
    }
  }
}

// The encoding the XML declaration names, lower-cased; empty when there is none.
std::string declared_encoding(std::string_view bytes) {
  if (bytes.substr(0, 5) != "<?xml") {
    return {};
  }
  const std::string_view decl = bytes.substr(0, bytes.find("?>"));
  const std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) {
    return {};
  }
  const std::size_t quote = decl.find_first_of("\"'", at);
  if (quote == std::string_view::npos) {
    return {};
  }
  const std::size_t end = decl.find(decl[quote], quote + 1);
  return lower_ascii(decl.substr(quote + 1, end == std::string_view::npos ? 0 : end - quote - 1));
}

// The document, with the charset the bytes bear out: a declaration of UTF-8 (or none) over
// bytes that are not UTF-8 is overruled by the charset detector; UTF-8 bytes declared as a
// single-byte charset are read as UTF-8 (a feed generator's wrong default).
DocPtr parse_document(std::string_view bytes) {
  const bool wide =
      bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF" ||
      std::memchr(bytes.data(), '\0', std::min<std::size_t>(bytes.size(), 512)) != nullptr;
  const std::string declared = declared_encoding(bytes);
  const bool utf8 = !wide && is_valid_utf8(bytes);
  std::string converted;
  const char* encoding = nullptr;  // libxml2 follows the declaration
  if (utf8 && !declared.empty() && declared != "utf-8" && declared != "utf8") {
    bool multibyte = false;
    for (char c : bytes) {
      multibyte = multibyte || static_cast<unsigned char>(c) >= 0x80;
    }
    encoding = multibyte ? "UTF-8" : nullptr;
  } else if (!wide && !utf8 && (declared.empty() || declared == "utf-8" || declared == "utf8")) {
    const Decoded d = decode_to_utf8(bytes);
    if (d.ok) {
      converted = d.text;
      bytes = converted;
      encoding = "UTF-8";
    }
  }
  return DocPtr(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, encoding,
                              kParseOptions));
}

}  // namespace

bool looks_like_feed(std::string_view bytes) {
  std::size_t i = 0;
  for (int k = 0; k < 64 && i < bytes.size(); ++k) {  // past the declaration, comments, doctype
    i = bytes.find('<', i);
    if (i == std::string_view::npos || i + 1 >= bytes.size()) {
      return false;
    }
    if (bytes[i + 1] == '?' || bytes[i + 1] == '!') {
      i = bytes.find('>', i);
      continue;
    }
    const std::string_view rest = bytes.substr(i + 1);
    return rest.substr(0, 3) == "rss" || rest.substr(0, 4) == "feed" ||
           rest.substr(0, 7) == "rdf:RDF" || rest.substr(0, 8) == "atom:feed";
  }
  return false;
}

Feed parse_feed(std::string_view bytes) {
  Feed feed;
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return feed;
  }
  const DocPtr doc = parse_document(bytes);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    return feed;
  }
  const std::string_view name = name_of(root);
  feed.is_feed = name == "rss" || name == "feed" || name == "RDF";
  if (feed.is_feed) {
    collect_items(root, feed);
  }
  return feed;
}

}  // namespace folio
