// Opening Folio indexes: for reading (any Xapian database or stub, schema checked) and for
// writing (the one way IndexWriter and the indexing run open an index folder).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "store/index_dir.h"

namespace folio {

/// Throws IndexError naming `path` unless `db` carries kSchemaVersion.
void check_schema(const Xapian::Database& db, const std::filesystem::path& path);

/// Writes (whole, replacing any) the front database of a sharded generation, `gen`/front: no
/// articles, but the schema, language setting and stored-text dictionaries of `shard0` and
/// copies of its spelling and synonym tables (shard 0 holds the index's). Xapian 1.4's remote
/// protocol carries neither table, so a stub that lists it (`auto PATH/front`) beside remote shards
/// gives suggestions and synonyms as one index does. Returns its path. Throws Xapian::Error.
std::filesystem::path write_front(const std::filesystem::path& gen, const Xapian::Database& shard0);

/// The language setting recorded in `db` (text::LanguageSetting::canonical(): "auto", "none" or
/// an ISO 639-1 code).
std::string recorded_language(const Xapian::Database& db);

/// Opens an index folder (or any Xapian database or stub file) for reading and checks its
/// schema. Throws IndexError naming the path.
Xapian::Database open_for_reading(const std::filesystem::path& path);

/// Whether `db`'s articles have word pairs (schema::kMetaPairs; schema.h's XP terms).
bool recorded_pairs(const Xapian::Database& db);

/// Records the schema version, `language` and whether articles get word pairs in an empty
/// database (uncommitted).
void initialise_index(Xapian::WritableDatabase& db, const std::string& language, bool pairs = true);

/// Creates a new, empty generation database at `path` recording the schema, `language` and
/// `pairs` (initialise_index()). `flags` are extra Xapian DB_* flags (e.g. DB_NO_SYNC for
/// scratch shards). Throws IndexError.
Xapian::WritableDatabase create_generation(const std::filesystem::path& path,
                                           const std::string& language, int flags = 0,
                                           bool pairs = true);

/// The shard (of `shards`) that holds the article with this id term: a stable hash of it.
unsigned shard_of(std::string_view id_term, unsigned shards);

/// How to open an index folder for writing.
struct WriteOptions {
  std::string language;  ///< a LanguageSetting; empty: what the index records, or auto when new
  bool rebuild = false;  ///< a new generation will replace the index: open none of it
  unsigned shards = 0;   ///< the shard count asked for; 0: any (another count needs rebuild)
  /// Word pairs asked for (schema::kMetaPairs); none: what the index records, or on when new
  /// (another setting than the index's needs rebuild).
  std::optional<bool> pairs;
};

/// An index folder opened for writing. Holds the writer lock while it lives.
class WritableIndex {
 public:
  /// Takes the writer lock of `dir` (creating the folder), removes what interrupted writers
  /// left (scratch folders, old generations), and, unless `options.rebuild`, opens every
  /// shard of the current generation for writing. Throws IndexError when another writer holds
  /// the lock, the index is of another schema version, language or pairs setting, or cannot be
  /// opened;
  /// ConfigError for an unknown language or, without rebuild, another shard count.
  WritableIndex(const std::filesystem::path& dir, const WriteOptions& options);

  const IndexDir& dir() const { return dir_; }
  /// The current generation, if the folder holds an index (also when rebuilding it).
  const std::optional<std::filesystem::path>& generation() const { return generation_; }
  /// Shard databases the current generation has (1 for an unsharded index; 0 for none).
  unsigned existing_shards() const { return existing_shards_; }
  /// The open shards, in shard order; empty when there is no index or when rebuilding.
  std::vector<Xapian::WritableDatabase>& shards() { return shards_; }
  /// The language setting of the index (canonical): recorded, or asked for (auto by default)
  /// when new.
  const std::string& language() const { return language_; }
  /// Whether the index's articles get word pairs: recorded, or asked for (on by default) when new.
  bool pairs() const { return pairs_; }
  /// Articles in the open shards.
  Xapian::doccount articles() const;

 private:
  DirLock lock_;
  IndexDir dir_;
  std::optional<std::filesystem::path> generation_;
  unsigned existing_shards_ = 0;
  std::vector<Xapian::WritableDatabase> shards_;
  std::string language_;
  bool pairs_ = true;
};

}  // namespace folio
