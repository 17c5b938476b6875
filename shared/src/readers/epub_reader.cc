// The EPUB reader: container -> package (OPF) -> spine -> chapters through the HTML reader.
#include "readers/epub_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "readers/html_reader.h"
#include "readers/xml_tree.h"
#include "readers/zip_archive.h"
#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = to_lower_ascii(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int hi = s[i] == '%' && i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Package {
  std::string title, author, date, language;
  std::vector<std::string> spine;  // zip entry names of the (X)HTML chapters, in order
};

void read_metadata(const xmlNode* metadata, Package& book) {
  std::vector<std::string> authors;
  std::string first_date, publication_date;
  for (const xmlNode* c = metadata == nullptr ? nullptr : metadata->children; c != nullptr;
       c = c->next) {
    const std::string_view name = local_name(c);
    if (name == "title" && book.title.empty()) {
      book.title = clean_inline(text_of(c));
    } else if (name == "creator") {
      const std::string role = attribute(c, "role");
      std::string author = clean_inline(text_of(c));
      if ((role.empty() || role == "aut") && !author.empty() &&
          std::find(authors.begin(), authors.end(), author) == authors.end()) {
        authors.push_back(std::move(author));
      }
    } else if (name == "date") {
      const std::string date = normalize_date(clean_inline(text_of(c)));
      if (first_date.empty()) {
        first_date = date;
      }
      if (publication_date.empty() && attribute(c, "event") == "publication") {
        publication_date = date;
      }
    } else if (name == "language" && book.language.empty()) {
      book.language = language_tag(text_of(c));
    }
  }
  for (const std::string& author : authors) {
    book.author += book.author.empty() ? "" : ", ";
    book.author += author;
  }
  book.date = publication_date.empty() ? first_date : publication_date;
}

bool is_html(const std::string& media_type, const std::string& href) {
  if (!media_type.empty()) {
    return media_type.find("html") != std::string::npos;
  }
  const std::string h = lower_ascii(href);
  return h.ends_with(".xhtml") || h.ends_with(".html") || h.ends_with(".htm");
}

void read_spine(const xmlNode* package, std::string_view base, Package& book) {
  std::map<std::string, std::string> chapters;  // manifest id -> entry name, (X)HTML only
  const xmlNode* manifest = child_element(package, "manifest");
  for (const xmlNode* c = manifest == nullptr ? nullptr : manifest->children; c != nullptr;
       c = c->next) {
    const std::string href = attribute(c, "href");
    if (local_name(c) == "item" && is_html(attribute(c, "media-type"), href)) {
      chapters.emplace(attribute(c, "id"), epub_entry_name(base, href));
    }
  }
  const xmlNode* spine = child_element(package, "spine");
  for (const xmlNode* c = spine == nullptr ? nullptr : spine->children; c != nullptr; c = c->next) {
    const auto chapter = chapters.find(attribute(c, "idref"));
    if (local_name(c) == "itemref" && chapter != chapters.end() && !chapter->second.empty()) {
      book.spine.push_back(chapter->second);
    }
  }
}

// The entries META-INF/encryption.xml says are encrypted.
std::set<std::string> encrypted_entries(ZipArchive& zip) {
  std::set<std::string> names;
  const std::optional<std::string> bytes = zip.read("META-INF/encryption.xml");
  const XmlDoc doc = bytes ? parse_xml(*bytes) : nullptr;
  const auto walk = [&](const auto& self, const xmlNode* n, int depth) -> void {
    for (const xmlNode* c = n == nullptr ? nullptr : n->children; c != nullptr && depth < 16;
         c = c->next) {
      if (local_name(c) == "CipherReference") {
        names.insert(epub_entry_name("", attribute(c, "URI")));
      } else {
        self(self, c, depth + 1);
      }
    }
  };
  walk(walk, root_of(doc), 0);
  return names;
}

}  // namespace

std::string epub_entry_name(std::string_view base, std::string_view href) {
  href = href.substr(0, href.find('#'));
  const std::size_t colon = href.find(':');
  if (colon != std::string_view::npos && href.find('/') > colon) {
    return {};  // "http://...", "mailto:..."
  }
  if (href.starts_with("/")) {
    base = {};
  }
  std::vector<std::string> parts;
  const std::string path = std::string(base) + percent_decode(href);
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    const std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& part : parts) {
    out += out.empty() ? "" : "/";
    out += part;
  }
  return out;
}

Extraction parse_epub(std::string_view bytes, const UnpackLimits& limits) {
  ZipArchive zip(bytes, limits);
  if (!zip.error().empty()) {
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  const std::optional<std::string> container = zip.read("META-INF/container.xml");
  const XmlDoc container_doc = container ? parse_xml(*container) : nullptr;
  std::string opf_path;
  const xmlNode* rootfiles = child_element(root_of(container_doc), "rootfiles");
  for (const xmlNode* c = rootfiles == nullptr ? nullptr : rootfiles->children; c != nullptr;
       c = c->next) {
    const std::string media_type = attribute(c, "media-type");
    if (local_name(c) == "rootfile" &&
        (media_type.empty() || media_type.find("oebps") != std::string::npos)) {
      opf_path = epub_entry_name("", attribute(c, "full-path"));
      break;
    }
  }
  if (!zip.error().empty()) {
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  if (opf_path.empty()) {
    return Extraction::skipped("corrupt EPUB", container
                                                   ? "META-INF/container.xml names no package file"
                                                   : "no META-INF/container.xml");
  }
  const std::optional<std::string> opf = zip.read(opf_path);
  const XmlDoc opf_doc = opf ? parse_xml(*opf) : nullptr;
  const xmlNode* package = root_of(opf_doc);
  if (!zip.error().empty()) {
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  if (package == nullptr) {
    return Extraction::skipped("corrupt EPUB", opf ? opf_path + " is not XML" : "no " + opf_path);
  }
  Package book;
  read_metadata(child_element(package, "metadata"), book);
  const std::size_t slash = opf_path.rfind('/');
  read_spine(package, slash == std::string::npos ? "" : opf_path.substr(0, slash + 1), book);

  const std::set<std::string> encrypted = encrypted_entries(zip);
  for (const std::string& chapter : book.spine) {
    if (encrypted.contains(chapter)) {
      return Extraction::skipped("encrypted EPUB", chapter + " is encrypted");
    }
  }
  Article a;
  std::string first_title;
  for (const std::string& chapter : book.spine) {
    const std::optional<std::string> html = zip.read(chapter);
    if (!zip.error().empty()) {
      return Extraction::skipped(zip.error(), zip.error_detail());
    }
    if (!html) {
      continue;  // listed but not in the zip: the rest of the book is still worth reading
    }
    std::string scratch;
    Article part = parse_html(valid_utf8(*html, scratch));
    if (first_title.empty()) {
      first_title = std::move(part.title);
    }
    if (!part.body.empty()) {
      a.body += a.body.empty() ? "" : "\n\n";
      a.body += part.body;
    }
  }
  if (a.body.empty()) {
    return Extraction::skipped("no text",
                               book.spine.empty() ? "the spine lists no (X)HTML chapter" : "");
  }
  a.title = book.title.empty() ? first_title : std::move(book.title);
  a.author = std::move(book.author);
  a.date = std::move(book.date);
  a.language = std::move(book.language);
  Extraction e;
  e.articles.push_back({std::move(a), ""});
  return e;
}

}  // namespace folio
