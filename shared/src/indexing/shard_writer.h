// The shard writer of an indexing run: the databases being written, each change routed to the
// shard its article belongs to, and the commit policy (batches, manifest shard last).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"

#include "indexing/report.h"
#include "store/index_dir.h"
#include "store/stored_text.h"

namespace folio {

/// One change to the index, applied atomically with respect to commits.
struct Unit {
  std::vector<std::pair<std::string, Xapian::Document>> docs;  ///< id term, document
  std::vector<std::string> delete_terms;                      ///< XF terms: every article of a file
  std::vector<std::string> delete_ids;                        ///< id terms
  std::vector<std::pair<std::string, std::string>> metadata;  ///< empty value: remove the key
  WordCounts spelling;                                        ///< words of the new articles
  std::uint64_t text_bytes = 0;
};

/// When a database being written commits: after this many articles or bytes of article text
/// since its last commit, whichever comes first.
struct BatchRule {
  std::uint64_t articles = 2000;
  std::uint64_t bytes = 32ull << 20;
};

/// A database being written, with its lock and batch counters.
struct Target {
  std::mutex mu;
  Xapian::WritableDatabase db;
  std::uint64_t pending_docs = 0;
  std::uint64_t pending_bytes = 0;
  /// Spelling counts not yet given to Xapian. One add_spelling() a distinct word is far cheaper
  /// than one a word of text, and each commit that carries spelling rewrites (and zlib
  /// compresses) every spelling-table entry it touches, so counts wait for the last commit,
  /// or until there are kSpellingFlushWords of them (a bound on memory: about 100 bytes each).
  WordCounts spelling;
  /// The stored-text dictionary db holds (StoredTextCodec::store()).
  std::uint32_t dictionary = 0;

  static constexpr std::size_t kSpellingFlushWords = 500000;

  /// Commits, giving Xapian the spelling counts when `last` or when there are many.
  void commit(bool last = false);
};

/// Writes units to the databases of a run. Thread-safe: workers apply units concurrently; each
/// database has its own lock.
class ShardWriter {
 public:
  /// In place: the shards of an existing index, in shard order, updated by `workers` workers
  /// and committed in batches. `name` (the index folder) is for messages.
  ShardWriter(std::vector<Xapian::WritableDatabase> shards, unsigned workers, const BatchRule& rule,
              RunReport& report, std::string name);

  /// Bulk (a new index or a rebuild): one new scratch database per worker and shard in `dir`,
  /// each recording `language`; merge_and_publish() merges them into a generation.
  ShardWriter(const IndexDir& dir, const std::string& language, unsigned workers, unsigned shards,
              const BatchRule& rule, RunReport& report, std::string name);

  bool bulk() const { return bulk_; }
  unsigned shards() const { return shards_; }
  unsigned workers() const { return workers_; }
  const std::string& name() const { return name_; }
  /// Writes the run's stored data: the index's dictionary, or one trained on the first records.
  StoredTextCodec& codec() { return codec_; }

  /// Applies `u` from worker `worker`, split by shard when there are several: each article (and
  /// each id to delete) goes to the shard its id hashes to, deletions of a whole file to every
  /// shard, the manifest entries and spelling counts to shard 0. Shard 0 is written last and
  /// commits only after the other shards did, so the manifest never says a file is indexed
  /// before its articles are committed: a crash at any point is redone by the next run.
  /// Counts what it adds, replaces and deletes. Throws IndexError when a database fails.
  void apply(unsigned worker, Unit& u);

  /// The database a worker writes a shard's articles to: in a bulk run its own scratch one.
  Target& target(unsigned worker, unsigned shard);

  /// id -> content hash of the articles of the file with this source key (a JSONL file's
  /// lines), read from every shard.
  std::unordered_map<std::string, std::string> line_hashes(const std::string& source_key);

  /// Bulk: articles held back because their id was met before in the run; merge_and_publish()
  /// writes them over the earlier ones after the merge.
  std::vector<std::pair<std::string, Xapian::Document>>& late() { return late_; }

  /// Closes every database.
  void close();

 private:
  void apply(Target& t, Unit& u);
  void keep_last_of_duplicates(Unit& u);

  bool bulk_;
  unsigned workers_;
  unsigned shards_;
  BatchRule rule_;
  RunReport& report_;
  std::string name_;
  std::vector<std::unique_ptr<Target>> targets_;  // bulk: worker-major, shard-minor
  std::mutex ids_mu_;
  std::unordered_set<std::uint64_t> ids_;
  std::vector<std::pair<std::string, Xapian::Document>> late_;
  StoredTextCodec codec_;
};

}  // namespace folio
