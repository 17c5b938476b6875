// The report of an indexing run as it goes: counts kept by every worker, skipped files and
// notes passed on to the listener, progress snapshots, and the report at the end.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "folio/indexing.h"
#include "folio/reader.h"

namespace folio {

/// Counters that the workers add to (lock-free).
struct RunCounts {
  std::atomic<std::uint64_t> added{0};      ///< articles new to the index
  std::atomic<std::uint64_t> updated{0};    ///< articles that replaced an older version
  std::atomic<std::uint64_t> removed{0};    ///< articles deleted
  std::atomic<std::uint64_t> unchanged{0};  ///< articles left as they were
  std::atomic<std::uint64_t> resumed{0};    ///< articles an interrupted build had committed
  std::atomic<std::uint64_t> errors{0};     ///< articles Xapian refused
  std::atomic<std::uint64_t> files_read{0};
  std::atomic<std::uint64_t> files_done{0};
  std::atomic<std::uint64_t> bytes_done{0};
  std::atomic<std::uint64_t> bytes_total{0};  ///< bytes of the files that must be read
};

/// Thread-safe: skip() and read() may be called from any worker.
class RunReport {
 public:
  explicit RunReport(IndexingListener listener);

  RunCounts& counts() { return counts_; }

  /// Counts a skipped file or line by its reason and tells the listener.
  void skip(const Skip& skip);

  /// What reading the file `path` gave besides articles: its skips, its conversion (counted,
  /// and told to the listener as a note).
  void read(const std::string& path, const ReadResult& result);

  /// Tells the listener a note about `path` (nothing skipped: not counted).
  void note(const std::string& path, const std::string& text);

  /// Counts an article written in language `code`.
  void language(const std::string& code);

  /// A snapshot for progress displays.
  IndexingProgress progress(std::uint64_t files_total) const;

  /// The report so far: counts, skips and time. The caller fills in files, threads, shards,
  /// total_articles and rebuilt.
  IndexingReport result() const;

 private:
  IndexingListener listener_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  RunCounts counts_;
  mutable std::mutex mu_;
  std::uint64_t skipped_ = 0;
  std::map<std::string, std::uint64_t> skipped_by_reason_;
  std::uint64_t converted_ = 0;
  std::map<std::string, std::uint64_t> languages_;
};

}  // namespace folio
