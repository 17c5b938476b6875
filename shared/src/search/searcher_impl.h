// Searcher over a Xapian database of the caller's: for the library's tests, which search an
// in-memory database (Xapian's DB_BACKEND_INMEMORY) instead of an index folder.
#pragma once

#include <string>

#include <xapian.h>

#include "folio/searcher.h"

namespace folio {

/// A Searcher of `db` (sharing it: a WritableDatabase written meanwhile is seen as it is
/// committed), named `name` in messages. Throws IndexError unless `db` is a Folio index.
Searcher searcher_over(const Xapian::Database& db, std::string name = "in-memory index");

}  // namespace folio
