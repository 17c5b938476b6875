// Article -> Xapian document as schema.h lays it out; spelling data; marking copies.
#include "store/document.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include <unistd.h>
#include <zstd.h>

#include "folio/error.h"

#include "store/schema.h"
#include "store/stored_text.h"
#include "text/date.h"
#include "text/varint.h"

namespace folio {

Xapian::Document make_document(const Article& a, const std::string& source_key,
                               const std::string& hash, Analyzer& analyzer,
                               std::vector<Token>& tokens, WordCounts* spelling,
                               StoredTextCodec* codec, bool pairs) {
  Xapian::Document doc;
  const std::string title_prefix(schema::kPrefixTitle);
  tokens.clear();
  const std::uint32_t after_title = analyzer.analyze(a.title, tokens, 1, spelling);
  for (const Token& t : tokens) {
    doc.add_posting(t.term, t.position, schema::kTitleWdf);
    doc.add_posting(title_prefix + t.term, t.position);
  }
  tokens.clear();
  analyzer.analyze(a.body, tokens, after_title + schema::kFieldGap, spelling);
  std::string body_terms;  // the normalised body: copies that differ in form but not words agree
  std::size_t nth = 0;     // the lead's words count kLeadWdf times
  for (const Token& t : tokens) {
    doc.add_posting(t.term, t.position, nth++ < schema::kLeadWords ? schema::kLeadWdf : 1);
    body_terms.append(t.term).push_back(' ');
  }
  for (std::size_t i = 1; pairs && i < tokens.size(); ++i) {  // neighbouring words, for proximity
    doc.add_term(schema::pair_term(tokens[i - 1].term, tokens[i].term));
  }
  if (const std::string key = schema::body_key(body_terms); !key.empty()) {
    doc.add_value(schema::kSlotBody, key);  // copies share it (see commit_marking_copies)
  }
  tokens.clear();
  analyzer.analyze(a.author, tokens, 1);
  for (const Token& t : tokens) {
    doc.add_posting(std::string(schema::kPrefixAuthor) + t.term, t.position);
  }
  doc.add_boolean_term(schema::id_term(a.id));
  doc.add_boolean_term(std::string(schema::kPrefixSource) + source_key);
  if (!a.category.empty()) {
    doc.add_boolean_term(schema::category_term(a.category));
    doc.add_value(schema::kSlotCategory, a.category);
  }
  if (!a.language.empty()) {
    doc.add_boolean_term(schema::language_term(a.language));
    doc.add_value(schema::kSlotLanguage, a.language);
  }
  if (const std::string day = text::date_value(a.date); !day.empty()) {
    doc.add_value(schema::kSlotDate, day);  // date filters and facets read the value slot
  }
  doc.add_value(schema::kSlotHash, hash);
  doc.add_value(schema::kSlotId, a.id);
  doc.add_value(schema::kSlotText, codec != nullptr ? codec->encode(a) : schema::encode_data(a));
  return doc;
}

void add_spelling(Xapian::WritableDatabase& db, WordCounts& counts) {
  for (const auto& [word, n] : counts) {
    db.add_spelling(word, n);
  }
  counts.clear();
}

namespace {

// A journal entry holds each word as varint(length) word varint(count), zstd-compressed.
// A key no other process or call makes: the process id, the time it started and a counter
// (after a "-" for a removal).
std::string journal_key(bool removal) {
  static const auto started = std::chrono::steady_clock::now().time_since_epoch().count();
  static std::atomic<std::uint64_t> next{0};
  char name[64];
  std::snprintf(name, sizeof name, "%x-%llx-%llx", static_cast<unsigned>(::getpid()),
                static_cast<unsigned long long>(started), static_cast<unsigned long long>(next++));
  return std::string(schema::kMetaSpellingPrefix) + (removal ? "-" : "") + name;
}

// The words of journal entries added up, then given to a database once each. A word is in
// the entry of nearly every batch; Xapian's add_spelling() looks it up in an ordered map of
// every word changed since the last commit, so adding the entries one by one cost a map
// look-up per word and entry (250 entries of 30,000 words for 200,000 articles).
struct WordTotals {
  // Xapian keeps spelling changes in memory until a commit: apply() and commit at this many.
  static constexpr std::size_t kMaxWords = 500000;
  std::unordered_map<std::string, std::uint64_t, WordHash, std::equal_to<>> counts;

  // Adds one entry's words; false if it is corrupt (then nothing of it is added).
  bool add(std::string_view packed) {
    const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > (1ull << 32)) {
      return false;
    }
    std::string raw(size, '\0');
    const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), packed.data(), packed.size());
    if (ZSTD_isError(n) || n != size) {
      return false;
    }
    std::vector<std::pair<std::string_view, std::uint64_t>> words;
    std::string_view in = raw;
    while (!in.empty()) {
      std::uint64_t length = 0;
      std::uint64_t count = 0;
      if (!text::get_varint(in, length) || length > in.size()) {
        return false;
      }
      const std::string_view word = in.substr(0, length);
      in.remove_prefix(length);
      if (!text::get_varint(in, count) || count > UINT32_MAX) {
        return false;
      }
      words.emplace_back(word, count);
    }
    for (const auto& [word, count] : words) {
      if (const auto it = counts.find(word); it != counts.end()) {
        it->second += count;
      } else {
        counts.emplace(std::string(word), count);
      }
    }
    return true;
  }

  // Gives every word to `db`'s spelling data (takes them away for a `removal`) and forgets
  // them.
  void apply(Xapian::WritableDatabase& db, bool removal) {
    for (const auto& [word, total] : counts) {
      const auto n = static_cast<Xapian::termcount>(std::min<std::uint64_t>(total, UINT32_MAX));
      if (removal) {
        db.remove_spelling(word, n);
      } else {
        db.add_spelling(word, n);
      }
    }
    counts.clear();
  }
};

// The keys of `db`'s journal entries: the additions, or the removals.
std::vector<std::string> journal_keys(const Xapian::Database& db, bool removals) {
  const std::string prefix = std::string(schema::kMetaSpellingPrefix) + (removals ? "-" : "");
  std::vector<std::string> keys;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    if (removals || (*k)[prefix.size()] != '-') {
      keys.push_back(*k);
    }
  }
  return keys;
}

}  // namespace

void journal_spelling(Xapian::WritableDatabase& db, WordCounts& counts, bool removal) {
  if (counts.empty()) {
    return;
  }
  std::string raw;
  for (const auto& [word, n] : counts) {
    text::put_varint(raw, word.size());
    raw += word;
    text::put_varint(raw, n);
  }
  std::string packed(ZSTD_compressBound(raw.size()), '\0');
  const std::size_t n = ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), 1);
  if (ZSTD_isError(n)) {  // only for lack of memory
    throw std::bad_alloc();
  }
  packed.resize(n);
  db.set_metadata(journal_key(removal), packed);
  counts.clear();
}

std::size_t fold_spelling_journal(std::span<Xapian::WritableDatabase> shards) {
  Xapian::WritableDatabase& into = shards[0];
  std::size_t entries = 0;
  for (const bool removals : {false, true}) {
    WordTotals totals;
    std::vector<std::pair<Xapian::WritableDatabase*, std::string>> folded;  // not committed yet
    const auto commit = [&] {
      totals.apply(into, removals);
      // (An index updated in place journals in shard 0 alone: entries are folded and removed
      // in one commit. Several shards are those of a generation not yet published.)
      for (auto& [db, key] : folded) {
        db->set_metadata(key, "");
      }
      for (Xapian::WritableDatabase& db : shards) {
        db.commit();
      }
      folded.clear();
    };
    for (Xapian::WritableDatabase& db : shards) {
      for (const std::string& key : journal_keys(db, removals)) {
        if (!totals.add(db.get_metadata(key))) {
          throw IndexError("spelling journal entry '" + key + "' of index '" +
                           db.get_description() + "' is corrupt");
        }
        folded.emplace_back(&db, key);
        ++entries;
        if (totals.counts.size() >= WordTotals::kMaxWords) {
          commit();
        }
      }
    }
    commit();
  }
  return entries;
}

std::size_t replay_spelling_journal(const std::vector<Xapian::Database>& from,
                                    Xapian::WritableDatabase& into) {
  std::size_t entries = 0;
  for (const bool removals : {false, true}) {
    WordTotals totals;
    for (const Xapian::Database& db : from) {
      for (const std::string& key : journal_keys(db, removals)) {
        if (!totals.add(db.get_metadata(key))) {
          throw IndexError("spelling journal entry '" + key + "' of index '" +
                           db.get_description() + "' is corrupt");
        }
        ++entries;
        if (totals.counts.size() >= WordTotals::kMaxWords) {
          totals.apply(into, removals);
          into.commit();
        }
      }
    }
    totals.apply(into, removals);
  }
  into.commit();
  return entries;
}

void clear_spelling_journal(Xapian::WritableDatabase& db) {
  for (const bool removals : {false, true}) {
    for (const std::string& key : journal_keys(db, removals)) {
      db.set_metadata(key, "");
    }
  }
}

Xapian::doccount delete_unwritten(Xapian::WritableDatabase& db, const std::string& term,
                                  text::Analyzers& analyzers) {
  WordCounts counts;
  std::vector<Token> tokens;
  std::vector<Xapian::docid> ids;
  StoredTextReader dictionaries([&db](const std::string& key) { return db.get_metadata(key); });
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    Article a;
    if (schema::decode_data(db.get_document(*p).get_value(schema::kSlotText), a, &dictionaries)) {
      Analyzer& analyzer = analyzers.by_code(a.language);
      tokens.clear();
      analyzer.analyze(a.title, tokens, 1, &counts);
      tokens.clear();
      analyzer.analyze(a.body, tokens, 1, &counts);
    }
    ids.push_back(*p);
  }
  for (const Xapian::docid id : ids) {
    db.delete_document(id);
  }
  journal_spelling(db, counts, /*removal=*/true);
  return static_cast<Xapian::doccount>(ids.size());
}

void mark_copy(Xapian::Document& doc, const std::string& key) {
  doc.add_value(schema::kSlotCopies, key);
  doc.add_boolean_term(std::string(schema::kPrefixCopies) + key);
}

namespace {

// Sets kSlotCopies on the articles of one shard whose key `shared` says another article has,
// clears it on the others, and commits the shard if anything changed.
template <class Shared>
void mark_shard(Xapian::WritableDatabase& db,
                std::vector<std::pair<Xapian::docid, std::string>>& keys, Shared shared) {
  std::unordered_map<Xapian::docid, std::string> marked;  // the articles marked now
  for (auto v = db.valuestream_begin(schema::kSlotCopies);
       v != db.valuestream_end(schema::kSlotCopies); ++v) {
    marked.emplace(v.get_docid(), *v);
  }
  std::vector<std::pair<Xapian::docid, std::string>> changes;  // an empty key: clear
  for (auto& [did, key] : keys) {
    const auto m = marked.find(did);
    const std::string now = m == marked.end() ? std::string() : std::move(m->second);
    if (m != marked.end()) {
      marked.erase(m);
    }
    std::string want = shared(key) ? std::move(key) : std::string();
    if (want != now) {
      changes.emplace_back(did, std::move(want));
    }
  }
  for (auto& [did, key] : marked) {  // marked, but no longer has a body key
    changes.emplace_back(did, std::string());
  }
  const std::string prefix(schema::kPrefixCopies);
  for (const auto& [did, key] : changes) {
    Xapian::Document doc = db.get_document(did);
    if (const std::string old = doc.get_value(schema::kSlotCopies); !old.empty()) {
      try {
        doc.remove_term(prefix + old);
      } catch (const Xapian::InvalidArgumentError&) {
        // not there: the term goes with the value in one replace_document(), so never
      }
    }
    if (key.empty()) {
      doc.remove_value(schema::kSlotCopies);
    } else {
      mark_copy(doc, key);
    }
    db.replace_document(did, doc);
  }
  if (!changes.empty()) {
    db.commit();
  }
}

}  // namespace

void commit_marking_copies(std::span<Xapian::WritableDatabase> shards) {
  for (Xapian::WritableDatabase& db : shards) {
    db.commit();  // value streams show committed values only
  }
  const auto hash = [](const std::string& key) {
    std::uint64_t n = 0;
    std::from_chars(key.data(), key.data() + key.size(), n, 16);
    return n;
  };
  // Every article's body key, shard by shard, and how many articles of all shards share each.
  std::vector<std::vector<std::pair<Xapian::docid, std::string>>> keys(shards.size());
  std::unordered_map<std::uint64_t, Xapian::doccount> count;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    Xapian::WritableDatabase& db = shards[k];
    for (auto v = db.valuestream_begin(schema::kSlotBody);
         v != db.valuestream_end(schema::kSlotBody); ++v) {
      keys[k].emplace_back(v.get_docid(), *v);
      ++count[hash(keys[k].back().second)];
    }
  }
  for (std::size_t k = 0; k < shards.size(); ++k) {
    mark_shard(shards[k], keys[k], [&](const std::string& key) { return count[hash(key)] > 1; });
  }
}

}  // namespace folio
