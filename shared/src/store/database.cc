// Opening Folio indexes: for reading (any Xapian database or stub, schema checked) and for
// writing (the one way IndexWriter and the indexing run open an index folder).
#include "store/database.h"

#include "folio/error.h"

#include "store/schema.h"
#include "store/synonym_table.h"
#include "text/article_language.h"
#include "text/hash.h"

namespace folio {
namespace fs = std::filesystem;
namespace {

constexpr int kOpenAttempts = 5;  // opens of an index while new generations replace it

// Throws IndexError naming `path` unless `db` records `language` (empty: any); returns the
// language it records.
std::string check_language(const Xapian::Database& db, const fs::path& path,
                           const std::string& language) {
  std::string recorded = recorded_language(db);
  if (!language.empty() && language != recorded) {
    throw IndexError("index '" + path.string() + "' was built for language '" + recorded +
                     "', not '" + language + "'; use --rebuild to change it");
  }
  return recorded;
}

}  // namespace

void check_schema(const Xapian::Database& db, const fs::path& path) {
  const std::string version = db.get_metadata(std::string(schema::kMetaSchema));
  if (version.empty()) {
    throw IndexError("'" + path.string() + "' is not a Folio index (no schema version); " +
                     "build one with folio-index");
  }
  if (version != std::to_string(schema::kSchemaVersion)) {
    throw IndexError("'" + path.string() + "' has index schema version " + version +
                     ", but this Folio reads version " + std::to_string(schema::kSchemaVersion) +
                     "; rebuild it with folio-index --rebuild");
  }
}

bool recorded_pairs(const Xapian::Database& db) {
  return db.get_metadata(std::string(schema::kMetaPairs)) != "off";
}

std::string recorded_language(const Xapian::Database& db) {
  std::string lang = db.get_metadata(std::string(schema::kMetaLanguage));
  return lang.empty() ? "auto" : lang;
}

Xapian::Database open_for_reading(const fs::path& path) {
  if (!holds_index(path)) {
    throw IndexError("no index at '" + path.string() + "' (build one with folio-index, or " +
                     "pass --db)");
  }
  // A writer publishes a new generation by switching the stub and then removes the old one,
  // so the generation named by the stub we read may vanish while we open it. The stub has
  // changed then, and opening again finds the new generation.
  for (int attempt = 1;; ++attempt) {
    const std::string stub = layout_signature(path);
    try {
      Xapian::Database db(path.string());
      check_schema(db, path);
      return db;
    } catch (const Xapian::DatabaseError& e) {
      if (attempt < kOpenAttempts && layout_signature(path) != stub) {
        continue;
      }
      throw IndexError("cannot open index '" + path.string() + "': " + e.get_description());
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot open index '" + path.string() + "': " + e.get_description());
    }
  }
}

void initialise_index(Xapian::WritableDatabase& db, const std::string& language, bool pairs) {
  db.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersion));
  db.set_metadata(std::string(schema::kMetaLanguage), language);
  db.set_metadata(std::string(schema::kMetaPairs), pairs ? "" : "off");
}

Xapian::WritableDatabase create_generation(const fs::path& path, const std::string& language,
                                           int flags, bool pairs) {
  try {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE | flags);
    initialise_index(db, language, pairs);
    db.commit();
    return db;
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot create index '" + path.string() + "': " + e.get_description());
  }
}

fs::path write_front(const fs::path& gen, const Xapian::Database& shard0) {
  const fs::path path = gen / "front";
  Xapian::WritableDatabase front(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  initialise_index(front, recorded_language(shard0), recorded_pairs(shard0));
  for (auto w = shard0.spellings_begin(); w != shard0.spellings_end(); ++w) {
    front.add_spelling(*w, w.get_termfreq());
  }
  copy_synonyms(shard0, front);
  // The stored-text dictionaries ("folio.dict:ID") and the newest one's id ("folio.dict").
  const std::string dictionaries(schema::kMetaDictNewest);
  for (auto k = shard0.metadata_keys_begin(dictionaries);
       k != shard0.metadata_keys_end(dictionaries); ++k) {
    front.set_metadata(*k, shard0.get_metadata(*k));
  }
  front.commit();
  return path;
}

unsigned shard_of(std::string_view id_term, unsigned shards) {
  return static_cast<unsigned>(text::hash64(id_term) % shards);
}

WritableIndex::WritableIndex(const fs::path& dir, const WriteOptions& options)
    : lock_(dir), dir_(dir), generation_(dir_.current()) {
  dir_.cleanup();  // scratch and old generations left by an interrupted writer
  if (!generation_ && dir_.is_plain_database() && !options.rebuild) {
    check_schema(Xapian::Database(dir.string()), dir);  // throws: an index of an older layout
  }
  const std::vector<fs::path> shard_paths =
      generation_ ? generation_shards(*generation_) : std::vector<fs::path>{};
  existing_shards_ = static_cast<unsigned>(shard_paths.size());
  // Throws ConfigError for an unknown language; "german" and "de" are the same setting.
  language_ = options.language.empty() ? std::string()
                                       : text::LanguageSetting::parse(options.language).canonical();
  pairs_ = options.pairs.value_or(true);
  if (generation_ && !options.rebuild) {
    if (options.shards != 0 && options.shards != existing_shards_) {
      throw ConfigError("index '" + dir.string() + "' has " + std::to_string(existing_shards_) +
                        " shard(s), not " + std::to_string(options.shards) +
                        "; use --rebuild to change it");
    }
    try {
      for (const fs::path& shard : shard_paths) {
        shards_.emplace_back(shard.string(), Xapian::DB_OPEN);
        check_schema(shards_.back(), dir);
        language_ = check_language(shards_.back(), dir, language_);
        const bool recorded = recorded_pairs(shards_.back());
        if (options.pairs && *options.pairs != recorded) {
          throw IndexError("index '" + dir.string() + "' was built " +
                           (recorded ? "with" : "without") + " word pairs; use --rebuild to " +
                           (recorded ? "leave them out" : "add them"));
        }
        pairs_ = recorded;
      }
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot open index '" + dir.string() +
                       "' for writing: " + e.get_description());
    }
  }
  if (language_.empty()) {
    language_ = "auto";
  }
}

Xapian::doccount WritableIndex::articles() const {
  Xapian::doccount n = 0;
  for (const Xapian::WritableDatabase& db : shards_) {
    n += db.get_doccount();
  }
  return n;
}

}  // namespace folio
