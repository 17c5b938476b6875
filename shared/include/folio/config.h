// Settings shared by Folio's programs: version and the default index location.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace folio {

inline constexpr const char* kVersion = "0.1.0";

/// The index used when no --db is given: $FOLIO_DB when set, else ./folio-db.
inline std::filesystem::path default_db_path() {
  const char* env = std::getenv("FOLIO_DB");  // NOLINT(concurrency-mt-unsafe): read at startup
  return (env != nullptr && *env != '\0') ? std::filesystem::path(env) : "folio-db";
}

}  // namespace folio
