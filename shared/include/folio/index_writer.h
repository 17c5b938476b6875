// IndexWriter: writing articles into a Folio index one at a time, from a program.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "folio/article.h"
#include "folio/export.h"
#include "folio/synonyms.h"

namespace folio {

/// An index open for writing. Creates it (recording the schema version and language) when
/// `db` holds no index. Throws IndexError naming the path if it cannot be created, opened or
/// locked (another writer holds it), or is of another schema version or language.
/// In a sharded index each article goes to the shard its id hashes to, as run_indexing() puts
/// it. Not thread-safe; one writer per index folder at a time (a lock file enforces it, across
/// processes too). Readers see each commit().
class FOLIO_API IndexWriter {
 public:
  /// `language`: how a new index gives articles their language: "auto" (each its own, as it
  /// declares it or as detected; English when neither says), one language for all by code or
  /// name ("de", "german"), or "none" (no stemming). Empty means "what the index records, or
  /// auto for a new one". A different setting than the index records throws.
  explicit IndexWriter(const std::filesystem::path& db, const std::string& language = {});
  ~IndexWriter();  ///< commits pending changes (errors there are swallowed: call commit())
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  IndexWriter(IndexWriter&&) noexcept;

  /// Adds `article`, replacing any article with the same id, analysed in its language (see the
  /// constructor; Article::language is what the source declares). Throws IndexError.
  void add(const Article& article);
  /// Removes the article with this id; returns false when there was none. Throws IndexError.
  bool remove(const std::string& id);
  /// Replaces the index's synonyms by those of `file`, each entry analysed like article text
  /// (visible after commit()). Throws ConfigError naming the file and line of an entry with
  /// no searchable word; IndexError.
  void set_synonyms(const SynonymFile& file);
  /// Makes the changes so far durable and visible to readers: records the spelling of the
  /// words added and marks the articles that have copies. Throws IndexError.
  void commit();
  /// Articles in the index, counting uncommitted changes.
  std::uint64_t article_count() const;
  /// The index's language setting: "auto", "none" or an ISO 639-1 code.
  const std::string& language() const;

  class Impl;
  /// For the library's own factories (an IndexWriter over a Xapian database, for its tests).
  explicit IndexWriter(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace folio
