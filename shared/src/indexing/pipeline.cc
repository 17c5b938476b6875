// The pipeline of an indexing run: producer, task queue and workers.
#include "indexing/pipeline.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "readers/dispatch.h"
#include "readers/file_loader.h"
#include "readers/jsonl_reader.h"
#include "store/document.h"
#include "store/schema.h"
#include "text/hash.h"

namespace folio {

// JSON Lines files are cut into chunks of about this many bytes (or lines), so that one big
// file keeps every worker busy.
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kChunkLines = 2000;

// A JSON Lines file being read in chunks by several workers.
struct JsonlState {
  const Source* source = nullptr;
  schema::FileRecord record;                         // what the manifest will say
  std::unordered_map<std::string, std::string> old;  // id -> line hash, from the index
  std::unordered_set<std::string> seen;              // ids met in this run
  std::mutex mu;
  std::atomic<std::uint64_t> remaining{1};  // chunks in flight, +1 for the reader
  std::atomic<std::uint64_t> articles{0};
};

// A file to read, or a chunk of a JSON Lines file to parse.
struct Task {
  const Source* source = nullptr;
  std::optional<schema::FileRecord> old;  // file task: what the manifest said
  std::shared_ptr<JsonlState> jsonl;      // chunk task
  std::vector<std::string> lines;
  std::uint64_t first_line = 0;
  std::uint64_t bytes = 0;  // chunk task: bytes of the file its lines took
};

// A bounded queue from the producer to the workers.
class TaskQueue {
 public:
  explicit TaskQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(Task t) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_ || closed_; });
    queue_.push_back(std::move(t));
    not_empty_.notify_one();
  }
  bool pop(Task& out) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) {
      return false;
    }
    out = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Task> queue_;
  bool closed_ = false;
};

Pipeline::Pipeline(const Sources& sources, const Manifest& manifest, ShardWriter& writer,
                   RunReport& report, std::string language, bool pairs, ReadOptions read)
    : sources_(sources),
      manifest_(manifest),
      writer_(writer),
      report_(report),
      language_(text::LanguageSetting::parse(language)),
      pairs_(pairs),
      read_(std::move(read)) {}

void Pipeline::run() {
  const unsigned threads = writer_.workers();
  TaskQueue queue(static_cast<std::size_t>(threads) * 4);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([this, &queue, i] { work(queue, i); });
  }
  try {
    for (const Source& s : sources_.files) {
      if (failed() || (stop_ != nullptr && stop_->load())) {
        stopped_ = stopped_ || !failed();
        break;
      }
      produce(s, queue);
    }
  } catch (...) {
    fail(std::current_exception());
  }
  queue.close();
  for (auto& w : workers) {
    w.join();
  }
  if (failure_) {
    std::rethrow_exception(failure_);
  }
}

void Pipeline::fail(std::exception_ptr e) {
  std::lock_guard lock(failure_mu_);
  if (!failure_) {
    failure_ = std::move(e);
  }
  has_failed_ = true;
}

// Decides what to do with a file: pass it over (unsupported, unchanged, too large), queue it
// for a worker, or read a JSON Lines file here in chunks.
void Pipeline::produce(const Source& s, TaskQueue& queue) {
  RunCounts& counts = report_.counts();
  if (s.kind == FileKind::kUnsupported) {
    report_.skip(Skip{s.abs, "unsupported file type", s.file.extension().string()});
    ++counts.files_done;
    return;
  }
  std::optional<schema::FileRecord> old;
  if (const schema::FileRecord* r = manifest_.find(s.key)) {
    old = *r;
    if (Manifest::unchanged(s, *r)) {
      (writer_.resuming() ? counts.resumed : counts.unchanged) += r->articles;
      ++counts.files_done;
      return;
    }
  }
  if (s.size > read_.max_bytes && s.kind != FileKind::kJsonl) {
    report_.skip(Skip{s.abs, "too large",
                      std::to_string(s.size) + " bytes > " + std::to_string(read_.max_bytes)});
    forget(s);
    ++counts.files_done;
    return;
  }
  ++counts.files_read;
  counts.bytes_total += s.size;
  if (s.kind != FileKind::kJsonl) {
    Task t;
    t.source = &s;
    t.old = old;
    queue.push(std::move(t));
    return;
  }
  produce_jsonl(s, queue);
}

// Reads a JSON Lines file here, in chunks that the workers parse and index.
void Pipeline::produce_jsonl(const Source& s, TaskQueue& queue) {
  auto state = std::make_shared<JsonlState>();
  state->source = &s;
  state->record.size = s.size;
  state->record.mtime_ns = s.mtime_ns;
  state->record.path = s.abs;
  if (!writer_.bulk() || writer_.resuming()) {
    state->old = writer_.line_hashes(s.key);
  }
  JsonlStream stream(s.file, s.abs, read_.max_bytes);
  if (stream.skip()) {
    report_.skip(*stream.skip());
    ++report_.counts().files_done;
    return;
  }
  Task chunk;
  chunk.first_line = 1;
  std::size_t chunk_bytes = 0;
  std::uint64_t flushed_bytes = 0;
  auto flush = [&] {
    if (chunk.lines.empty()) {
      return;
    }
    chunk.source = &s;
    chunk.jsonl = state;
    chunk.bytes = stream.consumed() - flushed_bytes;
    flushed_bytes = stream.consumed();
    ++state->remaining;
    queue.push(std::move(chunk));
    chunk = Task{};
    chunk.first_line = stream.line_number() + 1;
    chunk_bytes = 0;
  };
  std::string line;
  bool too_long = false;
  while (stream.next(line, too_long)) {
    if (too_long) {
      report_.skip(Skip{s.abs + ":" + std::to_string(stream.line_number()), "too large",
                        "line longer than " + std::to_string(read_.max_bytes) + " bytes"});
      line.clear();  // keep the line numbering: an empty line stands in its place
    }
    chunk_bytes += line.size();
    chunk.lines.push_back(std::move(line));
    line = std::string();
    if (chunk_bytes >= kChunkBytes || chunk.lines.size() >= kChunkLines) {
      flush();
    }
    if (failed()) {
      break;
    }
  }
  flush();
  state->record.hash = stream.hash();
  if (stream.error() != 0) {
    report_.skip(Skip{s.abs, "unreadable file", std::strerror(stream.error())});
  }
  ++report_.counts().files_done;
  chunk_done(*state);  // the reader's own hold
}

void Pipeline::work(TaskQueue& queue, unsigned worker) {
  text::Analyzers analyzers;
  std::vector<Token> scratch;
  Task task;
  while (queue.pop(task)) {
    if (failed()) {
      continue;  // drain
    }
    try {
      if (task.jsonl) {
        work_chunk(task, analyzers, scratch, worker);
      } else {
        work_file(task, analyzers, scratch, worker);
      }
    } catch (...) {
      fail(std::current_exception());
    }
  }
}

// Reads a whole file; when its content changed, parses and analyses its articles, which
// replace those it gave before.
Xapian::Document Pipeline::document(Article& a, const std::string& source_key,
                                    const std::string& hash, text::Analyzers& analyzers,
                                    std::vector<Token>& scratch, WordCounts* spelling) {
  a.language = text::article_language(a, language_);
  report_.language(a.language);
  return make_document(a, source_key, hash, analyzers.by_code(a.language), scratch, spelling,
                       &writer_.codec(), pairs_);
}

void Pipeline::work_file(const Task& task, text::Analyzers& analyzers, std::vector<Token>& scratch,
                         unsigned worker) {
  const Source& s = *task.source;
  RunCounts& counts = report_.counts();
  LoadedFile loaded = load_file(s.file, s.abs, read_.max_bytes);
  counts.bytes_done += loaded.bytes.size();
  if (loaded.skip) {
    report_.skip(*loaded.skip);
    forget(s);
    ++counts.files_done;
    return;
  }
  schema::FileRecord record{s.size, s.mtime_ns, loaded.hash, 0, s.abs};
  Unit u;
  if (task.old && task.old->hash == record.hash) {
    // Touched but not changed: remember the new mtime, leave the articles alone.
    record.articles = task.old->articles;
    counts.unchanged += record.articles;
  } else {
    const ReadResult r = read_bytes(
        loaded.bytes, s.file, s.root,
        [&](Article&& a) {
          u.text_bytes += a.title.size() + a.body.size();
          std::string id = schema::id_term(a.id);
          WordCounts& spelling = writer_.spelling_of(u, id);
          u.docs.emplace_back(std::move(id),
                              document(a, s.key, record.hash, analyzers, scratch, &spelling));
        },
        read_.extractor);
    report_.read(s.abs, r);
    record.articles = r.articles;
    if (task.old) {
      u.delete_terms.push_back(std::string(schema::kPrefixSource) + s.key);
    }
  }
  // A file that gave no article is not remembered, so the next run reports it again.
  u.metadata.emplace_back(manifest_key(s.key),
                          record.articles > 0 ? schema::encode_manifest(record) : "");
  writer_.apply(worker, u);
  ++counts.files_done;
}

// Parses a chunk of JSON Lines; lines whose id and content hash the index already has are
// left alone.
void Pipeline::work_chunk(const Task& task, text::Analyzers& analyzers, std::vector<Token>& scratch,
                          unsigned worker) {
  JsonlState& state = *task.jsonl;
  const Source& s = *task.source;
  Unit u;
  std::uint64_t number = task.first_line;
  std::uint64_t unchanged = 0;
  for (const std::string& line : task.lines) {
    Article a;
    Skip skipped;
    const std::uint64_t at = number++;
    if (!read_jsonl_record(line, at, s.abs, a, skipped)) {
      if (!skipped.reason.empty()) {
        report_.skip(skipped);
      }
      continue;
    }
    const std::string hash = text::content_hash(line);
    ++state.articles;
    if (!state.old.empty()) {
      std::lock_guard lock(state.mu);
      state.seen.insert(a.id);
      auto it = state.old.find(a.id);
      if (it != state.old.end() && it->second == hash) {
        ++unchanged;
        continue;
      }
      if (it != state.old.end() && writer_.bulk()) {
        // An earlier run of this build wrote another version of the line: it goes, as if it
        // had never been written (in place, replacing it is enough).
        u.delete_ids.push_back(schema::id_term(a.id));
      }
    }
    u.text_bytes += a.title.size() + a.body.size();
    std::string id = schema::id_term(a.id);
    WordCounts& spelling = writer_.spelling_of(u, id);
    u.docs.emplace_back(std::move(id), document(a, s.key, hash, analyzers, scratch, &spelling));
  }
  (writer_.resuming() ? report_.counts().resumed : report_.counts().unchanged) += unchanged;
  report_.counts().bytes_done += task.bytes;
  writer_.apply(worker, u);
  chunk_done(state);
}

// When the last chunk of a JSONL file is in, records the file and drops the ids it lost.
void Pipeline::chunk_done(JsonlState& state) {
  if (--state.remaining != 0) {
    return;
  }
  Unit u;
  for (const auto& [id, hash] : state.old) {
    if (state.seen.count(id) == 0) {
      u.delete_ids.push_back(schema::id_term(id));
    }
  }
  state.record.articles = state.articles;
  if (writer_.bulk()) {
    writer_.commit_all();  // its lines are in every worker's databases: all committed first
  }
  u.metadata.emplace_back(manifest_key(state.source->key),
                          state.articles > 0 ? schema::encode_manifest(state.record) : "");
  writer_.apply(0, u);
}

// A file that is now skipped must not keep articles from an earlier version.
void Pipeline::forget(const Source& s) {
  if (writer_.bulk() || manifest_.find(s.key) == nullptr) {
    return;
  }
  Unit u = file_removal(s.key);
  writer_.apply(0, u);
}

}  // namespace folio
