// run_indexing(): an indexing run put together from its parts (source walk, changes,
// pipeline, shard writer, publishing, report); and compact_index().
#include "folio/indexing.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "folio/error.h"
#include "folio/synonyms.h"

#include "indexing/changes.h"
#include "indexing/partial_build.h"
#include "indexing/pipeline.h"
#include "indexing/publish.h"
#include "indexing/report.h"
#include "indexing/shard_writer.h"
#include "indexing/sources.h"
#include "store/database.h"
#include "store/synonym_table.h"
#include "store/term_bounds.h"
#include "text/article_language.h"

namespace folio {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Calls `progress` about five times a second from a thread of its own while it lives.
class ProgressTicker {
 public:
  ProgressTicker(const std::function<void(const IndexingProgress&)>& progress,
                 const RunReport& report, std::uint64_t files)
      : progress_(progress), report_(report), files_(files) {
    if (progress_) {
      thread_ = std::thread([this] {
        while (!done_.load()) {
          progress_(report_.progress(files_));
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
      });
    }
  }
  ~ProgressTicker() { join(); }
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

  // Stops the thread and gives the last snapshot.
  void finish() {
    if (thread_.joinable()) {
      join();
      progress_(report_.progress(files_));
    }
  }

  void join() {
    done_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }

 private:
  const std::function<void(const IndexingProgress&)>& progress_;
  const RunReport& report_;
  std::uint64_t files_;
  std::atomic<bool> done_{false};
  std::thread thread_;
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

void check_inputs(const std::vector<fs::path>& inputs) {
  for (const fs::path& input : inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) {
      throw ConfigError("no such file or folder: '" + input.string() + "'");
    }
  }
}

}  // namespace

IndexingReport run_indexing(const std::vector<fs::path>& inputs, const IndexingOptions& options,
                            const IndexingListener& listener) {
  check_inputs(inputs);
  std::optional<SynonymFile> synonym_file;
  if (!options.synonyms.empty()) {
    synonym_file = read_synonyms(options.synonyms);  // a bad file fails before any work
  }
  WritableIndex index(
      options.db, WriteOptions{options.language, options.rebuild, options.shards, options.pairs});
  RunReport report(listener);
  const unsigned threads =
      options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const BatchRule rule{options.batch_articles, options.batch_bytes};
  const std::string name = options.db.string();

  // An index with articles is updated in place; a new one, an empty one or a rebuild is
  // written as scratch databases merged into a new generation (a rebuild keeps the shard count
  // unless given another). A build that a crash or kill interrupted is continued by the next
  // run that asks for nothing else (no other language, shard count or pairs setting); else it
  // is dropped.
  std::unique_ptr<PartialBuild> build;
  if (std::optional<PartialBuild> found = PartialBuild::find(index.dir())) {
    build = std::make_unique<PartialBuild>(std::move(*found));
  }
  if (build && ((!options.language.empty() && index.language() != build->language()) ||
                (options.shards != 0 && options.shards != build->shards()) ||
                (options.pairs && *options.pairs != build->pairs()))) {
    report.note(index.dir().partial().string(),
                "dropped the interrupted build (language " + build->language() + ", " +
                    std::to_string(build->shards()) + " shard(s), " +
                    (build->pairs() ? "with" : "without") +
                    " word pairs): this run asks for another");
    build->discard();
    build.reset();
  }
  const bool in_place = !build && !index.shards().empty() && index.articles() > 0;
  const unsigned shards = in_place              ? index.existing_shards()
                          : build               ? build->shards()
                          : options.shards != 0 ? options.shards
                          : options.rebuild     ? std::max(1U, index.existing_shards())
                                                : 1;
  const std::string language = build ? build->language() : index.language();
  const bool pairs = build ? build->pairs() : index.pairs();
  const Sources sources = walk_sources(inputs, [&report](const Skip& s) { report.skip(s); });
  std::unique_ptr<ShardWriter> writer;
  Manifest manifest;
  std::optional<Xapian::rev> bounded_at;  // the revision the score bounds describe, if they do
  if (in_place) {
    writer = std::make_unique<ShardWriter>(std::move(index.shards()), threads, rule, report, name);
    if (const Xapian::WritableDatabase& db = writer->target(0, 0).db;
        writer->shards() == 1 && TermBounds(db).valid()) {
      bounded_at = db.get_revision();
    }
    manifest = Manifest::read(writer->target(0, 0).db);
    for (const std::string& key : manifest.gone(sources)) {
      Unit u = file_removal(key);
      writer->apply(0, u);
    }
  } else {
    index.shards().clear();  // (a rebuild continued by a plain run opened them)
    // What an interrupted build left that cannot be read (say, a database cut short by a power
    // cut: scratch databases are written without syncing) is dropped, and the build starts again.
    auto drop = [&](const std::string& why) {
      report.note(index.dir().partial().string(), "dropped the interrupted build: " + why);
      writer.reset();
      manifest = Manifest();
      build.reset();
    };
    if (build) {
      try {
        writer = std::make_unique<ShardWriter>(*build, threads, rule, report, name);
        manifest = resume_build(*writer, sources);
      } catch (const IndexError& e) {
        drop(e.what());
      } catch (const Xapian::Error& e) {
        drop(e.get_description());
      }
    }
    if (!build) {
      build =
          std::make_unique<PartialBuild>(PartialBuild::start(index.dir(), language, shards, pairs));
      writer = std::make_unique<ShardWriter>(*build, threads, rule, report, name);
    }
  }
  SynonymGroups synonyms;
  if (synonym_file) {
    // Synonym entries are analysed in the index's default language, as queries look them up.
    Analyzer analyzer(text::stemmer_for(text::LanguageSetting::parse(language).code));
    synonyms = synonym_keys(*synonym_file, analyzer);
  }
  bool stopped = false;
  {
    ProgressTicker ticker(options.progress, report, sources.files.size());
    Pipeline pipeline(sources, manifest, *writer, report, language, pairs,
                      ReadOptions{options.max_file_bytes, options.extractor});
    pipeline.stop_when(options.stop);
    pipeline.run();
    stopped = pipeline.stopped();
    ticker.finish();
  }
  // Removing articles leaves every frontier a bound; adding or changing one may not.
  if (report.counts().added > 0 || report.counts().updated > 0) {
    bounded_at.reset();
  }
  const std::uint64_t total =
      in_place
          ? commit_in_place(*writer, synonyms, *index.generation(), bounded_at)
          : merge_and_publish(*writer, index.dir(), index.generation(), synonyms, report.counts());

  IndexingReport result = report.result();
  result.files = sources.files.size();
  result.threads = threads;
  result.shards = shards;
  result.rebuilt = !in_place;
  result.stopped = stopped;
  result.total_articles = total;
  return result;
}

CompactReport compact_index(const fs::path& db) {
  const auto t0 = Clock::now();
  const DirLock lock(db);
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
    const std::vector<fs::path> outputs =
        generation_layout(gen, static_cast<unsigned>(shards.size()));
    for (std::size_t k = 0; k < shards.size(); ++k) {
      Xapian::Database source(shards[k].string());
      check_schema(source, db);
      source.compact(outputs[k].string());
    }
    if (shards.size() == 1) {  // (a search of several databases reads no frontiers)
      Xapian::WritableDatabase out(outputs[0].string(), Xapian::DB_OPEN);
      report.bounded_terms = write_term_bounds(out);
    }
    if (shards.size() > 1) {
      write_shard_stub(gen, outputs);
      write_front(gen, Xapian::Database(outputs[0].string()));
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
