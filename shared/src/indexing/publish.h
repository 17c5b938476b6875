// Finishing an indexing run: committing an index updated in place, or merging a new
// generation from the scratch databases and publishing it; and the layout of a generation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "indexing/shard_writer.h"
#include "store/index_dir.h"

namespace folio {

/// The synonym groups (each group's keys) a run stores, or nullopt to keep the stored ones.
using SynonymGroups = std::optional<std::vector<std::vector<std::string>>>;

/// In place: commits every shard, shard 0 (which holds the manifest) last, with the spelling
/// counts and `synonyms`, and marks the articles that have copies. Returns the articles in the
/// index. Throws IndexError.
/// `gen` is the generation's folder (where a sharded index's front database goes).
/// `bounded_at`: the revision the index's score bounds described when the run began, if they
/// did then; a run that added and changed no article keeps them (store/term_bounds.h).
std::uint64_t commit_in_place(ShardWriter& writer, const SynonymGroups& synonyms,
                              const std::filesystem::path& gen,
                              std::optional<Xapian::rev> bounded_at);

/// Bulk: merges each shard's scratch databases (one a worker) with Xapian's compaction into a
/// new generation of `dir`, writes the articles held back as duplicates over the earlier ones,
/// stores `synonyms` (or, for a rebuild of `previous`, the synonyms it had), marks copies,
/// then publishes the generation and removes the old one and the scratch. Returns the
/// articles in the index. Throws IndexError.
std::uint64_t merge_and_publish(ShardWriter& writer, const IndexDir& dir,
                                const std::optional<std::filesystem::path>& previous,
                                const SynonymGroups& synonyms, RunCounts& counts);

/// The database folders of a new generation `gen` of `shards` shards: `gen` itself for one,
/// else gen/shard-0 ... (the folder `gen` is created then). write_shard_stub() lists them.
std::vector<std::filesystem::path> generation_layout(const std::filesystem::path& gen,
                                                     unsigned shards);

}  // namespace folio
