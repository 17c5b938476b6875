// Folio's index folder on disk: generations behind a stub file, the writer lock, schema checks.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace folio {

/// Throws IndexError naming `path` unless `db` carries kSchemaVersion.
void check_schema(const Xapian::Database& db, const std::filesystem::path& path);

/// The analyser language recorded in `db` ("english" when it records none).
std::string recorded_language(const Xapian::Database& db);

/// Opens an index folder (or any Xapian database or stub file) for reading and checks its
/// schema. Throws IndexError naming the path.
Xapian::Database open_for_reading(const std::filesystem::path& path);

/// What identifies the state of an index folder's layout: the stub's text, or empty for a
/// plain database. When it changes, a reader must open the folder again (reopen() is not
/// enough: a new generation replaced the old one).
std::string layout_signature(const std::filesystem::path& path);

/// Creates a new, empty generation database at `path` recording the schema and `language`.
/// `flags` are extra Xapian DB_* flags (e.g. DB_NO_SYNC for scratch shards). Throws IndexError.
Xapian::WritableDatabase create_generation(const std::filesystem::path& path,
                                           const std::string& language, int flags = 0);

/// Checks `db` (opened from `path`) for writing with `language` (empty: whatever it records);
/// returns the language to use. Throws IndexError for another schema or language.
std::string check_writable(const Xapian::Database& db, const std::filesystem::path& path,
                           const std::string& language);

/// The databases of a generation: the generation itself, or, for a sharded index, the shards
/// its own stub lists (`gen`/XAPIANDB: "auto shard-0", "auto shard-1", ...).
std::vector<std::filesystem::path> generation_shards(const std::filesystem::path& gen);

/// Writes `gen`/XAPIANDB listing `shards` (folders inside `gen`) and syncs it.
void write_shard_stub(const std::filesystem::path& gen,
                      const std::vector<std::filesystem::path>& shards);

/// The shard (of `shards`) that holds the article with this id term: a stable hash of it.
unsigned shard_of(std::string_view id_term, unsigned shards);

/// The index folder layout: `dir`/XAPIANDB names the current generation `dir`/gen-N.
class IndexDir {
 public:
  explicit IndexDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& path() const { return dir_; }
  /// The current generation's folder, or nullopt when the folder holds no index yet.
  std::optional<std::filesystem::path> current() const;
  /// True when `dir` is a bare Xapian database (an index from before generations).
  bool is_plain_database() const;
  /// A fresh, unused folder name for the next generation.
  std::filesystem::path next_generation() const;
  /// A fresh scratch folder for this process (removed by cleanup() in a later run).
  std::filesystem::path scratch(const std::string& name) const;
  /// Makes `generation` current: writes the stub to a temporary file, syncs, renames it over
  /// XAPIANDB. Readers see either the old or the new generation, never a mix.
  void publish(const std::filesystem::path& generation) const;
  /// Removes generations other than the current one and leftover scratch folders, and the
  /// files of a bare database. Call only while holding the lock.
  void cleanup() const;

 private:
  std::filesystem::path dir_;
};

/// The writer lock of an index folder (flock on `dir`/folio.lock; released by the kernel if
/// the process dies). Throws IndexError if another process holds it.
class DirLock {
 public:
  explicit DirLock(const std::filesystem::path& dir);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace folio
