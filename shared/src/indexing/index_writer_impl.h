// IndexWriter over a Xapian database of the caller's: for the library's tests, which write to
// an in-memory database (Xapian's DB_BACKEND_INMEMORY) instead of an index folder.
#pragma once

#include <string>

#include <xapian.h>

#include "folio/index_writer.h"

namespace folio {

/// An IndexWriter that writes to `db` (sharing it with the caller; no folder and no lock).
/// An empty `db` is made a Folio index of `language` first. A backend without spelling data
/// (the in-memory one) records none. Throws IndexError when `db` is of another schema version.
IndexWriter index_writer_over(Xapian::WritableDatabase db, const std::string& language = "english");

}  // namespace folio
