// Article -> Xapian document as schema.h lays it out; spelling data; marking copies.
#include "store/document.h"

#include <charconv>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/schema.h"
#include "store/stored_text.h"
#include "text/date.h"

namespace folio {

Xapian::Document make_document(const Article& a, const std::string& source_key,
                               const std::string& hash, Analyzer& analyzer,
                               std::vector<Token>& tokens, WordCounts* spelling,
                               StoredTextCodec* codec) {
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
  for (const Token& t : tokens) {
    doc.add_posting(t.term, t.position);
    body_terms.append(t.term).push_back(' ');
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
  doc.set_data(codec != nullptr ? codec->encode(a) : schema::encode_data(a));
  return doc;
}

void add_spelling(Xapian::WritableDatabase& db, WordCounts& counts) {
  for (const auto& [word, n] : counts) {
    db.add_spelling(word, n);
  }
  counts.clear();
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
      doc.add_value(schema::kSlotCopies, key);
      doc.add_boolean_term(prefix + key);
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
