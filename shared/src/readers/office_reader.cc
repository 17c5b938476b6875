// The DOCX and ODT readers: the document part's paragraphs, headings and tables, and the
// metadata part, from a zip read within the unpack limits.
#include "readers/office_reader.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "readers/xml_tree.h"
#include "readers/zip_archive.h"
#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

constexpr int kMaxDepth = 512;    // of the walks below (libxml2 stops at 256 anyway)
constexpr int kMaxSpaces = 1000;  // that one text:s may stand for
constexpr std::string_view kWordNs = "wordprocessingml";  // transitional and strict OOXML

struct Paragraph {
  std::string text;      // one clean line
  bool heading = false;  // a heading or a Title-styled paragraph
};

// The text of one document, in reading order, and what comes after it (text boxes, notes).
struct Text {
  std::vector<Paragraph> paragraphs;
  std::vector<Paragraph> later;

  void add(const std::string& raw, bool heading) {
    std::string line = clean_inline(raw);
    if (!line.empty()) {
      paragraphs.push_back({std::move(line), heading});
    }
  }
  // A table cell's or text box's paragraphs, as one line or as paragraphs after the text.
  std::string joined(const char* separator) const {
    std::string out;
    for (const Paragraph& p : paragraphs) {
      out += out.empty() ? "" : separator;
      out += p.text;
    }
    return out;
  }
};

// A table cell's text joined onto its row's line ("Port | Tonnage"); what the cell put off
// (notes, text boxes) goes on to `out`.
void add_cell(Text& cell, std::string& line, Text& out) {
  const std::string text = cell.joined(" ");
  if (!text.empty()) {
    line += line.empty() ? "" : " | ";
    line += text;
  }
  out.later.insert(out.later.end(), cell.later.begin(), cell.later.end());
}

// The article of a document's text and metadata, or "no text".
Extraction finish(Text& text, Article a) {
  std::vector<Paragraph> all = std::move(text.paragraphs);
  all.insert(all.end(), text.later.begin(), text.later.end());
  if (all.empty()) {
    return Extraction::skipped("no text", "");
  }
  if (a.title.empty()) {
    const auto heading =
        std::find_if(all.begin(), all.end(), [](const Paragraph& p) { return p.heading; });
    a.title = heading != all.end() ? heading->text : title_from_words(all.front().text);
  }
  for (const Paragraph& p : all) {
    a.body += a.body.empty() ? "" : "\n\n";
    a.body += p.text;
  }
  a.body = clean_body(a.body);  // the lines are clean; this only guarantees the contract
  Extraction e;
  e.articles.push_back({std::move(a), ""});
  return e;
}

// A part of the zip, parsed; `missing` says whether it was absent (as opposed to unreadable).
struct Part {
  XmlDoc doc;
  bool missing = false;
};

Part read_part(ZipArchive& zip, std::string_view name) {
  Part part;
  const std::optional<std::string> bytes = zip.read(name);
  part.missing = !bytes.has_value() && zip.error().empty();
  if (bytes) {
    part.doc = parse_xml(*bytes);
  }
  return part;
}

// ---- DOCX ---------------------------------------------------------------------------------

bool is_w(const xmlNode* n, std::string_view name) { return is_element(n, name, kWordNs); }

class DocxWalker {
 public:
  explicit DocxWalker(Text& out) : out_(out) {}

  // Block content: paragraphs, tables, and the containers around them (content controls,
  // custom XML, inserted revisions); deleted ones left out.
  void blocks(const xmlNode* parent, int depth) {
    if (depth > kMaxDepth) {
      return;
    }
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (is_w(c, "p")) {
        paragraph(c, depth + 1);
      } else if (is_w(c, "tbl")) {
        table(c, depth + 1);
      } else if (c->type == XML_ELEMENT_NODE && !is_w(c, "del") && !is_w(c, "moveFrom") &&
                 !is_w(c, "sectPr") && local_name(c) != "Fallback") {
        blocks(c, depth + 1);
      }
    }
  }

 private:
  void paragraph(const xmlNode* p, int depth) {
    std::string text;
    inline_text(p, text, depth);
    out_.add(text, is_heading(p));
  }

  static bool is_heading(const xmlNode* p) {
    const xmlNode* props = child_element(p, "pPr");
    const std::string style = lower_ascii(attribute(child_element(props, "pStyle"), "val"));
    return style == "title" || style.starts_with("heading") ||
           child_element(props, "outlineLvl") != nullptr;
  }

  void inline_text(const xmlNode* n, std::string& text, int depth) {
    if (depth > kMaxDepth) {
      return;
    }
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      if (is_w(c, "t")) {
        text += text_of(c);
      } else if (is_w(c, "tab") || is_w(c, "ptab")) {
        text += '\t';
      } else if (is_w(c, "br") || is_w(c, "cr")) {
        text += '\n';
      } else if (is_w(c, "noBreakHyphen")) {
        text += '-';
      } else if (is_w(c, "txbxContent")) {
        Text box;
        DocxWalker(box).blocks(c, depth + 1);
        out_.later.insert(out_.later.end(), box.paragraphs.begin(), box.paragraphs.end());
      } else if (!is_w(c, "del") && !is_w(c, "moveFrom") && !is_w(c, "pPr") && !is_w(c, "rPr") &&
                 !is_w(c, "instrText") && !is_w(c, "delText") &&
                 local_name(c) != "Fallback") {  // mc:Fallback repeats mc:Choice's text box
        inline_text(c, text, depth + 1);         // runs, hyperlinks, insertions, fields, drawings
      }
    }
  }

  // A row a paragraph, its cells' text joined by " | "; a deleted row left out.
  void table(const xmlNode* tbl, int depth) {
    for (const xmlNode* row = tbl->children; row != nullptr; row = row->next) {
      if (!is_w(row, "tr") || child_element(child_element(row, "trPr"), "del") != nullptr) {
        continue;
      }
      std::string line;
      for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
        if (!is_w(cell, "tc")) {
          continue;
        }
        Text content;
        DocxWalker(content).blocks(cell, depth + 1);
        add_cell(content, line, out_);
      }
      out_.add(line, false);
    }
  }

  Text& out_;
};

// docProps/core.xml: dc:title, dc:creator, dc:language, dcterms:created else
// dcterms:modified.
void read_core(const xmlNode* root, Article& a) {
  std::string created, modified;
  for (const xmlNode* c = root == nullptr ? nullptr : root->children; c != nullptr; c = c->next) {
    const std::string_view name = local_name(c);
    if (name == "title") {
      a.title = clean_inline(text_of(c));
    } else if (name == "creator") {
      a.author = clean_inline(text_of(c));
    } else if (name == "language") {
      a.language = language_tag(text_of(c));
    } else if (name == "created") {
      created = text_of(c);
    } else if (name == "modified") {
      modified = text_of(c);
    }
  }
  a.date = normalize_date(clean_inline(created));
  if (a.date.empty()) {
    a.date = normalize_date(clean_inline(modified));
  }
}

// The footnotes or endnotes part: each note's paragraphs but the separators.
void read_notes(const xmlNode* root, Text& text) {
  for (const xmlNode* c = root == nullptr ? nullptr : root->children; c != nullptr; c = c->next) {
    if ((is_w(c, "footnote") || is_w(c, "endnote")) && attribute(c, "type").empty()) {
      Text note;
      DocxWalker(note).blocks(c, 1);
      text.later.insert(text.later.end(), note.paragraphs.begin(), note.paragraphs.end());
    }
  }
}

// ---- ODT ----------------------------------------------------------------------------------

class OdtWalker {
 public:
  // `parents`: the automatic styles' parents ("P1" -> "Title").
  OdtWalker(Text& out, const std::map<std::string, std::string>& parents)
      : out_(out), parents_(parents) {}

  void blocks(const xmlNode* parent, int depth) {
    if (depth > kMaxDepth) {
      return;
    }
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      const std::string_view name = local_name(c);
      if (name == "p" || name == "h") {
        std::string text;
        inline_text(c, text, depth + 1);
        out_.add(text, name == "h" || is_heading_style(attribute(c, "style-name")));
      } else if (name == "table") {
        table(c, depth + 1);
      } else if (!name.empty() && name != "tracked-changes" && name != "table-of-content" &&
                 name != "annotation" && name != "forms") {
        blocks(c, depth + 1);  // lists, list items, sections, frames
      }
    }
  }

 private:
  bool is_heading_style(const std::string& style) const {
    const auto parent = parents_.find(style);
    const std::string resolved = parent == parents_.end() ? style : parent->second;
    return resolved == "Title" || resolved.starts_with("Heading");
  }

  void inline_text(const xmlNode* n, std::string& text, int depth) {
    if (depth > kMaxDepth) {
      return;
    }
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE && c->content != nullptr) {
        text += reinterpret_cast<const char*>(c->content);
        continue;
      }
      const std::string_view name = local_name(c);
      if (name == "s") {
        const int count = std::atoi(attribute(c, "c").c_str());
        text.append(static_cast<std::size_t>(std::clamp(count, 1, kMaxSpaces)), ' ');
      } else if (name == "tab") {
        text += '\t';
      } else if (name == "line-break") {
        text += '\n';
      } else if (name == "note") {
        later(child_element(c, "note-body"), depth);
      } else if (name == "frame") {
        later(child_element(c, "text-box"), depth);  // not the image's title or description
      } else if (!name.empty() && name != "annotation" && name != "note-citation") {
        inline_text(c, text, depth + 1);  // spans, links, fields, ruby
      }
    }
  }

  void later(const xmlNode* n, int depth) {
    if (n == nullptr) {
      return;
    }
    Text inner;
    OdtWalker(inner, parents_).blocks(n, depth + 1);
    out_.later.insert(out_.later.end(), inner.paragraphs.begin(), inner.paragraphs.end());
    out_.later.insert(out_.later.end(), inner.later.begin(), inner.later.end());
  }

  // Rows may sit in header-rows, rows and row-groups; covered cells (under a merged one) are
  // empty.
  void table(const xmlNode* n, int depth) {
    if (depth > kMaxDepth) {
      return;
    }
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      const std::string_view name = local_name(c);
      if (name == "table-row") {
        row(c, depth + 1);
      } else if (name == "table-header-rows" || name == "table-rows" || name == "table-row-group") {
        table(c, depth + 1);
      }
    }
  }

  void row(const xmlNode* r, int depth) {
    std::string line;
    for (const xmlNode* cell = r->children; cell != nullptr; cell = cell->next) {
      if (local_name(cell) != "table-cell") {
        continue;
      }
      Text content;
      OdtWalker(content, parents_).blocks(cell, depth + 1);
      add_cell(content, line, out_);
    }
    out_.add(line, false);
  }

  Text& out_;
  const std::map<std::string, std::string>& parents_;
};

// meta.xml: dc:title, meta:initial-creator else dc:creator, dc:language, meta:creation-date
// else dc:date.
void read_meta(const xmlNode* root, Article& a) {
  const xmlNode* meta = child_element(root, "meta");
  std::string initial_creator, creator, created, date;
  for (const xmlNode* c = meta == nullptr ? nullptr : meta->children; c != nullptr; c = c->next) {
    const std::string_view name = local_name(c);
    if (name == "title") {
      a.title = clean_inline(text_of(c));
    } else if (name == "initial-creator") {
      initial_creator = clean_inline(text_of(c));
    } else if (name == "creator") {
      creator = clean_inline(text_of(c));
    } else if (name == "language") {
      a.language = language_tag(text_of(c));
    } else if (name == "creation-date") {
      created = text_of(c);
    } else if (name == "date") {
      date = text_of(c);
    }
  }
  a.author = initial_creator.empty() ? creator : initial_creator;
  a.date = normalize_date(clean_inline(created));
  if (a.date.empty()) {
    a.date = normalize_date(clean_inline(date));
  }
}

std::map<std::string, std::string> automatic_style_parents(const xmlNode* root) {
  std::map<std::string, std::string> parents;
  const xmlNode* styles = child_element(root, "automatic-styles");
  for (const xmlNode* c = styles == nullptr ? nullptr : styles->children; c != nullptr;
       c = c->next) {
    if (local_name(c) == "style") {
      parents[attribute(c, "name")] = attribute(c, "parent-style-name");
    }
  }
  return parents;
}

// The package's part of a relationship type (its last path segment: "officeDocument",
// "core-properties") as _rels/.rels names it, else `fallback`. Word writes the main part as
// word/document.xml, but other writers may name it otherwise.
std::string package_part(ZipArchive& zip, std::string_view type, const std::string& fallback) {
  const Part rels = read_part(zip, "_rels/.rels");
  const xmlNode* root = root_of(rels.doc);
  for (const xmlNode* c = root == nullptr ? nullptr : root->children; c != nullptr; c = c->next) {
    const std::string t = attribute(c, "Type");
    if (local_name(c) == "Relationship" && t.size() > type.size() && t.ends_with(type) &&
        t[t.size() - type.size() - 1] == '/') {
      std::string target = attribute(c, "Target");
      while (target.starts_with('/')) {
        target.erase(0, 1);
      }
      if (!target.empty() && zip.contains(target)) {
        return target;
      }
    }
  }
  return fallback;
}

}  // namespace

Extraction parse_docx(std::string_view bytes, const UnpackLimits& limits) {
  ZipArchive zip(bytes, limits);
  if (!zip.error().empty()) {
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  const std::string main_name = package_part(zip, "officeDocument", "word/document.xml");
  const Part main = read_part(zip, main_name);
  if (main.missing) {
    return Extraction::skipped("corrupt document", "no " + main_name);
  }
  const xmlNode* root = root_of(main.doc);
  if (root == nullptr) {
    return zip.error().empty() ? Extraction::skipped("corrupt document", main_name + " is not XML")
                               : Extraction::skipped(zip.error(), zip.error_detail());
  }
  Text text;
  const xmlNode* body = child_element(root, "body");
  DocxWalker(text).blocks(body == nullptr ? root : body, 0);
  for (const char* notes : {"word/footnotes.xml", "word/endnotes.xml"}) {
    read_notes(root_of(read_part(zip, notes).doc), text);
  }
  Article a;
  read_core(root_of(read_part(zip, package_part(zip, "core-properties", "docProps/core.xml")).doc),
            a);
  // Not the default w:lang of word/styles.xml: that is the language of the template the
  // document was made from (en-US in most Word installs), not of its text; detection does better.
  if (!zip.error().empty()) {  // a part past the limits, say
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  return finish(text, std::move(a));
}

Extraction parse_odt(std::string_view bytes, const UnpackLimits& limits) {
  ZipArchive zip(bytes, limits);
  if (!zip.error().empty()) {
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  const Part content = read_part(zip, "content.xml");
  if (content.missing) {
    return Extraction::skipped("corrupt document", "no content.xml");
  }
  const xmlNode* root = root_of(content.doc);
  if (root == nullptr) {
    return zip.error().empty() ? Extraction::skipped("corrupt document", "content.xml is not XML")
                               : Extraction::skipped(zip.error(), zip.error_detail());
  }
  const std::map<std::string, std::string> parents = automatic_style_parents(root);
  Text text;
  const xmlNode* body = child_element(root, "body");
  const xmlNode* office_text = child_element(body, "text");
  OdtWalker(text, parents).blocks(office_text != nullptr ? office_text : root, 0);
  Article a;
  read_meta(root_of(read_part(zip, "meta.xml").doc), a);
  if (!zip.error().empty()) {
    return Extraction::skipped(zip.error(), zip.error_detail());
  }
  return finish(text, std::move(a));
}

}  // namespace folio
