// Tests of the spelling journal (journal_spelling(), fold_spelling_journal()) and of deleting
// articles that were never part of an index (delete_unwritten()).
#include "store/document.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/error.h"

#include "store/database.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

// How often `word` is recorded in the spelling data (0 when it is not).
Xapian::termcount frequency(const Xapian::Database& db, const std::string& word) {
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(word);
  return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

std::size_t journal_entries(const Xapian::Database& db) {
  std::size_t n = 0;
  const std::string prefix(schema::kMetaSpellingPrefix);
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    ++n;
  }
  return n;
}

class SpellingJournalTest : public ::testing::Test {
 protected:
  Xapian::WritableDatabase create(const std::string& name) const {
    return create_generation(dir_.path() / name, "en");
  }
  testing::TempDir dir_;
};

TEST_F(SpellingJournalTest, EntriesWaitInTheMetadataUntilFoldedAndAreFoldedOnce) {
  Xapian::WritableDatabase db = create("db");
  WordCounts batch{{"harbour", 2}, {"ferry", 1}};
  journal_spelling(db, batch);
  EXPECT_TRUE(batch.empty());
  WordCounts more{{"harbour", 3}};
  journal_spelling(db, more);
  db.commit();
  EXPECT_EQ(frequency(db, "harbour"), 0U) << "the spelling table is not written yet";
  EXPECT_EQ(journal_entries(db), 2U);

  std::vector<Xapian::WritableDatabase> shards{db};
  EXPECT_EQ(fold_spelling_journal(shards), 2U);
  EXPECT_EQ(frequency(db, "harbour"), 5U);
  EXPECT_EQ(frequency(db, "ferry"), 1U);
  EXPECT_EQ(journal_entries(db), 0U);
  EXPECT_EQ(fold_spelling_journal(shards), 0U);
  EXPECT_EQ(frequency(db, "harbour"), 5U) << "folding again changes nothing";
}

TEST_F(SpellingJournalTest, JournalsOfSeveralDatabasesSurviveTheirCompactionIntoOne) {
  Xapian::Database all;
  for (const char* name : {"a", "b"}) {
    Xapian::WritableDatabase db = create(name);
    WordCounts words{{"lighthouse", 4}};
    journal_spelling(db, words);
    db.commit();
    all.add_database(db);
  }
  const std::string merged_path = (dir_.path() / "merged").string();
  all.compact(merged_path);
  std::vector<Xapian::WritableDatabase> merged{
      Xapian::WritableDatabase(merged_path, Xapian::DB_OPEN)};
  EXPECT_EQ(fold_spelling_journal(merged), 2U);
  EXPECT_EQ(frequency(merged[0], "lighthouse"), 8U);
}

TEST_F(SpellingJournalTest, EveryShardsEntriesGoToShardZeroAndRemovalsComeAfterAdditions) {
  std::vector<Xapian::WritableDatabase> shards{create("s0"), create("s1")};
  WordCounts removal{{"bridge", 2}};
  journal_spelling(shards[1], removal, /*removal=*/true);
  WordCounts added{{"bridge", 3}, {"tunnel", 1}};
  journal_spelling(shards[1], added);
  EXPECT_EQ(fold_spelling_journal(shards), 2U);
  EXPECT_EQ(frequency(shards[0], "bridge"), 1U);
  EXPECT_EQ(frequency(shards[0], "tunnel"), 1U);
  EXPECT_EQ(frequency(shards[1], "bridge"), 0U);
  EXPECT_EQ(journal_entries(shards[1]), 0U);
}

TEST_F(SpellingJournalTest, ACorruptEntryIsAnErrorNamingIt) {
  std::vector<Xapian::WritableDatabase> shards{create("db")};
  shards[0].set_metadata(std::string(schema::kMetaSpellingPrefix) + "bad", "not zstd");
  try {
    fold_spelling_journal(shards);
    FAIL() << "no error";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("folio.spelling:bad"), std::string::npos) << e.what();
  }
}

TEST_F(SpellingJournalTest, DeletingUnwrittenArticlesTakesTheirWordsBackOut) {
  Xapian::WritableDatabase db = create("db");
  text::Analyzers analyzers;
  std::vector<Token> scratch;
  WordCounts words;
  for (const char* id : {"a", "b"}) {
    Article a;
    a.id = id;
    a.title = "Harbour news";
    a.body = std::string("The ferry ") + (id[0] == 'a' ? "sailed" : "waited") + " at dawn.";
    a.language = "en";
    db.add_document(make_document(a, "file-" + std::string(id), "hash", analyzers.by_code("en"),
                                  scratch, &words));
  }
  journal_spelling(db, words);
  EXPECT_EQ(delete_unwritten(db, schema::id_term("a"), analyzers), 1U);
  EXPECT_EQ(delete_unwritten(db, schema::id_term("missing"), analyzers), 0U);
  std::vector<Xapian::WritableDatabase> shards{db};
  fold_spelling_journal(shards);
  EXPECT_EQ(db.get_doccount(), 1U);
  EXPECT_EQ(frequency(db, "harbour"), 1U);
  EXPECT_EQ(frequency(db, "waited"), 1U);
  EXPECT_EQ(frequency(db, "sailed"), 0U) << "only article a had it";
}

// Each two neighbouring indexed words of the body make a pair term (schema::pair_term()),
// stopwords left out as they are from the body's terms; the title makes none, and no pair spans
// the title and the body.
TEST(MakeDocumentTest, TheBodysNeighbouringWordsMakePairTerms) {
  Analyzer english;
  std::vector<Token> scratch;
  Article a;
  a.id = "solar";
  a.title = "Sunny outlook";
  a.body = "The state of the art in solar power: solar power plants.";
  const Xapian::Document doc = make_document(a, "file", "hash", english, scratch);
  std::map<std::string, Xapian::termcount> pairs;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t).rfind(schema::kPrefixPair, 0) == 0) {
      pairs[(*t).substr(schema::kPrefixPair.size())] = t.get_wdf();
      EXPECT_EQ(t.positionlist_count(), 0U) << *t << ": pairs keep no positions";
    }
  }
  EXPECT_EQ(pairs, (std::map<std::string, Xapian::termcount>{{"state art", 1},
                                                             {"art solar", 1},
                                                             {"solar power", 2},
                                                             {"power solar", 1},
                                                             {"power plant", 1}}));
}

}  // namespace
}  // namespace folio
