// What a Searcher reads: one or more indexes, local or remote, as one Xapian database.
#include "search/collection.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "folio/error.h"

#include "store/database.h"
#include "store/index_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

constexpr auto kRetryMissing = std::chrono::seconds(5);  // how often a missing shard is tried
constexpr int kStubDepth = 3;  // stubs followed down by metadata(): folder, generation, shard

// The stub text of `source` when it names a remote shard (so that Folio opens its lines
// itself, with time limits), else empty.
std::string stub_with_remote(const fs::path& source) {
  std::string stub = layout_signature(source);
  std::istringstream lines(stub);
  std::string word;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream(line) >> word;
    if (word == "remote") {
      return stub;
    }
  }
  return {};
}

// The value of metadata `key` in the databases `path` stands for, one by one (down stubs to
// `depth` levels: an index folder's stub, its generation's shard stub), else empty.
std::string metadata_below(const fs::path& path, const std::string& key, int depth) {
  const std::string stub = layout_signature(path);
  if (stub.empty() || depth == 0) {
    try {
      return Xapian::Database(path.string()).get_metadata(key);
    } catch (const Xapian::DatabaseOpeningError&) {  // gone meanwhile: a new generation
      return {};
    }
  }
  const fs::path base = fs::is_directory(path) ? path : path.parent_path();
  std::istringstream lines(stub);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string kind, where;
    words >> kind >> where;
    if (kind == "auto" || kind == "glass") {
      const fs::path below = fs::path(where).is_absolute() ? fs::path(where) : base / where;
      if (std::string value = metadata_below(below, key, depth - 1); !value.empty()) {
        return value;
      }
    }
  }
  return {};
}

}  // namespace

std::vector<StubShard> parse_stub(std::string_view stub, const fs::path& base,
                                  const std::string& source) {
  std::vector<StubShard> out;
  std::istringstream lines{std::string(stub)};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string kind, where;
    words >> kind >> where;
    StubShard s;
    if (kind == "remote" && where.rfind(':', 0) == 0) {  // remote :PROGRAM ARGS
      s.program = where.substr(1);
      if (s.program.empty()) {  // "remote : x": else a shard with neither program nor host
        throw IndexError("stub '" + source + "': '" + line + "' names no program");
      }
      std::getline(words >> std::ws, s.args);
    } else if (kind == "remote") {  // remote HOST:PORT
      const auto colon = where.rfind(':');
      if (colon == std::string::npos || colon == 0) {
        throw IndexError("stub '" + source + "': '" + line + "' is not HOST:PORT");
      }
      s.host = where.substr(0, colon);
      // Digits only, 1 to 65535: std::stoul took "-1" and ports past 65535, which wrapped
      // round to other ports in the cast to unsigned.
      const std::string_view port = std::string_view(where).substr(colon + 1);
      const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), s.port);
      if (ec != std::errc() || end != port.data() + port.size() || s.port == 0 || s.port > 65535) {
        throw IndexError("stub '" + source + "': '" + line + "' has no port number");
      }
    } else if (!kind.empty() && kind[0] != '#') {  // auto, glass, chert: a local database
      s.local = fs::path(where).is_absolute() ? fs::path(where) : base / where;
    } else {
      continue;
    }
    // A remote shard is named by its stub line: HOST:PORT, or the program and its arguments
    // (two shards served by one program differ only there).
    s.name = !s.local.empty()    ? s.local.string()
             : s.program.empty() ? "remote " + where
                                 : "remote :" + s.program + (s.args.empty() ? "" : " " + s.args);
    out.push_back(std::move(s));
  }
  return out;
}

Collection::Collection(std::vector<fs::path> sources, const SearcherOptions& options)
    : sources_(std::move(sources)), options_(options) {
  for (const fs::path& s : sources_) {
    name_ += (name_.empty() ? "" : ", ") + s.string();
  }
  open_all();
}

Collection::Collection(const Xapian::Database& db, std::string name)
    : name_(std::move(name)), db_(db), given_(true) {}

void Collection::open_all() {
  shards_.clear();
  for (const fs::path& source : sources_) {
    const std::string stub = stub_with_remote(source);
    if (stub.empty()) {
      Shard s;
      s.name = source.string();
      s.local = source;
      shards_.push_back(std::move(s));
      continue;
    }
    const fs::path base = fs::is_directory(source) ? source : source.parent_path();
    for (StubShard& listed : parse_stub(stub, base, source.string())) {
      Shard s;
      static_cast<StubShard&>(s) = std::move(listed);
      s.listed = true;
      shards_.push_back(std::move(s));
    }
  }
  for (Shard& s : shards_) {
    try {
      open_shard(s);
    } catch (const IndexError&) {
      if (!options_.allow_partial || !s.local.empty()) {
        throw;
      }
    }
  }
  if (missing().size() == shards_.size()) {
    throw IndexError("no shard of " + name_ + " answered");
  }
  last_retry_ = std::chrono::steady_clock::now();
  signature_ = signature();
  generations_.clear();
  for (const fs::path& source : sources_) {
    std::error_code ec;
    generations_.push_back(
        fs::is_directory(source, ec) ? generation_number(layout_signature(source)) : 0);
  }
  combine();
}

void Collection::open_shard(Shard& s) const {
  s.open = false;
  if (!s.local.empty()) {
    s.db = open_for_reading(s.local);
    s.open = true;
    return;
  }
  const auto timeout = static_cast<useconds_t>(options_.timeout.count());
  try {
    s.db = s.program.empty() ? Xapian::Remote::open(s.host, s.port, timeout, timeout)
                             : Xapian::Remote::open(s.program, s.args, timeout);
    check_schema(s.db, s.name);
  } catch (const Xapian::Error& e) {
    throw IndexError("shard " + s.name + " did not answer within " +
                     std::to_string(options_.timeout.count()) + " ms: " + e.get_description());
  }
  s.open = true;
}

std::vector<std::string> Collection::missing() const {
  std::vector<std::string> out;
  for (const Shard& s : shards_) {
    if (!s.open) {
      out.push_back(s.name);
    }
  }
  return out;
}

bool Collection::has_remote() const {  // asked on every search: no list built
  return std::any_of(shards_.begin(), shards_.end(),
                     [](const Shard& s) { return s.local.empty(); });
}

std::vector<std::string> Collection::remote_names() const {
  std::vector<std::string> out;
  for (const Shard& s : shards_) {
    if (s.local.empty()) {
      out.push_back(s.name);
    }
  }
  return out;
}

std::string Collection::metadata(const std::string& key) const {
  if (given_) {
    return db_.get_metadata(key);
  }
  for (const Shard& s : shards_) {
    if (s.open) {
      if (std::string value = s.db.get_metadata(key); !value.empty()) {
        return value;
      }
    }
  }
  // Xapian reads the metadata of a stub's first database only: ask each database below the
  // local ones (hand-made shards indexed apart keep their own dictionaries; a shard of one index
  // may have a new one before the others during a run).
  for (const Shard& s : shards_) {
    if (s.open && !s.local.empty()) {
      if (std::string value = metadata_below(s.local, key, kStubDepth); !value.empty()) {
        return value;
      }
    }
  }
  return {};
}

void Collection::combine() {
  twins_.clear();
  db_ = Xapian::Database();
  for (const Shard& s : shards_) {
    if (s.open) {
      db_.add_database(s.db);
    }
  }
}

std::string Collection::signature() const {
  std::string sig;
  for (const fs::path& source : sources_) {
    sig += layout_signature(source) + '\n';
  }
  for (const Shard& s : shards_) {
    if (s.listed && !s.local.empty()) {
      sig += layout_signature(s.local) + '\n';
    }
  }
  return sig;
}

bool Collection::refresh() {
  if (given_) {
    return db_.reopen();
  }
  if (signature_.empty() || signature() != signature_) {
    open_all();
    return true;
  }
  bool changed = false;
  if (std::chrono::steady_clock::now() - last_retry_ >= kRetryMissing) {
    last_retry_ = std::chrono::steady_clock::now();
    for (Shard& s : shards_) {
      if (!s.open) {
        try {
          open_shard(s);
          changed = true;
        } catch (const IndexError&) {  // still missing
        }
      }
    }
    if (changed) {
      combine();
    }
  }
  return db_.reopen() || changed;
}

namespace {

// Whether two handles on one database read the same revision. A stub of several databases
// has no revision in Xapian 1.4: then its counts and uuid stand in for it.
bool same_revision(const Xapian::Database& a, const Xapian::Database& b) {
  if (a.size() == 1 && b.size() == 1) {
    return a.get_revision() == b.get_revision() && a.get_uuid() == b.get_uuid();
  }
  return a.get_uuid() == b.get_uuid() && a.get_doccount() == b.get_doccount() &&
         a.get_lastdocid() == b.get_lastdocid() && a.get_total_length() == b.get_total_length();
}

}  // namespace

const Xapian::Database* Collection::twin(std::size_t i) {
  if (given_ || has_remote()) {
    return nullptr;
  }
  while (twins_.size() <= i) {  // (each apart: the handles given out stay where they are)
    twins_.push_back(std::make_unique<Twin>());
  }
  Twin& t = *twins_[i];
  try {
    if (t.shards.empty()) {
      for (const Shard& s : shards_) {
        if (s.open) {
          t.shards.push_back(open_for_reading(s.local));
          t.db.add_database(t.shards.back());
        }
      }
    } else {
      t.db.reopen();  // (its shards share what it reopens)
    }
    std::size_t k = 0;
    for (const Shard& s : shards_) {
      if (s.open && (k >= t.shards.size() || !same_revision(s.db, t.shards[k++]))) {
        t = Twin{};  // the index moved on between the opens: open afresh next time
        return nullptr;
      }
    }
  } catch (const Xapian::Error&) {  // (the search itself says what is wrong)
    t = Twin{};
    return nullptr;
  } catch (const IndexError&) {
    t = Twin{};
    return nullptr;
  }
  return &t.db;
}

void Collection::drop_silent_shards(const Xapian::Error& error) {
  std::vector<std::string> silent;
  for (Shard& s : shards_) {
    if (s.open && s.local.empty()) {
      try {
        s.db.keep_alive();
      } catch (const Xapian::Error&) {
        silent.push_back(s.name);
        s.open = false;
      }
    }
  }
  std::string names;
  for (const std::string& n : silent) {
    names += (names.empty() ? "" : ", ") + n;
  }
  const std::string limit = " within " + std::to_string(options_.timeout.count()) + " ms";
  if (silent.empty()) {
    throw IndexError("searching " + name_ + " failed: " + error.get_description());
  }
  if (!options_.allow_partial || missing().size() == shards_.size()) {
    throw IndexError("shard " + names + " did not answer" + limit + " (" + error.get_description() +
                     ")" + (options_.allow_partial ? "" : "; --allow-partial searches the others"));
  }
  last_retry_ = std::chrono::steady_clock::now();
  combine();
}

}  // namespace folio
