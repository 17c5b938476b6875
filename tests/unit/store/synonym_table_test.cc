// Tests of synonym-table keys: entries analysed like article text.
#include "store/synonym_table.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/error.h"
#include "folio/synonyms.h"

namespace folio {
namespace {

using Strings = std::vector<std::string>;

TEST(SynonymKeyTest, EntriesAreAnalysedIntoKeys) {
  Analyzer analyzer;
  const SynonymFile f = parse_synonyms(
      "UK, U.K., United Kingdom, Britain\nBank of England, BoE\nUSA, U.S.A.\n", "syn.txt");
  const auto groups = synonym_keys(f, analyzer);
  // "UK" and "U.K." analyse alike; a group left with one key ("USA, U.S.A.") is dropped.
  ASSERT_EQ(groups.size(), 2U);
  EXPECT_EQ(groups[0], (Strings{"uk", "unit kingdom", "britain"}));
  EXPECT_EQ(groups[1], (Strings{"bank  england", "boe"}));
  const KeyTerms bank = split_synonym_key("bank  england");
  EXPECT_EQ(bank.terms, (Strings{"bank", "england"}));
  EXPECT_EQ(bank.window, 3U);
  EXPECT_EQ(split_synonym_key("uk").window, 1U);
}

TEST(SynonymKeyTest, AnEntryOfStopwordsIsAnErrorNamingFileAndLine) {
  Analyzer analyzer;
  const SynonymFile f = parse_synonyms("UK, Britain\nthe, it\n", "syn.txt");
  try {
    synonym_keys(f, analyzer);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'syn.txt', line 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace folio
