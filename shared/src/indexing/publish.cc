// Finishing an indexing run: committing in place, or merging and publishing a generation.
#include "indexing/publish.h"

#include <mutex>
#include <vector>

#include <xapian.h>

#include "folio/error.h"

#include "store/database.h"
#include "store/document.h"
#include "store/schema.h"
#include "store/synonym_table.h"
#include "store/term_bounds.h"

namespace folio {
namespace fs = std::filesystem;

std::vector<fs::path> generation_layout(const fs::path& gen, unsigned shards) {
  if (shards == 1) {
    return {gen};
  }
  fs::create_directories(gen);
  std::vector<fs::path> out;
  for (unsigned k = 0; k < shards; ++k) {
    out.push_back(gen / ("shard-" + std::to_string(k)));
  }
  return out;
}

std::uint64_t commit_in_place(ShardWriter& writer, const SynonymGroups& synonyms,
                              const fs::path& gen, std::optional<Xapian::rev> bounded_at) {
  std::uint64_t total = 0;
  try {
    std::vector<Xapian::WritableDatabase> shards;
    for (unsigned k = writer.shards(); k-- > 0;) {  // shard 0, the manifest's, last
      Target& t = writer.target(0, k);
      std::lock_guard lock(t.mu);
      if (synonyms && k == 0) {
        store_synonyms(t.db, *synonyms);
      }
      writer.codec().store(t.db, t.dictionary);  // every shard: searches read it from any
      t.commit();
      shards.push_back(t.db);
    }
    // Shard 0's journal (last in `shards`): this run's words, and those of a run killed before.
    fold_spelling_journal(std::span(&shards.back(), 1));
    commit_marking_copies(shards);  // over every shard: copies in different ones collapse too
    if (shards.size() > 1) {
      write_front(gen, shards.back());  // (shard 0 is last)
    }
    if (bounded_at && shards.size() == 1) {
      carry_term_bounds(shards.back(), *bounded_at);
    }
    for (Xapian::WritableDatabase& db : shards) {
      total += db.get_doccount();
      db.close();  // release Xapian's lock while we still hold ours
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot commit index '" + writer.name() + "': " + e.get_description());
  }
  return total;
}

namespace {

// The scratch databases of shard `k`: this run's, one a worker, and those of the build's
// earlier runs, committed.
std::vector<Xapian::Database> scratch_of(ShardWriter& writer, unsigned k) {
  std::vector<Xapian::Database> out;
  for (unsigned w = 0; w < writer.workers(); ++w) {
    Target& t = writer.target(w, k);
    t.commit();
    out.push_back(t.db);
  }
  for (ShardWriter::Earlier& e : writer.earlier()) {
    if (e.shard == k) {
      e.db.commit();  // what resuming removed from it
      out.push_back(e.db);
    }
  }
  return out;
}

// Merges shard `k`'s scratch databases, and `words` if given, into `out` (then without
// spelling journal), then writes over them, in the order they were met, the articles that were
// held back as duplicates of earlier ones (`late`).
Xapian::WritableDatabase merge_shard(ShardWriter& writer, unsigned k, const fs::path& out,
                                     const std::optional<Xapian::Database>& words,
                                     std::vector<Xapian::Database>& late, RunCounts& counts) {
  Xapian::Database all;
  for (const Xapian::Database& db : scratch_of(writer, k)) {
    all.add_database(db);
  }
  if (words) {
    all.add_database(*words);
  }
  all.compact(out.string());
  Xapian::WritableDatabase merged(out.string(), Xapian::DB_OPEN);
  clear_spelling_journal(merged);
  const std::string prefix(schema::kPrefixId);
  for (Xapian::Database& db : late) {
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      const Xapian::Document doc = db.get_document(*p);
      auto term = doc.termlist_begin();
      term.skip_to(prefix);
      if (term == doc.termlist_end() || !(*term).starts_with(prefix) ||
          shard_of(*term, writer.shards()) != k) {
        continue;
      }
      const bool existed = merged.term_exists(*term);
      counts.updated += existed ? 1 : 0;
      counts.added += existed ? 0 : 1;
      merged.replace_document(*term, doc);
    }
  }
  std::uint32_t dictionary = 0;
  writer.codec().store(merged, dictionary);  // every shard: searches read it from any
  return merged;
}

}  // namespace

std::uint64_t merge_and_publish(ShardWriter& writer, const IndexDir& dir,
                                const std::optional<fs::path>& previous,
                                const SynonymGroups& synonyms, RunCounts& counts) {
  // Everything the run wrote, committed first with each worker's shard 0 (the manifest) last:
  // scratch_of() commits shard by shard, and a kill between shard 0's commit and another's
  // would leave files recorded as done whose articles in that shard were lost.
  writer.commit_all();
  const fs::path gen = dir.next_generation();
  std::uint64_t total = 0;
  try {
    const std::vector<fs::path> outputs = generation_layout(gen, writer.shards());
    std::optional<Xapian::Database> before;
    if (previous) {
      before.emplace(previous->string());  // (a sharded one opens through its stub)
    }
    std::vector<Xapian::WritableDatabase> merged;
    std::vector<Xapian::Database> late = writer.late_databases();
    // Every run's and worker's spelling counts, added up in a database of their own that is
    // merged into shard 0: its spelling table is written once, and compact.
    std::vector<Xapian::Database> journals = late;
    for (unsigned k = 0; k < writer.shards(); ++k) {
      for (const Xapian::Database& db : scratch_of(writer, k)) {
        journals.push_back(db);
      }
    }
    Xapian::WritableDatabase words((dir.partial() / "words").string(),
                                   Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    replay_spelling_journal(journals, words);
    for (unsigned k = 0; k < writer.shards(); ++k) {
      merged.push_back(merge_shard(writer, k, outputs[k],
                                   k == 0 ? std::optional<Xapian::Database>(words) : std::nullopt,
                                   late, counts));
      if (k == 0 && synonyms) {
        store_synonyms(merged[k], *synonyms);
      } else if (k == 0 && before) {  // a rebuild keeps the synonyms it was given before
        copy_synonyms(*before, merged[k]);
      }
    }
    // Durable (Xapian syncs the new generation's files); copies in different shards marked too.
    commit_marking_copies(merged);
    if (writer.shards() == 1) {  // the terms' score bounds (a search of shards reads none)
      write_term_bounds(merged[0]);
    }
    for (const Xapian::WritableDatabase& db : merged) {
      total += db.get_doccount();
    }
    if (writer.shards() > 1) {
      write_shard_stub(gen, outputs);
      write_front(gen, merged[0]);
    }
    writer.close();
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot merge the new index into '" + gen.string() +
                     "': " + e.get_description());
  }
  dir.publish(gen);
  dir.cleanup(/*build_done=*/true);  // the old generation and the scratch databases
  if (dir.is_plain_database()) {
    dir.remove_plain_database();
  }
  return total;
}

}  // namespace folio
