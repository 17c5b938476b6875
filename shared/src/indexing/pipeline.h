// The pipeline of an indexing run: a producer that decides what to read and cuts JSON Lines
// files into chunks, and workers that read, parse, analyse and hand units to the shard writer.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>

#include "folio/reader.h"

#include "indexing/changes.h"
#include "indexing/report.h"
#include "indexing/shard_writer.h"
#include "indexing/sources.h"
#include "text/article_language.h"

namespace folio {

class TaskQueue;
struct Task;
struct JsonlState;

class Pipeline {
 public:
  /// `manifest` is what the index recorded (empty for a new index); files whose size and
  /// modification time it matches are not read. Each article is analysed in the language
  /// `language` (a text::LanguageSetting) gives it, with its word pairs when `pairs`; files are
  /// read as `read` says.
  Pipeline(const Sources& sources, const Manifest& manifest, ShardWriter& writer, RunReport& report,
           std::string language, bool pairs, ReadOptions read);

  /// Runs the producer on this thread and one worker for each of the writer's workers, until
  /// every source is done; rethrows the first failure (the others stop at the next task).
  void run();

  /// Makes run() stop taking files once `stop` is true (what it took is finished).
  void stop_when(const std::atomic<bool>* stop) { stop_ = stop; }
  /// True when run() ended early because of stop_when().
  bool stopped() const { return stopped_; }

 private:
  void produce(const Source& s, TaskQueue& queue);
  void produce_jsonl(const Source& s, TaskQueue& queue);
  void work(TaskQueue& queue, unsigned worker);
  void work_file(const Task& task, text::Analyzers& analyzers, std::vector<Token>& scratch,
                 unsigned worker);
  void work_chunk(const Task& task, text::Analyzers& analyzers, std::vector<Token>& scratch,
                  unsigned worker);
  // `a` given its language, as a document for `source_key` analysed in that language.
  Xapian::Document document(Article& a, const std::string& source_key, const std::string& hash,
                            text::Analyzers& analyzers, std::vector<Token>& scratch,
                            WordCounts* spelling);
  void chunk_done(JsonlState& state);
  void forget(const Source& s);

  bool failed() const { return has_failed_.load(); }
  void fail(std::exception_ptr e);

  const Sources& sources_;
  const Manifest& manifest_;
  ShardWriter& writer_;
  RunReport& report_;
  text::LanguageSetting language_;
  bool pairs_;
  ReadOptions read_;
  const std::atomic<bool>* stop_ = nullptr;
  bool stopped_ = false;
  std::mutex failure_mu_;
  std::atomic<bool> has_failed_{false};
  std::exception_ptr failure_;
};

}  // namespace folio
