// The article: what Folio indexes, stores and shows for each text it reads.
#pragma once

#include <functional>
#include <string>

namespace folio {

/// One article as Folio indexes and shows it. All strings are valid UTF-8; title, date,
/// author, url and id are single lines; the body is paragraphs separated by "\n\n".
struct Article {
  std::string id;        ///< unique key: path relative to the indexed root, or the JSONL "id"
  std::string path;      ///< the file it came from (for JSONL: the .jsonl file); absolute when
                         ///< read by run_indexing()
  std::string url;       ///< optional source URL
  std::string title;     ///< may be empty
  std::string date;      ///< ISO "YYYY-MM-DD", or empty when unknown
  std::string author;    ///< may be empty
  std::string category;  ///< top folder below the indexed root, or empty
  std::string body;      ///< the visible text, paragraphs separated by blank lines
  std::string language;  ///< the language the source declares, a BCP 47 tag such as "en" or
                         ///< "fr-CA"; empty when it does not say
};

/// Receives each article read; may move from it.
using ArticleSink = std::function<void(Article&&)>;

}  // namespace folio
