// Reading files into articles: the dispatch by file type and the one entry point, read_file().
#include "folio/reader.h"

#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include "readers/dispatch.h"
#include "readers/epub_reader.h"
#include "readers/extraction.h"
#include "readers/extractor.h"
#include "readers/feed_reader.h"
#include "readers/file_loader.h"
#include "readers/html_reader.h"
#include "readers/jsonl_reader.h"
#include "readers/mail_reader.h"
#include "readers/markdown_reader.h"
#include "readers/office_reader.h"
#include "readers/pdf_reader.h"
#include "readers/text_reader.h"
#include "readers/warc_reader.h"
#include "text/ascii.h"
#include "text/charset.h"
#include "text/clean.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

// Each file name ending Folio reads (in lower case), and its reader.
constexpr std::pair<std::string_view, FileKind> kEndings[] = {
    {".txt", FileKind::kText},     {".text", FileKind::kText},
    {".md", FileKind::kMarkdown},  {".markdown", FileKind::kMarkdown},
    {".html", FileKind::kHtml},    {".htm", FileKind::kHtml},
    {".xhtml", FileKind::kHtml},   {".jsonl", FileKind::kJsonl},
    {".ndjson", FileKind::kJsonl}, {".rss", FileKind::kFeed},
    {".atom", FileKind::kFeed},    {".xml", FileKind::kXml},
    {".rdf", FileKind::kXml},  // RSS 1.0 feeds are often .rdf files
    {".eml", FileKind::kMail},     {".mbox", FileKind::kMailbox},
    {".pdf", FileKind::kPdf},      {".docx", FileKind::kDocx},
    {".odt", FileKind::kOdt},      {".epub", FileKind::kEpub},
    {".warc", FileKind::kWarc},    {".warc.gz", FileKind::kWarc},
};

// The reader a file name selects; a name that is all ending (".txt") is none.
FileKind kind_from_name(std::string_view name) {
  const std::string lower = text::lower_ascii(name);
  for (const auto& [ending, kind] : kEndings) {
    if (lower.size() > ending.size() && lower.ends_with(ending)) {
      return kind;
    }
  }
  return FileKind::kUnsupported;
}

/// id = path below root ('/'-separated), category = its first folder when it has one.
void set_id_and_category(const fs::path& file, const fs::path& root, Article& a) {
  auto normal = [](const fs::path& p) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(p, ec);
    return (ec ? p : absolute).lexically_normal();
  };
  const fs::path rel = normal(file).lexically_relative(normal(root));
  if (rel.empty() || rel == "." || *rel.begin() == "..") {
    a.id = text::clean_key(file.filename().generic_string());
    a.category.clear();
    return;
  }
  a.id = text::clean_key(rel.generic_string());
  a.category =
      std::distance(rel.begin(), rel.end()) > 1 ? text::clean_key(rel.begin()->string()) : "";
}

// The articles of a file: each "PATH#KEY" in the file's category (an article with an empty key,
// the one article of its file, has the file's own id).
ReadResult read_keyed(std::vector<KeyedArticle> items, const fs::path& file, const fs::path& root,
                      const ArticleSink& sink, ReadResult result) {
  const std::string path = text::clean_key(file.string());
  if (items.empty()) {
    result.skipped.push_back({path, "no text", ""});
    return result;
  }
  Article base;
  set_id_and_category(file, root, base);
  for (KeyedArticle& item : items) {
    item.article.id = item.key.empty() ? base.id : base.id + "#" + item.key;
    item.article.category = base.category;
    item.article.path = path;
    sink(std::move(item.article));
    ++result.articles;
  }
  return result;
}

// A feed's items; an .xml file whose root is not a feed is not one of Folio's formats.
ReadResult read_feed(std::string_view bytes, const fs::path& file, const fs::path& root,
                     const ArticleSink& sink, ReadResult result) {
  Feed feed = parse_feed(bytes);
  if (!feed.is_feed) {
    const bool xml = file_kind(file) == FileKind::kXml;
    result.skipped.push_back({text::clean_key(file.string()),
                              xml ? "unsupported file type" : "not a feed",
                              xml ? text::lower_ascii(file.extension().string()) + " (not a feed)"
                                  : "no <rss> or <feed> root"});
    return result;
  }
  return read_keyed(std::move(feed.items), file, root, sink, std::move(result));
}

// A binary or packed format's articles (in the extractor worker).
ReadResult read_packed(std::string_view bytes, FileKind kind, const fs::path& file,
                       const fs::path& root, const ArticleSink& sink, ReadResult result) {
  const UnpackLimits limits;
  Extraction x;
  switch (kind) {
    case FileKind::kPdf:
      x = parse_pdf(bytes);
      break;
    case FileKind::kDocx:
      x = parse_docx(bytes, limits);
      break;
    case FileKind::kOdt:
      x = parse_odt(bytes, limits);
      break;
    case FileKind::kEpub:
      x = parse_epub(bytes, limits);
      break;
    case FileKind::kWarc:
      x = parse_warc(bytes, limits);
      break;
    default:
      x.skip_reason = "unsupported file type";
      break;
  }
  const std::string path = text::clean_key(file.string());
  if (x.articles.empty()) {
    result.skipped.push_back(
        {path, x.skip_reason.empty() ? "no text" : x.skip_reason, x.skip_detail});
    return result;
  }
  if (!x.skip_detail.empty()) {  // read in part: a limit, a broken end
    result.notes.push_back(x.skip_detail);
  }
  return read_keyed(std::move(x.articles), file, root, sink, std::move(result));
}

ReadResult read_jsonl(const fs::path& file, const std::string& path, const ArticleSink& sink,
                      std::uint64_t max_bytes) {
  ReadResult result;
  JsonlStream stream(file, path, max_bytes);
  if (stream.skip()) {
    result.bytes = stream.bytes();
    result.skipped.push_back(*stream.skip());
    return result;
  }
  std::string line;
  bool too_long = false;
  bool any_content = false;
  while (stream.next(line, too_long)) {
    const std::uint64_t number = stream.line_number();
    if (too_long) {
      any_content = true;
      result.skipped.push_back({path + ":" + std::to_string(number), "too large",
                                "line longer than " + std::to_string(max_bytes) + " bytes"});
      continue;
    }
    Article a;
    Skip skip;
    if (read_jsonl_record(line, number, path, a, skip)) {
      any_content = true;
      sink(std::move(a));
      ++result.articles;
    } else if (!skip.reason.empty()) {
      any_content = true;
      result.skipped.push_back(std::move(skip));
    }
  }
  result.bytes = stream.bytes();
  result.hash = stream.hash();
  if (stream.error() != 0) {
    result.skipped.push_back(
        {path, "unreadable file", std::generic_category().message(stream.error())});
  } else if (!any_content) {
    result.skipped.push_back({path, "empty file", ""});
  }
  return result;
}

}  // namespace

FileKind file_kind(const std::filesystem::path& file) {
  return kind_from_name(file.filename().string());
}

bool needs_extractor(FileKind kind) {
  return kind == FileKind::kPdf || kind == FileKind::kDocx || kind == FileKind::kOdt ||
         kind == FileKind::kEpub || kind == FileKind::kWarc;
}

ReadResult read_file(const std::filesystem::path& file, const std::filesystem::path& root,
                     const ArticleSink& sink, const ReadOptions& options) {
  const std::uint64_t max_bytes = options.max_bytes;
  const std::string path = text::clean_key(file.string());
  const FileKind kind = file_kind(file);
  if (kind == FileKind::kUnsupported) {
    ReadResult result;
    result.skipped.push_back(
        {path, "unsupported file type", text::clean_key(file.extension().string())});
    return result;
  }
  if (kind == FileKind::kJsonl) {
    return read_jsonl(file, path, sink, max_bytes);
  }
  LoadedFile loaded = load_file(file, path, max_bytes);
  if (loaded.skip) {
    ReadResult result;
    result.bytes = loaded.bytes.size();
    result.skipped.push_back(std::move(*loaded.skip));
    return result;
  }
  ReadResult result = read_bytes(loaded.bytes, file, root, sink, options.extractor);
  result.hash = std::move(loaded.hash);
  return result;
}

ReadResult read_bytes(std::string_view bytes, const std::filesystem::path& file,
                      const std::filesystem::path& root, const ArticleSink& sink,
                      const ExtractorOptions& extractor) {
  if (needs_extractor(file_kind(file)) && !text::is_blank(bytes)) {
    return extract_in_worker(bytes, file, root, sink, extractor);
  }
  return parse_bytes(bytes, file, root, sink);
}

ReadResult parse_bytes(std::string_view bytes, const std::filesystem::path& file,
                       const std::filesystem::path& root, const ArticleSink& sink) {
  ReadResult result;
  result.bytes = bytes.size();
  const std::string path = text::clean_key(file.string());
  const FileKind kind = file_kind(file);
  if (text::is_blank(bytes)) {
    result.skipped.push_back({path, "empty file", ""});
    return result;
  }
  if (kind == FileKind::kFeed || kind == FileKind::kXml) {
    return read_feed(bytes, file, root, sink, std::move(result));  // XML names its own charset
  }
  if (kind == FileKind::kMail || kind == FileKind::kMailbox) {  // MIME names its charsets
    return read_keyed(parse_mail(bytes, kind == FileKind::kMailbox), file, root, sink,
                      std::move(result));
  }
  if (needs_extractor(kind)) {
    return read_packed(bytes, kind, file, root, sink, std::move(result));
  }
  // A page's own <meta charset> is taken as browsers take it; other text is detected.
  text::Decoded decoded = kind == FileKind::kHtml
                              ? text::decode_declared(bytes, meta_charset(bytes))
                              : text::decode_to_utf8(bytes);
  if (!decoded.ok) {
    result.skipped.push_back({path, decoded.error, ""});
    return result;
  }
  if (decoded.charset != "UTF-8") {
    result.converted_from = decoded.charset;
    result.notes.push_back("converted from " + decoded.charset);
  }
  if (text::clean_inline(decoded.text).empty()) {
    result.skipped.push_back({path, "empty file", ""});
    return result;
  }
  Article a = kind == FileKind::kMarkdown ? parse_markdown(decoded.text)
              : kind == FileKind::kHtml   ? parse_html(decoded.text)
                                          : parse_text(decoded.text);
  if (a.title.empty() && a.body.empty()) {
    result.skipped.push_back({path, "no text", ""});
    return result;
  }
  set_id_and_category(file, root, a);
  a.path = path;
  sink(std::move(a));
  result.articles = 1;
  return result;
}

}  // namespace folio
