// Article -> Xapian document, as schema.h lays it out (shared by IndexWriter and index_paths).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/article.h"

namespace folio {

/// The document for `a`: free-text, title and author terms with positions, boolean terms
/// (id, category, dates, source file), values and the stored data. `source_key` is
/// schema::source_key() of the file it came from, `hash` the content hash of its source text.
/// `scratch` is reused between calls to save allocations.
Xapian::Document make_document(const Article& a, const std::string& source_key,
                               const std::string& hash, Analyzer& analyzer,
                               std::vector<Token>& scratch);

}  // namespace folio
