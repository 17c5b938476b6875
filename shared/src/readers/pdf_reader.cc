// The PDF reader: page text, info dictionary and XMP metadata through poppler-cpp and libxml2.
#include "readers/pdf_reader.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
// poppler's own API (libpoppler-private-dev), for the words of a page: see PageWords.
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>

#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace folio {
namespace {

constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxXmpBytes = 4 << 20;  // a metadata packet larger than this is not read

// A paragraph ends where the gap between two lines passes the page's usual gap by this much of
// the line height. The usual gap is the median of the page's gaps when it has enough of them,
// else that of single-spaced text.
constexpr double kParagraphGap = 0.5;
constexpr double kSingleSpacedGap = 0.35;
constexpr std::size_t kGapsForMedian = 3;

void ignore_poppler_message(const std::string& /*message*/, void* /*closure*/) {}

// poppler prints its warnings about broken files to stderr unless given a function for them.
void ignore_core_message(ErrorCategory /*category*/, Goffset /*position*/,
                         const char* /*message*/) {}

// Also keeps poppler's global parameters for the whole process: poppler-cpp makes them for
// each document and drops them with the last one, which was a fifth of a small PDF's
// instructions (callgrind, tests/fixtures/formats/pdf/two_pages.pdf).
void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(ignore_poppler_message, nullptr);
    static const GlobalParamsIniter keep(ignore_core_message);
  });
}

// poppler's ustring holds UTF-16 code units; converted here rather than by ustring::to_utf8(),
// which opens an iconv converter each call. A lone surrogate becomes U+FFFD.
std::string utf8_of(const poppler::ustring& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 &&
        s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    text::append_utf8(out, c);
  }
  return out;
}

// ---- the body ----

// The words of one baseline and the box around them.
struct Line {
  std::string text;
  double top = 0;
  double bottom = 0;

  double height() const { return bottom - top; }
};

// True when a word with `box` continues `line`: it shares at least half its height with it
// (on either side: right-to-left scripts go leftwards).
bool continues(const Line& line, const poppler::rectf& box) {
  const double height = std::min(line.height(), box.height());
  const double shared = std::min(line.bottom, box.bottom()) - std::max(line.top, box.top());
  return shared >= 0.5 * height;
}

// The words of each page in poppler's reading order (TextOutputDev, as pdftotext's), with
// their boxes, joined into lines. page::text() would join the lines of a block already,
// dropping every line-end hyphen ("Covid-" "19" -> "Covid19"); poppler-cpp's
// page::text_list() gives these same words but displays each page over a fresh copy of the
// cross-reference table, so every page parsed the document's fonts and resources again:
// three times pdftotext's instructions on a 60-page manual (callgrind). Here the pages share
// one document. Its caller keeps a poppler-cpp document open meanwhile, which keeps poppler's
// global parameters.
class PageWords {
 public:
  explicit PageWords(std::string_view bytes)
      : doc_(new MemStream(const_cast<char*>(bytes.data()), 0, static_cast<Goffset>(bytes.size()),
                           Object(objNull))) {}

  bool ok() { return globalParams != nullptr && doc_.isOk(); }

  /// The lines of page `index` (from 0).
  std::vector<Line> lines(int index) {
    std::vector<Line> lines;
    TextOutputDev dev(nullptr, false, 0, false, false);
    if (!dev.isOk()) {
      return lines;
    }
    doc_.displayPage(&dev, index + 1, 72, 72, 0, false, false, false);
    const std::unique_ptr<TextWordList> words = dev.makeWordList();
    bool space_after = false;
    for (int i = 0; words && i < words->getLength(); ++i) {
      const TextWord* word = words->get(i);
      const std::unique_ptr<GooString> raw(word->getText());
      if (!raw || raw->getLength() == 0) {
        continue;
      }
      std::string text = raw->toStr();
      double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
      word->getBBox(&x_min, &y_min, &x_max, &y_max);
      const poppler::rectf box(x_min, y_min, x_max - x_min, y_max - y_min);
      if (lines.empty() || !continues(lines.back(), box)) {
        lines.push_back(Line{std::move(text), box.top(), box.bottom()});
      } else {
        Line& line = lines.back();
        if (space_after) {
          line.text += ' ';
        }
        line.text += text;
        line.top = std::min(line.top, box.top());
        line.bottom = std::max(line.bottom, box.bottom());
      }
      space_after = word->hasSpaceAfter();
    }
    return lines;
  }

  /// The catalog's /Lang, as a tag; empty when there is none. poppler-cpp has no getter for
  /// it, and this is the document open through poppler's own API.
  std::string catalog_language() {
    const Object catalog = doc_.getXRef()->getCatalog();
    const Object lang = catalog.isDict() ? catalog.dictLookup("Lang") : Object(objNull);
    if (!lang.isString()) {
      return {};
    }
    const std::string& raw = lang.getString()->toStr();
    if (!GooString::hasUnicodeMarker(raw)) {
      return text::language_tag(raw);
    }
    std::string ascii;  // UTF-16BE: a tag is ASCII, each character after a zero byte
    for (std::size_t i = 2; i + 1 < raw.size(); i += 2) {
      ascii += raw[i] == '\0' ? raw[i + 1] : '?';
    }
    return text::language_tag(ascii);
  }

 private:
  PDFDoc doc_;
};

// The gap between two lines in line heights; negative when they overlap.
double gap_between(const Line& above, const Line& below) {
  const double height = std::max(1e-3, std::min(above.height(), below.height()));
  return (below.top - above.bottom) / height;
}

// True when `next` starts a paragraph after `line`: it starts above it (a new column or block),
// or below it past the page's usual gap by kParagraphGap.
bool starts_paragraph(const Line& line, const Line& next, double usual_gap) {
  return next.bottom < line.top || gap_between(line, next) > usual_gap + kParagraphGap;
}

// The usual gap between the lines of a page, in line heights.
double usual_gap(const std::vector<Line>& lines) {
  std::vector<double> gaps;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].bottom >= lines[i - 1].top) {
      gaps.push_back(gap_between(lines[i - 1], lines[i]));
    }
  }
  if (gaps.size() < kGapsForMedian) {
    return kSingleSpacedGap;
  }
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                   gaps.end());
  return gaps[gaps.size() / 2];
}

// The code point that ends `s` (0 when none or malformed), and where it starts.
char32_t last_code_point(std::string_view s, std::size_t& start) {
  start = s.size();
  while (start > 0) {
    --start;
    if ((static_cast<unsigned char>(s[start]) & 0xC0) != 0x80) {
      char32_t cp = 0;
      return text::utf8_next(s, start, cp) == s.size() - start ? cp : 0;
    }
  }
  return 0;
}

// A lower-case letter of the Latin, Greek or Cyrillic scripts.
bool is_lower_letter(char32_t cp) {
  if (cp < 0x80) {
    return cp >= 'a' && cp <= 'z';
  }
  if (cp == 0xF7 || cp < 0xDF || cp > 0x52F || (cp > 0x24F && cp < 0x370)) {
    return false;
  }
  std::string s;
  text::append_utf8(s, cp);
  return text::fold_case(s) == s && !text::starts_with_capital(s);
}

bool starts_lower(std::string_view s) {
  char32_t cp = 0;
  return !s.empty() && text::utf8_next(s, 0, cp) > 0 && is_lower_letter(cp);
}

// A word without the ASCII punctuation around it ("(well-known)," -> "well-known").
std::string_view core(std::string_view word) {
  while (!word.empty() && text::is_ascii_punct(word.front())) {
    word.remove_prefix(1);
  }
  while (!word.empty() && text::is_ascii_punct(word.back())) {
    word.remove_suffix(1);
  }
  return word;
}

// The hyphenated compounds written whole inside a line so far ("well-known"), in ASCII lower
// case: a line-end hyphen between the same two parts is kept.
class Compounds {
 public:
  void add_line(std::string_view line) {
    std::size_t start = 0;
    while (start < line.size() && seen_.size() < kMaxCompounds) {
      const std::size_t end = std::min(line.find(' ', start), line.size());
      const std::string_view word = core(line.substr(start, end - start));
      if (word.find('-') != std::string_view::npos) {
        seen_.insert(text::lower_ascii(word));
      }
      start = end + 1;
    }
  }

  bool contains(std::string_view first, std::string_view second) const {
    return seen_.count(text::lower_ascii(std::string(first) + "-" + std::string(second))) > 0;
  }

 private:
  static constexpr std::size_t kMaxCompounds = 1 << 16;
  std::unordered_set<std::string> seen_;
};

// Adds the line `next` to `paragraph`, undoing a hyphenation at the line end (see pdf_reader.h).
void add_line(std::string& paragraph, std::string_view next, const Compounds& compounds) {
  if (paragraph.empty()) {
    paragraph = next;
    return;
  }
  std::size_t hyphen = 0;
  const char32_t last = last_code_point(paragraph, hyphen);
  if (last == 0xAD) {
    paragraph.resize(hyphen);
  } else if ((last == '-' || last == 0x2010) && hyphen > 0) {
    std::size_t before = 0;
    const char32_t letter = last_code_point(std::string_view(paragraph).substr(0, hyphen), before);
    const std::size_t word = paragraph.rfind(' ', hyphen) + 1;  // 0 when there is no space
    const std::string_view first = core(std::string_view(paragraph).substr(word, hyphen - word));
    const std::string_view second = core(next.substr(0, next.find(' ')));
    if (is_lower_letter(letter) && starts_lower(next) && !compounds.contains(first, second)) {
      paragraph.resize(hyphen);
    } else if (letter == ' ' || letter == 0) {
      paragraph += ' ';  // a dash, not a hyphen
    }
  } else {
    paragraph += ' ';
  }
  paragraph += next;
}

// Appends the paragraphs of one page to `out`, each followed by "\n\n".
void append_page(const std::vector<Line>& lines, Compounds& compounds, std::string& out) {
  for (const Line& line : lines) {
    compounds.add_line(line.text);
  }
  const double usual = usual_gap(lines);
  std::string paragraph;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0 && starts_paragraph(lines[i - 1], lines[i], usual)) {
      out += paragraph;
      out += "\n\n";
      paragraph.clear();
    }
    add_line(paragraph, lines[i].text, compounds);
  }
  if (!paragraph.empty()) {
    out += paragraph;
    out += "\n\n";
  }
}

// ---- the metadata ----

std::string_view without_junk_prefix(std::string_view title) {
  for (const std::string_view prefix :
       {"Microsoft Word - ", "Microsoft PowerPoint - ", "Microsoft Excel - "}) {
    if (title.substr(0, prefix.size()) == prefix) {
      return title.substr(prefix.size());
    }
  }
  return title;
}

// A title as shown, or empty when it is none.
std::string clean_title(std::string_view raw) {
  std::string title = text::clean_inline(without_junk_prefix(text::clean_inline(raw)));
  if (text::iequals(title, "untitled")) {
    return {};
  }
  return std::string(text::utf8_prefix(title, kMaxTitleBytes));
}

// "YYYY-MM-DD" when `iso` is a valid day from 1990 (before PDF, a clock that was not set) to
// next year; else empty.
std::string plausible_date(std::string_view iso) {
  std::string date = text::normalize_date(iso);
  if (date.size() < 4) {
    return {};
  }
  const int year = std::stoi(date.substr(0, 4));
  const std::chrono::year_month_day today{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return year >= 1990 && year <= static_cast<int>(today.year()) + 1 ? date : std::string();
}

// A PDF date ("D:20200114102200+01'00'") as "YYYY-MM-DD"; empty unless plausible.
std::string pdf_date(std::string_view raw) {
  std::string_view s = text::trim_ascii(raw);
  if (s.substr(0, 2) == "D:") {
    s.remove_prefix(2);
  }
  if (s.size() < 8 || !std::all_of(s.begin(), s.begin() + 8, text::is_ascii_digit)) {
    return {};
  }
  return plausible_date(std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                        std::string(s.substr(6, 2)));
}

// The fields of an XMP packet (raw: not yet cleaned).
struct Xmp {
  std::string title;
  std::string author;
  std::string created;
  std::string modified;
};

constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kXmpBasic = "http://ns.adobe.com/xap/1.0/";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string_view chars(const xmlChar* s) {
  return s == nullptr ? std::string_view() : reinterpret_cast<const char*>(s);
}

bool named(const xmlNode* n, std::string_view ns, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && n->ns != nullptr && chars(n->ns->href) == ns &&
         chars(n->name) == name;
}

// The text of a node and its descendants.
void append_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr) {
      out += chars(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      append_text(c, out);
    }
  }
}

// The rdf:li items of a property (rdf:Alt, rdf:Seq, rdf:Bag), or its text when it has none.
std::vector<std::string> items_of(const xmlNode* property) {
  std::vector<std::string> items;
  for (const xmlNode* list = property->children; list != nullptr; list = list->next) {
    for (const xmlNode* li = list->children; li != nullptr; li = li->next) {
      if (named(li, kRdf, "li")) {
        std::string item;
        append_text(li, item);
        items.push_back(std::move(item));
      }
    }
  }
  if (items.empty()) {
    items.emplace_back();
    append_text(property, items.back());
  }
  return items;
}

void set_once(std::string& field, std::string value) {
  if (field.empty()) {
    field = std::move(value);
  }
}

// Reads the properties below `n`, as elements or (the short form) as attributes.
void read_xmp(const xmlNode* n, Xmp& xmp) {
  for (; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (named(n, kDublinCore, "title")) {
      set_once(xmp.title, items_of(n).front());
    } else if (named(n, kDublinCore, "creator")) {
      std::string authors;
      for (const std::string& item : items_of(n)) {
        if (!text::is_blank(item)) {
          authors += (authors.empty() ? "" : ", ") + item;
        }
      }
      set_once(xmp.author, std::move(authors));
    } else if (named(n, kXmpBasic, "CreateDate")) {
      set_once(xmp.created, items_of(n).front());
    } else if (named(n, kXmpBasic, "ModifyDate")) {
      set_once(xmp.modified, items_of(n).front());
    }
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      if (a->ns == nullptr || chars(a->ns->href) != kXmpBasic || a->children == nullptr) {
        continue;
      }
      const std::string_view value = chars(a->children->content);
      if (chars(a->name) == "CreateDate") {
        set_once(xmp.created, std::string(value));
      } else if (chars(a->name) == "ModifyDate") {
        set_once(xmp.modified, std::string(value));
      }
    }
    read_xmp(n->children, xmp);
  }
}

// The metadata stream as UTF-8. poppler gives its bytes one to a UTF-16 unit, decoding them
// only when they start with a UTF-16 byte order mark: the bytes of the first kind are the
// packet (UTF-8 as XMP wants it, unless they are not valid UTF-8).
std::string xmp_packet(const poppler::ustring& s) {
  if (std::all_of(s.begin(), s.end(), [](poppler::ustring::value_type u) { return u <= 0xFF; })) {
    std::string bytes(s.size(), '\0');
    std::transform(s.begin(), s.end(), bytes.begin(),
                   [](poppler::ustring::value_type u) { return static_cast<char>(u); });
    if (text::is_valid_utf8(bytes)) {
      return bytes;
    }
  }
  return utf8_of(s);
}

// The XMP packet's fields; empty when there is none or it is not XML. Parsed without the
// network and without substituting entities.
Xmp parse_xmp(const std::string& packet) {
  Xmp xmp;
  if (packet.empty() || packet.size() > kMaxXmpBytes) {
    return xmp;
  }
  const std::unique_ptr<xmlDoc, XmlDocFree> doc(
      xmlReadMemory(packet.data(), static_cast<int>(packet.size()), nullptr, "UTF-8",
                    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc) {
    read_xmp(xmlDocGetRootElement(doc.get()), xmp);
  }
  return xmp;
}

std::string pages_detail(int pages) {
  return std::to_string(pages) + (pages == 1 ? " page" : " pages") + " without text";
}

// The metadata of `doc` into `a`; the title from the body's first line when there is none.
void read_metadata(const poppler::document& doc, std::string_view first_line, Article& a) {
  a.title = clean_title(utf8_of(doc.info_key("Title")));
  a.author = text::clean_inline(utf8_of(doc.info_key("Author")));
  a.date = pdf_date(utf8_of(doc.info_key("CreationDate")));
  if (a.date.empty()) {
    a.date = pdf_date(utf8_of(doc.info_key("ModDate")));
  }
  if (a.title.empty() || a.author.empty() || a.date.empty()) {
    const Xmp xmp = parse_xmp(xmp_packet(doc.metadata()));
    if (a.title.empty()) {
      a.title = clean_title(xmp.title);
    }
    if (a.author.empty()) {
      a.author = text::clean_inline(xmp.author);
    }
    if (a.date.empty()) {
      a.date = plausible_date(xmp.created);
    }
    if (a.date.empty()) {
      a.date = plausible_date(xmp.modified);
    }
  }
  if (a.title.empty()) {
    a.title = clean_title(first_line);
  }
}

}  // namespace

Extraction parse_pdf(std::string_view bytes, const PdfLimits& limits) {
  silence_poppler();
  if (bytes.size() >= static_cast<std::size_t>(INT_MAX)) {
    return Extraction::skipped("PDF too large", std::to_string(bytes.size()) + " bytes");
  }
  // load_from_raw_data reads `bytes` in place: they outlive the document.
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    return Extraction::skipped("corrupt PDF", "poppler cannot open it");
  }
  // A locked document answers nothing else safely (pages() dereferences its missing catalog).
  if (doc->is_locked()) {
    return Extraction::skipped("encrypted PDF", "it needs a password");
  }
  const int pages = doc->pages();
  if (pages <= 0) {
    return Extraction::skipped("no text", "no pages");
  }
  std::string text;
  std::string first_line;
  std::string limit;
  Compounds compounds;
  PageWords words(bytes);
  if (!words.ok()) {
    return Extraction::skipped("corrupt PDF", "poppler cannot open it");
  }
  const int to_read = std::min(pages, std::max(limits.max_pages, 0));
  for (int i = 0; i < to_read && limit.empty(); ++i) {
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      continue;  // a page the page tree names but poppler cannot reach (a loop, a bad object)
    }
    const std::vector<Line> lines = words.lines(i);
    if (first_line.empty()) {
      const auto first = std::find_if(lines.begin(), lines.end(), [](const Line& l) {
        return !text::clean_inline(l.text).empty();
      });
      if (first != lines.end()) {
        first_line = first->text;
      }
    }
    append_page(lines, compounds, text);
    if (text.size() > limits.max_body_bytes) {
      limit = "text limit: the body is cut at " + std::to_string(limits.max_body_bytes) +
              " bytes, on page " + std::to_string(i + 1) + " of " + std::to_string(pages);
    }
  }
  if (limit.empty() && to_read < pages) {
    limit =
        "page limit: read " + std::to_string(to_read) + " of " + std::to_string(pages) + " pages";
  }
  KeyedArticle item;
  Article& a = item.article;
  a.body = text::clean_body(text);
  if (a.body.size() > limits.max_body_bytes) {
    a.body.resize(text::utf8_prefix(a.body, limits.max_body_bytes).size());
    while (!a.body.empty() && (a.body.back() == ' ' || a.body.back() == '\n')) {
      a.body.pop_back();
    }
  }
  if (a.body.empty()) {
    return Extraction::skipped("image-only PDF", pages_detail(pages));
  }
  read_metadata(*doc, first_line, a);
  a.language = words.catalog_language();
  Extraction out;
  out.articles.push_back(std::move(item));
  out.skip_detail = std::move(limit);
  return out;
}

}  // namespace folio
