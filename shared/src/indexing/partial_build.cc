// A bulk build between its runs: its record, its scratch databases, and continuing it.
#include "indexing/partial_build.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "folio/error.h"

#include "store/document.h"
#include "store/schema.h"
#include "text/article_language.h"

namespace folio {
namespace fs = std::filesystem;
namespace {

constexpr const char* kRecord = "BUILD";

// The run number and the rest of a scratch database's name ("r12-s0-w1" -> 12, "s0-w1").
bool parse_name(const std::string& name, unsigned& run, std::string& rest) {
  if (name.size() < 2 || name[0] != 'r') {
    return false;
  }
  const char* end = name.data() + name.size();
  const auto [p, ec] = std::from_chars(name.data() + 1, end, run);
  if (ec != std::errc() || p == end || *p != '-') {
    return false;
  }
  rest.assign(p + 1, end);
  return true;
}

}  // namespace

std::optional<PartialBuild> PartialBuild::find(const IndexDir& dir) {
  PartialBuild b(dir.partial());
  std::ifstream in(b.folder_ / kRecord);
  std::string key;
  bool language = false;
  bool shards = false;
  while (in >> key) {
    if (key == "language") {
      language = static_cast<bool>(in >> b.language_);
    } else if (key == "shards") {
      shards = static_cast<bool>(in >> b.shards_) && b.shards_ > 0;
    } else if (key == "pairs") {
      in >> b.pairs_;
    }
  }
  if (!language || !shards) {
    return std::nullopt;  // none, or a record cut short: the build cannot be trusted
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(b.folder_, ec)) {
    unsigned run = 0;
    std::string rest;
    if (parse_name(entry.path().filename().string(), run, rest)) {
      b.run_ = std::max(b.run_, run + 1);
    }
  }
  return b;
}

PartialBuild PartialBuild::start(const IndexDir& dir, const std::string& language, unsigned shards,
                                 bool pairs) {
  PartialBuild b(dir.partial());
  b.discard();
  b.language_ = language;
  b.shards_ = shards;
  b.pairs_ = pairs;
  std::error_code ec;
  fs::create_directories(b.folder_, ec);
  const fs::path tmp = b.folder_ / (std::string(kRecord) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << "language " << language << "\nshards " << shards << "\npairs " << (pairs ? 1 : 0)
        << '\n';
    out.flush();
    if (!out) {
      throw IndexError("cannot write '" + tmp.string() + "'");
    }
  }
  fs::rename(tmp, b.folder_ / kRecord, ec);
  if (ec) {
    throw IndexError("cannot write '" + (b.folder_ / kRecord).string() + "': " + ec.message());
  }
  return b;
}

fs::path PartialBuild::scratch(unsigned run, unsigned shard, unsigned worker) const {
  return folder_ /
         ("r" + std::to_string(run) + "-s" + std::to_string(shard) + "-w" + std::to_string(worker));
}

fs::path PartialBuild::late(unsigned run) const {
  return folder_ / ("r" + std::to_string(run) + "-late");
}

std::vector<PartialBuild::Earlier> PartialBuild::earlier() const {
  std::vector<std::pair<unsigned, Earlier>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    unsigned run = 0;
    std::string rest;
    if (!entry.is_directory(ec) || !parse_name(entry.path().filename().string(), run, rest) ||
        run >= run_) {
      continue;
    }
    if (rest == "late") {
      found.emplace_back(run, Earlier{entry.path(), std::nullopt});
      continue;
    }
    unsigned shard = 0;
    const auto [p, e] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), shard);
    if (rest.starts_with('s') && e == std::errc() && shard < shards_) {
      found.emplace_back(run, Earlier{entry.path(), shard});
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.path < b.second.path;
  });
  std::vector<Earlier> out;
  for (auto& [run, e] : found) {
    out.push_back(std::move(e));
  }
  return out;
}

void PartialBuild::discard() const {
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

Manifest resume_build(ShardWriter& writer, const Sources& sources) {
  std::unordered_map<std::string, const Source*> present;
  for (const Source& s : sources.files) {
    present.emplace(s.key, &s);
  }
  // The files completed: recorded in a shard 0 database, and still as recorded. Other entries
  // go: the file is redone.
  Manifest done;
  const std::string file_prefix(schema::kMetaFilePrefix);
  for (ShardWriter::Earlier& e : writer.earlier()) {
    if (e.shard != 0U) {
      continue;
    }
    std::vector<std::string> stale;
    for (auto k = e.db.metadata_keys_begin(file_prefix); k != e.db.metadata_keys_end(file_prefix);
         ++k) {
      schema::FileRecord r;
      const auto s = present.find((*k).substr(file_prefix.size()));
      if (schema::decode_manifest(e.db.get_metadata(*k), r) && s != present.end() &&
          Manifest::unchanged(*s->second, r)) {
        done.add(s->first, std::move(r));
      } else {
        stale.push_back(*k);
      }
    }
    for (const std::string& key : stale) {
      e.db.set_metadata(key, "");
    }
  }
  // The articles of the other files go too, in every database, except a JSON Lines file's:
  // its lines are compared one by one with the file (its manifest entry comes after them).
  const std::string source_prefix(schema::kPrefixSource);
  text::Analyzers analyzers;
  for (ShardWriter::Earlier& e : writer.earlier()) {
    std::vector<std::string> redo;
    for (auto t = e.db.allterms_begin(source_prefix); t != e.db.allterms_end(source_prefix); ++t) {
      const auto s = present.find((*t).substr(source_prefix.size()));
      if (s == present.end() ||
          (done.find(s->first) == nullptr && s->second->kind != FileKind::kJsonl)) {
        redo.push_back(*t);
      }
    }
    for (const std::string& term : redo) {
      delete_unwritten(e.db, term, analyzers);
    }
    e.db.commit();
  }
  writer.know_earlier_ids();
  return done;
}

}  // namespace folio
