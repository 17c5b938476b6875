// What changed since the last run: the manifest of indexed files, the files gone.
#include "indexing/changes.h"

#include <unordered_set>

namespace folio {

Manifest Manifest::read(const Xapian::Database& db) {
  Manifest m;
  const std::string prefix(schema::kMetaFilePrefix);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
    schema::FileRecord r;
    if (schema::decode_manifest(db.get_metadata(*it), r)) {
      m.records_.emplace((*it).substr(prefix.size()), std::move(r));
    }
  }
  return m;
}

void Manifest::add(std::string key, schema::FileRecord record) {
  records_.insert_or_assign(std::move(key), std::move(record));
}

const schema::FileRecord* Manifest::find(const std::string& key) const {
  const auto it = records_.find(key);
  return it == records_.end() ? nullptr : &it->second;
}

bool Manifest::unchanged(const Source& source, const schema::FileRecord& record) {
  return record.size == source.size && record.mtime_ns == source.mtime_ns &&
         record.path == source.abs;
}

std::vector<std::string> Manifest::gone(const Sources& sources) const {
  std::unordered_set<std::string> present;
  for (const Source& s : sources.files) {
    present.insert(s.key);
  }
  std::vector<std::string> out;
  for (const auto& [key, record] : records_) {
    if (present.count(key) == 0 && sources.covers(record.path)) {
      out.push_back(key);
    }
  }
  return out;
}

std::string manifest_key(const std::string& source_key) {
  return std::string(schema::kMetaFilePrefix) + source_key;
}

Unit file_removal(const std::string& source_key) {
  Unit u;
  u.delete_terms.push_back(std::string(schema::kPrefixSource) + source_key);
  u.metadata.emplace_back(manifest_key(source_key), "");
  return u;
}

}  // namespace folio
