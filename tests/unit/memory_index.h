// An index in memory (Xapian's DB_BACKEND_INMEMORY), written with IndexWriter and searched with
// Searcher exactly as an index folder would be, for module tests that need no disk. It has no
// spelling or synonym tables (the backend lacks them): tests of those use a folder.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/index_writer.h"
#include "folio/searcher.h"

#include "indexing/index_writer_impl.h"
#include "search/searcher_impl.h"

namespace folio::testing {

class MemoryIndex {
 public:
  explicit MemoryIndex(const std::string& language = "english")
      : db_(std::string(), Xapian::DB_BACKEND_INMEMORY),
        writer_(index_writer_over(db_, language)) {}

  IndexWriter& writer() { return writer_; }
  /// A Searcher of the index: it sees each commit() of writer().
  Searcher searcher() { return searcher_over(db_); }
  /// The database itself, to look at what the schema stores.
  Xapian::WritableDatabase& db() { return db_; }

 private:
  Xapian::WritableDatabase db_;
  IndexWriter writer_;
};

/// A fixture over a MemoryIndex: SetUp() adds articles with index_.writer() and commits.
class MemoryIndexTest : public ::testing::Test {
 protected:
  SearchResults search(const SearchRequest& r) { return index_.searcher().search(r); }

  MemoryIndex index_;
};

}  // namespace folio::testing
