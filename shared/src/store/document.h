// Article -> Xapian document as schema.h lays it out; spelling data; marking copies.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/article.h"

#include "text/article_language.h"

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
/// `codec` when given (compressed with the index's dictionary), else by encode_data(). With
/// `pairs`, each two neighbouring words of the body also make their pair term (XP).
Xapian::Document make_document(const Article& a, const std::string& source_key,
                               const std::string& hash, Analyzer& analyzer,
                               std::vector<Token>& scratch, WordCounts* spelling = nullptr,
                               StoredTextCodec* codec = nullptr, bool pairs = true);

/// Adds `counts` to the spelling data of `db` (uncommitted, like any change) and clears it.
void add_spelling(Xapian::WritableDatabase& db, WordCounts& counts);

/// Records `counts` in `db` as one entry of its spelling journal (a metadata key of its own,
/// uncommitted) and clears it; a `removal` entry takes the counts away again. A batch's words
/// are journalled with its articles, so a run killed after a commit keeps them, and the costly
/// spelling table (each word also updates the lists of its fragments) is written once, by
/// fold_spelling_journal(), at the end of the run. Entry keys are unique, so the journals of
/// several databases survive their compaction into one.
void journal_spelling(Xapian::WritableDatabase& db, WordCounts& counts, bool removal = false);

/// Adds the entries of every shard's spelling journal to the spelling data of `shards[0]` (all
/// additions first, then the removals) and removes the entries, committing as it goes (so
/// memory stays bounded). Returns the entries folded. Throws IndexError for an entry it cannot
/// read.
std::size_t fold_spelling_journal(std::span<Xapian::WritableDatabase> shards);

/// Adds the entries of the spelling journals of `from` (all additions first, then the removals)
/// to the spelling data of `into`, which it commits; `from` is left as it is. For a merge: the
/// words go into a database of their own, compacted with the others, so that the merged
/// spelling table is as compact as the rest. Returns the entries read. Throws IndexError for an
/// entry it cannot read.
std::size_t replay_spelling_journal(const std::vector<Xapian::Database>& from,
                                    Xapian::WritableDatabase& into);

/// Removes every entry of `db`'s spelling journal (uncommitted).
void clear_spelling_journal(Xapian::WritableDatabase& db);

/// Deletes the articles indexed by `term` from `db` (uncommitted) and journals the spelling
/// counts they brought as a removal, each article analysed again (from its stored text) in its
/// language. For articles that were never part of an index (what an interrupted build had
/// written of a file that changed since): the spelling data ends as if they had never been
/// written. Returns the articles deleted.
Xapian::doccount delete_unwritten(Xapian::WritableDatabase& db, const std::string& term,
                                  text::Analyzers& analyzers);

/// Marks `doc` as an article with a copy, `key` being its schema::kSlotBody key: the value
/// schema::kSlotCopies and the term of its group, as commit_marking_copies() marks them. For an
/// article not yet written, known to have a copy: the commit then leaves it as it is.
void mark_copy(Xapian::Document& doc, const std::string& key);

/// Commits every shard of an index, then sets schema::kSlotCopies on exactly the articles whose
/// kSlotBody key another article shares, in any shard, and clears it elsewhere (one pass over
/// every shard's body keys, a replace_document() for each article that changed), and commits
/// again each shard where anything did. So copies in different shards collapse as in one index.
/// Idempotent: a run killed between the commits is put right by the next one.
void commit_marking_copies(std::span<Xapian::WritableDatabase> shards);

}  // namespace folio
