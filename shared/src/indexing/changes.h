// What changed since the last run: the manifest of indexed files (size, modification time,
// content hash, article count), the files gone from the inputs, the units that apply them.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "indexing/shard_writer.h"
#include "indexing/sources.h"
#include "store/schema.h"

namespace folio {

/// The manifest: what the last runs recorded of each file they indexed, by source key. It
/// lives in the metadata of shard 0.
class Manifest {
 public:
  Manifest() = default;

  /// The manifest stored in `db` (an index's shard 0).
  static Manifest read(const Xapian::Database& db);

  void add(std::string key, schema::FileRecord record);

  /// The record of a file, nullptr when no run indexed it.
  const schema::FileRecord* find(const std::string& key) const;

  /// Whether `source` looks as `record` says (size, modification time and path), so that it
  /// need not be read again.
  static bool unchanged(const Source& source, const schema::FileRecord& record);

  /// The keys of files recorded from under the inputs of `sources` that it no longer has.
  std::vector<std::string> gone(const Sources& sources) const;

 private:
  std::unordered_map<std::string, schema::FileRecord> records_;
};

/// The metadata key of a file's manifest entry.
std::string manifest_key(const std::string& source_key);

/// The unit that removes every article of the file with this source key, and its manifest
/// entry.
Unit file_removal(const std::string& source_key);

}  // namespace folio
