// Fuzz target: synonyms files (parse_synonyms) and their keys in the synonym table
// (synonym_keys, split_synonym_key), as folio-index --synonyms reads them.
#include "folio/analyzer.h"
#include "folio/error.h"
#include "folio/synonyms.h"

#include "fuzz_support.h"
#include "store/synonym_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static folio::Analyzer analyzer("english");
  folio::SynonymFile file;
  try {
    file = folio::parse_synonyms(folio::fuzz::as_text(data, size), "fuzz.txt");
  } catch (const folio::ConfigError&) {
    return 0;
  }
  std::size_t line = 0;
  for (const folio::SynonymGroup& g : file.groups) {
    FUZZ_CHECK(g.entries.size() >= 2 && g.line > line);
    line = g.line;
    for (const std::string& e : g.entries) {
      FUZZ_CHECK(!e.empty() && e.front() != ' ' && e.back() != ' ');
    }
  }
  try {
    for (const std::vector<std::string>& keys : folio::synonym_keys(file, analyzer)) {
      for (const std::string& key : keys) {
        const folio::KeyTerms k = folio::split_synonym_key(key);
        FUZZ_CHECK(!k.terms.empty() && k.window >= k.terms.size());
      }
    }
  } catch (const folio::ConfigError&) {
  }
  return 0;
}
