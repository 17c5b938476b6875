// The shard writer of an indexing run: the databases being written, each change routed to the
// shard its article belongs to, and the commit policy (batches, manifest shard last).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
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
#include "text/article_language.h"

namespace folio {

/// One change to the index, applied atomically with respect to commits.
struct Unit {
  std::vector<std::pair<std::string, Xapian::Document>> docs;  ///< id term, document
  std::vector<std::string> delete_terms;                      ///< XF terms: every article of a file
  std::vector<std::string> delete_ids;                        ///< id terms
  std::vector<std::pair<std::string, std::string>> metadata;  ///< empty value: remove the key
  /// Words of the new articles: [0] for shard 0's, or for all but in a bulk run of several
  /// shards, where each shard's are kept apart (ShardWriter::spelling_of()), so that a shard's
  /// commit holds its articles' counts.
  std::vector<WordCounts> spelling = std::vector<WordCounts>(1);
  std::uint64_t text_bytes = 0;
  /// Shard 0's part of a unit split by shard: the articles the other parts hold, which its
  /// batch rule counts (it commits them all).
  std::uint64_t elsewhere = 0;
  /// Bulk: articles held back because their id was met before (see ShardWriter::apply()).
  std::vector<Xapian::Document> late;
};

/// When a database being written commits: after this many articles or bytes of article text
/// since its last commit, whichever comes first.
struct BatchRule {  // (IndexingOptions' defaults)
  std::uint64_t articles = 1000;
  std::uint64_t bytes = 2ull << 20;
};

/// A database being written, with its lock and batch counters.
struct Target {
  std::mutex mu;
  Xapian::WritableDatabase db;
  std::uint64_t pending_docs = 0;
  std::uint64_t pending_bytes = 0;
  /// Spelling counts of the articles since the last commit, journalled with them
  /// (journal_spelling()); the run folds the journal into the spelling table at its end.
  WordCounts spelling;
  /// Bulk, shard 0: articles held back since the last commit, written to the late database
  /// just before it.
  std::vector<Xapian::Document> late;
  /// The stored-text dictionary db holds (StoredTextCodec::store()).
  std::uint32_t dictionary = 0;

  /// Commits the articles and their spelling counts.
  void commit();
};

class PartialBuild;

/// Writes units to the databases of a run. Thread-safe: workers apply units concurrently; each
/// database has its own lock.
class ShardWriter {
 public:
  /// In place: the shards of an existing index, in shard order, updated by `workers` workers
  /// and committed in batches. `name` (the index folder) is for messages.
  ShardWriter(std::vector<Xapian::WritableDatabase> shards, unsigned workers, const BatchRule& rule,
              RunReport& report, std::string name);

  /// Bulk (a new index or a rebuild): one new scratch database per worker and shard, and one
  /// for the articles held back as duplicates, for this run of `build` (begin_run() called),
  /// each recording the build's language; and the databases its earlier runs committed, opened
  /// to be continued (resume_build()). merge_and_publish() merges them all into a generation.
  /// Throws IndexError when a database cannot be created or opened.
  ShardWriter(const PartialBuild& build, unsigned workers, const BatchRule& rule, RunReport& report,
              std::string name);

  bool bulk() const { return bulk_; }

  /// Where the spelling counts of the article with this id term go in `u`.
  WordCounts& spelling_of(Unit& u, const std::string& id_term) const;
  /// Bulk, continuing a build that earlier runs committed part of.
  bool resuming() const { return !earlier_.empty(); }
  unsigned shards() const { return shards_; }
  unsigned workers() const { return workers_; }
  const std::string& name() const { return name_; }
  /// Writes the run's stored data: the index's dictionary, or one trained on the first records.
  StoredTextCodec& codec() { return codec_; }

  /// Applies `u` from worker `worker`, split by shard when there are several: each article (and
  /// each id to delete) goes to the shard its id hashes to, deletions of a whole file to every
  /// shard, the manifest entries and spelling counts to shard 0. Shard 0 is written last, and
  /// its batch rule (counting every shard's articles) decides when to commit: the other shards
  /// (in bulk, the worker's, and the held-back articles) first, then shard 0. So neither the
  /// manifest nor the spelling counts are ever committed before their articles, nor articles
  /// long before their spelling counts: a crash at any point is redone by the next run.
  /// In a resumed bulk run, ids to delete are deleted from the earlier runs' databases, with
  /// the spelling counts they brought (delete_unwritten()).
  /// In bulk, units wait while the stored-text dictionary is trained on the first records, and
  /// are written with it once it is there.
  /// Counts what it adds, replaces and deletes. Throws IndexError when a database fails.
  void apply(unsigned worker, Unit& u);

  /// Commits every database being written (and the held-back articles): what was applied so
  /// far survives a crash. In bulk, the units waiting for the stored-text dictionary are
  /// written first (it is trained now on what there is, if it was not). A JSON Lines file of a bulk
  /// run is recorded after this, as its lines are spread over every worker's databases.
  void commit_all();

  /// The database a worker writes a shard's articles to: in a bulk run its own scratch one.
  Target& target(unsigned worker, unsigned shard);

  /// id -> content hash of the articles of the file with this source key (a JSONL file's
  /// lines), read from every shard (in bulk: from the earlier runs' databases).
  std::unordered_map<std::string, std::string> line_hashes(const std::string& source_key);

  /// Bulk: the databases an earlier run of the build committed (their shard, or nullopt for
  /// held-back articles), in run order.
  struct Earlier {
    std::optional<unsigned> shard;
    Xapian::WritableDatabase db;
  };
  std::vector<Earlier>& earlier() { return earlier_; }

  /// Bulk: makes the ids of the earlier runs' articles known, so that an article met again is
  /// held back like any duplicate. Call after resume_build() removed what is redone.
  void know_earlier_ids();

  /// Bulk: the databases of articles held back because their id was met before in the build,
  /// earlier runs' first; merge_and_publish() writes them, in order, over the earlier ones.
  /// Writes every unit first (see commit_all()).
  std::vector<Xapian::Database> late_databases();
  /// Articles this run held back.
  std::uint64_t late_count() const { return late_count_; }

  /// Closes every database.
  void close();

 private:
  void apply_now(unsigned worker, Unit& u);
  void apply(Target& t, unsigned worker, unsigned shard, Unit& u);
  void write_waiting();
  void repack(Unit& u);
  void settle();
  void keep_last_of_duplicates(Unit& u);
  void mark_known_copies(Unit& u);
  void flush_late(Target& t);
  void delete_from_earlier(const std::vector<std::string>& id_terms);

  bool bulk_;
  unsigned workers_;
  unsigned shards_;
  BatchRule rule_;
  RunReport& report_;
  std::string name_;
  std::vector<std::unique_ptr<Target>> targets_;     // bulk: worker-major, shard-minor
  std::vector<std::unique_ptr<std::mutex>> groups_;  // a unit is applied whole under its own
  std::mutex ids_mu_;                                // ids_, late_db_
  std::unordered_set<std::uint64_t> ids_;
  std::mutex keys_mu_;
  std::unordered_set<std::uint64_t> body_keys_;  // hashes of the body keys this run has met
  std::optional<Xapian::WritableDatabase> late_db_;
  std::uint64_t late_count_ = 0;
  std::uint32_t late_dictionary_ = 0;
  std::mutex drain_mu_;  // write_waiting(), from taking the units to applying the last
  std::mutex waiting_mu_;
  std::vector<std::pair<unsigned, Unit>> waiting_;  // worker, unit: until the codec settles
  std::mutex earlier_mu_;                           // earlier_, earlier_analyzers_
  std::vector<Earlier> earlier_;
  text::Analyzers earlier_analyzers_;
  std::vector<std::pair<std::string, Xapian::Document>> late_;
  StoredTextCodec codec_;
};

}  // namespace folio
