// Opening Folio's Xapian databases and checking that they are of our schema version.
#include "database.h"

#include "folio/error.h"
#include "folio/schema.h"

namespace folio {

void check_schema(const Xapian::Database& db, const std::filesystem::path& path) {
  const std::string version = db.get_metadata(std::string(schema::kMetaSchema));
  if (version.empty()) {
    throw IndexError("'" + path.string() + "' is not a Folio index (no schema version); " +
                     "build one with folio-index");
  }
  if (version != std::to_string(schema::kSchemaVersion)) {
    throw IndexError("'" + path.string() + "' has index schema version " + version +
                     ", but this Folio reads version " + std::to_string(schema::kSchemaVersion) +
                     "; rebuild it with folio-index");
  }
}

std::string recorded_language(const Xapian::Database& db) {
  std::string lang = db.get_metadata(std::string(schema::kMetaLanguage));
  return lang.empty() ? "english" : lang;
}

Xapian::Database open_for_reading(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    throw IndexError("no index at '" + path.string() + "' (build one with folio-index, or " +
                     "pass --db)");
  }
  try {
    Xapian::Database db(path.string());
    check_schema(db, path);
    return db;
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot open index '" + path.string() + "': " + e.get_description());
  }
}

}  // namespace folio
