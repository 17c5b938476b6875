// The index schema: the only place that spells term prefixes, value slots and stored data.
// Private to the library: embedders go through IndexWriter and Searcher.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "folio/article.h"

namespace folio {
class StoredTextReader;
}
typedef struct ZSTD_CCtx_s ZSTD_CCtx;  // (as zstd.h declares it)

namespace folio::schema {

/// Bump when the on-disk layout changes; a database of another version is refused.
inline constexpr int kSchemaVersion = 10;

// clang-format off
// Terms (prefixes follow Omega's conventions where one exists):
//
//   prefix  field      kind        example             notes
//   ------  ---------  ----------  ------------------  ----------------------------------------
//   (none)  title+body free text   huawei              positional; title words carry kTitleWdf,
//                                                      the lead's words kLeadWdf (schema 9)
//   S       title      free text   Shuawei             positional; for title:word, title phrases
//   A       author     free text   Ajohnson            positional; for author:word
//   Q       id         boolean     Qtech/a.txt         unique key: replace_document() by this term
//   XC      category   boolean     XCtechnology        lower-cased top folder below the root
//   XF      source     boolean     XF0123456789abcdef  source_key() of the file it came from
//   L       language   boolean     Lde                 ISO 639-1 code (Omega's prefix); none
//                                                      for an index of language "none"
//   XK      copies     boolean     XK0123456789abcdef  the kSlotCopies key, on the same articles
//                                                      (schema 7): finds a group of copies
//                                                      without scanning values
//   XP      body       word pairs  XPstate art         two neighbouring indexed words of the body
//                                                      (stopwords are not indexed: "state of the
//                                                      art" gives "state art"); no positions; the
//                                                      query's neighbouring words ask for them at
//                                                      Weighting::pairs (schema 10; none in an
//                                                      index built with --no-pairs: kMetaPairs)
//
// Value slots:
//   kSlotDate      "YYYYMMDD" (text::date_value(); sortable; Xapian DateRangeProcessor-compatible),
//                  empty if unknown;
//                  date filters are value ranges on it (no date terms: they cost 3 postings
//                  an article at index time and a range query needs none)
//   kSlotCategory  category as written (for facets)
//   kSlotHash      content hash (16 hex digits) of the file, or of the JSONL line
//   kSlotId        the article id (cheaper to read than the stored text)
//   kSlotBody      body_key(): hash (16 hex digits) of the body's analysed terms; unset for a
//                  body with no terms, so that empty articles are never copies of each other
//   kSlotCopies    the body_key() again, but only on articles whose key another article shares
//                  (set by mark_copies() at the end of every run): the collapse key that shows
//                  syndicated copies once. Unique articles have no value, so collapsing costs
//                  the matcher almost nothing for them (schema version 4)
//   kSlotLanguage  the article's language code again, for facets (schema version 6)
//   kSlotText      the stored text (below; schema version 8)
//
// Stored text: every field of the Article (the body too, for snippets), as a record in value
// slot kSlotText (schema version 8; before, the document data, now left empty). Glass tries
// zlib on every tag of its document-data table, and fails on a zstd frame, once when the
// article is added and again when a merge compacts it; values live in the postlist table,
// which glass never compresses (a fifth of a run's time on Reuters, docs/benchmarks.md).
// The record's first byte says its format:
//   0x01 kDataFormat      the fields (encode_record()): a record too small for zstd to shrink
//   0x02 kDataFormatZstd  a zstd frame of a 0x01 record, without a dictionary (encode_data():
//                         from 64 bytes, when smaller)
//   0x03 kDataFormatDict  a zstd frame of a 0x01 record made with a dictionary trained on the
//                         collection (StoredTextCodec); the frame names the dictionary's id,
//                         found in the metadata (issue 15; records written before an in-place
//                         run or an IndexWriter has its dictionary stay 0x01/0x02; a bulk run
//                         holds its first units until it has one).
// Free-text, title and author terms are each article's words analysed in its own language
// (schema version 6): a German article's terms are German stems, an English one's English
// stems, in one term space; the query side asks for a word's stem in every language present.
//
// Metadata keys: kMetaSchema (kSchemaVersion as text), kMetaLanguage (the language setting:
// "auto" for each article its own, "none", or one ISO 639-1 code for all), kMetaPairs ("off"
// for an index built without word pairs, folio-index --no-pairs; absent: it has them),
// and one kMetaFilePrefix + source_key(file) per indexed file: encode_manifest() of its size,
// mtime, content hash, article count and absolute path (what a re-run compares against);
// while a run lasts, kMetaSpellingPrefix + a unique name: a batch's spelling counts, journalled
// with its articles and folded into the spelling table at the end of the run
// (journal_spelling(), fold_spelling_journal() in document.h).
// kMetaDictPrefix + id (decimal) for each stored-text dictionary (the zstd dictionary, as
// ZDICT_trainFromBuffer() made it; never changed once written, so a record's dictionary stays
// readable whatever is added later) and kMetaDictNewest, the id new records are written with.
// Every shard holds every dictionary of the index (and so does the front database).
//
// Spelling table: the folded, unstemmed words of titles and bodies with their counts
// (Analyzer::spelling_word()), for "did you mean". Synonym table (folio-index --synonyms):
// each entry's terms joined by spaces, one more space for each stopword position inside it
// ("Bank of England" -> "bank  england"), mapped to the other entries of its group.
//
// On disk, an index folder holds a stub file XAPIANDB ("auto gen-N") naming the current
// generation, the generation folders (Xapian glass databases), a lock file, and while a build
// is unfinished its scratch databases in partial/ (indexing/partial_build.h). A rebuild or a
// compaction writes a new generation and switches the stub atomically.
// clang-format on

inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixAuthor = "A";
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixCategory = "XC";
inline constexpr std::string_view kPrefixSource = "XF";
inline constexpr std::string_view kPrefixLanguage = "L";
inline constexpr std::string_view kPrefixCopies = "XK";
inline constexpr std::string_view kPrefixPair = "XP";

inline constexpr unsigned kSlotDate = 0;
inline constexpr unsigned kSlotCategory = 1;
inline constexpr unsigned kSlotHash = 2;
inline constexpr unsigned kSlotId = 3;
inline constexpr unsigned kSlotBody = 4;
inline constexpr unsigned kSlotCopies = 5;
inline constexpr unsigned kSlotLanguage = 6;
inline constexpr unsigned kSlotText = 7;

/// Within-document frequency given to each title word in the free-text field, so that a match
/// in the title counts more than one in the body (a simple BM25F: fields merged with weights).
#ifndef FOLIO_TITLE_WDF
#define FOLIO_TITLE_WDF 3  // (a build may set another to measure it: -DFOLIO_TITLE_WDF=N)
#endif
inline constexpr unsigned kTitleWdf = FOLIO_TITLE_WDF;
/// The lead: the first kLeadWords indexed words of the body (stopwords are not indexed) count
/// kLeadWdf times each in the free-text field (schema version 9), as an article's opening states
/// what it is about (the news lead; an abstract's first sentence). Chosen on the test collections
/// by leave-one-collection-out (docs/benchmarks.md "Ranking quality"); a build may set others to
/// measure them (-DFOLIO_LEAD_WORDS=N -DFOLIO_LEAD_WDF=K).
#ifndef FOLIO_LEAD_WORDS
#define FOLIO_LEAD_WORDS 15
#endif
#ifndef FOLIO_LEAD_WDF
#define FOLIO_LEAD_WDF 2
#endif
inline constexpr unsigned kLeadWords = FOLIO_LEAD_WORDS;
inline constexpr unsigned kLeadWdf = FOLIO_LEAD_WDF;
/// Positions skipped between title and body, so that phrases never span the two.
inline constexpr unsigned kFieldGap = 100;

inline constexpr std::string_view kMetaSchema = "folio.schema_version";
inline constexpr std::string_view kMetaLanguage = "folio.language";
inline constexpr std::string_view kMetaPairs = "folio.pairs";
inline constexpr std::string_view kMetaFilePrefix = "folio.file:";
inline constexpr std::string_view kMetaSpellingPrefix = "folio.spelling:";
inline constexpr std::string_view kMetaDictPrefix = "folio.dict:";
inline constexpr std::string_view kMetaDictNewest = "folio.dict";

// The first byte of a stored-text record: its format.
inline constexpr char kDataFormat = '\x01';      // the fields as they are (encode_record())
inline constexpr char kDataFormatZstd = '\x02';  // a zstd frame of a kDataFormat record
inline constexpr char kDataFormatDict = '\x03';  // the same, made with a dictionary it names
/// The largest record a zstd frame may claim to hold (a guard against corrupt data).
inline constexpr unsigned long long kMaxRecordBytes = 1ull << 32;

/// The unique-id term of an article id. Ids longer than Xapian's term limit are hashed.
std::string id_term(std::string_view id);
/// The category filter term ("XC" + lower-cased category).
std::string category_term(std::string_view category);
/// The language filter term ("L" + ISO 639-1 code).
std::string language_term(std::string_view code);
/// The term of two neighbouring free-text terms, `first` then `second` ("XP" + first + " " +
/// second; a term never holds a space, so no two pairs share a term).
std::string pair_term(std::string_view first, std::string_view second);

/// The duplicate key of a body given its analysed terms in order, each followed by a space;
/// the same body in other whitespace, case, punctuation, markup or Unicode form gives the same
/// key. Empty for an empty `terms`.
std::string body_key(std::string_view terms);

/// A fixed-length key for a source file (content hash of its absolute path), for XF terms and
/// the manifest.
std::string source_key(std::string_view absolute_path);

/// What the manifest records of one indexed file.
struct FileRecord {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string hash;            ///< content_hash() of the whole file
  std::uint64_t articles = 0;  ///< articles it gave
  std::string path;            ///< absolute path
};
std::string encode_manifest(const FileRecord& r);
bool decode_manifest(std::string_view data, FileRecord& out);

/// Every field of `a` as a kDataFormat record. Never throws except bad_alloc.
std::string encode_record(const Article& a);
/// Serialises every field of `a` for the stored text without a dictionary: pack_record() of
/// encode_record(). StoredTextCodec::encode() compresses with a dictionary. Never throws except
/// bad_alloc.
std::string encode_data(const Article& a);
/// `record` (kDataFormat) compressed with zstd, without a dictionary (kDataFormatZstd), when
/// that is smaller; else `record`. Never throws except bad_alloc.
std::string pack_record(std::string record);
/// This thread's zstd compression context (a run's workers encode records concurrently).
ZSTD_CCtx* thread_zstd_cctx();
/// Inverse of encode_data() and StoredTextCodec::encode(); returns false for data not written
/// by them, and for a record made with a dictionary that `dictionaries` (if any) lacks.
bool decode_data(std::string_view data, Article& out, StoredTextReader* dictionaries = nullptr);
/// decode_data() without copying the body: `out.body` is left as it is and `body` views the
/// body in `data` (valid while `data` is), for callers that only read it once (snippets).
/// Compressed data is replaced by its decompressed form first.
bool decode_data(std::string& data, Article& out, std::string_view& body,
                 StoredTextReader* dictionaries = nullptr);

}  // namespace folio::schema
