// index_paths(): the incremental, parallel, crash-safe indexing run; and compact_index().
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>
#include <xxhash.h>

#include "folio/error.h"
#include "folio/index_writer.h"
#include "folio/schema.h"
#include "folio/synonyms.h"

#include "database.h"
#include "document.h"
#include "line_reader.h"
#include "synonym_table.h"

namespace folio {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// JSON Lines files are cut into chunks of about this many bytes, so that one big file keeps
// every worker busy.
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kChunkLines = 2000;
constexpr std::size_t kSpellingFlushWords = 500000;

// ---- Finding the files ----

struct Source {
  fs::path file;
  fs::path root;
  std::string abs;  // absolute path, as the manifest records it
  std::string key;  // schema::source_key(abs)
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  FileKind kind = FileKind::kUnsupported;
};

// A collection's own documentation is not one of its articles.
bool documentation(const fs::path& p) {
  std::string stem = p.stem().string();
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return stem == "README" || stem == "LICENSE" || stem == "LICENCE" || stem == "CHANGELOG" ||
         stem == "CONTRIBUTING";
}

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

// ---- The shared state of a run ----

// One change to a database, applied atomically with respect to commits.
struct Unit {
  std::vector<std::pair<std::string, Xapian::Document>> docs;  // id term, document
  std::vector<std::string> delete_terms;                       // XF terms: every article of a file
  std::vector<std::string> delete_ids;                         // id terms
  std::vector<std::pair<std::string, std::string>> metadata;   // empty value: remove the key
  WordCounts spelling;                                         // words of the new articles
  std::uint64_t text_bytes = 0;
};

// A database being written, with its lock and batch counters.
struct Target {
  std::mutex mu;
  Xapian::WritableDatabase db;
  std::uint64_t pending_docs = 0;
  std::uint64_t pending_bytes = 0;
  // Spelling counts not yet given to Xapian. One add_spelling() a distinct word is far cheaper
  // than one a word of text, and each commit that carries spelling rewrites (and zlib
  // compresses) every spelling-table entry it touches, so counts wait for the last commit,
  // or until there are kSpellingFlushWords of them (a bound on memory: about 100 bytes each).
  WordCounts spelling;

  void commit(bool last = false) {
    if (last || spelling.size() >= kSpellingFlushWords) {
      add_spelling(db, spelling);
    }
    db.commit();
    pending_docs = 0;
    pending_bytes = 0;
  }
};

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

struct Task {
  const Source* source = nullptr;
  std::optional<schema::FileRecord> old;  // file task: what the manifest said
  std::shared_ptr<JsonlState> jsonl;      // chunk task
  std::vector<std::string> lines;
  std::uint64_t first_line = 0;
  std::uint64_t bytes = 0;  // chunk task: bytes of the file its lines took
};

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

class Run {
 public:
  Run(const std::vector<fs::path>& inputs, const IndexOptions& options,
      const IndexListener& listener)
      : inputs_(inputs), options_(options), listener_(listener), dir_(options.db) {}

  IndexReport go() {
    start_ = Clock::now();
    for (const fs::path& input : inputs_) {
      std::error_code ec;
      if (!fs::exists(input, ec)) {
        throw ConfigError("no such file or folder: '" + input.string() + "'");
      }
    }
    std::optional<SynonymFile> synonyms;
    if (!options_.synonyms.empty()) {
      synonyms = read_synonyms(options_.synonyms);  // a bad file fails before any work
    }
    DirLock lock(options_.db);
    dir_.cleanup();  // scratch and old generations left by an interrupted run
    threads_ = options_.threads != 0 ? options_.threads
                                     : std::max(1U, std::thread::hardware_concurrency());
    report_.threads = threads_;
    open_targets();
    report_.shards = shards_;
    if (synonyms) {
      Analyzer analyzer(language_);
      synonym_groups_ = synonym_keys(*synonyms, analyzer);
    }
    walk();
    if (!bulk_) {
      load_manifest();
      remove_missing();
    }
    std::thread ticker;
    std::atomic<bool> done{false};
    if (options_.progress) {
      ticker = std::thread([&] {
        while (!done.load()) {
          options_.progress(progress());
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
      });
    }
    try {
      process();
    } catch (...) {
      done = true;
      if (ticker.joinable()) {
        ticker.join();
      }
      throw;
    }
    done = true;
    if (ticker.joinable()) {
      ticker.join();
    }
    if (options_.progress) {
      options_.progress(progress());
    }
    finish();
    report_.added = added_;
    report_.updated = updated_;
    report_.removed = removed_;
    report_.unchanged = unchanged_;
    report_.articles = added_ + updated_;
    report_.errors = errors_;
    report_.bytes = bytes_done_;
    report_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    return report_;
  }

 private:
  // ---- Setting up ----

  void open_targets() {
    std::optional<fs::path> current = dir_.current();
    if (!current && dir_.is_plain_database()) {
      if (!options_.rebuild) {
        check_schema(Xapian::Database(options_.db.string()), options_.db);  // throws
      }
    }
    language_ = options_.language;
    const std::vector<fs::path> existing =
        current ? generation_shards(*current) : std::vector<fs::path>{};
    if (current && !options_.rebuild) {
      if (options_.shards != 0 && options_.shards != existing.size()) {
        throw ConfigError("index '" + options_.db.string() + "' has " +
                          std::to_string(existing.size()) + " shard(s), not " +
                          std::to_string(options_.shards) + "; use --rebuild to change it");
      }
      try {
        std::vector<std::unique_ptr<Target>> shards;
        Xapian::doccount articles = 0;
        for (const fs::path& shard : existing) {
          shards.push_back(std::make_unique<Target>());
          shards.back()->db = Xapian::WritableDatabase(shard.string(), Xapian::DB_OPEN);
          language_ = check_writable(shards.back()->db, options_.db, options_.language);
          articles += shards.back()->db.get_doccount();
        }
        if (articles > 0) {
          targets_ = std::move(shards);  // incremental: update the shards in place
          shards_ = static_cast<unsigned>(targets_.size());
          return;
        }
      } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index '" + options_.db.string() +
                         "' for writing: " + e.get_description());
      }
    }
    // A new index, an empty one, or --rebuild: one scratch database per worker and shard,
    // each shard's merged at the end. A rebuild keeps the shard count unless given another.
    bulk_ = true;
    previous_ = current;
    report_.rebuilt = true;
    shards_ = options_.shards != 0                      ? options_.shards
              : existing.size() > 1 && options_.rebuild ? static_cast<unsigned>(existing.size())
                                                        : 1;
    if (language_.empty()) {
      language_ = "english";
    }
    Analyzer check(language_);  // throws ConfigError for an unknown language
    for (unsigned i = 0; i < threads_ * shards_; ++i) {
      targets_.push_back(std::make_unique<Target>());
      targets_.back()->db = create_generation(dir_.scratch("shard-" + std::to_string(i)), language_,
                                              Xapian::DB_NO_SYNC);
    }
  }

  void walk() {
    for (const fs::path& given : inputs_) {
      // Stored paths are absolute, so that a hit's path opens from wherever the search runs.
      const fs::path input = fs::absolute(given).lexically_normal();
      std::error_code ec;
      if (fs::is_regular_file(input, ec)) {
        add_source(input, input.parent_path());
        roots_.push_back(input.string());
        continue;
      }
      roots_.push_back(input.string() + "/");
      const std::size_t first = sources_.size();
      fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        skip(Skip{input.string(), "unreadable folder", ec.message()});
        continue;
      }
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
          skip(Skip{it->path().string(), "unreadable folder", ec.message()});
          ec.clear();
          continue;
        }
        if (hidden(it->path())) {
          if (it->is_directory(ec)) {
            it.disable_recursion_pending();
          }
          continue;
        }
        if (!it->is_regular_file(ec)) {
          continue;
        }
        if (documentation(it->path())) {
          skip(Skip{it->path().string(), "README/LICENSE file", ""});
          continue;
        }
        add_source(it->path(), input);
      }
      // Sorted, so that runs are repeatable.
      std::sort(sources_.begin() + static_cast<std::ptrdiff_t>(first), sources_.end(),
                [](const Source& a, const Source& b) { return a.file < b.file; });
    }
    report_.files = sources_.size();
  }

  void add_source(const fs::path& file, const fs::path& root) {
    Source s;
    s.file = file;
    s.root = root;
    s.abs = file.string();
    s.key = schema::source_key(s.abs);
    s.kind = file_kind(file);
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) {
      s.size = static_cast<std::uint64_t>(st.st_size);
      s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    }
    sources_.push_back(std::move(s));
  }

  void load_manifest() {
    Xapian::WritableDatabase& db = targets_[0]->db;
    const std::string prefix(schema::kMetaFilePrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      schema::FileRecord r;
      if (schema::decode_manifest(db.get_metadata(*it), r)) {
        manifest_.emplace((*it).substr(prefix.size()), std::move(r));
      }
    }
  }

  // Articles of files that were indexed from under these inputs before but are gone now.
  void remove_missing() {
    std::unordered_set<std::string> present;
    for (const Source& s : sources_) {
      present.insert(s.key);
    }
    for (const auto& [key, record] : manifest_) {
      if (present.count(key) != 0) {
        continue;
      }
      const std::string& path = record.path;
      const bool under = std::any_of(roots_.begin(), roots_.end(), [&path](const std::string& r) {
        return path == r || (r.back() == '/' && path.rfind(r, 0) == 0);
      });
      if (under) {
        Unit u;
        u.delete_terms.push_back(std::string(schema::kPrefixSource) + key);
        u.metadata.emplace_back(std::string(schema::kMetaFilePrefix) + key, "");
        apply_unit(0, u);
      }
    }
  }

  // ---- The work ----

  void process() {
    TaskQueue queue(static_cast<std::size_t>(threads_) * 4);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads_; ++i) {
      workers.emplace_back([this, &queue, i] { work(queue, i); });
    }
    try {
      for (const Source& s : sources_) {
        if (failed()) {
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

  void produce(const Source& s, TaskQueue& queue) {
    if (s.kind == FileKind::kUnsupported) {
      skip(Skip{s.abs, "unsupported file type", s.file.extension().string()});
      ++files_done_;
      return;
    }
    std::optional<schema::FileRecord> old;
    if (auto it = manifest_.find(s.key); it != manifest_.end()) {
      old = it->second;
      if (old->size == s.size && old->mtime_ns == s.mtime_ns && old->path == s.abs) {
        unchanged_ += old->articles;
        ++files_done_;
        return;
      }
    }
    if (s.size > options_.max_file_bytes && s.kind != FileKind::kJsonl) {
      skip(Skip{s.abs, "too large",
                std::to_string(s.size) + " bytes > " + std::to_string(options_.max_file_bytes)});
      forget(s);
      ++files_done_;
      return;
    }
    ++report_.files_read;
    bytes_total_ += s.size;
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
  void produce_jsonl(const Source& s, TaskQueue& queue) {
    auto state = std::make_shared<JsonlState>();
    state->source = &s;
    state->record.size = s.size;
    state->record.mtime_ns = s.mtime_ns;
    state->record.path = s.abs;
    if (!bulk_) {
      load_line_hashes(s, *state);
    }
    FilePtr f = open_or_skip(s);
    if (!f) {
      return;
    }
    LineReader reader(f.get());
    if (reader.starts_binary()) {
      skip(Skip{s.abs, "binary file", "NUL bytes in the first 8 KiB"});
      ++files_done_;
      return;
    }
    XXH3_state_t* hash = XXH3_createState();
    XXH3_64bits_reset(hash);
    Task chunk;
    std::size_t chunk_bytes = 0;
    std::uint64_t number = 0;
    std::string line;
    bool too_long = false;
    std::uint64_t flushed_bytes = 0;
    auto flush = [&] {
      if (chunk.lines.empty()) {
        return;
      }
      chunk.source = &s;
      chunk.jsonl = state;
      chunk.bytes = reader.consumed() - flushed_bytes;
      flushed_bytes = reader.consumed();
      ++state->remaining;
      queue.push(std::move(chunk));
      chunk = Task{};
      chunk.first_line = number + 1;
      chunk_bytes = 0;
    };
    chunk.first_line = 1;
    while (reader.next(line, options_.max_file_bytes, too_long)) {
      ++number;
      XXH3_64bits_update(hash, line.data(), line.size());
      XXH3_64bits_update(hash, "\n", 1);
      if (too_long) {
        skip(Skip{s.abs + ":" + std::to_string(number), "too large",
                  "line longer than " + std::to_string(options_.max_file_bytes) + " bytes"});
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
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits_digest(hash)));
    XXH3_freeState(hash);
    state->record.hash = hex;
    if (reader.error() != 0) {
      skip(Skip{s.abs, "unreadable file", std::strerror(reader.error())});
    }
    ++files_done_;
    chunk_done(*state);  // the reader's own hold
  }

  // The id -> line hash of the articles this JSONL file gave before.
  void load_line_hashes(const Source& s, JsonlState& state) {
    const std::string term = std::string(schema::kPrefixSource) + s.key;
    for (auto& t : targets_) {  // (incremental: one target a shard)
      std::lock_guard lock(t->mu);
      for (auto p = t->db.postlist_begin(term); p != t->db.postlist_end(term); ++p) {
        const Xapian::Document doc = t->db.get_document(*p, Xapian::DOC_ASSUME_VALID);
        state.old.emplace(doc.get_value(schema::kSlotId), doc.get_value(schema::kSlotHash));
      }
    }
  }

  void work(TaskQueue& queue, unsigned index) {
    Analyzer analyzer(language_);
    std::vector<Token> scratch;
    Task task;
    while (queue.pop(task)) {
      if (failed()) {
        continue;  // drain
      }
      try {
        if (task.jsonl) {
          work_chunk(task, analyzer, scratch, index);
        } else {
          work_file(task, analyzer, scratch, index);
        }
      } catch (...) {
        fail(std::current_exception());
      }
    }
  }

  void work_file(const Task& task, Analyzer& analyzer, std::vector<Token>& scratch,
                 unsigned index) {
    const Source& s = *task.source;
    std::string bytes;
    {
      FilePtr f = open_or_skip(s);
      if (!f) {
        return;
      }
      char buf[1 << 16];
      std::size_t n = 0;
      while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
        bytes.append(buf, n);
      }
    }
    bytes_done_ += bytes.size();
    schema::FileRecord record{s.size, s.mtime_ns, schema::content_hash(bytes), 0, s.abs};
    Unit u;
    const std::string source_term = std::string(schema::kPrefixSource) + s.key;
    if (task.old && task.old->hash == record.hash) {
      // Touched but not changed: remember the new mtime, leave the articles alone.
      record.articles = task.old->articles;
      unchanged_ += record.articles;
    } else {
      ReadResult r = read_bytes(bytes, s.file, s.root, [&](Article&& a) {
        u.text_bytes += a.title.size() + a.body.size();
        u.docs.emplace_back(schema::id_term(a.id),
                            make_document(a, s.key, record.hash, analyzer, scratch, &u.spelling));
      });
      report_notes(s, r);
      record.articles = r.articles;
      if (task.old) {
        u.delete_terms.push_back(source_term);
      }
    }
    const std::string meta_key = std::string(schema::kMetaFilePrefix) + s.key;
    // A file that gave no article is not remembered, so the next run reports it again.
    u.metadata.emplace_back(meta_key, record.articles > 0 ? schema::encode_manifest(record) : "");
    apply_unit(index, u);
    ++files_done_;
  }

  void work_chunk(const Task& task, Analyzer& analyzer, std::vector<Token>& scratch,
                  unsigned index) {
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
          skip(skipped);
        }
        continue;
      }
      const std::string hash = schema::content_hash(line);
      ++state.articles;
      if (!state.old.empty()) {
        std::lock_guard lock(state.mu);
        state.seen.insert(a.id);
        auto it = state.old.find(a.id);
        if (it != state.old.end() && it->second == hash) {
          ++unchanged;
          continue;
        }
      }
      u.text_bytes += a.title.size() + a.body.size();
      u.docs.emplace_back(schema::id_term(a.id),
                          make_document(a, s.key, hash, analyzer, scratch, &u.spelling));
    }
    unchanged_ += unchanged;
    bytes_done_ += task.bytes;
    apply_unit(index, u);
    chunk_done(state);
  }

  // When the last chunk of a JSONL file is in, record the file and drop the ids it lost.
  void chunk_done(JsonlState& state) {
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
    const std::string key = std::string(schema::kMetaFilePrefix) + state.source->key;
    u.metadata.emplace_back(key, state.articles > 0 ? schema::encode_manifest(state.record) : "");
    apply_unit(0, u);
  }

  // The database a worker writes a shard's articles to: in a bulk run its own scratch one.
  Target& target(unsigned worker, unsigned shard) {
    return *targets_[bulk_ ? worker * shards_ + shard : shard];
  }

  // Applies a unit, split by shard when there are several: each article (and each id to
  // delete) goes to the shard its id hashes to, deletions of a whole file to every shard, the
  // file's manifest entry and the spelling counts to shard 0. Shard 0 is written last, and
  // commits only after the other shards did (see apply()), so the manifest never says a file
  // is indexed before its articles are committed: a crash at any point is redone by the next
  // run.
  void apply_unit(unsigned worker, Unit& u) {
    if (shards_ == 1) {
      apply(target(worker, 0), u);
      return;
    }
    std::vector<Unit> parts(shards_);
    const std::uint64_t bytes_each = u.docs.empty() ? 0 : u.text_bytes / u.docs.size();
    for (auto& d : u.docs) {
      Unit& part = parts[shard_of(d.first, shards_)];
      part.text_bytes += bytes_each;  // for the batch rule only
      part.docs.push_back(std::move(d));
    }
    for (std::string& id : u.delete_ids) {
      parts[shard_of(id, shards_)].delete_ids.push_back(std::move(id));
    }
    for (Unit& part : parts) {
      part.delete_terms = u.delete_terms;
    }
    parts[0].metadata = std::move(u.metadata);
    parts[0].spelling = std::move(u.spelling);
    for (unsigned k = shards_; k-- > 0;) {
      if (!parts[k].docs.empty() || !parts[k].delete_terms.empty() ||
          !parts[k].delete_ids.empty() || !parts[k].metadata.empty() || k == 0) {
        apply(target(worker, k), parts[k]);
      }
    }
  }

  // Applies a unit under the target's lock; commits when the batch rule says so.
  void apply(Target& t, Unit& u) {
    if (bulk_) {
      keep_last_of_duplicates(u);
    }
    std::lock_guard lock(t.mu);
    try {
      std::uint64_t existed = 0;
      if (!bulk_) {
        for (const auto& [term, doc] : u.docs) {
          existed += t.db.term_exists(term) ? 1 : 0;
        }
      }
      std::uint64_t deleted = 0;
      for (const std::string& term : u.delete_terms) {
        deleted += t.db.get_termfreq(term);
        t.db.delete_document(term);
      }
      for (const std::string& term : u.delete_ids) {
        if (t.db.term_exists(term)) {
          t.db.delete_document(term);
          ++deleted;
        }
      }
      std::uint64_t refused = 0;
      for (auto& [term, doc] : u.docs) {
        try {
          if (bulk_) {
            t.db.add_document(doc);  // ids are unique here (keep_last_of_duplicates): no lookup
          } else {
            t.db.replace_document(term, doc);
          }
        } catch (const Xapian::InvalidArgumentError& e) {  // this article, not the index
          ++refused;
          skip(Skip{term.substr(schema::kPrefixId.size()), "write error", e.get_description()});
        }
      }
      errors_ += refused;
      for (const auto& [key, value] : u.metadata) {
        t.db.set_metadata(key, value);
      }
      if (t.spelling.empty()) {
        t.spelling = std::move(u.spelling);
      } else {
        for (const auto& [word, n] : u.spelling) {
          t.spelling[word] += n;
        }
      }
      added_ += u.docs.size() - existed - std::min<std::uint64_t>(refused, u.docs.size() - existed);
      updated_ += existed;
      removed_ += deleted > existed ? deleted - existed : 0;
      t.pending_docs += u.docs.size();
      t.pending_bytes += u.text_bytes;
      if (t.pending_docs >= options_.batch_articles || t.pending_bytes >= options_.batch_bytes) {
        if (!bulk_ && &t == targets_[0].get()) {  // the manifest's shard: the others first
          for (std::size_t k = 1; k < targets_.size(); ++k) {
            std::lock_guard other(targets_[k]->mu);
            targets_[k]->commit();
          }
        }
        t.commit();
      }
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot write to index '" + options_.db.string() +
                       "': " + e.get_description());
    }
  }

  // In a bulk run each worker writes its own shard, so an id met twice (in two files, or in
  // two chunks of one) could land in two shards: the later one is held back and replaces the
  // earlier after the merge.
  void keep_last_of_duplicates(Unit& u) {
    std::lock_guard lock(ids_mu_);
    auto keep = u.docs.begin();
    for (auto it = u.docs.begin(); it != u.docs.end(); ++it) {
      if (ids_.insert(XXH3_64bits(it->first.data(), it->first.size())).second) {
        if (keep != it) {
          *keep = std::move(*it);
        }
        ++keep;
      } else {
        late_.push_back(std::move(*it));
      }
    }
    u.docs.erase(keep, u.docs.end());
  }

  // ---- Finishing ----

  void finish() {
    if (!bulk_) {
      try {
        report_.total_articles = 0;
        for (std::size_t k = targets_.size(); k-- > 0;) {  // shard 0, the manifest's, last
          Target& t = *targets_[k];
          std::lock_guard lock(t.mu);
          if (synonym_groups_ && k == 0) {
            store_synonyms(t.db, *synonym_groups_);
          }
          t.commit(/*last=*/true);
          commit_marking_copies(t.db);
          report_.total_articles += t.db.get_doccount();
          t.db.close();  // release Xapian's lock while we still hold ours
        }
      } catch (const Xapian::Error& e) {
        throw IndexError("cannot commit index '" + options_.db.string() +
                         "': " + e.get_description());
      }
      return;
    }
    const fs::path gen = dir_.next_generation();
    try {
      std::vector<fs::path> outputs;
      for (unsigned k = 0; k < shards_; ++k) {
        outputs.push_back(shards_ == 1 ? gen : gen / ("shard-" + std::to_string(k)));
      }
      if (shards_ > 1) {
        fs::create_directories(gen);
      }
      std::optional<Xapian::Database> previous;
      if (previous_) {
        previous.emplace(previous_->string());  // (a sharded one opens through its stub)
      }
      report_.total_articles = 0;
      for (unsigned k = 0; k < shards_; ++k) {
        Xapian::Database all;
        for (unsigned w = 0; w < threads_; ++w) {
          Target& t = target(w, k);
          t.commit(/*last=*/true);
          all.add_database(t.db);
        }
        all.compact(outputs[k].string());
        Xapian::WritableDatabase merged(outputs[k].string(), Xapian::DB_OPEN);
        for (auto& [term, doc] : late_) {
          if (shard_of(term, shards_) == k) {
            updated_ += merged.term_exists(term) ? 1 : 0;
            added_ += merged.term_exists(term) ? 0 : 1;
            merged.replace_document(term, doc);
          }
        }
        if (k == 0 && synonym_groups_) {
          store_synonyms(merged, *synonym_groups_);
        } else if (k == 0 && previous) {  // a rebuild keeps the synonyms it was given before
          copy_synonyms(*previous, merged);
        }
        commit_marking_copies(merged);  // durable: Xapian syncs the new generation's files
        report_.total_articles += merged.get_doccount();
      }
      if (shards_ > 1) {
        write_shard_stub(gen, outputs);
      }
      for (auto& t : targets_) {
        t->db.close();
      }
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot merge the new index into '" + gen.string() +
                       "': " + e.get_description());
    }
    dir_.publish(gen);
    dir_.cleanup();  // the old generation and the scratch databases
    if (dir_.is_plain_database()) {
      remove_plain_database();
    }
  }

  // --rebuild of an index from before generations: remove its Xapian files, nothing else.
  void remove_plain_database() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(options_.db, ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file(ec) &&
          (name == "iamglass" || name == "flintlock" || name.ends_with(".glass") ||
           name.ends_with(".baseA") || name.ends_with(".baseB"))) {
        fs::remove(e.path(), ec);
      }
    }
  }

  // ---- Reporting ----

  using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

  // Opens a source for reading; when it cannot, reports the file as skipped and done.
  FilePtr open_or_skip(const Source& s) {
    FilePtr f(std::fopen(s.file.c_str(), "rb"), &std::fclose);
    if (!f) {
      skip(Skip{s.abs, "unreadable file", std::strerror(errno)});
      ++files_done_;
    }
    return f;
  }

  void skip(const Skip& s) {
    std::lock_guard lock(report_mu_);
    ++report_.skipped;
    ++report_.skipped_by_reason[s.reason];
    if (listener_) {
      listener_(s);
    }
  }

  void report_notes(const Source& s, const ReadResult& r) {
    for (const Skip& k : r.skipped) {
      skip(k);
    }
    std::lock_guard lock(report_mu_);
    if (!r.converted_from.empty()) {
      ++report_.converted;
    }
    for (const std::string& note : r.notes) {
      if (listener_) {
        listener_(Skip{s.abs, "", note});
      }
    }
  }

  // A file that is now skipped must not keep articles from an earlier version.
  void forget(const Source& s) {
    if (bulk_ || manifest_.count(s.key) == 0) {
      return;
    }
    Unit u;
    u.delete_terms.push_back(std::string(schema::kPrefixSource) + s.key);
    u.metadata.emplace_back(std::string(schema::kMetaFilePrefix) + s.key, "");
    apply(*targets_[0], u);
  }

  IndexProgress progress() const {
    IndexProgress p;
    p.files_done = files_done_;
    p.files_total = sources_.size();
    p.bytes_done = bytes_done_;
    p.bytes_total = bytes_total_;
    p.articles = added_ + updated_;
    p.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    return p;
  }

  bool failed() const { return has_failed_.load(); }
  void fail(std::exception_ptr e) {
    std::lock_guard lock(report_mu_);
    if (!failure_) {
      failure_ = std::move(e);
    }
    has_failed_ = true;
  }

  const std::vector<fs::path>& inputs_;
  const IndexOptions& options_;
  const IndexListener& listener_;
  IndexDir dir_;
  Clock::time_point start_;
  unsigned threads_ = 1;
  bool bulk_ = false;
  std::optional<fs::path> previous_;  // bulk: the generation being replaced, if any
  std::string language_;
  // From --synonyms: the keys of each group, stored at the end; nullopt keeps the stored ones.
  std::optional<std::vector<std::vector<std::string>>> synonym_groups_;
  std::vector<std::unique_ptr<Target>> targets_;  // bulk: worker-major, shard-minor
  unsigned shards_ = 1;
  std::vector<Source> sources_;
  std::vector<std::string> roots_;  // absolute; folders end in '/'
  std::unordered_map<std::string, schema::FileRecord> manifest_;

  std::mutex ids_mu_;
  std::unordered_set<std::uint64_t> ids_;
  std::vector<std::pair<std::string, Xapian::Document>> late_;

  std::mutex report_mu_;
  IndexReport report_;
  std::atomic<std::uint64_t> added_{0}, updated_{0}, removed_{0}, unchanged_{0}, errors_{0};
  std::atomic<std::uint64_t> files_done_{0}, bytes_done_{0}, bytes_total_{0};
  std::atomic<bool> has_failed_{false};
  std::exception_ptr failure_;
};

std::uint64_t folder_bytes(const fs::path& p) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
    if (e.is_regular_file(ec)) {
      total += e.file_size(ec);
    }
  }
  return total;
}

}  // namespace

IndexReport index_paths(const std::vector<fs::path>& inputs, const IndexOptions& options,
                        const IndexListener& listener) {
  return Run(inputs, options, listener).go();
}

CompactReport compact_index(const fs::path& db) {
  const auto t0 = Clock::now();
  DirLock lock(db);
  const IndexDir dir(db);
  const std::optional<fs::path> current = dir.current();
  if (!current) {
    throw IndexError("no index at '" + db.string() + "' to compact");
  }
  CompactReport report;
  report.bytes_before = folder_bytes(*current);
  const fs::path gen = dir.next_generation();
  try {
    const std::vector<fs::path> shards = generation_shards(*current);
    if (shards.size() > 1) {
      fs::create_directories(gen);
    }
    std::vector<fs::path> outputs;
    for (const fs::path& shard : shards) {
      Xapian::Database source(shard.string());
      check_schema(source, db);
      outputs.push_back(shards.size() == 1 ? gen : gen / shard.filename());
      source.compact(outputs.back().string());
    }
    if (shards.size() > 1) {
      write_shard_stub(gen, outputs);
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot compact index '" + db.string() + "': " + e.get_description());
  }
  dir.publish(gen);
  dir.cleanup();
  report.bytes_after = folder_bytes(gen);
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return report;
}

}  // namespace folio
