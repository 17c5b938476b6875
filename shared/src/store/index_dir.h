// The index folder on disk: generations behind a stub file, shard stubs, the writer lock.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace folio {

/// Whether `path` is something open_for_reading() can try: an index folder (with its stub), a
/// plain Xapian database folder, or a file (a stub).
bool holds_index(const std::filesystem::path& path);

/// What identifies the state of an index folder's layout: the stub's text, or empty for a
/// plain database. When it changes, a reader must open the folder again (reopen() is not
/// enough: a new generation replaced the old one).
std::string layout_signature(const std::filesystem::path& path);

/// The N of the generation `gen-N` that an index folder's stub text names ("auto gen-3\n" ->
/// 3), or 0 when it names none (a plain database, a stub file of shards).
std::uint64_t generation_number(std::string_view stub);

/// The databases of a generation: the generation itself, or, for a sharded index, the shards
/// its own stub lists (`gen`/XAPIANDB: "auto shard-0", "auto shard-1", ...).
std::vector<std::filesystem::path> generation_shards(const std::filesystem::path& gen);

/// Writes `gen`/XAPIANDB listing `shards` (folders inside `gen`) and syncs it.
void write_shard_stub(const std::filesystem::path& gen,
                      const std::vector<std::filesystem::path>& shards);

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
  /// The folder of a bulk build in progress (indexing/partial_build.h), kept between runs.
  std::filesystem::path partial() const { return dir_ / "partial"; }
  /// Makes `generation` current: writes the stub to a temporary file, syncs, renames it over
  /// XAPIANDB. Readers see either the old or the new generation, never a mix.
  void publish(const std::filesystem::path& generation) const;
  /// Removes generations other than the current one and leftover scratch folders, and when
  /// `build_done`, the folder of the build that made the current generation. Call only while
  /// holding the lock.
  void cleanup(bool build_done = false) const;
  /// Removes the Xapian files of a bare database (an index from before generations), nothing
  /// else. Call only while holding the lock, after publishing the generation that replaces it.
  void remove_plain_database() const;

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
