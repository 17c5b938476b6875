// The shard writer of an indexing run.
#include "indexing/shard_writer.h"

#include <algorithm>
#include <memory>

#include "folio/error.h"

#include "store/database.h"
#include "store/document.h"
#include "store/schema.h"
#include "text/hash.h"

namespace folio {

void Target::commit(bool last) {
  if (last || spelling.size() >= kSpellingFlushWords) {
    add_spelling(db, spelling);
  }
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
}

ShardWriter::ShardWriter(const IndexDir& dir, const std::string& language, unsigned workers,
                         unsigned shards, const BatchRule& rule, RunReport& report,
                         std::string name)
    : bulk_(true),
      workers_(workers),
      shards_(shards),
      rule_(rule),
      report_(report),
      name_(std::move(name)) {
  for (unsigned i = 0; i < workers * shards; ++i) {
    targets_.push_back(std::make_unique<Target>());
    targets_.back()->db =
        create_generation(dir.scratch("shard-" + std::to_string(i)), language, Xapian::DB_NO_SYNC);
  }
}

Target& ShardWriter::target(unsigned worker, unsigned shard) {
  return *targets_[bulk_ ? worker * shards_ + shard : shard];
}

void ShardWriter::apply(unsigned worker, Unit& u) {
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
    if (!parts[k].docs.empty() || !parts[k].delete_terms.empty() || !parts[k].delete_ids.empty() ||
        !parts[k].metadata.empty() || k == 0) {
      apply(target(worker, k), parts[k]);
    }
  }
}

// Applies a unit under the target's lock; commits when the batch rule says so.
void ShardWriter::apply(Target& t, Unit& u) {
  if (bulk_) {
    keep_last_of_duplicates(u);
  }
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
    if (t.spelling.empty()) {
      t.spelling = std::move(u.spelling);
    } else {
      for (const auto& [word, n] : u.spelling) {
        t.spelling[word] += n;
      }
    }
    counts.added +=
        u.docs.size() - existed - std::min<std::uint64_t>(refused, u.docs.size() - existed);
    counts.updated += existed;
    counts.removed += deleted > existed ? deleted - existed : 0;
    t.pending_docs += u.docs.size();
    t.pending_bytes += u.text_bytes;
    if (t.pending_docs >= rule_.articles || t.pending_bytes >= rule_.bytes) {
      if (!bulk_ && &t == targets_[0].get()) {  // the manifest's shard: the others first
        for (std::size_t k = 1; k < targets_.size(); ++k) {
          std::lock_guard other(targets_[k]->mu);
          targets_[k]->commit();
        }
      }
      t.commit();
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write to index '" + name_ + "': " + e.get_description());
  }
}

// In a bulk run each worker writes its own scratch database, so an id met twice (in two
// files, or in two chunks of one) could land in two of them: the later one is held back and
// replaces the earlier after the merge.
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
      late_.push_back(std::move(*it));
    }
  }
  u.docs.erase(keep, u.docs.end());
}

std::unordered_map<std::string, std::string> ShardWriter::line_hashes(
    const std::string& source_key) {
  std::unordered_map<std::string, std::string> out;
  const std::string term = std::string(schema::kPrefixSource) + source_key;
  for (auto& t : targets_) {
    std::lock_guard lock(t->mu);
    for (auto p = t->db.postlist_begin(term); p != t->db.postlist_end(term); ++p) {
      const Xapian::Document doc = t->db.get_document(*p, Xapian::DOC_ASSUME_VALID);
      out.emplace(doc.get_value(schema::kSlotId), doc.get_value(schema::kSlotHash));
    }
  }
  return out;
}

void ShardWriter::close() {
  for (auto& t : targets_) {
    t->db.close();
  }
}

}  // namespace folio
