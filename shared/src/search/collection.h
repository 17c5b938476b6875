// What a Searcher reads: one or more indexes ("shards"), local or served by xapian-tcpsrv, as
// one Xapian database, with time limits on the remote ones and a way to go on without them.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "folio/searcher.h"

namespace folio {

/// One shard a stub file lists: a local database, or a remote one (HOST:PORT, or a program).
struct StubShard {
  std::string name;                 ///< "remote 127.0.0.1:4001", or the path
  std::filesystem::path local;      ///< empty for a remote shard
  std::string host, program, args;  ///< remote: HOST:PORT or :PROGRAM ARGS
  unsigned port = 0;
};

/// The shards the text of a stub file lists, one a line: `auto PATH` (also glass, chert;
/// relative to `base`), `remote HOST:PORT` or `remote :PROGRAM ARGS`; blank lines and lines
/// starting with '#' are passed over. Throws IndexError naming `source` and the line for a
/// remote line without HOST:PORT or port number.
std::vector<StubShard> parse_stub(std::string_view stub, const std::filesystem::path& base,
                                  const std::string& source);

class Collection {
 public:
  /// Opens every source: a Folio index folder, a Xapian database, or a stub file whose lines
  /// are `auto PATH` (relative to the stub), `remote HOST:PORT` or `remote :PROGRAM ARGS`.
  /// Throws IndexError naming a source or shard that cannot be opened, unless
  /// `options.allow_partial` (then it is missing(), as long as one shard opens).
  Collection(std::vector<std::filesystem::path> sources, const SearcherOptions& options);

  /// A database given as it is (for tests: an in-memory one), named `name` in messages; it
  /// has no shards to follow, and refresh() only reopens it.
  Collection(const Xapian::Database& db, std::string name);

  /// All the shards that answer, as one database (Xapian merges their statistics, so scores
  /// are those of one index holding every article).
  const Xapian::Database& db() const { return db_; }
  /// Whether some shard is remote (the remote protocol has no spelling or synonym data, and
  /// runs only Xapian's own match spies).
  bool has_remote() const;
  /// The remote shards, answering or not ("remote HOST:PORT").
  std::vector<std::string> remote_names() const;
  /// The shards that did not answer and are left out ("remote HOST:PORT", or a path).
  std::vector<std::string> missing() const;
  /// The value of metadata `key` in the first shard that answers and has it, or else in the
  /// first database a local stub lists that has it (empty if none): indexes built apart keep
  /// their own stored-text dictionaries.
  std::string metadata(const std::string& key) const;
  /// Each source's generation when it was last opened, in the order given: N of an index
  /// folder's current `gen-N`, 0 for a database or a stub file (see generation_number()).
  const std::vector<std::uint64_t>& generations() const { return generations_; }
  /// The sources, for messages: "a" or "a, b".
  const std::string& name() const { return name_; }

  /// Follows the indexes: reopens them, or opens them afresh when a layout changed (a new
  /// generation) or after forget(); tries missing shards again every few seconds. Returns
  /// true when what db() reads changed.
  bool refresh();
  /// Another handle on db() for a thread of its own (Xapian's handles are not shared between
  /// threads): the i-th, kept and reopened as needed, reading exactly the revisions db() reads.
  /// Null when there is none: a remote shard, a database given as it is, an index that
  /// changed between the two opens (the next refresh() catches up), or an error opening it.
  const Xapian::Database* twin(std::size_t i);
  /// Makes the next refresh() open everything afresh.
  void forget() { signature_.clear(); }
  /// After a network error: asks each remote shard whether it answers (within the timeout).
  /// Without allow_partial, throws IndexError naming those that do not; with it, leaves them
  /// out (missing()) and returns, or throws when none would be left.
  void drop_silent_shards(const Xapian::Error& error);

 private:
  struct Shard : StubShard {
    Xapian::Database db;
    bool open = false;
    bool listed = false;  // named by a line of a stub that Folio read (not a source itself)
  };

  void open_all();
  void open_shard(Shard& s) const;
  void combine();
  std::string signature() const;

  std::vector<std::filesystem::path> sources_;
  SearcherOptions options_;
  std::string name_;
  std::vector<Shard> shards_;
  struct Twin {
    std::vector<Xapian::Database> shards;  // each open shard's other handle, in order
    Xapian::Database db;                   // them combined
  };
  std::vector<std::unique_ptr<Twin>> twins_;  // emptied whenever the shards db() combines change
  std::string signature_;
  std::vector<std::uint64_t> generations_;
  Xapian::Database db_;
  bool given_ = false;  // db_ was given as it is
  std::chrono::steady_clock::time_point last_retry_{};
};

}  // namespace folio
