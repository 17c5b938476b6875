// IndexWriter: writing articles into a Folio index one at a time.
#include "folio/index_writer.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/error.h"

#include "indexing/index_writer_impl.h"
#include "store/database.h"
#include "store/document.h"
#include "store/schema.h"
#include "store/stored_text.h"
#include "store/synonym_table.h"
#include "text/article_language.h"
#include "text/hash.h"

namespace folio {
namespace fs = std::filesystem;

class IndexWriter::Impl {
 public:
  // An index folder: its shards, or a new generation of one shard when it holds no index.
  Impl(const fs::path& path, const std::string& language)
      : name_(path.string()),
        index_(std::in_place, path, WriteOptions{language, false, 0, std::nullopt}) {
    shards_ = std::move(index_->shards());
    if (shards_.empty()) {
      const fs::path gen = index_->dir().next_generation();
      shards_.push_back(create_generation(gen, index_->language(), 0, index_->pairs()));
      index_->dir().publish(gen);
    }
    codec_.emplace(shards_.front());
    dictionaries_.resize(shards_.size());
    language_ = index_->language();
    setting_ = text::LanguageSetting::parse(language_);
    pairs_ = index_->pairs();
  }

  // A database of the caller's.
  Impl(Xapian::WritableDatabase db, const std::string& language) : name_(db.get_description()) {
    try {
      if (db.get_metadata(std::string(schema::kMetaSchema)).empty() && db.get_doccount() == 0) {
        initialise_index(db, text::LanguageSetting::parse(language).canonical());
      }
      check_schema(db, name_);
      language_ = recorded_language(db);
      setting_ = text::LanguageSetting::parse(language_);
      pairs_ = recorded_pairs(db);
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot write to '" + name_ + "': " + e.get_description());
    }
    shards_.push_back(std::move(db));
    codec_.emplace(shards_.front());
    dictionaries_.resize(shards_.size());
  }

  void add(const Article& given) {
    Article a = given;
    a.language = text::article_language(a, setting_);
    Xapian::Document doc = make_document(a, schema::source_key(a.path), text::content_hash(a.body),
                                         analyzers_.by_code(a.language), tokens_,
                                         spelling_ ? &*spelling_ : nullptr, &*codec_, pairs_);
    const std::string term = schema::id_term(a.id);
    try {
      const unsigned k = shard_of(term, static_cast<unsigned>(shards_.size()));
      codec_->store(shards_[k], dictionaries_[k]);  // before any record made with it
      shards_[k].replace_document(term, doc);
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot write '" + a.id + "' to index '" + name_ +
                       "': " + e.get_description());
    }
  }

  bool remove(const std::string& id) {
    try {
      const std::string term = schema::id_term(id);
      Xapian::WritableDatabase& db = shard(term);
      if (!db.term_exists(term)) {
        return false;
      }
      db.delete_document(term);
      return true;
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot remove '" + id + "' from index '" + name_ +
                       "': " + e.get_description());
    }
  }

  void set_synonyms(const SynonymFile& file) {
    const auto groups = synonym_keys(file, analyzers_.by_code(setting_.code));
    try {
      store_synonyms(shards_[0], groups);  // the spelling and synonym tables live in shard 0
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot store synonyms in index '" + name_ + "': " + e.get_description());
    }
  }

  void commit() {
    try {
      record_spelling();
      for (std::size_t k = 0; k < shards_.size(); ++k) {
        codec_->store(shards_[k], dictionaries_[k]);  // every shard: searches read it from any
      }
      commit_marking_copies(shards_);  // copies in different shards too
      if (shards_.size() > 1 && index_ && index_->generation()) {
        write_front(*index_->generation(), shards_[0]);
      }
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot commit index '" + name_ + "': " + e.get_description());
    }
  }

  std::uint64_t article_count() const {
    std::uint64_t n = 0;
    for (const Xapian::WritableDatabase& db : shards_) {
      n += db.get_doccount();
    }
    return n;
  }

  const std::string& language() const { return language_; }

 private:
  Xapian::WritableDatabase& shard(const std::string& id_term) {
    return shards_[shard_of(id_term, static_cast<unsigned>(shards_.size()))];
  }

  // The words counted since the last commit go to shard 0's spelling table; a backend that
  // has none (in-memory databases) gets none from now on.
  void record_spelling() {
    if (!spelling_) {
      return;
    }
    try {
      add_spelling(shards_[0], *spelling_);
    } catch (const Xapian::UnimplementedError&) {
      spelling_.reset();
    }
  }

  std::string name_;
  std::optional<WritableIndex> index_;  // holds the lock of an index folder
  std::vector<Xapian::WritableDatabase> shards_;
  std::string language_;
  bool pairs_ = true;  // the index's articles get word pairs (schema::kMetaPairs)
  text::LanguageSetting setting_;
  text::Analyzers analyzers_;
  std::vector<Token> tokens_;
  std::optional<WordCounts> spelling_{std::in_place};  // words added since the last commit
  std::optional<StoredTextCodec> codec_;               // writes the stored data
  std::vector<std::uint32_t> dictionaries_;            // the dictionary each shard holds
};

IndexWriter::IndexWriter(const fs::path& db, const std::string& language)
    : impl_(std::make_unique<Impl>(db, language)) {}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
  if (!impl_) {
    return;  // moved from
  }
  try {
    impl_->commit();
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): documented in the header
  }
}

void IndexWriter::add(const Article& article) { impl_->add(article); }
bool IndexWriter::remove(const std::string& id) { return impl_->remove(id); }
void IndexWriter::set_synonyms(const SynonymFile& file) { impl_->set_synonyms(file); }
void IndexWriter::commit() { impl_->commit(); }
std::uint64_t IndexWriter::article_count() const { return impl_->article_count(); }
const std::string& IndexWriter::language() const { return impl_->language(); }

IndexWriter index_writer_over(Xapian::WritableDatabase db, const std::string& language) {
  return IndexWriter(std::make_unique<IndexWriter::Impl>(std::move(db), language));
}

}  // namespace folio
