// Opening Folio's Xapian databases and checking that they are of our schema version.
#pragma once

#include <filesystem>
#include <string>

#include <xapian.h>

namespace folio {

/// Throws IndexError naming `path` unless `db` carries kSchemaVersion.
void check_schema(const Xapian::Database& db, const std::filesystem::path& path);

/// The analyser language recorded in `db` ("english" when it records none).
std::string recorded_language(const Xapian::Database& db);

/// Opens `path` for reading and checks its schema. Throws IndexError naming the path.
Xapian::Database open_for_reading(const std::filesystem::path& path);

}  // namespace folio
