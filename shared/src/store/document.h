// Article -> Xapian document as schema.h lays it out; spelling data; marking copies.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/article.h"

namespace folio {

class StoredTextCodec;

/// The document for `a`: free-text, title and author terms with positions, boolean terms
/// (id, category, source file, language), values and the stored data. `a.language` is the
/// article's ISO 639-1 code as text::article_language() chose it ("" for none), and
/// `analyzer` that language's. `source_key` is
/// schema::source_key() of the file it came from, `hash` the content hash of its source text.
/// `scratch` is reused between calls to save allocations. When `spelling` is given, the words
/// of the title and body are counted there (Analyzer::spelling_word()), for the spelling data
/// that add_spelling() records when the batch is committed. The stored data is written by
/// `codec` when given (compressed with the index's dictionary), else by encode_data().
Xapian::Document make_document(const Article& a, const std::string& source_key,
                               const std::string& hash, Analyzer& analyzer,
                               std::vector<Token>& scratch, WordCounts* spelling = nullptr,
                               StoredTextCodec* codec = nullptr);

/// Adds `counts` to the spelling data of `db` (uncommitted, like any change) and clears it.
void add_spelling(Xapian::WritableDatabase& db, WordCounts& counts);

/// Commits every shard of an index, then sets schema::kSlotCopies on exactly the articles whose
/// kSlotBody key another article shares, in any shard, and clears it elsewhere (one pass over
/// every shard's body keys, a replace_document() for each article that changed), and commits
/// again each shard where anything did. So copies in different shards collapse as in one index.
/// Idempotent: a run killed between the commits is put right by the next one.
void commit_marking_copies(std::span<Xapian::WritableDatabase> shards);

}  // namespace folio
