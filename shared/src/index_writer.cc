// IndexWriter (Article -> Xapian document) and index_paths (folders -> IndexWriter).
#include "folio/index_writer.h"

#include <algorithm>
#include <chrono>
#include <system_error>

#include <xapian.h>

#include "folio/analyzer.h"
#include "folio/error.h"
#include "folio/schema.h"

#include "database.h"

namespace folio {
namespace fs = std::filesystem;

class IndexWriter::Impl {
 public:
  Impl(const fs::path& path, const std::string& language) : path_(path) {
    try {
      db_ = Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      throw IndexError("index '" + path.string() + "' is locked: another folio-index is " +
                       "writing to it");
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot open index '" + path.string() +
                       "' for writing: " + e.get_description());
    }
    try {
      if (db_.get_metadata(std::string(schema::kMetaSchema)).empty() && db_.get_doccount() == 0) {
        language_ = language.empty() ? "english" : language;
        analyzer_ = std::make_unique<Analyzer>(language_);  // throws for an unknown language
        db_.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersion));
        db_.set_metadata(std::string(schema::kMetaLanguage), language_);
        db_.commit();
      } else {
        check_schema(db_, path);
        language_ = recorded_language(db_);
        if (!language.empty() && language != language_) {
          throw IndexError("index '" + path.string() + "' was built for language '" + language_ +
                           "', not '" + language + "'; index into a new --db to change it");
        }
        analyzer_ = std::make_unique<Analyzer>(language_);
      }
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot initialise index '" + path.string() + "': " + e.get_description());
    }
  }

  void add(const Article& a) {
    Xapian::Document doc;
    tokens_.clear();
    const std::uint32_t after_title = analyzer_->analyze(a.title, tokens_, 1);
    for (const Token& t : tokens_) {
      doc.add_posting(t.term, t.position, schema::kTitleWdf);
      doc.add_posting(std::string(schema::kPrefixTitle) + t.term, t.position);
    }
    tokens_.clear();
    analyzer_->analyze(a.body, tokens_, after_title + schema::kFieldGap);
    for (const Token& t : tokens_) {
      doc.add_posting(t.term, t.position);
    }
    tokens_.clear();
    analyzer_->analyze(a.author, tokens_, 1);
    for (const Token& t : tokens_) {
      doc.add_posting(std::string(schema::kPrefixAuthor) + t.term, t.position);
    }
    const std::string id_term = schema::id_term(a.id);
    doc.add_boolean_term(id_term);
    if (!a.category.empty()) {
      doc.add_boolean_term(schema::category_term(a.category));
      doc.add_value(schema::kSlotCategory, a.category);
    }
    if (const std::string day = schema::date_value(a.date); !day.empty()) {
      doc.add_value(schema::kSlotDate, day);
      doc.add_boolean_term(std::string(schema::kPrefixDay) + day);
      doc.add_boolean_term(std::string(schema::kPrefixMonth) + day.substr(0, 6));
      doc.add_boolean_term(std::string(schema::kPrefixYear) + day.substr(0, 4));
    }
    doc.set_data(schema::encode_data(a));
    try {
      db_.replace_document(id_term, doc);
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot write '" + a.id + "' to index '" + path_.string() +
                       "': " + e.get_description());
    }
  }

  bool remove(const std::string& id) {
    try {
      const std::string term = schema::id_term(id);
      if (!db_.term_exists(term)) {
        return false;
      }
      db_.delete_document(term);
      return true;
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot remove '" + id + "' from index '" + path_.string() +
                       "': " + e.get_description());
    }
  }

  void commit() {
    try {
      db_.commit();
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot commit index '" + path_.string() + "': " + e.get_description());
    }
  }

  std::uint64_t article_count() const { return db_.get_doccount(); }
  const std::string& language() const { return language_; }

 private:
  fs::path path_;
  Xapian::WritableDatabase db_;
  std::string language_;
  std::unique_ptr<Analyzer> analyzer_;
  std::vector<Token> tokens_;
};

IndexWriter::IndexWriter(const fs::path& db, const std::string& language)
    : impl_(std::make_unique<Impl>(db, language)) {}

IndexWriter::~IndexWriter() {
  try {
    impl_->commit();
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): documented in the header
  }
}

void IndexWriter::add(const Article& article) { impl_->add(article); }
bool IndexWriter::remove(const std::string& id) { return impl_->remove(id); }
void IndexWriter::commit() { impl_->commit(); }
std::uint64_t IndexWriter::article_count() const { return impl_->article_count(); }
const std::string& IndexWriter::language() const { return impl_->language(); }

namespace {

// A collection's own documentation is not one of its articles.
bool documentation(const fs::path& p) {
  std::string stem = p.stem().string();
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return stem == "README" || stem == "LICENSE" || stem == "LICENCE" || stem == "CHANGELOG" ||
         stem == "CONTRIBUTING";
}

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

// Every regular file under `input`, sorted so that runs are repeatable; hidden entries and
// unreadable folders are reported and skipped.
std::vector<fs::path> list_files(const fs::path& input, const IndexListener& listener,
                                 IndexReport& report) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(input, ec)) {
    files.push_back(input);
    return files;
  }
  auto skip_folder = [&](const fs::path& p, const std::string& why) {
    ++report.skipped;
    ++report.skipped_by_reason["unreadable folder"];
    if (listener) {
      listener(Skip{p.string(), "unreadable folder", why});
    }
  };
  fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    skip_folder(input, ec.message());
    return files;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      skip_folder(it->path(), ec.message());
      ec.clear();
      continue;
    }
    if (hidden(it->path())) {
      if (it->is_directory(ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(ec)) {
      continue;
    }
    if (documentation(it->path())) {
      ++report.skipped;
      ++report.skipped_by_reason["README/LICENSE file"];
      if (listener) {
        listener(Skip{it->path().string(), "README/LICENSE file", ""});
      }
      continue;
    }
    files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

IndexReport index_paths(const std::vector<fs::path>& inputs, const IndexOptions& options,
                        const IndexListener& listener) {
  const auto t0 = std::chrono::steady_clock::now();
  for (const fs::path& input : inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) {
      throw ConfigError("no such file or folder: '" + input.string() + "'");
    }
  }
  IndexWriter writer(options.db, options.language);
  IndexReport report;
  std::uint64_t pending = 0;
  for (const fs::path& given : inputs) {
    // Stored paths are absolute, so that a hit's path opens from wherever the search runs.
    const fs::path input = fs::absolute(given).lexically_normal();
    std::error_code ec;
    const bool is_file = fs::is_regular_file(input, ec);
    const fs::path root = is_file ? input.parent_path() : input;
    for (const fs::path& file : list_files(input, listener, report)) {
      ++report.files;
      const ReadResult r = read_file(
          file, root,
          [&](Article&& a) {
            try {
              writer.add(a);
              ++report.articles;
            } catch (const IndexError& e) {
              ++report.errors;
              if (listener) {
                listener(Skip{a.path, "write error", e.what()});
              }
            }
            if (++pending >= options.batch_size) {
              writer.commit();
              pending = 0;
            }
          },
          options.max_file_bytes);
      report.bytes += r.bytes;
      for (const Skip& s : r.skipped) {
        ++report.skipped;
        ++report.skipped_by_reason[s.reason];
        if (listener) {
          listener(s);
        }
      }
      for (const std::string& note : r.notes) {
        if (note.rfind("converted", 0) == 0) {
          ++report.converted;
        }
        if (listener) {
          listener(Skip{file.string(), "", note});
        }
      }
    }
  }
  writer.commit();
  report.total_articles = writer.article_count();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace folio
