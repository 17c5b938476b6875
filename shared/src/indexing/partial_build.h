// A bulk build (a first build or a rebuild) between its runs: the scratch databases it has
// committed, kept in the index folder so that a build killed at any point is continued, not
// started again, by the next run.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "indexing/changes.h"
#include "indexing/shard_writer.h"
#include "indexing/sources.h"
#include "store/index_dir.h"

namespace folio {

/// The folder `dir`/partial: a record (BUILD: the build's language setting, shard count and
/// whether articles get word pairs)
/// and the scratch databases of each run, `r<run>-s<shard>-w<worker>`, and `r<run>-late` for
/// the articles held back as duplicates of earlier ones. It is removed when the build's
/// generation is published.
class PartialBuild {
 public:
  /// The build an interrupted run left in `dir`, if any and if its record can be read.
  static std::optional<PartialBuild> find(const IndexDir& dir);

  /// Starts a build of `shards` shards in `language` (a canonical LanguageSetting), with word
  /// pairs or without, replacing any other left in `dir`.
  static PartialBuild start(const IndexDir& dir, const std::string& language, unsigned shards,
                            bool pairs = true);

  const std::string& language() const { return language_; }
  bool pairs() const { return pairs_; }
  unsigned shards() const { return shards_; }
  /// The number of the run starting now: one more than any run that left databases.
  unsigned run() const { return run_; }

  /// The scratch database of `run` for `worker`'s articles of `shard`.
  std::filesystem::path scratch(unsigned run, unsigned shard, unsigned worker) const;
  /// The database of `run`'s articles held back as duplicates.
  std::filesystem::path late(unsigned run) const;

  /// The databases earlier runs left, in run order: each with its shard, or nullopt for a
  /// late database.
  struct Earlier {
    std::filesystem::path path;
    std::optional<unsigned> shard;
  };
  std::vector<Earlier> earlier() const;

  /// Removes the build's folder.
  void discard() const;

 private:
  explicit PartialBuild(std::filesystem::path folder) : folder_(std::move(folder)) {}

  std::filesystem::path folder_;
  std::string language_;
  unsigned shards_ = 1;
  bool pairs_ = true;  // (a record without the line: on, the default)
  unsigned run_ = 1;
};

/// Continues a build from what its earlier runs committed (the databases `writer` opened):
/// removes from them the articles and manifest entries of files that are gone, changed since,
/// or were not finished (a JSON Lines file keeps its committed lines: they are compared line by
/// line), and returns the manifest of the files they completed, which the pipeline then passes
/// over. Makes the ids of what stays known to `writer`. Throws Xapian::Error.
Manifest resume_build(ShardWriter& writer, const Sources& sources);

}  // namespace folio
