// The shard writer of an indexing run.
#include "indexing/shard_writer.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "folio/error.h"

#include "indexing/partial_build.h"
#include "store/database.h"
#include "store/document.h"
#include "store/schema.h"
#include "text/hash.h"

namespace folio {

void Target::commit() {
  journal_spelling(db, spelling);
  db.commit();
  pending_docs = 0;
  pending_bytes = 0;
}

ShardWriter::ShardWriter(std::vector<Xapian::WritableDatabase> shards, unsigned workers,
                         const BatchRule& rule, RunReport& report, std::string name)
    : bulk_(false),
      workers_(workers),
      shards_(static_cast<unsigned>(shards.size())),
      rule_(rule),
      report_(report),
      name_(std::move(name)),
      codec_(shards.front()) {
  for (Xapian::WritableDatabase& db : shards) {
    targets_.push_back(std::make_unique<Target>());
    targets_.back()->db = std::move(db);
  }
  groups_.push_back(std::make_unique<std::mutex>());  // every worker writes every shard
}

ShardWriter::ShardWriter(const PartialBuild& build, unsigned workers, const BatchRule& rule,
                         RunReport& report, std::string name)
    : bulk_(true),
      workers_(workers),
      shards_(build.shards()),
      rule_(rule),
      report_(report),
      name_(std::move(name)) {
  const unsigned run = build.run();
  for (const PartialBuild::Earlier& e : build.earlier()) {
    try {
      earlier_.push_back(
          Earlier{e.shard,
                  Xapian::WritableDatabase(e.path.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC)});
    } catch (const Xapian::Error& x) {
      throw IndexError("cannot continue the interrupted build of index '" + name_ +
                       "': " + e.path.string() + ": " + x.get_description());
    }
  }
  for (unsigned w = 0; w < workers; ++w) {
    for (unsigned k = 0; k < shards_; ++k) {
      targets_.push_back(std::make_unique<Target>());
      targets_.back()->db = create_generation(build.scratch(run, k, w), build.language(),
                                              Xapian::DB_NO_SYNC, build.pairs());
    }
  }
  late_db_.emplace(
      create_generation(build.late(run), build.language(), Xapian::DB_NO_SYNC, build.pairs()));
  for (unsigned w = 0; w < workers; ++w) {
    groups_.push_back(std::make_unique<std::mutex>());  // a worker writes its own databases
  }
}

WordCounts& ShardWriter::spelling_of(Unit& u, const std::string& id_term) const {
  const unsigned k = bulk_ && shards_ > 1 ? shard_of(id_term, shards_) : 0;
  if (u.spelling.size() <= k) {
    u.spelling.resize(shards_);
  }
  return u.spelling[k];
}

Target& ShardWriter::target(unsigned worker, unsigned shard) {
  return *targets_[bulk_ ? worker * shards_ + shard : shard];
}

void ShardWriter::apply(unsigned worker, Unit& u) {
  if (bulk_) {
    if (!u.delete_ids.empty()) {  // lines of a JSON Lines file an earlier run indexed
      delete_from_earlier(u.delete_ids);
      u.delete_ids.clear();
    }
    keep_last_of_duplicates(u);
    mark_known_copies(u);
    // While the stored-text dictionary is being learned from the first records, units wait,
    // and are written once it is there, with it: no record is written twice.
    while (codec_.training()) {  // a short while: no worker runs ahead of it meanwhile
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!codec_.settled()) {
      std::lock_guard lock(waiting_mu_);
      if (!codec_.settled()) {
        waiting_.emplace_back(worker, std::move(u));
        return;
      }
    }
    write_waiting();
    repack(u);
  } else {
    mark_known_copies(u);
  }
  apply_now(worker, u);
}

// The records of `u` made before the dictionary was there, made again with it.
void ShardWriter::repack(Unit& u) {
  if (codec_.dictionary_id() == 0) {
    return;
  }
  const auto again = [this](Xapian::Document& doc) {
    const std::string data = doc.get_value(schema::kSlotText);
    if (!data.empty() && data.front() != schema::kDataFormatDict) {
      doc.add_value(schema::kSlotText, codec_.repack(data));
    }
  };
  for (auto& [term, doc] : u.docs) {
    again(doc);
  }
  for (Xapian::Document& doc : u.late) {
    again(doc);
  }
}

void ShardWriter::write_waiting() {
  // Held until every unit taken is applied: a commit_all() (a JSON Lines file about to be
  // recorded) must not commit while units taken here are still being applied.
  std::lock_guard drain(drain_mu_);
  std::vector<std::pair<unsigned, Unit>> units;
  {
    std::lock_guard lock(waiting_mu_);
    units.swap(waiting_);
  }
  for (auto& [worker, u] : units) {
    repack(u);
    apply_now(worker, u);
  }
}

void ShardWriter::settle() {
  if (bulk_) {
    while (codec_.training()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    codec_.train_now();
    write_waiting();
  }
}

void ShardWriter::apply_now(unsigned worker, Unit& u) {
  // A unit split over shards is applied whole before any commit of its databases (the group's
  // other workers, or a commit_all(), wait): shard 0's commit covers all of it or none.
  std::unique_lock<std::mutex> group;
  if (shards_ > 1) {
    group = std::unique_lock(*groups_[bulk_ ? worker : 0]);
  }
  if (shards_ == 1) {
    apply(target(worker, 0), worker, 0, u);
    return;
  }
  std::vector<Unit> parts(shards_);
  for (auto& d : u.docs) {
    parts[shard_of(d.first, shards_)].docs.push_back(std::move(d));
  }
  for (std::string& id : u.delete_ids) {
    parts[shard_of(id, shards_)].delete_ids.push_back(std::move(id));
  }
  for (Unit& part : parts) {
    part.delete_terms = u.delete_terms;
  }
  parts[0].metadata = std::move(u.metadata);
  for (std::size_t k = 0; k < u.spelling.size(); ++k) {
    parts[k].spelling[0] = std::move(u.spelling[k]);
  }
  parts[0].late = std::move(u.late);
  parts[0].elsewhere = u.docs.size() - parts[0].docs.size();
  parts[0].text_bytes = u.text_bytes;
  for (unsigned k = shards_; k-- > 0;) {
    if (!parts[k].docs.empty() || !parts[k].delete_terms.empty() || !parts[k].delete_ids.empty() ||
        !parts[k].metadata.empty() || !parts[k].spelling[0].empty() || k == 0) {
      apply(target(worker, k), worker, k, parts[k]);
    }
  }
}

// Applies a unit to `worker`'s database of `shard` under its lock; commits when the batch rule
// says so.
void ShardWriter::apply(Target& t, unsigned worker, unsigned shard, Unit& u) {
  RunCounts& counts = report_.counts();
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
    if (!u.docs.empty()) {
      codec_.store(t.db, t.dictionary);  // before any record made with it
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
        report_.skip(
            Skip{term.substr(schema::kPrefixId.size()), "write error", e.get_description()});
      }
    }
    counts.errors += refused;
    for (const auto& [key, value] : u.metadata) {
      t.db.set_metadata(key, value);
    }
    for (Xapian::Document& d : u.late) {
      t.late.push_back(std::move(d));
    }
    for (WordCounts& words : u.spelling) {  // (one, but for a unit not split by shard)
      if (t.spelling.empty()) {
        t.spelling = std::move(words);
      } else {
        for (const auto& [word, n] : words) {
          t.spelling[word] += n;
        }
      }
    }
    counts.added +=
        u.docs.size() - existed - std::min<std::uint64_t>(refused, u.docs.size() - existed);
    counts.updated += existed;
    counts.removed += deleted > existed ? deleted - existed : 0;
    t.pending_docs += u.docs.size() + u.elsewhere;
    t.pending_bytes += u.text_bytes;
    if (shard == 0 && (t.pending_docs >= rule_.articles || t.pending_bytes >= rule_.bytes)) {
      flush_late(t);  // the articles of the units shard 0 records, first
      for (unsigned k = 1; k < shards_; ++k) {
        Target& other = target(worker, k);
        std::lock_guard other_lock(other.mu);
        other.commit();
      }
      t.commit();
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write to index '" + name_ + "': " + e.get_description());
  }
}

// In a bulk run each worker writes its own scratch database, so an id met twice (in two
// files, or in two chunks of one, or in an earlier run of the build) could land in two of them:
// the later one is held back (`u.late`; with the worker's shard 0 until its next commit, then
// in the run's late database) and replaces the earlier after the merge.
void ShardWriter::keep_last_of_duplicates(Unit& u) {
  std::lock_guard lock(ids_mu_);
  auto keep = u.docs.begin();
  for (auto it = u.docs.begin(); it != u.docs.end(); ++it) {
    if (ids_.insert(text::hash64(it->first)).second) {
      if (keep != it) {
        *keep = std::move(*it);
      }
      ++keep;
    } else {
      u.late.push_back(std::move(it->second));
      ++late_count_;
    }
  }
  u.docs.erase(keep, u.docs.end());
}

// Marks the articles of `u` whose body key an article this run met before has: they have a
// copy. commit_marking_copies() at the end of the run is left to mark the first of each group
// (and to correct any mark: an article deleted since, a hash collision); it would otherwise
// rewrite every copy once more (a replace_document() each, a fifth of the serial end of a
// Reuters build).
void ShardWriter::mark_known_copies(Unit& u) {
  std::lock_guard lock(keys_mu_);
  for (auto& [term, doc] : u.docs) {
    const std::string key = doc.get_value(schema::kSlotBody);
    if (!key.empty() && !body_keys_.insert(text::hash64(key)).second) {
      mark_copy(doc, key);
    }
  }
}

// Moves the articles held back with shard 0 database `t` (locked by the caller) into the late
// database, and commits it: before `t` commits the units they came with.
void ShardWriter::flush_late(Target& t) {
  if (!bulk_) {
    return;
  }
  std::lock_guard lock(ids_mu_);
  if (!t.late.empty()) {
    codec_.store(*late_db_, late_dictionary_);  // (read by a resumed run's delete_unwritten())
  }
  for (Xapian::Document& d : t.late) {
    try {
      late_db_->add_document(d);
    } catch (const Xapian::InvalidArgumentError& e) {  // this article, not the index
      ++report_.counts().errors;
      report_.skip(Skip{d.get_value(schema::kSlotId), "write error", e.get_description()});
    }
  }
  if (!t.late.empty()) {
    t.late.clear();
    late_db_->commit();
  }
}

void ShardWriter::commit_all() {
  settle();
  std::vector<std::unique_lock<std::mutex>> held;  // no unit half applied
  for (auto& g : groups_) {
    held.emplace_back(*g);
  }
  try {
    for (unsigned w = 0; bulk_ && w < workers_; ++w) {
      Target& t = target(w, 0);
      std::lock_guard lock(t.mu);
      flush_late(t);
    }
    for (auto t = targets_.rbegin(); t != targets_.rend(); ++t) {  // shard 0 (first) last
      std::lock_guard lock((*t)->mu);
      (*t)->commit();
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write to index '" + name_ + "': " + e.get_description());
  }
}

void ShardWriter::delete_from_earlier(const std::vector<std::string>& id_terms) {
  std::lock_guard lock(earlier_mu_);
  for (const std::string& term : id_terms) {
    const unsigned shard = shard_of(term, shards_);
    bool held_back = false;  // by an earlier run: it replaces what comes before it
    for (Earlier& e : earlier_) {
      if (e.shard == shard) {
        delete_unwritten(e.db, term, earlier_analyzers_);
      } else if (!e.shard) {
        held_back = held_back || e.db.term_exists(term);
      }
    }
    if (!held_back) {
      std::lock_guard ids(ids_mu_);
      ids_.erase(text::hash64(term));  // a new version of the line is not held back
    }
  }
}

void ShardWriter::know_earlier_ids() {
  std::lock_guard lock(ids_mu_);
  const std::string prefix(schema::kPrefixId);
  for (Earlier& e : earlier_) {
    for (auto t = e.db.allterms_begin(prefix); t != e.db.allterms_end(prefix); ++t) {
      ids_.insert(text::hash64(*t));
    }
  }
}

std::vector<Xapian::Database> ShardWriter::late_databases() {
  settle();
  std::vector<Xapian::Database> out;
  for (Earlier& e : earlier_) {
    if (!e.shard) {
      out.push_back(e.db);
    }
  }
  for (unsigned w = 0; w < workers_; ++w) {
    Target& t = target(w, 0);
    std::lock_guard lock(t.mu);
    flush_late(t);
  }
  if (late_db_) {
    out.push_back(*late_db_);
  }
  return out;
}

std::unordered_map<std::string, std::string> ShardWriter::line_hashes(
    const std::string& source_key) {
  std::unordered_map<std::string, std::string> out;
  const std::string term = std::string(schema::kPrefixSource) + source_key;
  const auto read = [&](Xapian::Database& db) {
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      const Xapian::Document doc = db.get_document(*p, Xapian::DOC_ASSUME_VALID);
      out.emplace(doc.get_value(schema::kSlotId), doc.get_value(schema::kSlotHash));
    }
  };
  if (bulk_) {  // this run's databases hold none of the file yet; earlier runs' may
    std::lock_guard lock(earlier_mu_);
    for (Earlier& e : earlier_) {
      read(e.db);
    }
    return out;
  }
  for (auto& t : targets_) {
    std::lock_guard lock(t->mu);
    read(t->db);
  }
  return out;
}

void ShardWriter::close() {
  for (auto& t : targets_) {
    t->db.close();
  }
  for (Earlier& e : earlier_) {
    e.db.close();
  }
  if (late_db_) {
    late_db_->close();
  }
}

}  // namespace folio
