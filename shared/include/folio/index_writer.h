// Writing articles into a Folio index, and indexing whole folders of files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "folio/article.h"

namespace folio {

/// An index open for writing. Creates it (recording the schema version and language) when
/// `db` does not exist. Throws IndexError naming the path if it cannot be created, opened or
/// locked (another writer holds it), or is of another schema version or language.
/// Not thread-safe; one IndexWriter per database at a time (Xapian's lock enforces it).
class IndexWriter {
 public:
  /// `language`: the analyser language for a new index; empty means "what the index records,
  /// or english for a new one". A different language than the index records throws.
  IndexWriter(const std::filesystem::path& db, const std::string& language = {});
  ~IndexWriter();  ///< commits pending changes (errors there are swallowed: call commit())
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  /// Adds `article`, replacing any article with the same id. Throws IndexError.
  void add(const Article& article);
  /// Removes the article with this id; returns false when there was none. Throws IndexError.
  bool remove(const std::string& id);
  /// Makes the changes so far durable and visible to readers. Throws IndexError.
  void commit();
  /// Articles in the index, counting uncommitted changes.
  std::uint64_t article_count() const;
  const std::string& language() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

struct IndexOptions {
  std::filesystem::path db;
  std::string language;  ///< empty: the index's own, or english for a new one
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  std::uint64_t batch_size = 1000;  ///< commit after this many articles
};

struct IndexReport {
  std::uint64_t files = 0;     ///< files looked at
  std::uint64_t articles = 0;  ///< articles added or replaced
  std::uint64_t bytes = 0;     ///< bytes read
  std::uint64_t skipped = 0;   ///< files or JSONL lines not indexed
  std::map<std::string, std::uint64_t> skipped_by_reason;
  std::uint64_t errors = 0;          ///< articles that could not be written
  std::uint64_t converted = 0;       ///< files converted from another encoding to UTF-8
  std::uint64_t total_articles = 0;  ///< articles in the index afterwards
  double seconds = 0;
};

/// Called for every skipped file or line, and for notes ("converted from ISO-8859-1"), as they
/// happen; `skip.reason` is empty for a note.
using IndexListener = std::function<void(const Skip& skip)>;

/// Indexes every supported file under each of `inputs` (folders are walked recursively;
/// hidden files and folders are passed over, and README, LICENSE, CHANGELOG and CONTRIBUTING
/// files found in a folder are skipped as "not an article"; a file's id is its path relative to the
/// input folder it was found under, and its category the first folder below that). Throws
/// ConfigError when an input does not exist, IndexError when the index cannot be written; bad files
/// are skipped, reported to `listener` and counted, never thrown.
IndexReport index_paths(const std::vector<std::filesystem::path>& inputs,
                        const IndexOptions& options, const IndexListener& listener = {});

}  // namespace folio
