// Snippets as text and HTML: passages joined, text escaped, matches marked.
#include "folio/snippet.h"

namespace folio {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

// Appends `text` escaped: plain runs are copied whole, only the five special bytes replaced.
void append_escaped(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text, from, i - from);
    out += entity;
    from = i + 1;
  }
  out.append(text, from);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_escaped(out, text);
  return out;
}

std::string snippet_to_html(const Snippet& snippet, std::string_view open, std::string_view close) {
  std::string out;
  std::size_t size = 0;
  for (const Fragment& f : snippet) {
    size += f.text.size() + (f.highlight ? open.size() + close.size() : 0);
  }
  out.reserve(size + size / 8);
  for (const Fragment& f : snippet) {
    if (f.highlight) {
      out += open;
      append_escaped(out, f.text);
      out += close;
    } else {
      append_escaped(out, f.text);
    }
  }
  return out;
}

Snippet join_passages(const std::vector<Snippet>& passages) {
  Snippet out;
  const std::string before = std::string(kEllipsis) + " ";
  const std::string after = " " + std::string(kEllipsis);
  for (const Snippet& p : passages) {
    auto from = p.begin();
    std::string head;  // the passage's first plain text, without its leading ellipsis
    if (!out.empty()) {
      // The seam gets one ellipsis: drop the one ending the last passage and the one opening
      // this passage, whether they are fragments of their own or ends of plain text.
      if (!out.back().highlight && out.back().text.ends_with(after)) {
        out.back().text.resize(out.back().text.size() - after.size());
        if (out.back().text.empty()) {
          out.pop_back();
        }
      }
      if (from != p.end() && !from->highlight && from->text.starts_with(before)) {
        head = from->text.substr(before.size());
        ++from;
      }
      out.push_back({after + " " + head, false});
    }
    out.insert(out.end(), from, p.end());
  }
  return out;
}

}  // namespace folio
