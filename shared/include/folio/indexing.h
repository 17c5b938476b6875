// Indexing folders of files into a Folio index (what folio-index runs), and compacting it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "folio/export.h"
#include "folio/reader.h"

namespace folio {

/// A snapshot of a running run_indexing(), for progress displays.
struct IndexingProgress {
  std::uint64_t files_done = 0;
  std::uint64_t files_total = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;  ///< bytes of the files that must be read
  std::uint64_t articles = 0;     ///< articles written so far
  double seconds = 0;
};

struct IndexingOptions {
  std::filesystem::path db;
  /// "auto" (each article its own language: declared, else detected, else English), "none",
  /// or one language for all by code or name; empty: the index's own, or auto for a new one.
  std::string language;
  /// Word pairs: each two neighbouring words of an article's body also indexed as one term,
  /// so that a query's neighbouring words found side by side count more (docs/searching.md).
  /// false: none, an index 40% smaller built twice as fast, ranked as without them. Unset: the
  /// index's own setting, or on for a new one; another than the index's needs `rebuild`.
  std::optional<bool> pairs;
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  /// The worker processes that parse PDF, DOCX, ODT, EPUB and WARC files, and their limits.
  ExtractorOptions extractor;
  unsigned threads = 0;  ///< worker threads; 0 means one per core
  /// Shard databases of a new index (or a rebuild): each article goes to the shard its id
  /// hashes to. 0: one for a new index, and an existing index keeps its count (another count
  /// than the existing one is a ConfigError unless rebuilding).
  unsigned shards = 0;
  bool rebuild = false;  ///< ignore the existing index and build a new one from scratch
  /// A synonyms file (see synonyms.h) whose groups replace the index's stored synonyms; empty:
  /// keep the stored ones (a rebuild carries them over).
  std::filesystem::path synonyms;
  /// Batch rule: each database being written commits after this many articles or this many
  /// bytes of article text, whichever comes first; memory stays bounded whatever the corpus.
  /// Small batches write faster as well: Xapian's writer keeps a batch's postings in maps
  /// ordered by term, whose look-ups slow down as they grow (docs/benchmarks.md).
  std::uint64_t batch_articles = 1000;
  std::uint64_t batch_bytes = 2ull << 20;
  /// Called about five times a second from a helper thread while the run lasts (optional).
  std::function<void(const IndexingProgress&)> progress;
  /// When set and it becomes true, the run reads no further file, commits what it has read and
  /// returns (IndexingReport::stopped); the next run reads the rest. For signal handlers.
  const std::atomic<bool>* stop = nullptr;
};

struct IndexingReport {
  std::uint64_t files = 0;       ///< files found
  std::uint64_t files_read = 0;  ///< files read (new or changed since the last run)
  std::uint64_t articles = 0;    ///< articles written (added + updated)
  std::uint64_t added = 0;       ///< articles new to the index
  std::uint64_t updated = 0;     ///< articles that replaced an older version
  std::uint64_t removed = 0;     ///< articles whose file or JSONL line is gone
  std::uint64_t unchanged = 0;   ///< articles left as they were
  /// Articles an interrupted build (first build or rebuild) had committed, kept by this run,
  /// which continued it instead of starting again.
  std::uint64_t resumed = 0;
  std::uint64_t bytes = 0;    ///< bytes read
  std::uint64_t skipped = 0;  ///< files or JSONL lines not indexed
  std::map<std::string, std::uint64_t> skipped_by_reason;
  std::uint64_t errors = 0;     ///< articles Xapian refused (the run goes on without them)
  std::uint64_t converted = 0;  ///< files converted from another encoding to UTF-8
  /// Articles written, by the language they were analysed in (ISO 639-1 code; "" for none).
  std::map<std::string, std::uint64_t> languages;
  std::uint64_t total_articles = 0;  ///< articles in the index afterwards
  unsigned threads = 0;              ///< worker threads used
  unsigned shards = 1;               ///< shard databases of the index
  bool rebuilt = false;              ///< written as a new generation (first run or rebuild)
  bool stopped = false;              ///< IndexingOptions::stop ended it before every file was read
  double seconds = 0;
};

/// Called for every skipped file or line, and for notes ("converted from ISO-8859-1"), as they
/// happen; `skip.reason` is empty for a note. Called from worker threads, one call at a time.
using IndexingListener = std::function<void(const Skip& skip)>;

/// Indexes every supported file under each of `inputs`, incrementally: a file whose size and
/// mtime are unchanged since the last run is not read again; a changed one is read and its
/// content hash compared; articles of files that are gone are removed (only under the inputs
/// given); JSONL files are compared line id by line id. Reading, parsing and analysis run on
/// `options.threads` threads. A new index (or --rebuild) is written as one scratch database
/// per thread, merged by Xapian's compaction into a new generation that replaces the old one
/// atomically (one database, not sharded, also gets its terms' score bounds, as compact_index
/// writes them); an existing index is updated in place, committing in batches. Spelling data
/// (the folded, unstemmed words of titles and bodies, with counts) is recorded for "did you
/// mean"; it is never removed, so words of removed articles stay in it. A crash or kill at any
/// moment leaves the index at its last commit, and the next run completes the work: an
/// interrupted build (first build or rebuild) is continued from what its scratch databases
/// committed (IndexingReport::resumed), unless the run asks for another language or shard
/// count, which starts it again.
///
/// Folders are walked recursively; hidden files and folders are passed over, and README,
/// LICENSE, CHANGELOG and CONTRIBUTING files found in a folder are skipped ("README/LICENSE
/// file"); a file's id is its path relative to the input folder it was found under, and its
/// category the first folder below that. Throws ConfigError when an input does not exist or
/// the synonyms file is bad, IndexError when the index cannot be written; bad files are
/// skipped, reported to `listener` and counted, never thrown.
FOLIO_API IndexingReport run_indexing(const std::vector<std::filesystem::path>& inputs,
                                      const IndexingOptions& options,
                                      const IndexingListener& listener = {});

/// How watch_indexing() follows its folders.
struct WatchOptions {
  /// A burst of changes is indexed once it has been quiet this long ...
  std::chrono::milliseconds quiet{200};
  /// ... or this long after its first change, whichever comes first.
  std::chrono::milliseconds longest{1000};
  /// Called after each run, the first one included (optional).
  std::function<void(const IndexingReport&)> on_run;
  /// Called when a run fails, e.g. because a folder given is gone for now (optional); watching
  /// goes on, and the next change runs again.
  std::function<void(const std::string& message)> on_error;
  /// At most this many folders watched (0: as many as the system allows); more is the same
  /// error as reaching the system's limit.
  std::size_t max_folders = 0;
};

/// Indexes `inputs` as run_indexing() does, then follows them until `options.stop` becomes
/// true: every folder below them is watched with inotify (new folders too), and after each
/// burst of changes to files Folio reads (written, created, deleted, renamed, an editor's
/// save-by-rename) it runs again: the incremental run reads what changed, removes what is gone
/// and commits, so that searchers see the change. When stopped during a run, that run ends at
/// its current file and commits. A folder given that is removed is watched again when it comes
/// back. Throws what run_indexing() throws for the first run, and IndexError when inotify is
/// unavailable or the system's limit of watches is reached (the message names
/// fs.inotify.max_user_watches and how to raise it).
FOLIO_API void watch_indexing(const std::vector<std::filesystem::path>& inputs,
                              const IndexingOptions& options, const WatchOptions& watch,
                              const IndexingListener& listener = {});

/// What compact_index() did.
struct CompactReport {
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
  double seconds = 0;
  /// Terms whose score bounds the compacted index keeps (an index of one database; 0 for a
  /// sharded one).
  std::uint64_t bounded_terms = 0;
};

/// Rewrites the index in `db` with Xapian's compaction into a new generation and switches to
/// it atomically: readers keep working on the old one and see the compacted one when they next
/// search. An index of one database also gets its terms' score bounds (the frontier of every
/// term in 1,000 articles or more), which let searches skip articles that cannot make the page
/// until the index next changes. Throws IndexError when there is no index, or another writer
/// holds the lock.
FOLIO_API CompactReport compact_index(const std::filesystem::path& db);

}  // namespace folio
