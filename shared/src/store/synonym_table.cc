// Synonyms in a Xapian index: how entries become keys of its synonym table, and storing them.
#include "store/synonym_table.h"

#include <algorithm>

#include "folio/error.h"

namespace folio {

std::string synonym_key(const std::vector<Token>& tokens) {
  std::string key;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) {
      key.append(std::max<std::uint32_t>(1, tokens[i].position - tokens[i - 1].position), ' ');
    }
    key += tokens[i].term;
  }
  return key;
}

KeyTerms split_synonym_key(std::string_view key) {
  KeyTerms out;
  Xapian::termcount slots = 0;  // one a position: a term, or an empty slot for a stopword
  std::size_t i = 0;
  while (true) {
    const std::size_t space = key.find(' ', i);
    const std::string_view slot =
        key.substr(i, space == std::string_view::npos ? key.npos : space - i);
    ++slots;
    if (!slot.empty()) {
      out.terms.emplace_back(slot);
    }
    if (space == std::string_view::npos) {
      break;
    }
    i = space + 1;
  }
  out.window = out.terms.size() <= 1 ? 1 : slots;
  return out;
}

std::vector<std::vector<std::string>> synonym_keys(const SynonymFile& file, Analyzer& analyzer) {
  std::vector<std::vector<std::string>> groups;
  std::vector<Token> tokens;
  for (const SynonymGroup& g : file.groups) {
    std::vector<std::string> keys;
    for (const std::string& entry : g.entries) {
      tokens.clear();
      analyzer.analyze(entry, tokens);
      std::string key = synonym_key(tokens);
      if (key.empty()) {
        throw ConfigError("synonyms file '" + file.name + "', line " + std::to_string(g.line) +
                          ": '" + entry + "' has no searchable word");
      }
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(std::move(key));
      }
    }
    if (keys.size() > 1) {  // "UK, U.K." analyse alike: nothing to expand
      groups.push_back(std::move(keys));
    }
  }
  return groups;
}

void store_synonyms(Xapian::WritableDatabase& db,
                    const std::vector<std::vector<std::string>>& groups) {
  std::vector<std::string> old(db.synonym_keys_begin(), db.synonym_keys_end());
  for (const std::string& key : old) {
    db.clear_synonyms(key);
  }
  for (const auto& keys : groups) {
    for (const std::string& key : keys) {
      for (const std::string& other : keys) {
        if (other != key) {
          db.add_synonym(key, other);
        }
      }
    }
  }
}

void copy_synonyms(const Xapian::Database& from, Xapian::WritableDatabase& to) {
  for (auto k = from.synonym_keys_begin(); k != from.synonym_keys_end(); ++k) {
    const std::string key = *k;
    for (auto s = from.synonyms_begin(key); s != from.synonyms_end(key); ++s) {
      to.add_synonym(key, *s);
    }
  }
}

}  // namespace folio
