// The HTML reader (.html): meta data (Open Graph, <meta>, microdata, JSON-LD, <time>) and the
// page's visible text, through gumbo; a flat tag stripper for documents too deep for gumbo.
#include "readers/html_reader.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <gumbo.h>
#include <simdjson.h>

#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

constexpr std::size_t kMaxAuthorBytes = 200;

/// gumbo 0.10.1 frees its tree recursively (~40 bytes of stack per level: 8 MiB overflows near
/// 200,000 levels) and its parse time grows quadratically with depth (100,000 nested <div>:
/// 14 s; 10,000: 0.1 s). Deeper documents are read by the flat tag stripper instead.
constexpr std::size_t kMaxHtmlNesting = 10'000;

bool name_in(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void_tag(std::string_view name) {
  return name_in(name, {"area",   "base",     "br",      "col",   "embed",  "hr",     "img",
                        "input",  "link",     "meta",    "param", "source", "track",  "wbr",
                        "keygen", "basefont", "bgsound", "frame", "image",  "command"});
}

/// Elements whose end tag is optional and routinely left out; the parser closes them itself,
/// so they are not counted as nesting.
bool is_self_closing_in_practice(std::string_view name) {
  return name_in(name, {"p",  "li", "dt",    "dd",    "option", "optgroup", "tr",
                        "td", "th", "thead", "tbody", "tfoot",  "colgroup", "caption",
                        "rb", "rt", "rtc",   "rp",    "html",   "head",     "body"});
}

/// Elements whose content is not markup (a "<div>" inside a script is not a tag).
bool is_raw_text_tag(std::string_view name) {
  return name_in(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                        "noframes", "plaintext"});
}

/// Position after the end tag "</name ...>" searched from `from` (case-insensitive), or npos.
std::size_t find_end_tag(std::string_view s, std::size_t from, std::string_view name) {
  for (std::size_t i = s.find("</", from); i != std::string_view::npos; i = s.find("</", i + 2)) {
    if (istarts_with(s.substr(i + 2), name)) {
      const std::size_t after = i + 2 + name.size();
      if (after >= s.size() || !is_ascii_alnum(s[after])) {
        const std::size_t gt = s.find('>', after);
        return gt == std::string_view::npos ? s.size() : gt + 1;
      }
    }
  }
  return std::string_view::npos;
}

/// A tag found by the flat scanner.
struct RawTag {
  std::string name;  ///< lower-case; empty for comments, doctypes and stray '<'
  bool closing = false;
  bool self_closing = false;
  std::size_t end = 0;  ///< position after '>'
};

/// Reads the markup at s[i] == '<'.
RawTag read_tag(std::string_view s, std::size_t i) {
  RawTag tag;
  if (s.compare(i, 4, "<!--") == 0) {
    const std::size_t end = s.find("-->", i + 4);
    tag.end = end == std::string_view::npos ? s.size() : end + 3;
    return tag;
  }
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '/') {
    tag.closing = true;
    ++j;
  }
  if (j >= s.size() || !(is_ascii_alpha(s[j]) || (!tag.closing && (s[j] == '!' || s[j] == '?')))) {
    tag.end = i + 1;  // a lone '<' is text
    tag.closing = false;
    return tag;
  }
  const std::size_t name_start = j;
  while (j < s.size() && (is_ascii_alnum(s[j]) || s[j] == '-' || s[j] == ':')) {
    ++j;
  }
  if (s[name_start] != '!' && s[name_start] != '?') {
    tag.name = lower_ascii(s.substr(name_start, j - name_start));
  }
  char quote = 0;
  for (; j < s.size(); ++j) {
    if (quote != 0) {
      if (s[j] == quote) {
        quote = 0;
      }
    } else if (s[j] == '"' || s[j] == '\'') {
      quote = s[j];
    } else if (s[j] == '>') {
      break;
    }
  }
  tag.self_closing = j < s.size() && j > 0 && s[j - 1] == '/';
  tag.end = j < s.size() ? j + 1 : s.size();
  return tag;
}

/// Rough element nesting depth of `html`, counted without building a tree; stops early once
/// it passes `limit`.
std::size_t html_nesting_estimate(std::string_view html, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t max_depth = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i)) {
    const RawTag tag = read_tag(html, i);
    i = tag.end;
    if (tag.name.empty() || is_self_closing_in_practice(tag.name)) {
      continue;
    }
    if (tag.closing) {
      depth -= depth > 0 ? 1 : 0;
      continue;
    }
    if (is_raw_text_tag(tag.name)) {
      const std::size_t end = find_end_tag(html, i, tag.name);
      if (end == std::string_view::npos) {
        break;
      }
      i = end;
      continue;
    }
    if (tag.self_closing || is_void_tag(tag.name)) {
      continue;
    }
    max_depth = std::max(max_depth, ++depth);
    if (max_depth > limit) {
      break;
    }
  }
  return max_depth;
}

/// Decodes the common character references (the flat fallback has no gumbo to do it).
std::string decode_entities(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, char32_t>, 24> kNamed = {{
      {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},    {"mdash", 0x2014}, {"ndash", 0x2013},
      {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
      {"rdquo", 0x201D},  {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
      {"pound", 0xA3},    {"euro", 0x20AC},  {"eacute", 0xE9},  {"egrave", 0xE8},
      {"aacute", 0xE1},   {"uuml", 0xFC},    {"ouml", 0xF6},    {"auml", 0xE4},
  }};
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, amp - i));
    i = amp + 1;
    const std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10 || semi == i) {
      out += '&';
      continue;
    }
    const std::string_view ref = s.substr(i, semi - i);
    char32_t cp = 0;
    if (ref[0] == '#') {
      const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      bool ok = !digits.empty();
      for (char c : digits) {
        const int v = is_ascii_digit(c)             ? c - '0'
                      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                    : -1;
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      }
      if (!ok || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = ok ? 0xFFFD : 0;
      }
    } else {
      for (const auto& [name, value] : kNamed) {
        if (ref == name) {
          cp = value;
          break;
        }
      }
    }
    if (cp == 0) {
      out += '&';
      continue;
    }
    append_utf8(out, cp);
    i = semi + 1;
  }
  return out;
}

bool is_block_tag_name(std::string_view name) {
  return name_in(name,
                 {"address",    "article", "blockquote", "br",      "caption", "center", "dd",
                  "details",    "dialog",  "dir",        "div",     "dl",      "dt",     "fieldset",
                  "figcaption", "figure",  "h1",         "h2",      "h3",      "h4",     "h5",
                  "h6",         "header",  "hgroup",     "hr",      "li",      "main",   "menu",
                  "ol",         "p",       "pre",        "section", "summary", "table",  "tbody",
                  "thead",      "tfoot",   "tr",         "ul",      "legend",  "body",   "html"});
}

/// The reader for documents too deep for gumbo: strips tags with a linear scanner, drops the
/// content of script/style-like elements, and turns block tags into paragraph breaks. Finds
/// only the <title>; no meta data, and nav/aside/footer text is kept.
Article parse_html_flat(std::string_view html) {
  Article a;
  std::string raw;
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    const std::string_view text =
        html.substr(i, (lt == std::string_view::npos ? html.size() : lt) - i);
    for (char c : decode_entities(text)) {
      raw += is_ascii_space(c) ? ' ' : c;  // only block tags break paragraphs
    }
    if (lt == std::string_view::npos) {
      break;
    }
    const RawTag tag = read_tag(html, lt);
    i = tag.end;
    if (tag.name.empty() || tag.closing) {
      if (tag.end == lt + 1) {
        raw += '<';
      } else if (is_block_tag_name(tag.name)) {
        raw += "\n\n";
      }
      continue;
    }
    if (tag.name == "title" || tag.name == "script" || tag.name == "style" ||
        tag.name == "noscript" || tag.name == "template" || tag.name == "svg" ||
        tag.name == "iframe" || tag.name == "textarea" || tag.name == "xmp") {
      if (tag.self_closing) {
        continue;
      }
      std::size_t end = find_end_tag(html, i, tag.name);
      if (end == std::string_view::npos) {
        end = html.size();
      }
      if (tag.name == "title" && a.title.empty()) {
        const std::string_view inner = html.substr(i, end - i);
        a.title = clean_inline(decode_entities(inner.substr(0, inner.rfind("</"))));
      }
      i = end;
      continue;
    }
    if (is_block_tag_name(tag.name)) {
      raw += "\n\n";
    }
  }
  a.body = clean_body(raw);
  return a;
}

const char* attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&e.attributes, name);
  return attr == nullptr ? nullptr : attr->value;
}

bool is_html(const GumboElement& e) { return e.tag_namespace == GUMBO_NAMESPACE_HTML; }

/// Elements whose content is not the article's visible text.
bool is_skipped(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
      return true;
    default:
      break;
  }
  if (attribute(e, "hidden") != nullptr) {
    return true;
  }
  const char* aria = attribute(e, "aria-hidden");
  return aria != nullptr && iequals(aria, "true");
}

bool is_block(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  if (node->type == GUMBO_NODE_DOCUMENT) {
    return &node->v.document.children;
  }
  return nullptr;
}

/// Appends text with all whitespace as spaces, except inside <pre> where line breaks stay.
void append_html_text(std::string& out, const char* text, bool pre) {
  for (const char* p = text; *p != '\0'; ++p) {
    const char c = *p;
    if (c == '\n' || c == '\r') {
      out += pre ? '\n' : ' ';
    } else if (c == '\t' || c == '\f') {
      out += ' ';
    } else {
      out += c;
    }
  }
}

/// The text of an element's subtree (for <title>, <h1>, itemprop author), at most `max` bytes.
std::string text_content(const GumboNode* root, std::size_t max = 4096) {
  std::string out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty() && out.size() <= max) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      append_html_text(out, node->v.text.text, false);
      continue;
    }
    const GumboVector* kids = children_of(node);
    if (kids == nullptr ||
        (node->type == GUMBO_NODE_ELEMENT &&
         (node->v.element.tag == GUMBO_TAG_SCRIPT || node->v.element.tag == GUMBO_TAG_STYLE))) {
      continue;
    }
    if (node->type == GUMBO_NODE_ELEMENT && is_block(node->v.element)) {
      out += ' ';
    }
    for (unsigned k = kids->length; k > 0; --k) {
      stack.push_back(static_cast<const GumboNode*>(kids->data[k - 1]));
    }
  }
  return clean_inline(utf8_prefix(out, max));
}

/// What the meta-data pass finds; the first occurrence of each wins.
struct HtmlMeta {
  std::unordered_map<std::string, std::string> meta;  ///< lower(name|property) -> content
  std::string title_tag;
  std::string h1;
  std::string time_datetime;
  std::string itemprop_date;
  std::string itemprop_author;
  std::string rel_author;
  std::vector<std::string> json_ld;
  std::string html_lang;         ///< lang (else xml:lang) of <html>
  std::string body_lang;         ///< of <body>
  std::string main_lang;         ///< of the first <main> or <article> that has one
  std::string content_language;  ///< <meta http-equiv="Content-Language">
};

// The lang attribute, else xml:lang (XHTML served as such), as a tag; empty when neither is
// one.
std::string lang_of(const GumboElement& e) {
  const char* lang = attribute(e, "lang");
  std::string tag = lang == nullptr ? std::string() : language_tag(lang);
  const char* xml_lang = attribute(e, "xml:lang");
  return tag.empty() && xml_lang != nullptr ? language_tag(xml_lang) : tag;
}

void collect_element_meta(const GumboNode* node, HtmlMeta& m) {
  const GumboElement& e = node->v.element;
  if (!is_html(e)) {
    return;
  }
  const char* itemprop = attribute(e, "itemprop");
  if (itemprop != nullptr) {
    const std::string prop = lower_ascii(itemprop);
    const char* value = attribute(e, "content");
    if (value == nullptr) {
      value = attribute(e, "datetime");
    }
    if (prop == "datepublished" && m.itemprop_date.empty()) {
      m.itemprop_date = value != nullptr ? clean_inline(value) : text_content(node, 200);
    } else if (prop == "author" && m.itemprop_author.empty()) {
      m.itemprop_author = value != nullptr ? clean_inline(value) : text_content(node, 400);
    }
  }
  switch (e.tag) {
    case GUMBO_TAG_META: {
      const char* key = attribute(e, "property");
      if (key == nullptr) {
        key = attribute(e, "name");
      }
      const char* content = attribute(e, "content");
      if (key != nullptr && content != nullptr) {
        m.meta.emplace(lower_ascii(key), content);
      }
      // Kept apart from the names: http-equiv="date" and the like are not meta data.
      const char* http_equiv = attribute(e, "http-equiv");
      if (http_equiv != nullptr && iequals(http_equiv, "content-language") && content != nullptr &&
          m.content_language.empty()) {
        m.content_language = content;
      }
      break;
    }
    case GUMBO_TAG_HTML:
      m.html_lang = lang_of(e);
      break;
    case GUMBO_TAG_BODY:
      m.body_lang = lang_of(e);
      break;
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ARTICLE:
      if (m.main_lang.empty()) {
        m.main_lang = lang_of(e);
      }
      break;
    case GUMBO_TAG_TITLE:
      if (m.title_tag.empty()) {
        m.title_tag = text_content(node);
      }
      break;
    case GUMBO_TAG_H1:
      if (m.h1.empty()) {
        m.h1 = text_content(node);
      }
      break;
    case GUMBO_TAG_TIME:
      if (const char* dt = attribute(e, "datetime"); dt != nullptr && m.time_datetime.empty()) {
        m.time_datetime = dt;
      }
      break;
    case GUMBO_TAG_A:
      if (const char* rel = attribute(e, "rel");
          rel != nullptr && iequals(rel, "author") && m.rel_author.empty()) {
        m.rel_author = text_content(node, 400);
      }
      break;
    case GUMBO_TAG_SCRIPT:
      if (const char* type = attribute(e, "type");
          type != nullptr && iequals(trim_ascii(type), "application/ld+json") &&
          m.json_ld.size() < 4 && e.children.length > 0) {
        const auto* child = static_cast<const GumboNode*>(e.children.data[0]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
            child->type == GUMBO_NODE_WHITESPACE) {
          m.json_ld.emplace_back(child->v.text.text);
        }
      }
      break;
    default:
      break;
  }
}

/// Walks the whole document (an explicit stack: documents can be thousands of levels deep).
HtmlMeta collect_meta(const GumboNode* document) {
  HtmlMeta m;
  std::vector<const GumboNode*> stack{document};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT) {
      collect_element_meta(node, m);
    }
    if (const GumboVector* kids = children_of(node)) {
      for (unsigned k = kids->length; k > 0; --k) {
        stack.push_back(static_cast<const GumboNode*>(kids->data[k - 1]));
      }
    }
  }
  return m;
}

// The names in a schema.org "author" value: a string, an object's "name", or a list of them.
std::string json_names(simdjson::dom::element v) {
  if (v.is_string()) {
    return std::string(v.get_string().value_unsafe());
  }
  simdjson::dom::object object;
  if (v.get(object) == simdjson::SUCCESS) {
    std::string name;
    for (const auto field : object) {  // the last "name" wins
      if (field.key == "name" && field.value.is_string()) {
        name = field.value.get_string().value_unsafe();
      } else if (field.key == "name") {
        name.clear();
      }
    }
    return name;
  }
  std::string out;
  simdjson::dom::array array;
  if (v.get(array) == simdjson::SUCCESS) {
    for (const simdjson::dom::element item : array) {
      const std::string name = item.is_array() ? std::string() : json_names(item);
      if (!name.empty()) {
        out += out.empty() ? "" : ", ";
        out += name;
      }
    }
  }
  return out;
}

// An object's members in key order, a repeated key once (its last value): the order in which
// the JSON-LD walk below visits them.
std::vector<std::pair<std::string_view, simdjson::dom::element>> members_by_key(
    simdjson::dom::object object) {
  std::vector<std::pair<std::string_view, simdjson::dom::element>> members;
  for (const auto field : object) {
    members.emplace_back(field.key, field.value);
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string_view, simdjson::dom::element>> unique;
  for (auto& m : members) {
    if (!unique.empty() && unique.back().first == m.first) {
      unique.back() = m;
    } else {
      unique.push_back(m);
    }
  }
  return unique;
}

/// datePublished and author from schema.org JSON-LD, which many news sites use instead of meta:
/// the first found in a depth-first walk (at most 10,000 nodes a script).
void read_json_ld(const std::vector<std::string>& scripts, std::string& date, std::string& author) {
  simdjson::dom::parser parser;
  for (const std::string& script : scripts) {
    simdjson::dom::element doc;
    if (parser.parse(simdjson::padded_string(script)).get(doc) != simdjson::SUCCESS) {
      continue;
    }
    std::vector<simdjson::dom::element> stack{doc};
    for (int visited = 0; !stack.empty() && visited < 10'000; ++visited) {
      const simdjson::dom::element v = stack.back();
      stack.pop_back();
      simdjson::dom::object object;
      simdjson::dom::array array;
      if (v.get(object) == simdjson::SUCCESS) {
        const auto members = members_by_key(object);
        for (const auto& [key, value] : members) {
          if (key == "datePublished" && value.is_string() && date.empty()) {
            date = value.get_string().value_unsafe();
          } else if (key == "author" && author.empty()) {
            author = json_names(value);
          }
        }
        for (const auto& [key, value] : members) {
          if (value.is_object() || value.is_array()) {
            stack.push_back(value);
          }
        }
      } else if (v.get(array) == simdjson::SUCCESS) {
        for (const simdjson::dom::element child : array) {
          if (child.is_object() || child.is_array()) {
            stack.push_back(child);
          }
        }
      }
    }
  }
}

/// The language the page declares: <html lang>; else a lang on <body> or on its <main> or
/// <article> (pages that leave <html> bare); else the <meta> ones: http-equiv
/// Content-Language, og:locale, name="language" or "dc.language".
std::string declared_language(const HtmlMeta& m) {
  const auto meta = [&m](const char* key) -> std::string {
    const auto it = m.meta.find(key);
    return it == m.meta.end() ? std::string() : it->second;
  };
  for (const std::string& candidate : {m.html_lang, m.body_lang, m.main_lang, m.content_language,
                                       meta("og:locale"), meta("language"), meta("dc.language")}) {
    std::string tag = language_tag(candidate);
    if (!tag.empty()) {
      return tag;
    }
  }
  return {};
}

bool looks_like_url(std::string_view s) {
  return s.find("://") != std::string_view::npos || (!s.empty() && s.front() == '/');
}

/// The visible text of the tree below `root`, paragraphs for block elements.
std::string visible_text(const GumboNode* root) {
  struct Frame {
    const GumboNode* node;
    bool exit;  ///< true: the element's children are done
  };
  std::string raw;
  std::vector<Frame> stack{{root, false}};
  int pre_depth = 0;
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (frame.exit) {
      const GumboElement& e = node->v.element;
      if (e.tag == GUMBO_TAG_PRE) {
        --pre_depth;
      }
      if (is_block(e)) {
        raw += "\n\n";
      } else if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) {
        raw += ' ';  // cells would otherwise glue their words together
      }
      continue;
    }
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        append_html_text(raw, node->v.text.text, pre_depth > 0);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& e = node->v.element;
        if (is_skipped(e)) {
          break;
        }
        if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_HR) {
          raw += "\n\n";
          break;
        }
        if (is_block(e)) {
          raw += "\n\n";
        }
        if (e.tag == GUMBO_TAG_PRE) {
          ++pre_depth;
        }
        stack.push_back({node, true});
        for (unsigned k = e.children.length; k > 0; --k) {
          stack.push_back({static_cast<const GumboNode*>(e.children.data[k - 1]), false});
        }
        break;
      }
      default:  // comments, the document node (not reached: we start at <html>), templates
        break;
    }
  }
  return clean_body(raw);
}

}  // namespace

Article parse_html(std::string_view text) {
  if (html_nesting_estimate(text, kMaxHtmlNesting) > kMaxHtmlNesting) {
    return parse_html_flat(text);
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never look at parse errors; don't spend memory on them
  GumboOutput* output = gumbo_parse_with_options(&options, text.data(), text.size());
  if (output == nullptr) {
    return parse_html_flat(text);
  }
  struct OutputGuard {
    const GumboOptions* options;
    GumboOutput* output;
    ~OutputGuard() { gumbo_destroy_output(options, output); }
  } guard{&options, output};

  const HtmlMeta m = collect_meta(output->document);
  auto meta = [&m](const char* key) -> std::string {
    const auto it = m.meta.find(key);
    return it == m.meta.end() ? std::string() : it->second;
  };
  Article a;
  a.title = clean_inline(meta("og:title"));
  if (a.title.empty()) {
    a.title = m.title_tag;
  }
  if (a.title.empty()) {
    a.title = m.h1;
  }

  std::string ld_date;
  std::string ld_author;
  read_json_ld(m.json_ld, ld_date, ld_author);
  const std::array<std::string, 10> dates = {meta("article:published_time"),
                                             meta("og:published_time"),
                                             meta("date"),
                                             meta("pubdate"),
                                             meta("publish-date"),
                                             meta("dc.date"),
                                             meta("dc.date.issued"),
                                             m.itemprop_date,
                                             ld_date,
                                             m.time_datetime};
  for (const std::string& candidate : dates) {
    a.date = normalize_date(clean_inline(candidate));
    if (!a.date.empty()) {
      break;
    }
  }

  std::string article_author = meta("article:author");
  if (looks_like_url(article_author)) {
    article_author.clear();  // often a link to the author's profile page
  }
  const std::array<std::string, 7> authors = {meta("author"),    article_author,     meta("byl"),
                                              m.itemprop_author, meta("dc.creator"), ld_author,
                                              m.rel_author};
  for (const std::string& candidate : authors) {
    std::string name = clean_inline(strip_by(clean_inline(candidate)));
    if (!name.empty() && name.size() <= kMaxAuthorBytes && !looks_like_url(name)) {
      a.author = std::move(name);
      break;
    }
  }

  a.language = declared_language(m);
  a.body = visible_text(output->root);
  return a;
}

constexpr std::size_t kCharsetProbeBytes = 4096;  // of a page, where its <meta> is looked for

// The value after "charset=" in `s` (a Content-Type, a <meta> tag), without quotes.
std::string charset_param(std::string_view s) {
  const std::string lower = text::lower_ascii(s);
  const std::size_t at = lower.find("charset");
  if (at == std::string::npos) {
    return {};
  }
  std::size_t i = at + 7;
  while (i < lower.size() && text::is_ascii_space(lower[i])) {
    ++i;
  }
  if (i >= lower.size() || lower[i] != '=') {
    return {};
  }
  ++i;
  while (i < lower.size() &&
         (text::is_ascii_space(lower[i]) || lower[i] == '"' || lower[i] == '\'')) {
    ++i;
  }
  std::size_t end = i;
  while (end < lower.size() && (text::is_ascii_alnum(lower[end]) || lower[end] == '-' ||
                                lower[end] == '_' || lower[end] == '.' || lower[end] == ':')) {
    ++end;
  }
  return lower.substr(i, end - i);
}

// The charset a page's <meta charset> or <meta http-equiv="Content-Type" content="...;
// charset=..."> names near its start; empty when none does.
std::string meta_charset(std::string_view page) {
  const std::string head = text::lower_ascii(page.substr(0, kCharsetProbeBytes));
  for (std::size_t at = head.find("<meta"); at != std::string::npos;
       at = head.find("<meta", at + 5)) {
    const std::size_t end = head.find('>', at);
    std::string cs = charset_param(std::string_view(head).substr(at, end - at));
    if (!cs.empty()) {
      return cs;
    }
  }
  return {};
}

}  // namespace folio
